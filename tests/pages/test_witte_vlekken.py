"""The Witte vlekken page under AppTest: its map (white spots, numbered prospects) for an
organiser, and the same page through a share link, which gets the map without the advice."""

from __future__ import annotations

import html
import json
import re

from streamlit.testing.v1 import AppTest

from geo import texts
from geo.categories import load_categories
from tests.pages.helpers import map_script, run

MECHELEN = "12025"
MUNICIPALITY_WIDE = ("adviesraad", "gemeente")  # one such prospect covers all of Mechelen at once


def open_witte_vlekken(app, who: str = "beheerder") -> AppTest:
    at = app({"gemeente": MECHELEN} if who == "beheerder" else {}, who=who)
    return run(at.switch_page("pages/witte_vlekken.py"))


def numbered_markers(script: str) -> list[list]:
    """``[lat, lon, icon, tooltip, popup]`` of each numbered marker (none: empty)."""
    found = script.find("var points = ")
    if found < 0:
        return []
    return json.JSONDecoder().raw_decode(script, found + len("var points = "))[0]


def wijk_layer(script: str) -> list[dict]:
    decoder = json.JSONDecoder()
    for match in re.finditer(r"geo_json_\w+_add\(", script):
        features = decoder.raw_decode(script, match.end())[0].get("features", [])
        if features and "vlek" in features[0]["properties"]:
            return features
    raise AssertionError("no wijk layer with white spots in the map")


def test_the_map_numbers_the_advised_prospects_like_the_advice_table(app):
    at = open_witte_vlekken(app)
    kinds = [c for c in load_categories() if c not in MUNICIPALITY_WIDE]  # several prospects, not one for all
    at = run(at.multiselect(key="filter_soorten").set_value(kinds))

    spots, advice = at.dataframe[0].value, at.dataframe[-1].value
    assert len(advice) == 5
    markers = numbered_markers(map_script(at))
    assert [re.search(r">(\d+)</span>$", m[2]).group(1) for m in markers] == [str(n) for n in advice["#"]]
    assert [m[3] for m in markers] == [html.escape(f"{n}. {name} ({kind})") for n, name, kind in
                                       zip(advice["#"], advice[texts.UI_KOLOM_NAAM], advice[texts.UI_KOLOM_SOORT])]
    features = wijk_layer(map_script(at))
    kinds_on_map = {f["properties"]["wijk_naam"]: f["properties"]["vlek"] for f in features if f["properties"]["vlek"]}
    assert kinds_on_map == dict(zip(spots[texts.UI_KOLOM_WIJK], spots[texts.UI_KOLOM_SOORT_VLEK]))

    at = run(at.number_input(key="advies_k").set_value(2))
    assert len(numbered_markers(map_script(at))) == len(at.dataframe[-1].value) == 2


def in_order(node) -> list[str]:
    """The page's elements in the order the reader sees them (``type``; the map as ``st_folium``)."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        return [name for key in sorted(children) for name in in_order(children[key])]
    return ["st_folium" if "st_folium" in getattr(node.proto, "component_name", "") else node.type]


def test_the_map_sits_between_the_caption_and_the_tables(app):
    at = open_witte_vlekken(app)

    shown = in_order(at.main)
    assert shown.count("st_folium") == 1
    assert shown.index("caption") < shown.index("st_folium") < shown.index("dataframe") < shown.index("subheader")
    assert at.caption[0].value.startswith(texts.UI_WITTE_VLEKKEN_UITLEG.split("{")[0])


def test_a_share_link_gets_the_map_without_the_advice(app):
    at = open_witte_vlekken(app, who="lezer:12025")

    assert texts.UI_ADVIES_TITEL not in [s.value for s in at.subheader]
    assert not at.number_input
    script = map_script(at)
    assert numbered_markers(script) == [] and "pk-rank-icon" not in script
    assert texts.KAART_LAAG_BEREIK_KANDIDATEN not in script and texts.KAART_LAAG_KANDIDATEN not in script
    spots = at.dataframe[0].value
    features = wijk_layer(script)
    assert len(features) == 12
    assert {f["properties"]["wijk_naam"]: f["properties"]["vlek"] for f in features if f["properties"]["vlek"]} == \
        dict(zip(spots[texts.UI_KOLOM_WIJK], spots[texts.UI_KOLOM_SOORT_VLEK]))
