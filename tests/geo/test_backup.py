"""Backup of the whole store as a GeoPackage, and its checked restore (both stores, and the CLI)."""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import psycopg
import pyogrio
import pytest
from shapely.geometry import Point

import geo.backup
import geo.store.sqlite
import geo.store.tables
from geo import texts
from geo.backup import BackupError, backup_gpkg, backup_info, restore_gpkg
from geo.campaign.records import Action, ActionPartner
from geo.candidates.records import Candidate, CandidateSource
from geo.context.records import ContextLayer, ContextObject
from geo.partners import Partner
from geo.store import StoreError, open_store
from geo.store.records import ImportRun, ShareLinkRecord, UserRecord
from tests.geo.conftest import as_of_schema

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = "partnerkaart_sjabloon"  # the migrated template database of tests/conftest.py
_TARGETS = itertools.count(1)
FORMULA = '=HYPERLINK("http://x";"klik") <script>alert(1)</script>'


def partner(naam: str, **changes) -> Partner:
    values = dict(naam=naam, categorie="jeugdbeweging", status="gecontacteerd", lat=51.0279, lon=4.4801,
                  gemeente_nis="12025", wijk_code="12025W03", email="leiding@example.be", notities="belt graag")
    return Partner(**{**values, **changes})


def fill(store, layers: bool = True, actions: bool = True, candidates: bool = True) -> None:
    """Something in every table: demo, located and unlocated partners, odd text, an undone import, context layers…"""
    store.load_demo([partner("Demo (demo)", demo=True)], door="systeem")
    store.add_partner(partner("Chiro Ter Elst", bereik_m=750, organisatie=""), door="an@example.be")
    store.add_partner(partner("Zonder plek", lat=None, lon=None, wijk_code="", straat="", email=""), door="an@example.be")
    odd = store.add_partner(partner(FORMULA, notities="+32 15 00 00 00\n@iedereen", plaats="Mechelen"), door="bo")
    store.update_partner(odd.with_changes(status="zet zich mee in"), door="bo")
    gone = store.add_partner(partner("Wordt verwijderd"), door="an@example.be")
    store.delete_partner(gone.id, door="an@example.be")
    kept = store.apply_import(ImportRun(bestand="leden.csv", modus="toevoegen", gemeente_nis="12025", gebruiker="an"),
                              [partner("Uit import")], [], [], sources=[("osm", "way/2")] if candidates else None)
    undone = store.apply_import(ImportRun(bestand="fout.csv", modus="toevoegen", gemeente_nis="12025", gebruiker="bo"),
                                [partner("Foutje"), partner("Nog een foutje", lat=None, lon=None)], [], [])
    store.undo_import(undone.id, door="bo")
    assert kept.id != undone.id
    store.setting_put("dekking", '{"drempel": 0.5, "vertrouwd": ["zet zich mee in"]}', door="an@example.be")
    store.mapping_put("naam|adres|soort", '{"naam": "naam", "soort": "categorie"}')
    store.user_add(UserRecord("an@example.be", "An", "$scrypt$n=16384$abc", "organisator", ("12025", "11050")))
    store.user_add(UserRecord("beheer@example.be", "Beheer", "$scrypt$n=16384$def", "beheerder"))
    store.share_add(ShareLinkRecord("hash-1", "12025", omschrijving="Voor de schepen", aangemaakt_door="an@example.be"))
    revoked = store.share_add(ShareLinkRecord("hash-2", "12025", verloopt="2027-06-30"))
    store.share_revoke(revoked.id)
    if layers:
        fill_layers(store)
    if actions:
        fill_actions(store)
    if candidates:
        fill_candidates(store)


ZONE = '{"type": "Polygon", "coordinates": [[[4.47, 51.02], [4.49, 51.02], [4.49, 51.03], [4.47, 51.02]]]}'


