"""Reading partner tables: CSV in every Belgian flavour, Excel, limits and hostile bytes.

Every fixture file is generated here, in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import time
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo import texts
from geo.tabular import MB, Table, TableError, TableLimits, read_table, sniff_delimiter


def csv_bytes(rows, delimiter=";", encoding="utf-8", **options) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", **options).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def assert_well_formed(table: Table) -> None:
    assert all(len(row) == len(table.columns) for row in table.rows)
    assert len(table.row_numbers) == len(table.rows)
    assert all(a < b for a, b in zip(table.row_numbers, table.row_numbers[1:]))
    assert set(table.row_problems) <= set(range(len(table.rows)))
    assert len({c.casefold() for c in table.columns}) == len(table.columns)


# CSV flavours ---------------------------------------------------------------------------------

def test_cp1252_with_semicolons_and_decimal_commas():
    data = ("naam;plaats;lat;lon\r\n"
            "Zoniënwoud vzw;Overijse;50,7667;4,4333\r\n"
            "Café ’t Hoekske;Mechelen;51,0259;4,4776\r\n").encode("cp1252")
    table = read_table(data, "partners.csv")
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.columns == ["naam", "plaats", "lat", "lon"]
    assert table.rows == [["Zoniënwoud vzw", "Overijse", "50,7667", "4,4333"],
                          ["Café ’t Hoekske", "Mechelen", "51,0259", "4,4776"]]
    assert table.row_numbers == [2, 3]
    assert table.row_problems == {}
    assert texts.TABEL_CODERING_GERADEN.format(bestand="partners.csv", codering="Windows-1252") in table.warnings


def test_utf8_with_bom_and_commas():
    data = "\ufeffnaam,plaats,soort\nŒuvre Saint-Rombaut,Malines,école\nKSA,Mechelen,jeugd\n".encode("utf-8")
    table = read_table(data, "lijst.CSV")
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ",")
    assert table.columns == ["naam", "plaats", "soort"]
    assert table.rows[0] == ["Œuvre Saint-Rombaut", "Malines", "école"]
    assert table.warnings == []


def test_utf16_with_bom_as_excel_unicode_text():
    data = "naam\tplaats\nZoniënwoud\tOverijse\n".encode("utf-16")
    table = read_table(data, "export.txt")
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.rows == [["Zoniënwoud", "Overijse"]]


@pytest.mark.parametrize("delimiter", ["\t", "|", ";", ","])
def test_separators_are_sniffed(delimiter):
    rows = [["naam", "straat", "nr", "lat"], ["Chiro Ter Elst", "Kerkstraat", "12", "51,02"],
            ["Natuurpunt", "Veemarkt", "3 bus 2", "51.03"], ["KSA", "", "", ""]]
    table = read_table(csv_bytes(rows, delimiter), "p.txt")
    assert table.delimiter == delimiter
    assert [table.columns, *table.rows] == rows


def test_decimal_commas_do_not_fool_the_sniffer():
    sample = "naam;lat;lon\n" + "".join(f"P{i};51,{i:04d};4,{i:04d}\n" for i in range(30))
    assert sniff_delimiter(sample) == ";"
    assert sniff_delimiter("naam,opmerking\nKSA,\"a; b; c\"\nChiro,x\n") == ","


def test_quoted_fields_with_separators_and_newlines():
    rows = [["naam", "notities", "plaats"],
            ["Chiro; Sint-Jan", "lijn 1\nlijn 2", "Mechelen"],
            ['Zeg "hallo"', "a;b;c", "Muizen"],
            ["KSA", "", "Walem"]]
    table = read_table(csv_bytes(rows), "p.csv")
    assert table.delimiter == ";"
    assert table.rows == rows[1:]
    assert table.row_numbers == [2, 4, 5]  # the second record spans lines 2 and 3


def test_leading_apostrophes_are_excel_text_markers_but_not_dutch_articles():
    rows = [["naam", "telefoon", "postcode", "formule"],
            ["'t Stad", "'0478 12 34 56", "'2800", "'=1+1"],
            ["'s-Gravenwezel", "'+32 15 12 34 56", "2800", "'"]]
    table = read_table(csv_bytes(rows), "p.csv")
    assert table.rows == [["'t Stad", "0478 12 34 56", "2800", "=1+1"],
                          ["'s-Gravenwezel", "+32 15 12 34 56", "2800", "'"]]


def test_hostile_values_stay_text():
    hostile = ["<script>alert('x')</script>", '=HYPERLINK("http://evil","klik")', "+cmd|' /C calc'!A0",
               "@SUM(1+1)", "-2+3", "<img src=x onerror=alert(1)>"]
    rows = [["naam", "notities"], *[[value, value] for value in hostile]]
    table = read_table(csv_bytes(rows), "p.csv")
    assert table.rows == [[value, value] for value in hostile]  # escaping is for display and export


def test_cells_are_stripped_and_blank_names_kept():
    data = b"naam ; plaats\n  Chiro  ; Mechelen \n;Muizen\n"
    table = read_table(data, "p.csv")
    assert table.columns == ["naam", "plaats"]
    assert table.rows == [["Chiro", "Mechelen"], ["", "Muizen"]]  # a blank name is for validation to refuse
    assert table.row_problems == {}


def test_short_rows_are_padded_and_long_rows_flagged():
    data = b"naam;plaats;lat\nA;Mechelen\nB;Muizen;51;;;\nC;Walem;51;extra;meer\n"
    table = read_table(data, "p.csv")
    assert table.rows == [["A", "Mechelen", ""], ["B", "Muizen", "51"], ["C", "Walem", "51"]]
    assert table.row_problems == {2: texts.RIJ_TE_VEEL_CELLEN.format(aantal=5, kolommen=3)
                                  + texts.RIJ_TE_VEEL_CELLEN_CSV.format(scheidingsteken=";")}


def test_empty_rows_between_data_are_reported_trailing_ones_dropped():
    data = b"\n\nnaam,plaats\nA,Mechelen\n\n , \nB,Muizen\n\n,\n  \n"
    table = read_table(data, "p.csv")
    assert table.columns == ["naam", "plaats"]
    assert table.rows == [["A", "Mechelen"], ["", ""], ["", ""], ["B", "Muizen"]]
    assert table.row_numbers == [4, 5, 6, 7]
    assert table.row_problems == {1: texts.RIJ_LEEG, 2: texts.RIJ_LEEG}


def test_blank_and_repeated_headers_get_unique_names():
    data = b"naam;;Naam;naam;kolom_2;;\nA;x;B;C;D;;\n"
    table = read_table(data, "p.csv")
    assert table.columns == ["naam", "kolom_2_2", "Naam_2", "naam_3", "kolom_2"]  # empty unnamed tail dropped
    assert table.rows == [["A", "x", "B", "C", "D"]]
    assert any("Naam_2" in w for w in table.warnings)
    assert texts.TABEL_KOPPEN_LEEG.format(namen="kolom_2_2") in table.warnings


def test_unnamed_column_with_data_is_kept():
    table = read_table(b"naam;\nA;note\n", "p.csv")
    assert table.columns == ["naam", "kolom_2"]
    assert table.rows == [["A", "note"]]


def test_header_only_warns():
    table = read_table(b"naam;plaats\n", "p.csv")
    assert table.rows == [] and table.columns == ["naam", "plaats"]
    assert texts.TABEL_GEEN_RIJEN.format(bestand="p.csv") in table.warnings


def test_long_cell_flags_the_row_and_keeps_memory_bounded():
    rows = [["naam", "notities"], ["A", "x" * 5000], ["B", "kort"]]
    table = read_table(csv_bytes(rows), "p.csv")
    assert len(table.rows) == 2
    assert len(table.rows[0][1]) == 2001
    assert table.row_problems == {0: texts.RIJ_CEL_TE_LANG.format(kolom="notities", max="2.000")}
    assert table.rows[1] == ["B", "kort"]


def test_overrides_for_encoding_and_separator():
    data = "naam;plaats\nZoniënwoud;Overijse\n".encode("cp1252")
    assert read_table(data, "p.csv", encoding="latin-1").rows == [["Zoniënwoud", "Overijse"]]
    with pytest.raises(TableError) as caught:
        read_table(data, "p.csv", encoding="utf-8")
    assert str(caught.value) == texts.TABEL_CODERING_FOUT.format(bestand="p.csv", codering="utf-8")
    with pytest.raises(TableError, match="geen gekende tekencodering"):
        read_table(data, "p.csv", encoding="klingon")
    table = read_table(data, "p.csv", delimiter=",")
    assert table.columns == ["naam;plaats"] and table.delimiter == ","
    assert read_table(b"a\tb\n1\t2\n", "p.csv", delimiter="tab").rows == [["1", "2"]]
    with pytest.raises(TableError, match="scheidingsteken"):
        read_table(data, "p.csv", delimiter=";;")


def test_mostly_utf8_with_a_broken_byte_stays_utf8():
    data = ("naam\n" + "Zoniënwoud\n" * 20).encode("utf-8") + b"caf\xe9\n"
    table = read_table(data, "p.csv")
    assert table.encoding == "utf-8"
    assert table.rows[0] == ["Zoniënwoud"] and table.rows[-1] == ["caf\ufffd"]
    assert texts.TABEL_TEKENS_VERVANGEN.format(bestand="p.csv") in table.warnings


# Excel ----------------------------------------------------------------------------------------

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


def test_xlsx_saved_as_csv_is_read_as_excel():
    data = xlsx_bytes({"Blad1": [["naam", "postcode"], ["A", 2800]]})
    table = read_table(data, "partners.csv")
    assert table.rows == [["A", "2800"]]
    assert table.warnings[0] == texts.TABEL_EIGENLIJK_EXCEL.format(bestand="partners.csv")


def test_xlsx_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (5 * MB))
    data = buffer.getvalue()
    limits = TableLimits(max_bytes=100_000)
    assert len(data) < limits.max_bytes
    with pytest.raises(TableError) as caught:
        read_table(data, "bom.xlsx", limits=limits)
    assert "zip-bom" in str(caught.value)


# Refusals and limits --------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"", "p.csv", texts.TABEL_LEEG.format(bestand="p.csv")),
    (b" \r\n\t\n", "p.csv", texts.TABEL_LEEG.format(bestand="p.csv")),
    (b"naam\nA\n", "p.ods", texts.TABEL_TYPE_ONBEKEND.format(extensie=".ods")),
    (b"naam\nA\n", "partners", texts.TABEL_TYPE_ONBEKEND.format(extensie="partners")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "p.xls", texts.TABEL_XLS_OUD.format(bestand="p.xls")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "p.xlsx", texts.TABEL_XLS_OUD.format(bestand="p.xlsx")),
    (b"PK\x03\x04 not really a zip", "p.xlsx",
     texts.TABEL_ONLEESBAAR.format(bestand="p.xlsx", formaat="Excel (.xlsx)")),
    (b"naam;plaats\nA;B\n", "p.xlsx", texts.TABEL_ONLEESBAAR.format(bestand="p.xlsx", formaat="Excel (.xlsx)")),
    (bytes(range(256)) * 8, "p.csv", texts.TABEL_BINAIR.format(bestand="p.csv")),
])
def test_unusable_files_are_refused_in_dutch(data, filename, message):
    with pytest.raises(TableError) as caught:
        read_table(data, filename)
    assert str(caught.value) == message


def test_only_separators_means_no_header():
    with pytest.raises(TableError) as caught:
        read_table(b";;;\n ; ;\n\n", "p.csv", delimiter=";")
    assert str(caught.value) == texts.TABEL_GEEN_KOP.format(bestand="p.csv")


def test_path_in_filename_is_not_echoed():
    with pytest.raises(TableError) as caught:
        read_table(b"", "C:\\Users\\jan\\geheim\\p.csv")
    assert str(caught.value) == texts.TABEL_LEEG.format(bestand="p.csv")


def test_too_many_columns():
    data = (";".join(f"k{i}" for i in range(201)) + "\n" + ";" * 200 + "\n").encode()
    with pytest.raises(TableError) as caught:
        read_table(data, "p.csv")
    assert str(caught.value) == texts.TABEL_TE_VEEL_KOLOMMEN.format(bestand="p.csv", aantal=201, max=200)
    assert len(read_table(data.replace(b"k200", b""), "p.csv").columns) == 200  # empty header tail forgiven


def test_too_many_rows():
    data = b"naam\n" + b"x\n" * 200_001
    with pytest.raises(TableError) as caught:
        read_table(data, "p.csv")
    assert str(caught.value) == texts.TABEL_TE_VEEL_RIJEN.format(bestand="p.csv", max="200.000")


def test_row_limit_counts_rows_not_trailing_blank_lines():
    limits = TableLimits(max_rows=3)
    assert len(read_table(b"naam\na\n\nb\n\n\n\n\n", "p.csv", limits=limits)) == 3
    with pytest.raises(TableError):
        read_table(b"naam\na\n\n\n\n\nb\n", "p.csv", limits=limits)


def test_too_big():
    with pytest.raises(TableError) as caught:
        read_table(b"naam\n" + b"x" * (20 * MB), "p.csv")
    assert str(caught.value) == texts.TABEL_TE_GROOT.format(bestand="p.csv", grootte="20,1", max="20")
    with pytest.raises(TableError, match="te groot"):
        read_table(b"naam\nabc\n", "p.csv", limits=TableLimits(max_bytes=5))


def test_unclosed_quote_swallowing_the_file_is_reported():
    data = b'naam;notities\nA;"begint maar eindigt niet\n' + b"B;x\n" * 1000
    table = read_table(data, "p.csv")
    assert len(table.rows) == 1 and table.row_problems[0].startswith("De cel in kolom 'notities'")
    with pytest.raises(TableError, match="aanhalingsteken"):
        read_table(b'naam;notities\nA;"' + b"x" * 200_000 + b"\n", "p.csv", limits=TableLimits(max_cell_chars=10))


# Speed ----------------------------------------------------------------------------------------

def test_hundred_thousand_rows_read_fast():
    rows = [["naam", "straat", "nr", "postcode", "plaats", "lat", "lon", "soort", "status", "email"]]
    rows += [[f"Chiro {i}", "'t Zand", str(i), "2800", "Mechelen", f"51,{i % 9000 + 1000}", "4,47", "jeugd",
              "gemaild", "x@y.be"] for i in range(100_000)]
    data = csv_bytes(rows)
    del rows
    started = time.process_time()
    table = read_table(data, "groot.csv")
    elapsed = time.process_time() - started
    assert len(table) == 100_000 and table.row_numbers[-1] == 100_001
    assert elapsed < 2.0, f"read_table took {elapsed:.2f} s of CPU for 100,000 rows"


# Properties -----------------------------------------------------------------------------------

FILENAMES = st.sampled_from(["p.csv", "p.txt", "p.xlsx", "p.xlsm", "p.xls", "p", "p.CSV"])


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=3000), filename=FILENAMES)
def test_random_bytes_only_ever_raise_table_error(data, filename):
    try:
        table = read_table(data, filename)
    except TableError:
        return
    assert_well_formed(table)


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


_SPECIAL = st.sampled_from([";", ",", "\t", "|", '"', "'", "\n", "\r", " ", "é", "€", "\u2028", "0", "="])
_CELL = st.text(st.one_of(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffd"), _SPECIAL),
                max_size=12)
_NAME = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1, max_size=8)


@st.composite
def csv_files(draw):
    header = draw(st.lists(_NAME, min_size=1, max_size=6))
    width = len(header)
    rows = draw(st.lists(st.lists(_CELL, min_size=0, max_size=width + 2), max_size=25))
    if rows:
        rows[-1] = rows[-1] + [draw(_NAME)]  # the last row is never blank (trailing blanks are dropped)
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    terminator = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    # Python's writer quotes a field with a line break only if the break is part of its
    # line terminator: with a bare "\n" or "\r" terminator only QUOTE_ALL writes valid CSV.
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])) if terminator == "\r\n" else csv.QUOTE_ALL
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    if encoding == "cp1252":  # keep what cp1252 can hold
        header = [c.encode("cp1252", "replace").decode("cp1252") for c in header]
        rows = [[c.encode("cp1252", "replace").decode("cp1252") for c in row] for row in rows]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=terminator).writerows([header, *rows])
    return buffer.getvalue().encode(encoding), header, rows, delimiter, encoding


def _expected(cell: str) -> str:
    cell = cell.strip()
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "0123456789+-=@(.,":
        return cell[1:]
    return cell


@settings(max_examples=100, deadline=None)
@given(csv_files())
def test_random_csv_every_row_accounted_for_exactly_once(file):
    data, header, rows, delimiter, encoding = file
    table = read_table(data, "p.csv", delimiter=delimiter)
    assert len(table.rows) == len(rows)
    assert all(a < b for a, b in zip(table.row_numbers, table.row_numbers[1:]))
    assert_well_formed(table)
    assert len(table.columns) == len(header)
    if encoding != "cp1252":  # a cp1252 file may also be valid UTF-8 and read as such
        width = len(header)
        for written, read in zip(rows, table.rows):
            padded = [_expected(c) for c in written[:width]] + [""] * (width - len(written))
            assert read == padded
        for index, written in enumerate(rows):
            blank = not any(c.strip() for c in written)
            extra = any(c.strip() for c in written[width:])
            assert (index in table.row_problems) == (blank or extra)


@settings(max_examples=50, deadline=None)
@given(csv_files())
def test_random_csv_with_sniffed_separator_never_crashes(file):
    data = file[0]
    table = read_table(data, "p.csv")
    assert_well_formed(table)


def test_random_seeded_garbage_with_text_extensions():
    generator = random.Random(20260101)
    for _ in range(50):
        data = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 5000)))
        for name in ("x.csv", "x.xlsx"):
            try:
                assert_well_formed(read_table(data, name))
            except TableError:
                pass
