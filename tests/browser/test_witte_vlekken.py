"""The Witte vlekken page in Chromium: the map with the white spots outlined and the advised
prospects as numbered markers, numbered like the rows of the advice table."""

from __future__ import annotations

from urllib.parse import urlencode

from playwright.sync_api import expect

from geo import texts
from geo.categories import load_categories
from geo.maps import WEAK_SPOT_STYLE, WHITE_SPOT_STYLE

MECHELEN = "12025"
MUNICIPALITY_WIDE = ("adviesraad", "gemeente")  # one such prospect covers all of Mechelen at once
RANKS = ".pk-rank-icon .pk-rank"
TABLE = '[data-testid="stDataFrame"]'


def column(table, index: int) -> list[str]:
    """The texts of one column (1-based) of a Streamlit table, from the grid's accessible cells."""
    return table.locator(f'tbody tr[role="row"] td[aria-colindex="{index}"]').all_inner_texts()


def advice_rows(page, rows: int | None = None):
    """The advice table ("Wie eerst contacteren?"): its "#" and "Naam" columns; with ``rows``, once it has
    that many (the grid draws its accessible copy after the new data arrived, a moment after the map)."""
    expect(page.page.get_by_role("heading", name=texts.UI_ADVIES_TITEL)).to_be_visible()
    table = page.page.locator(TABLE).last
    table.locator('tbody tr[role="row"]').first.wait_for(state="attached")  # the grid's accessible copy, not shown
    if rows is not None:
        expect(table.locator('tbody tr[role="row"]')).to_have_count(rows)
    return column(table, 1), column(table, 2)


def hover_rank(page, rank: str):
    """Hover the marker numbered ``rank``: its tooltip."""
    page.center_map()
    page.map.locator(".partnerkaart-legend summary").click()  # fold the legend off the markers
    page.map.locator(RANKS).filter(has_text=rank).first.hover()
    tooltip = page.map.locator(".leaflet-tooltip")
    expect(tooltip).to_have_count(1)
    return tooltip


def test_the_markers_are_numbered_like_the_advice_table(page):
    page.goto(f"/witte_vlekken?gemeente={MECHELEN}")
    page.wait_for_map()
    page.idle()

    numbers, names = advice_rows(page)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)] and len(numbers) >= 1
    markers = page.map.locator(RANKS)
    expect(markers).to_have_count(len(numbers))
    assert markers.all_inner_texts() == numbers
    expect(hover_rank(page, "1")).to_contain_text(f"1. {names[0]} (")

    # The outlines: white spots thick dashed as on Dekking, weakly covered wijken dotted.
    spots = page.page.locator(TABLE).first
    kinds = column(spots, 3)
    assert texts.ADVIES_WITTE_VLEK in kinds
    expect(page.map.locator(f'path[stroke-dasharray="{WHITE_SPOT_STYLE["dashArray"]}"]')).to_have_count(
        kinds.count(texts.ADVIES_WITTE_VLEK))
    expect(page.map.locator(f'path[stroke-dasharray="{WEAK_SPOT_STYLE["dashArray"]}"]')).to_have_count(
        kinds.count(texts.ADVIES_ZWAK_GEDEKT))
    legend = page.map.locator(".partnerkaart-legend")
    expect(legend).to_contain_text(texts.ADVIES_ZWAK_GEDEKT)
    expect(legend).to_contain_text(texts.KAART_LEGENDE_KANDIDAAT)
    expect(page.map.locator(".leaflet-control-attribution")).to_contain_text("Statbel")
    page.idle()
    page.assert_clean()


def test_five_prospects_and_a_smaller_k_on_the_same_map(page):
    kinds = [c for c in load_categories() if c not in MUNICIPALITY_WIDE]  # several prospects, not one for all
    page.goto(f"/witte_vlekken?{urlencode([('gemeente', MECHELEN)] + [('soorten', k) for k in kinds])}")
    page.wait_for_map()
    page.idle()

    numbers, names = advice_rows(page, rows=5)
    assert numbers == ["1", "2", "3", "4", "5"]  # the default k = 5
    expect(page.map.locator(RANKS)).to_have_count(5)
    assert page.map.locator(RANKS).all_inner_texts() == numbers
    expect(hover_rank(page, "2")).to_contain_text(f"2. {names[1]} (")

    k = page.page.get_by_label(texts.UI_ADVIES_K)
    k.fill("2")
    k.press("Enter")
    page.idle()
    expect(page.map.locator(RANKS)).to_have_count(2)  # the map follows k (its key stays the same)
    assert page.map.locator(RANKS).all_inner_texts() == ["1", "2"]
    assert advice_rows(page, rows=2) == (["1", "2"], names[:2])
    page.idle()
    page.assert_clean()


def test_a_share_link_sees_the_white_spots_but_no_advice(open_page, app_server):
    page = open_page(app_server.url, server=app_server, who=f"lezer:{MECHELEN}")
    page.goto(f"/witte_vlekken?{urlencode(page.share_params)}")
    page.wait_for_map()
    page.idle()

    expect(page.map.locator(f'path[stroke-dasharray="{WHITE_SPOT_STYLE["dashArray"]}"]').first).to_be_visible()
    expect(page.map.locator(RANKS)).to_have_count(0)
    expect(page.page.get_by_role("heading", name=texts.UI_ADVIES_TITEL)).to_have_count(0)
    expect(page.map.locator(".partnerkaart-legend")).not_to_contain_text(texts.KAART_LEGENDE_KANDIDAAT)
    page.assert_clean()