def fill_layers(store) -> None:
    """Context layers: one edited and refreshed, one with a zone and a note, one deleted (a gap in the ids)."""
    station = ContextObject(0, "Station Mechelen", 4.4832, 51.0178, "station", "", '{"capacity": 4}')
    cars = store.layer_add(ContextLayer("Cambio Mechelen", "deelauto", kleur="#117733", bron="gbfs", publiek=True,
                                        url="https://cambio.example/gbfs.json", ververs_minuten=15,
                                        bronvermelding="© Cambio"), [station], door="an@example.be")
    gone = store.layer_add(ContextLayer("Wordt verwijderd", "laadpunt"), [ContextObject(0, "Lader", 4.47, 51.02)])
    store.layer_delete(gone.id, door="an@example.be")
    store.layer_replace_objects(cars.id, [station, ContextObject(0, FORMULA, 4.4901, 51.0302, "car", "", "{}"),
                                          ContextObject(0, "", 4.5, 51.0)], opgehaald="2025-06-01T10:00:00+00:00")
    store.layer_update(replace(cars, naam="Cambio"), door="beheer@example.be")
    zones = store.layer_add(ContextLayer("Zones", "mobipunt", bestand="zones.geojson", bronvermelding="Eigen gegevens"),
                            [ContextObject(0, "Zone", 4.48, 51.025, "zone", ZONE)], door="an@example.be")
    store.layer_note(zones.id, "De laatste poging mislukte.\n<b>500</b>")


def fill_candidates(store) -> None:
    """Candidates: a kept list with a failed refresh's note, one dismissed (one was added by ``fill``'s import)."""
    found = [Candidate("12025", "osm", "node/1", FORMULA, "school", 51.0279, 4.4806, "school", postcode="2800"),
             Candidate("12025", "osm", "way/2", "Scouts Sint-Rombout", "jeugdbeweging", 51.0312, 4.4935, "scouts")]
    store.candidates_replace("12025", "osm", found, "2026-12-01T10:00:00+00:00")
    store.candidate_search_failed("12025", "osm", "Kandidaten vernieuwen lukte niet (HTTP 429).")
    store.candidate_dismiss(found[0], door="an@example.be")
    store.candidate_source_add(CandidateSource("Jeugdgroepen", "bestand", bestand="groepen.csv", kolom="soort",
                                               bronvermelding="De Ambrassade", aantal=1),
                               {"12025": [Candidate("12025", "", "7", "Chiro Sint-Jan", "jeugdbeweging", 51.03, 4.48)]},
                               door="beheer@example.be")


def fill_actions(store) -> None:
    """Joint actions: one with a point, partners and funding (edited), one with only a wijk, one deleted."""
    chiro = next(p for p in store.list_partners() if p.naam == "Chiro Ter Elst")
    salon = store.action_add(Action("Autodeelsalon", "autodeelsalon", "2026-03-12", "12025", lat=51.0279, lon=4.4801,
                                    wijk_code="12025W03", bereikt_wijk=True, bereikt=40, financiering="Buurtbudget",
                                    bedrag=250.0, notities=FORMULA,
                                    partners=(ActionPartner(chiro.id, "organiseert mee"),
                                              ActionPartner("verdwenen-partner", "communiceert mee"))), door="an")
    store.action_update(replace(salon, status="gedaan"), door="bo")
    store.action_add(Action("Artikel", "artikel", "2026-04-01", "12025", einddatum="2026-04-30", wijk_code="12025W01"))
    gone = store.action_add(Action("Wordt verwijderd", "proefrit", "2026-05-01", "12025"))
    store.action_delete(gone.id, door="an")


def typed(rows: list[dict]) -> list[tuple]:
    """Rows with the type of every value, in a stable order: 1 and 1.0, "" and None differ."""
    return sorted(tuple((k, type(v).__name__, v) for k, v in sorted(row.items())) for row in rows)


def accounts(store) -> list[tuple]:
    return [(u.email, u.naam, u.wachtwoord, u.rol, u.gemeenten, u.aangemaakt, u.gewijzigd) for u in store.user_list()]


