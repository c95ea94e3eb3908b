"""Saving and deleting partners in one step: validate, place, store."""

from __future__ import annotations

from geo import texts
from geo.editing import delete_partner, save_partner

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
