"""Saving and deleting partners in one step: validate, place, store."""

from __future__ import annotations

from dataclasses import replace

import pytest

from geo import texts
from geo.editing import delete_partner, locate_by_address, place_at, save_partner
from geo.geocode import make_geocoder
from tests.geo.address_register import AddressRegister

NEW = {"naam": "Repair Café Nekkerspoel", "categorie": "deelinitiatief", "status": "te contacteren",
       "lat": "51,0281", "lon": "4,4926", "gemeente_nis": "12025", "email": "info@example.be"}


def test_create(store, boundaries):
    stored, errors = save_partner(store, boundaries, NEW)
    assert errors == []
    assert stored.id and stored.versie == 1
    assert stored.gemeente_nis == "12025" and stored.wijk_code.startswith("12025W")
    assert store.get_partner(stored.id) == stored


def test_update(store, boundaries):
    stored, _ = save_partner(store, boundaries, NEW)
    moved, errors = save_partner(store, boundaries, {**NEW, "status": "gecontacteerd", "lat": "51.2283",
                                                     "lon": "4.5177"}, base=stored)
    assert errors == []
    assert moved.id == stored.id and moved.versie == 2
    assert moved.status == "gecontacteerd"
    assert moved.gemeente_nis == "11050"  # the new location decides the municipality
    assert store.get_partner(stored.id) == moved
    assert store.count_partners() == 1


def test_bad_input_stores_nothing(store, boundaries):
    result = save_partner(store, boundaries, {**NEW, "naam": "", "email": "geen-adres"})
    assert result == (None, [texts.NAAM_VERPLICHT, texts.EMAIL_ONGELDIG.format(waarde="geen-adres")])
    assert store.count_partners() == 0
    assert store.data_version() == 0


def test_location_outside_flanders_stores_nothing(store, boundaries):
    stored, errors = save_partner(store, boundaries, {**NEW, "lat": "4.4926", "lon": "51.0281"})  # swapped
    assert stored is None
    assert errors == [texts.BUITEN_GEBIED.format(lat=4.4926, lon=51.0281)]
    assert store.count_partners() == 0


def test_bad_update_leaves_stored_partner_alone(store, boundaries):
    stored, _ = save_partner(store, boundaries, NEW)
    result = save_partner(store, boundaries, {**NEW, "postcode": "99"}, base=stored)
    assert result == (None, [texts.POSTCODE_ONGELDIG.format(waarde="99")])
    assert store.get_partner(stored.id) == stored


def test_stale_edit_is_reported_in_dutch(store, boundaries):
    stored, _ = save_partner(store, boundaries, NEW)
    save_partner(store, boundaries, {**NEW, "naam": "Eerst bewaard"}, base=stored)
    stale, errors = save_partner(store, boundaries, {**NEW, "naam": "Te laat"}, base=stored)
    assert stale is None
    assert len(errors) == 1 and "werd intussen gewijzigd door iemand anders" in errors[0]
    assert store.get_partner(stored.id).naam == "Eerst bewaard"


def test_delete(store, boundaries):
    stored, _ = save_partner(store, boundaries, NEW)
    assert delete_partner(store, stored.id) == []
    assert store.count_partners() == 0
    assert delete_partner(store, stored.id) == [texts.PARTNER_WEG]


# -- placing a partner that has no location yet --------------------------------------------------------

UNPLACED = {"naam": "Chiro Sint-Andries", "categorie": "jeugdbeweging", "straat": "Grote Markt", "huisnummer": "21",
            "postcode": "2800", "plaats": "Mechelen", "gemeente_nis": "12025", "telefoon": "015 12 34 56"}
GROTE_MARKT = (51.02796, 4.47806)  # the centre of Mechelen


def test_place_at_gives_an_unplaced_partner_its_location_and_wijk_and_keeps_the_rest(store, boundaries):
    waiting, _ = save_partner(store, boundaries, UNPLACED)
    assert not waiting.has_location and waiting.wijk_code == ""

    placed, errors = place_at(store, boundaries, waiting, *GROTE_MARKT, door="an@example.be")

    assert errors == []
    assert (placed.lat, placed.lon) == GROTE_MARKT and placed.wijk_code.startswith("12025W")
    assert (placed.naam, placed.telefoon, placed.straat, placed.versie) == (waiting.naam, waiting.telefoon,
                                                                            waiting.straat, waiting.versie + 1)
    assert store.audit_list(partner_id=placed.id, limit=1)[0].gebruiker == "an@example.be"


def test_place_at_refuses_a_point_in_a_municipality_the_user_may_not_change(store, boundaries):
    waiting, _ = save_partner(store, boundaries, UNPLACED)

    placed, errors = place_at(store, boundaries, waiting, 51.2283, 4.5177, may_edit=lambda nis: nis == "12025")

    assert placed is None and errors == [texts.GEEN_RECHTEN_GEMEENTE.format(gemeente="11050")]
    assert not store.get_partner(waiting.id).has_location


def test_locate_by_address_asks_the_service_again_and_places_the_partner(store, boundaries, settings):
    waiting, _ = save_partner(store, boundaries, UNPLACED)
    with AddressRegister({}) as register:  # first: the register does not know the address
        geocoder = make_geocoder(replace(settings, geocoder="vlaanderen", geocoder_url=register.url), store)
        result, placed, errors = locate_by_address(store, boundaries, geocoder, waiting)
        assert (result.status, placed, errors) == ("niet_gevonden", None, [])
        assert not store.get_partner(waiting.id).has_location

        register.addresses[("grote markt", "21")] = GROTE_MARKT  # the address is known now
        result, placed, errors = locate_by_address(store, boundaries, geocoder, waiting)

    assert errors == [] and result.found and len(register.requests) == 2  # the cached "not found" was not reused
    assert placed.wijk_code.startswith("12025W") and (placed.lat, placed.lon) == pytest.approx(GROTE_MARKT, abs=1e-5)
    assert store.get_partner(waiting.id).has_location