def create_postgis_database(postgis_url: str) -> str:
    """A further fresh, migrated PostGIS database (the ``store`` fixture holds the test's own)."""
    name = f"herstel_{os.getpid()}_{next(_TARGETS)}"
    admin = postgis_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return postgis_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgis"])
def empty_target(request, tmp_path):
    """A second, empty store to restore into: an SQLite file or a fresh PostGIS database."""
    url = str(tmp_path / "hersteld.sqlite")
    if request.param == "postgis":
        url = create_postgis_database(request.getfixturevalue("postgis_url"))
    target = open_store(url)
    yield target
    target.close()
    if request.param == "postgis":
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


@pytest.fixture
def backup(tmp_path) -> bytes:
    """A backup of a filled SQLite store of its own (the ``store`` fixtures use another file)."""
    source = open_store(str(tmp_path / "bron-van-backup.sqlite"))
    fill(source)
    data = backup_gpkg(source, "Eigen gegevens · Wijken")
    source.close()
    return data


def assert_untouched(store) -> None:
    assert store.count_partners() == 0 and store.list_imports() == [] and store.audit_list() == []
    assert store.share_list() == [] and store.user_list() == [] and store.setting_get("dekking") is None
    assert store.layer_list() == [] and store.layer_objects() == []
    assert store.action_list() == []


# -- the round trip ----------------------------------------------------------------------


def test_a_backup_restores_every_table_exactly_into_an_empty_store(store, empty_target):
    fill(store)
    before = store.dump_tables()

    data = backup_gpkg(store, "Eigen gegevens")
    counts = restore_gpkg(empty_target, data, door="beheer@example.be")

    target = empty_target
    assert counts == {table: len(rows) for table, rows in before.items()}
    assert counts["partner"] == 5 and counts["import_run"] == 2 and counts["deellink"] == 2
    assert (counts["kandidaat"], counts["kandidaat_zoektocht"], counts["kandidaat_afwijzing"],
            counts["partner_bron"], counts["kandidaat_bron"]) == (3, 2, 1, 1, 1)
    assert target.candidate_sources() == store.candidate_sources()
    assert target.list_partners() == store.list_partners()
    assert target.candidate_list("12025") == store.candidate_list("12025")
    assert target.candidate_search("12025", "osm") == store.candidate_search("12025", "osm")
    assert target.dismissals() == store.dismissals() and target.partner_sources() == store.partner_sources()
    assert target.list_imports() == store.list_imports()
    assert target.share_list() == store.share_list()
    assert accounts(target) == accounts(store)
    assert target.setting_get("dekking") == store.setting_get("dekking")
    assert target.mapping_get("naam|adres|soort") == store.mapping_get("naam|adres|soort")
    restored_log = target.audit_list()
    assert restored_log[0].actie == "hersteld uit backup" and restored_log[0].gebruiker == "beheer@example.be"
    assert restored_log[1:] == store.audit_list()
    after = target.dump_tables()
    for table in ("partner", "import_run", "import_change", "meta", "column_mapping", "deellink", "context_laag",
                  "context_object", "actie", "actie_partner", "kandidaat", "kandidaat_zoektocht", "kandidaat_afwijzing",
                  "partner_bron", "kandidaat_bron"):
        assert typed(after[table]) == typed(before[table]), table
    assert typed(after["audit"][:-1]) == typed(before["audit"])
    odd = next(p for p in target.list_partners() if p.naam == FORMULA)
    assert odd.notities == "+32 15 00 00 00\n@iedereen" and odd.organisatie == "" and odd.versie == 2
    assert next(p for p in target.list_partners() if p.naam == "Demo (demo)").demo is True
    assert target.has_demo()
    unlocated = next(p for p in target.list_partners() if p.naam == "Zonder plek")
    assert unlocated.lat is None and unlocated.lon is None and unlocated.email == ""
    assert type(next(p for p in target.list_partners() if p.naam == "Chiro Ter Elst").bereik_m) is int
    assert counts["context_laag"] == 2 and counts["context_object"] == 4
    assert target.layer_list() == store.layer_list() and target.layer_objects() == store.layer_objects()
    assert target.layer_objects_frame().equals(store.layer_objects_frame())
    cars = next(x for x in target.layer_list() if x.naam == "Cambio")
    assert (cars.publiek, cars.versie, cars.objecten, cars.ververs_minuten) == (True, 2, 3, 15)
    # The identity counters go on after the restored ids (PostgreSQL's too): new rows get new ids.
    added = target.layer_add(ContextLayer("Na het terugzetten", "station"), [ContextObject(0, "Nieuw", 4.4, 51.0)])
    assert added.id == max(x.id for x in store.layer_list()) + 1
    target.layer_replace_objects(cars.id, [ContextObject(0, "Vernieuwd", 4.4, 51.0)], opgehaald="nu")
    assert {o.naam for o in target.layer_objects()} == {"Nieuw", "Vernieuwd", "Zone"}
    # The actions, their partners (also a deleted one) and the deleted action that can still be put back.
    assert counts["actie"] == 2 and counts["actie_partner"] == 2
    assert target.action_list() == store.action_list()
    salon = next(a for a in target.action_list() if a.titel == "Autodeelsalon")
    assert (salon.status, salon.versie, salon.bedrag, salon.bereikt_wijk, salon.notities) == ("gedaan", 2, 250.0, True,
                                                                                             FORMULA)
    deleted = next(e for e in target.audit_list() if e.actie == texts.ACTIE_VERWIJDERD)
    assert target.action_restore(deleted.id, door="beheer").titel == "Wordt verwijderd"


