"""Makes ``--dist loadgroup`` group again: tests marked ``xdist_group(name)`` run on one worker.

pytest 9.2 keeps a node's id in a structured ``Node._id``; pytest-xdist 3.8 still appends the
group to the old ``_nodeid`` field, which pytest no longer reads — so every ``xdist_group`` mark
is silently ignored and, say, the tests that start bot processes run side by side on all
workers (pytest-dev/pytest-xdist#1386). This hook writes the suffix where pytest reads it, as
the proposed fix (pytest-dev/pytest-xdist#1388) does; it does nothing once xdist has done so.
``tests/unit/test_xdist_groups.py`` fails if grouping stops working again.
"""

from __future__ import annotations

import pytest

try:
    from _pytest.nodeid import NodeId
except ImportError:  # pytest before 9.2: pytest-xdist's own suffix works
    NodeId = None  # type: ignore[assignment,misc]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if NodeId is None or not getattr(config.option, "loadgroup", False):
        return  # not an xdist worker of a `--dist loadgroup` run
    for item in items:
        names = sorted({_group_name(mark) for mark in item.iter_markers("xdist_group")})
        suffix = "@" + "_".join(names)
        if names and not item.nodeid.endswith(suffix):
            # The whole "name[params]@group" as the last name, so the id reads the same however
            # pytest renders it (a parsed id with params would gain a closing bracket).
            item._id = NodeId(path=item._id.path, names=(*item._id.names[:-1], item.name + suffix))


def _group_name(mark: pytest.Mark) -> str:
    return str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
