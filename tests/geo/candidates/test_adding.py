"""Candidates added as partners to contact (one import: audit, undo, source kept), or dismissed."""

from __future__ import annotations

import pytest

from geo.candidates.adding import add_candidates, dismiss_candidates
from geo.candidates.listing import municipality_candidates, open_candidates
from geo.candidates.records import Candidate

MECHELEN = "12025"
NOW = "2026-12-06T10:00:00+00:00"


def kept(store) -> list[Candidate]:
    candidates = [Candidate(MECHELEN, "osm", "node/1", "Basisschool De Zonnebloem", "school", 51.0279, 4.4806,
                            "school", "Grote Markt", "1", "2800", "Mechelen"),
                  Candidate(MECHELEN, "osm", "way/2", "Scouts Sint-Rombout", "jeugdbeweging", 51.0312, 4.4935,
                            "jeugdbeweging", postcode="B-2800")]
    store.candidates_replace(MECHELEN, "osm", candidates, NOW)
    return store.candidate_list(MECHELEN)


def test_added_candidates_are_partners_to_contact_in_one_undoable_import(store, boundaries):
    candidates = kept(store)

    run = add_candidates(store, boundaries, candidates, door="an@example.org")

    assert run.toegevoegd == 2 and run.modus == "toevoegen" and "OpenStreetMap" in run.bestand
    partners = {p.naam: p for p in store.list_partners(MECHELEN)}
    school = partners["Basisschool De Zonnebloem"]
    assert (school.status, school.categorie, school.postcode, school.straat) == ("te contacteren", "school", "2800",
                                                                                 "Grote Markt")
    assert school.wijk_code == boundaries.locate(4.4806, 51.0279)[1]
    assert partners["Scouts Sint-Rombout"].postcode == ""  # 'B-2800' is no Belgian postcode as the app writes it
    assert "OpenStreetMap" in school.notities and "node/1" in school.notities
    assert set(store.partner_sources(MECHELEN)) == {("osm", "node/1"), ("osm", "way/2")}
    assert open_candidates(municipality_candidates(store, MECHELEN)).empty
    assert any(e.actie.startswith("import") for e in store.audit_list([MECHELEN]))

    assert add_candidates(store, boundaries, candidates) is None  # twice adds nothing
    store.candidates_replace(MECHELEN, "osm", candidates, NOW)  # nor does a refresh offer them again
    assert open_candidates(municipality_candidates(store, MECHELEN)).empty

    store.undo_import(run.id, door="an@example.org")
    assert store.list_partners(MECHELEN) == []
    assert len(open_candidates(municipality_candidates(store, MECHELEN))) == 2  # the candidates are back


def test_a_dismissed_candidate_stays_hidden_after_a_refresh_until_put_back(store):
    candidates = kept(store)

    assert dismiss_candidates(store, candidates[:1], door="an") == 1
    store.candidates_replace(MECHELEN, "osm", candidates, NOW)

    assert list(open_candidates(municipality_candidates(store, MECHELEN))["bron_id"]) == ["way/2"]
    assert [e.actie for e in store.audit_list([MECHELEN])][:1] == ["kandidaat afgewezen"]
    store.candidate_undismiss("osm", "node/1", door="an")
    assert len(open_candidates(municipality_candidates(store, MECHELEN))) == 2


def test_a_candidate_outside_every_wijk_is_refused_and_nothing_is_added(store, boundaries):
    candidates = kept(store) + [Candidate(MECHELEN, "osm", "node/9", "Over de grens", "school", 50.63, 3.06)]  # Lille

    with pytest.raises(ValueError, match="Over de grens"):
        add_candidates(store, boundaries, candidates)

    assert store.list_partners(MECHELEN) == [] and store.partner_sources() == {}
