"""The view in the URL in Chromium: a Dekking link opens with its metric, wijk, filters and layers;
"Kopieer link" puts the current view on the clipboard, and that link opens the same view in a
fresh browser; an invalid value shows a Dutch warning."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from geo import texts
from geo.categories import load_categories

MECHELEN = "12025"
LINK_ROW = f'[role="group"][aria-label="{texts.UI_LINK_KADER}"]'


def shows_view(watch, metric_label: str, wijk_naam: str, soorten: list[str], bereik: bool, partners: bool) -> None:
    """The Dekking widgets show this view, and the map has the chosen layers."""
    page = watch.page
    metric = page.get_by_role("radiogroup", name=texts.UI_METRIEK)
    expect(metric.get_by_role("radio", name=metric_label, exact=True)).to_have_attribute("aria-checked", "true")
    expect(page.get_by_role("combobox", name=texts.UI_KIES_WIJK, exact=True)).to_have_value(wijk_naam)
    reach_switch = page.get_by_role("switch", name=texts.UI_LAAG_BEREIK, exact=True)
    partner_switch = page.get_by_role("switch", name=texts.UI_LAAG_PARTNERS, exact=True)
    (expect(reach_switch).to_be_checked if bereik else expect(reach_switch).not_to_be_checked)()
    (expect(partner_switch).to_be_checked if partners else expect(partner_switch).not_to_be_checked)()
    page.get_by_text(texts.UI_DEKKING_FILTERS).click()  # open the filters in the sidebar
    kinds = page.get_by_role("combobox", name=texts.UI_FILTER_SOORT)
    chips = page.locator('[data-testid="stMultiSelect"]').filter(has=kinds).locator("[data-tag]")
    expect(chips).to_have_text(soorten)
    overlays = watch.map.locator(".leaflet-control-layers-overlays")
    expect(overlays).to_contain_text("Dekking per wijk")
    (expect(overlays).to_contain_text if bereik else expect(overlays).not_to_contain_text)("Bereik vertrouwde partners")


def test_a_dekking_link_opens_its_view_and_kopieer_link_copies_the_changed_view(page, open_page, app_server, boundaries):
    wijk = boundaries.wijk_table(MECHELEN).iloc[2]
    labels = load_categories()
    page.page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server.url)

    page.goto(f"/dekking?gemeente={MECHELEN}&metriek=partners&wijk={wijk['wijk_code']}"
              "&soorten=school&soorten=jeugdbeweging&bereik=true")
    page.wait_for_map()
    page.idle()
    shows_view(page, texts.UI_PARTNERS, wijk["wijk_naam"], [labels["school"].label, labels["jeugdbeweging"].label],
               bereik=True, partners=True)

    # Change the metric: the URL follows, the other values stay.
    page.page.get_by_role("radiogroup", name=texts.UI_METRIEK).get_by_role("radio", name=texts.UI_VERTROUWD, exact=True).click()
    page.page.wait_for_url(re.compile(r"[?&]metriek=vertrouwde_partners(&|$)"))
    page.idle()

    row = page.page.locator(LINK_ROW)
    expect(row.get_by_role("textbox", name=texts.UI_LINK_KADER)).to_have_value(re.compile(r"metriek=vertrouwde_partners"))
    row.get_by_role("button", name=texts.UI_KOPIEER_LINK).click()
    expect(row.get_by_role("status")).to_have_text(texts.UI_LINK_GEKOPIEERD)
    copied = page.page.evaluate("navigator.clipboard.readText()")

    assert copied.startswith(f"{app_server.url}/dekking?")
    assert parse_qs(urlsplit(copied).query) == {
        "gemeente": [MECHELEN], "metriek": ["vertrouwde_partners"], "soorten": ["school", "jeugdbeweging"],
        "wijk": [wijk["wijk_code"]], "bereik": ["true"]}
    assert parse_qs(urlsplit(page.page.url).query) == parse_qs(urlsplit(copied).query)  # the address bar agrees
    page.assert_clean()

    # The copied link in a fresh browser (no shared session) shows the same view.
    fresh = open_page(app_server.url, server=app_server)
    fresh.page.goto(copied, wait_until="domcontentloaded")
    fresh.wait_for_map()
    fresh.idle()
    shows_view(fresh, texts.UI_VERTROUWD, wijk["wijk_naam"], [labels["school"].label, labels["jeugdbeweging"].label],
               bereik=True, partners=True)
    assert parse_qs(urlsplit(fresh.page.url).query) == parse_qs(urlsplit(copied).query)
    expect(fresh.page.locator('[data-testid="stAlert"]')).to_have_count(0)
    fresh.assert_clean()


def test_an_invalid_link_value_shows_a_dutch_warning_and_the_default(page):
    page.goto(f"/dekking?gemeente={MECHELEN}&metriek=xyz&partners=nee")
    page.wait_for_map()
    page.idle()

    alerts = page.page.locator('[data-testid="stAlert"]')
    expect(alerts.filter(has_text="ongeldige waarde voor 'metriek': 'xyz'")).to_have_count(1)
    expect(alerts.filter(has_text="ongeldige waarde voor 'partners': 'nee'")).to_have_count(1)
    metric = page.page.get_by_role("radiogroup", name=texts.UI_METRIEK)
    expect(metric.get_by_role("radio", name=texts.UI_METRIEK_AANDEEL, exact=True)).to_have_attribute("aria-checked", "true")
    expect(page.page.get_by_role("switch", name=texts.UI_LAAG_PARTNERS, exact=True)).to_be_checked()
    page.page.wait_for_url(re.compile(rf"/dekking\?gemeente={MECHELEN}$"))  # the invalid values left the URL
    page.assert_clean()
