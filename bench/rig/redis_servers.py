"""Private ``redis-server`` processes on free ports: a 3-master Redis Cluster joined with
``redis-cli --cluster create``. Used by the test fixtures and by the load benchmark; a failure
to start raises :class:`RedisStartError` (the tests turn it into a failure, never a skip)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass

import redis


class RedisStartError(RuntimeError):
    """redis-server is missing, or the servers did not come up."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_cluster_port() -> int:
    """A free port whose cluster bus port (+10000) is free and valid too."""
    for _ in range(200):
        port = free_port()
        if port + 10000 > 65535:
            continue
        with socket.socket() as bus:
            try:
                bus.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port
    raise RedisStartError("no free port pair for a cluster node")


@dataclass
class RedisClusterServers:
    """Three ``redis-server`` masters joined by ``redis-cli --cluster create``."""

    ports: list[int]
    processes: list[subprocess.Popen[bytes]]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.ports[0]}"

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:  # a test may have killed a node
                process.terminate()
        for process in self.processes:
            process.wait(timeout=10)


def start_cluster(
    workdir: str, masters: int = 3, *, replicas: int = 0, timeout_ms: int = 2000
) -> RedisClusterServers:
    """Start ``masters`` cluster nodes (and ``replicas`` per master) in ``workdir`` and join
    them; ``stop()`` them after. A short ``timeout_ms`` promotes a replica within seconds of its
    master's death (for a failover test)."""
    server, cli = shutil.which("redis-server"), shutil.which("redis-cli")
    if server is None or cli is None:
        raise RedisStartError("redis-server / redis-cli are not installed; `make test` does it")
    ports: list[int] = []
    while len(ports) < masters * (1 + replicas):
        port = free_cluster_port()
        if port not in ports:
            ports.append(port)
    nodes = [_start_node(server, port, workdir, timeout_ms) for port in ports]
    cluster = RedisClusterServers(ports, nodes)
    try:
        for port in ports:
            wait_ping(port)
        subprocess.run(
            [cli, "--cluster", "create", *(f"127.0.0.1:{p}" for p in ports),
             "--cluster-replicas", str(replicas), "--cluster-yes"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60,
        )  # fmt: skip
        _wait_cluster_ok(ports, masters * replicas)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _start_node(server: str, port: int, workdir: str, timeout_ms: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--dir", workdir,
         "--cluster-enabled", "yes", "--cluster-config-file", f"nodes-{port}.conf",
         "--cluster-node-timeout", str(timeout_ms), "--save", "", "--appendonly", "no",
         # A replica's first full sync starts at once (diskless: the default waits 5 s for
         # more replicas to share one transfer; each master here has one replica at most).
         "--repl-diskless-sync-delay", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait_ping(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            redis.Redis(port=port, socket_connect_timeout=0.2).ping()
            return
        except redis.exceptions.RedisError:
            time.sleep(0.05)
    raise RedisStartError(f"redis-server on {port} did not start")


def _wait_cluster_ok(ports: list[int], replicas: int = 0) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        states = [redis.Redis(port=p).execute_command("CLUSTER INFO")  # type: ignore[no-untyped-call]
                  for p in ports]  # fmt: skip
        linked = sum(
            redis.Redis(port=p).info("replication").get("master_link_status") == "up" for p in ports
        )
        if all(s.get("cluster_state") == "ok" for s in states) and linked >= replicas:  # parsed
            return
        time.sleep(0.1)
    raise RedisStartError("the cluster did not reach cluster_state:ok")
