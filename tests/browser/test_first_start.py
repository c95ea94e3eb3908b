"""A fresh installation's first minutes in Chromium: the setup link from the server's output,
the first beheerder, the map of the chosen municipality; the same link a second time."""

from __future__ import annotations

import re
import urllib.parse

from playwright.sync_api import expect

from geo import texts
from geo.store import open_store
from pages.auth import SESSION_COOKIE

LINK = re.compile(r"http://localhost:(\d+)/\?opzet=([A-Za-z0-9_-]{43})\b")
PASSWORD = "een-lang-wachtwoord"


def test_the_setup_link_from_the_server_output_makes_the_first_beheerder(start_streamlit, open_page):
    server = start_streamlit(via_start=True)  # a fresh store, started as `make run` starts it
    found = LINK.findall(server.stdout())
    assert len(found) == 1, server.stdout()
    port, token = found[0]
    assert urllib.parse.urlsplit(server.url).port == int(port)

    page = open_page(server.url, server=server, who=None)
    page.goto(f"/?opzet={token}")
    expect(page.page.get_by_role("heading", name=texts.UI_OPZET_TITEL)).to_be_visible()
    page.page.get_by_label(texts.UI_OPZET_NAAM).fill("An Peeters")
    page.page.get_by_label(texts.UI_EMAIL).fill("an@example.be")
    page.page.get_by_label(texts.UI_WACHTWOORD, exact=True).fill(PASSWORD)
    page.page.get_by_label(texts.UI_OPZET_WACHTWOORD_HERHAAL).fill(PASSWORD)
    choose = page.page.get_by_role("combobox", name=texts.UI_OPZET_GEMEENTE)
    choose.click()
    choose.fill("Mechelen")
    page.page.get_by_role("option", name="Mechelen", exact=True).click()
    page.page.get_by_role("button", name=texts.UI_OPZET_MAKEN).click()

    expect(page.page.get_by_role("heading", name=texts.UI_KAART_TITEL)).to_be_visible()
    expect(page.page.get_by_text(texts.UI_OPZET_GELUKT.format(naam="An Peeters"))).to_be_visible()
    page.wait_for_map()
    expect(page.wijk_paths).to_have_count(12)  # Mechelen's wijken
    assert "gemeente=12025" in page.page.url and "opzet" not in page.page.url
    assert any(c["name"] == SESSION_COOKIE for c in page.page.context.cookies())
    page.idle()
    page.assert_clean()

    again = open_page(server.url, server=server, who=None)  # the same link, another browser
    again.goto(f"/?opzet={token}")
    expect(again.page.get_by_text(texts.OPZET_AL_GEBRUIKT)).to_be_visible()
    expect(again.page.get_by_role("button", name=texts.UI_AANMELDEN)).to_be_visible()
    assert again.page.get_by_role("heading", name=texts.UI_OPZET_TITEL).count() == 0
    again.idle()
    again.assert_clean()
    store = open_store(server.db_path)
    try:
        assert [(u.email, u.rol) for u in store.user_list()] == [("an@example.be", "beheerder")]
    finally:
        store.close()
