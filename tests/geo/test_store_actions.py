"""Both stores (an SQLite file, a PostGIS database): joint actions and their partners.

Adding and reading with partners and roles, editing with a version check, deleting and
putting back from the audit log, an import of many all or nothing, audit lines and the data
version, and the migration of a database of schema 7 (the schema before actions).
"""

from __future__ import annotations

import pytest

from geo import texts
from geo.campaign.records import Action, ActionPartner
from geo.partners import Partner
from geo.store import ConcurrentEditError, StoreError, open_store
from geo.store.errors import NotFoundError
from geo.store.rows import migrations
from tests.geo.conftest import as_of_schema


def action(titel: str = "Infoavond autodelen", **changes) -> Action:
    values = dict(titel=titel, soort="infomoment", datum="2026-03-12", gemeente_nis="12025", lat=51.0279, lon=4.4801,
                  wijk_code="12025W03", bereikt_wijk=True, bereikt=40, financiering="Buurtbudget", bedrag=250.5,
                  notities="zaal gereserveerd",
                  partners=(ActionPartner("p-chiro", "organiseert mee"), ActionPartner("p-kwb", "communiceert mee")))
    return Action(**{**values, **changes})


def test_an_action_is_added_with_its_partners_and_read_back(store):
    added = store.action_add(action(), door="an@example.be")

    assert len(added.id) == 32 and added.versie == 1 and added.aangemaakt == added.gewijzigd
    assert store.action_get(added.id) == added
    assert store.action_list("12025") == [added] and store.action_list("11002") == [] and store.action_list() == [added]
    got = store.action_get(added.id)
    assert got.partners == (ActionPartner("p-chiro", "organiseert mee"), ActionPartner("p-kwb", "communiceert mee"))
    assert (got.bereikt_wijk, got.bereikt, got.bedrag, got.lat) == (True, 40, 250.5, 51.0279)
    assert type(got.bereikt) is int and type(got.bedrag) is float
    assert store.actions_of_partner("p-kwb") == [added] and store.actions_of_partner("p-ander") == []


def test_an_action_without_a_place_or_optional_values_keeps_them_empty(store):
    bare = store.action_add(Action("Artikel in het infoblad", "artikel", "2026-04-01", "12025", einddatum="2026-04-30"))

    got = store.action_get(bare.id)
    assert (got.lat, got.lon, got.wijk_code, got.bereikt, got.bedrag, got.partners) == (None, None, "", None, None, ())
    assert got.periode == "2026-04-01 – 2026-04-30" and got.bereikt_wijk is False


def test_the_list_is_newest_first_and_per_municipality(store):
    old = store.action_add(action("Oud", datum="2025-05-01"))
    new = store.action_add(action("Nieuw", datum="2026-05-01"))
    elsewhere = store.action_add(action("Elders", gemeente_nis="11002", wijk_code="", lat=None, lon=None,
                                        bereikt_wijk=False))

    assert [a.titel for a in store.action_list("12025")] == ["Nieuw", "Oud"]
    assert {a.id for a in store.action_list()} == {old.id, new.id, elsewhere.id}


def test_an_edit_with_an_old_version_is_refused_and_changes_nothing(store):
    added = store.action_add(action(), door="an@example.be")
    first = store.action_update(
        Action(**{**added.__dict__, "status": "gedaan", "partners": (ActionPartner("p-kwb", "organiseert mee"),)}),
        door="bo@example.be")

    assert first.versie == 2 and first.aangemaakt == added.aangemaakt
    assert store.action_get(added.id).partners == (ActionPartner("p-kwb", "organiseert mee"),)
    assert store.actions_of_partner("p-chiro") == []
    with pytest.raises(ConcurrentEditError) as refused:
        store.action_update(Action(**{**added.__dict__, "titel": "Te laat"}), door="an@example.be")
    assert refused.value.current == first
    assert store.action_get(added.id) == first
    with pytest.raises(NotFoundError):
        store.action_update(Action(**{**added.__dict__, "id": "bestaat-niet"}))


