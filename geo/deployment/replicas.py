"""Several app replicas on one PostGIS database behind HAProxy, started and stopped together.

``python -m geo replicas`` (``make run-replicas``) and ``python -m bench gelijktijdig --proxy``
use :func:`start_replicas`; the README's *Multi-user deployment* describes the same setup for
a server. Every replica is ``streamlit run app.py`` on its own local port with the same settings,
the same database and the same cookie secret; the proxy is the only one that listens on the
public address.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from geo.config import PROJECT_ROOT
from geo.deployment.haproxy import haproxy_config, start_haproxy
from geo.deployment.postgres import LocalPostgres
from geo.deployment.processes import free_port, stop_processes, wait_healthy

STARTUP_S = 180.0
DATABASE = "partnerkaart"


def app_command(port: int, address: str, max_upload_mb: float, extra: tuple[str, ...] = ()) -> list[str]:
    """``streamlit run app.py`` on ``address:port`` with the upload limit of the settings (as ``geo start``)."""
    import math

    return [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py"), "--server.port", str(port),
            "--server.address", address, "--server.maxUploadSize", str(max(1, math.ceil(max_upload_mb))), *extra]


def local_database(folder: Path, database_url: str) -> tuple[str, LocalPostgres | None]:
    """``database_url`` when it is a PostgreSQL URL; else a PostGIS cluster in ``folder/postgis``
    (created the first time, kept between runs), started, with its database: ``(url, cluster)``."""
    if database_url.startswith(("postgresql://", "postgres://")):
        return database_url, None
    cluster = LocalPostgres(folder / "postgis")
    cluster.start(durable=True)
    try:
        return cluster.ensure_database(DATABASE), cluster
    except BaseException:
        cluster.remove()
        raise


@dataclass
class Replicas:
    """Running replicas and their proxy. ``url`` is the proxy; :meth:`stop` ends everything started."""

    url: str
    replica_urls: list[str]
    folder: Path
    replicas: list[subprocess.Popen] = field(default_factory=list)
    proxy: subprocess.Popen | None = None
    postgres: LocalPostgres | None = None

    def pids(self) -> list[int]:
        """The process ids of the replicas (for their CPU and memory)."""
        return [process.pid for process in self.replicas]

    def ended(self) -> str | None:
        """The name of a process that has ended (a replica or the proxy), or None while all run."""
        for number, process in enumerate(self.replicas, start=1):
            if process.poll() is not None:
                return f"replica {number} (code {process.returncode})"
        if self.proxy is not None and self.proxy.poll() is not None:
            return f"HAProxy (code {self.proxy.returncode})"
        return None

    def logs(self, lines: int = 30) -> str:
        """The last lines of every log in the folder (replicas, proxy)."""
        parts = []
        for log in sorted(self.folder.glob("*.log")):
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            parts.append(f"-- {log.name}\n" + "\n".join(tail))
        return "\n".join(parts)

    def stop(self) -> None:
        stop_processes(([self.proxy] if self.proxy is not None else []) + self.replicas)
        if self.postgres is not None:
            self.postgres.remove()


def start_replicas(count: int, port: int, address: str, folder: Path, environment: Mapping[str, str],
                   max_upload_mb: float, postgres: LocalPostgres | None = None) -> Replicas:
    """Start ``count`` replicas with ``environment`` (``PARTNERKAART_DB`` a PostgreSQL URL) on free
    local ports and HAProxy on ``address:port``; return once the proxy answers through a healthy replica.

    The replicas share one cookie secret (``folder/cookie-secret``, made once), so a browser that
    moves to another replica when its own stops is not refused. ``postgres`` is stopped with them.
    """
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **environment, "STREAMLIT_SERVER_COOKIE_SECRET": _cookie_secret(folder),
           "STREAMLIT_SERVER_HEADLESS": "true"}
    ports = [free_port() for _ in range(count)]
    started = Replicas(f"http://{'127.0.0.1' if address in ('0.0.0.0', '') else address}:{port}",
                       [f"http://127.0.0.1:{p}" for p in ports], folder, postgres=postgres)
    try:
        for number, replica_port in enumerate(ports, start=1):
            with open(folder / f"replica{number}.log", "wb") as log:
                started.replicas.append(subprocess.Popen(
                    app_command(replica_port, "127.0.0.1", max_upload_mb), cwd=PROJECT_ROOT, env=env,
                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True))
        for replica_url in started.replica_urls:
            _wait_healthy(replica_url, started)
        config = folder / "haproxy.cfg"
        config.write_text(haproxy_config(address, port, ports), encoding="utf-8")
        started.proxy = start_haproxy(config, folder / "haproxy.log")
        _wait_healthy(started.url, started)
    except BaseException:
        started.stop()
        raise
    return started


class ReplicaFailed(RuntimeError):
    """A replica or the proxy did not come up (the message holds the logs)."""


def _wait_healthy(url: str, started: Replicas) -> None:
    problem = wait_healthy(url, STARTUP_S, started.ended)
    if problem is not None:
        raise ReplicaFailed(f"{problem}:\n{started.logs()}")


def _cookie_secret(folder: Path) -> str:
    path = folder / "cookie-secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
