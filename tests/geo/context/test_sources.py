"""Tests for geo.context.sources: read_layer, refresh and the fallback to the last good copy.

A real local HTTP server serves the layers; the cache lives in the test's own folder.
"""

from __future__ import annotations

import json

import pytest

from geo.context.cache import cache_root, read_cached, shown_time
from geo.context.checks import LayerError
from geo.context.fetch import FetchError
from geo.context.records import ContextLayer
from geo.context.sources import LayerData, parse_layer, read_layer, refresh
from tests.geo.context.layer_server import layer_settings
from tests.geo.context.gbfs_feeds import feeds_30

POINTS = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"naam": "Hoppin Mechelen Station"},
     "geometry": {"type": "Point", "coordinates": [4.4825, 51.0174]}},
    {"type": "Feature", "properties": {"naam": "Hoppin Muizen"},
     "geometry": {"type": "Point", "coordinates": [4.5117, 51.0086]}},
]}


def geojson_layer(url: str) -> ContextLayer:
    return ContextLayer(naam="Hoppinpunten", soort="mobipunt", bron="geojson", url=url)


@pytest.fixture
def hoppin(layer_server, tmp_path):
    """A served GeoJSON layer, fetched once (so the cache holds a good copy); (server, layer, settings, data)."""
    layer_server.document("/hoppin.json", POINTS)
    layer = geojson_layer(layer_server.url("/hoppin.json"))
    settings = layer_settings(tmp_path)
    first = refresh(layer, settings, in_worker=False)
    return layer_server, layer, settings, first


def test_a_geojson_url_layer(hoppin):
    server, layer, settings, data = hoppin
    assert isinstance(data, LayerData)
    assert [(o.naam, o.lon, o.lat) for o in data.objects] == [
        ("Hoppin Mechelen Station", 4.4825, 51.0174), ("Hoppin Muizen", 4.5117, 51.0086)]
    assert (data.attribution, data.warnings, data.note) == ("127.0.0.1", (), "")
    assert read_cached(layer.url, settings).data == json.dumps(POINTS).encode()
    assert read_cached(layer.url, settings).fetched == data.fetched


@pytest.mark.parametrize("failure, reason", [
    ("500", "'{url}' antwoordde met HTTP-status 500"),
    ("404", "'{url}' antwoordde met HTTP-status 404"),
    ("traag", "'{url}' antwoordde niet binnen 0.5 seconden (instelling PARTNERKAART_LAGEN_TIMEOUT)"),
    ("json", "Het bestand 'hoppin.json' kon niet gelezen worden als GeoJSON. Is het beschadigd, of van een ander type dan "
             "de extensie zegt?"),
])
def test_a_failed_refresh_shows_the_last_good_copy(hoppin, tmp_path, failure, reason):
    server, layer, settings, first = hoppin
    if failure == "traag":
        server.waits("/hoppin.json")
        settings = layer_settings(tmp_path, lagen_timeout="0.5")
    elif failure == "json":
        server.document("/hoppin.json", b'{"type": "FeatureCollection", "features": [')
    else:
        server.document("/hoppin.json", "storing", status=int(failure))
    data = refresh(layer, settings, in_worker=False)
    assert [o.naam for o in data.objects] == ["Hoppin Mechelen Station", "Hoppin Muizen"]
    assert data.fetched == first.fetched
    assert data.note == (f"Vernieuwen lukte niet ({reason.format(url=layer.url)}); "
                         f"de kopie van {shown_time(first.fetched)} wordt getoond.")
    assert read_cached(layer.url, settings).data == json.dumps(POINTS).encode()  # the bad answer was not kept


def test_a_fresh_answer_replaces_the_copy(hoppin):
    server, layer, settings, first = hoppin
    server.document("/hoppin.json", {**POINTS, "features": POINTS["features"][:1]})
    data = refresh(layer, settings, in_worker=True)
    assert [o.naam for o in data.objects] == ["Hoppin Mechelen Station"]
    assert data.note == ""
    assert len(json.loads(read_cached(layer.url, settings).data)["features"]) == 1


def test_offline_the_cache_is_read_without_the_network(hoppin):
    server, layer, settings, first = hoppin
    asked = len(server.requests)
    data = read_layer(layer, None, settings, in_worker=False)
    assert [o.naam for o in data.objects] == ["Hoppin Mechelen Station", "Hoppin Muizen"]
    assert (data.note, data.fetched) == ("", first.fetched)
    assert len(server.requests) == asked
    server.stop()
    offline = refresh(layer, settings, in_worker=False)
    assert len(offline.objects) == 2
    assert offline.note.startswith(f"Vernieuwen lukte niet (Geen verbinding met '{layer.url}' (")
    assert read_layer(layer, None, settings, in_worker=False).objects == data.objects