def test_the_backup_is_a_geopackage_that_gis_software_reads(sqlite_store, backup, tmp_path):
    path = tmp_path / "backup.gpkg"
    path.write_bytes(backup)

    layers = dict(pyogrio.list_layers(path))
    assert layers["partners"] == "Point"
    assert layers["context_objecten"] == "Point"
    assert all(layers[name] is None for name in ("import_run", "import_change", "audit", "meta", "column_mapping",
                                                 "gebruiker", "deellink", "context_laag", "partnerkaart_backup"))
    with sqlite3.connect(path) as db:
        kinds = dict(db.execute("SELECT table_name, data_type FROM gpkg_contents").fetchall())
    assert kinds["partners"] == "features" and kinds["audit"] == kinds["partnerkaart_backup"] == "attributes"
    partners = gpd.read_file(path, layer="partners", engine="pyogrio")
    assert partners.crs.to_epsg() == 4326 and len(partners) == 5
    assert {"id", "naam", "lat", "lon", "bereik_m", "demo", "versie", "bediend_gebied", "notities"} <= set(partners.columns)
    located = partners.set_index("naam").loc["Chiro Ter Elst"]
    assert located.geometry.equals(Point(4.4801, 51.0279))
    assert partners.set_index("naam").loc["Zonder plek"].geometry is None
    info = backup_info(backup)
    assert info.app == "Partnerkaart" and info.formaat == 1 and info.schemaversie == sqlite_store.schema_version()
    assert info.bronnen == "Eigen gegevens · Wijken" and info.aangemaakt.startswith("20")
    assert info.rijen["partner"] == 5 and info.rijen["gebruiker"] == 2
    assert info.controlesom.startswith("sha256:") and len(info.controlesom) == len("sha256:") + 64
    assert pyogrio.read_info(path, layer="partners")["layer_metadata"] == {"BRONNEN": "Eigen gegevens · Wijken"}
    objects = gpd.read_file(path, layer="context_objecten", engine="pyogrio")
    assert objects.crs.to_epsg() == 4326 and len(objects) == 4 and info.rijen["context_object"] == 4
    assert {"id", "laag_id", "naam", "lon", "lat", "detail", "geometrie", "eigenschappen"} <= set(objects.columns)
    assert objects.set_index("naam").loc["Station Mechelen"].geometry.equals(Point(4.4832, 51.0178))
    actions = gpd.read_file(path, layer="acties", engine="pyogrio").set_index("titel")
    assert layers["acties"] == "Point" and layers["actie_partner"] is None and info.rijen["actie"] == 2
    assert actions.loc["Autodeelsalon"].geometry.equals(Point(4.4801, 51.0279)) and actions.loc["Artikel"].geometry is None
    assert pyogrio.read_info(path, layer="context_objecten")["layer_metadata"] == {"BRONNEN": "© Cambio · Eigen gegevens"}
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT publiek, naam FROM context_laag ORDER BY id").fetchall() == [(1, "Cambio"), (0, "Zones")]


