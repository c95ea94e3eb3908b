"""Accounts: Argon2id hashes, roles, throttled login and login sessions, on both stores.

Every time-dependent check passes an explicit ``now``: no sleeping, no clock races.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher

from geo import accounts, texts
from geo.accounts import (AccountError, LoginThrottled, add_user, authenticate, change_user, end_session,
                          hash_password, new_token, remove_user, resume_session, set_password, start_session,
                          throttle_wait, token_hash)
from geo.store import StoreError
from geo.store.errors import NotFoundError

PASSWORD = "correct paard batterij"
T0 = datetime(2026, 3, 2, 9, 0, 0, tzinfo=timezone.utc)


def organiser(store, email="an@example.be", password=PASSWORD, gemeenten=("12025",)):
    return add_user(store, email, "An Peeters", password, "organisator", gemeenten)


# -- password hashes ----------------------------------------------------------------------------


def test_the_stored_hash_is_argon2id_and_never_holds_the_password(store):
    user = organiser(store)

    stored = store.user_get("an@example.be")
    assert stored.wachtwoord == user.wachtwoord
    assert stored.wachtwoord.startswith("$argon2id$")
    assert PASSWORD not in stored.wachtwoord
    assert PASSWORD not in json.dumps(store.dump_tables(), default=str)
    assert accounts.password_matches(stored.wachtwoord, PASSWORD)
    assert not accounts.password_matches(stored.wachtwoord, PASSWORD + "!")


def test_hashes_are_salted():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)

    assert first != second
    assert accounts.password_matches(first, PASSWORD) and accounts.password_matches(second, PASSWORD)


def test_password_length_limits():
    with pytest.raises(AccountError) as short:
        hash_password("x" * (accounts.MIN_PASSWORD - 1))
    assert str(short.value) == texts.WACHTWOORD_TE_KORT.format(minimum=accounts.MIN_PASSWORD)
    with pytest.raises(AccountError) as long:
        hash_password("x" * (accounts.MAX_PASSWORD + 1))
    assert str(long.value) == texts.WACHTWOORD_TE_LANG.format(maximum=accounts.MAX_PASSWORD)
    assert hash_password("x" * accounts.MIN_PASSWORD).startswith("$argon2id$")


def test_a_garbage_hash_never_matches():
    assert not accounts.password_matches("geen-hash", PASSWORD)
    assert not accounts.password_matches("", PASSWORD)


def test_an_outdated_hash_is_upgraded_at_the_next_login(store):
    organiser(store)
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    user = store.user_update("an@example.be", wachtwoord=weak)
    other_device = start_session(store, user, hours=12, now=T0)

    authenticate(store, "an@example.be", PASSWORD, now=T0)

    assert resume_session(store, other_device, idle_minutes=60, now=T0) is not None  # still logged in there
    upgraded = store.user_get("an@example.be").wachtwoord
    assert upgraded != weak and upgraded.startswith("$argon2id$")
    assert not PasswordHasher().check_needs_rehash(upgraded)
    assert authenticate(store, "an@example.be", PASSWORD, now=T0).email == "an@example.be"


# -- accounts -----------------------------------------------------------------------------------


def test_add_user_normalises_the_address_and_keeps_the_municipalities(store):
    user = add_user(store, "  An.Peeters@Example.BE ", "An", PASSWORD, "organisator", ["12025", "11050", "12025"])

    assert user.id > 0
    assert (user.email, user.rol, user.gemeenten) == ("an.peeters@example.be", "organisator", ("12025", "11050"))
    assert store.user_get("an.peeters@example.be") == user


def test_a_beheerder_has_no_municipality_list(store):
    user = add_user(store, "chef@example.be", "", PASSWORD, "beheerder", ["12025"])

    assert user.gemeenten == ()
    assert user.naam == "chef@example.be"  # an empty name falls back to the address


@pytest.mark.parametrize("rol, gemeenten, known, message", [
    ("organisator", [], None, texts.ORGANISATOR_ZONDER_GEMEENTE),
    ("organisator", ["  "], None, texts.ORGANISATOR_ZONDER_GEMEENTE),
    ("organisator", ["Mechelen"], None, texts.GEMEENTE_CODES_ONBEKEND.format(codes="Mechelen")),
    ("organisator", ["99999"], ["12025", "11050"], texts.GEMEENTE_CODES_ONBEKEND.format(codes="99999")),
    ("lezer", ["12025"], None, texts.ROL_ONBEKEND.format(rol="lezer", rollen="beheerder, organisator")),
])
def test_bad_roles_and_municipalities_are_refused_and_nothing_is_stored(store, rol, gemeenten, known, message):
    with pytest.raises(AccountError) as refused:
        add_user(store, "an@example.be", "An", PASSWORD, rol, gemeenten, known_gemeenten=known)

    assert str(refused.value) == message
    assert store.user_count() == 0


@pytest.mark.parametrize("email", ["", "an", "an@example", "an@@example.be", "an example@x.be", "<a>@x.be"])
def test_a_bad_address_is_refused(store, email):
    with pytest.raises(AccountError) as refused:
        add_user(store, email, "An", PASSWORD, "beheerder")

    assert str(refused.value) == texts.ACCOUNT_EMAIL_ONGELDIG.format(email=email)
    assert store.user_count() == 0


def test_an_address_is_taken_once_whatever_its_case(store):
    organiser(store)

    with pytest.raises(StoreError) as taken:
        organiser(store, email="AN@example.be")

    assert str(taken.value) == texts.GEBRUIKER_BESTAAT.format(email="an@example.be")
    assert store.user_count() == 1


def test_change_user_switches_role_and_municipalities(store):
    organiser(store)

    changed = change_user(store, "An@Example.be", "organisator", ["11050"])
    assert changed.gemeenten == ("11050",)
    promoted = change_user(store, "an@example.be", "beheerder", ["11050"])
    assert (promoted.rol, promoted.gemeenten) == ("beheerder", ())
    with pytest.raises(AccountError):
        change_user(store, "an@example.be", "organisator", [])
    assert store.user_get("an@example.be").rol == "beheerder"
    with pytest.raises(NotFoundError):
        change_user(store, "niemand@example.be", "beheerder")


def test_remove_user_ends_login_and_sessions(store):
    user = organiser(store)
    token = start_session(store, user, hours=12, now=T0)

    remove_user(store, "AN@example.be")

    assert store.user_get("an@example.be") is None
    assert store.session_get(token_hash(token)) is None
    assert resume_session(store, token, 120, now=T0 + timedelta(minutes=1)) is None
    with pytest.raises(AccountError) as refused:
        authenticate(store, "an@example.be", PASSWORD, now=T0)
    assert str(refused.value) == texts.LOGIN_MISLUKT
    with pytest.raises(NotFoundError):
        remove_user(store, "an@example.be")


# -- login and throttling -----------------------------------------------------------------------


def test_the_right_password_logs_in_whatever_the_case_of_the_address(store):
    user = organiser(store)

    assert authenticate(store, " AN@Example.be ", PASSWORD, now=T0) == user


@pytest.mark.parametrize("email, password", [
    ("an@example.be", "verkeerd wachtwoord"),
    ("an@example.be", ""),
    ("onbekend@example.be", PASSWORD),
    ("geen adres", PASSWORD),
])
def test_wrong_password_and_unknown_address_give_the_same_message(store, email, password):
    organiser(store)

    with pytest.raises(AccountError) as refused:
        authenticate(store, email, password, now=T0)

    assert type(refused.value) is AccountError
    assert str(refused.value) == texts.LOGIN_MISLUKT


def test_the_sixth_try_within_the_wait_is_refused_even_with_the_right_password(store):
    organiser(store)
    for attempt in range(accounts.FREE_FAILURES):
        with pytest.raises(AccountError) as refused:
            authenticate(store, "an@example.be", f"fout {attempt}", now=T0)
        assert type(refused.value) is AccountError  # the first five are not throttled
    assert store.login_failures("an@example.be")[0] == 5

    with pytest.raises(LoginThrottled) as throttled:
        authenticate(store, "an@example.be", PASSWORD, now=T0 + timedelta(seconds=1))
    assert throttled.value.wait_s == 1
    assert str(throttled.value) == texts.LOGIN_TE_VEEL.format(seconden=1)
    assert store.login_failures("an@example.be")[0] == 5  # a throttled try is not even checked

    user = authenticate(store, "an@example.be", PASSWORD, now=T0 + timedelta(seconds=accounts.FIRST_WAIT_S))
    assert user.email == "an@example.be"
    assert store.login_failures("an@example.be") == (0, None)
    with pytest.raises(AccountError) as again:  # the counter starts over: no wait after one failure
        authenticate(store, "an@example.be", "fout", now=T0 + timedelta(seconds=3))
    assert type(again.value) is AccountError


def test_the_wait_doubles_with_every_further_failure_up_to_the_maximum(store):
    organiser(store)
    now = T0
    for _ in range(accounts.FREE_FAILURES):
        with pytest.raises(AccountError):
            authenticate(store, "an@example.be", "fout", now=now)
    waits = []
    for _ in range(4):
        waits.append(throttle_wait(store, "an@example.be", now))
        now += timedelta(seconds=waits[-1])
        assert throttle_wait(store, "an@example.be", now) == 0
        with pytest.raises(AccountError) as refused:
            authenticate(store, "an@example.be", "fout", now=now)
        assert type(refused.value) is AccountError
    assert waits == [2, 4, 8, 16]

    for _ in range(20):
        store.login_failed("an@example.be", now.isoformat(timespec="seconds"))
    assert throttle_wait(store, "an@example.be", now) == accounts.MAX_WAIT_S
    assert throttle_wait(store, "an@example.be", now + timedelta(seconds=accounts.MAX_WAIT_S)) == 0


def test_unknown_addresses_are_throttled_like_real_ones(store):
    for _ in range(accounts.FREE_FAILURES):
        with pytest.raises(AccountError):
            authenticate(store, "niemand@example.be", PASSWORD, now=T0)

    with pytest.raises(LoginThrottled) as throttled:
        authenticate(store, "Niemand@example.be", PASSWORD, now=T0)
    assert throttled.value.wait_s == accounts.FIRST_WAIT_S


def test_throttling_is_per_address(store):
    organiser(store)
    organiser(store, email="bert@example.be")
    for _ in range(accounts.FREE_FAILURES):
        with pytest.raises(AccountError):
            authenticate(store, "an@example.be", "fout", now=T0)

    assert authenticate(store, "bert@example.be", PASSWORD, now=T0).email == "bert@example.be"
    with pytest.raises(LoginThrottled):
        authenticate(store, "an@example.be", PASSWORD, now=T0)


# -- tokens -------------------------------------------------------------------------------------


def test_a_token_is_32_random_bytes_in_url_safe_text():
    tokens = [new_token() for _ in range(1000)]

    assert len(set(tokens)) == len(tokens)
    raw = [base64.urlsafe_b64decode(t + "=") for t in tokens]
    assert all(len(t) == 43 and set(t) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
               for t in tokens)
    assert all(len(r) * 8 >= 256 for r in raw)  # at least 128 bits, in fact 256
    assert len({b for r in raw for b in r}) > 250  # all byte values turn up: no fixed or narrow parts


def test_token_hash_is_the_sha256_of_the_token():
    token = new_token()

    assert token_hash(token) == hashlib.sha256(token.encode()).hexdigest()
    assert len(token_hash(token)) == 64 and token not in token_hash(token)
    assert token_hash(token) != token_hash(new_token())


# -- login sessions -----------------------------------------------------------------------------


def test_a_session_stores_only_the_token_hash(store):
    user = organiser(store)

    token = start_session(store, user, hours=12, now=T0)

    session = store.session_get(token_hash(token))
    assert session.gebruiker_id == user.id
    assert session.verloopt == (T0 + timedelta(hours=12)).isoformat(timespec="seconds")
    assert token not in repr(session)
    assert store.session_get(token) is None
    assert resume_session(store, token, 120, now=T0 + timedelta(minutes=5)) == user


@pytest.mark.parametrize("token", ["", "onzin", "x" * 129, new_token()])
def test_an_unknown_token_has_no_session(store, token):
    user = organiser(store)
    start_session(store, user, hours=12, now=T0)

    assert resume_session(store, token, 120, now=T0) is None


def test_a_session_ends_after_the_idle_time(store):
    user = organiser(store)
    token = start_session(store, user, hours=12, now=T0)

    assert resume_session(store, token, 30, now=T0 + timedelta(minutes=29)) == user
    assert resume_session(store, token, 30, now=T0 + timedelta(minutes=29 + 30)) is None
    assert store.session_get(token_hash(token)) is None  # and it is gone, not just refused
    assert resume_session(store, token, 30, now=T0 + timedelta(minutes=60)) is None


def test_activity_keeps_a_session_alive_until_its_absolute_expiry(store):
    user = organiser(store)
    token = start_session(store, user, hours=2, now=T0)

    for minutes in range(20, 120, 20):  # active every 20 minutes, idle limit 30
        assert resume_session(store, token, 30, now=T0 + timedelta(minutes=minutes)) == user
    assert store.session_get(token_hash(token)).laatst_gezien == (T0 + timedelta(minutes=100)).isoformat()

    assert resume_session(store, token, 30, now=T0 + timedelta(hours=2)) is None


def test_last_seen_is_written_at_most_once_a_minute(store):
    user = organiser(store)
    token = start_session(store, user, hours=12, now=T0)

    resume_session(store, token, 120, now=T0 + timedelta(seconds=30))
    assert store.session_get(token_hash(token)).laatst_gezien == T0.isoformat()
    resume_session(store, token, 120, now=T0 + timedelta(seconds=60))
    assert store.session_get(token_hash(token)).laatst_gezien == (T0 + timedelta(seconds=60)).isoformat()


def test_end_session_logs_out_only_that_session(store):
    user = organiser(store)
    first = start_session(store, user, hours=12, now=T0)
    second = start_session(store, user, hours=12, now=T0)

    end_session(store, first)
    end_session(store, "")  # nothing to end, no error

    assert resume_session(store, first, 120, now=T0) is None
    assert resume_session(store, second, 120, now=T0) == user


def test_a_new_password_ends_every_session_and_replaces_the_old_one(store):
    user = organiser(store)
    tokens = [start_session(store, user, hours=12, now=T0) for _ in range(2)]

    updated = set_password(store, "AN@example.be", "een heel nieuw wachtwoord")

    assert updated.wachtwoord.startswith("$argon2id$") and updated.wachtwoord != user.wachtwoord
    assert all(resume_session(store, t, 120, now=T0 + timedelta(minutes=1)) is None for t in tokens)
    with pytest.raises(AccountError):
        authenticate(store, "an@example.be", PASSWORD, now=T0)
    assert authenticate(store, "an@example.be", "een heel nieuw wachtwoord", now=T0).id == user.id
    with pytest.raises(AccountError):
        set_password(store, "an@example.be", "kort")
    with pytest.raises(NotFoundError):
        set_password(store, "niemand@example.be", "een heel nieuw wachtwoord")


def test_a_session_sees_role_changes_at_once(store):
    user = organiser(store)
    token = start_session(store, user, hours=12, now=T0)

    change_user(store, "an@example.be", "organisator", ["11050"])

    assert resume_session(store, token, 120, now=T0 + timedelta(minutes=1)).gemeenten == ("11050",)
