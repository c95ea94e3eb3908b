"""Tests for geo.context.manage: a layer stored once read, refreshed in one go, refreshed when due.

A real local HTTP server serves the layer; the store is SQLite or PostGIS (the ``store`` fixture).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from geo.context.manage import add_layer, due_for_refresh, refresh_due_in_background, refresh_layer, replace_file
from geo.context.records import ContextLayer
from tests.geo.context.layer_server import layer_settings

POINTS = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"naam": "Hoppin Mechelen Station"},
     "geometry": {"type": "Point", "coordinates": [4.4825, 51.0174]}},
    {"type": "Feature", "properties": {"naam": "Hoppin Muizen"},
     "geometry": {"type": "Point", "coordinates": [4.5117, 51.0086]}},
]}
CSV = "naam;lat;lon\nCambio Station;51,0175;4,4827\n".encode()
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc)


def hoppin(url: str, **fields) -> ContextLayer:
    return ContextLayer(naam="Hoppinpunten", soort="mobipunt", bron="geojson", url=url, **fields)


def names(store, layer_id: int) -> list[str]:
    return sorted(o.naam for o in store.layer_objects([layer_id]))


def test_a_url_layer_is_stored_with_its_objects_and_the_sources_attribution(store, layer_server, tmp_path):
    layer_server.document("/hoppin.json", POINTS)
    added = add_layer(store, hoppin(layer_server.url("/hoppin.json")), None, layer_settings(tmp_path), door="an")
    assert added.id and added.objecten == 2 and added.melding == "" and added.opgehaald
    assert added.bronvermelding == "127.0.0.1"  # the host, when the source names no one
    assert names(store, added.id) == ["Hoppin Mechelen Station", "Hoppin Muizen"]
    assert [e.actie for e in store.audit_list()] == ["laag toegevoegd"]


def test_nothing_is_stored_when_the_source_cannot_be_read(store, layer_server, tmp_path):
    layer_server.document("/kapot.json", "geen json")
    with pytest.raises(ValueError):
        add_layer(store, hoppin(layer_server.url("/kapot.json")), None, layer_settings(tmp_path))
    assert store.layer_list() == [] and store.audit_list() == []


def test_a_refresh_that_fails_keeps_the_objects_and_says_why(store, layer_server, tmp_path):
    settings = layer_settings(tmp_path)
    layer_server.document("/hoppin.json", POINTS)
    added = add_layer(store, hoppin(layer_server.url("/hoppin.json")), None, settings)

    layer_server.document("/hoppin.json", "stuk", status=500)
    after = refresh_layer(store, added, settings, door="an")

    assert names(store, added.id) == ["Hoppin Mechelen Station", "Hoppin Muizen"]
    assert after.melding.startswith("Vernieuwen lukte niet") and "500" in after.melding


def test_a_refresh_without_any_copy_keeps_the_stored_objects_with_the_note(store, layer_server, tmp_path):
    layer_server.document("/hoppin.json", POINTS)
    added = add_layer(store, hoppin(layer_server.url("/hoppin.json")), None, layer_settings(tmp_path / "eerste"))
    empty_cache = layer_settings(tmp_path / "andere-cache")  # e.g. another replica: no copy of its own
    layer_server.document("/hoppin.json", "weg", status=404)

    after = refresh_layer(store, added, empty_cache)

    assert after.objecten == 2 and names(store, added.id) == ["Hoppin Mechelen Station", "Hoppin Muizen"]
    assert "404" in after.melding


def test_a_new_file_replaces_a_file_layers_objects(store, tmp_path):
    settings = layer_settings(tmp_path)
    added = add_layer(store, ContextLayer(naam="Cambio", soort="deelauto", bestand="cambio.csv"), CSV, settings)
    replaced = replace_file(store, added, "naam;lat;lon\nA;51,02;4,47\nB;51,03;4,48\n".encode(), "nieuw.csv",
                            settings, door="an")
    assert replaced.objecten == 2 and names(store, added.id) == ["A", "B"]


@pytest.mark.parametrize("minutes, fetched_ago, due", [
    (0, timedelta(days=9), False),      # refreshed by hand only
    (60, timedelta(minutes=59), False),
    (60, timedelta(minutes=60), True),
    (15, None, True),                   # never fetched
])
def test_due_for_refresh(minutes, fetched_ago, due):
    fetched = "" if fetched_ago is None else (NOW - fetched_ago).isoformat()
    layer = hoppin("https://example.org/hoppin.json", id=1, ververs_minuten=minutes, opgehaald=fetched)
    file_layer = ContextLayer(naam="Bestand", soort="ander", id=2, ververs_minuten=minutes, opgehaald=fetched)
    assert due_for_refresh([layer, file_layer], NOW) == ([layer] if due else [])


def test_a_due_layer_is_refreshed_in_the_background_once(store, layer_server, tmp_path):
    settings = layer_settings(tmp_path, lagen_timeout="2")
    layer_server.document("/hoppin.json", POINTS)
    added = add_layer(store, hoppin(layer_server.url("/hoppin.json"), ververs_minuten=5), None, settings)
    stale = store.layer_replace_objects(added.id, [], opgehaald="2020-01-01T00:00:00+00:00")
    layer_server.waits("/hoppin.json", seconds=30)  # the feed hangs: the refresh waits for its timeout

    url = f"test-store-{tmp_path}"  # the process remembers attempts per store and layer: one store per test
    started = refresh_due_in_background(store, url, [stale], settings)
    again = refresh_due_in_background(store, url, [stale], settings)  # the first one still runs

    assert (started, again) == ([added.id], [])
    deadline = time.monotonic() + 60
    while not store.layer_get(added.id).melding and time.monotonic() < deadline:
        time.sleep(0.05)
    after = store.layer_get(added.id)
    assert after.melding.startswith("Vernieuwen lukte niet")  # timed out: the last good copy is shown again
    assert after.objecten == 2
    assert [e.actie for e in store.audit_list()] == ["laag toegevoegd"]  # an automatic refresh is not logged

    from geo.context import manage

    while (url, added.id) in manage._REFRESHING and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (url, added.id) not in manage._REFRESHING
    assert refresh_due_in_background(store, url, [stale], settings) == []  # its copy is still old: due, but tried just now
