"""A CSV's encoding: UTF-8, UTF-16, Windows-1252, the caller's choice, and files that mix UTF-8 and
Windows-1252 line by line (issue 15: "ZoniÃ«nwoud" must never be stored). Every file is made here."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import texts
from geo.uploads.tables import TableError, TableLimits, read_table
from geo.uploads.text_encoding import decode_text, describe_lines

UTF8_LINE = "Zoniënwoud;Overijse"
CP1252_LINE = "Zoniënwoud;Hoeilaart"


def mixed(lines: list[tuple[str, str]], terminator: str = "\r\n") -> bytes:
    """(text, encoding) per physical line, joined with ``terminator``."""
    return b"".join((text + terminator).encode(encoding) for text, encoding in lines)


# One encoding -----------------------------------------------------------------------------------

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
    assert table.row_problems == {} and table.encoding_lines == {}
    assert table.warnings == [texts.TABEL_CODERING_GERADEN.format(bestand="partners.csv", codering="Windows-1252")]


def test_utf8_with_bom_and_commas():
    data = "\ufeffnaam,plaats,soort\nŒuvre Saint-Rombaut,Malines,école\nKSA,Mechelen,jeugd\n".encode("utf-8")
    table = read_table(data, "lijst.CSV")
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ",")
    assert table.columns == ["naam", "plaats", "soort"]
    assert table.rows[0] == ["Œuvre Saint-Rombaut", "Malines", "école"]
    assert table.warnings == [] and table.encoding_lines == {}


def test_utf16_with_bom_as_excel_unicode_text():
    data = "naam\tplaats\nZoniënwoud\tOverijse\n".encode("utf-16")
    table = read_table(data, "export.txt")
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.rows == [["Zoniënwoud", "Overijse"]]


def test_overrides_for_encoding():
    data = "naam;plaats\nZoniënwoud;Overijse\n".encode("cp1252")
    assert read_table(data, "p.csv", encoding="latin-1").rows == [["Zoniënwoud", "Overijse"]]
    with pytest.raises(TableError) as caught:
        read_table(data, "p.csv", encoding="utf-8")
    assert str(caught.value) == texts.TABEL_CODERING_FOUT.format(bestand="p.csv", codering="utf-8")
    with pytest.raises(TableError, match="geen gekende tekencodering"):
        read_table(data, "p.csv", encoding="klingon")


# Mixed: each line that is UTF-8 as UTF-8, the others in the code page ------------------------------

def test_mixed_utf8_and_cp1252_lines_are_each_read_right_and_named():
    lines = [("naam;plaats", "ascii")] + [(UTF8_LINE, "utf-8")] * 14
    for number in (3, 7, 12, 13, 14, 15):
        lines[number - 1] = (CP1252_LINE, "cp1252")
    data = mixed(lines)

    table = read_table(data, "gemengd.csv")

    assert [row[0] for row in table.rows] == ["Zoniënwoud"] * 14
    assert [row[1] for row in table.rows].count("Hoeilaart") == 6
    assert table.encoding == "utf-8" and table.row_numbers == list(range(2, 16))
    assert table.encoding_lines == {"cp1252": [3, 7, 12, 13, 14, 15]}
    warning = texts.TABEL_CODERING_GEMENGD.format(bestand="gemengd.csv", lijnen="lijnen 3, 7 en 12–15 zijn",
                                                  codering="Windows-1252")
    assert warning == ("'gemengd.csv' mengt twee tekencoderingen: lijnen 3, 7 en 12–15 zijn gelezen als "
                       "Windows-1252, de andere als UTF-8. Kijk de namen op die lijnen na.")
    assert table.warnings == [warning]


def test_one_cp1252_line_in_a_utf8_file_with_bom():
    data = "\ufeffnaam;plaats\n".encode("utf-8") + mixed([(UTF8_LINE, "utf-8"), (CP1252_LINE, "cp1252")], "\n")
    table = read_table(data, "p.csv")
    assert table.encoding == "utf-8-sig"
    assert table.rows == [["Zoniënwoud", "Overijse"], ["Zoniënwoud", "Hoeilaart"]]
    assert table.warnings == [texts.TABEL_CODERING_GEMENGD.format(bestand="p.csv", lijnen="lijn 3 is",
                                                                  codering="Windows-1252")]


def test_a_bom_says_utf8_even_when_no_line_is_utf8_beyond_ascii():
    data = "\ufeffnaam\nKSA\n".encode("utf-8") + "Café\n".encode("cp1252")
    table = read_table(data, "p.csv")
    assert table.rows == [["KSA"], ["Café"]]
    assert table.encoding_lines == {"cp1252": [3]}


def test_ascii_lines_are_both_so_a_file_without_utf8_beyond_ascii_is_one_code_page():
    data = mixed([("naam;plaats", "ascii"), ("KSA;Mechelen", "ascii"), (CP1252_LINE, "cp1252"),
                  ("Chiro;Muizen", "ascii")])
    table = read_table(data, "p.csv")
    assert table.encoding == "cp1252" and table.encoding_lines == {}
    assert table.rows[1] == ["Zoniënwoud", "Hoeilaart"]
    assert table.warnings == [texts.TABEL_CODERING_GERADEN.format(bestand="p.csv", codering="Windows-1252")]


def test_a_utf8_line_with_one_foreign_byte_is_read_whole_in_the_code_page():
    # Per physical line: a line is UTF-8 only when all of it is.
    data = "naam\n".encode() + ("Zoniënwoud\n" * 20).encode("utf-8") + "Zoniënwoud ".encode("utf-8") + b"caf\xe9\n"
    table = read_table(data, "p.csv")
    assert table.encoding == "utf-8"
    assert table.rows[0] == ["Zoniënwoud"] and table.rows[-1] == ["ZoniÃ«nwoud café"]
    assert table.encoding_lines == {"cp1252": [22]}


def test_a_quoted_record_spanning_lines_is_decided_per_physical_line():
    data = mixed([("naam;notities", "ascii"), ('Chiro;"Zoniënwoud', "utf-8"), ('Zoniënwoud"', "cp1252"),
                  ("KSA;Café", "utf-8")])
    table = read_table(data, "p.csv")
    assert table.rows == [["Chiro", "Zoniënwoud\r\nZoniënwoud"], ["KSA", "Café"]]
    assert table.row_numbers == [2, 4]
    assert table.encoding_lines == {"cp1252": [3]}


@pytest.mark.parametrize("terminator", ["\r\n", "\n", "\r"])
def test_line_numbers_count_every_kind_of_line_break_once(terminator):
    lines = [("naam", "ascii"), ("Zoniënwoud", "utf-8"), ("", "ascii"), ("Café", "cp1252"), ("KSA", "ascii"),
             ("Hélène", "cp1252"), ("Ökonomie", "utf-8"), ("Noël", "cp1252")]
    table = read_table(mixed(lines, terminator), "p.csv")
    assert table.encoding_lines == {"cp1252": [4, 6, 8]}
    assert [row[0] for row in table.rows] == ["Zoniënwoud", "", "Café", "KSA", "Hélène", "Ökonomie", "Noël"]
    assert table.row_numbers == [2, 3, 4, 5, 6, 7, 8]


def test_more_code_page_lines_than_rows_allowed_are_refused():
    lines = [("naam", "ascii"), (UTF8_LINE, "utf-8")]
    lines += [(CP1252_LINE, "cp1252"), ("KSA;Mechelen", "ascii")] * 6  # lines 3, 5, ..., 13
    assert decode_text(mixed(lines), "p.csv", max_lines=6).lines == {"cp1252": [3, 5, 7, 9, 11, 13]}
    with pytest.raises(TableError) as caught:
        read_table(mixed(lines), "p.csv", limits=TableLimits(max_rows=5))
    assert str(caught.value) == texts.TABEL_TE_VEEL_LIJNEN_GEMENGD.format(bestand="p.csv", max="5",
                                                                          codering="Windows-1252")


@pytest.mark.parametrize(("numbers", "total", "words"), [
    ([4], None, "lijn 4 is"),
    ([4, 5], None, "lijnen 4–5 zijn"),
    ([3, 7, 12, 13, 14, 15], None, "lijnen 3, 7 en 12–15 zijn"),
    ([1, 2, 3], 10, "lijnen 1–3 en nog 7 andere zijn"),
    (list(range(1, 40, 2)), None, "lijnen 1, 3, 5, 7, 9, 11, 13, 15, 17, 19 en nog 10 andere zijn"),
])
def test_line_lists_are_compact_dutch(numbers, total, words):
    assert describe_lines(numbers, total) == words


_NON_ASCII = st.sampled_from("ëéèçàâêîôûïüœ€’“”ÀÉÈÖß")
_LINE_TEXT = st.text(st.one_of(st.sampled_from("abcxyz ;,.-'0123456789"), _NON_ASCII), max_size=15)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_LINE_TEXT, st.sampled_from(["utf-8", "cp1252"])), min_size=1, max_size=30),
       st.sampled_from(["\r\n", "\n", "\r"]))
def test_random_mixes_decode_every_line_as_written(lines, terminator):
    data = mixed(lines, terminator)
    foreign = []
    for number, (text, encoding) in enumerate(lines, start=1):
        if encoding == "cp1252" and not text.isascii():
            try:
                text.encode("cp1252").decode("utf-8")
            except UnicodeDecodeError:
                foreign.append(number)
            else:  # by chance valid UTF-8 as well: then it is read as UTF-8, as the rule says
                return
    decoded = decode_text(data, "p.csv")
    if foreign and any(not t.isascii() for (t, e) in lines if e == "utf-8"):
        [codepage] = decoded.lines  # the detected one (Windows-1252 unless a tiny sample says otherwise)
        assert decoded.lines[codepage] == foreign
        assert decoded.text.split(terminator)[:-1] == [
            text.encode(encoding).decode("utf-8" if encoding == "utf-8" else codepage, errors="replace")
            for text, encoding in lines]
    elif foreign:  # no line is UTF-8 beyond ASCII: one code page for the whole file
        assert decoded.lines == {} and decoded.encoding != "utf-8"
    else:
        assert decoded.encoding == "utf-8" and decoded.text == data.decode("utf-8")