def test_an_empty_store_backs_up_and_restores(store, tmp_path):
    data = backup_gpkg(store, ["Bron A", "Bron B"])
    assert backup_info(data).bronnen == "Bron A · Bron B"
    target = open_store(str(tmp_path / "leeg.sqlite"))
    assert restore_gpkg(target, data, door="cli") == {t: 0 for t in backup_info(data).rijen}
    assert target.count_partners() == 0 and [e.actie for e in target.audit_list()] == ["hersteld uit backup"]
    target.close()


# -- refusals: nothing is written ---------------------------------------------------------


def test_a_restore_into_a_store_with_data_is_refused_and_changes_nothing(store):
    fill(store)
    data = backup_gpkg(store, "x")
    before = store.dump_tables()

    with pytest.raises(StoreError) as refused:
        restore_gpkg(store, data, door="beheer@example.be")

    assert str(refused.value) == texts.HERSTEL_NIET_LEEG
    assert store.dump_tables() == before


def test_an_other_geopackage_is_refused(store, tmp_path):
    path = tmp_path / "ander.gpkg"
    gpd.GeoDataFrame({"naam": ["Iets"]}, geometry=[Point(4.48, 51.03)], crs=4326).to_file(path, layer="partners")

    with pytest.raises(BackupError) as refused:
        restore_gpkg(store, path.read_bytes(), door="beheer")

    assert str(refused.value) == texts.BACKUP_GEEN_PARTNERKAART and "geen backup van Partnerkaart" in str(refused.value)
    assert_untouched(store)


@pytest.mark.parametrize("keep", [lambda n: n // 2, lambda n: n - 1, lambda n: 4096, lambda n: 60],
                         ids=["half", "one-byte-short", "first-page", "inside-the-header"])
def test_a_truncated_backup_is_refused(sqlite_store, backup, keep):
    store = sqlite_store
    with pytest.raises(BackupError) as refused:
        restore_gpkg(store, backup[:keep(len(backup))], door="beheer")

    if keep(len(backup)) < 100:  # not even the file header: nothing says it is a GeoPackage
        assert str(refused.value) == texts.BACKUP_GEEN_GEOPACKAGE
    else:
        assert "De backup is beschadigd of onvolledig" in str(refused.value)
    assert_untouched(store)


@pytest.mark.parametrize("data", [b"", b"naam;soort\r\nChiro;jeugd\r\n", b"PK\x03\x04" + bytes(500)],
                         ids=["leeg", "csv", "zip"])
def test_a_file_that_is_no_geopackage_is_refused(sqlite_store, data):
    with pytest.raises(BackupError, match="geen GeoPackage"):
        restore_gpkg(sqlite_store, data, door="beheer")
    assert_untouched(sqlite_store)


def test_an_sqlite_database_is_no_geopackage(sqlite_store, tmp_path):
    other = open_store(str(tmp_path / "andere.sqlite"))
    other.add_partner(partner("Elders"))
    other.close()
    with pytest.raises(BackupError) as refused:
        restore_gpkg(sqlite_store, (tmp_path / "andere.sqlite").read_bytes(), door="beheer")
    assert str(refused.value) == texts.BACKUP_GEEN_GEOPACKAGE
    assert_untouched(sqlite_store)


def edited(backup: bytes, tmp_path: Path, *statements: str) -> bytes:
    path = tmp_path / "bewerkt.gpkg"
    path.write_bytes(backup)
    with sqlite3.connect(path) as db:
        for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):  # GDAL's R-tree triggers of a point layer
            db.create_function(name, 1, lambda geometry: 0)
        for statement in statements:
            db.execute(statement)
    db.close()
    return path.read_bytes()


