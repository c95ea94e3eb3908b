"""Sources of candidates a beheerder adds (a federation's list of local groups): an uploaded table with a
kind column, a GeoJSON URL on a real local server; read per municipality, refreshed with a search."""

from __future__ import annotations

import dataclasses
import json

import pytest

from geo.candidates.adding import add_candidates
from geo.candidates.listing import municipality_candidates
from geo.candidates.own import SourceError, add_source, check_source
from geo.candidates.records import CandidateSource, partner_attribution
from geo.candidates.search import search_candidates

MECHELEN, GENT = "12025", "44021"
GROUPS = ("naam;soort;straat;postcode;gemeente;lat;lon\n"
          "Chiro Sint-Jan;chiro;Kerkstraat 1;2800;Mechelen;51,0279;4,4806\n"
          "Scouts Nekkerspoel;scouts;;2800;Mechelen;51,0312;4,4935\n"
          "KSA Gent;ksa;;9000;Gent;51,0543;3,7174\n"
          "Iets anders;bowlingclub;;2800;Mechelen;51,0290;4,4850\n")


def geojson(*features: tuple[str, float, float]) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": {"naam": name, "id": n}}
        for n, (name, lat, lon) in enumerate(features, start=1)]}


def test_an_uploaded_list_with_a_kind_column_gives_candidates_per_municipality(store, boundaries, settings, categories):
    source, warnings = add_source(store, boundaries, CandidateSource("Jeugdgroepen", "bestand", bestand="groepen.csv",
                                                                     kolom="soort", bronvermelding="De Ambrassade"),
                                  GROUPS.encode(), settings, categories, door="beheer")

    assert source.aantal == 3 and any("1 rijen overgeslagen" in w and "soort" in w for w in warnings)
    mechelen = {c.naam: c for c in store.candidate_list(MECHELEN)}
    assert set(mechelen) == {"Chiro Sint-Jan", "Scouts Nekkerspoel"}
    assert {c.categorie for c in mechelen.values()} == {"jeugdbeweging"} and mechelen["Chiro Sint-Jan"].postcode == "2800"
    assert mechelen["Chiro Sint-Jan"].wijk_code == boundaries.locate(4.4806, 51.0279)[1]
    assert [c.naam for c in store.candidate_list(GENT)] == ["KSA Gent"]
    frame = municipality_candidates(store, MECHELEN)
    assert set(frame["bronvermelding"]) == {"De Ambrassade"}

    run = add_candidates(store, boundaries, [mechelen["Chiro Sint-Jan"]], door="an")
    added = store.list_partners(MECHELEN)[0]
    assert "De Ambrassade" in run.bestand and "De Ambrassade" in added.notities
    assert partner_attribution(store.partner_sources(), [added.id], store.candidate_source_names()) == ["De Ambrassade"]

    store.candidate_source_delete(source.id, door="beheer")
    assert store.candidate_list(MECHELEN) == [] and store.candidate_sources() == []
    assert store.list_partners(MECHELEN) == [added]  # a partner made from it stays


def test_a_url_source_is_read_again_with_a_search_and_a_failure_keeps_its_list(store, boundaries, settings, categories,
                                                                              layer_server):
    layer_server.document("/fietsbiebs.geojson", geojson(("Fietsbieb Mechelen", 51.0290, 4.4800)))
    local = dataclasses.replace(settings, lagen_prive_adressen=True, kandidaten_overpass_url=layer_server.url("/geen"),
                                lagen_timeout=5.0)
    source, _ = add_source(store, boundaries, CandidateSource("Fietsbiebs", "geojson",
                                                              url=layer_server.url("/fietsbiebs.geojson"),
                                                              categorie="deelinitiatief"), None, local, categories)
    assert [c.naam for c in store.candidate_list(MECHELEN)] == ["Fietsbieb Mechelen"]

    layer_server.document("/fietsbiebs.geojson", geojson(("Fietsbieb Mechelen", 51.0290, 4.4800),
                                                         ("Fietsbieb Nekkerspoel", 51.0320, 4.4950)))
    outcome = search_candidates(store, boundaries, MECHELEN, local)
    assert sorted(c.naam for c in store.candidate_list(MECHELEN) if c.bron == source.bron) == [
        "Fietsbieb Mechelen", "Fietsbieb Nekkerspoel"]
    assert outcome.failed and "OpenStreetMap" in outcome.note  # the Overpass address answers 404 here

    layer_server.document("/fietsbiebs.geojson", "kapot", status=500)
    outcome = search_candidates(store, boundaries, MECHELEN, local)
    assert "500" in outcome.note
    assert len([c for c in store.candidate_list(MECHELEN) if c.bron == source.bron]) == 2  # last good list kept


@pytest.mark.parametrize("source, message", [
    (CandidateSource(" ", "bestand", categorie="school"), "naam"),
    (CandidateSource("Scholen", "bestand"), "soort"),
    (CandidateSource("Scholen", "bestand", categorie="school", kolom="soort"), "niet beide"),
    (CandidateSource("Scholen", "geojson", categorie="school"), "URL"),
    (CandidateSource("Scholen", "bestand", categorie="zwembad"), "zwembad"),
])
def test_a_source_that_cannot_be_read_as_asked_is_refused_in_dutch(categories, source, message):
    with pytest.raises(SourceError, match=message):
        check_source(source, categories)


def test_a_file_without_any_recognised_row_stores_nothing(store, boundaries, settings, categories):
    with pytest.raises(ValueError, match="geen enkele kandidaat"):
        add_source(store, boundaries, CandidateSource("Clubs", "bestand", bestand="clubs.csv", kolom="soort"),
                   "naam;soort;lat;lon\nBowling;bowlingclub;51,03;4,48\n".encode(), settings, categories)

    assert store.candidate_sources() == [] and store.candidate_list(MECHELEN) == []


def test_an_upload_is_read_in_the_worker_within_its_budget(store, boundaries, settings, categories):
    data = json.dumps(geojson(*((f"Groep {n}", 51.02 + n * 1e-6, 4.47) for n in range(3)))).encode()

    source, _ = add_source(store, boundaries, CandidateSource("Groepen", "bestand", bestand="groepen.geojson",
                                                              categorie="jeugdbeweging"), data, settings, categories,
                           in_worker=True)

    assert source.aantal == 3
