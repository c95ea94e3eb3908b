"""Read-only share links on both stores: tokens, expiry, revocation, municipality checks."""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.parse
from datetime import date, timedelta

import pytest

from geo import texts
from geo.accounts import new_token
from geo.sharing import (ShareLinkError, check_token, create_link, is_expired, link_state, link_url, parse_expiry,
                         revoke_link)
from geo.store.errors import NotFoundError

TODAY = date(2026, 3, 2)
TOMORROW = TODAY + timedelta(days=1)


def test_a_link_token_is_256_random_bits_and_only_its_sha256_is_stored(store):
    link, token = create_link(store, "12025", "An", omschrijving="mobiliteitsraad maart", today=TODAY)

    assert len(base64.urlsafe_b64decode(token + "=")) == 32
    assert link.id > 0 and link.gemeente_nis == "12025" and link.aangemaakt_door == "An"
    [stored] = store.share_list()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert all(token not in str(value) for value in vars(stored).values())
    dumped = json.dumps(store.dump_tables(), default=str)
    assert stored.token_hash in dumped and token not in dumped
    assert check_token(store, token, "12025", today=TODAY) == stored


def test_two_links_get_different_tokens(store):
    _, first = create_link(store, "12025", "An", today=TODAY)
    _, second = create_link(store, "12025", "An", today=TODAY)

    assert first != second
    assert len({link.token_hash for link in store.share_list()}) == 2


@pytest.mark.parametrize("token", ["", "abc", "x" * 65, "../../etc/passwd" + "a" * 30, "a" * 40 + " ", "ä" * 43])
def test_a_malformed_token_is_refused(store, token):
    create_link(store, "12025", "An", today=TODAY)

    with pytest.raises(ShareLinkError) as refused:
        check_token(store, token, today=TODAY)

    assert str(refused.value) == texts.DEELLINK_ONGELDIG


def test_an_unknown_token_is_refused(store):
    create_link(store, "12025", "An", today=TODAY)

    with pytest.raises(ShareLinkError) as refused:
        check_token(store, new_token(), "12025", today=TODAY)

    assert str(refused.value) == texts.DEELLINK_ONGELDIG


def test_a_link_of_another_municipality_is_refused(store):
    _, token = create_link(store, "11050", "An", today=TODAY)

    with pytest.raises(ShareLinkError) as refused:
        check_token(store, token, "12025", today=TODAY)

    assert str(refused.value) == texts.DEELLINK_ANDERE_GEMEENTE
    assert check_token(store, token, "11050", today=TODAY).gemeente_nis == "11050"
    assert check_token(store, token, today=TODAY).gemeente_nis == "11050"  # no municipality asked yet


def test_a_revoked_link_is_refused_at_once(store):
    link, token = create_link(store, "12025", "An", verloopt=TOMORROW, today=TODAY)
    assert check_token(store, token, "12025", today=TODAY).id == link.id

    revoked = revoke_link(store, link.id)

    assert revoked.ingetrokken
    with pytest.raises(ShareLinkError) as refused:
        check_token(store, token, "12025", today=TODAY)
    assert str(refused.value) == texts.DEELLINK_INGETROKKEN


def test_revoking_twice_keeps_the_first_time(store):
    link, _ = create_link(store, "12025", "An", today=TODAY)

    first = revoke_link(store, link.id)
    second = store.share_revoke(link.id, when="2099-01-01T00:00:00+00:00")

    assert second.ingetrokken == first.ingetrokken


def test_a_link_expiring_today_works_today_and_not_tomorrow(store):
    link, token = create_link(store, "12025", "An", verloopt=TODAY, today=TODAY)

    assert check_token(store, token, "12025", today=TODAY).id == link.id
    with pytest.raises(ShareLinkError) as refused:
        check_token(store, token, "12025", today=TOMORROW)
    assert str(refused.value) == texts.DEELLINK_VERLOPEN.format(datum=TODAY.isoformat())


def test_a_link_without_end_date_keeps_working(store):
    link, token = create_link(store, "12025", "An", today=TODAY)

    assert link.verloopt is None
    assert check_token(store, token, today=date(2099, 12, 31)).id == link.id


