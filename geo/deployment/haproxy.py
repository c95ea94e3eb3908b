"""HAProxy in front of the app replicas: sticky sessions, WebSocket upgrades, health checks.

A Streamlit session lives in the memory of the replica that holds its WebSocket; the file
uploads (``/_stcore/upload_file/…``) and downloads (``/media/…``) of that session are separate
HTTP requests that must reach the same replica. HAProxy therefore sets a cookie
(:data:`REPLICA_COOKIE`) naming the replica on the first answer and sends every later request of
that browser there; a replica that stops answering ``/_stcore/health`` gets no new browsers.
WebSockets pass in HTTP mode (HAProxy follows the ``Upgrade``); ``timeout tunnel`` keeps an open
page connected for hours.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Sequence

REPLICA_COOKIE = "partnerkaart_replica"


def replica_name(number: int) -> str:
    """The name of replica ``number`` (1, 2, …): the value of :data:`REPLICA_COOKIE` that pins a browser to it."""
    return f"replica{number}"


def haproxy_config(address: str, port: int, replica_ports: Sequence[int]) -> str:
    """The configuration of a proxy on ``address:port`` for replicas on 127.0.0.1 at ``replica_ports``."""
    servers = "\n".join(f"    server {replica_name(n)} 127.0.0.1:{p} check inter 2s fall 2 rise 1 "
                        f"cookie {replica_name(n)}" for n, p in enumerate(replica_ports, start=1))
    return f"""# Written by `python -m geo replicas`; see geo/deployment/haproxy.py.
global
    maxconn 4096

defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout client 60s
    timeout server 10m
    timeout http-request 30s
    timeout tunnel 8h

frontend partnerkaart
    bind {address}:{port}
    default_backend replicas

backend replicas
    balance leastconn
    cookie {REPLICA_COOKIE} insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-check expect status 200
{servers}
"""


def haproxy_program() -> str:
    """The path of ``haproxy``; ProxyUnavailable names the Debian package when it is missing."""
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin")  # sbin: not on every user's PATH
    if found is None:
        raise ProxyUnavailable("HAProxy is nodig voor replica's: installeer het Debian-pakket haproxy "
                               "(`make run-replicas` doet dat).")
    return found


def check_config(path: Path) -> None:
    """HAProxy's own check of a configuration file (ProxyUnavailable with its message when it is wrong)."""
    done = subprocess.run([haproxy_program(), "-c", "-f", str(path)], capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        output = (done.stderr + done.stdout).splitlines()
        alerts = [line.split(" : ", 1)[-1] for line in output if "[ALERT]" in line] or output
        raise ProxyUnavailable(f"HAProxy weigert {path}: " + " ".join(alerts))


def start_haproxy(path: Path, log: Path) -> subprocess.Popen:
    """Run HAProxy in the foreground (``-db``, its own session: the caller stops it) with the configuration
    at ``path``; its output goes to ``log``."""
    check_config(path)
    with open(log, "wb") as out:
        return subprocess.Popen([haproxy_program(), "-db", "-f", str(path)], stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)


class ProxyUnavailable(RuntimeError):
    """HAProxy is missing or refused its configuration (a Dutch message)."""
