"""A process forked from the zygote behaves as one started with :class:`subprocess.Popen`: the same
exit codes and signal deaths, only the environment, working directory, arguments and streams it
was given, default signal handling, its own random numbers, and nothing left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.support.processes import DEVNULL, PIPE, Process, bot_env, start
from tests.support.zygote import Zygote

# On the worker that runs the other process-starting tests: its zygote is started once.
pytestmark = pytest.mark.xdist_group("spawned-processes")
MODES = [pytest.param(False, id="forked"), pytest.param(True, id="exec")]
SLEEP = "import time; print('up', flush=True); time.sleep(600)"


@pytest.fixture(autouse=True)
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the zygote: they fork even in a BUNDLETRIP_TEST_SPAWN=exec run."""
    monkeypatch.delenv("BUNDLETRIP_TEST_SPAWN", raising=False)


def _up(code: str, cold: bool, **env: str) -> Process:
    """Start ``code``; return once it printed its first line."""
    process = start(code, env=bot_env(**env), stdout=PIPE, text=True, cold=cold)
    assert process.stdout is not None and process.stdout.readline() == "up\n"
    return process


@pytest.mark.parametrize("cold", MODES)
@pytest.mark.parametrize(
    ("code", "expected"),
    [("pass", 0), ("raise SystemExit(3)", 3), ("raise SystemExit('bye')", 1),
     ("raise ValueError('boom')", 1), ("import os; os._exit(7)", 7)],
)  # fmt: skip
def test_exit_codes_are_those_of_a_new_interpreter(code: str, expected: int, cold: bool) -> None:
    process = start(code, env=bot_env(), stderr=PIPE, cold=cold)
    _, err = process.communicate(timeout=60)
    assert process.returncode == expected
    assert (b"ValueError: boom" in err) == ("boom" in code)
    assert (err.strip() == b"bye") == ("bye" in code)


@pytest.mark.parametrize("cold", MODES)
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_signals_end_it_as_they_end_a_new_interpreter(sig: signal.Signals, cold: bool) -> None:
    process = _up(SLEEP, cold)
    process.send_signal(sig)
    assert process.wait(timeout=60) == -sig
    assert process.poll() == -sig
    process.kill()  # a no-op once it has ended, as with Popen


def test_a_forked_process_takes_sigint_as_a_keyboard_interrupt() -> None:
    """As a Python started from a shell does (a new interpreter started by an xdist worker
    inherits the worker's ignored SIGINT instead)."""
    process = _up(SLEEP, cold=False)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == -signal.SIGINT  # Python re-raises it as a death by SIGINT


@pytest.mark.parametrize("cold", MODES)
def test_wait_times_out_like_popen(cold: bool) -> None:
    process = _up(SLEEP, cold)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=0.05)
        assert process.poll() is None
    finally:
        process.terminate()
        assert process.wait(timeout=60) == -signal.SIGTERM


REPORT = """
import json, os, random, signal, sys
json.dump({
    "argv": sys.argv, "cwd": os.getcwd(), "env": dict(os.environ), "stdin": sys.stdin.read(),
    "fds": sorted(int(fd) for fd in os.listdir("/proc/self/fd")),
    "sigterm": str(signal.getsignal(signal.SIGTERM)),
    "random": random.random(), "main": __name__, "encoding": sys.stdout.encoding,
}, sys.stdout)
"""


@pytest.mark.parametrize("cold", MODES)
def test_it_has_only_what_it_was_given(cold: bool, tmp_path: Path) -> None:
    env = bot_env(ONLY_HERE="yes")
    runs = []
    for _ in range(2):
        process = start(REPORT, "a b", "c", env=env, cwd=tmp_path, stdout=PIPE, cold=cold)
        out, _ = process.communicate(timeout=60)
        assert process.returncode == 0
        runs.append(json.loads(out))
    seen = runs[0]
    assert seen["argv"] == ["-c", "a b", "c"]
    assert seen["cwd"] == str(tmp_path)
    # the interpreter may add LC_CTYPE (PEP 538) when no locale is set; nothing else
    assert {k: v for k, v in seen["env"].items() if k != "LC_CTYPE"} == env
    assert seen["stdin"] == ""  # /dev/null
    assert seen["fds"][:3] == [0, 1, 2] and len(seen["fds"]) == 4  # and the listing's own
    assert seen["sigterm"] == str(signal.SIG_DFL)
    assert seen["main"] == "__main__" and seen["encoding"] == "utf-8"
    assert runs[0]["random"] != runs[1]["random"]


@pytest.mark.parametrize("cold", MODES)
def test_stdin_and_output_go_where_asked(cold: bool, tmp_path: Path) -> None:
    code = "import sys, logging; logging.basicConfig(); logging.warning(sys.stdin.read())"
    process = start(code, env=bot_env(), stdin=PIPE, stdout=DEVNULL, stderr=PIPE, cold=cold)
    out, err = process.communicate(b"hello", timeout=60)
    assert (out, err, process.returncode) == (None, b"WARNING:root:hello\n", 0)
    with (tmp_path / "log").open("ab") as log:
        process = start("print('to the file')", env=bot_env(), stdout=log, cold=cold)
    assert process.wait(timeout=60) == 0
    assert (tmp_path / "log").read_text() == "to the file\n"


SPAWNED_POOL = """
import multiprocessing, sys
from concurrent.futures import ProcessPoolExecutor
if __name__ == "__main__":
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        print(sum(pool.map(abs, [-1, -2, 3])))
"""


def test_a_spawn_context_process_pool_works_in_a_forked_process() -> None:
    process = start(SPAWNED_POOL, env=bot_env(), stdout=PIPE, stderr=PIPE, text=True)
    out, err = process.communicate(timeout=120)
    assert (process.returncode, out) == (0, "6\n"), err


def test_a_process_with_another_hash_seed_gets_a_new_interpreter() -> None:
    code = "print(hash('bundletrip'))"
    seen = set()
    for _ in range(2):
        process = start(code, env=bot_env(PYTHONHASHSEED="7"), stdout=PIPE, text=True)
        seen.add(process.communicate(timeout=60)[0])
        assert not hasattr(process, "_status")  # a Popen, not a forked process
    assert len(seen) == 1  # the seed was honoured: the same hash twice


def test_a_closed_zygote_leaves_no_process_behind() -> None:
    zygote = Zygote(preload=False)  # a zygote of its own; the bot's imports are beside the point
    read, write = os.pipe()
    try:
        request = {"code": SLEEP, "args": [], "cwd": "/", "env": bot_env()}
        null = os.open(os.devnull, os.O_RDWR)
        pid = zygote.fork(request, [null, null, null], write)
        os.close(null)
    finally:
        os.close(write)
    zygote.close()
    assert zygote.process.returncode == 0
    assert os.read(read, 64) == f"{int(signal.SIGKILL)}\n".encode()  # its status: killed
    os.close(read)
    assert not _exists(pid)  # killed and reaped before the zygote exited


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
