"""Two app replicas on one PostGIS database: what one server saves, the other shows.

Two real Streamlit servers (as behind a load balancer) share a fresh PostGIS database of the
session's throwaway cluster. A partner added with typed coordinates on server A's Partners
page is in server B's table after a reload; the demo set, offered by both servers on their
first visit, is in the database once.
"""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from geo import texts
from geo.store import open_store

WIJNEGEM = "11050"
IN_WIJNEGEM = ("51,2270", "4,5180")  # typed as a Flemish user would, with decimal commas


def _partners(url: str, nis: str | None = None):
    store = open_store(url)
    try:
        return store.list_partners(nis)
    finally:
        store.close()


def _shown(page, count: int) -> None:
    """Wait for the Partners page's caption that ``count`` of ``count`` partners are shown."""
    caption = texts.UI_AANTAL_GETOOND.format(getoond=count, totaal=count).split(".")[0]
    expect(page.page.get_by_text(caption, exact=False)).to_be_visible(timeout=60_000)


def test_a_partner_saved_on_server_a_is_listed_on_server_b(start_streamlit, open_page, postgis_database):
    settings = {"PARTNERKAART_DB": postgis_database, "PARTNERKAART_GEOCODER": "none"}
    server_a = start_streamlit(**settings)
    server_b = start_streamlit(**settings)
    try:
        a = open_page(server_a.url, server=server_a)
        b = open_page(server_b.url, server=server_b)

        # Both replicas open the Partners page of an empty database; the demo set arrives once.
        b.goto(f"/partners?gemeente={WIJNEGEM}")
        expect(b.page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=60_000)
        b.idle()
        a.goto(f"/partners?gemeente={WIJNEGEM}")
        expect(a.page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=60_000)
        a.idle()
        everyone = _partners(postgis_database)
        assert everyone and all(p.demo for p in everyone)
        assert len({p.naam for p in everyone}) == len(everyone), "the demo set was loaded twice"
        before = len(_partners(postgis_database, WIJNEGEM))
        _shown(a, before)
        _shown(b, before)

        # Server A: a new partner with typed coordinates.
        name = f"Buurtwerk twee servers {uuid.uuid4().hex[:8]}"
        a.page.get_by_role("button", name=texts.UI_NIEUWE_PARTNER).click()
        a.idle()
        form = a.page.locator('[data-testid="stForm"]')
        form.get_by_role("textbox", name="Naam *", exact=True).fill(name)
        form.get_by_role("textbox", name=texts.UI_VELD_LAT, exact=True).fill(IN_WIJNEGEM[0])
        form.get_by_role("textbox", name=texts.UI_VELD_LON, exact=True).fill(IN_WIJNEGEM[1])
        form.get_by_role("button", name=texts.UI_BEWAREN).click()
        expect(a.page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(
            texts.UI_BEWAARD.format(naam=name))
        a.idle()
        _shown(a, before + 1)

        stored = [p for p in _partners(postgis_database, WIJNEGEM) if p.naam == name]
        assert len(stored) == 1
        assert stored[0].wijk_code.startswith(WIJNEGEM) and stored[0].versie == 1

        # Server B: after a reload, the same table lists it.
        b.page.reload(wait_until="domcontentloaded")
        _shown(b, before + 1)
        search = b.page.get_by_role("textbox", name=texts.UI_FILTER_ZOEK, exact=True)
        search.fill(name)
        search.press("Enter")
        table = b.page.locator('[data-testid="stDataFrame"]').first
        expect(table.locator("td").filter(has_text=name)).to_have_count(1)
        b.idle()

        a.assert_clean()
        b.assert_clean()
    finally:
        server_a.stop()
        server_b.stop()
    for server in (server_a, server_b):
        assert "Traceback" not in server.stderr(), server.stderr()[-3000:]
