"""A fork server ("zygote") for the tests' bot processes: imports the bot once, forks per process.

A real ``bundletrip`` process spends about a second of CPU importing python-telegram-bot,
discord.py, aiohttp, pydantic, redis, Pillow, Babel and the bot before it does anything; the
suite starts some sixty of them. The zygote is a plain Python process, started lazily once per
xdist worker, that imports those modules once (no thread, no event loop, no socket, no open
file) and then forks one child per requested process. The child becomes what the test asked
for — the same ``-c`` code and arguments, environment, working directory and standard streams
— and runs it as ``python -c`` would, so the real entry points run, and real signals and
``kill -9`` reach a real pid.

How it is wired:

* the worker talks to the zygote over a ``SOCK_SEQPACKET`` socket pair: one request (JSON)
  carries the code, arguments, cwd and environment, and, as ``SCM_RIGHTS``, the child's stdin,
  stdout and stderr and the write end of a *status pipe*; the answer is the child's pid;
* the zygote is the child's parent: it waits on each child's pidfd and, when one ends, writes
  its ``waitpid`` status to that child's status pipe. :class:`ForkedProcess` (the worker's
  handle) reads it, so ``returncode`` is exactly what :class:`subprocess.Popen` reports (``-9``
  after ``kill -9``, ``0`` after a clean SIGTERM exit);
* the zygote ends when its worker does (EOF on the socket, or ``PR_SET_PDEATHSIG``) and kills
  the children it still has: nothing is left behind.

:mod:`tests.support.processes` is the one place tests start processes; it falls back to plain
:class:`subprocess.Popen` (``BUNDLETRIP_TEST_SPAWN=exec``, or a process that needs something a
fork cannot change, such as another hash seed).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import gc
import io
import json
import os
import random
import selectors
import signal
import socket
import subprocess
import sys
import threading
import types
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[2]
PRELOAD = (
    "adapters.cli",
    "adapters.console_adapter",
    "adapters.discord_adapter",
    "adapters.planner_worker",
    "adapters.telegram_adapter",
    "bot.bootstrap",
    "bot.brains.llm",  # with the OpenAI client (~1 s of CPU): what smart-mode processes import
    "bot.brains.llm_breaker",
    "bot.brains.llm_context",
    "bot.brains.llm_usage",
    "bot.maps",
    "bot.one_sentence",
    "bot.planner.checker",
    "bot.planning",
)
PR_SET_PDEATHSIG = 1
MAX_REQUEST = 1 << 20
# Loads this file by its path: the zygote (and so every child) imports no test helper package.
BOOT = (
    "import importlib.util, sys, types\n"
    "_spec = importlib.util.spec_from_file_location('_bundletrip_zygote', sys.argv[1])\n"
    "_zygote = sys.modules[_spec.name] = importlib.util.module_from_spec(_spec)\n"
    "_spec.loader.exec_module(_zygote)\n"
    "_code = _zygote.serve(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == '1',\n"
    "                      sys.argv[5] == '1')\n"
    "_main = types.ModuleType('__main__')\n"
    "sys.modules['__main__'] = _main\n"
    "exec(compile(_code, '<string>', 'exec'), _main.__dict__)\n"
)


# --- the zygote's side ---------------------------------------------------------------------------


@dataclass
class Child:
    pidfd: int
    status: int  # write end of the status pipe


def serve(sock_fd: int, parent: int, die_with_parent: bool, preload: bool = True) -> str:
    """Run the zygote; return only in a forked child, with the code that child is to run
    (``preload`` off: import nothing first, for a test of the zygote itself)."""
    if die_with_parent:  # the worker's main thread started us: die with it
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        raise SystemExit(0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a ^C is for pytest; EOF ends us
    signal.signal(signal.SIGTERM, _exit_on_signal)
    if preload:
        _preload()
    assert threading.active_count() == 1, threading.enumerate()  # fork copies only our thread
    gc.collect()
    gc.freeze()  # imported objects stay out of the children's collections (fewer copied pages)
    zygote = os.getpid()
    children: dict[int, Child] = {}
    try:
        code = _loop(socket.socket(fileno=sock_fd), children)
    finally:
        if os.getpid() == zygote:
            _kill_all(children)
    return code


def _preload() -> None:
    """Import the bot; build the knowledge base's travel model (a pure function of the checkout's
    data, cached per process: 0.2-0.4 s of CPU that every bot process would otherwise repeat)
    and the TLS context its HTTPS clients share (~65 ms each)."""
    for name in PRELOAD:
        __import__(name)
    from bot.planner.kb import load_knowledge_base
    from bot.planner.service import travel_model
    from bot.tls import tls_context

    travel_model(load_knowledge_base())
    tls_context()


def _exit_on_signal(signum: int, frame: types.FrameType | None) -> None:
    raise SystemExit(0)


def _loop(sock: socket.socket, children: dict[int, Child]) -> str:
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select():
            if key.fileobj is not sock:
                _report(int(key.data), children, selector)
                continue
            data, fds, _, _ = socket.recv_fds(sock, MAX_REQUEST, 4)
            if not data:
                raise SystemExit(0)  # our worker is gone
            request = json.loads(data)
            pid = os.fork()
            if pid == 0:
                selector.close()
                sock.close()
                _close_parent_fds(children)
                return _become(request, fds)
            for fd in fds[:3]:
                os.close(fd)
            children[pid] = Child(os.pidfd_open(pid), fds[3])
            selector.register(children[pid].pidfd, selectors.EVENT_READ, pid)
            sock.send(json.dumps({"pid": pid}).encode())


def _report(pid: int, children: dict[int, Child], selector: selectors.BaseSelector) -> None:
    selector.unregister(children[pid].pidfd)
    _reap(pid, children.pop(pid))


def _reap(pid: int, child: Child) -> None:
    """Wait for ``pid`` (it has ended or been killed); write its status for the test's handle."""
    os.close(child.pidfd)
    _, status = os.waitpid(pid, 0)
    with contextlib.suppress(OSError):  # the test dropped its handle
        os.write(child.status, f"{status}\n".encode())
    os.close(child.status)


