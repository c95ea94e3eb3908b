"""Both stores: accounts, sessions, failed-login counters, share links, the audit log, backups."""

from __future__ import annotations

import json

import pytest

from geo import texts
from geo.partners import Partner
from geo.store import StoreError, open_store
from geo.store.errors import NotFoundError
from geo.store.records import ImportRun, SessionRecord, ShareLinkRecord, UserRecord


def partner(naam: str = "Chiro Ter Elst", **changes) -> Partner:
    values = dict(naam=naam, categorie="jeugdbeweging", status="gecontacteerd", lat=51.0279, lon=4.4801,
                  gemeente_nis="12025", wijk_code="12025W03", email="leiding@example.be", notities="belt graag")
    return Partner(**{**values, **changes})


def user(email: str = "an@example.be", **changes) -> UserRecord:
    values = dict(email=email, naam="An", wachtwoord="$scrypt$hash", rol="organisator", gemeenten=("12025",))
    return UserRecord(**{**values, **changes})


def test_every_partner_change_is_in_the_audit_log_with_who(store):
    added = store.add_partner(partner(), door="an@example.be")
    store.update_partner(added.with_changes(naam="Chiro Ter Elst vzw"), door="bo@example.be")
    store.delete_partner(added.id, door="an@example.be")

    log = store.audit_list()
    assert [(e.actie, e.gebruiker, e.naam) for e in log] == [
        ("verwijderd", "an@example.be", "Chiro Ter Elst vzw"),
        ("gewijzigd", "bo@example.be", "Chiro Ter Elst vzw"),
        ("toegevoegd", "an@example.be", "Chiro Ter Elst")]
    edit = log[1]
    assert json.loads(edit.voor)["naam"] == "Chiro Ter Elst" and json.loads(edit.na)["naam"] == "Chiro Ter Elst vzw"
    assert all(e.partner_id == added.id and e.gemeente_nis == "12025" and e.tijdstip for e in log)


def test_imports_undo_demo_and_settings_are_logged(store):
    run = store.apply_import(ImportRun(bestand="leden.csv", modus="toevoegen", gemeente_nis="12025", gebruiker="an"),
                             [partner("A"), partner("B")], [], [])
    store.undo_import(run.id, door="bo")
    store.load_demo([partner("Demo")], door="systeem")
    store.remove_demo(door="an")
    store.setting_put("dekking", "{}", door="an")
    log = {e.actie: e for e in store.audit_list()}
    assert json.loads(log["import"].na)["toegevoegd"] == 2 and log["import"].import_id == run.id
    assert log["import"].gebruiker == "an" and log["import ongedaan"].gebruiker == "bo"
    assert json.loads(log["demo geladen"].na) == {"aantal": 1}
    assert json.loads(log["demo verwijderd"].na) == {"aantal": 1}
    assert log["instelling gewijzigd"].gebruiker == "an"


def test_the_audit_log_filters(store):
    store.add_partner(partner("Mechelaar"), door="an")
    store.add_partner(partner("Wijnegemnaar", gemeente_nis="11050", wijk_code=""), door="bo")
    assert [e.naam for e in store.audit_list(gemeenten=["11050"])] == ["Wijnegemnaar"]
    assert [e.naam for e in store.audit_list(gebruiker="an")] == ["Mechelaar"]
    assert store.audit_list(gemeenten=[]) == []
    assert len(store.audit_list(actie="toegevoegd")) == 2
    assert len(store.audit_list(limit=1)) == 1


def test_a_failed_write_leaves_no_audit_line(store):
    added = store.add_partner(partner(), door="an")
    with pytest.raises(StoreError):
        store.update_partner(added.with_changes(naam="Oud"), door="an") and store.update_partner(added, door="bo")
    with pytest.raises(StoreError):
        store.add_partners([partner("Goed"), partner("Fout", status="onbekend")], door="an")
    assert [e.actie for e in store.audit_list()] == ["gewijzigd", "toegevoegd"]


def test_a_deleted_partner_is_restored_as_it_was(store):
    added = store.add_partner(partner(), door="an")
    store.delete_partner(added.id, door="an")
    deletion = store.audit_list(actie="verwijderd")[0]

    restored = store.restore_partner(deletion.id, door="bo")

    assert store.get_partner(added.id) == restored
    assert (restored.naam, restored.email, restored.notities, restored.lat) == (added.naam, added.email, added.notities, added.lat)
    assert restored.versie == added.versie + 1
    assert store.audit_list()[0].actie == "hersteld" and store.audit_list()[0].gebruiker == "bo"
    with pytest.raises(StoreError, match="bestaat al"):
        store.restore_partner(deletion.id)
    with pytest.raises(NotFoundError):
        store.restore_partner(store.audit_list(actie="toegevoegd")[0].id)


def test_accounts(store):
    created = store.user_add(user())
    assert created.id > 0 and created.aangemaakt
    assert store.user_get("an@example.be") == created == store.user_by_id(created.id)
    with pytest.raises(StoreError, match="bestaat al"):
        store.user_add(user(naam="Andere An"))
    changed = store.user_update("an@example.be", rol="beheerder", gemeenten=("12025", "11050"))
    assert (changed.rol, changed.gemeenten) == ("beheerder", ("12025", "11050"))
    store.user_add(user("bo@example.be"))
    assert [u.email for u in store.user_list()] == ["an@example.be", "bo@example.be"] and store.user_count() == 2
    store.user_delete("bo@example.be")
    assert store.user_get("bo@example.be") is None
    with pytest.raises(NotFoundError):
        store.user_delete("bo@example.be")
    with pytest.raises(StoreError):
        store.user_add(user("Hoofdletters@Example.be"))  # the database only takes normalised addresses


