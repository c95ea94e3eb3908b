"""Actions on the maps: Kaart and Dekking draw them as a toggleable layer with a legend row; Dekking
shows the wijken reached by an action next to those covered by trusted partners; a share link sees
them without notes and funding."""

from __future__ import annotations

import json
import re

import pytest

from geo import texts
from geo.campaign.records import Action, ActionPartner
from geo.maps import metric_class
from tests.pages.helpers import record_media, map_script, run  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("record_media")
TITLE = "Stand <img src=x onerror=alert(1)> op de markt"


def action_points(script: str) -> list[list]:
    """The points of the action layer as the map received them."""
    marker = script.find('className: "pk-action-icon"')
    assert marker >= 0, "no action layer in the map"
    start = script.rindex("var points = ", 0, marker) + len("var points = ")
    return json.JSONDecoder().raw_decode(script, start)[0]


@pytest.fixture
def stand(app, open_db, boundaries):
    """The demo set, and a planned stand in a Mechelen wijk that it reaches, with a trusted and a prospect partner."""
    app({"gemeente": "12025"})
    db = open_db()
    partners = db.list_partners("12025")
    trusted = next(p for p in partners if p.status == "zet zich mee in")
    prospect = next(p for p in partners if p.status == "te contacteren")
    wijk = boundaries.locate(4.4777, 51.0282)[1]
    action = db.action_add(Action(TITLE, "stand", "2026-05-01", "12025", lat=51.0282, lon=4.4777, wijk_code=wijk,
                                  bereikt_wijk=True, financiering="Subsidie X", bedrag=500.0, notities="Geheime notitie",
                                  partners=(ActionPartner(trusted.id, "organiseert mee"),
                                            ActionPartner(prospect.id, "communiceert mee"))), door="an")
    return {"action": action, "trusted": trusted, "prospect": prospect, "wijk": wijk}


def test_kaart_draws_the_action_with_its_kind_and_partners_escaped(app, stand):
    at = run(app({"gemeente": "12025"}))

    script = map_script(at)
    [point] = action_points(script)
    assert point[:2] == [51.0282, 4.4777]
    assert "<img" not in point[3] and "&lt;img src=x" in point[3] and "&lt;img" in point[4]
    assert f"{stand['trusted'].naam} (organiseert mee)" in point[4] and "2026-05-01" in point[4]
    assert texts.KAART_LAAG_ACTIES.format(aantal=1) in script  # the layer control's toggle
    assert "Stand op markt of event" in script and "pk-action" in point[2]  # the legend row, the diamond
    assert "Geheime notitie" not in script and "Subsidie X" not in script


def test_a_share_link_sees_the_action_without_notes_funding_or_prospects(app, stand):
    at = run(app({"gemeente": "12025"}, who="lezer:12025"))

    script = map_script(at)
    [point] = action_points(script)
    assert stand["trusted"].naam in point[4] and stand["prospect"].naam not in point[4]
    assert "Geheime notitie" not in script and "Subsidie X" not in script and "500" not in point[4]


def test_dekking_shows_the_wijken_reached_by_an_action_next_to_those_covered(app, stand):
    at = run(app({"gemeente": "12025"}))
    at = run(at.switch_page("pages/dekking.py"))
    assert "actie_bereikt" in at.pills[0].options or texts.UI_METRIEK_ACTIE_BEREIKT in at.pills[0].options

    at = run(at.pills[0].set_value("actie_bereikt"))

    script = map_script(at)
    assert len(action_points(script)) == 1
    features = {}
    decoder = json.JSONDecoder()
    for match in re.finditer(r"geo_json_\w+_add\(", script):
        data, _ = decoder.raw_decode(script, match.end())
        for feature in data.get("features", []):
            if "kleur" in feature["properties"]:
                features[feature["properties"]["wijk_code"]] = feature["properties"]
    reached = features[stand["wijk"]]
    expected = metric_class("actie_bereikt", 2 if reached["witte_vlek"] else 3)
    assert (reached["kleur"], reached["klasse"]) == expected
    others = [p for code, p in features.items() if code != stand["wijk"]]
    assert all(p["klasse"] in ("niet gedekt, niet bereikt", "gedekt door partners") for p in others)
    table = next(d.value for d in at.dataframe if texts.UI_DEKKING_KOLOM_ACTIES in d.value.columns)
    assert list(table[texts.UI_DEKKING_KOLOM_ACTIES]) == [TITLE]
    assert list(table[texts.UI_DEKKING_KOLOM_GEDEKT]) == [not reached["witte_vlek"]]


def test_a_cancelled_action_reaches_nothing_and_a_share_link_does_not_see_it(app, stand, open_db):
    db = open_db()
    db.action_update(Action(**{**stand["action"].__dict__, "status": "geannuleerd"}), door="an")

    at = run(app({"gemeente": "12025"}))
    at = run(at.switch_page("pages/dekking.py"))
    assert "actie_bereikt" not in at.pills[0].options
    reader = run(app({"gemeente": "12025"}, who="lezer:12025"))
    assert "pk-action-icon" not in map_script(reader)


def test_the_view_of_the_actions_is_in_the_link(app, stand):
    at = run(app({"gemeente": "12025", "metriek": "actie_bereikt"}))
    at = run(at.switch_page("pages/dekking.py"))

    assert at.pills[0].value == "actie_bereikt"
    assert texts.UI_DEKKING_ACTIES_KOP in [h.value for h in at.subheader]
