"""Real storage failures of the SQLite store: a read-only file or folder, a full disk.

Nothing is simulated. Read-only: the permission bits of a real file and folder, enforced by
the kernel on a separate process; as root (which ignores permission bits) that process runs
without any capability, so the bits hold for it as for any user. Full disk: a small real
``tmpfs`` filled with a ballast file, and SQLite's own page limit (``max_page_count``), which
makes SQLite report SQLITE_FULL exactly as a full disk does. Each test checks the Dutch
message and that the store holds exactly what it held before (all or nothing).

The locked file is tested in ``test_store.py`` (``test_locked_database``), the lost PostGIS
connection in ``test_store_postgis.py``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Callable, Iterator

import pytest

from geo import texts
from geo.partners import Partner
from geo.store import StoreError
from geo.store.records import ImportRun
from geo.store.sqlite import SQLiteStore

REPO_ROOT = Path(__file__).resolve().parents[2]
TABLES = ("partner", "import_run", "import_change", "meta", "data_version")


def partner(naam: str, **changes) -> Partner:
    values = dict(naam=naam, categorie="jeugdbeweging", status="gecontacteerd", lat=51.0279, lon=4.4801,
                  gemeente_nis="12025", wijk_code="12025W03", email="leiding@example.be", bereik_m=800)
    return Partner(**{**values, **changes})


def contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of the store's tables, read by a separate connection (not the store's).

    A read-write connection: when it is the last one, closing it removes the -wal and -shm files.
    """
    with closing(sqlite3.connect(path)) as db:
        return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in TABLES}


def big_import(n: int = 3000) -> tuple[ImportRun, list[Partner]]:
    """An import of ``n`` partners with long notes: several megabytes, more than the small disks hold."""
    run = ImportRun(bestand="groot.csv", modus="toevoegen", gemeente_nis="12025", gebruiker="test")
    return run, [partner(f"Groot {i}", notities="Veel tekst. " * 60) for i in range(n)]


# -- read-only -------------------------------------------------------------------------------

_WRITER = r"""
import json, sys
from geo.store.errors import StoreError
from geo.store.records import ImportRun
from geo.store.sqlite import SQLiteStore

path = sys.argv[1]
out = {}
try:
    open(path, "ab").close()
    out["file_writable"] = True
except PermissionError:
    out["file_writable"] = False
try:
    store = SQLiteStore(path, timeout=0.5)
except StoreError as exc:
    out["open"] = str(exc)
    print(json.dumps(out))
    sys.exit(0)
out["open"] = None
out["names"] = [p.naam for p in store.list_partners()]
out["data_version"] = store.data_version()
first = store.list_partners()[0]
run = ImportRun(bestand="nieuw.csv", modus="toevoegen", gemeente_nis="12025")
writes = {
    "add_partner": lambda: store.add_partner(first.with_changes(naam="Nieuw")),
    "update_partner": lambda: store.update_partner(first.with_changes(naam="Gewijzigd")),
    "delete_partner": lambda: store.delete_partner(first.id),
    "apply_import": lambda: store.apply_import(run, [first.with_changes(naam="Ingelezen")], [], []),
    "undo_import": lambda: store.undo_import(store.list_imports()[0].id),
    "setting_put": lambda: store.setting_put("dekking", "{}"),
    "remove_demo": lambda: store.remove_demo(),
}
out["writes"] = {}
for name, write in writes.items():
    try:
        write()
        out["writes"][name] = ["written", ""]
    except Exception as exc:
        out["writes"][name] = [type(exc).__name__, str(exc)]
print(json.dumps(out))
"""


def as_unprivileged(path: Path) -> dict:
    """Open the store at ``path`` in another process that file permissions apply to; try every write.

    As root the process keeps uid 0 (so it can still run the venv's Python under /root)
    but drops every capability, CAP_DAC_OVERRIDE included: the kernel then enforces the
    permission bits on it like on any user.
    """
    command = [sys.executable, "-c", _WRITER, str(path)]
    if os.geteuid() == 0:
        command = ["setpriv", "--inh-caps=-all", "--bounding-set=-all", "--", *command]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def filled_store(tmp_path) -> Path:
    """A closed store file with three partners (one a demo partner), one import and a setting."""
    folder = tmp_path / "alleen-lezen"
    store = SQLiteStore(folder / "partnerkaart.sqlite")
    store.load_demo([partner("Demo (demo)")])  # only into an empty store
    store.add_partners([partner("Chiro Ter Elst"), partner("Natuurpunt Mechelen")])
    store.apply_import(ImportRun(bestand="oud.csv", modus="toevoegen", gemeente_nis="12025"), [partner("KWB")], [], [])
    store.setting_put("dekking", '{"threshold": 0.5}')
    store.close()
    return Path(store.path)


def test_a_read_only_file_is_read_but_never_written(filled_store):
    path = filled_store
    before_bytes, before = path.read_bytes(), contents(path)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        seen = as_unprivileged(path)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)

    assert seen["file_writable"] is False  # the condition is real for that process
    assert seen["open"] is None
    assert seen["names"] == ["Chiro Ter Elst", "Demo (demo)", "KWB", "Natuurpunt Mechelen"]
    message = texts.STORE_ALLEEN_LEZEN.format(pad=path)
    assert "alleen-lezen" in message
    assert seen["writes"] == {name: ["StoreError", message] for name in seen["writes"]}
    assert len(seen["writes"]) == 7
    assert path.read_bytes() == before_bytes
    assert contents(path) == before


