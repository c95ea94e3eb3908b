"""Voortgang in Chromium through a share link on a phone: the sentences naming a new trusted partner,
the two charts, the page in the link's navigation, and the report PDF with its voortgang section."""

from __future__ import annotations

import io
import uuid

from playwright.sync_api import expect
from pypdf import PdfReader

from geo import texts
from geo.campaign.dates import belgian_today, months_before
from geo.campaign.sentences import dutch_date
from geo.partners import Partner
from geo.store import open_store
from tests.browser.conftest import PHONE
from tests.browser.test_report_download import download

WIJNEGEM = "11050"


def test_a_share_link_on_a_phone_shows_what_changed_and_downloads_the_report(open_page, app_server, tmp_path):
    name = f"Aa browsertest {uuid.uuid4().hex[:6]}"  # first in the sorted list of new partners
    store = open_store(str(app_server.db_path))
    try:
        store.add_partner(Partner(name, "school", status="zet zich mee in", lat=51.2262, lon=4.5231,
                                  gemeente_nis=WIJNEGEM), door="test")
    finally:
        store.close()
    page = open_page(app_server.url, server=app_server, who=f"lezer:{WIJNEGEM}", **PHONE)

    page.goto(f"/voortgang?gemeente={WIJNEGEM}&deel={page.share_params['deel']}")

    since = months_before(belgian_today(), 3)
    expect(page.page.get_by_role("heading", name=texts.UI_VOORTGANG_SINDS_KOP.format(datum=dutch_date(since))))\
        .to_be_visible(timeout=60_000)
    page.idle()
    first = page.page.locator('[data-testid="stMarkdownContainer"] li').first
    expect(first).to_contain_text("nieuwe vertrouwde partner")
    expect(first).to_contain_text(name)
    charts = page.page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(2)
    expect(charts.first.locator("svg, canvas").first).to_be_visible()
    assert page.page.locator("svg[aria-label], canvas[aria-label], [role='graphics-document']").count() >= 2
    page.page.get_by_role("button", name=texts.UI_VOORTGANG_RAPPORT_MAKEN).click()
    page.idle()
    pdf = PdfReader(io.BytesIO(download(page, texts.UI_VOORTGANG_RAPPORT, tmp_path)))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert texts.RAPPORT_VOORTGANG_KOP.format(datum=dutch_date(since)) in text and name in text
    page.idle()
    page.assert_clean()
