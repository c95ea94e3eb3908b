"""The Logboek page: who changed what, filters, restoring a deleted partner, organisers see their own municipalities."""

from __future__ import annotations


import pytest
from streamlit.testing.v1 import AppTest

from geo import texts
from tests.pages.helpers import labelled, run, shown

ME = "beheerder-alles@example.be"  # the account the ``app`` fixture logs in with (conftest.log_in)


def log(at: AppTest):
    tables = [d.value for d in at.dataframe if texts.UI_LOGBOEK_ACTIE in d.value.columns]
    return tables[0] if tables else None


@pytest.fixture
def changes(app, open_db):
    """The demo set (loaded by the app's first run), then three changes by named people:
    a Mechelen partner renamed by An, another deleted by Bert, a Wijnegem partner renamed by Wim."""
    app({"gemeente": "12025"})
    db = open_db()
    mechelen = sorted(db.list_partners("12025"), key=lambda p: p.naam)
    wijnegem = sorted(db.list_partners("11050"), key=lambda p: p.naam)
    renamed = db.update_partner(mechelen[0].with_changes(naam="Nieuwe naam (demo)"), door="an@example.be")
    db.delete_partner(mechelen[1].id, door="bert@example.be")
    db.update_partner(wijnegem[0].with_changes(notities="Wijnegem gewijzigd"), door="wim@example.be")
    return {"renamed": renamed, "deleted": mechelen[1], "wijnegem": wijnegem[0]}


def logboek(app, who: str = "beheerder") -> AppTest:
    at = app({"gemeente": "12025"}, who=who)
    return run(at.switch_page("pages/logboek.py"))


def test_the_log_shows_each_change_with_who_did_it(app, changes):
    at = logboek(app)

    table = log(at)
    rows = {(r[texts.UI_LOGBOEK_ACTIE], r[texts.UI_LOGBOEK_WIE], r[texts.UI_KOLOM_NAAM]): r
            for r in table.to_dict("records")}
    edit = rows[("gewijzigd", "an@example.be", "Nieuwe naam (demo)")]
    assert edit[texts.UI_LOGBOEK_GEMEENTE] == "Mechelen"
    assert edit[texts.UI_LOGBOEK_DETAILS] == texts.UI_LOGBOEK_VELDEN.format(velden="naam")
    assert ("verwijderd", "bert@example.be", changes["deleted"].naam) in rows
    assert rows[("gewijzigd", "wim@example.be", changes["wijnegem"].naam)][texts.UI_LOGBOEK_GEMEENTE] == "Wijnegem"
    assert list(table[texts.UI_LOGBOEK_ACTIE])[:3] == ["gewijzigd", "verwijderd", "gewijzigd"]  # newest first
    assert "demo geladen" in set(table[texts.UI_LOGBOEK_ACTIE])  # a beheerder also sees lines without municipality


def test_filtering_by_action_and_by_person(app, changes):
    at = logboek(app)

    at = run(labelled(at.selectbox, texts.UI_LOGBOEK_ACTIE).set_value("verwijderd"))
    table = log(at)
    assert list(table[texts.UI_LOGBOEK_ACTIE]) == ["verwijderd"]
    assert list(table[texts.UI_KOLOM_NAAM]) == [changes["deleted"].naam]

    at = run(labelled(at.selectbox, texts.UI_LOGBOEK_ACTIE).set_value("gewijzigd"))
    assert sorted(log(at)[texts.UI_LOGBOEK_WIE]) == ["an@example.be", "wim@example.be"]

    at = run(labelled(at.text_input, texts.UI_LOGBOEK_WIE).input("WIM@example.be"))
    assert list(log(at)[texts.UI_LOGBOEK_WIE]) == ["wim@example.be"]

    at = run(labelled(at.selectbox, texts.UI_LOGBOEK_ACTIE).set_value("hersteld"))
    assert log(at) is None and shown(at.info) == [texts.UI_LOGBOEK_LEEG]


def test_a_deleted_partner_is_restored_from_the_log(app, open_db, changes):
    deleted = changes["deleted"]
    assert open_db().get_partner(deleted.id) is None
    at = logboek(app)
    line = open_db().audit_list(actie="verwijderd")[0]
    picker = labelled(at.selectbox, texts.UI_LOGBOEK_HERSTEL_KIES)
    assert picker.options == [f"{deleted.naam} ({line.tijdstip}, bert@example.be)"]

    at = run(picker.set_value(line.id))
    at = run(labelled(at.button, texts.UI_LOGBOEK_HERSTEL).click())

    assert not at.error
    assert shown(at.success) == [texts.UI_LOGBOEK_HERSTELD.format(naam=deleted.naam)]
    back = open_db().get_partner(deleted.id)
    assert back is not None and back.naam == deleted.naam and back.lat == deleted.lat
    assert back.versie == deleted.versie + 1
    assert [(e.gebruiker, e.partner_id) for e in open_db().audit_list(actie="hersteld")] == [(ME, deleted.id)]
    # the page shows the restore at once, and offers nothing more to restore
    assert ("hersteld", ME) in set(zip(log(at)[texts.UI_LOGBOEK_ACTIE], log(at)[texts.UI_LOGBOEK_WIE]))
    assert texts.UI_LOGBOEK_HERSTEL_KIES not in [s.label for s in at.selectbox]


def test_an_organiser_sees_only_the_lines_of_their_municipalities(app, changes):
    at = logboek(app, who="organisator:12025")

    table = log(at)
    assert set(table[texts.UI_LOGBOEK_GEMEENTE]) == {"Mechelen"}
    assert "wim@example.be" not in set(table[texts.UI_LOGBOEK_WIE])
    assert changes["wijnegem"].naam not in set(table[texts.UI_KOLOM_NAAM])
    assert {"an@example.be", "bert@example.be"} <= set(table[texts.UI_LOGBOEK_WIE])
    assert labelled(at.selectbox, texts.UI_LOGBOEK_GEMEENTE).options == ["Mechelen (12025)"]
    # and may restore the deleted Mechelen partner
    assert labelled(at.selectbox, texts.UI_LOGBOEK_HERSTEL_KIES).options


def test_an_organiser_cannot_restore_a_partner_of_another_municipality(app, open_db, changes):
    wijnegem = changes["wijnegem"]
    open_db().delete_partner(wijnegem.id, door="wim@example.be")

    at = logboek(app, who="organisator:12025")

    options = labelled(at.selectbox, texts.UI_LOGBOEK_HERSTEL_KIES).options
    assert len(options) == 1 and options[0].startswith(changes["deleted"].naam)
    assert not any(o.startswith(wijnegem.naam) for o in options)
