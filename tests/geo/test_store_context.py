"""Both stores (an SQLite file, a PostGIS database): context layers and their objects.

Adding, listing, editing with a version check, refreshing all or nothing, a note on a failed
refresh, deleting with the objects; the checks at the store boundary with their Dutch
messages; audit lines and the data version; 50,000 objects; the migration of a database of
schema 6 (made by the migrations as they were then).
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import replace

import numpy as np
import psycopg
import pytest

import geo.store.context_tables as context_tables
from geo import texts
from geo.context.records import KINDS, SOURCES, ContextLayer, ContextObject
from geo.partners import Partner
from geo.store import ConcurrentEditError, StoreError, open_store
from geo.store.context_tables import LAYER_LIMITS, MAX_VERVERS_MINUTEN
from geo.store.errors import NotFoundError
from geo.store.rows import migrations
from tests.geo.conftest import as_of_schema


def layer(naam: str = "Cambio Mechelen", **changes) -> ContextLayer:
    values = dict(naam=naam, soort="deelauto", kleur="#117733", symbool="auto", bron="gbfs",
                  url="https://cambio.example/gbfs.json", publiek=True, ververs_minuten=15, bronvermelding="© Cambio")
    return ContextLayer(**{**values, **changes})


def thing(naam: str = "Station Mechelen", lon: float = 4.4832, lat: float = 51.0178, **changes) -> ContextObject:
    return ContextObject(**{"laag_id": 0, "naam": naam, "lon": lon, "lat": lat, "detail": "station", **changes})


ZONE = json.dumps({"type": "Polygon", "coordinates": [[[4.47, 51.02], [4.49, 51.02], [4.49, 51.03], [4.47, 51.02]]]})


def stored(objects: list[ContextObject], layer_id: int) -> list[ContextObject]:
    """The objects as the store gives them back: with the layer's id."""
    return [ContextObject(layer_id, o.naam, float(o.lon), float(o.lat), o.detail, o.geometrie, o.eigenschappen)
            for o in objects]


# -- adding, reading ---------------------------------------------------------------------


def test_a_layer_is_added_with_its_objects_and_read_back(store):
    objects = [thing(), thing("Zone Nekkerspoel", 4.48, 51.025, detail="zone", geometrie=ZONE),
               thing("Tweede auto", 4.4901, 51.0302, eigenschappen='{"vehicle_type_id": "car", "bereik": 300}')]
    added = store.layer_add(layer(opgehaald="2025-06-01T08:00:00+00:00"), objects, door="an@example.be")

    assert added.id > 0 and added.versie == 1 and added.objecten == 3
    assert added.aangemaakt == added.gewijzigd and added.aangemaakt.startswith("20")
    assert added.opgehaald == "2025-06-01T08:00:00+00:00"
    assert store.layer_get(added.id) == added
    assert store.layer_list() == [added]
    assert store.layer_objects() == store.layer_objects([added.id]) == stored(objects, added.id)
    assert type(store.layer_get(added.id).publiek) is bool and store.layer_get(added.id).ververs_minuten == 15
    assert store.layer_get(added.id + 1) is None


def test_layers_are_listed_by_name_and_objects_read_per_layer(store):
    cars = store.layer_add(layer("deelauto's"), [thing("a"), thing("b")])
    stations = store.layer_add(layer("Stations NMBS", soort="station", bron="gtfs"), [thing("Mechelen")])
    empty = store.layer_add(layer("Ándere", soort="ander", bron="bestand", url="", bestand="zones.geojson"), [])

    assert [x.naam for x in store.layer_list()] == ["deelauto's", "Stations NMBS", "Ándere"]
    assert [x.objecten for x in store.layer_list()] == [2, 1, 0]
    assert empty.opgehaald  # a layer's first copy is its creation
    assert [o.naam for o in store.layer_objects([stations.id, cars.id])] == ["a", "b", "Mechelen"]
    assert store.layer_objects([empty.id]) == [] and store.layer_objects([]) == []
    assert [o.naam for o in store.layer_objects([stations.id])] == ["Mechelen"]


