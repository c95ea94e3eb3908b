"""A partner without a location placed by a click on the map, in Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from geo import texts
from geo.editing import save_partner
from geo.store import open_store

NEKKERSPOEL = (51.0312, 4.4935)  # a point in Mechelen, away from the wijk borders


def test_plaats_op_de_kaart_stores_the_clicked_point_and_its_wijk(start_streamlit, open_page, boundaries):
    server = start_streamlit()
    store = open_store(server.db_path)
    try:
        waiting, errors = save_partner(store, boundaries, {"naam": "Chiro Zonder Plek", "categorie": "jeugdbeweging",
                                                           "gemeente_nis": "12025"})
        assert not errors and not waiting.has_location
    finally:
        store.close()
    expected_wijk = boundaries.locate(NEKKERSPOEL[1], NEKKERSPOEL[0])[1]

    page = open_page(server.url, server=server)
    page.goto("/?gemeente=12025")
    page.wait_for_map()
    page.idle()  # the rerun that the map's first answer causes would otherwise redraw what is clicked next
    page.page.get_by_test_id("stExpander").get_by_text(texts.UI_ONGEPLAATST_KOP.format(aantal=1)).click()
    page.page.get_by_role("button", name=texts.UI_PLAATS_OP_KAART).click()
    page.loaded_map_frame(nth=1)
    page.center_map(nth=1)  # wholly in view: Leaflet's focus on mousedown cannot scroll the page then
    page.page.mouse.click(*page.point_of(*NEKKERSPOEL, nth=1))
    expect(page.page.get_by_text(re.compile(r"^Gekozen: 51\.03"))).to_be_visible()
    page.page.get_by_role("button", name=texts.UI_PLAATS_BEWAREN).click()

    expect(page.page.get_by_text(re.compile(r"Chiro Zonder Plek staat nu op de kaart"))).to_be_visible()
    store = open_store(server.db_path)
    try:
        placed = store.get_partner(waiting.id)
    finally:
        store.close()
    assert placed.wijk_code == expected_wijk
    assert abs(placed.lat - NEKKERSPOEL[0]) < 0.001 and abs(placed.lon - NEKKERSPOEL[1]) < 0.001
    page.idle()
    page.assert_clean()
