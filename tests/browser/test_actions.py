"""Joint actions in Chromium: add an action by clicking its place on the map, then see it in the
list, on Kaart and Dekking (its diamond and tooltip), and in the report PDF."""

from __future__ import annotations

import io
import re
import uuid

from playwright.sync_api import expect
from pypdf import PdfReader

from geo import texts
from geo.campaign.records import Action, ActionPartner
from geo.store import open_store
from tests.browser.conftest import MAP_IFRAME, choose
from tests.browser.test_report_download import download

WIJNEGEM = "11050"
ACTION_MARKERS = ".pk-action-icon"


def _actions(db_path, nis: str):
    store = open_store(str(db_path))
    try:
        return store.action_list(nis)
    finally:
        store.close()


def test_an_action_added_on_the_map_is_listed_drawn_and_in_the_report(page, app_server, tmp_path):
    before = _actions(app_server.db_path, WIJNEGEM)
    drawn_before = sum(a.has_location for a in before)
    title = f"Proefritdag browsertest {uuid.uuid4().hex[:8]}"

    page.goto(f"/acties?gemeente={WIJNEGEM}")
    expect(page.page.get_by_role("heading", name=texts.UI_ACTIES_TITEL)).to_be_visible(timeout=60_000)
    page.idle()
    page.page.get_by_role("button", name=texts.UI_ACTIES_NIEUW).click()
    page.wait_for_map()
    page.idle()
    page.center_map()

    # A click in the middle of the location map (inside Wijnegem) fills the coordinates.
    box = page.page.locator(MAP_IFRAME).first.bounding_box()
    page.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    lat = page.page.get_by_role("textbox", name=texts.UI_VELD_LAT, exact=True)
    expect(lat).to_have_value(re.compile(r"^51\.\d+$"))
    page.idle()

    form = page.page.locator('[data-testid="stForm"]')
    form.get_by_role("textbox", name=texts.UI_ACTIES_KOLOM_TITEL + " *", exact=True).fill(title)
    choose(page, form.get_by_role("combobox", name=texts.UI_ACTIES_KOLOM_SOORT, exact=True), "Proefrit")
    form.get_by_text(texts.UI_ACTIES_VELD_BEREIKT_WIJK, exact=True).click()
    form.get_by_role("button", name=texts.UI_BEWAREN).click()

    expect(page.page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(
        texts.UI_ACTIES_BEWAARD.format(naam=title))
    page.idle()
    expect(page.page.get_by_text(texts.UI_ACTIES_AANTAL.format(getoond=len(before) + 1, totaal=len(before) + 1)))\
        .to_be_visible()
    [added] = [a for a in _actions(app_server.db_path, WIJNEGEM) if a.titel == title]
    assert added.soort == "proefrit" and added.bereikt_wijk and added.wijk_code.startswith(WIJNEGEM)

    # Kaart: one diamond more, whose tooltip names the action.
    page.goto(f"/?gemeente={WIJNEGEM}")
    page.wait_for_map()
    markers = page.map.locator(ACTION_MARKERS)
    expect(markers).to_have_count(drawn_before + 1)
    expect(page.map.locator(".leaflet-control-layers")).to_contain_text(
        texts.KAART_LAAG_ACTIES.format(aantal=drawn_before + 1))
    expect(page.map.locator(".partnerkaart-legend")).to_contain_text(texts.KAART_LEGENDE_ACTIES)
    page.idle()

    # Dekking: the diamond, the view of the wijken reached, and the action in the report PDF.
    page.goto(f"/dekking?gemeente={WIJNEGEM}")
    page.wait_for_map()
    expect(page.map.locator(ACTION_MARKERS)).to_have_count(drawn_before + 1)
    expect(page.page.get_by_role("heading", name=texts.UI_DEKKING_ACTIES_KOP)).to_be_visible()
    page.idle()
    page.page.get_by_role("button", name=texts.UI_RAPPORT_MAKEN).click()
    page.idle()
    pdf = PdfReader(io.BytesIO(download(page, "PDF", tmp_path)))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert texts.RAPPORT_ACTIES_KOP.format(gemeente="Wijnegem") in text and title in text
    page.idle()
    page.assert_clean()


def test_a_share_link_shows_an_injected_action_as_text_without_its_private_fields(open_page, app_server):
    title = f"<img src=x onerror=alert(1)> {uuid.uuid4().hex[:6]}"
    secret = f"Geheime notitie {uuid.uuid4().hex[:6]}"
    store = open_store(str(app_server.db_path))
    try:
        trusted = next(p for p in store.list_partners(WIJNEGEM) if p.status in ("communiceert mee", "zet zich mee in"))
        store.action_add(Action(title, "infomoment", "2026-09-01", WIJNEGEM, lat=51.2262, lon=4.5231,
                                notities=secret, financiering="Subsidie", bedrag=999.0,
                                partners=(ActionPartner(trusted.id, "organiseert mee"),)), door="test")
    finally:
        store.close()
    page = open_page(app_server.url, server=app_server, who=f"lezer:{WIJNEGEM}")

    page.goto(f"/?gemeente={WIJNEGEM}&deel={page.share_params['deel']}")
    page.wait_for_map()
    expect(page.map.locator(ACTION_MARKERS)).not_to_have_count(0)
    markers = page.map.locator(ACTION_MARKERS)
    popup = page.map.locator(".leaflet-popup-content").filter(has_text=title)
    for index in range(markers.count()):  # the one with our title (others may exist on the session server)
        markers.nth(index).click()
        try:
            expect(popup).to_have_count(1, timeout=2_000)
            break
        except AssertionError:
            continue
    else:
        raise AssertionError("no action popup shows the title as text")
    text = popup.inner_text()
    assert f"{trusted.naam} (organiseert mee)" in text
    assert popup.locator("img, script, svg").count() == 0
    for frame in page.page.frames:
        assert secret not in frame.content() and "Subsidie" not in frame.content(), frame.url
        assert frame.locator("img[src='x']").count() == 0, frame.url
    page.idle()
    page.assert_clean()
