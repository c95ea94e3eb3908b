"""Table files made by the tests themselves: CSV bytes and workbooks from openpyxl; the hand-written
workbooks whose XML is exactly the shape a hostile file has (shared strings, DTDs) come from
:mod:`bench.hostile_files`, which the benchmark reads too."""

from __future__ import annotations

import csv
import io

import openpyxl

from geo.uploads.tables import Table

def csv_bytes(rows, delimiter=";", encoding="utf-8", **options) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", **options).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A workbook saved by openpyxl, one sheet per entry."""
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
