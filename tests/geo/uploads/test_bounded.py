"""Tests for geo.uploads.bounded: reading within a time and memory budget in a worker process."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest
import shapely

from geo.uploads.bounded import Budget, BudgetExceeded, run_bounded

BUDGET = Budget(seconds=2, memory_mb=256)


def allocate(megabytes: int) -> int:
    """Hold ``megabytes`` of memory at once."""
    return len(bytearray(megabytes * 1024 * 1024))


def spin_and_record(path: str) -> None:
    """Write a heartbeat to ``path`` every few milliseconds, for ever."""
    while True:
        with open(path, "a", encoding="ascii") as handle:
            handle.write(".")
        time.sleep(0.01)


def refuse(reason: str) -> None:
    raise ValueError(reason)


def fail_oddly() -> None:
    raise KeyError("iets onverwachts")


def worker_pid() -> int:
    return os.getpid()


def repair_random_polygon(vertices: int) -> int:
    """Pieces of a random self-intersecting polygon after repair (GEOS grows out of bounds with ``vertices``)."""
    ring = np.random.default_rng(1).uniform(0, 1000, (vertices, 2))
    return int(shapely.get_num_geometries(shapely.make_valid(shapely.Polygon(ring), method="structure")))


def test_result_comes_back_from_another_process():
    assert run_bounded(allocate, 10, budget=BUDGET, filename="klein.csv") == 10 * 1024 * 1024
    assert run_bounded(worker_pid, budget=BUDGET, filename="x") != os.getpid()


def test_memory_beyond_the_budget_stops_the_worker_with_a_dutch_message():
    with pytest.raises(BudgetExceeded) as refused:
        run_bounded(allocate, 600, budget=BUDGET, filename="groot.xlsx")
    message = str(refused.value)
    assert "groot.xlsx" in message and "256 MB" in message and "upload_geheugen_mb" in message
    assert "niets bewaard" in message


def test_time_beyond_the_budget_stops_the_worker(tmp_path):
    heartbeat = tmp_path / "hartslag"
    with pytest.raises(BudgetExceeded) as refused:
        run_bounded(spin_and_record, str(heartbeat), budget=Budget(seconds=1, memory_mb=256), filename="traag.gpkg")
    assert "traag.gpkg" in str(refused.value)
    assert "upload_seconden" in str(refused.value)
    beats = heartbeat.stat().st_size
    time.sleep(0.3)
    assert heartbeat.stat().st_size == beats, "the worker kept running after its budget"


def test_geos_running_out_of_memory_is_reported_as_the_memory_limit():
    # 20,000 random vertices: GEOS asks for gigabytes (std::bad_alloc without a limit above it).
    with pytest.raises(BudgetExceeded) as refused:
        run_bounded(repair_random_polygon, 20_000, budget=BUDGET, filename="veelhoek.geojson")
    message = str(refused.value)
    assert "veelhoek.geojson" in message
    assert ("upload_geheugen_mb" in message) or ("upload_seconden" in message)


def compare_arrow_strings() -> list[bool]:
    import pandas as pd

    return (pd.Series(["Chiro", "KSA"], dtype="string[pyarrow]") == "Chiro").tolist()


def test_arrow_works_under_a_small_budget():
    # Arrow's own allocator reserves ~1 GB of address space at first use; the workers use malloc.
    assert run_bounded(compare_arrow_strings, budget=Budget(seconds=10, memory_mb=128), filename="x") == [True, False]


def test_the_readers_own_refusal_comes_back_unchanged():
    with pytest.raises(ValueError, match="^Kolom 'naam' ontbreekt.$") as refused:
        run_bounded(refuse, "Kolom 'naam' ontbreekt.", budget=BUDGET, filename="x.csv")
    assert not isinstance(refused.value, BudgetExceeded)


def test_an_unexpected_failure_becomes_a_dutch_refusal_without_a_traceback():
    with pytest.raises(ValueError) as refused:
        run_bounded(fail_oddly, budget=BUDGET, filename="x.csv")
    assert "kon niet gelezen worden" in str(refused.value) and "iets onverwachts" in str(refused.value)


def test_budget_from_settings():
    from geo.config import load_settings

    settings = load_settings({"PARTNERKAART_UPLOAD_SECONDEN": "7", "PARTNERKAART_UPLOAD_GEHEUGEN_MB": "300"})
    assert Budget.from_settings(settings) == Budget(seconds=7, memory_mb=300)
