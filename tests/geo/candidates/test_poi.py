"""Schools from the Flemish points of interest (a WFS answering GeoJSON in Lambert 72), served by a real
local server: found next to OpenStreetMap, and a slow or failing server keeps the last list."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from geo.candidates.poi import read_poi
from geo.candidates.records import OSM, POI
from geo.candidates.search import search_candidates
from geo.reach import to_lambert_xy
from tests.geo.candidates.overpass_server import node

MECHELEN = "12025"
PATH = "/POI/wfs"


def lambert(lat: float, lon: float) -> list[float]:
    x, y = to_lambert_xy(np.array([lon]), np.array([lat]))
    return [round(float(x[0]), 1), round(float(y[0]), 1)]


def poi_answer() -> dict:
    """GeoServer's answer: features in Lambert 72, named by the ``crs`` member."""
    def school(ident: int, name: str, lat: float, lon: float, category: str, **address) -> dict:
        return {"type": "Feature", "id": f"POI.{ident}", "geometry": {"type": "Point", "coordinates": lambert(lat, lon)},
                "properties": {"ID": ident, "NAAM": name, "CATEGORIE": category, **address}}

    return {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::31370"}},
            "features": [school(11, "Sint-Ursula-Instituut", 51.0290, 4.4770, "Secundair onderwijs",
                                STRAAT="Onze-Lieve-Vrouwestraat", HUISNUMMER="94", POSTCODE="2800", GEMEENTE="Mechelen"),
                         school(12, "GO! Basisschool Nekkerspoel", 51.0330, 4.4960, "Basisonderwijs"),
                         school(13, "Basisschool in Gent", 51.0543, 3.7174, "Basisonderwijs")]}


@pytest.fixture
def both(settings, overpass, layer_server):
    overpass.elements = [node(1, 51.0279, 4.4806, amenity="school", name="Basisschool De Zonnebloem")]
    layer_server.document(PATH, poi_answer())
    return dataclasses.replace(settings, kandidaten_overpass_url=overpass.url, lagen_prive_adressen=True,
                               kandidaten_poi_url=layer_server.url(PATH) + "?service=WFS&typeNames=POI",
                               kandidaten_timeout=2.0)


def test_schools_of_the_points_of_interest_are_candidates_next_to_openstreetmap(store, boundaries, both):
    outcome = search_candidates(store, boundaries, MECHELEN, both)

    assert not outcome.failed and outcome.found == 3
    found = {c.bron_id: c for c in store.candidate_list(MECHELEN) if c.bron == POI}
    assert set(found) == {"11", "12"}  # the school in Gent is outside the search area
    ursula = found["11"]
    assert (ursula.categorie, ursula.detail, ursula.adres) == ("school", "Secundair onderwijs",
                                                               "Onze-Lieve-Vrouwestraat 94, 2800 Mechelen")
    assert abs(ursula.lat - 51.0290) < 1e-4 and abs(ursula.lon - 4.4770) < 1e-4  # Lambert 72 read as such
    assert ursula.wijk_code == boundaries.locate(4.4770, 51.0290)[1]
    assert [c.bron for c in store.candidate_list(MECHELEN)].count(OSM) == 1
    assert store.candidate_search(MECHELEN, POI).aantal == 2


def test_a_slow_points_of_interest_server_keeps_its_last_list_and_openstreetmap_goes_on(store, boundaries, both,
                                                                                         layer_server, overpass):
    search_candidates(store, boundaries, MECHELEN, both)
    layer_server.waits(PATH, seconds=30)
    overpass.elements = []

    outcome = search_candidates(store, boundaries, MECHELEN, both)

    assert outcome.failed and "Points of Interest" in outcome.note and "2 s" in outcome.note
    assert [c.bron for c in store.candidate_list(MECHELEN)] == [POI, POI]  # OSM refreshed to none, POI kept
    assert store.candidate_search(MECHELEN, POI).melding == outcome.note


def test_a_failing_points_of_interest_server_is_a_dutch_note(store, boundaries, both, layer_server):
    layer_server.document(PATH, "Internal error", status=500)

    outcome = search_candidates(store, boundaries, MECHELEN, both)

    assert outcome.failed and "500" in outcome.note and outcome.found == 1  # OpenStreetMap's one


def test_an_answer_that_is_no_geojson_is_refused(store, boundaries, both, layer_server):
    layer_server.document(PATH, '<?xml version="1.0"?><ows:ExceptionReport/>')

    outcome = search_candidates(store, boundaries, MECHELEN, both)

    assert outcome.failed and "Points of Interest" in outcome.note
    assert not [c for c in store.candidate_list(MECHELEN) if c.bron == POI]


def test_without_an_id_a_school_keeps_the_same_id_on_every_refresh():
    answer = poi_answer()
    for feature in answer["features"]:
        del feature["properties"]["ID"]
    first = read_poi(json.dumps(answer).encode(), "https://example.org/wfs", MECHELEN)
    again = read_poi(json.dumps(answer).encode(), "https://example.org/wfs", MECHELEN)

    assert [c.bron_id for c in first] == [c.bron_id for c in again] and len({c.bron_id for c in first}) == 3
