"""Reading partner tables: rows accounted for, headers, refusals, the limits counted while reading
(rows, columns, filled cells, characters) and random files. Every file is generated here."""

from __future__ import annotations

import csv
import io
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import texts
from geo.uploads.tables import MB, TableError, TableLimits, read_table
from tests.geo.uploads.table_files import assert_well_formed, csv_bytes, xlsx_bytes

# Rows and headers -----------------------------------------------------------------------------


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


def test_equal_long_cells_share_one_shortened_copy():
    long_text = "x" * 5000
    table = read_table(csv_bytes([["naam", "notities"]] + [[f"P{i}", long_text] for i in range(50)]), "p.csv")
    shortened = {id(row[1]) for row in table.rows}
    assert len(shortened) == 1 and len(table.rows[0][1]) == 2001
    assert len(table.row_problems) == 50


# Refusals -------------------------------------------------------------------------------------

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


def test_unclosed_quote_swallowing_the_file_is_reported():
    data = b'naam;notities\nA;"begint maar eindigt niet\n' + b"B;x\n" * 1000
    table = read_table(data, "p.csv")
    assert len(table.rows) == 1 and table.row_problems[0].startswith("De cel in kolom 'notities'")
    with pytest.raises(TableError, match="aanhalingsteken"):
        read_table(b'naam;notities\nA;"' + b"x" * 200_000 + b"\n", "p.csv", limits=TableLimits(max_cell_chars=10))


# Limits ---------------------------------------------------------------------------------------

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


def test_csv_over_max_cells_is_refused_at_the_line_that_passes_it():
    data = b"naam;plaats\n" + b"KSA;Mechelen\n;\n" * 100  # 2 filled cells per line, blank lines count none
    limits = TableLimits(max_cells=50)
    with pytest.raises(TableError) as caught:
        read_table(data, "cellen.csv", limits=limits)
    # The header and 24 rows hold 50 cells; the 25th row (line 50, after 24 blank lines) passes the limit.
    assert str(caught.value) == texts.TABEL_TE_VEEL_CELLEN.format(bestand="cellen.csv", max="50", plaats="lijn 50")
    assert "max_cellen" in str(caught.value)
    assert len(read_table(data, "cellen.csv", limits=TableLimits(max_cells=202)).rows) == 199  # blanks between


def test_csv_over_max_chars_is_refused_at_the_line_that_passes_it():
    data = b"naam;notities\n" + b"Chiro;" + b"x" * 995 + b"\n" + (b"KSA;" + b"y" * 997 + b" \n") * 20
    limits = TableLimits(max_chars=10_000)
    with pytest.raises(TableError) as caught:
        read_table(data, "tekens.csv", limits=limits)
    # The header holds 12 characters, every row 1,000 (after stripping): line 11 brings 10,012.
    assert str(caught.value) == texts.TABEL_TE_VEEL_TEKENS.format(bestand="tekens.csv", max="10.000",
                                                                  plaats="lijn 11")
    assert "max_tekens" in str(caught.value)
    assert len(read_table(data, "tekens.csv", limits=TableLimits(max_chars=21_012)).rows) == 21


def test_a_memory_error_is_never_reported_as_an_unreadable_file(monkeypatch):
    import geo.uploads.tables as tables

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(tables, "decode_text", exhausted)
    with pytest.raises(MemoryError):
        read_table(b"naam\nKSA\n", "p.csv")


# Speed ----------------------------------------------------------------------------------------

def test_hundred_thousand_rows_are_all_read_with_their_line_numbers():
    rows = [["naam", "straat", "nr", "postcode", "plaats", "lat", "lon", "soort", "status", "email"]]
    rows += [[f"Chiro {i}", "'t Zand", str(i), "2800", "Mechelen", f"51,{i % 9000 + 1000}", "4,47", "jeugd",
              "gemaild", "x@y.be"] for i in range(100_000)]
    data = csv_bytes(rows)
    del rows
    table = read_table(data, "groot.csv")
    assert len(table) == 100_000 and table.row_numbers[-1] == 100_001
    assert table.rows[-1][0] == "Chiro 99999"


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


def test_an_excel_file_named_csv_is_read_as_excel():
    data = xlsx_bytes({"Blad1": [["naam", "postcode"], ["A", 2800]]})
    table = read_table(data, "partners.csv")
    assert table.rows == [["A", "2800"]]
    assert table.warnings[0] == texts.TABEL_EIGENLIJK_EXCEL.format(bestand="partners.csv")