def test_a_backup_from_a_newer_schema_or_format_is_refused(sqlite_store, backup, tmp_path):
    current = sqlite_store.schema_version()
    newer_schema = edited(backup, tmp_path, f"UPDATE partnerkaart_backup SET schemaversie = {current + 1}")
    with pytest.raises(BackupError) as refused:
        restore_gpkg(sqlite_store, newer_schema, door="beheer")
    assert str(refused.value) == texts.BACKUP_SCHEMA_NIEUWER.format(backup=current + 1, hier=current)

    newer_format = edited(backup, tmp_path, "UPDATE partnerkaart_backup SET formaat = 2")
    with pytest.raises(BackupError, match="nieuwere versie van Partnerkaart"):
        restore_gpkg(sqlite_store, newer_format, door="beheer")
    assert_untouched(sqlite_store)


def test_a_backup_missing_a_layer_or_rows_is_refused(sqlite_store, backup, tmp_path):
    without_links = edited(backup, tmp_path, "DROP TABLE deellink", "DELETE FROM gpkg_contents WHERE table_name = 'deellink'",
                           "DELETE FROM gpkg_ogr_contents WHERE table_name = 'deellink'")
    with pytest.raises(BackupError) as refused:
        restore_gpkg(sqlite_store, without_links, door="beheer")
    assert str(refused.value) == texts.BACKUP_LAGEN_ONTBREKEN.format(lagen="deellink")

    fewer_partners = edited(backup, tmp_path, "DELETE FROM partners WHERE naam = 'Zonder plek'")
    with pytest.raises(BackupError, match="ontbreken rijen in partners"):
        restore_gpkg(sqlite_store, fewer_partners, door="beheer")
    assert_untouched(sqlite_store)


def test_a_backup_larger_than_the_limit_is_refused(sqlite_store, backup, tmp_path):
    with pytest.raises(BackupError, match="te groot"):
        restore_gpkg(sqlite_store, backup, door="beheer", max_bytes=len(backup) - 1)
    assert_untouched(sqlite_store)
    target = open_store(str(tmp_path / "groot-genoeg.sqlite"))
    assert restore_gpkg(target, backup, door="beheer", max_bytes=len(backup))["partner"] == 5
    target.close()


@pytest.mark.parametrize("change", [
    "UPDATE import_run SET bestand = 'ander.csv' WHERE bestand = 'leden.csv'",
    "UPDATE context_objecten SET detail = 'auto' WHERE naam = 'Station Mechelen'",
    "UPDATE context_laag SET publiek = 1 WHERE naam = 'Zones'",
], ids=["import", "context-object", "context-laag"])
def test_a_backup_changed_afterwards_is_refused(sqlite_store, backup, tmp_path, change):
    changed = edited(backup, tmp_path, change)
    with pytest.raises(BackupError) as refused:
        restore_gpkg(sqlite_store, changed, door="beheer")
    assert str(refused.value) == texts.BACKUP_BESCHADIGD.format(fout=texts.BACKUP_CONTROLESOM)
    assert_untouched(sqlite_store)



def test_a_backup_of_schema_6_restores_with_no_context_layers(empty_target, tmp_path, monkeypatch):
    """Made as Partnerkaart made it then: a store of schema 6, and only the tables a backup held then."""
    with monkeypatch.context() as then:
        as_of_schema(then, geo.store.sqlite, 6)
        old = open_store(str(tmp_path / "schema6.sqlite"))
        fill(old, layers=False, actions=False, candidates=False)
        data = backup_gpkg(old, "x")
        partners = old.list_partners()
        old.close()
    path = tmp_path / "schema6.gpkg"
    path.write_bytes(data)
    assert not {"context_laag", "context_objecten"} & {name for name, _ in pyogrio.list_layers(path)}
    assert backup_info(data).schemaversie == 6 and "context_laag" not in backup_info(data).rijen

    counts = restore_gpkg(empty_target, data, door="beheer")

    assert counts["partner"] == 5 and counts["context_laag"] == counts["context_object"] == 0
    assert empty_target.list_partners() == partners and empty_target.layer_list() == []
    assert empty_target.layer_add(ContextLayer("Eerste laag", "station"), []).id == 1