def test_a_tampered_copy_is_not_shown(hoppin):
    server, layer, settings, first = hoppin
    kept = next(cache_root(settings).glob("*.bin"))
    kept.write_bytes(kept.read_bytes().replace(b"Muizen", b"MuizeN"))
    server.document("/hoppin.json", "storing", status=500)
    with pytest.raises(FetchError) as refused:
        refresh(layer, settings, in_worker=False)
    assert str(refused.value) == (
        f"'{layer.url}' antwoordde met HTTP-status 500. De bewaarde kopie van '{layer.url}' is beschadigd "
        "(controlegetal klopt niet) en wordt niet gebruikt.")
    server.document("/hoppin.json", POINTS)
    assert len(read_layer(layer, None, settings, in_worker=False).objects) == 2  # no good copy: fetched again


def test_without_a_copy_the_failure_itself_is_raised(layer_server, tmp_path):
    layer_server.document("/kapot.json", b"[1, 2", status=200)
    with pytest.raises(LayerError, match="kon niet gelezen worden als GeoJSON"):
        read_layer(geojson_layer(layer_server.url("/kapot.json")), None, layer_settings(tmp_path), in_worker=False)
    with pytest.raises(FetchError, match="HTTP-status 404"):
        refresh(geojson_layer(layer_server.url("/weg.json")), layer_settings(tmp_path), in_worker=False)
    assert read_cached(layer_server.url("/kapot.json"), layer_settings(tmp_path)) is None


def test_private_addresses_refused_with_the_setting_off_even_with_a_copy(hoppin, tmp_path):
    server, layer, settings, first = hoppin
    strict = layer_settings(tmp_path, lagen_prive_adressen="nee")
    asked = len(server.requests)
    data = refresh(layer, strict, in_worker=False)
    assert data.note.startswith("Vernieuwen lukte niet (Het adres '127.0.0.1' leidt naar 127.0.0.1, de server zelf "
                                "(loopback)")
    assert len(server.requests) == asked
    with pytest.raises(FetchError, match="de server zelf \\(loopback\\)"):
        refresh(geojson_layer(server.url("/ander.json")), strict, in_worker=False)


def test_a_gbfs_layer_falls_back_as_a_whole(layer_server, tmp_path):
    url = feeds_30(layer_server)
    layer = ContextLayer(naam="Getaround", soort="deelauto", bron="gbfs", url=url)
    settings = layer_settings(tmp_path)
    first = refresh(layer, settings, in_worker=False)
    layer_server.document("/v3/vehicle_status.json", "storing", status=503)
    data = refresh(layer, settings, in_worker=False)
    assert data.objects == first.objects and data.attribution == "Getaround Gent"
    assert data.note.startswith(f"Vernieuwen lukte niet ('{layer_server.url('/v3/vehicle_status.json')}' antwoordde "
                                "met HTTP-status 503); de kopie van ")
    asked = len(layer_server.requests)
    assert read_layer(layer, None, settings, in_worker=False).objects == first.objects
    assert len(layer_server.requests) == asked


@pytest.mark.parametrize("layer, data, message", [
    (ContextLayer("Getaround", "deelauto", bron="gbfs", url="https://x.test/gbfs"), b"{}",
     "Een GBFS-feed bestaat uit meerdere bestanden"),
    (ContextLayer("Laadpunten", "laadpunt", bron="bestand", bestand="laadpunten.csv"), None,
     "Laag 'Laadpunten' heeft geen bestand"),
    (ContextLayer("Laadpunten", "laadpunt", bron="ftp", url="ftp://x.test/laag"), None,
     "'ftp' is geen bron van een laag"),
    (ContextLayer("Laadpunten", "fiets", bron="geojson", url="https://x.test/l.geojson"), None,
     "'fiets' is geen soort laag"),
    (ContextLayer("Laadpunten", "laadpunt", bron="geojson", url=" "), None, "Laag 'Laadpunten' heeft geen adres"),
])
def test_layers_that_cannot_be_read(layer, data, message, tmp_path):
    with pytest.raises(LayerError, match=message):
        read_layer(layer, data, layer_settings(tmp_path), in_worker=False)


def test_an_uploaded_layer_cannot_be_refreshed(tmp_path):
    layer = ContextLayer("Laadpunten", "laadpunt", bron="bestand", bestand="laadpunten.csv")
    with pytest.raises(LayerError, match="komt uit een bestand en kan niet vernieuwd worden"):
        refresh(layer, layer_settings(tmp_path))


def test_an_uploaded_copy_of_a_geojson_layer_in_the_worker(tmp_path):
    layer = ContextLayer("Hoppinpunten", "mobipunt", bron="geojson", url="https://geoserver.example/hoppin")
    data = read_layer(layer, json.dumps(POINTS).encode(), layer_settings(tmp_path), in_worker=True)
    assert [o.naam for o in data.objects] == ["Hoppin Mechelen Station", "Hoppin Muizen"]
    assert data.attribution == "geoserver.example"


def test_parse_layer_is_what_the_worker_runs():
    parsed = parse_layer("geojson", json.dumps(POINTS).encode(), "https://geo.example/ows?typeNames=hoppin")
    assert parsed.attribution == "geo.example" and len(parsed.objects) == 2
    parsed = parse_layer("bestand", b"naam,lat,lon\nA,51.0,4.4\n", "a.csv", "laadpunt")
    assert parsed.objects[0].naam == "A"
