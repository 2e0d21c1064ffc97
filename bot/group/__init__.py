"""Group trips: every member's wishes, a merged request the planner can serve fairly, the ledger.

Modules, one concern each:

* :mod:`bot.group.ledger`   — the stored values: members and their wishes (part of the trip state);
* :mod:`bot.group.wishes`   — reading one member's wishes from their own words (the one place that
  calls the intake parser for groups);
* :mod:`bot.group.fairness` — the merged request, balanced dropping when not everything fits, and
  what the plan does for each member;
* :mod:`bot.group.money`    — cost per member (own ticket category, present days, shared taxis);
* :mod:`bot.group.render`   — the ledger, the fairness lines and ``/split`` as text (en / ko);
* :mod:`bot.group.commands` — ``/group`` and ``/split``, and the hook the conversation calls.
"""
