"""Candidate partners on Witte vlekken, Kaart and Dekking under AppTest, fetched from a real local
server that speaks the Overpass API; a share link never sees them."""

from __future__ import annotations

import re

import pytest

from geo import texts
from geo.candidates.records import OSM
from geo.partners import Partner
from tests.geo.candidates.overpass_server import node, way
from tests.pages.helpers import labelled, map_script, run, shown

MECHELEN = "12025"
NAMES = ("Basisschool De Zonnebloem", "Scouts Sint-Rombout", "Buurthuis Nekkerspoel")


@pytest.fixture
def overpass_app(app, overpass, monkeypatch):
    """``app`` with the Overpass API of the local server (a loopback address, allowed for the test)."""
    overpass.elements = [
        node(1, 51.0279, 4.4806, amenity="school", name=NAMES[0], addr_postcode="2800"),
        way(2, 51.0312, 4.4935, club="scout", name=NAMES[1]),
        node(3, 51.0290, 4.4850, amenity="community_centre", name=NAMES[2]),
    ]
    monkeypatch.setenv("PARTNERKAART_KANDIDATEN_OVERPASS_URL", overpass.url)
    monkeypatch.setenv("PARTNERKAART_LAGEN_PRIVE_ADRESSEN", "ja")
    return app


def witte_vlekken(app, who: str = "beheerder"):
    at = app({"gemeente": MECHELEN} if who == "beheerder" else {}, who=who)
    return run(at.switch_page("pages/witte_vlekken.py"))


def candidate_layer_shown(script: str) -> bool:
    """Whether the map adds the candidates' layer when it opens (a layer switched off is only in the control)."""
    at = script.index('"pk-candidate-icon"')
    name = re.findall(r"var (feature_group_\w+) = L\.featureGroup\(\);", script[:at])[-1]
    return f"{name}.addTo(" in script


def search(at):
    return run(at.button(key="kandidaten_zoeken").click())


def test_an_organiser_finds_candidates_in_a_white_spot_and_adds_two_to_contact(overpass_app, open_db):
    at = witte_vlekken(overpass_app)
    assert texts.UI_KANDIDATEN_TITEL in [s.value for s in at.subheader]
    assert at.button(key="kandidaten_zoeken").label == texts.UI_KANDIDATEN_ZOEKEN

    at = search(at)

    assert not at.exception, at.exception
    assert texts.UI_KANDIDATEN_GEVONDEN.format(aantal=3) in shown(at.success)
    assert at.button(key="kandidaten_zoeken").label == texts.UI_KANDIDATEN_VERNIEUWEN
    script = map_script(at)
    assert "pk-candidate" in script and all(name in script for name in NAMES) and candidate_layer_shown(script)
    assert "addAttribution(" in script and "OpenStreetMap-bijdragers, ODbL" in script  # attributed on the map
    listed = at.dataframe[1].value
    assert set(listed[texts.UI_KOLOM_NAAM]) <= set(NAMES) and len(listed)

    choose = labelled(at.multiselect, texts.UI_KANDIDATEN_KIES)
    picked = list(choose.options)[:2]
    at = run(choose.set_value(picked))
    at = run(at.button(key="kandidaten_toevoegen").click())

    assert not at.exception, at.exception
    assert texts.UI_KANDIDATEN_TOEGEVOEGD.format(aantal=2) in shown(at.success)
    store = open_db()
    added = [p for p in store.list_partners(MECHELEN) if not p.demo]
    assert {p.naam for p in added} == set(picked) and {p.status for p in added} == {"te contacteren"}
    assert len(store.partner_sources(MECHELEN)) == 2
    assert not any(p.naam in map_script(at) and "pk-candidate" in map_script(at).split(p.naam)[0][-400:]
                   for p in added)  # no longer drawn as candidates
    assert any(texts.UI_BRONNEN_PARTNERS.split("{")[0] in c for c in shown(at.caption))  # the footer names OSM