def test_the_objects_as_a_table_with_the_kind_of_their_layer(store):
    cars = store.layer_add(layer(), [thing("a", 4.1, 51.1), thing("b", 4.2, 51.2)])
    stations = store.layer_add(layer("Stations", soort="station", bron="gtfs"), [thing("c", 4.3, 51.3, detail="")])

    frame = store.layer_objects_frame()
    assert list(frame.columns) == ["laag_id", "naam", "lon", "lat", "detail", "geometrie", "eigenschappen", "soort"]
    assert frame["lon"].dtype == np.float64 and frame["lat"].dtype == np.float64 and frame["laag_id"].dtype == np.int64
    assert frame.values.tolist() == [[cars.id, "a", 4.1, 51.1, "station", "", "{}", "deelauto"],
                                     [cars.id, "b", 4.2, 51.2, "station", "", "{}", "deelauto"],
                                     [stations.id, "c", 4.3, 51.3, "", "", "{}", "station"]]
    assert store.layer_objects_frame([stations.id])["naam"].tolist() == ["c"]
    empty = store.layer_objects_frame([])
    assert len(empty) == 0 and list(empty.columns) == list(frame.columns) and empty["lon"].dtype == np.float64


def test_fifty_thousand_objects_are_stored_and_read_back(store):
    rng = random.Random(11)
    objects = [thing(f"Deelauto {i}", round(2.55 + rng.random() * 3.3, 6), round(50.69 + rng.random() * 0.8, 6),
                     detail="car" if i % 3 else "station", eigenschappen=json.dumps({"n": i}))
               for i in range(50_000)]
    added = store.layer_add(layer(), objects)

    assert added.objecten == 50_000 and store.layer_get(added.id).objecten == 50_000
    assert store.layer_objects() == stored(objects, added.id)
    frame = store.layer_objects_frame([added.id])
    assert len(frame) == 50_000 and frame["naam"].iloc[-1] == "Deelauto 49999"
    assert frame["lon"].tolist() == [o.lon for o in objects] and frame["lat"].tolist() == [o.lat for o in objects]

    refreshed = store.layer_replace_objects(added.id, objects[::-1], opgehaald="2025-06-01T09:00:00+00:00")
    assert refreshed.objecten == 50_000 and store.layer_objects()[0].naam == "Deelauto 49999"


# -- editing ------------------------------------------------------------------------------


def test_a_layer_is_edited_with_a_version_check(store):
    added = store.layer_add(layer(), [thing()], door="an")
    edited = store.layer_update(replace(added, naam="Cambio", publiek=False, kleur="#AA3377", ververs_minuten=0),
                                door="bo")

    assert (edited.naam, edited.publiek, edited.kleur, edited.ververs_minuten) == ("Cambio", False, "#AA3377", 0)
    assert edited.versie == 2 and edited.gewijzigd >= added.gewijzigd and edited.aangemaakt == added.aangemaakt
    assert edited.objecten == 1 and store.layer_get(added.id) == edited
    entry = store.audit_list(actie="laag gewijzigd")[0]
    assert entry.gebruiker == "bo" and entry.naam == "Cambio"
    assert json.loads(entry.voor) == {"naam": "Cambio Mechelen", "kleur": "#117733", "publiek": True, "ververs_minuten": 15}
    assert json.loads(entry.na) == {"naam": "Cambio", "kleur": "#AA3377", "publiek": False, "ververs_minuten": 0}

    with pytest.raises(ConcurrentEditError) as conflict:  # someone else saved version 2 meanwhile
        store.layer_update(replace(added, naam="Oud"), door="an")
    assert str(conflict.value) == texts.LAAG_INTUSSEN_GEWIJZIGD.format(naam="Cambio", gewijzigd=edited.gewijzigd)
    assert conflict.value.current == edited and store.layer_get(added.id) == edited

    with pytest.raises(NotFoundError) as missing:
        store.layer_update(replace(edited, id=added.id + 99))
    assert str(missing.value) == texts.LAAG_WEG


