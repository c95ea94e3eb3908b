"""Tests for the sources in one click: the list (geo.context.bronnen), the GBFS catalogue and adding a
listed source (geo.context.catalogue), each format served by a real local HTTP server.

Each case asserts what is stored (the layer and its objects), shown (a municipality's map keeps only
its points plus the margin) and attributed (the list's attribution on the layer and the map).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.context.bronnen import catalogue_sources, key_headers, load_sources
from geo.context.catalogue import add_from_catalogue, gbfs_systems
from geo.context.fetch import FetchError
from geo.context.per_wijk import municipality_context
from geo.maps.context_layers import MapContext
from tests.geo.context.gbfs_feeds import feeds_23
from tests.geo.context.layer_server import layer_settings
from tests.geo.context.source_fixtures import (HOPPIN, KEY, KEY_HEADER, cambio_stations, getaround_30, gtfs_zip,
                                               irail_stations, keyed, systems_csv, wfs_answers, write_sources)

REAL_LIST = Path(__file__).resolve().parents[3] / "data" / "bronnen.json"
MECHELEN_BOUNDS = [[51.0, 4.40], [51.07, 4.55]]  # [[south, west], [north, east]] around Mechelen


def settings_for(tmp_path, server, key: str = "", **urls):
    return layer_settings(tmp_path, lagen_bronnen=str(write_sources(tmp_path, server, **urls)), lagen_gtfs_sleutel=key)


def objects_of(store, layer) -> list:
    return sorted(store.layer_objects([layer.id]), key=lambda o: o.naam)


# -- the list -----------------------------------------------------------------------------------


def test_the_shipped_list_has_the_documented_sources_and_explains_the_missing_key(tmp_path):
    sources = {source.id: source for source in load_sources(REAL_LIST)}
    assert sources["cambio-vlaanderen"].url == "https://cwapi.cambio-carsharing.com/pub/VLA/stations"
    assert sources["cambio-brussel"].url == "https://cwapi.cambio-carsharing.com/pub/BXL/stations"
    assert sources["gbfs"].catalogus.url == "https://raw.githubusercontent.com/MobilityData/gbfs/master/systems.csv"
    assert sources["gbfs"].catalogus.land == "BE" and "getaround" in sources["gbfs"].catalogus.autodelen
    assert "typeNames=hoppin:hoppinzuil" in sources["hoppinpunten"].url and "outputFormat=application/json" in \
        sources["hoppinpunten"].url
    assert sources["nmbs-stations"].licentie == "CC0 1.0" and sources["nmbs-stations"].formaat == "csv"
    for feed, source_id in (("delijn", "delijn-haltes"), ("nmbssncb", "nmbs-haltes"), ("stibmivb", "mivb-haltes"),
                            ("tec", "tec-haltes")):
        assert sources[source_id].url == f"https://api-management-opendata-production.azure-api.net/api/gtfs/feed/{feed}/static"
        assert sources[source_id].sleutel.header == KEY_HEADER and sources[source_id].licentie == "CC BY 4.0"

    without = {c.source.id: c for c in catalogue_sources(layer_settings(tmp_path, lagen_bronnen=str(REAL_LIST)))}
    assert [i for i, c in without.items() if not c.enabled] == ["delijn-haltes", "nmbs-haltes", "mivb-haltes", "tec-haltes"]
    reason = without["delijn-haltes"].reason
    assert "lagen_gtfs_sleutel" in reason and "PARTNERKAART_LAGEN_GTFS_SLEUTEL" in reason
    assert "https://data.belgianmobility.io" in reason
    settings = layer_settings(tmp_path, lagen_bronnen=str(REAL_LIST), lagen_gtfs_sleutel=KEY)
    assert all(c.enabled and KEY not in c.reason for c in catalogue_sources(settings))
    assert KEY not in repr(settings)
    url = sources["tec-haltes"].url
    assert key_headers(url, settings) == {KEY_HEADER: KEY} and key_headers(url + "x", settings) == {}


def test_a_broken_list_is_refused_in_dutch(tmp_path):
    path = tmp_path / "bronnen.json"
    path.write_text(json.dumps({"bronnen": [{"id": "x", "naam": "X", "soort": "fiets", "formaat": "csv", "url": "u"}]}))
    with pytest.raises(ValueError, match="bron 1: soort 'fiets' is geen laagsoort"):
        load_sources(path)
    path.write_text("{")
    with pytest.raises(ValueError, match="kon niet gelezen worden"):
        load_sources(path)


# -- Cambio, and a region-wide layer shown per municipality --------------------------------------


def test_cambio_stations_are_stored_once_and_shown_per_municipality(sqlite_store, layer_server, tmp_path, boundaries):
    cambio_stations(layer_server)
    settings = settings_for(tmp_path, layer_server)

    layer = add_from_catalogue(sqlite_store, settings, "cambio-vlaanderen", door="an")

    assert (layer.naam, layer.soort, layer.bron, layer.ververs_minuten, layer.publiek) == (
        "Cambio-stations Vlaanderen", "deelauto", "cambio", 1440, False)
    assert layer.bronvermelding == "Cambio (cambio-carsharing.com)"
    stored = objects_of(sqlite_store, layer)
    assert [(o.naam, o.detail) for o in stored] == [
        ("Gent Sint-Pieters", "Comfort"), ("Mechelen <b>Veemarkt</b>", "Budget"), ("Mechelen Station", "Budget, Compact")]
    assert json.loads(stored[2].eigenschappen) == {"id": "st-1", "adres": "Stationsplein 1, 2800 Mechelen",
                                                   "type": "STATION"}
    assert "zonder geldige coördinaten" in layer.melding and "buiten België" in layer.melding
    assert len(sqlite_store.layer_list()) == 1  # one layer for the whole region

    shown = MapContext((layer,), tuple(stored)).within(MECHELEN_BOUNDS)
    assert sorted(o.naam for o in shown.objects) == ["Mechelen <b>Veemarkt</b>", "Mechelen Station"]
    assert shown.attribution() == ["Cambio-stations Vlaanderen: Cambio (cambio-carsharing.com)"]
    context = municipality_context(boundaries, "12025", [layer], stored)
    assert int(context.table["aantal_deelauto"].sum()) == 2  # Gent's station is not counted in Mechelen


# -- the GBFS catalogue ----------------------------------------------------------------------------


@pytest.fixture
def catalogue(layer_server):
    getaround, bluebike = getaround_30(layer_server), feeds_23(layer_server)
    return systems_csv(layer_server, getaround, bluebike)


def test_the_catalogue_lists_belgian_systems_car_sharing_first_and_works_offline(layer_server, catalogue, tmp_path):
    settings = settings_for(tmp_path, layer_server)

    found = gbfs_systems(settings)

    assert [(s.system_id, s.autodelen, s.soort) for s in found.systems] == [
        ("getaround_gent", True, "deelauto"), ("blue-bike", False, "deelfiets"), ("dott_brussels", False, "deelfiets")]
    assert found.note == ""
    layer_server.document("/gbfs/systems.csv", "weg", status=503)
    offline = gbfs_systems(settings)
    assert offline.systems == found.systems and offline.note.startswith("Vernieuwen lukte niet")
    with pytest.raises(FetchError, match="503"):
        (tmp_path / "andere-cache").mkdir()
        gbfs_systems(settings_for(tmp_path / "andere-cache", layer_server))  # another replica: no copy of its own


def test_a_gbfs_30_car_system_keeps_only_its_cars_with_dutch_names(sqlite_store, layer_server, catalogue, tmp_path):
    settings = settings_for(tmp_path, layer_server)

    layer = add_from_catalogue(sqlite_store, settings, "gbfs", system_id="getaround_gent", publiek=True)

    assert (layer.naam, layer.soort, layer.bron, layer.publiek) == ("Getaround Gent", "deelauto", "gbfs", True)
    assert layer.url == layer_server.url("/getaround/gent/gbfs")
    assert layer.bronvermelding == "Getaround Gent, via de GBFS-catalogus van MobilityData"
    assert [(o.naam, o.detail) for o in objects_of(sqlite_store, layer)] == [
        ("Deelauto Getaround", "car"), ("Deelauto Getaround", "car"), ("Parking Zuid", "station")]
    assert "geen auto" in layer.melding


def test_a_gbfs_23_bike_system_keeps_only_its_bikes(sqlite_store, layer_server, catalogue, tmp_path):
    layer = add_from_catalogue(sqlite_store, settings_for(tmp_path, layer_server), "gbfs", system_id="blue-bike")

    assert (layer.soort, layer.bronvermelding) == ("deelfiets", "Blue-bike, via de GBFS-catalogus van MobilityData")
    assert [(o.naam, o.detail) for o in objects_of(sqlite_store, layer)] == [
        ("Deelfiets", "bicycle"), ("Gent-Sint-Pieters", "station"), ("Station Mechelen", "station")]
    assert "1 voertuig(en) die geen fiets zijn werden weggelaten (laag van soort deelfiets)." in layer.melding


def test_a_system_must_be_chosen_and_exist(sqlite_store, layer_server, catalogue, tmp_path):
    settings = settings_for(tmp_path, layer_server)
    with pytest.raises(ValueError, match="Kies bij .* ook een systeem"):
        add_from_catalogue(sqlite_store, settings, "gbfs")
    with pytest.raises(ValueError, match="'getaround_amsterdam' staat niet in de catalogus"):
        add_from_catalogue(sqlite_store, settings, "gbfs", system_id="getaround_amsterdam")  # a Dutch system
    with pytest.raises(ValueError, match="'onbekend' staat niet in de lijst met bronnen; kies uit: cambio-vlaanderen"):
        add_from_catalogue(sqlite_store, settings, "onbekend")
    assert sqlite_store.layer_list() == []


# -- WFS (Hoppinpunten) and CSV (iRail) ---------------------------------------------------------------


@pytest.mark.parametrize("answer", ["lambert", "wgs84", "urn", "bare"])
def test_hoppinpunten_from_a_wfs_in_lambert_72_or_wgs84_are_stored_in_wgs84(sqlite_store, layer_server, tmp_path, answer):
    urls = wfs_answers(layer_server)
    settings = settings_for(tmp_path, layer_server, hoppinpunten=urls[answer])

    layer = add_from_catalogue(sqlite_store, settings, "hoppinpunten")

    assert (layer.soort, layer.bron, layer.bronvermelding) == (
        "mobipunt", "wfs", "Departement Mobiliteit en Openbare Werken (Hoppin)")
    stored = {o.naam: (o.lon, o.lat) for o in sqlite_store.layer_objects([layer.id])}
    assert set(stored) == {name for name, _, _ in HOPPIN}
    for name, lon, lat in HOPPIN:
        assert stored[name] == pytest.approx((lon, lat), abs=2e-6), (answer, name)


def test_a_wfs_answer_in_an_unclear_system_or_not_geojson_is_refused(sqlite_store, layer_server, tmp_path):
    layer_server.document("/wfs/vreemd", {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"naam": "x"}, "geometry": {"type": "Point", "coordinates": [1000.0, 2000.0]}}]})
    layer_server.document("/wfs/fout", "<ows:ExceptionReport>Unknown typeName</ows:ExceptionReport>")
    for path, message in (("/wfs/vreemd", "zegt niet in welk coördinatensysteem"), ("/wfs/fout", "is geen GeoJSON")):
        settings = settings_for(tmp_path, layer_server, hoppinpunten=layer_server.url(path))
        with pytest.raises(ValueError, match=message):
            add_from_catalogue(sqlite_store, settings, "hoppinpunten")
    assert sqlite_store.layer_list() == []


def test_nmbs_stations_from_irails_csv(sqlite_store, layer_server, tmp_path):
    irail_stations(layer_server)

    layer = add_from_catalogue(sqlite_store, settings_for(tmp_path, layer_server), "nmbs-stations")

    assert (layer.soort, layer.bron, layer.bronvermelding) == ("station", "csv", "iRail stations (CC0)")
    assert [(o.naam, o.lon, o.lat) for o in objects_of(sqlite_store, layer)] == [
        ("Brussel-Zuid/Bruxelles-Midi", 4.336531, 50.835707), ("Mechelen", 4.482785, 51.017648)]
    assert "buiten België" in layer.melding  # Amsterdam


# -- a keyed GTFS feed -----------------------------------------------------------------------------


def test_a_keyed_gtfs_feed_needs_its_key(sqlite_store, layer_server, tmp_path):
    path = "/api/gtfs/feed/delijn/static"
    keyed(layer_server, path, gtfs_zip(tmp_path / "delijn.zip").read_bytes())

    with pytest.raises(ValueError, match="vraagt een sleutel") as missing:  # not offered: nothing is fetched
        add_from_catalogue(sqlite_store, settings_for(tmp_path, layer_server), "delijn-haltes")
    assert "lagen_gtfs_sleutel" in str(missing.value) and layer_server.hits(path) == 0

    with pytest.raises(FetchError) as refused:
        add_from_catalogue(sqlite_store, settings_for(tmp_path, layer_server, key="verkeerd"), "delijn-haltes")
    assert "HTTP-status 401" in str(refused.value) and "de sleutel ontbreekt of is verkeerd" in str(refused.value)
    assert "verkeerd" not in str(refused.value).replace("is verkeerd", "") and sqlite_store.layer_list() == []

    layer = add_from_catalogue(sqlite_store, settings_for(tmp_path, layer_server, key=KEY), "delijn-haltes")
    assert (layer.soort, layer.bron, layer.bronvermelding) == ("halte", "gtfs", "Bron: De Lijn - Open Data")
    assert [(o.naam, o.detail) for o in objects_of(sqlite_store, layer)] == [
        ("Mechelen Grote Markt", "halte"), ("Muizen, Kerk", "halte")]
    assert layer_server.requests[-1].headers[KEY_HEADER.lower()] == KEY
    assert KEY not in layer.melding and KEY not in repr(layer)


def test_the_key_is_not_sent_to_other_urls(sqlite_store, layer_server, tmp_path):
    cambio_stations(layer_server)
    settings = settings_for(tmp_path, layer_server, key=KEY)
    assert key_headers(layer_server.url("/pub/VLA/stations"), settings) == {}
    add_from_catalogue(sqlite_store, settings, "cambio-vlaanderen")
    assert layer_server.requests and all(KEY_HEADER.lower() not in r.headers for r in layer_server.requests)


# -- the address checks apply -------------------------------------------------------------------------


def test_a_listed_source_on_the_servers_own_network_is_refused(sqlite_store, layer_server, tmp_path):
    cambio_stations(layer_server)
    settings = layer_settings(tmp_path, lagen_bronnen=str(write_sources(tmp_path, layer_server)),
                              lagen_prive_adressen="nee")
    with pytest.raises(FetchError, match="loopback"):
        add_from_catalogue(sqlite_store, settings, "cambio-vlaanderen")
    assert layer_server.requests == [] and sqlite_store.layer_list() == []


# -- the readers on their own -------------------------------------------------------------------------


def test_doctests():
    import doctest

    import geo.context.cambio as cambio_module
    import geo.context.wfs as wfs_module

    for module in (cambio_module, wfs_module):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


@pytest.mark.parametrize("name, epsg", [
    ("urn:ogc:def:crs:EPSG::31370", 31370), ("EPSG:31370", 31370), ("http://www.opengis.net/def/crs/EPSG/0/3812", 3812),
    ("urn:ogc:def:crs:OGC:1.3:CRS84", 4326), ("urn:ogc:def:crs:EPSG:6.9:4326", 4326),
])
def test_the_crs_an_answer_names(name, epsg):
    from geo.context.wfs import crs_of

    assert crs_of({"crs": {"type": "name", "properties": {"name": name}}}, "https://x.test/ows") == epsg
    assert crs_of({}, f"https://x.test/ows?service=WFS&srsName={name}") == epsg
    assert crs_of({}, "https://x.test/ows?service=WFS") is None


def test_an_unknown_crs_is_refused():
    from geo.context.checks import LayerError
    from geo.context.wfs import crs_of

    with pytest.raises(LayerError, match="'Lambert-ish' van 'https://x.test/ows' is onbekend"):
        crs_of({"crs": {"type": "name", "properties": {"name": "Lambert-ish"}}}, "https://x.test/ows")


def test_a_gbfs_30_system_read_as_bikes_keeps_only_its_bike(layer_server, tmp_path):
    from geo.context.records import ContextLayer
    from geo.context.sources import refresh

    url = getaround_30(layer_server)
    data = refresh(ContextLayer(naam="Fietsen", soort="deelfiets", bron="gbfs", url=url), layer_settings(tmp_path),
                   in_worker=False)
    assert [(o.naam, o.detail) for o in data.objects] == [("Parking Zuid", "station"), ("Bike", "bicycle")]
    assert data.warnings == ("2 voertuig(en) die geen fiets zijn werden weggelaten (laag van soort deelfiets).",)
    assert data.attribution == "Getaround Gent"  # the Dutch name; the operator is in it already
