"""``--dist loadgroup`` really groups: the tests of one ``xdist_group`` run on one worker.

The suite relies on it (the tests that start processes run one at a time, the Redis Cluster
tests on one worker); pytest-xdist's grouping once stopped silently under a new pytest, so this
runs a small grouped suite on two workers and checks where each test ran.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SUPPORT = Path(__file__).resolve().parents[1] / "support"
GROUPED = """
import os
from pathlib import Path

import pytest


@pytest.mark.xdist_group("together")
@pytest.mark.parametrize("n", range(6))
def test_grouped(n: int) -> None:
    Path(os.environ["RECORD_DIR"], f"grouped-{n}").write_text(os.environ["PYTEST_XDIST_WORKER"])


@pytest.mark.parametrize("n", range(6))
def test_free(n: int) -> None:
    pass
"""


def test_tests_of_one_xdist_group_run_on_one_worker(tmp_path: Path) -> None:
    suite, record = tmp_path / "suite", tmp_path / "record"
    suite.mkdir()
    record.mkdir()
    (suite / "test_grouped.py").write_text(GROUPED, encoding="utf-8")
    # The hook module is loaded on its own (the package ``tests.support`` would import the
    # stand-ins, discord.py and the bot in each of the three processes), and only pytest-xdist
    # of the installed plugins: this checks xdist's grouping with the suite's hook, nothing else.
    env = {**os.environ, "RECORD_DIR": str(record), "PYTHONPATH": str(SUPPORT),
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # fmt: skip
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_ADDOPTS", None)  # the outer run's options (its plugins) are not the inner's
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "xdist.plugin", "-p", "no:cacheprovider",
         "-p", "xdist_groups", "-n", "2", "--dist", "loadgroup", "--rootdir", str(suite),
         "-c", os.devnull, str(suite)],
        cwd=suite, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    workers = {p.read_text() for p in record.iterdir()}
    assert len(list(record.iterdir())) == 6
    assert len(workers) == 1, workers
