"""The Vlaanderen page: all municipalities with their wijken and partners, and the overview map."""

from __future__ import annotations

import json

from geo import texts


def test_the_overview_lists_all_304_municipalities_with_their_partners(app, demo, boundaries):
    at = app()
    at.switch_page("pages/vlaanderen.py").run()

    assert not at.exception
    assert at.title[0].value == texts.UI_VLAANDEREN_TITEL
    table = at.dataframe[0].value
    assert len(table) == 304
    assert table[texts.UI_WIJKEN].sum() == len(boundaries.wijken)
    counts = table.set_index(texts.UI_KOLOM_NIS)[texts.UI_PARTNERS]
    assert counts["12025"] == sum(p.gemeente_nis == "12025" for p in demo)
    assert counts["11050"] == sum(p.gemeente_nis == "11050" for p in demo)
    assert counts.sum() == len(demo)
    mechelen = table.set_index(texts.UI_KOLOM_NIS).loc["12025"]
    assert mechelen[texts.UI_KOLOM_GEMEENTE] == "Mechelen"
    assert mechelen[texts.UI_WIJKEN] == 12

    maps = [c for c in at.get("component_instance") if "st_folium" in c.proto.component_name]
    assert len(maps) == 1
    assert "Wijnegem" in json.loads(maps[0].proto.json_args)["script"]
