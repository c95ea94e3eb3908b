"""Helpers shared by the benchmarks: where the data is, timing, memory, output."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
SHARED_GEBIEDEN = REPO.parent / "shared" / "data" / "gebiedsniveaus"


def bench_environment(cache: Path) -> dict[str, str]:
    """Settings for a benchmark run: the shared boundary data, a private cache, no tiles."""
    return {
        "PARTNERKAART_GEBIEDEN": os.environ.get("PARTNERKAART_GEBIEDEN", str(SHARED_GEBIEDEN)),
        "PARTNERKAART_CACHE": str(cache),
        "PARTNERKAART_TEGELS": "none",
        "PARTNERKAART_DB": str(cache / "bench.sqlite"),
        "PARTNERKAART_INSTELLINGEN": str(cache / "geen.toml"),
    }


def timed(function: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    """Median wall time in seconds over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process in MB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def report(title: str, rows: list[tuple[str, str, str, str]]) -> None:
    """Print a table: what, Partnerkaart, naive baseline, target."""
    print(f"\n== {title}")
    widths = [max(len(r[i]) for r in rows + [("wat", "partnerkaart", "naïef", "doel")]) for i in range(4)]
    for row in [("wat", "partnerkaart", "naïef", "doel")] + rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))