def test_the_advice_can_name_a_candidate_and_says_where_it_comes_from(overpass_app, open_db):
    at = witte_vlekken(overpass_app)
    open_db().remove_demo()  # the candidates are the only prospects
    at = search(at)

    advice = at.dataframe[-1].value

    assert texts.ADVIES_KANDIDAAT_STATUS in set(advice[texts.UI_KOLOM_STATUS])
    reasons = advice[advice[texts.UI_KOLOM_STATUS] == texts.ADVIES_KANDIDAAT_STATUS][texts.UI_KOLOM_REDEN]
    assert all(texts.ADVIES_KANDIDAAT_REDEN.format(bron=texts.KANDIDATEN_OSM_BRONVERMELDING) in r for r in reasons)

    at = run(at.toggle(key="advies_kandidaten").set_value(False))
    assert texts.UI_GEEN_ADVIES in shown(at.info)  # without candidates there is no prospect left
    assert not any(texts.UI_KOLOM_STATUS in d.value for d in at.dataframe)


def test_a_dismissed_candidate_is_gone_from_list_and_map(overpass_app, open_db):
    at = search(witte_vlekken(overpass_app))
    choose = labelled(at.multiselect, texts.UI_KANDIDATEN_KIES)
    first = list(choose.options)[0]
    at = run(choose.set_value([first]))

    at = run(at.button(key="kandidaten_afwijzen").click())

    assert texts.UI_KANDIDATEN_AFGEWEZEN.format(aantal=1) in shown(at.success)
    dismissed = open_db().dismissals(MECHELEN)
    assert [d.naam for d in dismissed] == [first]  # the options read as the organisations' names
    assert first not in map_script(at)


def test_a_failed_search_says_why_and_finds_nothing(overpass_app, overpass, open_db):
    overpass.mode = "busy"

    at = search(witte_vlekken(overpass_app))

    assert any("429" in w and "vorige lijst blijft staan" in w for w in shown(at.warning))
    assert open_db().candidate_list(MECHELEN) == []


@pytest.mark.parametrize("page", ["pages/kaart.py", "pages/dekking.py"])
def test_kaart_and_dekking_have_the_candidate_layer_switched_off(overpass_app, page):
    at = search(witte_vlekken(overpass_app))

    at = run(at.switch_page(page))

    script = map_script(at)
    assert texts.KAART_LAAG_OPEN_KANDIDATEN.format(aantal=3) in script and all(name in script for name in NAMES)
    assert candidate_layer_shown(script) is False  # in the layer control, switched off: a busy map otherwise


@pytest.mark.parametrize("page", ["pages/witte_vlekken.py", "pages/kaart.py", "pages/dekking.py"])
def test_a_share_link_never_sees_candidates(overpass_app, open_db, page):
    search(witte_vlekken(overpass_app))
    assert len(open_db().candidate_list(MECHELEN)) == 3 and open_db().candidate_search(MECHELEN, OSM).aantal == 3

    at = run(overpass_app(who="lezer:12025").switch_page(page))

    assert not at.exception, at.exception
    script = map_script(at)
    assert "pk-candidate" not in script and not any(name in script for name in NAMES)
    assert texts.UI_KANDIDATEN_TITEL not in [s.value for s in at.subheader]
    shown = " ".join(str(e.value) for e in (*at.markdown, *at.caption, *at.dataframe))
    assert not any(name in shown for name in NAMES)


def test_a_candidate_that_is_already_a_partner_is_listed_with_why_and_a_dismissal_can_be_undone(overpass_app, open_db):
    store = open_db()
    store.add_partner(Partner("De Zonnebloem", "school", postcode="2800", lat=51.0280, lon=4.4806, gemeente_nis=MECHELEN))
    at = search(witte_vlekken(overpass_app))

    known = [e for e in at.expander if e.label.startswith(texts.UI_KANDIDATEN_AL_PARTNER.split("(")[0])]
    assert len(known) == 1
    table = known[0].dataframe[0].value
    assert list(table[texts.UI_KOLOM_NAAM]) == [NAMES[0]] and "De Zonnebloem" in table[texts.UI_KANDIDATEN_KOLOM_WAAROM_AL][0]
    assert NAMES[0] not in [o for m in at.multiselect for o in m.options]  # not offered as new

    choose = labelled(at.multiselect, texts.UI_KANDIDATEN_KIES)
    first = list(choose.options)[0]
    at = run(choose.set_value([first]))
    at = run(at.button(key="kandidaten_afwijzen").click())
    back = labelled(at.multiselect, texts.UI_KANDIDATEN_TERUG_KIES)
    at = run(back.set_value([list(back.options)[0]]))
    at = run(at.button(key="kandidaten_terugzetten").click())

    assert texts.UI_KANDIDATEN_TERUGGEZET.format(aantal=1) in shown(at.success)
    assert open_db().dismissals(MECHELEN) == []