def test_sessions_end_with_a_new_password_and_with_the_account(store):
    an = store.user_add(user())
    session = SessionRecord("hash-1", an.id, "2026-01-01T10:00:00+00:00", "2026-01-01T22:00:00+00:00",
                            "2026-01-01T10:00:00+00:00")
    store.session_add(session)
    assert store.session_get("hash-1") == session
    store.session_touch("hash-1", "2026-01-01T11:00:00+00:00")
    assert store.session_get("hash-1").laatst_gezien == "2026-01-01T11:00:00+00:00"
    store.user_update("an@example.be", wachtwoord="$scrypt$nieuw")
    assert store.session_get("hash-1") is None
    store.session_add(session)
    assert store.sessions_purge("2026-01-02T00:00:00+00:00") == 1
    store.session_add(session)
    store.user_delete("an@example.be")
    assert store.session_get("hash-1") is None


def test_failed_logins_are_counted_until_one_succeeds(store):
    assert store.login_failures("an@example.be") == (0, None)
    assert [store.login_failed("an@example.be", f"t{i}") for i in range(3)] == [1, 2, 3]
    assert store.login_failures("an@example.be") == (3, "t2")
    store.login_succeeded("an@example.be")
    assert store.login_failures("an@example.be") == (0, None)


def test_share_links(store):
    link = store.share_add(ShareLinkRecord("h1", "12025", omschrijving="mobiliteitsraad", aangemaakt_door="an",
                                           verloopt="2027-01-31"))
    other = store.share_add(ShareLinkRecord("h2", "11050"))
    assert store.share_get("h1") == link and store.share_get("nope") is None
    assert [x.id for x in store.share_list()] == [other.id, link.id]
    assert store.share_list(["12025"]) == [link]
    revoked = store.share_revoke(link.id, "2026-02-01T00:00:00+00:00")
    assert revoked.ingetrokken == "2026-02-01T00:00:00+00:00"
    assert store.share_revoke(link.id).ingetrokken == revoked.ingetrokken
    with pytest.raises(NotFoundError):
        store.share_revoke(9999)
    with pytest.raises(StoreError):
        store.share_add(ShareLinkRecord("h2", "12025"))  # a token hash is unique


def test_a_backup_restores_into_an_empty_store_exactly(store, tmp_path):
    first = store.add_partner(partner(), door="an")
    store.add_partner(partner("Zonder plek", lat=None, lon=None, wijk_code=""), door="an")
    store.delete_partner(first.id, door="an")
    store.apply_import(ImportRun(bestand="x.csv", modus="toevoegen", gebruiker="an"), [partner("Uit import")], [], [])
    store.setting_put("dekking", '{"drempel": 0.5}')
    store.mapping_put("naam|adres", '{"naam": "naam"}')
    store.user_add(user())
    store.share_add(ShareLinkRecord("h1", "12025"))
    dump = store.dump_tables()

    target = open_store(str(tmp_path / "hersteld.sqlite"))
    target.user_add(user("beheer@example.be", rol="beheerder", gemeenten=()))
    counts = target.load_tables(json.loads(json.dumps(dump)), door="beheer@example.be")

    assert counts["partner"] == 2 and counts["gebruiker"] == 1
    assert target.list_partners() == store.list_partners()
    assert target.setting_get("dekking") == '{"drempel": 0.5}'
    assert target.mapping_get("naam|adres") == '{"naam": "naam"}'
    assert [u.email for u in target.user_list()] == ["an@example.be", "beheer@example.be"]
    assert target.list_imports() == store.list_imports()
    deletion = target.audit_list(actie="verwijderd")[0]
    assert target.restore_partner(deletion.id).naam == "Chiro Ter Elst"
    assert target.add_partner(partner("Nieuw")).naam == "Nieuw"  # identities continue after the restored ids
    assert target.share_add(ShareLinkRecord("h9", "12025")).id > dump["deellink"][0]["id"]
    assert target.audit_list(actie="hersteld uit backup")[0].gebruiker == "beheer@example.be"
    with pytest.raises(StoreError, match="lege databank"):
        target.load_tables(dump)
    target.close()


def test_an_sqlite_backup_is_restored_into_postgis(sqlite_store, postgis_database):
    store = sqlite_store
    store.add_partner(partner(), door="an")
    store.user_add(user())
    target = open_store(postgis_database)
    target.load_tables(store.dump_tables())
    assert target.list_partners() == store.list_partners()
    assert target.add_partner(partner("Nieuw")).id
    assert target.user_add(user("bo@example.be")).id > target.user_get("an@example.be").id
    target.close()


def test_a_restore_that_fails_halfway_writes_nothing(store):
    dump = {"partner": [dict(partner().to_dict(), id="p1", versie=1, aangemaakt="t", gewijzigd="t")],
            "audit": [{"id": 1, "tijdstip": None, "gebruiker": "", "actie": "x"}]}  # tijdstip may not be empty
    with pytest.raises(StoreError):
        store.load_tables(dump)
    assert store.count_partners() == 0 and store.audit_list() == []
    assert texts.HERSTEL_NIET_LEEG


def test_a_backup_replaces_the_demo_set_of_a_fresh_installation(store, tmp_path):
    source = open_store(str(tmp_path / "bron.sqlite"))
    source.add_partner(partner("Echte partner"), door="an")
    dump = source.dump_tables()
    source.close()
    store.load_demo([partner("Demo 1"), partner("Demo 2")], door="systeem")
    store.remove_demo(door="an")
    store.load_demo([partner("Demo 3")], force=True)

    store.load_tables(dump, door="beheer")

    assert [p.naam for p in store.list_partners()] == ["Echte partner"]
    assert [e.actie for e in store.audit_list()] == ["hersteld uit backup", "toegevoegd"]
