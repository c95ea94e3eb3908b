"""A CSV's separator and records: sniffed from the rows, chosen by the user, quoted fields over lines."""

from __future__ import annotations

import pytest

from geo.uploads.delimited import check_delimiter, csv_records, sniff_delimiter
from geo.uploads.tables import TableError, read_table
from tests.geo.uploads.table_files import csv_bytes


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


def test_records_start_where_they_start_and_blank_lines_are_records():
    records = list(csv_records('naam;notities\r\n\r\nA;"lijn 1\r\nlijn 2"\r\nB;x\r\n', ";", "p.csv"))
    assert records == [(1, ["naam", "notities"]), (2, []), (3, ["A", "lijn 1\r\nlijn 2"]), (5, ["B", "x"])]


def test_chosen_separators_by_name_and_refused_ones():
    assert [check_delimiter(v) for v in ("tab", "\\t", "puntkomma", "komma", "pipe", ";")] == [
        "\t", "\t", ";", ",", "|", ";"]
    data = "naam;plaats\nZoniënwoud;Overijse\n".encode("cp1252")
    table = read_table(data, "p.csv", delimiter=",")
    assert table.columns == ["naam;plaats"] and table.delimiter == ","
    assert read_table(b"a\tb\n1\t2\n", "p.csv", delimiter="tab").rows == [["1", "2"]]
    for value in (";;", "a", '"', "\n"):
        with pytest.raises(TableError, match="scheidingsteken"):
            read_table(data, "p.csv", delimiter=value)
