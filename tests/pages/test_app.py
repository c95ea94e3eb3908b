"""The app shell: pages per kind of access, the landing page, login, logout, share links."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from geo import texts
from geo.accounts import add_user
from geo.sharing import TIMEZONE, create_link
from geo.store import open_store
from pages.ui import plain

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = re.findall(r'st\.Page\(\s*"([^"]+)"', APP.read_text(encoding="utf-8"))
BEHEERDER_ONLY = ("pages/instellingen.py", "pages/beheer.py", "pages/lagen.py")
ORGANISER_PAGES = [p for p in PAGES if p != "pages/welkom.py" and p not in BEHEERDER_ONLY]
READER_PAGES = ["pages/kaart.py", "pages/dekking.py", "pages/witte_vlekken.py", "pages/voortgang.py"]


def test_the_navigation_holds_the_documented_pages():
    assert PAGES[0] == "pages/kaart.py"  # the default page, served at /
    assert {"pages/kaart.py", "pages/vlaanderen.py", "pages/partners.py", "pages/gebied.py", "pages/welkom.py",
            "pages/delen.py", "pages/logboek.py", "pages/beheer.py", "pages/acties.py"} <= set(PAGES)


@pytest.mark.parametrize("page", [p for p in PAGES if p != "pages/welkom.py"])
def test_every_page_opens_for_a_beheerder(app, page):
    at = app({"gemeente": "12025"})
    at.switch_page(page).run()

    assert not at.exception, at.exception
    assert not at.error
    assert len(at.title) == 1 and at.title[0].value
    assert texts.UI_BRONNEN_FOOTER in [c.value for c in at.sidebar.caption]


def titles(at) -> list[str]:
    return [t.value for t in at.title]


def reachable(at, page: str) -> bool:
    """Whether the session's navigation holds ``page`` (AppTest refuses to open any other)."""
    try:
        at.switch_page(page)
    except ValueError:
        return False
    at.run()
    assert not at.exception, at.exception
    return True


def test_without_login_or_link_only_the_landing_page_shows(app):
    at = app({"gemeente": "12025"}, who=None)
    assert titles(at) == [texts.APP_TITEL]
    assert at.text_input[1].proto.type == at.text_input[1].proto.PASSWORD
    assert not at.metric and not at.dataframe  # no data of any municipality
    assert not any(reachable(at, page) for page in PAGES if page != "pages/welkom.py")


def test_the_landing_page_explains_the_first_beheerder_once(app, db_url):
    at = app(who=None)
    assert any("gebruiker toevoegen" in i.value for i in at.info)
    store = open_store(db_url)
    add_user(store, "eerste@example.be", "Eerste", "een-lang-wachtwoord", "beheerder")
    store.close()
    assert not any("gebruiker toevoegen" in i.value for i in app(who=None).info)


def test_login_logout_and_a_wrong_password(app, db_url):
    store = open_store(db_url)
    add_user(store, "an@example.be", "An Peeters", "een-lang-wachtwoord", "organisator", ["12025"])
    store.close()
    at = app({"gemeente": "12025"}, who=None)
    at.text_input[0].input("an@example.be")
    at.text_input[1].input("fout-wachtwoord-123")
    at.button[0].click().run()
    assert [e.value for e in at.error] == [plain(texts.LOGIN_MISLUKT)]

    at.text_input[1].input("een-lang-wachtwoord")
    at.button[0].click().run()
    assert not at.exception and titles(at) == [texts.UI_KAART_TITEL]
    assert any("An Peeters" in c.value for c in at.sidebar.caption)

    at.sidebar.button(key="afmelden").click().run()
    assert titles(at) == [texts.APP_TITEL]
    assert not reachable(at, "pages/partners.py")


def test_after_five_failures_even_the_right_password_must_wait(app, db_url):
    store = open_store(db_url)
    add_user(store, "an@example.be", "An", "een-lang-wachtwoord", "beheerder")
    store.close()
    at = app(who=None)
    at.text_input[0].input("an@example.be")
    for _ in range(5):
        at.text_input[1].input("fout-wachtwoord-123")
        at.button[0].click().run()
    at.text_input[1].input("een-lang-wachtwoord")
    at.button[0].click().run()
    assert titles(at) == [texts.APP_TITEL]
    assert "Te veel mislukte pogingen" in at.error[0].value


@pytest.mark.parametrize("who", ["organisator:12025", "lezer:12025"])
def test_pages_follow_the_access(app, who):
    at = app({"gemeente": "12025"}, who=who)
    expected = READER_PAGES if who.startswith("lezer") else ORGANISER_PAGES
    assert [page for page in PAGES if reachable(at, page)] == expected


