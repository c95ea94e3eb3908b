"""The Importeren page: upload, review (mapping, counts, report), commit, history and undo."""

from __future__ import annotations

import hashlib
import os

import pytest
from streamlit.testing.v1 import AppTest

from geo import texts
from tests.pages.helpers import run, shown

MECHELEN = "12025"
GOOD_FILE = ("naam;soort;lat;lon;postcode\r\n"
             "Chiro Ter Elst;Chiro;51,02635;4,47663;2800\r\n"  # ok
             "Ruimteclub Zoniënwoud;ruimteschip;51,06824;4,44520;2800\r\n"  # unknown kind: warning
             ";natuur;51,01081;4,51677;2800\r\n").encode("cp1252")  # no name: rejected


@pytest.fixture(autouse=True)
def no_geocoder(monkeypatch):
    """Rows are never sent to a real address service from these tests."""
    monkeypatch.setenv("PARTNERKAART_GEOCODER", "none")


def import_page(app) -> AppTest:
    at = app({"gemeente": MECHELEN})
    at = run(at.switch_page("pages/importeren.py"))
    assert at.title[0].value == texts.UI_IMPORT_TITEL
    return at


def upload(at: AppTest, filename: str, data: bytes) -> AppTest:
    return run(at.file_uploader(key="import_upload").set_value([(filename, data, "text/csv")]))


def frame(at: AppTest, first_column: str):
    """The dataframe (or data editor) whose first column is ``first_column``."""
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_column)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def test_a_csv_is_reviewed_committed_and_undone(app, open_db):
    at = import_page(app)
    db = open_db()
    before = db.list_partners()
    assert before  # the demo set

    at = upload(at, "partners.csv", GOOD_FILE)

    assert texts.UI_IMPORT_GELEZEN.format(rijen=3, kolommen=5, codering="cp1252", scheiding=";") in [
        c.value for c in at.caption]
    mapping = frame(at, texts.UI_IMPORT_KOLOM)
    assert list(mapping[texts.UI_IMPORT_KOLOM]) == ["naam", "soort", "lat", "lon", "postcode"]
    assert list(mapping[texts.UI_IMPORT_VELD]) == ["naam", "categorie", "lat", "lon", "postcode"]
    assert list(mapping[texts.UI_IMPORT_VOORBEELD])[:2] == ["Chiro Ter Elst", "Chiro"]
    assert not at.metric and "inlezen" not in [b.key for b in at.button]  # nothing reviewed yet

    at = run(at.button(key="nakijken").click())

    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {texts.UI_IMPORT_RIJEN: "3", texts.UI_IMPORT_OK: "1", texts.UI_IMPORT_WAARSCHUWING: "1",
                       texts.UI_IMPORT_GEWEIGERD: "1", texts.UI_IMPORT_SAMENGEVOEGD: "0",
                       texts.UI_IMPORT_ZONDER_LOCATIE: "0", texts.UI_IMPORT_GEOCODEERD: "0"}
    report = frame(at, "rij")
    assert list(report["rij"]) == [3, 4]  # by default only the rows that need attention
    assert list(report["status"]) == ["waarschuwing", "geweigerd"]
    assert report["reden"].iloc[1] == texts.NAAM_VERPLICHT
    assert texts.UI_IMPORT_ACTIES.format(toevoegen=2, bijwerken=0, verwijderen=0) in shown(at.markdown)
    assert db.list_partners() == before  # reviewing writes nothing

    at = run(at.button(key="inlezen").click())

    assert shown(at.success) == [texts.UI_IMPORT_GELUKT.format(toegevoegd=2, bijgewerkt=0, verwijderd=0)]
    assert db.count_partners() == len(before) + 2
    [imported] = db.list_imports()
    assert (imported.bestand, imported.modus, imported.toegevoegd, imported.geweigerd) == ("partners.csv", "toevoegen",
                                                                                          2, 1)
    history = [t.value for t in at.text]
    assert any(line.startswith(f"#{imported.id} ") and "partners.csv" in line and "+2" in line for line in history)

    at = run(at.button(key=f"undo-{imported.id}").click())

    assert shown(at.success) == [texts.UI_IMPORT_ONGEDAAN.format(id=imported.id)]
    assert db.list_partners() == before
    assert db.list_imports()[0].ongedaan
    assert f"undo-{imported.id}" not in [b.key for b in at.button]
    assert any("ongedaan gemaakt op" in t.value for t in at.text)


