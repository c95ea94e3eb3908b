"""``python -m geo kandidaten zoeken|lijst|toevoegen|afwijzen|terugzetten`` as a user runs it: a real
subprocess, a real store and a real local server that speaks the Overpass API."""

from __future__ import annotations

import csv
import io

import pytest

from geo import texts
from geo.store import open_store
from tests.geo.candidates.overpass_server import node, way

NAMES = ("=Basisschool De Zonnebloem", "Scouts Sint-Rombout")


@pytest.fixture
def env(overpass) -> dict[str, str]:
    overpass.elements = [node(1, 51.0279, 4.4806, amenity="school", name=NAMES[0]),
                         way(2, 51.0312, 4.4935, club="scout", name=NAMES[1])]
    return {"PARTNERKAART_KANDIDATEN_OVERPASS_URL": overpass.url, "PARTNERKAART_LAGEN_PRIVE_ADRESSEN": "ja"}


def rows(result) -> list[dict]:
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_zoeken_lijst_toevoegen_afwijzen_terugzetten(cli, env, overpass):
    found = cli.run("kandidaten", "zoeken", "--gemeente", "Mechelen", env=env)
    assert found.returncode == 0, found.stderr
    assert texts.CLI_KANDIDATEN_GEVONDEN.format(aantal=2) in found.stdout

    again = cli.run("kandidaten", "zoeken", "--gemeente", "12025", env=env)  # recent: reused, not fetched
    assert again.returncode == 0 and "hergebruikt" in again.stdout and len(overpass.queries) == 1

    listed = cli.run("kandidaten", "lijst", "--gemeente", "Mechelen", env=env)
    assert listed.returncode == 0, listed.stderr
    assert sorted(r["naam"] for r in rows(listed)) == sorted(["'" + NAMES[0], NAMES[1]])  # formula neutralised
    assert {r["bron_id"]: r["categorie"] for r in rows(listed)} == {"node/1": "school", "way/2": "jeugdbeweging"}

    added = cli.run("kandidaten", "toevoegen", "--gemeente", "Mechelen", "osm:way/2", "--gebruiker", "an", env=env)
    assert added.returncode == 0, added.stderr
    dismissed = cli.run("kandidaten", "afwijzen", "--gemeente", "Mechelen", "node/1", env=env)
    assert dismissed.returncode == 0, dismissed.stderr
    assert rows(cli.run("kandidaten", "lijst", "--gemeente", "Mechelen", env=env)) == []
    everything = {r["bron_id"]: r for r in rows(cli.run("kandidaten", "lijst", "--gemeente", "Mechelen", "--alle",
                                                           env=env))}
    assert everything["node/1"]["afgewezen"] == "True" and everything["way/2"]["toegevoegd_als"]
    store = open_store(str(cli.db))
    try:
        assert [(p.naam, p.status) for p in store.list_partners("12025")] == [(NAMES[1], "te contacteren")]
    finally:
        store.close()

    back = cli.run("kandidaten", "terugzetten", "--gemeente", "Mechelen", "node/1", env=env)
    assert back.returncode == 0, back.stderr
    assert [r["bron_id"] for r in rows(cli.run("kandidaten", "lijst", "--gemeente", "Mechelen", env=env))] == ["node/1"]


def test_an_unknown_id_changes_nothing_and_a_failed_refresh_exits_1(cli, env, overpass):
    cli.run("kandidaten", "zoeken", "--gemeente", "Mechelen", env=env)

    unknown = cli.run("kandidaten", "toevoegen", "--gemeente", "Mechelen", "way/2", "node/999", env=env)
    assert unknown.returncode == 2 and "osm:node/999" in unknown.stderr and "niets gewijzigd" in unknown.stderr
    overpass.mode = "busy"
    failed = cli.run("kandidaten", "zoeken", "--gemeente", "Mechelen", "--vernieuwen", env=env)
    assert failed.returncode == 1 and "429" in failed.stderr and "vorige lijst blijft staan" in failed.stderr
    assert len(rows(cli.run("kandidaten", "lijst", "--gemeente", "Mechelen", env=env))) == 2
    store = open_store(str(cli.db))
    try:
        assert store.list_partners() == []
    finally:
        store.close()


def test_a_source_is_added_from_a_file_listed_and_removed(cli, env, tmp_path):
    groups = tmp_path / "groepen.csv"
    groups.write_text("naam;soort;lat;lon\nChiro Sint-Jan;chiro;51,0279;4,4806\nBowling;bowlingclub;51,03;4,48\n",
                      encoding="utf-8")

    added = cli.run("kandidaten", "bron-toevoegen", "--naam", "Jeugdgroepen", "--bestand", str(groups),
                    "--kolom", "soort", "--bronvermelding", "De Ambrassade", env=env)

    assert added.returncode == 0, added.stderr
    assert "1 kandidaten" in added.stdout and "1 rijen overgeslagen" in added.stderr
    listed = rows(cli.run("kandidaten", "bronnen", env=env))
    assert [(r["naam"], r["aantal"], r["kolom"], r["bronvermelding"]) for r in listed] == [
        ("Jeugdgroepen", "1", "soort", "De Ambrassade")]
    candidates = rows(cli.run("kandidaten", "lijst", "--gemeente", "Mechelen", env=env))
    assert [(r["naam"], r["bron"], r["categorie"]) for r in candidates] == [
        ("Chiro Sint-Jan", f"eigen:{listed[0]['id']}", "jeugdbeweging")]
    key = f"eigen:{listed[0]['id']}:{candidates[0]['bron_id']}"
    assert cli.run("kandidaten", "toevoegen", "--gemeente", "Mechelen", key, env=env).returncode == 0

    removed = cli.run("kandidaten", "bron-verwijderen", listed[0]["id"], env=env)
    assert removed.returncode == 0 and rows(cli.run("kandidaten", "bronnen", env=env)) == []
    missing = cli.run("kandidaten", "bron-verwijderen", "99", env=env)
    assert missing.returncode == 2 and "bestaat niet" in missing.stderr
