"""The importer end to end: files written here, the real boundaries, a real store (SQLite and PostGIS).

Every test plans an import of a file made in the test (CSV in several encodings, Excel,
hostile content), checks the per-row report, commits it and, where it matters, undoes it
and compares the whole store with the state before. Geocoding goes to a real local HTTP
server that answers like the Flemish address register (``/v2/adresmatch``).
"""

from __future__ import annotations

import csv
import gc
import io
import sqlite3
import unicodedata
from contextlib import closing
from dataclasses import replace

import hypothesis
import openpyxl
import pandas as pd
import psycopg
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyproj import Transformer

from geo import texts
from geo.columns import detect_mapping, mapping_key
from geo.export import csv_bytes, partner_frame
from geo.geocode import make_geocoder
from geo.importer import ImportFileError, ImportOptions, ImportPlan, commit_import, normalise_name, plan_import
from geo.partners import Partner
from geo.store import ConcurrentEditError, StoreError
from geo.store.sqlite import SQLiteStore
from tests.geo.address_register import AddressRegister

MECHELEN = "12025"
# Points (WGS84 lat, lon) well inside three wijken of Mechelen, and the wijk each lies in.
CENTRUM = (51.02635, 4.47663, "12025W03")
MUIZEN = (51.01081, 4.51677, "12025W09")
WALEM = (51.06824, 4.44520, "12025W12")
WIJNEGEM = (51.2270, 4.5180)  # in Wijnegem (11050), another municipality
WAVRE = (50.7167, 4.6077)  # Wallonia: inside the rough box around Flanders, in no wijk

TO_LAMBERT = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True)
TO_WGS84 = Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)


# -- helpers ----------------------------------------------------------------------------------

