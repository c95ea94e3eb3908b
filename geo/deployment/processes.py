"""Local server processes: a free port, waiting until a Streamlit server is healthy, stopping in order.

Used by the replicas (:mod:`geo.deployment.replicas`), the local PostGIS (:mod:`.postgres`) and
the benchmarks' servers (``bench/streamlit_server.py``).
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from typing import Callable, Iterable


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, timeout_s: float, ended: Callable[[], str | None]) -> str | None:
    """Poll ``url/_stcore/health`` until it answers 200: then None. Otherwise why not (Dutch):
    what ``ended()`` names as stopped, or that the time ran out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        stopped = ended()
        if stopped is not None:
            return f"{stopped} stopte tijdens het starten"
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return None
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    return f"{url} antwoordde niet binnen {timeout_s:.0f} s"


def stop_processes(processes: Iterable[subprocess.Popen], timeout_s: float = 20) -> None:
    """Ask every process to stop (SIGTERM), in the given order; kill those still running after ``timeout_s``."""
    processes = list(processes)
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout_s)
