"""Candidates matched with partners, dismissed, added, and listed per white spot."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.advice import white_spots
from geo.candidates.listing import (as_prospects, candidate_frame, municipality_candidates, open_candidates,
                                    spot_candidates)
from geo.candidates.records import Candidate
from geo.coverage import wijk_coverage
from geo.partners import Partner
from geo.reach import CoverageSettings, to_wgs84_lonlat

MECHELEN = "12025"


def candidate(bron_id: str, naam: str, lat: float, lon: float, categorie: str = "school", postcode: str = "",
              wijk_code: str = "") -> Candidate:
    return Candidate(MECHELEN, "osm", bron_id, naam, categorie, lat, lon, "school", postcode=postcode,
                     wijk_code=wijk_code)


def test_a_candidate_matching_a_partner_is_not_new_and_the_match_is_explained():
    partners = [Partner("De Zonnebloem", "school", postcode="2800", lat=51.0279, lon=4.4806, id="p1"),
                Partner("Scouts Sint-Rombout", "jeugdbeweging", lat=51.0312, lon=4.4935, id="p2"),
                Partner("Chiro Nekker", "jeugdbeweging", lat=51.0400, lon=4.5100, id="p3")]
    candidates = [candidate("node/1", "De Zonnebloem", 51.0290, 4.4700, postcode="2800"),  # name + postcode
                  candidate("node/2", "Scouts Sint-Rombout", 51.0313, 4.4936),  # same name, 13 m
                  candidate("node/3", "Basisschool De Zonnebloem", 51.0285, 4.4806),  # alike, 67 m
                  candidate("node/4", "Chiro Nekker", 51.0500, 4.5400),  # same name, 2.4 km away
                  candidate("node/5", "Sint-Ursula-Instituut", 51.0280, 4.4807)]  # near, another name

    frame = candidate_frame(candidates, partners)

    matched = dict(zip(frame["bron_id"], frame["match_id"]))
    assert matched == {"node/1": "p1", "node/2": "p2", "node/3": "p1", "node/4": "", "node/5": ""}
    why = dict(zip(frame["bron_id"], frame["match_uitleg"]))
    assert "postcode 2800" in why["node/1"] and "13 m" in why["node/2"] and "Wellicht" in why["node/3"]
    assert list(open_candidates(frame)["bron_id"]) == ["node/4", "node/5"]


def test_dismissed_and_added_candidates_are_not_open(sqlite_store):
    store = sqlite_store
    kept = [candidate("node/1", "A", 51.03, 4.48), candidate("node/2", "B", 51.03, 4.49),
            candidate("node/3", "C", 51.03, 4.47)]
    store.candidates_replace(MECHELEN, "osm", kept, "2026-12-06T10:00:00+00:00")
    store.candidate_dismiss(kept[0], door="an")

    frame = municipality_candidates(store, MECHELEN)

    assert list(open_candidates(frame)["bron_id"]) == ["node/2", "node/3"]
    assert dict(zip(frame["bron_id"], frame["afgewezen"])) == {"node/1": True, "node/2": False, "node/3": False}


def test_per_white_spot_the_candidates_inside_or_reaching_it_missing_kinds_first(boundaries, categories):
    settings = CoverageSettings()
    coverage = wijk_coverage(boundaries, MECHELEN, [], categories, settings)
    spots = white_spots(coverage, [], boundaries, settings)
    wijk = boundaries.wijken_of(MECHELEN).iloc[0]
    inside = wijk.geometry.representative_point()
    lon, lat = to_wgs84_lonlat(np.array([inside.x]), np.array([inside.y]))
    code = wijk["wijk_code"]
    frame = candidate_frame([candidate("node/1", "Buurthuis", lat[0], lon[0], "buurt", wijk_code=code),
                             candidate("node/2", "School", lat[0], lon[0] + 0.0005, "school", wijk_code=code),
                             candidate("node/3", "Ver weg", 51.20, 4.40, "school")], [])
    missing_school = spots.assign(ontbrekende_categorieen=[("school",)] * len(spots))

    listed = spot_candidates(frame, missing_school, boundaries, categories, settings)[code]

    assert list(listed["bron_id"]) == ["node/2", "node/1"]
    assert list(listed["ontbrekend"]) == [True, False] and listed["afstand_m"].max() == 0


def test_candidates_become_prospects_with_their_own_ids():
    frame = candidate_frame([candidate("node/1", "A", 51.03, 4.48)], [])

    prospects = as_prospects(frame)

    assert list(prospects["partner_id"]) == ["kandidaat:osm:node/1"]
    assert list(prospects["status"]) == ["te contacteren"] and pd.notna(prospects["x"]).all()
