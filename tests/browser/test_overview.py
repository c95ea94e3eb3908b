"""The Vlaanderen page in Chromium: every wijk drawn; a click on a wijk opens its municipality."""

from __future__ import annotations

import re

from playwright.sync_api import expect

# A point in the middle of Gent, far from its borders and from every partner in the store
# (those are in Mechelen and Wijnegem), so no cluster covers it.
GENT_POINT = (51.0375, 3.7225)


def test_vlaanderen_draws_all_wijken_and_a_click_opens_the_municipality(page, boundaries):
    gent = boundaries.find_gemeente("Gent")
    assert gent is not None
    gent_label = f"{boundaries.gemeente_naam(gent)} ({gent})"

    page.goto("/vlaanderen")
    page.wait_for_map()
    expect(page.wijk_paths).to_have_count(2767)
    page.idle()
    page.center_map()

    x, y = page.point_of(*GENT_POINT)
    page.page.mouse.move(x, y)
    tooltip = page.map.locator(".leaflet-tooltip").filter(has_text="Gemeente")
    expect(tooltip).to_have_count(1)
    expect(tooltip).to_contain_text(re.compile(r"Gemeente\s+Gent\b"))

    page.page.mouse.click(x, y)
    page.page.wait_for_url(re.compile(rf"/\?(.*&)?gemeente={gent}(&|$)"), timeout=60_000)
    expect(page.gemeente_box()).to_have_value(gent_label)
    page.wait_for_map()
    expect(page.wijk_paths).to_have_count(len(boundaries.wijk_table(gent)))
    page.idle()
    page.assert_clean()
