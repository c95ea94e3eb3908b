"""Who sees and changes what: beheerder, organisator (own municipalities), lezer (share link)."""

from __future__ import annotations

import doctest
from dataclasses import replace

import pytest

from geo import access as access_module
from geo.access import Access, visible_partners
from geo.demo import demo_partners
from geo.partners import PRIVATE_FIELDS, STATUSES, TRUSTED_STATUSES, Partner
from geo.store.records import UserRecord

MECHELEN, WIJNEGEM = "12025", "11050"
HIDDEN_STATUSES = {"te contacteren", "gecontacteerd", "haakt af"}
PRIVATE = {"contactpersoon": "Jan Geheim", "email": "jan.geheim@example.be", "telefoon": "+32 470 12 34 56",
           "notities": "belt liefst 's avonds (geheim)"}

BEHEERDER = Access.for_user(UserRecord(email="chef@example.be", naam="Chef", wachtwoord="x", rol="beheerder"))
ORGANISATOR = Access.for_user(UserRecord(email="an@example.be", naam="An", wachtwoord="x", rol="organisator",
                                         gemeenten=(MECHELEN,)))
RAAD_WIJNEGEM = Access.reader(WIJNEGEM, "deellink 3")


def partners() -> list[Partner]:
    """One partner per status in each municipality, all with contact data and notes."""
    return [Partner(naam=f"{status} {nis}", categorie="jeugdbeweging", status=status, gemeente_nis=nis,
                    lat=51.0, lon=4.5, id=f"{nis}-{i}", **PRIVATE)
            for nis in (MECHELEN, WIJNEGEM) for i, status in enumerate(STATUSES)]


def test_roles():
    assert BEHEERDER.is_admin and not BEHEERDER.read_only and BEHEERDER.gemeenten is None
    assert not ORGANISATOR.is_admin and not ORGANISATOR.read_only and ORGANISATOR.gemeenten == {MECHELEN}
    assert RAAD_WIJNEGEM.read_only and not RAAD_WIJNEGEM.is_admin and RAAD_WIJNEGEM.wie == "deellink 3"


@pytest.mark.parametrize("who, view, edit", [
    (BEHEERDER, {MECHELEN, WIJNEGEM}, {MECHELEN, WIJNEGEM}),
    (ORGANISATOR, {MECHELEN, WIJNEGEM}, {MECHELEN}),
    (RAAD_WIJNEGEM, {WIJNEGEM}, set()),
], ids=["beheerder", "organisator", "lezer"])
def test_view_and_edit_per_role(who, view, edit):
    codes = [MECHELEN, WIJNEGEM]

    assert {c for c in codes if who.can_view(c)} == view
    assert {c for c in codes if who.can_edit(c)} == edit
    assert who.editable(codes) == [c for c in codes if c in edit]


def test_the_cache_key_differs_whenever_the_visible_data_can_differ():
    other = Access.for_user(UserRecord(email="bert@example.be", naam="Bert", wachtwoord="x", rol="organisator",
                                       gemeenten=(WIJNEGEM, MECHELEN)))
    same_as_an = Access.for_user(UserRecord(email="cas@example.be", naam="Cas", wachtwoord="x", rol="organisator",
                                            gemeenten=(MECHELEN,)))

    keys = {BEHEERDER.key, ORGANISATOR.key, RAAD_WIJNEGEM.key, Access.reader(MECHELEN, "x").key, other.key}
    assert len(keys) == 5
    assert same_as_an.key == ORGANISATOR.key


def test_a_beheerder_sees_every_partner_whole():
    everyone = partners()

    assert visible_partners(BEHEERDER, everyone) == everyone


def test_an_organisator_sees_own_partners_whole_and_only_public_ones_elsewhere():
    shown = visible_partners(ORGANISATOR, partners())

    own = [p for p in shown if p.gemeente_nis == MECHELEN]
    assert {p.status for p in own} == set(STATUSES)
    assert all(getattr(p, field) == value for p in own for field, value in PRIVATE.items())
    elsewhere = [p for p in shown if p.gemeente_nis == WIJNEGEM]
    assert {p.status for p in elsewhere} == set(TRUSTED_STATUSES)
    assert all(getattr(p, field) == "" for p in elsewhere for field in PRIVATE_FIELDS)
    assert all(p.naam and p.lat is not None for p in elsewhere)  # the public part stays


def test_a_read_only_wijnegem_session_sees_nothing_of_mechelen():
    shown = visible_partners(RAAD_WIJNEGEM, partners())

    assert {p.gemeente_nis for p in shown} == {WIJNEGEM}
    assert {p.status for p in shown} == set(TRUSTED_STATUSES)
    assert not HIDDEN_STATUSES & {p.status for p in shown}
    text = repr(shown)
    assert all(value not in text for value in PRIVATE.values())


def test_a_reader_without_agreed_partners_sees_nothing():
    working_list = [p for p in partners() if p.status in HIDDEN_STATUSES]

    assert visible_partners(RAAD_WIJNEGEM, working_list) == []
    assert visible_partners(Access.reader(MECHELEN, "x"), working_list) == []


def test_stripping_does_not_change_the_original_partners():
    everyone = partners()

    visible_partners(RAAD_WIJNEGEM, everyone)

    assert all(p.email == PRIVATE["email"] for p in everyone)


def test_demo_partners_from_the_store_through_a_wijnegem_share_link(store, boundaries):
    store.add_partners([replace(p, **PRIVATE) for p in demo_partners(boundaries)])
    stored = store.list_partners()
    assert {p.gemeente_nis for p in stored} == {MECHELEN, WIJNEGEM}

    shown = visible_partners(RAAD_WIJNEGEM, stored)

    expected = {p.id for p in stored if p.gemeente_nis == WIJNEGEM and p.status in TRUSTED_STATUSES}
    assert expected and {p.id for p in shown} == expected
    assert all(getattr(p, field) == "" for p in shown for field in PRIVATE_FIELDS)
    for partner in visible_partners(ORGANISATOR, stored):
        if partner.gemeente_nis == MECHELEN:
            assert partner.email == PRIVATE["email"]


def test_the_module_example_runs():
    assert doctest.testmod(access_module).failed == 0
    assert doctest.testmod(access_module).attempted > 0
