"""A large import killed with SIGKILL in the middle of its transaction leaves the store as it was.

A real subprocess plans and commits an import of 150,000 rows into a store that already
holds partners and an import history. The driver prints the SQLite transaction statements
it runs; once the import's ``BEGIN IMMEDIATE`` was seen and the write-ahead log has grown
by megabytes (pages of the uncommitted transaction), the process is killed. The test then
checks that the kill really came before ``COMMIT``, reopens the store and compares
everything with the state before.
"""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from contextlib import closing
from pathlib import Path

from geo.importer import ImportOptions, commit_import, plan_import
from geo.partners import Partner
from geo.store import open_store

REPO_ROOT = Path(__file__).resolve().parents[2]
ROWS = 150_000
WAL_GROWN = 8 * 1024 * 1024  # far more than the small writes before the import

DRIVER = textwrap.dedent("""
    import sys

    from geo.boundaries import load_boundaries
    from geo.config import load_settings
    from geo.importer import ImportOptions, commit_import, plan_import
    from geo.store import open_store

    settings = load_settings()
    boundaries = load_boundaries(settings)
    store = open_store(settings.db)
    with open(sys.argv[1], "rb") as handle:
        data = handle.read()
    plan = plan_import(data, "groot.csv", store, boundaries, ImportOptions(gemeente_nis="12025"))
    # Report the transaction statements (not every insert) so the test knows where the kill lands.
    store._db.set_trace_callback(
        lambda sql: sql.startswith(("BEGIN", "COMMIT", "ROLLBACK")) and print("SQL", sql, flush=True))
    print("PLAN", len(plan.added), flush=True)
    commit_import(store, plan)
    print("KLAAR", flush=True)
""")


def large_csv(path: Path) -> None:
    lines = ["naam;soort;lat;lon;postcode"]
    for i in range(ROWS):
        lat = 51.005 + (i % 389) * 0.00015  # a grid over Mechelen
        lon = 4.44 + (i // 389 % 389) * 0.00015
        lines.append(f"Organisatie {i:06d};{('Chiro', 'natuur', 'school')[i % 3]};{lat:.6f};{lon:.6f};2800")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def began_import(seen: list[str]) -> bool:
    """The driver finished planning and the import's transaction has begun."""
    marker = f"PLAN {ROWS}"
    return marker in seen and "SQL BEGIN IMMEDIATE" in seen[seen.index(marker) + 1:]


def state(db: Path) -> tuple:
    store = open_store(str(db))
    try:
        return store.list_partners(), store.list_imports(), store.data_version()
    finally:
        store.close()


def test_sigkill_during_a_large_import_leaves_the_store_as_it_was(tmp_path, SHARED_GEBIEDEN, boundary_cache,
                                                                  boundaries):
    db = tmp_path / "partnerkaart.sqlite"
    wal = Path(f"{db}-wal")
    store = open_store(str(db))
    store.add_partners([Partner(naam="Chiro Ter Elst", categorie="jeugdbeweging", lat=51.02635, lon=4.47663,
                                gemeente_nis="12025", wijk_code="12025W03"),
                        Partner(naam="Zonder plaats", categorie="buurt", gemeente_nis="12025")])
    earlier = plan_import(b"naam;lat;lon\r\nKSA Walem;51,06824;4,44520\r\n", "eerder.csv", store, boundaries,
                          ImportOptions(gemeente_nis="12025"))
    commit_import(store, earlier)
    store.close()
    before = state(db)
    assert len(before[0]) == 3 and len(before[1]) == 1
    large = tmp_path / "groot.csv"
    large_csv(large)
    (tmp_path / "driver.py").write_text(DRIVER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERKAART_")}
    env.update(PYTHONPATH=str(REPO_ROOT), PARTNERKAART_GEBIEDEN=str(SHARED_GEBIEDEN),
               PARTNERKAART_CACHE=str(boundary_cache), PARTNERKAART_DB=str(db), PARTNERKAART_GEOCODER="none",
               PARTNERKAART_DEMO="nee", PARTNERKAART_INSTELLINGEN=str(tmp_path / "geen.toml"))

    errors = tmp_path / "driver.err"
    with open(errors, "w") as stderr:  # a file, not a pipe nobody reads while waiting
        process = subprocess.Popen([sys.executable, str(tmp_path / "driver.py"), str(large)], cwd=REPO_ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=stderr, text=True)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line.strip()) for line in process.stdout], daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 240
        while not began_import(seen):
            assert process.poll() is None and time.monotonic() < deadline, (seen, errors.read_text())
            try:
                seen.append(lines.get(timeout=0.5))
            except queue.Empty:
                pass
        while not (wal.exists() and wal.stat().st_size > WAL_GROWN):
            assert process.poll() is None and time.monotonic() < deadline, "the import ended before it was killed"
            time.sleep(0.002)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
        reader.join(timeout=10)
    while not lines.empty():
        seen.append(lines.get())

    assert process.returncode == -signal.SIGKILL
    after_plan = seen[seen.index(f"PLAN {ROWS}") + 1:]
    assert after_plan == ["SQL BEGIN IMMEDIATE"], after_plan  # killed inside the transaction: no COMMIT, no KLAAR
    assert state(db) == before
    with closing(sqlite3.connect(db)) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert check.execute("SELECT count(*) FROM import_change").fetchone()[0] == 1
    # and the store takes the next import as usual
    store = open_store(str(db))
    try:
        again = plan_import(b"naam;lat;lon\r\nNa de crash;51,01081;4,51677\r\n", "daarna.csv", store, boundaries,
                            ImportOptions(gemeente_nis="12025"))
        commit_import(store, again)
        assert store.count_partners() == 4 and len(store.list_imports()) == 2
    finally:
        store.close()