def test_only_what_a_beheerder_may_change_is_changed(store):
    added = store.layer_add(layer(bestand="", opgehaald="2025-01-01T00:00:00+00:00"), [thing()])
    attempt = replace(added, bron="geojson", opgehaald="nooit", bestand="x.csv", aangemaakt="gisteren",
                      url="https://elders.example/feed.geojson", melding="Handmatig nagekeken.")

    edited = store.layer_update(attempt)

    assert (edited.bron, edited.opgehaald, edited.bestand, edited.aangemaakt) == (
        "gbfs", "2025-01-01T00:00:00+00:00", "", added.aangemaakt)
    assert edited.url == "https://elders.example/feed.geojson" and edited.melding == "Handmatig nagekeken."
    assert store.layer_get(added.id) == edited


# -- refreshing ------------------------------------------------------------------------


def test_a_refresh_replaces_every_object_and_keeps_the_version(store):
    added = store.layer_add(layer(), [thing("oud 1"), thing("oud 2")])
    other = store.layer_add(layer("Ander"), [thing("blijft")])

    refreshed = store.layer_replace_objects(added.id, [thing("nieuw")], opgehaald="2025-06-01T10:00:00+00:00",
                                            melding="1 object zonder ligging overgeslagen.", door="systeem")

    assert refreshed == store.layer_get(added.id)
    assert (refreshed.objecten, refreshed.versie, refreshed.opgehaald) == (1, 1, "2025-06-01T10:00:00+00:00")
    assert refreshed.melding == "1 object zonder ligging overgeslagen."
    assert [o.naam for o in store.layer_objects([added.id])] == ["nieuw"]
    assert [o.naam for o in store.layer_objects([other.id])] == ["blijft"]
    entry = store.audit_list(actie="laag vernieuwd")[0]
    assert entry.gebruiker == "systeem" and json.loads(entry.voor) == {"objecten": 2}
    assert json.loads(entry.na) == {"objecten": 1, "opgehaald": "2025-06-01T10:00:00+00:00"}
    store.layer_update(refreshed)  # a refresh does not conflict with an edit opened before it

    with pytest.raises(NotFoundError):
        store.layer_replace_objects(added.id + 99, [thing()], opgehaald="nu")


def test_a_bad_object_in_the_middle_changes_nothing(store):
    added = store.layer_add(layer(), [thing("oud")])
    version = store.data_version()
    bad = [thing("goed 1"), thing("goed 2"), thing("Fout", lon=4.48, lat=math.nan), thing("goed 3")]

    with pytest.raises(StoreError) as refused:
        store.layer_replace_objects(added.id, bad, opgehaald="nu")

    assert str(refused.value) == texts.LAAG_OBJECT_LIGGING.format(nummer=3, naam="Fout", lon="4.48", lat="geen getal")
    assert [o.naam for o in store.layer_objects()] == ["oud"] and store.layer_get(added.id) == added
    assert store.data_version() == version and len(store.audit_list()) == 1


def test_a_database_error_in_the_middle_of_a_refresh_leaves_the_old_objects(store, monkeypatch):
    """Past the checks (switched off here), the database itself refuses a latitude of 95: all is rolled back."""
    added = store.layer_add(layer(), [thing("oud")])
    version = store.data_version()
    monkeypatch.setattr(context_tables, "_object_rows", lambda objects: [
        (o.naam, o.lon, o.lat, o.detail, o.geometrie, o.eigenschappen) for o in objects])

    with pytest.raises(StoreError):
        store.layer_replace_objects(added.id, [thing("a"), thing("b", lat=95.0), thing("c")], opgehaald="nu")

    assert [o.naam for o in store.layer_objects()] == ["oud"] and store.layer_get(added.id) == added
    assert store.data_version() == version and [e.actie for e in store.audit_list()] == ["laag toegevoegd"]