def test_delete_and_restore_from_the_audit_log_bring_the_action_back_exactly(store):
    added = store.action_add(action(), door="an@example.be")
    store.action_delete(added.id, door="bo@example.be")

    assert store.action_get(added.id) is None and store.action_list() == []
    assert store.actions_of_partner("p-chiro") == []  # the links went with the action
    line = store.audit_list(actie=texts.ACTIE_VERWIJDERD)[0]
    assert (line.partner_id, line.gemeente_nis, line.naam, line.gebruiker) == (added.id, "12025", added.titel,
                                                                                 "bo@example.be")

    back = store.action_restore(line.id, door="an@example.be")

    assert back.versie == 2 and Action(**{**back.__dict__, "versie": 1, "gewijzigd": added.gewijzigd}) == added
    assert store.action_get(added.id) == back and store.actions_of_partner("p-chiro") == [back]
    with pytest.raises(StoreError, match="bestaat al weer"):
        store.action_restore(line.id)
    with pytest.raises(NotFoundError):
        store.action_restore(store.audit_list(actie=texts.ACTIE_TOEGEVOEGD)[0].id)
    with pytest.raises(NotFoundError):
        store.action_delete("bestaat-niet")


def test_every_write_leaves_an_audit_line_and_a_new_data_version(store):
    versions = [store.data_version()]
    added = store.action_add(action(), door="an")
    versions.append(store.data_version())
    changed = store.action_update(Action(**{**added.__dict__, "titel": "Infoavond (verplaatst)"}), door="bo")
    versions.append(store.data_version())
    store.action_delete(changed.id, door="an")
    versions.append(store.data_version())

    assert versions == sorted(set(versions)) and len(versions) == 4
    assert [(e.actie, e.gebruiker, e.naam) for e in store.audit_list()] == [
        (texts.ACTIE_VERWIJDERD, "an", "Infoavond (verplaatst)"), (texts.ACTIE_GEWIJZIGD, "bo", "Infoavond (verplaatst)"),
        (texts.ACTIE_TOEGEVOEGD, "an", "Infoavond autodelen")]
    assert store.audit_list(gemeenten=["12025"], partner_id=added.id)[0].actie == texts.ACTIE_VERWIJDERD


def test_many_actions_are_stored_all_or_nothing(store):
    before = store.dump_tables()
    bad = action("Fout", status="misschien")  # refused by the database's check

    with pytest.raises(StoreError):
        store.action_add_many([action("Goed"), bad], door="an")

    assert store.dump_tables() == before and store.action_list() == []
    stored = store.action_add_many([action("Een"), action("Twee", partners=())], door="an")
    assert [a.titel for a in store.action_list()] == ["Een", "Twee"] and len({a.id for a in stored}) == 2
    assert len(store.audit_list(actie=texts.ACTIE_TOEGEVOEGD)) == 2


def test_an_action_without_title_or_municipality_is_refused_by_the_store(store):
    for wrong in (action(titel=" "), action(gemeente_nis="")):
        with pytest.raises(StoreError):
            store.action_add(wrong)
    assert store.action_list() == [] and store.audit_list() == []


def test_a_database_of_schema_7_is_migrated_and_keeps_everything(empty_database, monkeypatch):
    module, url = empty_database.module, empty_database.url
    as_of_schema(monkeypatch, module, 7)
    old = open_store(url)
    assert old.schema_version() == 7
    partner = old.add_partner(Partner(naam="Chiro", categorie="jeugdbeweging", status="zet zich mee in",
                                      gemeente_nis="12025"), door="an")
    old.close()
    monkeypatch.undo()

    store = open_store(url)
    try:
        assert store.schema_version() == migrations(module.MIGRATIONS_PACKAGE)[-1][0]
        assert store.list_partners() == [partner] and store.action_list() == []
        added = store.action_add(action(partners=(ActionPartner(partner.id, "organiseert mee"),)), door="an")
        assert store.actions_of_partner(partner.id) == [added]
    finally:
        store.close()
