"""The Partners page in Chromium: add a partner by clicking its location on the map."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from geo import texts
from geo.store import open_store
from tests.browser.conftest import MAP_IFRAME, PHONE, choose

WIJNEGEM = "11050"


def _partners(db_path, nis: str):
    store = open_store(str(db_path))
    try:
        return store.list_partners(nis)
    finally:
        store.close()




def test_new_partner_by_map_click_is_stored_listed_and_drawn(page, app_db):
    before = _partners(app_db, WIJNEGEM)
    located_before = sum(p.has_location for p in before)
    name = f"Zwaluwnest browsertest {uuid.uuid4().hex[:8]}"

    # The Kaart page draws every located partner of Wijnegem.
    page.goto(f"/?gemeente={WIJNEGEM}")
    page.wait_for_map()
    expect(page.partner_markers).to_have_count(located_before)

    page.goto(f"/partners?gemeente={WIJNEGEM}")
    expect(page.page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=60_000)
    page.idle()
    page.page.get_by_role("button", name="Nieuwe partner").click()
    page.wait_for_map()
    page.idle()
    page.center_map()

    # A click in the middle of the location map (inside Wijnegem) fills the coordinates.
    box = page.page.locator(MAP_IFRAME).first.bounding_box()
    page.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    lat = page.page.get_by_role("textbox", name="Breedtegraad (WGS84)", exact=True)
    lon = page.page.get_by_role("textbox", name="Lengtegraad (WGS84)", exact=True)
    expect(lat).to_have_value(re.compile(r"^51\.\d+$"))
    expect(lon).to_have_value(re.compile(r"^4\.\d+$"))
    page.idle()
    picked = (float(lat.input_value()), float(lon.input_value()))

    form = page.page.locator('[data-testid="stForm"]')
    form.get_by_role("textbox", name="Naam *", exact=True).fill(name)
    choose(page, form.get_by_role("combobox", name="Status", exact=True), "zet zich mee in")
    form.get_by_role("button", name="Bewaren").click()

    expect(page.page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(f"'{name}' is bewaard.")
    page.idle()
    expect(page.page.get_by_text(f"{len(before) + 1} van {len(before) + 1} partners getoond")).to_be_visible()
    search = page.page.get_by_role("textbox", name="Zoeken", exact=True)
    search.fill(name)
    search.press("Enter")
    table = page.page.locator('[data-testid="stDataFrame"]').first
    expect(table.locator("td").filter(has_text=name)).to_have_count(1)

    # Read back from the store: the location decided the municipality and the wijk.
    added = [p for p in _partners(app_db, WIJNEGEM) if p.naam == name]
    assert len(added) == 1, [p.naam for p in _partners(app_db, None)]
    partner = added[0]
    assert partner.status == "zet zich mee in"
    assert partner.gemeente_nis == WIJNEGEM
    assert partner.wijk_code.startswith(WIJNEGEM)
    assert abs(partner.lat - picked[0]) < 1e-6 and abs(partner.lon - picked[1]) < 1e-6

    # The Kaart page draws one marker more.
    page.goto(f"/?gemeente={WIJNEGEM}")
    page.wait_for_map()
    expect(page.partner_markers).to_have_count(located_before + 1)
    page.idle()
    page.assert_clean()


def test_on_a_phone_gebruik_mijn_locatie_fills_the_coordinates_of_a_new_partner(open_page, app_server):
    here = (51.2262, 4.5231)  # in Wijnegem: what the phone's location service says
    page = open_page(app_server.url, server=app_server, geolocation={"latitude": here[0], "longitude": here[1]},
                     permissions=["geolocation"], **PHONE)
    page.goto(f"/partners?gemeente={WIJNEGEM}")
    expect(page.page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=60_000)
    page.idle()
    page.page.get_by_role("button", name="Nieuwe partner").click()
    page.wait_for_map()
    page.idle()
    page.page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    page.map.get_by_role("button", name=texts.KAART_MIJN_LOCATIE).tap()

    lat = page.page.get_by_role("textbox", name="Breedtegraad (WGS84)", exact=True)
    lon = page.page.get_by_role("textbox", name="Lengtegraad (WGS84)", exact=True)
    expect(lat).to_have_value(f"{here[0]:.6f}")
    expect(lon).to_have_value(f"{here[1]:.6f}")
    page.idle()
    assert page.wait_for_map().evaluate("map.dragging.enabled()") is False  # one finger scrolls the page
    page.assert_clean()
