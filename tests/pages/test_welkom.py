"""Welkom with a one-time setup link (``?opzet=…``): the first beheerder made in the browser."""

from __future__ import annotations

import urllib.parse
from datetime import datetime, timedelta, timezone

import pytest
from streamlit.testing.v1 import AppTest

from geo import texts
from geo.accounts import add_user, start_session
from geo.setup_link import SETUP_PARAM, VALID_HOURS, issue_setup_link
from geo.store import open_store
from pages.ui import plain
from tests.pages.conftest import APP, TIMEOUT
from tests.pages.helpers import figures, labelled, run, shown

PASSWORD = "een-lang-wachtwoord"


@pytest.fixture
def setup_token(db_url) -> str:
    """The token of a setup link issued into this test's (empty) store, as a start would."""
    store = open_store(db_url)
    try:
        link = issue_setup_link(store, "http://localhost:8501")
    finally:
        store.close()
    return urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)[SETUP_PARAM][0]


def fill(at, naam="An Peeters", email="an@example.be", password=PASSWORD, again=PASSWORD, gemeente="12025"):
    labelled(at.text_input, texts.UI_OPZET_NAAM).input(naam)
    labelled(at.text_input, texts.UI_EMAIL).input(email)
    labelled(at.text_input, texts.UI_WACHTWOORD).input(password)
    labelled(at.text_input, texts.UI_OPZET_WACHTWOORD_HERHAAL).input(again)
    if gemeente:
        labelled(at.selectbox, texts.UI_OPZET_GEMEENTE).select(gemeente)
    return run(at.button(key="FormSubmitter:opzet-" + texts.UI_OPZET_MAKEN).click())


def accounts(db_url) -> list:
    store = open_store(db_url)
    try:
        return store.user_list()
    finally:
        store.close()


def test_the_setup_link_makes_the_first_beheerder_logged_in_on_the_chosen_map(app, db_url, setup_token):
    at = app({SETUP_PARAM: setup_token}, who=None)
    assert [s.value for s in at.subheader] == [texts.UI_OPZET_TITEL]
    assert not any(b.label == texts.UI_AANMELDEN for b in at.button)  # the form, not the login

    at = fill(at)

    [user] = accounts(db_url)
    assert (user.email, user.rol, user.standaard_gemeente) == ("an@example.be", "beheerder", "12025")
    assert SETUP_PARAM not in at.query_params and at.query_params["gemeente"] == "12025"
    assert [t.value for t in at.title] == [texts.UI_KAART_TITEL]  # logged in: the map page
    assert shown(at.success)[0] == texts.UI_OPZET_GELUKT.format(naam="An Peeters")
    assert figures(at)[texts.UI_WIJKEN] == "12"  # Mechelen's wijken
    assert at.session_state["login_token"]


def test_the_chosen_municipality_opens_again_at_the_next_visit(app, db_url, setup_token):
    fill(app({SETUP_PARAM: setup_token}, who=None), gemeente="11002")  # Antwerpen
    store = open_store(db_url)
    token = start_session(store, store.user_get("an@example.be"), hours=1)
    store.close()

    later = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    later.session_state["login_token"] = token
    run(later)  # no ?gemeente= in the address
    assert later.query_params["gemeente"] == "11002"
    assert labelled(later.selectbox, texts.UI_KIES_GEMEENTE).value == "11002"


@pytest.mark.parametrize("change, message", [
    ({"again": PASSWORD + "!"}, texts.WACHTWOORDEN_VERSCHILLEN),
    ({"password": "kort", "again": "kort"}, texts.WACHTWOORD_TE_KORT.format(minimum=12)),
    ({"email": "geen adres"}, texts.ACCOUNT_EMAIL_ONGELDIG.format(email="geen adres")),
    ({"gemeente": None}, texts.UI_OPZET_KIES_GEMEENTE),
])
def test_form_refusals_say_why_and_create_nothing(app, db_url, setup_token, change, message):
    at = fill(app({SETUP_PARAM: setup_token}, who=None), **change)

    assert shown(at.error) == [message]
    assert accounts(db_url) == []
    assert at.query_params[SETUP_PARAM] == setup_token  # the link still works after a correction
    assert [s.value for s in at.subheader] == [texts.UI_OPZET_TITEL]


def test_a_wrong_link_gets_a_dutch_message_and_the_login_form(app, db_url, setup_token):
    wrong = setup_token[:-2] + ("yy" if setup_token.endswith("xx") else "xx")  # never the token itself
    at = app({SETUP_PARAM: wrong}, who=None)

    assert shown(at.error) == [texts.OPZET_ONGELDIG]
    assert texts.UI_OPZET_TITEL not in [s.value for s in at.subheader]
    assert texts.UI_AANMELDEN in [s.value for s in at.subheader]
    assert accounts(db_url) == []


def test_a_used_link_creates_nothing_more(app, db_url, setup_token):
    fill(app({SETUP_PARAM: setup_token}, who=None))

    again = app({SETUP_PARAM: setup_token}, who=None)

    assert shown(again.error) == [texts.OPZET_AL_GEBRUIKT]
    assert texts.UI_OPZET_TITEL not in [s.value for s in again.subheader]
    assert len(accounts(db_url)) == 1


def test_a_link_opened_after_someone_else_made_an_account_is_refused(app, db_url, setup_token):
    store = open_store(db_url)
    add_user(store, "chef@example.be", "Chef", PASSWORD, "beheerder")
    store.close()

    at = app({SETUP_PARAM: setup_token}, who=None)

    assert shown(at.error) == [texts.OPZET_AL_GEBRUIKT]
    assert [u.email for u in accounts(db_url)] == ["chef@example.be"]


def test_an_expired_link_is_refused(app, db_url):
    store = open_store(db_url)
    link = issue_setup_link(store, "http://x", now=datetime.now(timezone.utc) - timedelta(hours=VALID_HOURS + 1))
    store.close()
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)[SETUP_PARAM][0]

    at = app({SETUP_PARAM: token}, who=None)

    assert shown(at.error) == [texts.OPZET_VERLOPEN.format(uren=VALID_HOURS)]
    assert accounts(db_url) == []


def test_without_the_link_welkom_says_where_to_find_it(app):
    at = app(who=None)

    [info] = [i.value for i in at.info if "opzetlink" in i.value]
    assert "terminal" in info and "gebruiker toevoegen" in info and "geo opzetlink" in info
    assert plain(texts.OPZET_ONGELDIG) not in shown(at.error)