def test_a_backup_of_schema_7_restores_with_no_actions(empty_target, tmp_path, monkeypatch):
    """Made as Partnerkaart made it before actions existed: schema 7, without the action tables."""
    with monkeypatch.context() as then:
        as_of_schema(then, geo.store.sqlite, 7)
        old = open_store(str(tmp_path / "schema7.sqlite"))
        fill(old, actions=False, candidates=False)
        data = backup_gpkg(old, "x")
        layers = old.layer_list()
        old.close()
    assert backup_info(data).schemaversie == 7 and "actie" not in backup_info(data).rijen

    counts = restore_gpkg(empty_target, data, door="beheer")

    assert counts["context_laag"] == 2 and counts["actie"] == counts["actie_partner"] == 0
    assert empty_target.layer_list() == layers and empty_target.action_list() == []


def test_a_store_with_an_action_is_no_empty_store(store):
    data = backup_gpkg(store, "x")
    store.action_add(Action("Infoavond", "infomoment", "2026-03-12", "12025"))
    before = store.dump_tables()

    with pytest.raises(StoreError):
        restore_gpkg(store, data, door="beheer")
    assert store.dump_tables() == before


def test_a_backup_of_schema_7_without_its_context_layers_is_refused(sqlite_store, backup, tmp_path):
    without = edited(backup, tmp_path, "DROP TABLE context_laag", "DELETE FROM gpkg_contents WHERE table_name = 'context_laag'",
                     "DELETE FROM gpkg_ogr_contents WHERE table_name = 'context_laag'")
    with pytest.raises(BackupError) as refused:
        restore_gpkg(sqlite_store, without, door="beheer")
    assert str(refused.value) == texts.BACKUP_LAGEN_ONTBREKEN.format(lagen="context_laag")
    assert_untouched(sqlite_store)


def test_a_store_with_a_context_layer_is_no_empty_store(store):
    data = backup_gpkg(store, "x")
    store.layer_add(ContextLayer("Cambio", "deelauto"), [])
    before = store.dump_tables()
    with pytest.raises(StoreError) as refused:
        restore_gpkg(store, data, door="beheer")
    assert str(refused.value) == texts.HERSTEL_NIET_LEEG and store.dump_tables() == before


@pytest.mark.parametrize("statements, refusal", [
    (["DROP TABLE deellink", "CREATE VIEW deellink AS WITH RECURSIVE r(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM r) "
      "SELECT * FROM r"], texts.GPKG_VIEW.format(wat=texts.GPKG_WAT_BACKUP, naam="deellink")),
    (["CREATE VIRTUAL TABLE zoek USING fts5(naam)"], texts.GPKG_VIRTUELE_TABEL.format(wat=texts.GPKG_WAT_BACKUP, naam="zoek")),
], ids=["never-ending-view", "virtual-table"])
def test_a_backup_with_a_view_or_virtual_table_is_refused_before_it_is_read(sqlite_store, backup, tmp_path, statements,
                                                                            refusal):
    """A view runs a query whenever GDAL reads it (this one never ends): SQLite alone refuses it first."""
    hostile = edited(backup, tmp_path, *statements)
    with pytest.raises(BackupError) as refused:
        restore_gpkg(sqlite_store, hostile, door="beheer")
    assert str(refused.value) == texts.BACKUP_ONVEILIG.format(reden=refusal)
    with pytest.raises(BackupError, match="Er is niets gewijzigd"):
        backup_info(hostile)
    assert_untouched(sqlite_store)