def table_bytes(rows: list[list[object]], delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    """A CSV file (header first) written by the csv module, so quoting is always right."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def plan_of(store, boundaries, data: bytes, filename: str = "partners.csv", geocoder=None, **options) -> ImportPlan:
    return plan_import(data, filename, store, boundaries, ImportOptions(**options), geocoder=geocoder)


def details(plan: ImportPlan) -> dict[int, dict]:
    """The report's details by source row, checking that no row is reported twice."""
    rows = [d["row"] for d in plan.report_dict()["details"]]
    assert len(rows) == len(set(rows)), rows
    return {d["row"]: d for d in plan.report_dict()["details"]}


def assert_accounted(plan: ImportPlan, source_rows: list[int]) -> None:
    """Every input row is in the report exactly once, and the counts add up."""
    report = plan.report_dict()
    assert [d["row"] for d in report["details"]] == source_rows
    assert report["rows"] == len(source_rows) == report["accepted"] + report["rejected"] + report["merged"]
    assert report["warnings"] == sum(d["status"] == "waarschuwing" for d in report["details"])


def offset(lat: float, lon: float, east_m: float) -> tuple[float, float]:
    """The point ``east_m`` metres east of (lat, lon), computed in Lambert 72."""
    x, y = TO_LAMBERT.transform(lon, lat)
    new_lon, new_lat = TO_WGS84.transform(x + east_m, y)
    return round(new_lat, 7), round(new_lon, 7)


def partner(naam: str, point=CENTRUM, **fields) -> Partner:
    lat, lon = point[:2]
    values = dict(categorie="jeugdbeweging", lat=lat, lon=lon, gemeente_nis=MECHELEN,
                  wijk_code=point[2] if len(point) > 2 else "")
    values.update(fields)
    return Partner(naam=naam, **values)


def backdate(store, when: str = "2024-03-01T09:00:00+00:00", versie: int = 3) -> None:
    """Give every stored partner an old timestamp and a higher version, as after months of use.

    Without this, an import in the same second as the setup would hide a restore that
    forgets the timestamps.
    """
    if isinstance(store, SQLiteStore):
        with closing(sqlite3.connect(store.path)) as db, db:
            db.execute("UPDATE partner SET aangemaakt = ?, gewijzigd = ?, versie = ?", (when, when, versie))
    else:
        with psycopg.connect(store.url) as db:
            db.execute("UPDATE partner SET aangemaakt = %s, gewijzigd = %s, versie = %s", (when, when, versie))


def reason(plan: ImportPlan, row: int) -> str:
    return details(plan)[row]["reason"]


HEADER = ["naam", "soort", "lat", "lon", "postcode"]


# -- reading real files -------------------------------------------------------------------------

def test_a_cp1252_file_with_semicolons_and_decimal_commas(store, boundaries):
    data = ("naam;soort;lat;lon;postcode;plaats;notities\r\n"
            "Vrienden van het Zoniënwoud;natuurvereniging;51,02635;4,47663;2800;Mechelen;Café elke maand\r\n"
            "Chiro Sint-Rombout;Chiro;51,01081;4,51677;2800;Mechelen;\r\n").encode("cp1252")
    assert b"Zoni\xebnwoud" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    plan = plan_of(store, boundaries, data)

    assert (plan.table.encoding, plan.table.delimiter) == ("cp1252", ";")
    assert plan.coordinate_crs == "EPSG:4326" and not plan.swapped
    assert_accounted(plan, [2, 3])
    assert plan.counts["rejected"] == 0
    commit_import(store, plan)
    stored = {p.naam: p for p in store.list_partners()}
    assert set(stored) == {"Vrienden van het Zoniënwoud", "Chiro Sint-Rombout"}
    forest = stored["Vrienden van het Zoniënwoud"]
    assert (forest.lat, forest.lon, forest.wijk_code, forest.gemeente_nis) == (51.02635, 4.47663, "12025W03", MECHELEN)
    assert forest.categorie == "natuur_milieu" and forest.notities == "Café elke maand"
    assert stored["Chiro Sint-Rombout"].wijk_code == "12025W09"
    assert stored["Chiro Sint-Rombout"].categorie == "jeugdbeweging"


def test_lambert72_coordinates_put_partners_in_their_wijk(store, boundaries):
    rows = [["naam", "x", "y"]]
    for name, (lat, lon, _) in {"Centrum": CENTRUM, "Muizen": MUIZEN, "Walem": WALEM}.items():
        x, y = TO_LAMBERT.transform(lon, lat)
        rows.append([name, f"{x:.2f}", f"{y:.2f}"])
    assert 150_000 < float(rows[1][1]) < 170_000  # really Lambert metres, not degrees

    plan = plan_of(store, boundaries, table_bytes(rows, delimiter=","))

    assert plan.coordinate_crs == "EPSG:31370"
    assert "Lambert 72" in plan.coordinate_message
    assert_accounted(plan, [2, 3, 4])
    commit_import(store, plan)
    stored = {p.naam: p for p in store.list_partners()}
    for name, (lat, lon, wijk) in {"Centrum": CENTRUM, "Muizen": MUIZEN, "Walem": WALEM}.items():
        assert stored[name].wijk_code == wijk
        assert stored[name].lat == pytest.approx(lat, abs=1e-6)
        assert stored[name].lon == pytest.approx(lon, abs=1e-6)


def test_an_excel_workbook(store, boundaries, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Partners"
    sheet.append(["Naam", "Type", "Postcode", "Breedtegraad", "Lengtegraad", "Telefoon", "Bereik (m)"])
    sheet.append(["KSA Walem", "jeugdbeweging", 2800, WALEM[0], WALEM[1], "'015 12 34 56", 1200])
    sheet.append(["Oudercomité De Bron", "school", 2800, CENTRUM[0], CENTRUM[1], None, None])
    sheet.append(["Zonder soort", None, 2800, MUIZEN[0], MUIZEN[1], None, None])
    workbook.create_sheet("Notities").append(["niet inlezen"])
    path = tmp_path / "partners.xlsx"
    workbook.save(path)

    plan = plan_of(store, boundaries, path.read_bytes(), filename="partners.xlsx")

    assert plan.table.sheet == "Partners"
    assert any("Notities" in w for w in plan.warnings)  # the other sheet is mentioned
    assert plan.mapping == {"Naam": "naam", "Type": "categorie", "Postcode": "postcode", "Breedtegraad": "lat",
                            "Lengtegraad": "lon", "Telefoon": "telefoon", "Bereik (m)": "bereik_m"}
    assert_accounted(plan, [2, 3, 4])
    commit_import(store, plan)
    stored = {p.naam: p for p in store.list_partners()}
    assert stored["KSA Walem"].postcode == "2800"  # not "2800.0"
    assert stored["KSA Walem"].telefoon == "015 12 34 56"
    assert stored["KSA Walem"].bereik_m == 1200
    assert stored["KSA Walem"].wijk_code == WALEM[2]
    assert stored["Oudercomité De Bron"].categorie == "school"
    assert stored["Zonder soort"].wijk_code == MUIZEN[2]


def test_a_wholly_swapped_file_is_read_the_right_way_round(store, boundaries):
    rows = [HEADER, ["Centrum", "jeugd", CENTRUM[1], CENTRUM[0], "2800"], ["Muizen", "jeugd", MUIZEN[1], MUIZEN[0], "2800"]]

    plan = plan_of(store, boundaries, table_bytes(rows))

    assert plan.swapped
    assert texts.COORD_OMGEWISSELD in plan.coordinate_message
    commit_import(store, plan)
    assert {p.naam: p.wijk_code for p in store.list_partners()} == {"Centrum": CENTRUM[2], "Muizen": MUIZEN[2]}


# -- hostile and broken rows --------------------------------------------------------------------

def test_hostile_values_get_a_status_and_a_dutch_reason_for_every_row(store, boundaries):
    centre = [f"{CENTRUM[0]:.5f}".replace(".", ","), f"{CENTRUM[1]:.5f}".replace(".", ",")]
    rows = [
        ["naam", "soort", "lat", "lon", "postcode", "email", "notities"],
        ["<script>alert('xss')</script>", "jeugdbeweging", *centre, "2800", "", ""],  # line 2
        ['=HYPERLINK("http://evil.example","klik")', "natuur", *centre, "2801", "", ""],  # 3
        ["Omgewisseld", "natuur", centre[1], centre[0], "2802", "", ""],  # 4
        ["Buiten bereik", "natuur", "95", "200", "2803", "", ""],  # 5
        ["", "natuur", *centre, "2804", "", ""],  # 6: blank name
        ["   ", "natuur", *centre, "2805", "", ""],  # 7: only spaces
        ["Lange notitie", "natuur", *centre, "2806", "", "x" * 5000],  # 8
        ["y" * 5000, "natuur", *centre, "2807", "", ""],  # 9
        ["Ruimteclub", "ruimteschip", *centre, "2808", "", ""],  # 10
        ["Twee regels", "natuur", *centre, "2809", "", "eerste regel\nWe zeggen '=1+1'\nderde"],  # 11-13
        ["In Wallonië", "natuur", str(WAVRE[0]), str(WAVRE[1]), "2810", "", ""],  # 14
        ["Geen getal", "natuur", "abc", centre[1], "2811", "", ""],  # 15
        ["Slecht adres", "natuur", *centre, "2812", "iemand@", ""],  # 16
        ["Te veel", "natuur", *centre, "2813", "", "", "extra cel"],  # 17
        ["Chiro Ter Elst", "jeugdbeweging", *centre, "2800", "", ""],  # 18
    ]
    data = table_bytes(rows)

    plan = plan_of(store, boundaries, data, gemeente_nis=MECHELEN)

    assert_accounted(plan, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18])
    expected = {
        2: ("ok", ""),
        3: ("ok", ""),
        4: ("waarschuwing", "ligt buiten Vlaanderen en Brussel"),
        5: ("waarschuwing", "bestaan niet"),
        6: ("geweigerd", texts.NAAM_VERPLICHT),
        7: ("geweigerd", texts.NAAM_VERPLICHT),
        8: ("geweigerd", "kolom 'notities' is te lang (meer dan 2.000 tekens)"),
        9: ("geweigerd", "kolom 'naam' is te lang"),
        10: ("waarschuwing", "Soort 'ruimteschip' niet herkend"),
        11: ("ok", ""),
        14: ("waarschuwing", "de locatie is weggelaten"),
        15: ("waarschuwing", "'abc' is geen getal"),
        16: ("geweigerd", "'iemand@' is geen geldig e-mailadres"),
        17: ("geweigerd", "De rij heeft 8 gevulde cellen, maar er zijn maar 7 kolommen"),
        18: ("ok", ""),
    }
    found = details(plan)
    for row, (status, phrase) in expected.items():
        assert found[row]["status"] == status, (row, found[row])
        if phrase:
            assert phrase in found[row]["reason"], (row, found[row]["reason"])
        else:
            assert found[row]["reason"] == "", (row, found[row]["reason"])
    # rows that lost their location are kept, placed in the chosen municipality, to be placed later
    for row in (4, 5, 14, 15):
        assert texts.IMPORT_LOCATIE_ONTBREEKT.format(gemeente="Mechelen") in found[row]["reason"]
    assert plan.counts == {"rows": 15, "accepted": 9, "warnings": 5, "rejected": 6, "merged": 0, "needs_location": 4,
                           "geocoded": 0}
    # a 5,000-character cell never reaches the report or the store in full
    assert all(len(d["naam"]) <= 200 for d in found.values())

    commit_import(store, plan)
    stored = {p.naam: p for p in store.list_partners()}
    # markup and formulas are kept as the text they are (escaped on display, neutralised on export)
    assert stored["<script>alert('xss')</script>"].wijk_code == CENTRUM[2]
    assert stored['=HYPERLINK("http://evil.example","klik")'].categorie == "natuur_milieu"
    assert stored["Twee regels"].notities == "eerste regel\nWe zeggen '=1+1'\nderde"
    for name in ("Omgewisseld", "Buiten bereik", "In Wallonië", "Geen getal"):
        assert not stored[name].has_location and stored[name].gemeente_nis == MECHELEN and stored[name].wijk_code == ""
    assert stored["Ruimteclub"].categorie == "andere"
    assert len(stored) == 9
    report = plan.report_csv().decode("utf-8-sig")
    assert "'=HYPERLINK(" in report and ";=HYPERLINK(" not in report


def test_blank_rows_between_data_and_an_empty_file(store, boundaries):
    data = b"naam;lat;lon\r\nEen;51,02635;4,47663\r\n\r\n;;\r\nTwee;51,01081;4,51677\r\n\r\n\r\n"

    plan = plan_of(store, boundaries, data)

    assert_accounted(plan, [2, 3, 4, 5])  # trailing blank lines are no rows
    assert details(plan)[3] == {"row": 3, "status": "geweigerd", "reason": texts.RIJ_LEEG, "naam": "",
                                "actie": "overslaan", "gemeente": "", "kandidaten": []}
    assert details(plan)[4]["reason"] == texts.RIJ_LEEG
    with pytest.raises(ImportFileError, match="leeg"):
        plan_of(store, boundaries, b"  \r\n", filename="leeg.csv")
    with pytest.raises(ImportFileError, match="naam"):
        plan_of(store, boundaries, b"soort;lat;lon\r\nChiro;51,02;4,47\r\n")  # no name column


def test_a_reach_below_one_metre_is_refused_per_row_and_does_not_break_the_commit(store, boundaries):
    rows = [["naam", "soort", "lat", "lon", "bereik (m)"],
            ["Chiro Ter Elst", "Chiro", *CENTRUM[:2], "0,4"],  # would round to 0, which the store refuses
            ["KSA Walem", "KSA", *WALEM[:2], "1500"],
            ["Gezinsbond", "Gezinsbond", *MUIZEN[:2], "0"]]  # 0 means: the default of the kind

    plan = plan_of(store, boundaries, table_bytes(rows))

    assert details(plan)[2]["status"] == "geweigerd"
    assert details(plan)[2]["reason"] == texts.BEREIK_ONGELDIG.format(max=50_000)
    commit_import(store, plan)
    assert {p.naam: p.bereik_m for p in store.list_partners()} == {"KSA Walem": 1500, "Gezinsbond": None}


# -- duplicates ---------------------------------------------------------------------------------

def test_exact_duplicates_are_merged_and_possible_ones_flagged_naming_the_earlier_row(store, boundaries):
    rows = [HEADER,
            ["Chiro Ter Elst", "jeugd", *CENTRUM[:2], "2800"],  # line 2
            ["KSA Walem", "jeugd", *WALEM[:2], "2800"],  # 3
            ["chiro  TER-ELST!", "jeugd", *MUIZEN[:2], "2800"],  # 4: same name once normalised, same postcode
            ["Chiro Ter Elst", "jeugd", *offset(*MUIZEN[:2], 400), "2801"],  # 5: other postcode, far: another group
            ["KSA Walem", "jeugd", *WALEM[:2], "2800"]]  # 6: every cell as line 3

    plan = plan_of(store, boundaries, table_bytes(rows))

    assert_accounted(plan, [2, 3, 4, 5, 6])
    found = details(plan)
    assert (found[4]["status"], found[4]["actie"]) == ("waarschuwing", "toevoegen")
    assert found[4]["reason"] == texts.IMPORT_MOGELIJK_DUBBEL.format(rij=2, verschil="naam, lat, lon",
                                                                     keuze=texts.IMPORT_DUBBEL_BEIDE)
    assert (found[6]["status"], found[6]["actie"]) == ("ok", "samenvoegen")
    assert found[6]["reason"] == texts.IMPORT_DUBBEL_SAMENGEVOEGD.format(rij=3)
    assert [found[r]["status"] for r in (2, 3, 5)] == ["ok", "ok", "ok"]
    assert plan.counts["merged"] == 1 and plan.counts["accepted"] == 4 and plan.counts["warnings"] == 1
    assert sorted((p.naam, p.postcode) for p in plan.added) == [
        ("Chiro Ter Elst", "2800"), ("Chiro Ter Elst", "2801"), ("KSA Walem", "2800"), ("chiro  TER-ELST!", "2800")]

    first_only = plan_of(store, boundaries, table_bytes(rows), duplicates="eerste")

    kept = details(first_only)
    assert (kept[4]["status"], kept[4]["actie"]) == ("waarschuwing", "overslaan")
    assert kept[4]["reason"] == texts.IMPORT_MOGELIJK_DUBBEL.format(
        rij=2, verschil="naam, lat, lon", keuze=texts.IMPORT_DUBBEL_EERSTE.format(rij=2))
    assert first_only.counts["merged"] == 2 and first_only.counts["accepted"] == 3
    assert sorted(p.naam for p in first_only.added) == ["Chiro Ter Elst", "Chiro Ter Elst", "KSA Walem"]


def test_a_repeat_that_differs_only_in_its_code_or_house_number_is_a_possible_duplicate(store, boundaries):
    rows = [["Code", "Naam", "Straat", "Nr", "Postcode", "Gemeente"],
            ["J-101", "Chiro Sint-Jan", "Kerkstraat", "1", "2800", "Mechelen"],
            ["J-102", "Chiro Sint-Jan", "Kerkstraat", "1", "2800", "Mechelen"],
            ["J-101", "Chiro Sint-Jan", "Kerkstraat", "1 bus 2", "2800", "Mechelen"],
            ["J-101", "Chiro Sint-Jan", "Kerkstraat", "1", "2800", "Mechelen"]]

    plan = plan_of(store, boundaries, table_bytes(rows))

    found = details(plan)
    assert found[3]["status"] == "waarschuwing" and "maar Code verschilt" in found[3]["reason"]
    assert found[4]["status"] == "waarschuwing" and "maar Nr verschilt" in found[4]["reason"]
    assert found[5]["actie"] == "samenvoegen"
    assert [found[r]["gemeente"] for r in (2, 3, 4)] == [MECHELEN] * 3
    assert len(plan.added) == 3 and plan.counts["rejected"] == 0


def test_toevoegen_warns_about_partners_already_in_the_store_and_adds_them_anyway(store, boundaries):
    existing = store.add_partners([partner("Chiro Ter Elst", postcode="2800")])[0]
    rows = [HEADER, ["CHIRO ter Elst", "jeugd", *MUIZEN[:2], "2800"], ["Nieuwe club", "jeugd", *WALEM[:2], "2800"]]

    plan = plan_of(store, boundaries, table_bytes(rows), modus="toevoegen")

    found = details(plan)
    assert found[2]["status"] == "waarschuwing"
    assert found[2]["reason"] == texts.IMPORT_BESTAAT_AL.format(naam=existing.naam)
    assert found[2]["actie"] == found[3]["actie"] == "toevoegen"
    assert (len(plan.added), len(plan.updated)) == (2, 0)
    commit_import(store, plan)
    assert store.count_partners() == 3
    assert store.get_partner(existing.id) == existing


# -- modes --------------------------------------------------------------------------------------

def test_bijwerken_matches_by_id_then_name_and_postcode_then_name_within_50_m(store, boundaries):
    by_id, by_key, nearby, far = store.add_partners([
        partner("Oude naam", CENTRUM, postcode="2800", email="oud@example.org"),
        partner("Gezinsbond Muizen", MUIZEN, postcode="2812", telefoon="015 11 22 33"),
        partner("Natuurpunt Walem", WALEM),  # no postcode stored
        partner("Fanfare De Eendracht", CENTRUM, postcode="2800"),
    ])
    near = offset(WALEM[0], WALEM[1], 30)  # 30 m from the stored point
    too_far = offset(CENTRUM[0], CENTRUM[1], 80)
    rows = [["id", "naam", "soort", "lat", "lon", "postcode", "email"],
            [by_id.id, "Nieuwe naam", "", "", "", "", "nieuw@example.org"],  # 2: by id, no location in the file
            ["", "gezinsbond  MUIZEN", "", "", "", "2812", ""],  # 3: by name + postcode
            ["", "Natuurpunt Walem", "natuur", *near, "2801", ""],  # 4: by name within 50 m
            ["", "Fanfare De Eendracht", "fanfare", *too_far, "2811", ""],  # 5: 80 m, other postcode: new
            ["", "Helemaal nieuw", "buurt", *MUIZEN[:2], "2812", ""]]  # 6: unmatched: added

    plan = plan_of(store, boundaries, table_bytes(rows), modus="bijwerken", gemeente_nis=MECHELEN)

    found = details(plan)
    assert [found[r]["actie"] for r in range(2, 7)] == ["bijwerken", "bijwerken", "bijwerken", "toevoegen", "toevoegen"]
    assert [r.match_id for r in plan.reports] == [by_id.id, by_key.id, nearby.id, "", ""]
    assert {p.naam for p in plan.added} == {"Fanfare De Eendracht", "Helemaal nieuw"}
    assert "Lijkt al te bestaan" not in found[5]["reason"]  # 80 m away and another postcode: another group

    commit_import(store, plan)
    renamed = store.get_partner(by_id.id)
    assert (renamed.naam, renamed.email, renamed.versie) == ("Nieuwe naam", "nieuw@example.org", 2)
    assert (renamed.lat, renamed.lon, renamed.postcode) == (by_id.lat, by_id.lon, "2800")  # empty cells keep values
    assert store.get_partner(by_key.id).telefoon == "015 11 22 33"
    moved = store.get_partner(nearby.id)
    assert (moved.lat, moved.lon, moved.postcode) == (*near, "2801")
    assert store.get_partner(far.id) == far
    assert store.count_partners() == 6


def test_bijwerken_without_coordinates_keeps_the_stored_location(store, boundaries):
    placed, unplaced = store.add_partners([partner("Chiro Ter Elst", postcode="2800"),
                                           partner("KSA Walem", postcode="2801", lat=None, lon=None, wijk_code="")])
    rows = [["id", "naam", "soort", "telefoon"], [placed.id, "Chiro Ter Elst", "Chiro", "015 12 34 56"],
            [unplaced.id, "KSA Walem", "KSA", "015 65 43 21"]]

    plan = plan_of(store, boundaries, table_bytes(rows), modus="bijwerken", gemeente_nis=MECHELEN)

    found = details(plan)
    assert (found[2]["status"], found[2]["reason"]) == ("ok", "")  # it has a place already
    assert (found[3]["status"], found[3]["reason"]) == ("waarschuwing", texts.IMPORT_LOCATIE_ONTBREEKT.format(gemeente="Mechelen"))
    assert [r.needs_location for r in plan.reports] == [False, True]
    assert plan.counts["needs_location"] == 1
    commit_import(store, plan)
    assert store.get_partner(placed.id).wijk_code == CENTRUM[2]
    assert store.get_partner(placed.id).telefoon == "015 12 34 56"


def test_bijwerken_adds_a_second_row_for_the_same_partner_as_a_new_one(store, boundaries):
    stored = store.add_partners([partner("Chiro Ter Elst", postcode="2800")])[0]
    rows = [["id", "naam", "postcode"], [stored.id, "Chiro Ter Elst", "2800"], [stored.id, "Chiro Elst", "2800"]]

    plan = plan_of(store, boundaries, table_bytes(rows), modus="bijwerken", gemeente_nis=MECHELEN)

    assert (details(plan)[3]["status"], details(plan)[3]["actie"]) == ("waarschuwing", "toevoegen")
    assert texts.IMPORT_DUBBEL_MATCH.format(naam=stored.naam) in details(plan)[3]["reason"]
    assert [p.id for p in plan.updated] == [stored.id]
    assert [p.naam for p in plan.added] == ["Chiro Elst"]


def test_vervangen_needs_confirmation_and_replaces_only_that_municipality(store, boundaries):
    store.add_partners([partner("Oud A"), partner("Oud B", MUIZEN),
                        partner("Wijnegem blijft", WIJNEGEM, gemeente_nis="11050", wijk_code="")])
    before = store.list_partners()
    other = [p for p in before if p.gemeente_nis != MECHELEN]
    rows = [HEADER, ["Nieuw 1", "jeugd", *CENTRUM[:2], "2800"], ["Nieuw 2", "school", *WALEM[:2], "2800"]]

    plan = plan_of(store, boundaries, table_bytes(rows), modus="vervangen", gemeente_nis=MECHELEN)

    assert sorted(p.naam for p in plan.deleted) == ["Oud A", "Oud B"]
    with pytest.raises(ImportFileError, match="bevestig"):
        commit_import(store, plan)
    assert store.list_partners() == before and store.list_imports() == []

    run = commit_import(store, plan, confirm_replace=True)

    assert (run.toegevoegd, run.bijgewerkt, run.verwijderd) == (2, 0, 2)
    assert sorted(p.naam for p in store.list_partners(MECHELEN)) == ["Nieuw 1", "Nieuw 2"]
    assert store.list_partners("11050") == other
    with pytest.raises(ImportFileError, match="gemeente"):
        plan_of(store, boundaries, table_bytes(rows), modus="vervangen")  # which municipality?
    with pytest.raises(ImportFileError, match="modus"):
        plan_of(store, boundaries, table_bytes(rows), modus="overschrijven")


# -- commit, history and undo ---------------------------------------------------------------------

def test_commit_writes_one_import_run_with_its_counts(store, boundaries):
    store.add_partners([partner("Bestaat al", postcode="2800")])
    rows = [HEADER, ["Bestaat al", "jeugd", *CENTRUM[:2], "2800"], ["Nieuw", "jeugd", *WALEM[:2], "2800"],
            ["", "jeugd", *WALEM[:2], "2800"]]
    plan = plan_of(store, boundaries, table_bytes(rows), modus="bijwerken", gemeente_nis=MECHELEN)

    run = commit_import(store, plan, user="An")

    [listed] = store.list_imports()
    assert listed == run
    assert (listed.bestand, listed.modus, listed.gemeente_nis, listed.gebruiker) == ("partners.csv", "bijwerken",
                                                                                    MECHELEN, "An")
    assert (listed.toegevoegd, listed.bijgewerkt, listed.verwijderd, listed.geweigerd) == (1, 1, 0, 1)
    assert listed.tijdstip and listed.ongedaan is None
    assert store.list_imports(MECHELEN) == [listed] and store.list_imports("11050") == []


@pytest.mark.parametrize("collecting", [True, False])
def test_plan_and_commit_leave_the_garbage_collector_as_they_found_it(store, boundaries, collecting):
    rows = [HEADER, ["Nieuw", "jeugd", *WALEM[:2], "2800"], ["", "jeugd", *WALEM[:2], "2800"]]
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        plan = plan_of(store, boundaries, table_bytes(rows), gemeente_nis=MECHELEN)
        assert gc.isenabled() == collecting
        commit_import(store, plan)
        assert gc.isenabled() == collecting
        with pytest.raises(ImportFileError):
            plan_of(store, boundaries, b"")
        assert gc.isenabled() == collecting
    finally:
        (gc.enable if was else gc.disable)()
    assert store.count_partners() == 1


@pytest.mark.parametrize("modus", ["toevoegen", "bijwerken", "vervangen"])
def test_undo_restores_exactly_the_state_before(store, boundaries, modus):
    store.add_partners([partner("Chiro Ter Elst", CENTRUM, postcode="2800", email="chiro@example.org"),
                        partner("KSA Walem", WALEM, postcode="2801", notities="al jaren actief"),
                        partner("Elders", WIJNEGEM, gemeente_nis="11050", wijk_code="")])
    backdate(store)
    before = store.list_partners()
    imports_before = store.list_imports()
    rows = [["naam", "soort", "lat", "lon", "postcode", "email"],
            ["Chiro Ter Elst", "jeugd", *MUIZEN[:2], "2800", "nieuw@example.org"],
            ["Gloednieuw", "buurt", *WALEM[:2], "2800", ""]]
    plan = plan_of(store, boundaries, table_bytes(rows), modus=modus, gemeente_nis=MECHELEN)

    run = commit_import(store, plan, confirm_replace=True)

    assert store.list_partners() != before
    changed = {"toevoegen": (2, 0, 0), "bijwerken": (1, 1, 0), "vervangen": (2, 0, 2)}[modus]
    assert (run.toegevoegd, run.bijgewerkt, run.verwijderd) == changed

    undone = store.undo_import(run.id)

    assert store.list_partners() == before  # every field: versie, aangemaakt, gewijzigd included
    assert undone.ongedaan and undone.id == run.id
    assert [(r.id, r.ongedaan is not None) for r in store.list_imports()] == [(run.id, True)] + [
        (r.id, False) for r in imports_before]
    with pytest.raises(StoreError, match="al ongedaan"):
        store.undo_import(run.id)
    assert store.list_partners() == before


@pytest.mark.parametrize("modus", ["toevoegen", "bijwerken"])
def test_undo_is_refused_when_a_partner_the_import_wrote_was_edited_since(store, boundaries, modus):
    store.add_partners([partner("Chiro Ter Elst", postcode="2800")])
    rows = [HEADER, ["Chiro Ter Elst", "jeugd", *MUIZEN[:2], "2800"], ["KSA Walem", "jeugd", *WALEM[:2], "2800"]]
    run = commit_import(store, plan_of(store, boundaries, table_bytes(rows), modus=modus, gemeente_nis=MECHELEN))
    written = {p.naam: p for p in store.list_partners()}["Chiro Ter Elst" if modus == "bijwerken" else "KSA Walem"]
    store.update_partner(written.with_changes(notities="door iemand aangepast"))
    edited = store.list_partners()

    with pytest.raises(ConcurrentEditError, match=written.naam):
        store.undo_import(run.id)

    assert store.list_partners() == edited
    assert store.list_imports()[0].ongedaan is None


def test_undo_is_refused_when_an_added_partner_was_deleted_since(store, boundaries):
    rows = [HEADER, ["Een", "jeugd", *CENTRUM[:2], "2800"], ["Twee", "jeugd", *WALEM[:2], "2800"]]
    run = commit_import(store, plan_of(store, boundaries, table_bytes(rows)))
    store.delete_partner(store.list_partners()[0].id)
    remaining = store.list_partners()

    with pytest.raises(ConcurrentEditError):
        store.undo_import(run.id)

    assert store.list_partners() == remaining


def test_a_failing_commit_leaves_the_store_exactly_as_before(store, boundaries):
    first, second = store.add_partners([partner("Chiro Ter Elst", postcode="2800"),
                                        partner("KSA Walem", WALEM, postcode="2800")])
    rows = [HEADER, ["Chiro Ter Elst", "jeugd", *MUIZEN[:2], "2800"], ["KSA Walem", "jeugd", *WALEM[:2], "2800"],
            ["Nieuw", "buurt", *CENTRUM[:2], "2800"]]
    plan = plan_of(store, boundaries, table_bytes(rows), modus="bijwerken", gemeente_nis=MECHELEN)
    assert (len(plan.updated), len(plan.added)) == (2, 1)
    # between review and commit, someone else saves the second partner
    store.update_partner(second.with_changes(telefoon="015 99 88 77"))
    before = store.list_partners()
    version = store.data_version()

    with pytest.raises(ConcurrentEditError, match="KSA Walem"):
        commit_import(store, plan)

    assert store.list_partners() == before
    assert store.list_imports() == []
    assert store.data_version() == version
    assert store.mapping_get(mapping_key(HEADER)) is None  # nothing remembered either


def test_vervangen_fails_whole_when_a_partner_to_delete_is_gone(store, boundaries):
    doomed, kept = store.add_partners([partner("Oud A"), partner("Oud B", MUIZEN)])
    plan = plan_of(store, boundaries, table_bytes([HEADER, ["Nieuw", "jeugd", *CENTRUM[:2], "2800"]]),
                   modus="vervangen", gemeente_nis=MECHELEN)
    store.delete_partner(doomed.id)

    with pytest.raises(ConcurrentEditError):
        commit_import(store, plan, confirm_replace=True)

    assert store.list_partners() == [kept]
    assert store.list_imports() == []


# -- the column mapping is remembered ---------------------------------------------------------------

def test_the_column_mapping_is_remembered_for_a_file_with_the_same_header(store, boundaries):
    header = ["Vereniging X", "Naam", "Breedte", "Lengte"]  # "Naam" is the contact person here
    assert detect_mapping(header) == {"Vereniging X": None, "Naam": "naam", "Breedte": "lat", "Lengte": "lon"}
    chosen = {"Vereniging X": "naam", "Naam": "contactpersoon", "Breedte": "lat", "Lengte": "lon"}
    first = table_bytes([header, ["Chiro Ter Elst", "An Peeters", *CENTRUM[:2]]])
    plan = plan_of(store, boundaries, first, mapping=chosen)
    assert store.mapping_get(mapping_key(header)) is None  # a reviewed, uncommitted plan remembers nothing
    commit_import(store, plan)

    second = plan_of(store, boundaries, table_bytes([header, ["KSA Walem", "Jan Janssens", *WALEM[:2]]]))

    assert second.mapping == chosen
    assert [(p.naam, p.contactpersoon, p.wijk_code) for p in second.added] == [("KSA Walem", "Jan Janssens", WALEM[2])]
    # a file whose header differs gets the detected mapping
    other = plan_of(store, boundaries, table_bytes([header + ["Soort"], ["KSA Walem", "Jan", *WALEM[:2], "KSA"]]))
    assert other.mapping["Naam"] == "naam"


# -- geocoding through a local address register --------------------------------------------------------

@pytest.fixture
def register():
    with AddressRegister({("grote markt", "21"): CENTRUM[:2], ("kerkstraat", "3"): MUIZEN[:2],
                          ("dorp", "1"): WALEM[:2]}) as server:
        yield server


@pytest.fixture
def geocoder_settings(settings, register):
    return replace(settings, geocoder="vlaanderen", geocoder_url=register.url)


ADDRESS_HEADER = ["naam", "soort", "straat", "huisnummer", "postcode", "gemeente", "lat", "lon"]
ADDRESS_ROWS = [ADDRESS_HEADER,
                ["Stadhuisclub", "gemeente", "Grote Markt", "21", "2800", "Mechelen", "", ""],  # 2
                ["Chiro Muizen", "Chiro", "Kerkstraat 3", "", "2812", "Mechelen", "", ""],  # 3: number in the street
                ["Nergensclub", "buurt", "Onbestaandestraat", "9", "2800", "Mechelen", "", ""],  # 4
                ["Met coördinaten", "buurt", "Dorp", "1", "2800", "Mechelen", *WALEM[:2]],  # 5: not looked up
                ["Zonder adres", "buurt", "", "", "", "", "", ""]]  # 6


def test_rows_with_an_address_are_geocoded_once_and_cached_in_the_store(store, boundaries, register,
                                                                        geocoder_settings):
    data = table_bytes(ADDRESS_ROWS)

    plan = plan_of(store, boundaries, data, geocoder=make_geocoder(geocoder_settings, store), gemeente_nis=MECHELEN)

    assert_accounted(plan, [2, 3, 4, 5, 6])
    assert plan.counts["geocoded"] == 2 and plan.counts["needs_location"] == 2
    assert [(q["straatnaam"], q["huisnummer"]) for q in register.requests] == [
        ("Grote Markt", "21"), ("Kerkstraat", "3"), ("Onbestaandestraat", "9")]
    found = details(plan)
    assert "Locatie opgezocht via het adres: Grote Markt 21, 2800 Mechelen" in found[2]["reason"]
    assert found[2]["status"] == found[3]["status"] == "ok"
    assert found[4]["status"] == "waarschuwing" and "niet gevonden" in found[4]["reason"]
    assert texts.IMPORT_LOCATIE_ONTBREEKT.format(gemeente="Mechelen") in found[4]["reason"]
    assert [r.geocoded for r in plan.reports] == [True, True, False, False, False]
    assert {p.naam: p.wijk_code for p in plan.added} == {
        "Stadhuisclub": CENTRUM[2], "Chiro Muizen": MUIZEN[2], "Nergensclub": "", "Met coördinaten": WALEM[2],
        "Zonder adres": ""}
    assert not plan.geocode_stopped

    again = plan_of(store, boundaries, data, geocoder=make_geocoder(geocoder_settings, store), gemeente_nis=MECHELEN)

    assert len(register.requests) == 3  # everything came from the store's cache
    assert again.counts == plan.counts
    assert [p.lat for p in again.added] == [p.lat for p in plan.added]


def test_a_cache_only_geocoder_keeps_what_was_found_and_marks_the_rest_stopped(store, boundaries, register,
                                                                              geocoder_settings):
    plan_of(store, boundaries, table_bytes(ADDRESS_ROWS[:3]), geocoder=make_geocoder(geocoder_settings, store),
            gemeente_nis=MECHELEN)
    assert len(register.requests) == 2
    rows = ADDRESS_ROWS[:3] + [["Dorpsclub", "buurt", "Dorp", "1", "2800", "Mechelen", "", ""]]

    plan = plan_of(store, boundaries, table_bytes(rows), gemeente_nis=MECHELEN,
                   geocoder=make_geocoder(geocoder_settings, store, cache_only=True))

    assert len(register.requests) == 2
    assert plan.geocode_stopped
    assert plan.counts["geocoded"] == 2
    found = details(plan)
    assert found[4]["status"] == "waarschuwing"
    assert texts.IMPORT_GEOCODE_GESTOPT in found[4]["reason"]
    assert texts.IMPORT_LOCATIE_ONTBREEKT.format(gemeente="Mechelen") in found[4]["reason"]
    assert {p.naam: p.has_location for p in plan.added} == {"Stadhuisclub": True, "Chiro Muizen": True,
                                                              "Dorpsclub": False}


def test_stopping_the_lookup_keeps_what_was_found(store, boundaries, register, geocoder_settings):
    asked: list[int] = []

    def stop_after_one() -> bool:  # the page's stop button, pressed after the first address
        asked.append(1)
        return len(asked) > 1

    plan = plan_import(table_bytes(ADDRESS_ROWS[:4]), "partners.csv", store, boundaries,
                       ImportOptions(gemeente_nis=MECHELEN), geocoder=make_geocoder(geocoder_settings, store),
                       should_stop=stop_after_one)

    assert len(register.requests) == 1
    assert plan.geocode_stopped and plan.counts["geocoded"] == 1
    found = details(plan)
    assert found[2]["status"] == "ok" and "Locatie opgezocht" in found[2]["reason"]
    for row in (3, 4):
        assert found[row]["status"] == "waarschuwing"
        assert found[row]["reason"] == f"{texts.IMPORT_GEOCODE_GESTOPT}; {texts.IMPORT_LOCATIE_ONTBREEKT.format(gemeente='Mechelen')}"


def test_rows_without_address_or_coordinates_are_kept_to_be_placed_later(store, boundaries):
    rows = [["naam", "soort"], ["Chiro Ter Elst", "Chiro"], ["KSA Walem", "KSA"]]

    plan = plan_of(store, boundaries, table_bytes(rows), gemeente_nis=MECHELEN)

    assert [r.needs_location for r in plan.reports] == [True, True]
    assert plan.counts["needs_location"] == 2
    assert all(d["status"] == "waarschuwing" and texts.IMPORT_LOCATIE_ONTBREEKT.format(gemeente="Mechelen") in d["reason"]
               for d in details(plan).values())
    commit_import(store, plan)
    assert [(p.gemeente_nis, p.wijk_code, p.lat) for p in store.list_partners()] == [(MECHELEN, "", None)] * 2

    without_municipality = plan_of(store, boundaries, table_bytes(rows))

    assert [d["status"] for d in details(without_municipality).values()] == ["geweigerd", "geweigerd"]
    assert details(without_municipality)[2]["reason"] == texts.IMPORT_GEEN_GEMEENTE
    assert without_municipality.counts["needs_location"] == 0  # rejected rows are not waiting for a place


# -- exports ----------------------------------------------------------------------------------------

def test_the_report_csv_opens_safely_in_excel(store, boundaries):
    names = ["=1+1", "+x", "-x", "@x", "Chiro; met puntkomma", "'t Groen Huis", "Tab"]
    rows = [["naam", "postcode"]] + [[name, "2800"] for name in names]

    plan = plan_of(store, boundaries, table_bytes(rows), gemeente_nis=MECHELEN)
    plan.reports[-1].naam = "\tx"  # a reader strips a leading tab, but it is a formula trigger too

    report = plan.report_csv()

    assert report.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(report.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert table[0] == ["rij", "status", "naam", "actie", "gemeente", "reden"]
    assert [row[2] for row in table[1:]] == ["'=1+1", "'+x", "'-x", "'@x", "Chiro; met puntkomma", "'t Groen Huis",
                                             "'\tx"]
    assert [row[0] for row in table[1:]] == ["2", "3", "4", "5", "6", "7", "8"]
    exported = csv_bytes(pd.DataFrame({"naam": ["\rx", "veilig"]})).decode("utf-8-sig")
    assert [row[0] for row in csv.reader(io.StringIO(exported, newline=""), delimiter=";")] == ["naam", "'\rx", "veilig"]


def test_an_export_imports_again_as_the_same_partners(store, boundaries):
    rows = [["naam", "soort", "lat", "lon", "postcode", "email", "telefoon", "notities", "bereik"],
            ["=1+1 vereniging", "ledenorganisatie", *CENTRUM[:2], "2800", "a@example.org", "015 12 34 56",
             "twee\nregels", "1500"],
            ["-x", "natuur", *WALEM[:2], "2801", "", "", "", ""],
            ["'t Groen Huis", "buurt", "", "", "2800", "", "", "; puntkomma", ""]]
    commit_import(store, plan_of(store, boundaries, table_bytes(rows), gemeente_nis=MECHELEN))
    backdate(store, versie=1)
    before = store.list_partners()

    exported = csv_bytes(partner_frame(before), attribution=boundaries.attribution)

    text = exported.decode("utf-8-sig")
    assert text.splitlines()[-1].startswith("# Bronnen: ")
    assert "'=1+1 vereniging" in text and "'-x" in text

    plan = plan_of(store, boundaries, exported, filename="export.csv", modus="bijwerken", gemeente_nis=MECHELEN)

    last = plan.reports[-1]
    assert (last.status, last.reasons, last.action) == ("geweigerd", [texts.IMPORT_BRONREGEL], "overslaan")
    assert plan.counts["rows"] == len(before) + 1 and plan.counts["rejected"] == 1
    assert plan.added == [] and sorted(p.id for p in plan.updated) == sorted(p.id for p in before)
    commit_import(store, plan)
    after = store.list_partners()
    unchanged = lambda p: p.with_changes(versie=0, gewijzigd="")  # noqa: E731
    assert [unchanged(p) for p in after] == [unchanged(p) for p in before]
    assert {p.naam for p in after} == {"=1+1 vereniging", "-x", "'t Groen Huis"}  # markers removed again


def reference_name(name: str) -> str:
    """The rule, spelled out: casefold, decompose, drop accents, every other non-alphanumeric is a space."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


def test_normalise_name_ignores_case_accents_and_punctuation():
    assert normalise_name("  Chiro  Sint-Jan!") == normalise_name("chiro sint jan") == "chiro sint jan"
    assert normalise_name("Zoniënwoud") == "zonienwoud"
    assert normalise_name("Ⅻ Straße") == normalise_name("xii strasse")
    assert normalise_name("Scouts_en\tGidsen\x00") == "scouts en gidsen"
    assert normalise_name("𝓐bc") == reference_name("𝓐bc") == "Abc"  # NFKD after casefold: the rule keeps "A"


@hypothesis.settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127)), st.text()))
def test_normalise_name_follows_the_rule_for_any_text(name):
    assert normalise_name(name) == reference_name(name)