def test_an_end_date_in_the_past_is_refused_and_nothing_is_stored(store):
    with pytest.raises(ShareLinkError) as refused:
        create_link(store, "12025", "An", verloopt=TODAY - timedelta(days=1), today=TODAY)

    assert str(refused.value) == texts.DEELLINK_VERLOOPT_IN_VERLEDEN.format(datum="2026-03-01")
    assert store.share_list() == []


def test_the_description_is_tidied_and_limited(store):
    link, _ = create_link(store, "12025", "An", omschrijving="  mobiliteitsraad \n maart  ", today=TODAY)
    assert link.omschrijving == "mobiliteitsraad maart"

    with pytest.raises(ShareLinkError) as refused:
        create_link(store, "12025", "An", omschrijving="x" * 201, today=TODAY)
    assert str(refused.value) == texts.DEELLINK_OMSCHRIJVING_TE_LANG.format(maximum=200)
    assert len(store.share_list()) == 1


def test_revoke_is_restricted_to_the_allowed_municipalities(store):
    mechelen, token = create_link(store, "12025", "An", today=TODAY)

    with pytest.raises(ShareLinkError) as refused:
        revoke_link(store, mechelen.id, allowed_gemeenten=["11050"])
    assert str(refused.value) == texts.DEELLINK_ONBEKEND.format(id=mechelen.id)
    with pytest.raises(ShareLinkError):
        revoke_link(store, mechelen.id, allowed_gemeenten=[])
    assert check_token(store, token, "12025", today=TODAY).ingetrokken is None  # still works

    assert revoke_link(store, mechelen.id, allowed_gemeenten=["11050", "12025"]).ingetrokken
    with pytest.raises(ShareLinkError):
        check_token(store, token, "12025", today=TODAY)


def test_revoking_an_unknown_link_is_refused(store):
    with pytest.raises(NotFoundError) as refused:
        revoke_link(store, 4242)

    assert str(refused.value) == texts.DEELLINK_ONBEKEND.format(id=4242)
    with pytest.raises(ShareLinkError):
        revoke_link(store, 4242, allowed_gemeenten=["12025"])


def test_link_state_for_lists(store):
    active, _ = create_link(store, "12025", "An", verloopt=TODAY, today=TODAY)
    revoked, _ = create_link(store, "12025", "An", verloopt=TODAY, today=TODAY)
    revoke_link(store, revoked.id)
    by_id = {link.id: link for link in store.share_list()}

    assert link_state(by_id[active.id], TODAY) == "actief"
    assert link_state(by_id[active.id], TOMORROW) == "verlopen"
    assert link_state(by_id[revoked.id], TODAY) == "ingetrokken"
    assert link_state(by_id[revoked.id], TOMORROW) == "ingetrokken"
    assert not is_expired(by_id[active.id], TODAY) and is_expired(by_id[active.id], TOMORROW)


def test_share_list_filters_by_municipality_newest_first(store):
    first, _ = create_link(store, "12025", "An", today=TODAY)
    second, _ = create_link(store, "11050", "An", today=TODAY)
    third, _ = create_link(store, "12025", "An", today=TODAY)

    assert [link.id for link in store.share_list()] == [third.id, second.id, first.id]
    assert [link.id for link in store.share_list(["12025"])] == [third.id, first.id]


@pytest.mark.parametrize("base, page, start", [
    ("https://kaart.example.org", "", "https://kaart.example.org/?"),
    ("https://example.org/partnerkaart/", "", "https://example.org/partnerkaart/?"),
    ("https://example.org/partnerkaart/", "dekking", "https://example.org/partnerkaart/dekking?"),
])
def test_link_url(base, page, start):
    token = new_token()

    url = link_url(base, "12025", token, page)

    assert url.startswith(start)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query == {"gemeente": ["12025"], "deel": [token]}


@pytest.mark.parametrize("text, expected", [
    ("2027-06-30", date(2027, 6, 30)),
    (" 2027-06-30 ", date(2027, 6, 30)),
    ("", None),
    (None, None),
])
def test_parse_expiry(text, expected):
    assert parse_expiry(text) == expected


@pytest.mark.parametrize("text", ["30/06/2027", "2027-02-30", "morgen", "2027-6-3x"])
def test_parse_expiry_refuses_what_is_not_a_date(text):
    with pytest.raises(ShareLinkError) as refused:
        parse_expiry(text)

    assert str(refused.value) == texts.DEELLINK_DATUM_ONGELDIG.format(waarde=text)
