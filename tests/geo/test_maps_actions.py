"""The action layer on the maps: diamonds with the kind's symbol and colour, escaped texts, a legend row."""

from __future__ import annotations

from geo import texts
from geo.campaign.kinds import load_action_kinds
from geo.campaign.records import Action, ActionPartner
from geo.categories import load_categories
from geo.config import load_settings
from geo.maps import municipality_map
from geo.maps.action_layer import action_icon, action_map, action_points, legend_rows
from geo.partners import Partner

HOSTILE = '<script>alert("x")</script>'


def test_points_escape_every_text_and_name_only_known_partners():
    kinds = load_action_kinds()
    partner = Partner(HOSTILE, "jeugdbeweging", id="p1")
    located = Action(HOSTILE, "proefrit", "2026-05-09", "12025", einddatum="2026-05-10", lat=51.03, lon=4.48,
                     bereikt=25, bereikt_wijk=True, wijk_code="12025W03",
                     partners=(ActionPartner("p1", "organiseert mee"), ActionPartner("verborgen", "communiceert mee")))
    unplaced = Action("Artikel", "artikel", "2026-04-01", "12025")

    shown = action_map([located, unplaced], kinds, [partner])
    [point] = action_points(shown)

    assert point[:2] == [51.03, 4.48]
    assert "<script>" not in point[3] + point[4] and "&lt;script&gt;" in point[3] and "&lt;script&gt;" in point[4]
    assert "(organiseert mee)" in point[4] and "verborgen" not in point[4]
    assert "2026-05-09 – 2026-05-10" in point[4] and texts.KAART_ACTIE_MENSEN.format(aantal=25) in point[4]
    assert kinds["proefrit"].kleur in point[2] and ">P<" in point[2]  # the kind's colour and symbol
    rows = legend_rows(shown)
    assert "Proefrit" in rows and "Artikel" not in rows  # only kinds drawn on the map
    assert legend_rows(action_map([unplaced], kinds, [])) == ""
    assert 'color:#000000' in action_icon(kinds["proefrit"])  # dark ink on a light orange (contrast)


def test_the_municipality_map_has_the_action_layer_and_its_legend(boundaries):
    kinds = load_action_kinds()
    stand = Action("Stand", "stand", "2026-05-01", "12025", lat=51.0282, lon=4.4777)
    fmap = municipality_map(boundaries, "12025", [], load_categories(), load_settings({"PARTNERKAART_TEGELS": "none"}),
                            actions=action_map([stand], kinds, []))

    markup = fmap.get_root().render()
    assert texts.KAART_LAAG_ACTIES.format(aantal=1) in markup and "pk-action-icon" in markup
    assert texts.KAART_LEGENDE_ACTIES in markup
    without = municipality_map(boundaries, "12025", [], load_categories(), load_settings({"PARTNERKAART_TEGELS": "none"}))
    assert "pk-action-icon" not in without.get_root().render()
