"""A real Streamlit server of the app for the benchmarks that drive it, and what they measure of it.

:class:`StreamlitServer` starts ``streamlit run app.py`` with given settings on a free port and
waits until it is healthy; it reports the RSS and CPU seconds of the server and its children.
:func:`fill_store` puts the demo set and a share link of Mechelen in a store;
:func:`postgis_cluster` starts a throwaway PostGIS for the benchmarks that compare stores;
:class:`ProxiedReplicas` measures replicas behind HAProxy as one server.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.common import REPO, rss_mb, stderr_tail
from geo.deployment.processes import free_port, stop_processes, wait_healthy

GEMEENTE = "12025"  # Mechelen: the demo set has partners there
STARTUP_S = 90


@dataclass
class StreamlitServer:
    name: str
    url: str
    process: subprocess.Popen
    stderr_path: Path

    @classmethod
    def start(cls, name: str, folder: Path, settings: dict[str, str], script: str = "app.py",
              cwd: Path = REPO) -> StreamlitServer:
        """``streamlit run app.py`` (or ``script`` in ``cwd``) with ``settings`` (no other PARTNERKAART_
        variables), once healthy."""
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERKAART_")}
        env.update(settings)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
        stderr_path = folder / f"{name}-stderr.log"
        with open(stderr_path, "wb") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
                 "--server.port", str(port), "--server.address", "127.0.0.1"],
                cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=stderr, stdin=subprocess.DEVNULL)
        server = cls(name, f"http://127.0.0.1:{port}", process, stderr_path)
        try:
            server._wait_healthy()
        except BaseException:
            server.stop()
            raise
        return server

    def _wait_healthy(self) -> None:
        problem = wait_healthy(self.url, STARTUP_S, self._ended)
        if problem is not None:
            raise RuntimeError(f"{problem}:\n{self.stderr_tail()}")

    def _ended(self) -> str | None:
        code = self.process.poll()
        return None if code is None else f"Streamlit ({self.name}, code {code})"

    def rss_mb(self) -> float:
        """VmRSS of the server and all its descendants, in MB."""
        return tree_rss_mb(self.process.pid)

    def cpu_s(self) -> float:
        """User + system CPU seconds of the server and its live descendants."""
        return cpu_s(self.process.pid)

    def stderr_tail(self) -> str:
        return stderr_tail(self.stderr_path)

    def stop(self) -> None:
        stop_processes([self.process])


@dataclass
class ProxiedReplicas:
    """Replicas behind HAProxy (:func:`geo.deployment.replicas.start_replicas`), measured as one server."""

    running: object  # geo.deployment.replicas.Replicas

    @property
    def url(self) -> str:
        return self.running.url

    def rss_mb(self) -> float:
        return sum(tree_rss_mb(pid) for pid in self.running.pids())

    def cpu_s(self) -> float:
        return sum(cpu_s(pid) for pid in self.running.pids())

    def stderr_tail(self) -> str:
        return self.running.logs()

    def stop(self) -> None:
        self.running.stop()


def tree_rss_mb(pid: int) -> float:
    """VmRSS of ``pid`` and all its descendants, in MB."""
    total = 0.0
    for member in process_tree(pid):
        try:
            value = rss_mb(member)
        except OSError:  # a child that just ended
            continue
        if not math.isnan(value):  # NaN: a process without memory (a zombie)
            total += value
    return total


def fill_store(url: str, boundaries) -> str:
    """Put the demo set and a share link of :data:`GEMEENTE` into the store at ``url``; returns the token."""
    from geo.demo import load_demo
    from geo.sharing import create_link
    from geo.store import open_store

    store = open_store(url)
    try:
        if load_demo(store, boundaries) == 0:
            raise RuntimeError(f"de demoset kwam niet in de opslag {url}")
        _, token = create_link(store, GEMEENTE, "bench")
    finally:
        store.close()
    return token


def postgis_cluster():
    """A started throwaway cluster with an empty, migrated database: (cluster, url, problem)."""
    from geo.deployment.postgres import LocalPostgres, PostgresUnavailable

    cluster = None
    try:
        cluster = LocalPostgres()
        cluster.start()
        cluster.sql("CREATE DATABASE partnerkaart")
        return cluster, cluster.url("partnerkaart"), ""
    except PostgresUnavailable as exc:  # PostgreSQL or PostGIS missing, or the cluster did not start
        if cluster is not None:
            cluster.remove()
        return None, None, str(exc).splitlines()[0]


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its live descendants."""
    ticks = 0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        except (OSError, IndexError, ValueError):  # a process that just ended
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_s() -> float:
    """CPU seconds the whole machine has been busy (all cores, all processes) since boot."""
    jiffies = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(jiffies) - jiffies[3] - jiffies[4]) / os.sysconf("SC_CLK_TCK")  # minus idle and iowait


def process_tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                pass
    return pids


# -- small helpers -------------------------------------------------------------------------------
