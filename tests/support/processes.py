"""The one place tests start a ``bundletrip`` (or any Python) process.

:func:`start` runs ``python -c CODE ARGS`` with the given environment, working directory and
streams and returns a :class:`subprocess.Popen`-like handle (``pid``, ``poll``, ``wait``,
``returncode``, ``send_signal``, ``terminate``, ``kill``, ``communicate``, ``stdout``...). By
default the process is forked from the worker's zygote (:mod:`tests.support.zygote`), which has
the bot imported already — a process then costs a few milliseconds of CPU instead of a second;
it still runs the real entry point, in a real process that real signals and ``kill -9`` reach.

``BUNDLETRIP_TEST_SPAWN=exec`` starts every process with :class:`subprocess.Popen` instead (a
cold start each), as does a process whose environment asks for something only a new interpreter
gets (another ``PYTHONHASHSEED``, another ``PYTHON*`` start-up setting). ``run_bundletrip(...,
script=True)`` runs the installed ``bundletrip`` console script itself; ``tests/e2e/test_cli.py``
keeps one test that does, so the script wrapper and a cold start stay covered.
"""

from __future__ import annotations

import contextlib
import locale
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any, Protocol

from tests.support.zygote import ROOT as ROOT
from tests.support.zygote import Zygote, ZygoteGone

PIPE, DEVNULL = subprocess.PIPE, subprocess.DEVNULL
Stream = int | IO[Any] | None  # None (inherit), PIPE, DEVNULL, a file descriptor or a file
BUNDLETRIP = Path(sys.executable).parent / "bundletrip"
# What a fork cannot change (the interpreter read it at start-up) or we set again in the child.
_REAPPLIED = {"PYTHONDONTWRITEBYTECODE", "PYTHONIOENCODING", "PYTHONUNBUFFERED", "PYTHONPATH"}


class Process(Protocol):
    """What tests use of a started process (:class:`subprocess.Popen` has all of it)."""

    @property
    def pid(self) -> int: ...
    @property
    def returncode(self) -> int | Any: ...
    @property
    def stdout(self) -> IO[Any] | None: ...
    @property
    def stderr(self) -> IO[Any] | None: ...
    def poll(self) -> int | None: ...
    def wait(self, timeout: float | None = None) -> int: ...
    def send_signal(self, sig: int) -> None: ...
    def terminate(self) -> None: ...
    def kill(self) -> None: ...
    def communicate(self, input: Any = None, timeout: float | None = None) -> tuple[Any, Any]: ...


def bundletrip_code(argv: Sequence[str]) -> str:
    """``python -c`` code that runs ``bundletrip ARGV`` through its real entry point."""
    return f"from adapters.cli import main; raise SystemExit(main({list(argv)!r}))"


def bot_env(**env: str) -> dict[str, str]:
    """A bot process's environment: ``PATH``, the checkout on ``PYTHONPATH``, then ``env``."""
    return {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **env}


def start(
    code: str, *args: str, env: Mapping[str, str], cwd: str | Path = ROOT,
    stdin: Stream = DEVNULL, stdout: Stream = None, stderr: Stream = None, text: bool = False,
    cold: bool = False,
) -> Process:  # fmt: skip
    """``python -c CODE ARGS`` as a new process: forked from the zygote, or with ``cold`` (and
    whenever the zygote cannot give what ``env`` asks for) a new interpreter."""
    env = dict(env)
    if cold or not _forkable(env):
        return subprocess.Popen(
            [sys.executable, "-c", code, *args], cwd=cwd, env=env, stdin=stdin, stdout=stdout,
            stderr=stderr, text=text,
        )  # fmt: skip
    request = {"code": code, "args": list(args), "cwd": str(cwd), "env": env}
    try:
        return ForkedProcess(request, (stdin, stdout, stderr), text)
    except ZygoteGone:  # it died (a test killed too much?): a new one, once
        return ForkedProcess(request, (stdin, stdout, stderr), text)


def start_bundletrip(
    argv: Sequence[str], *, env: Mapping[str, str], log: Path, cwd: str | Path | None = None,
    script: bool = False,
) -> Process:  # fmt: skip
    """``bundletrip ARGV`` in ``cwd`` (default: the log's folder), its log appended to ``log``;
    ``script`` execs the installed console script (a cold start through its wrapper)."""
    with log.open("ab") as stream:
        if script:
            return subprocess.Popen(
                [str(BUNDLETRIP), *argv], cwd=cwd or log.parent, env=dict(env),
                stdin=DEVNULL, stdout=DEVNULL, stderr=stream,
            )  # fmt: skip
        return start(
            bundletrip_code(argv), env=env, cwd=cwd or log.parent, stdout=DEVNULL, stderr=stream
        )


