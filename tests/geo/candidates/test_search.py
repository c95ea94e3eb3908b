"""Fetching candidates from a real local server that speaks the Overpass API, and keeping the last good list."""

from __future__ import annotations

import dataclasses

import pytest

from geo import texts
from geo.candidates.osm_tags import load_rules
from geo.candidates.records import OSM
from geo.candidates.search import is_fresh, search_candidates
from geo.config import GEOCODER_USER_AGENT
from tests.geo.candidates.overpass_server import node, parse_query, way

MECHELEN = "12025"
GROTE_MARKT = (51.0279, 4.4806)
NEKKERSPOEL = (51.0312, 4.4935)
GENT = (51.0543, 3.7174)


@pytest.fixture
def overpass_settings(settings, overpass):
    return dataclasses.replace(settings, kandidaten_overpass_url=overpass.url, lagen_prive_adressen=True,
                               kandidaten_timeout=10.0)


def mechelen_elements() -> list[dict]:
    return [
        node(1, *GROTE_MARKT, amenity="school", school="primary", name="Basisschool De Zonnebloem",
             addr_street="Grote Markt", addr_housenumber="1", addr_postcode="2800", addr_city="Mechelen"),
        way(2, *NEKKERSPOEL, club="scout", name="Scouts Sint-Rombout"),
        node(3, 51.0290, 4.4850, amenity="community_centre", name="Buurthuis Nekkerspoel"),
        node(4, 51.0300, 4.4870, amenity="school"),  # no name: cannot be contacted
        node(5, 51.0310, 4.4880, amenity="bench", name="Bank"),  # no rule names benches
        node(6, *GENT, amenity="school", name="School in Gent"),  # outside the box asked for
        node(7, 51.0250, 4.4700, repair="assisted_self_service", name="Repair Café Mechelen"),
    ]


def test_the_query_asks_for_every_rule_and_the_box_and_finds_the_named_candidates(store, boundaries, overpass,
                                                                                  overpass_settings):
    overpass.elements = mechelen_elements()

    outcome = search_candidates(store, boundaries, MECHELEN, overpass_settings)

    assert not outcome.failed and outcome.found == 4
    found = {c.bron_id: c for c in store.candidate_list(MECHELEN)}
    assert set(found) == {"node/1", "way/2", "node/3", "node/7"}
    assert (found["node/1"].categorie, found["way/2"].categorie, found["node/3"].categorie,
            found["node/7"].categorie) == ("school", "jeugdbeweging", "buurt", "deelinitiatief")
    assert found["node/1"].adres == "Grote Markt 1, 2800 Mechelen"
    assert found["way/2"].wijk_code == boundaries.locate(NEKKERSPOEL[1], NEKKERSPOEL[0])[1]
    assert all(c.gemeente_nis == MECHELEN and c.bron == OSM for c in found.values())
    box, statements = parse_query(overpass.queries[0])
    south, west, north, east = box
    assert south < GROTE_MARKT[0] < north and west < GROTE_MARKT[1] < east and not west < GENT[1] < east
    asked = {(key, value) for _, filters, _ in statements for key, _, value in filters}
    assert ("name", None) in asked and len(statements) == len({r.key for r in load_rules()})
    request = overpass.server.requests[0]
    assert request.headers["user-agent"] == GEOCODER_USER_AGENT
    search = store.candidate_search(MECHELEN, OSM)
    assert search.aantal == 4 and search.melding == "" and is_fresh(search, overpass_settings)


def test_an_answer_that_timed_out_keeps_the_last_list_and_says_why(store, boundaries, overpass, overpass_settings):
    overpass.elements = mechelen_elements()
    search_candidates(store, boundaries, MECHELEN, overpass_settings)
    before = store.candidate_list(MECHELEN)
    overpass.elements = mechelen_elements()[:1]
    overpass.mode = "timeout"

    outcome = search_candidates(store, boundaries, MECHELEN, overpass_settings)

    assert outcome.failed and "Query timed out" in outcome.note and "vorige lijst blijft staan" in outcome.note
    assert store.candidate_list(MECHELEN) == before and outcome.found == 4
    assert store.candidate_search(MECHELEN, OSM).melding == outcome.note


def test_too_many_requests_is_a_failed_refresh_never_no_candidates(store, boundaries, overpass, overpass_settings):
    overpass.elements = mechelen_elements()
    search_candidates(store, boundaries, MECHELEN, overpass_settings)
    overpass.mode = "busy"

    outcome = search_candidates(store, boundaries, MECHELEN, overpass_settings)

    assert outcome.failed and "429" in outcome.note
    assert len(store.candidate_list(MECHELEN)) == 4


def test_without_a_first_list_a_failure_is_stored_as_a_note_and_nothing_else(store, boundaries, overpass,
                                                                              overpass_settings):
    overpass.mode = "busy"

    outcome = search_candidates(store, boundaries, MECHELEN, overpass_settings)

    assert outcome.failed and outcome.found == 0 and store.candidate_list(MECHELEN) == []
    search = store.candidate_search(MECHELEN, OSM)
    assert search.opgehaald == "" and not is_fresh(search, overpass_settings)


def test_a_loopback_overpass_is_refused_unless_allowed(store, boundaries, overpass, overpass_settings):
    overpass.elements = mechelen_elements()
    closed = dataclasses.replace(overpass_settings, lagen_prive_adressen=False)

    outcome = search_candidates(store, boundaries, MECHELEN, closed)

    assert outcome.failed and "loopback" in outcome.note and overpass.queries == []


def test_a_refresh_replaces_the_list_and_a_list_ages(store, boundaries, overpass, overpass_settings):
    overpass.elements = mechelen_elements()
    search_candidates(store, boundaries, MECHELEN, overpass_settings)
    overpass.elements = mechelen_elements()[1:2]

    outcome = search_candidates(store, boundaries, MECHELEN, overpass_settings)

    assert outcome.found == 1 and [c.bron_id for c in store.candidate_list(MECHELEN)] == ["way/2"]
    search = store.candidate_search(MECHELEN, OSM)
    assert not is_fresh(dataclasses.replace(search, opgehaald="2020-01-01T00:00:00+00:00"), overpass_settings)


def test_an_unreadable_answer_is_a_dutch_failure(store, boundaries, overpass, overpass_settings):
    overpass.server.document("/api/interpreter", b"<html>Bad gateway</html>")

    outcome = search_candidates(store, boundaries, MECHELEN, overpass_settings)

    assert outcome.failed and texts.KANDIDATEN_OVERPASS_ONLEESBAAR.rstrip(".") in outcome.note
