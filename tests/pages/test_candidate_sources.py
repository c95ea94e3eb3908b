"""Lagen: a beheerder adds a source of candidate partners (a federation's list of local groups), sees its
candidates on Witte vlekken, and removes it."""

from __future__ import annotations

from geo import texts
from geo.store import open_store
from tests.pages.helpers import labelled, run, shown
from tests.pages.test_beheer import visit

GROUPS = ("naam;soort;postcode;lat;lon\n"
          "Chiro Sint-Jan;chiro;2800;51,0279;4,4806\n"
          "Scouts Nekkerspoel;scouts;2800;51,0312;4,4935\n"
          "Bowling De Kegel;bowlingclub;2800;51,0290;4,4850\n").encode("utf-8")


def add_groups(app):
    at = run(visit(app({"gemeente": "12025"}), "pages/lagen.py"))
    at.text_input(key="kandidaatbron_naam").set_value("Jeugdgroepen")
    at.text_input(key="kandidaatbron_vermelding").set_value("De Ambrassade")
    at.get("file_uploader")[1].set_value([("groepen.csv", GROUPS, "text/csv")])
    return run(next(b for b in at.button if b.label == texts.UI_KANDIDAATBRONNEN_TOEVOEGEN).click())


def test_a_beheerder_adds_a_list_whose_kind_column_is_recognised_and_removes_it(app, db_url):
    at = add_groups(app)

    assert not at.error, [e.value for e in at.error]
    [message] = shown(at.success)
    assert "Jeugdgroepen" in message and "2 kandidaten" in message and "1 rijen overgeslagen" in message
    table = at.dataframe[-1].value
    assert list(table[texts.UI_KOLOM_NAAM]) == ["Jeugdgroepen"] and list(table[texts.UI_KANDIDAATBRONNEN_AANTAL]) == [2]

    at = run(at.switch_page("pages/witte_vlekken.py"))
    choose = labelled(at.multiselect, texts.UI_KANDIDATEN_KIES)
    assert set(choose.options) <= {"Chiro Sint-Jan", "Scouts Nekkerspoel"} and choose.options
    assert any("De Ambrassade" in c for c in shown(at.caption))

    at = run(visit(at, "pages/lagen.py"))
    at = run(at.button(key="kandidaatbron_verwijderen").click())
    assert texts.UI_KANDIDAATBRONNEN_VERWIJDERD in shown(at.success)
    store = open_store(db_url)
    try:
        assert store.candidate_sources() == [] and store.candidate_list("12025") == []
    finally:
        store.close()


def test_a_list_without_any_recognised_kind_stores_nothing(app, db_url):
    at = run(visit(app({"gemeente": "12025"}), "pages/lagen.py"))
    at.text_input(key="kandidaatbron_naam").set_value("Clubs")
    at.get("file_uploader")[1].set_value([("clubs.csv", b"naam;soort;lat;lon\nBowling;bowlingclub;51,03;4,48\n",
                                           "text/csv")])
    at = run(next(b for b in at.button if b.label == texts.UI_KANDIDAATBRONNEN_TOEVOEGEN).click())

    assert any("geen enkele kandidaat" in e for e in shown(at.error))
    store = open_store(db_url)
    try:
        assert store.candidate_sources() == []
    finally:
        store.close()
