"""Every page opened by its own address, logged in, in Chromium; the maps' place on a laptop screen.

Opening ``/<page>`` directly makes Streamlit's client probe ``/<page>/_stcore/health`` and
``/<page>/_stcore/host-config`` first (streamlit/streamlit#7074, still open in 1.67: the client
cannot tell a page path from a base path); both answer 404 and the page works. Exactly those two
requests, and their console lines, are allowed; any other 4xx/5xx or console error fails.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MAP_IFRAME

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGE_FILES = re.findall(r'st\.Page\(\s*"pages/([a-z_]+)\.py"', APP.read_text(encoding="utf-8"))
ADDRESSES = ["" if name == "kaart" else name for name in PAGE_FILES if name != "welkom"]
MAP_PAGES = {"", "dekking", "witte_vlekken", "vlaanderen"}
LAPTOP = (1366, 768)


def test_the_navigation_is_read_from_app_py():
    assert {"", "dekking", "witte_vlekken", "partners", "importeren", "beheer"} <= set(ADDRESSES)


@pytest.mark.parametrize("address", ADDRESSES)
def test_every_page_opens_by_its_address_with_no_error_but_the_two_known_probes(page, address):
    page.goto(f"/{address}?gemeente=12025")

    expect(page.page.locator("h1").first).to_be_visible()
    if address in MAP_PAGES:
        page.wait_for_map()
    page.idle()
    assert page.page.locator('[data-testid="stException"]').count() == 0
    page.assert_clean()  # no other 4xx/5xx, no other console error, no other host
    probes = sorted(urlsplit(url).path for url in page.probe_responses)
    assert set(probes) <= {f"/{address}/_stcore/health", f"/{address}/_stcore/host-config"}
    if not address:
        assert probes == []  # the root address needs no probing


@pytest.mark.parametrize("address", ["", "dekking", "witte_vlekken"])
def test_on_a_laptop_screen_the_map_starts_in_the_first_screen(open_page, app_server, address, tmp_path):
    page = open_page(app_server.url, server=app_server, viewport=LAPTOP)
    page.goto(f"/{address}?gemeente=12025")
    page.wait_for_map()
    page.idle()
    page.page.screenshot(path=str(tmp_path / f"{address or 'kaart'}-1366x768.png"))

    box = page.page.locator(MAP_IFRAME).first.bounding_box()
    assert box["y"] + 300 <= LAPTOP[1], f"the map starts at {box['y']:.0f} px: less than 300 px of it is in view"
    assert page.page.evaluate("window.scrollY") == 0  # measured as the page opens, not scrolled
    page.assert_clean()