def test_a_restore_that_fails_in_the_store_writes_nothing(store, tmp_path, monkeypatch):
    source = open_store(str(tmp_path / "bron.sqlite"))
    fill(source)
    dump = source.dump_tables()
    dump["import_run"][-1]["modus"] = "onbekend"  # refused by the store, after the partners were written
    monkeypatch.setattr(source, "dump_tables", lambda: dump)
    data = backup_gpkg(source, "x")
    source.close()

    with pytest.raises(StoreError):
        restore_gpkg(store, data, door="beheer")

    assert_untouched(store)


# -- the command line -----------------------------------------------------------------------


@pytest.fixture
def geo_cli(tmp_path):
    """``geo_cli.run(*args, db=URL)``: ``python -m geo`` in a subprocess on the store ``db``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERKAART_")}
    env.update({"PARTNERKAART_GEOCODER": "none", "PARTNERKAART_DEMO": "nee", "PARTNERKAART_TEGELS": "none",
                "PARTNERKAART_INSTELLINGEN": str(tmp_path / "bestaat-niet.toml")})

    def run(*args: str, db: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO_ROOT, env={**env, "PARTNERKAART_DB": db},
                              capture_output=True, text=True, encoding="utf-8", timeout=120)

    return SimpleNamespace(run=run)


def test_cli_backup_then_restore_into_another_store(geo_cli, tmp_path, postgis_database):
    source = tmp_path / "bron.sqlite"
    store = open_store(str(source))
    fill(store)
    out = tmp_path / "backup.gpkg"

    made = geo_cli.run("backup", "--out", str(out), db=str(source))

    assert made.returncode == 0, made.stderr
    assert f"Backup geschreven naar {out}" in made.stdout and "  partners: 5\n" in made.stdout
    assert "  accounts: 2\n" in made.stdout and backup_info(out.read_bytes()).rijen["partner"] == 5
    assert "  contextlagen: 2\n" in made.stdout and "  objecten van contextlagen: 4\n" in made.stdout

    restored = geo_cli.run("restore", str(out), db=postgis_database)

    assert restored.returncode == 0, restored.stderr
    assert "teruggezet" in restored.stdout and "  partners: 5\n" in restored.stdout and "  deellinks: 2\n" in restored.stdout
    target = open_store(postgis_database)
    assert target.list_partners() == store.list_partners() and target.list_imports() == store.list_imports()
    assert target.audit_list()[1:] == store.audit_list() and target.audit_list()[0].gebruiker == "cli"
    assert accounts(target) == accounts(store) and target.share_list() == store.share_list()
    assert target.layer_list() == store.layer_list() and target.layer_objects() == store.layer_objects()
    target.close()

    again = geo_cli.run("restore", str(out), db=postgis_database)

    assert again.returncode == 2 and texts.HERSTEL_NIET_LEEG in again.stderr and again.stdout == ""
    store.close()


def test_cli_restore_refuses_bad_files_with_the_reason(geo_cli, tmp_path):
    db = str(tmp_path / "doel.sqlite")
    not_gpkg = tmp_path / "partners.csv"
    not_gpkg.write_text("naam;soort\nChiro;jeugd\n", encoding="utf-8")

    wrong = geo_cli.run("restore", str(not_gpkg), db=db)
    missing = geo_cli.run("restore", str(tmp_path / "bestaat-niet.gpkg"), db=db)
    unwritable = geo_cli.run("backup", "--out", str(tmp_path / "geen-map" / "b.gpkg"), db=db)

    assert wrong.returncode == 2 and texts.BACKUP_GEEN_GEOPACKAGE in wrong.stderr
    assert missing.returncode == 2 and "kon niet gelezen worden" in missing.stderr
    assert unwritable.returncode == 2 and "kon niet geschreven worden" in unwritable.stderr
    target = open_store(db)
    assert target.count_partners() == 0 and target.audit_list() == []
    target.close()