def run_bundletrip(
    argv: Sequence[str], *, env: Mapping[str, str], stdin: str = "", cwd: str | Path = ROOT,
    timeout: float = 120, script: bool = False,
) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """Run ``bundletrip ARGV`` to its end with ``stdin``; capture its output as text.

    ``script`` execs the installed console script (a cold start through its wrapper)."""
    if script:
        return subprocess.run(
            [str(BUNDLETRIP), *argv], input=stdin, capture_output=True, text=True,
            timeout=timeout, cwd=cwd, env=dict(env),
        )  # fmt: skip
    process = start(
        bundletrip_code(argv), env=env, cwd=cwd, stdin=PIPE, stdout=PIPE, stderr=PIPE, text=True
    )
    try:
        out, err = process.communicate(stdin, timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return subprocess.CompletedProcess(list(argv), process.returncode, out, err)


def _forkable(env: Mapping[str, str]) -> bool:
    if os.environ.get("BUNDLETRIP_TEST_SPAWN", "fork") == "exec":
        return False
    if env.get("PYTHONHASHSEED", "random") != "random":
        return False  # the zygote's hash seed is its own, random one
    startup = {k for k in env if k.startswith("PYTHON")} - _REAPPLIED - {"PYTHONHASHSEED"}
    if any(env[k] != os.environ.get(k) for k in startup):
        return False
    known = {*sys.path, str(ROOT), ""}
    return all(p in known for p in env.get("PYTHONPATH", "").split(os.pathsep))


class ForkedProcess:
    """A process forked by the zygote: the :class:`subprocess.Popen` calls the tests use."""

    def __init__(self, request: dict[str, Any], streams: tuple[Stream, ...], text: bool) -> None:
        self.args, self.text = request["args"], text
        self.returncode: int | None = None
        self.stdin: IO[Any] | None = None
        self.stdout: IO[Any] | None = None
        self.stderr: IO[Any] | None = None
        with ExitStack() as sent:  # our copies of what the child gets, closed once it has them
            stdio = [self._stream(n, s, sent) for n, s in enumerate(streams)]
            self._status, status = os.pipe()
            sent.callback(os.close, status)
            try:
                self.pid = Zygote.get().fork(request, stdio, status)
            except BaseException:
                os.close(self._status)
                for pipe in (self.stdin, self.stdout, self.stderr):
                    if pipe is not None:
                        pipe.close()
                raise

    def _stream(self, number: int, stream: Stream, sent: ExitStack) -> int:
        if stream is None:
            return number  # inherit ours
        if stream == DEVNULL:
            fd = os.open(os.devnull, os.O_RDWR)
            sent.callback(os.close, fd)
            return fd
        if stream == PIPE:
            read, write = os.pipe()
            ours, theirs = (write, read) if number == 0 else (read, write)
            sent.callback(os.close, theirs)
            mode = ("w" if number == 0 else "r") + ("" if self.text else "b")
            opened = open(ours, mode, encoding=self._encoding if self.text else None)
            setattr(self, ("stdin", "stdout", "stderr")[number], opened)
            return theirs
        return stream if isinstance(stream, int) else stream.fileno()

    @property
    def _encoding(self) -> str:
        return locale.getpreferredencoding(False)

    def poll(self) -> int | None:
        if self.returncode is None and _readable(self._status, 0):
            self._read_status()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not _readable(self._status, timeout):
                raise subprocess.TimeoutExpired(self.args, timeout or 0)
            self._read_status()
        assert self.returncode is not None
        return self.returncode

    def _read_status(self) -> None:
        data = b""
        while not data.endswith(b"\n"):
            chunk = os.read(self._status, 64)
            if not chunk:
                raise ZygoteGone(f"the zygote died before process {self.pid} ended")
            data += chunk
        os.close(self._status)
        self.returncode = os.waitstatus_to_exitcode(int(data))

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def communicate(self, input: Any = None, timeout: float | None = None) -> tuple[Any, Any]:
        """Send ``input``, read stdout and stderr to their ends, wait (as Popen does)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        data = input.encode(self._encoding) if isinstance(input, str) else input or b""
        out = dict(_exchange(self.stdin, data, [self.stdout, self.stderr], deadline, self.args))
        self.wait(None if deadline is None else max(0.0, deadline - time.monotonic()))
        stdout = out.get(self.stdout) if self.stdout is not None else None
        stderr = out.get(self.stderr) if self.stderr is not None else None
        return self._decoded(stdout), self._decoded(stderr)

    def _decoded(self, data: bytes | None) -> Any:
        if data is None or not self.text:
            return data
        return data.decode(self._encoding).replace("\r\n", "\n").replace("\r", "\n")


def _readable(fd: int, timeout: float | None) -> bool:
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        return bool(selector.select(timeout))


def _exchange(
    stdin: IO[Any] | None, data: bytes, outputs: list[IO[Any] | None], deadline: float | None,
    args: Any,
) -> Iterator[tuple[IO[Any], bytes]]:  # fmt: skip
    """Write ``data`` to ``stdin`` and read ``outputs`` to EOF; yield each output's bytes."""
    chunks: dict[Any, list[bytes]] = {pipe: [] for pipe in outputs if pipe is not None}
    with selectors.DefaultSelector() as selector:
        if stdin is not None:
            stdin.flush()
            if data:
                os.set_blocking(stdin.fileno(), False)
                selector.register(stdin, selectors.EVENT_WRITE)
            else:
                stdin.close()
        for pipe in chunks:
            selector.register(pipe, selectors.EVENT_READ)
        while selector.get_map():
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired(args, 0)
            for key, _ in selector.select(left):
                if key.fileobj is stdin:
                    data = _write_some(selector, stdin, data)
                    continue
                chunk = os.read(key.fd, 32768)
                if chunk:
                    chunks[key.fileobj].append(chunk)
                else:
                    selector.unregister(key.fileobj)
                    key.fileobj.close()  # type: ignore[union-attr]
    for pipe, parts in chunks.items():
        yield pipe, b"".join(parts)


def _write_some(selector: selectors.BaseSelector, stdin: IO[Any], data: bytes) -> bytes:
    try:
        data = data[os.write(stdin.fileno(), data[:32768]) :]
    except BrokenPipeError:
        data = b""
    if not data:
        selector.unregister(stdin)
        stdin.close()
    return data