def test_vervangen_needs_the_confirmation(app, open_db):
    at = import_page(app)
    db = open_db()
    elsewhere = [p for p in db.list_partners() if p.gemeente_nis != MECHELEN]
    mechelen = db.count_partners(MECHELEN)
    data = "naam;soort;lat;lon\r\nChiro Ter Elst;Chiro;51,02635;4,47663\r\nKSA Walem;KSA;51,06824;4,44520\r\n".encode()
    at = upload(at, "vervang.csv", data)
    at = run(at.radio(key=f"modus-{digest(data)}").set_value("vervangen"))

    at = run(at.button(key="nakijken").click())

    assert texts.UI_IMPORT_ACTIES.format(toevoegen=2, bijwerken=0, verwijderen=mechelen) in shown(at.markdown)
    confirm = at.checkbox(key="vervangen_ok")
    assert confirm.label == texts.UI_IMPORT_VERVANGEN_OK.format(aantal=mechelen) and not confirm.value
    assert at.button(key="inlezen").disabled  # AppTest, like a browser, cannot click it
    assert db.count_partners(MECHELEN) == mechelen and db.list_imports() == []

    at = run(at.checkbox(key="vervangen_ok").check())
    assert not at.button(key="inlezen").disabled
    at = run(at.button(key="inlezen").click())

    assert shown(at.success) == [texts.UI_IMPORT_GELUKT.format(toegevoegd=2, bijgewerkt=0, verwijderd=mechelen)]
    assert sorted(p.naam for p in db.list_partners(MECHELEN)) == ["Chiro Ter Elst", "KSA Walem"]
    assert [p for p in db.list_partners() if p.gemeente_nis != MECHELEN] == elsewhere


@pytest.mark.parametrize("filename, data, message", [
    ("partners.xlsx", os.urandom(2048), "kon niet gelezen worden als Excel (.xlsx)"),
    ("partners.csv", b"\x00\x01\x02\x03" * 512, "bevat geen leesbare tekst"),
])
def test_an_unreadable_file_shows_a_dutch_error_and_stores_nothing(app, open_db, filename, data, message):
    at = import_page(app)
    db = open_db()
    before = db.list_partners()

    at = upload(at, filename, data)

    errors = shown(at.error)
    assert len(errors) == 1 and message in errors[0], errors
    assert "nakijken" not in [b.key for b in at.button]
    assert db.list_partners() == before and db.list_imports() == []


def test_a_file_mixing_utf8_and_cp1252_lines_names_the_lines_read_each_way(app, open_db):
    data = ("naam;soort;lat;lon\r\n".encode("ascii")
            + "Vrienden van het Zoniënwoud;natuur;51,02635;4,47663\r\n".encode("cp1252")
            + "Café Zoniënwoud;buurt;51,01081;4,51677\r\n".encode("utf-8"))

    at = upload(import_page(app), "gemengd.csv", data)

    warning = texts.TABEL_CODERING_GEMENGD.format(bestand="gemengd.csv", lijnen="lijn 2 is", codering="Windows-1252")
    assert warning in shown(at.warning)
    assert list(frame(at, texts.UI_IMPORT_KOLOM)[texts.UI_IMPORT_VOORBEELD])[0] == "Vrienden van het Zoniënwoud"


def test_a_file_without_a_name_column_is_refused_at_review(app, open_db):
    at = upload(import_page(app), "zonder-naam.csv", b"soort;lat;lon\r\nChiro;51,02635;4,47663\r\n")

    at = run(at.button(key="nakijken").click())

    assert shown(at.error) == [texts.KOLOM_GEEN_NAAM]
    assert not at.metric and "inlezen" not in [b.key for b in at.button]
    assert open_db().list_imports() == []


ADDRESS_FILE = ("Naam;Straat;Nr;Postcode;Gemeente\r\n"
                "Chiro Sint-Andries;Legeweg;269;8200;Sint-Andries\r\n"  # 2: Brugge, without a location
                "Chiro Verwarring;Stationsstraat;1;2800;Heverlee\r\n"  # 3: Mechelen or Leuven?
                "Scouts Berchem;;;;Berchem\r\n"  # 4: Antwerpen or Kluisbergen?
                "Chiro Sint-Andries;Legeweg;269;8200;Sint-Andries\r\n"  # 5: the same as row 2
                "Chiro Nergens;;;;\r\n").encode("utf-8")  # 6: no clue at all: the import's municipality


def test_rows_without_coordinates_keep_their_municipality_and_doubtful_ones_are_chosen(app, open_db):
    at = upload(import_page(app), "jeugd.csv", ADDRESS_FILE)
    at = run(at.button(key="nakijken").click())

    metrics = {m.label: m.value for m in at.metric}
    assert (metrics[texts.UI_IMPORT_WAARSCHUWING], metrics[texts.UI_IMPORT_GEWEIGERD],
            metrics[texts.UI_IMPORT_SAMENGEVOEGD], metrics[texts.UI_IMPORT_ZONDER_LOCATIE]) == ("4", "0", "1", "4")
    assert [s.value for s in at.subheader if s.value == texts.UI_IMPORT_TWIJFEL_KOP] == [texts.UI_IMPORT_TWIJFEL_KOP]
    choice = next(s for s in at.selectbox if s.label == texts.UI_IMPORT_TWIJFEL_RIJ.format(rij=3, naam="Chiro Verwarring"))
    assert choice.options == ["Mechelen", "Leuven"] and choice.value == "12025"

    at = run(choice.set_value("24062"))
    at = run(at.button(key="inlezen").click())

    stored = {p.naam: p.gemeente_nis for p in open_db().list_partners() if not p.demo}
    assert stored == {"Chiro Sint-Andries": "31005", "Chiro Verwarring": "24062", "Scouts Berchem": "11002",
                      "Chiro Nergens": MECHELEN}