def test_a_failed_refresh_keeps_the_objects_and_says_so(store):
    added = store.layer_add(layer(), [thing()])
    version = store.data_version()

    store.layer_note(added.id, "De laatste poging mislukte: de server antwoordde niet binnen 10 seconden.")

    now = store.layer_get(added.id)
    assert now.melding == "De laatste poging mislukte: de server antwoordde niet binnen 10 seconden."
    assert now.objecten == 1 and now.opgehaald == added.opgehaald and now.versie == added.versie
    assert store.data_version() > version and [e.actie for e in store.audit_list()] == ["laag toegevoegd"]
    store.layer_note(added.id, "x" * 5000)  # a note is the app's own text: shortened, never refused
    assert store.layer_get(added.id).melding == "x" * (LAYER_LIMITS["melding"] - 1) + "…"
    with pytest.raises(NotFoundError):
        store.layer_note(added.id + 99, "weg")


# -- deleting -----------------------------------------------------------------------------


def test_a_layer_is_deleted_with_its_objects(store):
    gone = store.layer_add(layer(), [thing("a"), thing("b")])
    kept = store.layer_add(layer("Blijft"), [thing("c")])

    store.layer_delete(gone.id, door="an")

    assert store.layer_get(gone.id) is None and store.layer_list() == [kept]
    assert [o.naam for o in store.layer_objects()] == ["c"] and store.layer_objects([gone.id]) == []
    assert count_rows(store, "context_object") == 1
    entry = store.audit_list(actie="laag verwijderd")[0]
    assert entry.gebruiker == "an" and entry.naam == "Cambio Mechelen" and json.loads(entry.na) == {"objecten": 2}
    assert json.loads(entry.voor)["url"] == "https://cambio.example/gbfs.json"
    with pytest.raises(NotFoundError) as again:
        store.layer_delete(gone.id)
    assert str(again.value) == texts.LAAG_WEG


# -- checks at the store boundary ----------------------------------------------------------


@pytest.mark.parametrize("changes, message", [
    ({"soort": "fiets"}, texts.LAAG_SOORT_ONGELDIG.format(soort="fiets", soorten=", ".join(KINDS))),
    ({"bron": "ftp"}, texts.LAAG_BRON_ONGELDIG.format(bron="ftp", bronnen=", ".join(SOURCES))),
    ({"naam": "   "}, texts.LAAG_NAAM_LEEG),
    ({"naam": "n" * 201}, texts.LAAG_TEKST_TE_LANG.format(veld="naam", lengte=201, max=200)),
    ({"bronvermelding": "b" * 501}, texts.LAAG_TEKST_TE_LANG.format(veld="bronvermelding", lengte=501, max=500)),
    ({"naam": None}, texts.LAAG_GEEN_TEKST.format(veld="naam")),
    ({"kleur": "red; background:url(x)"}, texts.LAAG_KLEUR_ONGELDIG.format(kleur="red; background:url(x)")),
    ({"url": "file:///etc/passwd"}, texts.LAAG_URL_ONGELDIG),
    ({"url": "javascript:alert(1)"}, texts.LAAG_URL_ONGELDIG),
    ({"ververs_minuten": -5}, texts.LAAG_VERVERS_ONGELDIG.format(max=MAX_VERVERS_MINUTEN)),
    ({"ververs_minuten": 1.5}, texts.LAAG_VERVERS_ONGELDIG.format(max=MAX_VERVERS_MINUTEN)),
], ids=["soort", "bron", "naam-leeg", "naam-lang", "bronvermelding-lang", "naam-geen-tekst", "kleur", "url-file",
        "url-javascript", "ververs-negatief", "ververs-breuk"])
def test_a_bad_layer_is_refused_in_dutch_and_nothing_is_written(store, changes, message):
    with pytest.raises(StoreError) as refused:
        store.layer_add(layer(**changes), [thing()])
    assert str(refused.value) == message
    assert store.layer_list() == [] and store.layer_objects() == [] and store.data_version() == 0
    assert store.audit_list() == []

    added = store.layer_add(layer(), [thing()])
    with pytest.raises(StoreError) as refused_edit:
        store.layer_update(replace(added, **changes))
    assert str(refused_edit.value) == message and store.layer_get(added.id) == added


