"""Tests for geo.context.gbfs: GBFS 2.3 and 3.0 feeds, served by a real local HTTP server.

The feeds are built in ``gbfs_feeds.py`` from the specification's structure (``gbfs.json``
with ``data.<lang>.feeds`` in 2.3 and ``data.feeds`` in 3.0; ``system_information``,
``station_information``, ``free_bike_status`` / ``vehicle_status``, ``vehicle_types``) and
read the way the page reads them: :func:`geo.context.sources.refresh`.
"""

from __future__ import annotations

import doctest
import json

import pytest

import geo.context.gbfs as gbfs_module
from geo.context.checks import LayerError, LayerLimits
from geo.context.gbfs import discover, localized, read_gbfs
from geo.context.records import ContextLayer
from geo.context.sources import refresh
from tests.geo.context.gbfs_feeds import NOW_2X, feeds_23, feeds_30
from tests.geo.context.layer_server import layer_settings


def gbfs_layer(url: str, soort: str = "station") -> ContextLayer:
    return ContextLayer(naam="Deelmobiliteit", soort=soort, bron="gbfs", url=url)


def test_doctests():
    assert doctest.testmod(gbfs_module).failed == 0


def test_gbfs_23_stations_and_free_floating_vehicles(layer_server, tmp_path):
    url = feeds_23(layer_server)
    data = refresh(gbfs_layer(url), layer_settings(tmp_path), in_worker=False)
    shown = [(o.naam, o.detail, o.lon, o.lat) for o in data.objects]
    assert shown == [
        ("Station Mechelen", "station", 4.4825, 51.0174),
        ("Gent-Sint-Pieters", "station", 3.7108, 51.0359),
        ("Deelfiets", "bicycle", 4.47, 51.02),
        ("Renault Zoe", "car", 4.48, 51.03),
    ]
    assert all(o.laag_id == 0 and o.geometrie == "" for o in data.objects)
    assert json.loads(data.objects[0].eigenschappen) == {
        "id": "mechelen", "adres": "Stationsplein 1, 2800 Mechelen", "capaciteit": 40}
    assert json.loads(data.objects[3].eigenschappen) == {"id": "c1", "type": "auto", "gereserveerd": True}
    assert data.attribution == "Blue-bike (Blue-mobility)"
    assert data.warnings == (
        "1 voertuig(en) buiten dienst werden weggelaten.",
        "1 object(en) zonder geldige coördinaten werden overgeslagen.",
        "1 object(en) buiten België werden overgeslagen.",
    )
    assert data.note == ""
    assert layer_server.hits("/v2/en/system_information.json") == 0  # Dutch feeds chosen


def test_gbfs_23_for_a_car_layer_keeps_cars_and_stations(layer_server, tmp_path):
    url = feeds_23(layer_server)
    data = refresh(gbfs_layer(url, soort="deelauto"), layer_settings(tmp_path), in_worker=False)
    assert [(o.naam, o.detail) for o in data.objects] == [
        ("Station Mechelen", "station"), ("Gent-Sint-Pieters", "station"), ("Renault Zoe", "car")]
    assert "1 voertuig(en) die geen auto zijn werden weggelaten (laag van soort deelauto)." in data.warnings


def test_gbfs_30_prefers_dutch_and_resolves_relative_feed_urls(layer_server, tmp_path):
    url = feeds_30(layer_server)
    data = refresh(gbfs_layer(url, soort="deelauto"), layer_settings(tmp_path), in_worker=False)
    assert [(o.naam, o.detail, o.lon, o.lat) for o in data.objects] == [
        ("Parking Zuid (NL)", "station", 3.7288, 51.0467),
        ("Renault Zoe", "car", 3.72, 51.05),
    ]
    assert data.attribution == "Getaround Gent"
    assert data.warnings == (
        "1 voertuig(en) die geen auto zijn werden weggelaten (laag van soort deelauto).",
        "2 object(en) zonder geldige coördinaten werden overgeslagen.",
    )
    assert layer_server.hits("/v3/vehicle_status.json") == 1
    assert {r.headers["user-agent"] for r in layer_server.requests} == {"Partnerkaart (autodelen-partners)"}


