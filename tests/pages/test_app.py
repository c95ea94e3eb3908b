"""The app shell: every page of the navigation opens for a municipality, with title and sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo import texts

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = re.findall(r'st\.Page\(\s*"([^"]+)"', APP.read_text(encoding="utf-8"))


def test_the_navigation_holds_the_documented_pages():
    assert PAGES[0] == "pages/kaart.py"  # the default page, served at /
    assert {"pages/kaart.py", "pages/vlaanderen.py", "pages/partners.py", "pages/gebied.py"} <= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_without_error(app, page):
    at = app({"gemeente": "12025"})
    at.switch_page(page).run()

    assert not at.exception, at.exception
    assert not at.error
    assert len(at.title) == 1 and at.title[0].value
    assert texts.UI_BRONNEN_FOOTER in [c.value for c in at.sidebar.caption]