@pytest.mark.parametrize("bad, message", [
    (thing("Ver weg", lon=181.0), texts.LAAG_OBJECT_LIGGING.format(nummer=2, naam="Ver weg", lon="181.0", lat="51.0178")),
    (thing("Pool", lat=-90.5), texts.LAAG_OBJECT_LIGGING.format(nummer=2, naam="Pool", lon="4.4832", lat="-90.5")),
    (thing("Oneindig", lon=math.inf), texts.LAAG_OBJECT_LIGGING.format(nummer=2, naam="Oneindig", lon="inf",
                                                                        lat="51.0178")),
    (thing("Leeg", lon=None), texts.LAAG_OBJECT_LIGGING.format(nummer=2, naam="Leeg", lon="leeg", lat="51.0178")),
    (thing("Tekst", lat="noord"), texts.LAAG_OBJECT_LIGGING.format(nummer=2, naam="Tekst", lon="4.4832", lat="noord")),
    (thing("Geen tekst", detail=12), texts.LAAG_OBJECT_GEEN_TEKST.format(veld="detail", nummer=2)),
    (thing("n" * 501), texts.LAAG_OBJECT_TE_LANG.format(veld="naam", nummer=2, lengte=501, max=500)),
    (thing(eigenschappen="{" + "x" * 20_000 + "}"),
     texts.LAAG_OBJECT_TE_LANG.format(veld="eigenschappen", nummer=2, lengte=20_002, max=20_000)),
], ids=["lon-181", "lat-min-90.5", "lon-oneindig", "lon-leeg", "lat-tekst", "detail-getal", "naam-lang", "eigenschappen-lang"])
def test_a_bad_object_is_refused_in_dutch_with_its_number(store, bad, message):
    with pytest.raises(StoreError) as refused:
        store.layer_add(layer(), [thing("goed"), bad, thing("ook goed")])
    assert str(refused.value) == message
    assert store.layer_list() == [] and count_rows(store, "context_object") == 0 and store.data_version() == 0


def test_edge_values_are_accepted(store):
    corners = [thing("hoek", -180.0, -90.0), thing("andere hoek", 180, 90), thing("", 0.0, 0.0, detail="")]
    added = store.layer_add(layer("n" * 200, kleur="#abcdef", url="", bron="bestand", ververs_minuten=MAX_VERVERS_MINUTEN),
                            corners)
    assert [(o.lon, o.lat) for o in store.layer_objects([added.id])] == [(-180.0, -90.0), (180.0, 90.0), (0.0, 0.0)]
    assert all(type(o.lon) is float for o in store.layer_objects())
    assert store.layer_add(layer("  Spaties rond  "), []).naam == "Spaties rond"


# -- the audit log and the data version -----------------------------------------------------


def test_every_layer_write_is_logged_without_partner_and_changes_the_data_version(store):
    versions = [store.data_version()]
    added = store.layer_add(layer(), [thing()], door="an@example.be")
    versions.append(store.data_version())
    added = store.layer_update(replace(added, publiek=False), door="bo@example.be")
    versions.append(store.data_version())
    store.layer_replace_objects(added.id, [thing(), thing()], opgehaald="2025-06-01T10:00:00+00:00", door="")
    versions.append(store.data_version())  # an automatic refresh: no audit line
    store.layer_replace_objects(added.id, [thing()], opgehaald="2025-06-01T11:00:00+00:00", door="bo@example.be")
    versions.append(store.data_version())
    store.layer_note(added.id, "Mislukt.")
    versions.append(store.data_version())
    store.layer_delete(added.id, door="an@example.be")
    versions.append(store.data_version())

    assert versions == sorted(set(versions)) and len(versions) == 7
    log = store.audit_list()
    assert [(e.actie, e.gebruiker, e.naam) for e in log] == [
        ("laag verwijderd", "an@example.be", "Cambio Mechelen"), ("laag vernieuwd", "bo@example.be", "Cambio Mechelen"),
        ("laag gewijzigd", "bo@example.be", "Cambio Mechelen"), ("laag toegevoegd", "an@example.be", "Cambio Mechelen")]
    assert all(e.partner_id == "" and e.gemeente_nis == "" and e.import_id is None and e.tijdstip for e in log)
    assert json.loads(log[-1].na) == {"soort": "deelauto", "bron": "gbfs", "objecten": 1}
    assert store.audit_list(gemeenten=["12025"]) == []  # an organiser's view of the log: their municipalities only