def test_gbfs_30_in_the_upload_worker(layer_server, tmp_path):
    url = feeds_30(layer_server)
    data = refresh(gbfs_layer(url, soort="ander"), layer_settings(tmp_path), in_worker=True)
    assert [(o.naam, o.detail) for o in data.objects] == [
        ("Parking Zuid (NL)", "station"), ("Renault Zoe", "car"), ("Deelstep", "scooter_standing")]


def test_without_system_information_the_host_is_the_attribution(layer_server, tmp_path):
    layer_server.document("/gbfs.json", {"version": "2.3", "last_updated": NOW_2X, "ttl": 0, "data": {"fr": {"feeds": [
        {"name": "station_information", "url": layer_server.url("/stations.json")}]}}})
    layer_server.document("/stations.json", {"version": "2.3", "last_updated": NOW_2X, "ttl": 0, "data": {"stations": [
        {"station_id": "1", "name": "Villo Bourse", "lat": 50.848, "lon": 4.349}]}})
    data = refresh(gbfs_layer(layer_server.url("/gbfs.json")), layer_settings(tmp_path), in_worker=False)
    assert [o.naam for o in data.objects] == ["Villo Bourse"]
    assert data.attribution == "127.0.0.1"


@pytest.mark.parametrize("document, message", [
    (b"{niet: json", "is geen geldige JSON"),
    (b"[1, 2]", "is geen geldige JSON"),
    (json.dumps({"version": "3.0", "data": {"stations": []}}).encode(), r"is geen GBFS-overzicht \(gbfs\.json\)"),
    (json.dumps({"version": "3.0", "data": {"feeds": [{"name": "pricing_plans", "url": "p.json"}]}}).encode(),
     "noemt geen station_information en geen vehicle_status of free_bike_status"),
])
def test_a_broken_discovery_file_is_refused_in_dutch(layer_server, tmp_path, document, message):
    layer_server.document("/gbfs.json", document)
    with pytest.raises(LayerError, match=message):
        refresh(gbfs_layer(layer_server.url("/gbfs.json")), layer_settings(tmp_path), in_worker=False)


def test_a_feed_with_malformed_json_or_the_wrong_structure_is_refused(layer_server, tmp_path):
    url = feeds_30(layer_server)
    layer_server.document("/v3/vehicle_status.json", b'{"data": {"vehicles": [')
    with pytest.raises(LayerError) as refused:
        refresh(gbfs_layer(url), layer_settings(tmp_path), in_worker=False)
    assert str(refused.value) == f"Het GBFS-bestand vehicle_status van '{url}' is geen geldige JSON."
    layer_server.document("/v3/vehicle_status.json", {"version": "3.0", "data": {"vehicles": {"v1": {}}}})
    with pytest.raises(LayerError, match="heeft geen lijst 'data.vehicles'"):
        refresh(gbfs_layer(url), layer_settings(tmp_path), in_worker=False)


def test_too_many_objects_refuse_the_layer():
    stations = [{"station_id": str(n), "name": f"S{n}", "lat": 51.0, "lon": 4.4} for n in range(11)]
    documents = {"station_information": json.dumps({"data": {"stations": stations}}).encode()}
    with pytest.raises(LayerError, match="bevat meer dan 10 objecten"):
        read_gbfs(documents, "https://example.org/gbfs.json", limits=LayerLimits(max_objects=10))
    assert len(read_gbfs(documents, "https://example.org/gbfs.json", limits=LayerLimits(max_objects=11)).objects) == 11


def test_discovery_prefers_dutch_then_english():
    document = {"data": {"fr": {"feeds": [{"name": "station_information", "url": "fr/s.json"}]},
                         "en": {"feeds": [{"name": "station_information", "url": "en/s.json"}]}}}
    found = discover(json.dumps(document).encode(), "https://example.org/gbfs/gbfs.json")
    assert found.feeds == {"station_information": "https://example.org/gbfs/en/s.json"}


def test_localized_texts():
    assert localized("Station") == "Station"
    assert localized([{"text": "Gare", "language": "fr"}]) == "Gare"
    assert localized([{"text": "Gare", "language": "fr"}, {"text": "Station", "language": "nl"}]) == "Station"
    assert localized(42) == ""
