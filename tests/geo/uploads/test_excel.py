"""Reading Excel uploads: values as text, sheets, and the hostile workbooks of issue 15 (one long shared
text in many cells, millions of references, a sheet that unpacks to hundreds of MB, XML bombs).

Every workbook is generated here, with the shape of the real hostile file and the limits set low."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.hostile_files import entity_bomb_xlsx, inflated_xlsx, shared_string_xlsx, workbook_bytes
from geo import texts
from geo.uploads import excel
from geo.uploads.tables import MB, TableError, TableLimits, read_table
from tests.geo.uploads.table_files import assert_well_formed, xlsx_bytes

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def never_opened(*args, **kwargs):
    raise AssertionError("the workbook was opened although the zip check should have refused it")


# Values and sheets ----------------------------------------------------------------------------

def test_xlsx_choose_the_second_sheet():
    data = xlsx_bytes({
        "Uitleg": [["Dit werkblad is uitleg"]],
        "Partners": [
            ["Naam", "Postcode", "Lat", "Lon", "Sinds", "Actief", "Bereik", None],
            ["Chiro Ter Elst", 2800, 51.0259, 4.4776, dt.datetime(2024, 3, 1), True, 1500.0, None],
            ["Natuurpunt", "2800", 51.03, 4.48, dt.datetime(2024, 3, 1, 14, 30), False, 0.1 + 0.2, None],
            [None, None, None, None, None, None, None, None],
            ["KSA", 2801, 1e-05, 1.5e20, dt.date(2023, 12, 31), None, -3, None],
        ],
    })
    table = read_table(data, "partners.xlsx", sheet="Partners")
    assert (table.sheet, table.sheets) == ("Partners", ["Uitleg", "Partners"])
    assert (table.encoding, table.delimiter) == (None, None)
    assert table.columns == ["Naam", "Postcode", "Lat", "Lon", "Sinds", "Actief", "Bereik"]
    assert table.rows == [
        ["Chiro Ter Elst", "2800", "51.0259", "4.4776", "2024-03-01", "WAAR", "1500"],
        ["Natuurpunt", "2800", "51.03", "4.48", "2024-03-01 14:30:00", "ONWAAR", "0.3"],
        ["", "", "", "", "", "", ""],
        ["KSA", "2801", "0.00001", "150000000000000000000", "2023-12-31", "", "-3"],
    ]
    assert table.row_numbers == [2, 3, 4, 5]
    assert table.row_problems == {2: texts.RIJ_LEEG}
    assert table.warnings == []


def test_xlsx_first_sheet_by_default_and_unknown_sheet():
    data = xlsx_bytes({"Blad1": [["naam"], ["A"]], "Blad2": [["naam"], ["B"]]})
    table = read_table(data, "p.xlsx")
    assert table.sheet == "Blad1" and table.rows == [["A"]]
    assert table.warnings == [texts.TABEL_ANDERE_WERKBLADEN.format(werkblad="Blad1", andere="Blad2")]
    with pytest.raises(TableError) as caught:
        read_table(data, "p.xlsx", sheet="Blad9")
    assert str(caught.value) == texts.TABEL_WERKBLAD_ONBEKEND.format(
        werkblad="Blad9", bestand="p.xlsx", werkbladen="Blad1, Blad2")


def test_xlsx_hostile_text_and_long_cells():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["naam", "notities"])
    sheet.append(["<script>x</script>", "y" * 5000])
    cell = sheet.cell(row=3, column=1, value="=1+1")
    cell.data_type = "s"  # typed as text, not a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "p.xlsx")
    assert table.rows[0][0] == "<script>x</script>"
    assert len(table.rows[0][1]) == 2001 and 0 in table.row_problems
    assert table.rows[1] == ["=1+1", ""]


def test_xlsx_far_away_cells_are_counted_not_expanded():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["naam", "plaats"])
    sheet.append(["A", "Mechelen"])
    sheet.cell(row=3, column=1, value="B")
    sheet.cell(row=3, column=16_384, value="ver weg")  # column XFD, the last one
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "p.xlsx")
    assert table.rows == [["A", "Mechelen"], ["B", ""]]
    assert table.row_problems == {1: texts.RIJ_TE_VEEL_CELLEN.format(aantal=3, kolommen=2)}
    wide = xlsx_bytes({"Blad1": [[f"k{i}" for i in range(300)], ["a"]]})
    with pytest.raises(TableError) as caught:
        read_table(wide, "breed.xlsx")
    assert str(caught.value) == texts.TABEL_TE_VEEL_KOLOMMEN.format(bestand="breed.xlsx", aantal=300, max=200)


def test_a_sheet_without_a_declared_size_is_read_whole():
    shared = f'<sst xmlns="{MAIN}"><si><t>naam</t></si><si><t>KSA</t></si><si><t> Chiro </t></si></sst>'
    rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>'
            '<row r="4"><c r="A4" t="s"><v>2</v></c></row>')
    table = read_table(workbook_bytes(shared, rows), "zonder-afmetingen.xlsx")
    assert table.rows == [["KSA"], [""], ["Chiro"]] and table.row_numbers == [2, 3, 4]
    assert table.row_problems == {1: texts.RIJ_LEEG}


# Issue 15: shared strings, references, unpacked size ------------------------------------------------

def test_one_long_shared_text_in_many_cells_counts_in_every_cell():
    data = shared_string_xlsx(cells=200_000, length=3_000)  # the shape of the 60 KB file, 1/5 of its cells
    assert len(data) < 30_000
    limits = TableLimits(max_chars=1_000_000)
    with pytest.raises(TableError) as caught:
        read_table(data, "gedeeld.xlsx", limits=limits)
    # Ten cells of 3,000 characters per row: row 34 brings 1,020,000 characters.
    assert str(caught.value) == texts.TABEL_TE_VEEL_TEKENS.format(bestand="gedeeld.xlsx", max="1.000.000",
                                                                  plaats="rij 34")
    assert "max_tekens" in str(caught.value)


def test_one_long_shared_text_is_shortened_once_not_copied_per_cell():
    table = read_table(shared_string_xlsx(cells=20_000, length=3_000), "gedeeld.xlsx")
    assert len(table.rows) == 1_999  # the first row is the header
    cells = [cell for row in table.rows for cell in row]
    assert len(cells) == 19_990 and len(cells[0]) == 2_001
    assert len({id(cell) for cell in cells}) == 1  # one shortened copy, referenced 19,990 times
    assert len(table.row_problems) == 1_999


def test_many_references_over_max_cells_are_refused_at_the_row_that_passes_it():
    data = shared_string_xlsx(cells=100_000, length=1)
    with pytest.raises(TableError) as caught:
        read_table(data, "verwijzingen.xlsx", limits=TableLimits(max_cells=20_000))
    assert str(caught.value) == texts.TABEL_TE_VEEL_CELLEN.format(bestand="verwijzingen.xlsx", max="20.000",
                                                                  plaats="rij 2001")
    assert "max_cellen" in str(caught.value)


def test_more_shared_texts_than_cells_allowed_are_refused_before_openpyxl_keeps_them():
    shared = f'<x:sst xmlns:x="{MAIN}">' + "".join(f"<x:si><x:t>{i}</x:t></x:si>" for i in range(30_000)) + "</x:sst>"
    data = workbook_bytes(shared, '<row><c t="s"><v>0</v></c></row><row><c t="s"><v>29999</v></c></row>')
    with pytest.raises(TableError) as caught:
        read_table(data, "teksten.xlsx", limits=TableLimits(max_cells=29_999))
    assert str(caught.value) == texts.TABEL_TE_VEEL_TEKSTEN.format(bestand="teksten.xlsx", max="29.999",
                                                                   onderdeel="xl/sharedStrings.xml")
    assert read_table(data, "teksten.xlsx", limits=TableLimits(max_cells=30_000)).rows == [["29999"]]


def test_a_sheet_over_max_unpacked_bytes_is_refused_before_it_is_opened(monkeypatch):
    data = inflated_xlsx(3 * MB)
    assert len(data) < 100_000
    monkeypatch.setattr(excel, "_load_workbook", never_opened)
    with pytest.raises(TableError) as caught:
        read_table(data, "opgeblazen.xlsx", limits=TableLimits(max_unpacked_bytes=2 * MB))
    assert str(caught.value) == texts.TABEL_ZIP_TE_GROOT.format(
        bestand="opgeblazen.xlsx", grootte="3,1", max="2", instelling="max_uitgepakt_mb",
        onderdeel="xl/worksheets/sheet1.xml", onderdeel_grootte="3,1")


def test_xlsx_zip_bomb_is_refused_by_the_lower_bound():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (5 * MB))
    data = buffer.getvalue()
    limits = TableLimits(max_bytes=100_000)  # 20 × 100 kB is far below max_unpacked_bytes
    assert len(data) < limits.max_bytes
    with pytest.raises(TableError) as caught:
        read_table(data, "bom.xlsx", limits=limits)
    assert "zip-bom" in str(caught.value)
    assert texts.TABEL_ZIP_INSTELLING_UPLOAD.format(factor=20) in str(caught.value)


@pytest.mark.parametrize("failing", ["_load_workbook", "_row_text"])
def test_a_memory_error_is_never_reported_as_an_unreadable_file(monkeypatch, failing):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(excel, failing, exhausted)
    with pytest.raises(MemoryError):
        read_table(xlsx_bytes({"Blad1": [["naam"], ["KSA"]]}), "p.xlsx")


# defusedxml -----------------------------------------------------------------------------------

def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("part", ["sharedStrings", "sheet"])
def test_an_entity_expansion_bomb_is_refused_in_dutch(part):
    data = entity_bomb_xlsx(part)
    with pytest.raises(TableError) as caught:
        read_table(data, "lol.xlsx")
    assert str(caught.value) == texts.TABEL_XML_ONVEILIG.format(bestand="lol.xlsx")


# Damaged files --------------------------------------------------------------------------------

_XLSX = xlsx_bytes({"Blad1": [["naam", "postcode", "lat"], ["A", 2800, 51.02], ["B", "2801", None]],
                    "Blad2": [["x"], [dt.date(2024, 1, 1)]]})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.integers(0, len(_XLSX) - 1), st.integers(0, 255)), max_size=20),
       cut=st.integers(100, len(_XLSX)))
def test_damaged_xlsx_only_ever_raises_table_error(edits, cut):
    damaged = bytearray(_XLSX[:cut])
    for position, value in edits:
        if position < len(damaged):
            damaged[position] = value
    try:
        table = read_table(bytes(damaged), "p.xlsx")
    except TableError:
        return
    assert_well_formed(table)