def _kill_all(children: dict[int, Child]) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    for pid, child in children.items():
        _reap(pid, child)


def _close_parent_fds(children: dict[int, Child]) -> None:
    for child in children.values():
        os.close(child.pidfd)
        os.close(child.status)


def _become(request: dict[str, Any], fds: list[int]) -> str:
    """In the fresh child: take on the requested process's streams, env, cwd and arguments."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in any Python process
    for target, fd in enumerate(fds[:3]):
        os.dup2(fd, target)  # dup2 makes 0, 1 and 2 inheritable
    for fd in fds:
        os.close(fd)
    env: dict[str, str] = request["env"]
    os.environ.clear()
    os.environ.update(env)
    os.chdir(request["cwd"])
    sys.argv = ["-c", *request["args"]]
    sys.dont_write_bytecode = bool(env.get("PYTHONDONTWRITEBYTECODE"))
    _fresh_std_streams(env)
    random.seed()  # os.register_at_fork reseeds too; say it here
    return str(request["code"])


def _fresh_std_streams(env: dict[str, str]) -> None:
    """New ``sys.stdin/stdout/stderr`` on fds 0-2, buffered as in a new interpreter."""
    encoding = env.get("PYTHONIOENCODING", "utf-8").split(":")[0] or "utf-8"
    unbuffered = bool(env.get("PYTHONUNBUFFERED"))

    def stream(fd: int, mode: str, errors: str) -> IO[str]:
        raw = io.FileIO(fd, mode, closefd=False)
        buffer = io.BufferedWriter(raw) if mode == "w" else io.BufferedReader(raw)
        line_buffering = os.isatty(fd) or fd == 2
        return io.TextIOWrapper(
            buffer, encoding, errors, line_buffering=line_buffering, write_through=unbuffered
        )

    for fd, (name, mode, errors) in enumerate(
        [("stdin", "r", "strict"), ("stdout", "w", "strict"), ("stderr", "w", "backslashreplace")]
    ):
        opened = stream(fd, mode, errors)
        setattr(sys, name, opened)
        setattr(sys, f"__{name}__", opened)


# --- the worker's side ---------------------------------------------------------------------------


class ZygoteGone(RuntimeError):
    """The zygote died (it is restarted at the next start)."""


class Zygote:
    """The worker's connection to its zygote (one per worker process, started on first use)."""

    _instance: Zygote | None = None
    _lock = threading.Lock()

    def __init__(self, *, preload: bool = True) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"}
        env["PYTHONPATH"] = os.pathsep.join(
            [str(ROOT), *env.get("PYTHONPATH", "").split(os.pathsep)]
        )
        main_thread = threading.current_thread() is threading.main_thread()
        argv = [__file__, str(theirs.fileno()), str(os.getpid()), str(int(main_thread)),
                str(int(preload))]  # fmt: skip
        self.process = subprocess.Popen(
            [sys.executable, "-c", BOOT, *argv], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
            pass_fds=[theirs.fileno()],
        )  # fmt: skip
        theirs.close()
        self.sock, self.owner = ours, os.getpid()
        atexit.register(self.close)  # and waited for, so its children's CPU time is counted

    @classmethod
    def get(cls) -> Zygote:
        with cls._lock:
            if (
                cls._instance is None
                or cls._instance.owner != os.getpid()
                or not cls._instance.alive
            ):
                cls._instance = cls()
            return cls._instance

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def fork(self, request: dict[str, Any], stdio: list[int], status: int) -> int:
        with self._lock:
            try:
                socket.send_fds(self.sock, [json.dumps(request).encode()], [*stdio, status])
                answer = self.sock.recv(MAX_REQUEST)
            except OSError as exc:
                raise ZygoteGone(str(exc)) from exc
        if not answer:
            raise ZygoteGone("the zygote closed its socket")
        return int(json.loads(answer)["pid"])

    def close(self) -> None:
        if self.owner != os.getpid():
            return
        self.sock.close()  # EOF: the zygote kills what it still runs, then exits
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
