"""A partner whose texts are HTML and script injections is shown as text on every page.

The session store holds a partner named ``<img src=x onerror=alert(1)>`` with organisation
``<script>alert(2)</script>`` and street ``"><svg onload=alert(3)>``. If any of them reached
the page as markup, an ``img[src=x]`` or ``svg[onload]`` element would exist and its handler
would open a dialog (and fetch ``x``, a 404): the page fixture records both.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

INJECTED = "img[src='x'], img[onerror], svg[onload]"


def _assert_no_injected_elements(page) -> None:
    assert page.page.locator(INJECTED).count() == 0
    for frame in page.page.frames:
        assert frame.locator(INJECTED).count() == 0, frame.url


def _zoom_in_until_unclustered(page, point) -> None:
    """Zoom in on ``point`` (Leaflet's setView) until the cluster there has become markers.

    Retried: if Streamlit re-renders the map component meanwhile, the view starts over.
    """
    for _ in range(3):
        page.map_frame().evaluate("([lat, lon]) => map.setView([lat, lon], 17, {animate: false})", list(point))
        try:
            expect(page.partner_markers.first).to_be_attached(timeout=15_000)
            return
        except AssertionError:
            continue
    raise AssertionError(f"no partner marker appeared after zooming in on {point}")


def test_injected_partner_texts_stay_text_on_kaart_partners_and_vlaanderen(page, xss):
    # Kaart: tooltip and popup of the marker.
    page.goto("/?gemeente=12025")
    page.wait_for_map()
    marker, tooltip = page.hover_partner_named(xss["naam"])
    assert tooltip.inner_text().strip() == xss["naam"] + " (School of oudercomité)"  # name and kind
    assert tooltip.locator("img, script, svg").count() == 0

    marker.click()
    popup = page.map.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    text = popup.inner_text()
    for value in (xss["naam"], xss["organisatie"], xss["straat"]):
        assert value in text, f"{value!r} not shown literally in the popup: {text!r}"
    assert popup.locator("img, script, svg").count() == 0
    page.idle()
    _assert_no_injected_elements(page)

    # Partners: the table shows the name as text.
    page.goto("/partners?gemeente=12025")
    table = page.page.locator('[data-testid="stDataFrame"]').first
    expect(table).to_be_visible(timeout=60_000)
    search = page.page.get_by_role("textbox", name="Zoeken", exact=True)
    search.fill("onerror")
    search.press("Enter")
    expect(page.page.get_by_text(re.compile(r"^1 van \d+ partners getoond"))).to_be_visible()
    expect(table.locator("td").filter(has_text=xss["naam"])).to_have_count(1)
    assert table.locator("td").filter(has_text=xss["naam"]).first.inner_text() == xss["naam"]
    page.idle()
    _assert_no_injected_elements(page)

    # Vlaanderen: the overview map; zoomed in on the partner, the cluster shows its marker.
    page.goto("/vlaanderen")
    page.wait_for_map()
    expect(page.wijk_paths).to_have_count(2767)
    page.center_map()
    page.idle()
    _zoom_in_until_unclustered(page, xss["punt"])
    page.page.mouse.move(*page.point_of(*xss["punt"]))
    tooltip = page.map.locator(".leaflet-tooltip").filter(has_text=xss["naam"])
    expect(tooltip).to_have_count(1)
    assert tooltip.inner_text().startswith(xss["naam"] + " (")
    assert tooltip.locator("img, script, svg").count() == 0
    page.idle()
    _assert_no_injected_elements(page)

    assert page.dialogs == []
    page.assert_clean()