def test_partners_and_layers_do_not_touch_each_other(store):
    partner = store.add_partner(Partner(naam="Chiro", categorie="jeugdbeweging", status="gecontacteerd", lat=51.03,
                                        lon=4.48, gemeente_nis="12025"))
    added = store.layer_add(layer(), [thing()])
    store.layer_delete(added.id)
    assert store.list_partners() == [partner] and store.layer_list() == []


# -- PostGIS: a point per object ----------------------------------------------------------------


def test_postgis_derives_a_point_per_object(postgis_database):
    store = open_store(postgis_database)
    store.layer_add(layer(), [thing(lon=4.4832, lat=51.0178)])
    store.close()
    with psycopg.connect(postgis_database) as db:
        assert db.execute("SELECT ST_AsText(geom), ST_SRID(geom) FROM context_object").fetchone() == (
            "POINT(4.4832 51.0178)", 4326)
        assert db.execute("SELECT type, srid FROM geometry_columns WHERE f_table_name = 'context_object'").fetchone() == (
            "POINT", 4326)


# -- migrating a database of schema 6 ------------------------------------------------------


def test_a_database_of_schema_6_is_migrated_and_keeps_its_partners(empty_database, monkeypatch):
    module, url = empty_database.module, empty_database.url
    as_of_schema(monkeypatch, module, 6)
    old = open_store(url)
    assert old.schema_version() == 6
    partner = old.add_partner(Partner(naam="Chiro", categorie="jeugdbeweging", status="gecontacteerd",
                                      gemeente_nis="12025"), door="an")
    old.close()
    monkeypatch.undo()

    store = open_store(url)
    try:
        assert store.schema_version() == migrations(module.MIGRATIONS_PACKAGE)[-1][0]
        assert store.list_partners() == [partner] and store.layer_list() == []
        added = store.layer_add(layer(), [thing()], door="an")
        assert added.id == 1 and store.layer_objects() == stored([thing()], 1)
    finally:
        store.close()


def test_a_database_of_schema_7_keeps_its_layers_and_takes_the_new_kinds_and_formats(empty_database, monkeypatch):
    """Migration 0008: the kinds halte and deelfiets, the formats cambio, wfs and csv; rows, ids and counter kept."""
    module, url = empty_database.module, empty_database.url
    as_of_schema(monkeypatch, module, 7)
    old = open_store(url)
    assert old.schema_version() == 7
    kept = old.layer_add(layer("Blijft"), [thing(), thing("Zone", detail="zone", geometrie=ZONE)], door="an")
    removed = old.layer_add(layer("Weg"), [thing("Weg")], door="an")
    old.layer_delete(removed.id, door="an")
    with pytest.raises(StoreError):
        old.layer_add(layer("Cambio", bron="cambio"), [thing()])  # schema 7's CHECK constraint refuses the format
    old.close()
    monkeypatch.undo()

    store = open_store(url)
    try:
        assert store.schema_version() == migrations(module.MIGRATIONS_PACKAGE)[-1][0]  # 0008 and later
        assert store.layer_list() == [kept]
        assert store.layer_objects([kept.id]) == stored([thing(), thing("Zone", detail="zone", geometrie=ZONE)], kept.id)
        added = [store.layer_add(layer(f"Nieuw {soort} {bron}", soort=soort, bron=bron), [thing()])
                 for soort, bron in (("halte", "gtfs"), ("deelfiets", "gbfs"), ("deelauto", "cambio"),
                                     ("mobipunt", "wfs"), ("station", "csv"))]
        assert min(a.id for a in added) > removed.id  # a removed layer's id is not given again
        store.layer_delete(kept.id, door="an")
        assert store.layer_objects([kept.id]) == []  # the objects still go with their layer
    finally:
        store.close()


# -- helpers ----------------------------------------------------------------------------------


def count_rows(store, table: str) -> int:
    return len(store._tuples(f"SELECT 1 FROM {table}"))
