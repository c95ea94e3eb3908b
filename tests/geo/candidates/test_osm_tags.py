"""The OpenStreetMap tag rules (data/osm_kandidaten.json) and the Overpass query built from them."""

from __future__ import annotations

import json

import pytest

from geo.candidates.osm_tags import kind_of, load_rules, overpass_query
from geo.candidates.overpass import CandidateError, read_overpass
from tests.geo.candidates.overpass_server import TIMED_OUT, node, parse_query, way


def test_every_rule_of_the_shipped_file_names_a_known_kind(categories):
    rules = load_rules(categories=categories)

    assert {r.categorie for r in rules} <= set(categories)
    assert ("amenity", "school") in {(r.key, r.value) for r in rules}
    assert kind_of({"amenity": "school", "name": "GO! Atheneum"}, rules).categorie == "school"
    assert kind_of({"amenity": "school"}, rules) is None  # no name
    assert kind_of({"amenity": "bench", "name": "Bank"}, rules) is None


def test_the_first_rule_that_fits_decides(tmp_path, categories):
    path = tmp_path / "regels.json"
    path.write_text(json.dumps({"regels": [{"tag": "office=ngo", "categorie": "ledenorganisatie"},
                                           {"tag": "amenity=school", "categorie": "school"}]}))

    rules = load_rules(path, categories)

    assert kind_of({"office": "ngo", "amenity": "school", "name": "X"}, rules).categorie == "ledenorganisatie"


@pytest.mark.parametrize("rule", [{"tag": "amenity", "categorie": "school"},
                                  {"tag": "amenity=school", "categorie": "bestaat_niet"},
                                  {"tag": 'amenity=school"];out;', "categorie": "school"}])
def test_a_bad_rule_is_refused_in_dutch(tmp_path, categories, rule):
    path = tmp_path / "regels.json"
    path.write_text(json.dumps({"regels": [rule]}))

    with pytest.raises(ValueError, match="is ongeldig"):
        load_rules(path, categories)


def test_the_query_is_what_the_overpass_server_understands(categories):
    rules = load_rules(categories=categories)

    box, statements = parse_query(overpass_query(rules, (51.0, 4.4, 51.1, 4.5)))

    assert box == (51.0, 4.4, 51.1, 4.5)
    assert {kind for kind, _, _ in statements} == {"nwr"}
    assert all(filters[-1] == ("name", None, None) for _, filters, _ in statements)
    assert parse_query("[out:json];area(3600000000)->.a;(nwr[amenity=school](area.a););out center tags;") is None


def test_ways_use_their_centre_and_addresses_come_from_addr_tags(categories):
    rules = load_rules(categories=categories)
    answer = {"elements": [way(9, 51.02, 4.47, amenity="townhall", name="Stadhuis", addr_postcode="2800"),
                           node(10, 51.03, 4.48, **{"amenity": "library", "name": "Bib\u0000 Het  Predikheren"})]}

    found = read_overpass(json.dumps(answer).encode(), rules, "12025")

    assert [(c.bron_id, c.lat, c.postcode, c.categorie) for c in found][0] == ("way/9", 51.02, "2800", "gemeente")
    assert found[1].naam == "Bib Het Predikheren"


def test_a_remark_that_the_query_timed_out_is_a_failure(categories):
    with pytest.raises(CandidateError, match="onvolledig"):
        read_overpass(json.dumps({"elements": [], "remark": TIMED_OUT}).encode(), load_rules(), "12025")
