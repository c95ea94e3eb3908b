"""Logging in and out in Chromium: the form, the session cookie across a reload, logout."""

from __future__ import annotations

from playwright.sync_api import expect

from geo import texts
from pages.auth import SESSION_COOKIE
from tests.browser.conftest import MAP_IFRAME


def _heading(page, text: str):
    return page.page.get_by_role("heading", name=text, exact=True)


def test_a_login_survives_a_reload_and_logout_ends_it(open_page, app_server, grant_access):
    account = grant_access(app_server.db_path, "organisator:12025")  # an account with a known password
    page = open_page(app_server.url, server=app_server, who=None)
    page.goto("/?gemeente=12025")
    expect(_heading(page, texts.APP_TITEL)).to_be_visible()
    assert not page.page.locator(MAP_IFRAME).count()

    page.page.get_by_label(texts.UI_EMAIL).fill(account.email)
    page.page.get_by_label(texts.UI_WACHTWOORD, exact=True).fill("verkeerd-wachtwoord")
    page.page.get_by_role("button", name=texts.UI_AANMELDEN).click()
    expect(page.page.get_by_text(texts.LOGIN_MISLUKT)).to_be_visible()

    page.page.get_by_label(texts.UI_WACHTWOORD, exact=True).fill("een-lang-testwachtwoord")
    page.page.get_by_role("button", name=texts.UI_AANMELDEN).click()
    expect(_heading(page, texts.UI_KAART_TITEL)).to_be_visible()
    page.wait_for_map()
    cookie = next(c for c in page.page.context.cookies() if c["name"] == SESSION_COOKIE)
    assert cookie["sameSite"] == "Strict" and len(cookie["value"]) >= 43

    page.page.reload(wait_until="domcontentloaded")
    expect(_heading(page, texts.UI_KAART_TITEL)).to_be_visible()  # still logged in after a reload

    page.page.get_by_role("button", name=texts.UI_AFMELDEN).click()
    expect(_heading(page, texts.APP_TITEL)).to_be_visible()
    page.idle()
    page.page.reload(wait_until="domcontentloaded")
    expect(_heading(page, texts.APP_TITEL)).to_be_visible()  # the cookie's session is gone for good
    expect(page.page.get_by_role("button", name=texts.UI_AANMELDEN)).to_be_visible()
    page.assert_clean()
