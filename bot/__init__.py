"""bundletrip: plan feasible Singapore trips by chat."""
