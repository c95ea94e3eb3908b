"""The partner history (schema 10) on SQLite and PostGIS: kept at every write, rebuilt on migration, in backups."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

import geo.backup
import geo.store.postgis
import geo.store.sqlite
import geo.store.tables
from geo.backup import backup_gpkg, restore_gpkg
from geo.partners import Partner
from geo.store import open_store
from geo.store.records import ImportRun
from geo.store.rows import migrations
from tests.geo.clock import set_clock
from tests.geo.conftest import as_of_schema

NIS = "12025"


def partner(naam: str, status: str = "te contacteren", **changes) -> Partner:
    return Partner(naam=naam, categorie="school", status=status, lat=51.0279, lon=4.4801, gemeente_nis=NIS, **changes)


def statuses(store, naam: str | None = None) -> list[tuple]:
    """``(name, status)`` per history row, oldest first (status None: removed)."""
    frame = store.history_frame()
    rows = [(r.naam, r.status) for r in frame.itertuples()]
    return [r for r in rows if naam is None or r[0] == naam]


def test_every_partner_write_keeps_the_history_and_only_real_changes_count(store):
    chiro = store.add_partner(partner("Chiro"), door="an")
    chiro = store.update_partner(chiro.with_changes(status="gecontacteerd"), door="an")
    chiro = store.update_partner(chiro.with_changes(notities="bellen in mei", telefoon="015 12 34 56"), door="an")
    chiro = store.update_partner(chiro.with_changes(lat=51.03), door="an")  # moved: coverage changes
    store.delete_partner(chiro.id, door="an")
    deleted = store.audit_list(actie="verwijderd")[0]
    store.restore_partner(deleted.id, door="an")

    assert statuses(store) == [("Chiro", "te contacteren"), ("Chiro", "gecontacteerd"), ("Chiro", "gecontacteerd"),
                               ("Chiro", None), ("Chiro", "gecontacteerd")]
    frame = store.history_frame()
    assert list(frame["lat"].iloc[2:4]) == [51.03, 51.03] and set(frame["gereconstrueerd"]) == {0}
    assert list(frame["tijdstip"]) == sorted(frame["tijdstip"])


def test_imports_their_undo_and_the_demo_set_keep_the_history(store):
    kept = store.add_partner(partner("KWB"), door="an")
    gone = store.add_partner(partner("Gezinsbond"), door="an")
    run = store.apply_import(ImportRun(bestand="lijst.csv", modus="vervangen", gemeente_nis=NIS),
                             [partner("Natuurpunt", "communiceert mee")],
                             [kept.with_changes(status="zet zich mee in")], [gone.id])
    assert sorted(statuses(store)[2:], key=str) == sorted([("KWB", "zet zich mee in"), ("Gezinsbond", None),
                                                           ("Natuurpunt", "communiceert mee")], key=str)

    store.undo_import(run.id, door="an")

    assert sorted(statuses(store)[5:], key=str) == [("Gezinsbond", "te contacteren"), ("KWB", "te contacteren"),
                                           ("Natuurpunt", None)]
    store.delete_partner(kept.id)
    store.delete_partner(gone.id)
    store.load_demo([partner("Demo school")], force=True)
    store.remove_demo()
    assert statuses(store, "Demo school") == [("Demo school", "te contacteren"), ("Demo school", None)]


def test_a_failed_write_adds_no_history(store):
    chiro = store.add_partner(partner("Chiro"))
    store.update_partner(chiro.with_changes(status="gecontacteerd"))
    before = store.history_frame()

    with pytest.raises(Exception):
        store.update_partner(chiro.with_changes(status="haakt af"))  # read at an older version: refused

    assert store.history_frame().equals(before)


def test_the_history_of_a_municipality_includes_partners_that_moved_out_and_those_nearby(store):
    here = store.add_partner(partner("Hier"))
    store.update_partner(here.with_changes(gemeente_nis="12002"))  # moved to another municipality
    store.add_partner(Partner(naam="Buur", categorie="school", lat=51.0, lon=4.45, gemeente_nis="12002"))
    store.add_partner(Partner(naam="Ver", categorie="school", lat=50.8, lon=3.2, gemeente_nis="34022"))

    assert set(store.history_frame(NIS)["naam"]) == {"Hier"}
    assert set(store.history_frame(NIS, bbox=(4.40, 50.98, 4.55, 51.08))["naam"]) == {"Hier", "Buur"}
    store.add_partner(Partner(naam="Groot bereik", categorie="school", lat=50.8, lon=3.3, gemeente_nis="34022",
                              bereik_m=30_000))  # far away, but reaching far
    assert set(store.history_frame(NIS, bbox=(4.40, 50.98, 4.55, 51.08), reach_over=20_000)["naam"]) == {
        "Hier", "Buur", "Groot bereik"}


def test_migrating_from_schema_9_rebuilds_the_history_from_the_audit_log(empty_database, monkeypatch):
    module, url = empty_database.module, empty_database.url
    as_of_schema(monkeypatch, module, 9)
    old = open_store(url)
    assert old.schema_version() == 9

    def at(day: int):
        set_clock(monkeypatch, datetime(2026, 3, day, 9, tzinfo=timezone.utc))

    at(1)
    old.load_demo([partner("Demo school"), partner("Demo bib")], force=True)
    at(2)
    chiro = old.add_partner(partner("Chiro"), door="an")
    at(3)
    chiro = old.update_partner(chiro.with_changes(status="gecontacteerd"), door="an")
    at(4)
    chiro = old.update_partner(chiro.with_changes(notities="privé"), door="an")
    bib = next(p for p in old.list_partners() if p.naam == "Demo bib")
    old.update_partner(bib.with_changes(status="gecontacteerd"), door="an")
    at(5)
    run = old.apply_import(ImportRun(bestand="a.csv", modus="toevoegen", gemeente_nis=NIS),
                           [partner("Natuurpunt", "communiceert mee")], [chiro.with_changes(status="zet zich mee in")], [])
    at(6)
    natuurpunt = next(p for p in old.list_partners() if p.naam == "Natuurpunt")
    natuurpunt = old.update_partner(natuurpunt.with_changes(status="haakt af"), door="an")
    at(7)  # an import that adds one partner and updates another, undone the next day
    undone = old.apply_import(ImportRun(bestand="b.csv", modus="bijwerken", gemeente_nis=NIS), [partner("Weg")],
                              [natuurpunt.with_changes(status="zet zich mee in")], [])
    at(8)
    old.undo_import(undone.id, door="an")
    at(9)
    old.delete_partner(chiro.id, door="an")
    at(10)  # the version number the undone import wrote is given again, to another state
    natuurpunt = old.update_partner(old.get_partner(natuurpunt.id).with_changes(naam="Natuurpunt Mechelen"), door="an")
    at(11)
    old.remove_demo(door="an")
    assert run.id
    old.close()
    monkeypatch.undo()

    store = open_store(url)
    try:
        assert store.schema_version() == migrations(module.MIGRATIONS_PACKAGE)[-1][0]
        frame = store.history_frame()
        rows = sorted((r.tijdstip[:10], r.naam, str(r.status)) for r in frame.itertuples())
        # Not there, because nothing recorded them: "Weg" (only an undone import added it), the state the
        # undone import gave Natuurpunt, and "Demo school" (never edited, removed with the demo set).
        assert rows == [
            ("2026-03-01", "Demo bib", "te contacteren"),
            ("2026-03-02", "Chiro", "te contacteren"),
            ("2026-03-03", "Chiro", "gecontacteerd"),
            ("2026-03-04", "Demo bib", "gecontacteerd"),
            ("2026-03-05", "Chiro", "zet zich mee in"),
            ("2026-03-05", "Natuurpunt", "communiceert mee"),
            ("2026-03-06", "Natuurpunt", "haakt af"),
            ("2026-03-09", "Chiro", "None"),
            ("2026-03-10", "Natuurpunt Mechelen", "haakt af"),
            ("2026-03-11", "Demo bib", "None"),
        ]
        assert set(frame["gereconstrueerd"]) == {1}
        store.update_partner(natuurpunt.with_changes(status="gecontacteerd"))  # kept from now on
        assert statuses(store, "Natuurpunt Mechelen")[-1] == ("Natuurpunt Mechelen", "gecontacteerd")
        assert store.history_frame()["gereconstrueerd"].iloc[-1] == 0
    finally:
        store.close()


def test_a_backup_keeps_the_history_and_an_older_backup_gets_it_rebuilt(store, tmp_path, monkeypatch):
    set_clock(monkeypatch, datetime(2026, 2, 1, 9, tzinfo=timezone.utc))
    chiro = store.add_partner(partner("Chiro"), door="an")
    set_clock(monkeypatch, datetime(2026, 4, 1, 9, tzinfo=timezone.utc))
    store.update_partner(chiro.with_changes(status="communiceert mee"), door="an")
    expected = store.history_frame().drop(columns="id")
    data = backup_gpkg(store, "x")

    target = open_store(str(tmp_path / "doel.sqlite"))
    counts = restore_gpkg(target, data, door="beheer")
    assert counts["partner_historiek"] == 2
    assert target.history_frame().drop(columns="id").equals(expected)
    target.close()

    # A backup without history (made before schema 10): rebuilt from its audit lines.
    with monkeypatch.context() as then:
        as_of_schema(then, geo.store.sqlite, 9)
        old = open_store(str(tmp_path / "schema9.sqlite"))
        set_clock(then, datetime(2026, 2, 1, 9, tzinfo=timezone.utc))
        chiro = old.add_partner(partner("Chiro"), door="an")
        set_clock(then, datetime(2026, 4, 1, 9, tzinfo=timezone.utc))
        old.update_partner(chiro.with_changes(status="communiceert mee"), door="an")
        old_data = backup_gpkg(old, "x")
        old.close()
    again = open_store(str(tmp_path / "opnieuw.sqlite"))
    restore_gpkg(again, old_data, door="beheer")
    rebuilt = again.history_frame()
    assert [(r.tijdstip[:10], r.status) for r in rebuilt.itertuples()] == [("2026-02-01", "te contacteren"),
                                                                            ("2026-04-01", "communiceert mee")]
    assert set(rebuilt["gereconstrueerd"]) == {1}
    again.close()