def test_a_read_only_folder_gives_a_dutch_message_and_changes_nothing(filled_store):
    path, folder = filled_store, filled_store.parent
    before_bytes, before = path.read_bytes(), contents(path)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    try:
        seen = as_unprivileged(path)
    finally:
        folder.chmod(stat.S_IRWXU)
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)

    assert seen["file_writable"] is False
    if seen["open"] is not None:  # a WAL file cannot be opened without its -shm file; said in Dutch
        prefix = texts.STORE_NIET_OPEN.split("{pad}")[0]
        assert seen["open"] == texts.STORE_ALLEEN_LEZEN.format(pad=path) or seen["open"].startswith(prefix + str(path))
    else:  # or it opens for reading and refuses every write
        assert seen["names"] == ["Chiro Ter Elst", "Demo (demo)", "KWB", "Natuurpunt Mechelen"]
        assert seen["writes"] == {name: ["StoreError", texts.STORE_ALLEEN_LEZEN.format(pad=path)]
                                  for name in seen["writes"]}
    assert sorted(p.name for p in folder.iterdir()) == [path.name]  # no journal files left behind
    assert path.read_bytes() == before_bytes
    assert contents(path) == before


# -- full disk -------------------------------------------------------------------------------


@pytest.fixture(params=["tmpfs", "page_limit"])
def full_disk(request, tmp_path) -> Iterator[tuple[SQLiteStore, Callable[[], None]]]:
    """``(store, make_room)``: a store with two partners and one import on a disk that is nearly full.

    ``tmpfs``: a 1 MiB tmpfs filled with a ballast file up to about 200 KiB free; ``make_room()``
    deletes the ballast. Where this process may not mount (no CAP_SYS_ADMIN, not root) it
    falls back to the page limit, the same SQLITE_FULL. ``page_limit``: SQLite's
    ``max_page_count`` a few pages above the current size; ``make_room()`` lifts it.
    """
    mountpoint = tmp_path / "schijf"
    mountpoint.mkdir()
    mounted = request.param == "tmpfs" and _mount_tmpfs(mountpoint)
    store = SQLiteStore(mountpoint / "partnerkaart.sqlite")
    try:
        store.add_partners([partner("Chiro Ter Elst"), partner("Natuurpunt Mechelen")])
        store.apply_import(ImportRun(bestand="oud.csv", modus="toevoegen", gemeente_nis="12025"), [partner("KWB")], [], [])
        if mounted:
            ballast = mountpoint / "ballast"
            free = os.statvfs(mountpoint).f_bavail * os.statvfs(mountpoint).f_frsize
            ballast.write_bytes(b"\0" * max(0, free - 200 * 1024))

            def make_room() -> None:
                ballast.unlink()
        else:
            pages = store._db.execute("PRAGMA page_count").fetchone()[0]  # the connection's own limit
            store._db.execute(f"PRAGMA max_page_count = {pages + 8}")

            def make_room() -> None:
                store._db.execute("PRAGMA max_page_count = 1073741823")
        yield store, make_room
    finally:
        store.close()
        if mounted:
            subprocess.run(["umount", str(mountpoint)], check=True)


def _mount_tmpfs(mountpoint: Path) -> bool:
    """Mount a 1 MiB tmpfs on ``mountpoint``; False where this process may not mount."""
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mountpoint)],
                              capture_output=True, timeout=30)
    except OSError:
        return False
    return done.returncode == 0


def test_an_import_that_does_not_fit_is_refused_whole_and_the_store_still_works(full_disk):
    store, make_room = full_disk
    path = Path(store.path)
    before = contents(path)
    names = [p.naam for p in store.list_partners()]
    run, added = big_import()

    with pytest.raises(StoreError) as caught:
        store.apply_import(run, added, [], [])

    assert str(caught.value) == texts.STORE_VOL
    assert contents(path) == before  # all or nothing: no partner, no import record, no change record
    assert [p.naam for p in store.list_partners()] == names == ["Chiro Ter Elst", "KWB", "Natuurpunt Mechelen"]
    assert store.count_partners() == 3 and len(store.list_imports()) == 1
    assert store.data_version() == dict(before["data_version"])[1]

    with pytest.raises(StoreError) as again:  # still full: the same message, still nothing written
        store.add_partners(added[:500])
    assert str(again.value) == texts.STORE_VOL
    assert contents(path) == before

    make_room()
    stored = store.add_partner(partner("Na het opruimen"))
    assert store.get_partner(stored.id).naam == "Na het opruimen"
    assert store.count_partners() == 4


def test_a_small_write_on_a_nearly_full_disk_still_fits(full_disk):
    store, _ = full_disk
    store.setting_put("dekking", '{"threshold": 0.4}')
    assert store.setting_get("dekking") == '{"threshold": 0.4}'
