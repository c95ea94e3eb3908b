"""The Kaart page in Chromium: wijken and partners drawn by Leaflet served by the app itself."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from geo.store import open_store


def _located_partners(db_path, nis: str) -> int:
    store = open_store(str(db_path))
    try:
        return sum(p.has_location for p in store.list_partners(nis))
    finally:
        store.close()


def test_mechelen_map_draws_wijken_partners_legend_and_sources_without_other_hosts(page, app_db, boundaries):
    expected_partners = _located_partners(app_db, "12025")
    assert expected_partners > 1  # the demo set plus the injection partner
    assert len(boundaries.wijk_table("12025")) == 12

    page.goto("/?gemeente=12025")
    page.wait_for_map()

    expect(page.wijk_paths).to_have_count(12)
    expect(page.partner_markers).to_have_count(expected_partners)
    legend = page.map.locator(".partnerkaart-legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("Jeugdbeweging")
    attribution = page.map.locator(".leaflet-control-attribution")
    expect(attribution).to_contain_text("Wijken voor omgevingsanalyse")
    expect(attribution).to_contain_text("Statbel")
    expect(page.gemeente_box()).to_have_value("Mechelen (12025)")

    page.idle()
    assert page.requests_to("/app/static/leaflet/leaflet.js"), "Leaflet was not loaded from the app itself"
    assert page.blocked == []
    page.assert_clean()


def test_gemeente_by_name_in_url_becomes_nis_code(page):
    page.goto("/?gemeente=Mechelen")
    page.page.wait_for_url(re.compile(r"[?&]gemeente=12025(&|$)"), timeout=60_000)
    expect(page.gemeente_box()).to_have_value("Mechelen (12025)")
    page.wait_for_map()
    expect(page.wijk_paths).to_have_count(12)
    page.idle()
    page.assert_clean()


def test_the_browser_turns_the_compact_wijken_back_into_their_coordinates(page, boundaries):
    from geo.maps.compact_geometry import compact_collection

    page.goto("/?gemeente=12025")
    frame = page.wait_for_map()
    page.idle()
    assert page.requests_to("/app/static/partnerkaart/partnerkaart.js"), "the decoder was not loaded"
    wijken = boundaries.web_wijken_of("12025")
    plain = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"wijk_code": code}, "geometry": geometry.__geo_interface__}
        for code, geometry in zip(wijken["wijk_code"], wijken.geometry.values)]}
    decoded = frame.evaluate("data => L.geoJson(data).toGeoJSON(15)", compact_collection(plain, 5))

    def rings(geometry) -> list:
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        return [[[round(x, 5), round(y, 5)] for x, y in ring] for polygon in polygons for ring in polygon]

    assert [f["properties"]["wijk_code"] for f in decoded["features"]] == list(wijken["wijk_code"])
    for got, expected in zip(decoded["features"], plain["features"]):
        assert got["geometry"]["type"] == expected["geometry"]["type"]
        assert rings(got["geometry"]) == rings(expected["geometry"])
