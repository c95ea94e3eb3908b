"""Candidate partners in Chromium: Witte vlekken finds them through a real local server that speaks
the Overpass API, two are added as partners to contact, and they show on Partners and in the advice."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from geo import texts
from geo.partners import Partner
from geo.store import open_store
from tests.browser.conftest import choose, table_column
from tests.browser.test_accessibility import SIZES, axe_source, show, violations  # noqa: F401 (axe_source: a fixture)
from tests.geo.candidates.overpass_server import node, overpass, way  # noqa: F401 (overpass: a fixture)

MECHELEN = "12025"
SCHOOL, SCOUTS, BUURTHUIS = "Basisschool De Zonnebloem", "Scouts Sint-Rombout", "Buurthuis Nekkerspoel"
TABLE = '[data-testid="stDataFrame"]'


def advice_statuses(page, names: list[str]) -> dict[str, str]:
    """The status the advice table gives each of ``names``, once they are all there as partners (the grid draws
    its accessible copy a moment after the new data arrived)."""
    table = page.page.locator(TABLE).last
    deadline = time.monotonic() + 30
    while True:
        found = dict(zip(table_column(table, 2), table_column(table, 4)))
        shown = {name: found.get(name, "") for name in names}
        if set(shown.values()) == {"te contacteren"} or time.monotonic() > deadline:
            return shown
        page.page.wait_for_timeout(250)


def test_candidates_in_a_white_spot_become_partners_to_contact(start_streamlit, open_page, overpass):
    overpass.elements = [node(1, 51.0279, 4.4806, amenity="school", name=SCHOOL),
                         way(2, 51.0312, 4.4935, club="scout", name=SCOUTS),
                         node(3, 51.0290, 4.4850, amenity="community_centre", name=BUURTHUIS)]
    server = start_streamlit(PARTNERKAART_KANDIDATEN_OVERPASS_URL=overpass.url, PARTNERKAART_LAGEN_PRIVE_ADRESSEN="ja",
                             PARTNERKAART_DEMO="nee")
    page = open_page(server.url, server=server)
    page.goto(f"/witte_vlekken?gemeente={MECHELEN}")
    page.wait_for_map()
    page.idle()

    page.page.get_by_role("button", name=texts.UI_KANDIDATEN_ZOEKEN).click()

    expect(page.page.get_by_text(texts.UI_KANDIDATEN_GEVONDEN.format(aantal=3))).to_be_visible()
    page.wait_for_map()
    expect(page.map.locator(".pk-candidate-icon .pk-candidate")).to_have_count(3)  # hollow markers on the map
    page.idle()
    spot = page.page.get_by_role("combobox", name=texts.UI_KANDIDATEN_VLEK)
    expect(spot).to_be_visible()
    listed = table_column(page.page.locator(TABLE).nth(1), 1)
    assert len(listed) >= 2 and set(listed) <= {SCHOOL, SCOUTS, BUURTHUIS}, listed
    added = listed[:2]
    for name in added:
        choose(page, page.page.get_by_role("combobox", name=texts.UI_KANDIDATEN_KIES), name, multiple=True)
    page.page.get_by_role("button", name=texts.UI_KANDIDATEN_TOEVOEGEN).click()

    expect(page.page.get_by_text(re.compile("^2 kandidaten toegevoegd"))).to_be_visible()
    page.wait_for_map()
    expect(page.map.locator(".pk-candidate-icon .pk-candidate")).to_have_count(1)
    expect(page.page.get_by_role("heading", name=texts.UI_ADVIES_TITEL)).to_be_visible()
    page.idle()
    assert advice_statuses(page, added) == {name: "te contacteren" for name in added}  # partners now, not candidates

    page.goto(f"/partners?gemeente={MECHELEN}")
    table = page.page.locator(TABLE).first
    expect(table).to_be_visible()
    page.idle()
    assert sorted(table_column(table, 1)) == sorted(added)
    page.idle()
    page.assert_clean()


@pytest.mark.parametrize("size", SIZES)
def test_witte_vlekken_with_candidates_has_no_axe_violation(start_streamlit, open_page, overpass, axe_source, size):
    overpass.elements = [node(1, 51.0279, 4.4806, amenity="school", name=SCHOOL),
                         way(2, 51.0312, 4.4935, club="scout", name=SCOUTS)]
    server = start_streamlit(PARTNERKAART_KANDIDATEN_OVERPASS_URL=overpass.url, PARTNERKAART_LAGEN_PRIVE_ADRESSEN="ja",
                             PARTNERKAART_DEMO="nee")
    store = open_store(server.db_path)
    try:
        store.add_partner(Partner("De Zonnebloem", "school", postcode="2800", lat=51.0281, lon=4.4806,
                                  gemeente_nis=MECHELEN))  # one candidate is already a partner: its list shows too
    finally:
        store.close()
    page = open_page(server.url, server=server, **SIZES[size])
    show(page, f"/witte_vlekken?gemeente={MECHELEN}", "witte_vlekken")
    page.page.get_by_role("button", name=texts.UI_KANDIDATEN_ZOEKEN).click()
    expect(page.page.get_by_text(texts.UI_KANDIDATEN_GEVONDEN.format(aantal=2))).to_be_visible()
    show(page, f"/witte_vlekken?gemeente={MECHELEN}", "witte_vlekken")
    expect(page.map.locator(".pk-candidate-icon .pk-candidate")).to_have_count(1)
    expect(page.page.get_by_role("combobox", name=texts.UI_KANDIDATEN_KIES)).to_be_visible()

    assert violations(page, axe_source) == []
    page.assert_clean()
