"""pages/folium_map.py: the component gets what st_folium sends; a repeated view reuses the map, a
change of the data version or the view makes a new one (the Kaart page, a share link and an edit)."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from geo.editing import save_partner
from tests.pages.helpers import map_script, run


def _map_script_app(use_cache: bool, counter: str) -> AppTest:
    """A page that shows one folium map (polygon, markers with tooltips and popups, layer control)."""

    def page(use_cache: bool, counter: str) -> None:
        import folium
        import streamlit as st
        from streamlit_folium import st_folium

        from pages.folium_map import show_map

        def build() -> folium.Map:
            with open(counter, "a", encoding="utf-8") as out:
                out.write("x")
            fmap = folium.Map(location=[51.03, 4.48], zoom_start=12, tiles=None)
            wijk = {"type": "Feature", "properties": {"naam": "Wijk <A>"},
                    "geometry": {"type": "Polygon", "coordinates": [[[4.4, 51.0], [4.5, 51.0], [4.5, 51.1], [4.4, 51.0]]]}}
            folium.GeoJson({"type": "FeatureCollection", "features": [wijk]},
                           name="Wijken", tooltip=folium.GeoJsonTooltip(["naam"])).add_to(fmap)
            folium.Marker([51.03, 4.48], tooltip="Chiro", popup="Chiro &lt;Mechelen&gt;").add_to(fmap)
            folium.LayerControl().add_to(fmap)
            fmap.fit_bounds([[51.0, 4.4], [51.1, 4.5]])
            return fmap

        if use_cache:
            show_map(build, ("test", st.query_params.get("versie", "1")), key="proef", height=400,
                     returned_objects=["last_active_drawing"])
        else:
            st_folium(build(), key="proef", height=400, use_container_width=True,
                      returned_objects=["last_active_drawing"])

    return AppTest.from_function(page, args=(use_cache, counter), default_timeout=60)


def _component_args(at: AppTest) -> dict:
    components = [c for c in at.get("component_instance") if "st_folium" in c.proto.component_name]
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def _without_ids(args: dict) -> dict:
    """The arguments with folium's random element ids (new per map object) made equal."""
    import re

    return json.loads(re.sub(r"_[0-9a-f]{32}", "_ID", json.dumps(args)))


def test_the_component_gets_exactly_what_st_folium_sends(tmp_path):
    counter = str(tmp_path / "builds")
    plain = run(_map_script_app(False, counter))
    cached = run(_map_script_app(True, counter))
    expected, got = _without_ids(_component_args(plain)), _without_ids(_component_args(cached))
    assert set(got) == set(expected)
    assert got == expected
    assert "Chiro &lt;Mechelen&gt;" in got["script"] and got["default"] == {"last_active_drawing": None}


def test_a_repeated_view_reuses_the_map_and_a_new_key_builds_it_again(tmp_path):
    counter = tmp_path / "builds"
    first = run(_map_script_app(True, str(counter)))
    second = run(_map_script_app(True, str(counter)))  # another session, same key
    assert counter.read_text() == "x"
    assert _component_args(first) == _component_args(second)
    third = _map_script_app(True, str(counter))
    third.query_params["versie"] = "2"
    run(third)
    assert counter.read_text() == "xx"


def test_an_edit_reaches_the_next_view_of_a_share_link(app, open_db, boundaries):
    store = open_db()
    partner, errors = save_partner(store, boundaries, dict(naam="Buurthuis Nekker", categorie="buurt",
                                                           status="zet zich mee in", lat=51.0279, lon=4.4801,
                                                           gemeente_nis="12025"))
    assert not errors, errors

    def view() -> str:
        return map_script(app({}, who="lezer:12025"))

    before = view()
    assert "Buurthuis Nekker" in before and view() == before
    store.update_partner(partner.with_changes(naam="Hernoemd <b>Buurthuis</b>"), door="bo@example.be")
    after = view()
    assert "Hernoemd &lt;b&gt;Buurthuis&lt;/b&gt;" in after.replace("\\u0026", "&") and "Buurthuis Nekker" not in after
