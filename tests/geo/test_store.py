"""Both stores (an SQLite file, a PostGIS database): schema, CRUD, concurrency, atomic writes, demo rows.

Tests on ``store`` run on each backend; those on ``sqlite_store`` are about SQLite itself
(their PostGIS counterparts are in ``test_store_postgis.py``).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import psycopg
import pytest

from geo import texts
from geo.partners import Partner
from geo.store import ConcurrentEditError, StoreError, open_store
from geo.store.errors import NotFoundError
from geo.store.records import ImportRun
from geo.store.sqlite import SQLiteStore


def partner(naam: str = "Chiro Ter Elst", **changes) -> Partner:
    values = dict(naam=naam, categorie="jeugdbeweging", status="gecontacteerd", lat=51.0279, lon=4.4801,
                  gemeente_nis="12025", wijk_code="12025W03", email="leiding@example.be", bereik_m=800)
    return Partner(**{**values, **changes})


def rows(store) -> list[tuple]:
    """The partner table as another connection sees it, independent of the store."""
    if isinstance(store, SQLiteStore):
        with closing(sqlite3.connect(store.path)) as db:
            return db.execute("SELECT * FROM partner ORDER BY id").fetchall()
    with psycopg.connect(store.url) as db:
        return db.execute("SELECT * FROM partner ORDER BY id").fetchall()


def test_schema_is_migrated(sqlite_store):
    store, db_path = sqlite_store, sqlite_store.path
    assert store.schema_version() >= 1
    assert store.count_partners() == 0
    assert store.data_version() == 0
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"partner", "data_version", "meta", "schema_migrations"} <= tables
    assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_an_import_uses_a_larger_page_cache_only_while_it_writes(sqlite_store):
    store = sqlite_store
    settings = lambda: [store._db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
                        for name in ("cache_size", "synchronous", "journal_mode")]
    before = settings()
    run = store.apply_import(ImportRun(bestand="x.csv", modus="toevoegen"), [partner("Nieuw")], [], [])
    assert settings() == before and run.toegevoegd == 1
    with pytest.raises(ConcurrentEditError):
        store.apply_import(ImportRun(bestand="x.csv", modus="vervangen"), [partner("Nog")], [], ["weg"])
    assert settings() == before and store.count_partners() == 1


def test_add_get_list_count(store):
    first = store.add_partner(partner("Zonnebloem"))
    second, third = store.add_partners([partner("appelboom", gemeente_nis="11050", wijk_code="11050W01"),
                                        partner("Bibliotheek")])

    assert len({first.id, second.id, third.id}) == 3
    assert first.versie == 1 and first.aangemaakt == first.gewijzigd != ""
    assert store.get_partner(first.id) == first
    assert store.get_partner("bestaat-niet") is None
    assert [p.naam for p in store.list_partners()] == ["appelboom", "Bibliotheek", "Zonnebloem"]  # case-insensitive
    assert [p.naam for p in store.list_partners("11050")] == ["appelboom"]
    assert store.count_partners() == 3
    assert store.count_partners("12025") == 2
    assert store.count_partners("44021") == 0


def test_names_sort_alike_on_both_backends(store):
    store.add_partners([partner(n) for n in ("école", "Zebra", "Édouard", "appel", "Bos")])
    # SQLite's NOCASE folds ASCII letters only, then compares code points; PostGIS sorts the same way.
    assert [p.naam for p in store.list_partners()] == ["appel", "Bos", "Zebra", "Édouard", "école"]


def test_every_field_round_trips(store):
    original = partner(organisatie="Chiro", straat="Grote Markt", huisnummer="1", postcode="2800", plaats="Mechelen",
                       contactpersoon="An", telefoon="015 12 34 56", notities="é\nñ", demo=True)
    stored = store.add_partner(original)
    loaded = store.get_partner(stored.id)
    assert loaded == stored
    assert loaded.demo is True and loaded.lat == 51.0279 and loaded.notities == "é\nñ"
    without_location = store.add_partner(partner("Zonder", lat=None, lon=None, wijk_code="", bereik_m=None))
    assert store.get_partner(without_location.id).lat is None


def test_update(store):
    stored = store.add_partner(partner())
    updated = store.update_partner(stored.with_changes(naam="Chiro Ter Elst vzw", status="zet zich mee in"))

    assert updated.versie == 2
    assert updated.aangemaakt == stored.aangemaakt
    assert store.get_partner(stored.id) == updated
    assert store.get_partner(stored.id).naam == "Chiro Ter Elst vzw"


def test_delete(store):
    keep, gone = store.add_partners([partner("Blijft"), partner("Weg")])
    store.delete_partner(gone.id)
    assert store.get_partner(gone.id) is None
    assert [p.id for p in store.list_partners()] == [keep.id]


def test_delete_missing_partner(store):
    store.add_partner(partner())
    version = store.data_version()
    with pytest.raises(NotFoundError) as caught:
        store.delete_partner("bestaat-niet")
    assert str(caught.value) == texts.PARTNER_WEG
    assert store.count_partners() == 1
    assert store.data_version() == version


def test_update_missing_partner(store):
    with pytest.raises(NotFoundError):
        store.update_partner(partner(id="bestaat-niet", versie=1))


def test_data_survives_reopening(tmp_path):
    path = tmp_path / "blijvend.sqlite"
    first = open_store(str(path))
    stored = first.add_partner(partner())
    version = first.schema_version()
    first.close()

    again = open_store(f"sqlite:///{path}")
    try:
        assert again.get_partner(stored.id) == stored
        assert again.schema_version() == version
        assert again.data_version() == 1
        applied = [row[0] for row in again._db.execute("SELECT version FROM schema_migrations ORDER BY version")]
        assert applied[-1] == version and len(applied) == len(set(applied))  # each once (numbers may skip)
    finally:
        again.close()


def test_the_url_chooses_the_backend(tmp_path, postgis_database):
    from geo.store.postgis import PostgisStore

    for url, kind in ((str(tmp_path / "a.sqlite"), SQLiteStore), (f"sqlite:///{tmp_path / 'b.sqlite'}", SQLiteStore),
                      (postgis_database, PostgisStore),
                      (postgis_database.replace("postgresql://", "postgres://"), PostgisStore)):
        opened = open_store(url)
        try:
            assert isinstance(opened, kind)
        finally:
            opened.close()


def test_stale_update_is_refused(store):
    opened_by_an = store.add_partner(partner())
    opened_by_bart = store.get_partner(opened_by_an.id)
    saved_by_an = store.update_partner(opened_by_an.with_changes(naam="Chiro Ter Elst (An)"))
    before = rows(store)
    version = store.data_version()

    with pytest.raises(ConcurrentEditError) as caught:
        store.update_partner(opened_by_bart.with_changes(naam="Chiro Ter Elst (Bart)"))

    assert "intussen door iemand anders gewijzigd" in str(caught.value)
    assert "Chiro Ter Elst (An)" in str(caught.value)
    assert caught.value.current == saved_by_an
    assert rows(store) == before
    assert store.get_partner(opened_by_an.id).naam == "Chiro Ter Elst (An)"
    assert store.data_version() == version


def test_data_version_increases_on_every_write(store):
    seen = [store.data_version()]

    def changed():
        seen.append(store.data_version())
        assert seen[-1] > seen[-2]

    stored = store.add_partner(partner())
    changed()
    store.add_partners([partner("B"), partner("C")])
    changed()
    stored = store.update_partner(stored.with_changes(naam="A"))
    changed()
    store.delete_partner(stored.id)
    changed()
    assert store.list_partners() and store.count_partners() == 2  # reads do not count
    assert store.data_version() == seen[-1]


def test_failed_write_changes_nothing(store):
    store.add_partner(partner("Bestaand"))
    before, version = rows(store), store.data_version()

    with pytest.raises(StoreError) as caught:  # the second row breaks CHECK (naam not blank)
        store.add_partners([partner("Goed"), partner("   ")])

    assert str(caught.value).startswith("De gegevens zijn ongeldig en werden niet bewaard")
    assert rows(store) == before
    assert store.count_partners() == 1
    assert store.data_version() == version
    store.add_partner(partner("Daarna"))  # the store is still usable
    assert store.count_partners() == 2


@pytest.mark.parametrize("bad", [partner(status="misschien"), partner(lat=51.0, lon=None), partner(lat=95.0),
                                 partner(bereik_m=-1)])
def test_database_checks_guard_the_data(store, bad):
    with pytest.raises(StoreError, match="ongeldig"):
        store.add_partner(bad)
    assert store.count_partners() == 0


def test_locked_database(tmp_path):
    path = tmp_path / "bezet.sqlite"
    store = SQLiteStore(path, timeout=0.05)
    existing = store.add_partner(partner())
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as caught:
            store.add_partner(partner("Nieuw"))
        assert str(caught.value) == texts.STORE_BEZET
        with pytest.raises(StoreError, match="bezet"):
            store.update_partner(existing.with_changes(naam="Gewijzigd"))
        with pytest.raises(StoreError, match="bezet"):
            store.delete_partner(existing.id)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [p.naam for p in store.list_partners()] == ["Chiro Ter Elst"]
    assert store.data_version() == 1
    store.add_partner(partner("Nieuw"))  # free again
    assert store.count_partners() == 2
    store.close()


def demo_set(n: int = 3) -> list[Partner]:
    return [partner(f"Demo {i} (demo)") for i in range(n)]


def test_load_demo_only_into_empty_store_and_once(store):
    assert not store.has_demo()
    assert store.load_demo(demo_set()) == 3
    assert store.has_demo()
    assert all(p.demo and p.versie == 1 and p.id for p in store.list_partners())
    assert store.load_demo(demo_set()) == 0  # not empty
    assert store.count_partners() == 3

    assert store.remove_demo() == 3
    assert store.load_demo(demo_set()) == 0  # offered once: not back by itself
    assert store.count_partners() == 0
    assert store.load_demo(demo_set(), force=True) == 3
    assert store.count_partners() == 3


def test_load_demo_never_into_a_store_with_data(store):
    store.add_partner(partner("Echt"))
    assert store.load_demo(demo_set(), force=True) == 0
    assert [p.naam for p in store.list_partners()] == ["Echt"]
    assert not store.has_demo()


def test_remove_demo_removes_only_demo_rows(store):
    store.load_demo(demo_set())
    real = store.add_partner(partner("Echt"))
    version = store.data_version()

    assert store.remove_demo() == 3

    assert [p.id for p in store.list_partners()] == [real.id]
    assert not store.has_demo()
    assert store.data_version() > version
