"""The one-time setup link that makes the first beheerder (geo.setup_link), on SQLite and PostGIS."""

from __future__ import annotations

import urllib.parse
from datetime import datetime, timedelta, timezone

import pytest

from geo import texts
from geo.accounts import AccountError, add_user, authenticate, token_hash
from geo.setup_link import (SETUP_PARAM, VALID_HOURS, SetupLinkError, check_setup_token, create_first_admin,
                            issue_setup_link)
from geo.store import StoreError
from geo.store.records import UserRecord

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)
PASSWORD = "een-lang-wachtwoord"


def token_of(link: str) -> str:
    [token] = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)[SETUP_PARAM]
    return token


def test_a_setup_link_holds_256_random_bits_and_the_store_only_its_hash(store):
    link = issue_setup_link(store, "http://localhost:8501/", now=NOW)

    assert link.startswith("http://localhost:8501/?opzet=")
    token = token_of(link)
    assert len(token) == 43  # 32 bytes, URL-safe base64
    assert token_of(issue_setup_link(store, "http://localhost:8501", now=NOW)) != token
    assert store.setup_token_expiry(token) is None  # not stored as such
    assert store.setup_token_expiry(token_hash(token)) == (NOW + timedelta(hours=VALID_HOURS)).isoformat()


def test_no_setup_link_once_an_account_exists(store):
    add_user(store, "chef@example.be", "Chef", PASSWORD, "beheerder")

    assert issue_setup_link(store, "http://localhost:8501", now=NOW) is None


def test_the_link_makes_the_first_beheerder_logged_in_elsewhere_with_the_same_rules(store):
    token = token_of(issue_setup_link(store, "http://x", now=NOW))

    user = create_first_admin(store, token, " An Peeters ", "An@Example.be", PASSWORD, PASSWORD, "12025",
                              now=NOW + timedelta(hours=1))

    assert (user.email, user.naam, user.rol, user.standaard_gemeente) == ("an@example.be", "An Peeters", "beheerder",
                                                                          "12025")
    assert user.wachtwoord.startswith("$argon2id$") and PASSWORD not in user.wachtwoord
    assert authenticate(store, "an@example.be", PASSWORD).id == user.id
    assert store.user_get("an@example.be").standaard_gemeente == "12025"
    assert store.setup_token_expiry(token_hash(token)) is None  # used up


@pytest.mark.parametrize("email, password, again, message", [
    ("an@example.be", PASSWORD, PASSWORD + "x", texts.WACHTWOORDEN_VERSCHILLEN),
    ("an@example.be", "te-kort", "te-kort", texts.WACHTWOORD_TE_KORT.format(minimum=12)),
    ("geen-adres", PASSWORD, PASSWORD, texts.ACCOUNT_EMAIL_ONGELDIG.format(email="geen-adres")),
])
def test_bad_form_input_creates_nothing_and_keeps_the_link(store, email, password, again, message):
    token = token_of(issue_setup_link(store, "http://x", now=NOW))

    with pytest.raises(AccountError) as refused:
        create_first_admin(store, token, "An", email, password, again, now=NOW)

    assert str(refused.value) == message
    assert store.user_count() == 0
    check_setup_token(store, token, now=NOW)  # still usable


def test_a_wrong_expired_or_used_link_is_refused_in_dutch_and_creates_nothing(store):
    token = token_of(issue_setup_link(store, "http://x", now=NOW))
    later = NOW + timedelta(hours=VALID_HOURS, seconds=1)

    altered = token[:-1] + ("B" if token.endswith("A") else "A")  # differs from the token whatever it ends in
    for wrong, when, message in ((altered, NOW, texts.OPZET_ONGELDIG), ("", NOW, texts.OPZET_ONGELDIG),
                                 ("x" * 5000, NOW, texts.OPZET_ONGELDIG),
                                 (token, later, texts.OPZET_VERLOPEN.format(uren=VALID_HOURS))):
        with pytest.raises(SetupLinkError, match="Er is niets aangemaakt") as refused:
            create_first_admin(store, wrong, "An", "an@example.be", PASSWORD, PASSWORD, now=when)
        assert str(refused.value) == message
    assert store.user_count() == 0

    create_first_admin(store, token, "An", "an@example.be", PASSWORD, PASSWORD, now=NOW)
    with pytest.raises(SetupLinkError) as used:
        create_first_admin(store, token, "Bo", "bo@example.be", PASSWORD, PASSWORD, now=NOW)
    assert str(used.value) == texts.OPZET_AL_GEBRUIKT
    assert [u.email for u in store.user_list()] == ["an@example.be"]


def test_a_second_beheerder_can_never_be_made_through_a_setup_link(store):
    first = token_of(issue_setup_link(store, "http://x", now=NOW))
    second = token_of(issue_setup_link(store, "http://x", now=NOW))  # a second start printed another link

    create_first_admin(store, first, "An", "an@example.be", PASSWORD, PASSWORD, now=NOW)

    with pytest.raises(SetupLinkError, match="er bestaat al een beheerder"):
        check_setup_token(store, second, now=NOW)
    with pytest.raises(SetupLinkError):
        create_first_admin(store, second, "Bo", "bo@example.be", PASSWORD, PASSWORD, now=NOW)
    # Even past the checks in Python (two browsers at the same moment), the store refuses.
    with pytest.raises(StoreError) as refused:
        store.first_admin_add(token_hash(second), NOW.isoformat(), store.user_get("an@example.be"))
    assert str(refused.value) == texts.OPZET_AL_GEBRUIKT
    assert store.user_count() == 1


def test_the_store_refuses_an_unknown_or_expired_token_itself(store):
    token = token_of(issue_setup_link(store, "http://x", now=NOW))
    record = UserRecord(email="an@example.be", naam="An", wachtwoord="$argon2id$x", rol="beheerder")
    late = (NOW + timedelta(hours=VALID_HOURS)).isoformat()
    for hashed, when in ((token_hash("onbekend"), NOW.isoformat()), (token_hash(token), late)):
        with pytest.raises(StoreError) as refused:
            store.first_admin_add(hashed, when, record)
        assert str(refused.value) == texts.OPZET_ONGELDIG
    assert store.user_count() == 0


def test_expired_links_are_dropped_when_a_new_one_is_made(store):
    old = token_of(issue_setup_link(store, "http://x", now=NOW))
    issue_setup_link(store, "http://x", now=NOW + timedelta(hours=VALID_HOURS + 1))

    assert store.setup_token_expiry(token_hash(old)) is None