def test_a_share_link_shows_only_its_municipality_read_only(app):
    at = app({}, who="lezer:11050")
    assert titles(at) == [texts.UI_KAART_TITEL]
    # One municipality: its name, no picker to choose from; its map and a static table of its wijken.
    assert not at.selectbox
    assert any(m.value.startswith(f"{texts.UI_KIES_GEMEENTE}: **Wijnegem") for m in at.markdown)
    assert at.query_params["gemeente"] == "11050"
    assert not at.dataframe
    tables = [h.proto.body for h in at.get("html") if "<table" in h.proto.body]
    assert len(tables) == 1 and "Centrum (Wijnegem)" in tables[0] and "Moorsel (Wijnegem)" in tables[0]
    assert any(texts.UI_ALLEEN_LEZEN in c.value for c in at.sidebar.caption)
    assert not at.sidebar.button  # no logout, no demo, no edit buttons


@pytest.mark.parametrize("case", ["onbekend", "ingetrokken", "verlopen", "andere gemeente", "misvormd"])
def test_a_bad_share_link_gets_a_dutch_message_and_no_data(app, db_url, case):
    store = open_store(db_url)
    link, token = create_link(store, "11050", "test", verloopt=date.today() + timedelta(days=1))
    gemeente = "11050"
    expected = {"onbekend": texts.DEELLINK_ONGELDIG, "ingetrokken": texts.DEELLINK_INGETROKKEN,
                "misvormd": texts.DEELLINK_ONGELDIG, "andere gemeente": texts.DEELLINK_ANDERE_GEMEENTE}
    if case == "onbekend":
        token = token[::-1]
    elif case == "ingetrokken":
        store.share_revoke(link.id)
    elif case == "verlopen":
        today = datetime.now(TIMEZONE).date()  # the last day is a Belgian day: UTC's date is a day behind near midnight
        _, token = create_link(store, "11050", "test", verloopt=today, today=today)
        store.close()
        store = None
    elif case == "andere gemeente":
        gemeente = "12025"
    else:
        token = "<script>alert(1)</script>"
    if store is not None:
        store.close()
    at = app({"gemeente": gemeente, "deel": token}, who=None)
    if case == "verlopen":  # valid through today: still works
        assert titles(at) == [texts.UI_KAART_TITEL]
        return
    assert titles(at) == [texts.APP_TITEL]
    assert [e.value for e in at.error] == [plain(expected[case])]
    assert not at.metric and not at.dataframe


OIDC = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "partnerkaart",
        "client_secret": "geheim", "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def oidc_app(user: dict):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = OIDC
    at.user = user
    at.run()
    assert not at.exception, at.exception
    return at


def test_with_openid_connect_configured_the_landing_page_offers_it(app):
    at = oidc_app({"is_logged_in": False})
    assert titles(at) == [texts.APP_TITEL]
    assert texts.UI_AANMELDEN_OIDC in [b.label for b in at.button]
    assert texts.UI_AANMELDEN_OIDC not in [b.label for b in app(who=None).button]


def test_an_openid_login_gets_the_role_of_the_account_with_that_address(app, db_url):
    store = open_store(db_url)
    add_user(store, "an@example.be", "An", "een-lang-wachtwoord", "organisator", ["12025"])
    store.close()
    at = oidc_app({"is_logged_in": True, "email": "An@Example.be", "name": "An"})
    assert titles(at) == [texts.UI_KAART_TITEL]
    assert not reachable(at, "pages/beheer.py") and reachable(at, "pages/partners.py")

    stranger = oidc_app({"is_logged_in": True, "email": "niemand@example.be"})
    assert titles(stranger) == [texts.APP_TITEL]
    assert stranger.error[0].value == plain(texts.UI_OIDC_GEEN_ACCOUNT.format(email="niemand@example.be"))


@pytest.mark.parametrize("page", ["pages/gebied.py", "pages/importeren.py", "pages/beheer.py", "pages/dekking.py",
                                  "pages/acties.py"])
def test_every_upload_states_its_limit_in_dutch(app, page, monkeypatch):
    monkeypatch.setenv("PARTNERKAART_MAX_UPLOAD_MB", "3")
    at = app({"gemeente": "12025"})
    at.switch_page(page).run()
    uploaders = at.get("file_uploader")
    assert uploaders and all(u.proto.help == texts.UI_UPLOAD_LIMIET.format(mb="3") for u in uploaders)
    assert all(u.proto.max_upload_size_mb == 3 for u in uploaders)


def test_a_logged_in_organiser_with_a_revoked_link_keeps_their_access(app, db_url):
    store = open_store(db_url)
    link, token = create_link(store, "12025", "test")
    store.share_revoke(link.id)
    store.close()
    at = app({"gemeente": "12025", "deel": token}, who="organisator:12025")
    assert titles(at) == [texts.UI_KAART_TITEL]
    assert [w.value for w in at.warning] == [plain(texts.DEELLINK_INGETROKKEN)]
    assert reachable(at, "pages/partners.py")
