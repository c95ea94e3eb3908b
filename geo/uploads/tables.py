"""Read an uploaded table (CSV or Excel) into rows of text, within limits counted while it is read.

Every cell comes back as a stripped string and every input row is accounted for: a
data row is kept (padded or cut to the header's width) or the file is refused with a
:class:`TableError` whose message is Dutch and meant for the user. Rows that need the
user's attention (empty, too many cells, an over-long cell) are listed in
``Table.row_problems`` with the row's position in the source, so the import report can
say "lijn 14: ...". Nothing is interpreted here: formulas and markup stay text (escaping
is for display and export), columns are mapped by :mod:`geo.columns`.

The bytes are decoded by :mod:`geo.uploads.text_encoding` (line by line when a file
mixes UTF-8 and Windows-1252), split by :mod:`geo.uploads.delimited` or streamed from a
workbook by :mod:`geo.uploads.excel`; the limits are :class:`TableLimits`.

>>> table = read_table("naam;postcode\\nChiro Ter Elst;'2800\\n".encode("cp1252"), "partners.csv")
>>> table.columns, table.rows, table.delimiter
(['naam', 'postcode'], [['Chiro Ter Elst', '2800']], ';')
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import methodcaller
from pathlib import PurePosixPath
from typing import Iterable, Iterator

from geo import texts
from geo.uploads import excel
from geo.uploads.delimited import (SAMPLE_CHARS, check_delimiter, check_is_text, csv_records, delimiter_label,
                                   sniff_delimiter)
from geo.uploads.table_limits import MB, TableError, TableLimits, megabytes, thousands
from geo.uploads.text_encoding import decode_text

__all__ = ["CSV_EXTENSIONS", "EXCEL_EXTENSIONS", "MB", "Table", "TableError", "TableLimits", "collector_paused",
           "collector_running", "read_table", "sniff_delimiter"]

CSV_EXTENSIONS = (".csv", ".txt")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls
_MAX_HEADER_CHARS = 200
_MARKER_FOLLOWERS = frozenset("0123456789+-=@(.,")
_MARKED = methodcaller("startswith", "'")
_SHORTENED_KEPT = 10_000  # distinct over-long cells whose shortened copy is reused for equal cells


@dataclass
class Table:
    """A table as text: a unique header and data rows exactly as wide as the header.

    ``row_numbers[i]`` is the 1-based line (CSV, where the record starts) or row (Excel)
    of ``rows[i]`` in the source. ``row_problems`` maps a row index to a Dutch sentence
    for rows that cannot be imported as they are (the row is kept so it can be reported).
    ``encoding_lines``: for a CSV that mixes encodings, the code page and the physical
    lines read with it (every other line was UTF-8); empty otherwise. A warning names them.
    """

    columns: list[str]
    rows: list[list[str]] = field(repr=False)
    row_numbers: list[int] = field(repr=False)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    row_problems: dict[int, str] = field(default_factory=dict, repr=False)
    encoding_lines: dict[str, list[int]] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.rows)


def read_table(data: bytes, filename: str, *, encoding: str | None = None, delimiter: str | None = None,
               sheet: str | None = None, limits: TableLimits = TableLimits()) -> Table:
    """Read a ``.csv``/``.txt`` or ``.xlsx`` upload; raise :class:`TableError` if it cannot be used.

    CSV: the encoding (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252 or
    another 8-bit code page found by charset-normalizer, per line when UTF-8 and a code
    page are mixed) and the separator (``;``, ``,``, tab or ``|``) are detected unless
    given. Excel: the first sheet unless ``sheet`` is given; numbers come back without a
    spurious ``.0``, dates as ISO text.

    The header is the first non-empty row. Blank headers become ``kolom_N`` and repeated
    ones get a suffix (``naam_2``). Trailing empty rows are dropped; an empty row between
    data rows is kept with the problem "lege rij", so every input row is accounted for.
    Rows, filled cells and characters are counted as the rows arrive; the file is refused
    at the row where a limit is passed. A ``MemoryError`` propagates as it is.

    >>> read_table(b"naam,plaats\\nKSA,Mechelen\\n\\nChiro,Muizen\\n", "p.csv").row_problems
    {1: 'Lege rij.'}
    """
    filename = PurePosixPath(str(filename).replace("\\", "/")).name
    data = bytes(data)
    kind, notes = _kind_of(data, filename)
    if not data.strip():
        raise TableError(texts.TABEL_LEEG.format(bestand=filename))
    if len(data) > limits.max_bytes:
        raise TableError(texts.TABEL_TE_GROOT.format(
            bestand=filename, grootte=megabytes(len(data)), max=megabytes(limits.max_bytes)))
    with collector_paused():
        if kind == "xlsx":
            table = _read_xlsx(data, filename, sheet, limits)
        else:
            table = _read_csv(data, filename, encoding, delimiter, limits)
    table.warnings[:0] = notes
    return table


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one bulk step (and restore it after).

    Reading a table or planning an import makes millions of objects that stay alive until
    the step is done and nothing cyclic; in a large process (Streamlit) the collector would
    walk them all again and again without freeing any (a third of an import's time).
    Reference counting still frees everything else at once. Never held while waiting
    (the geocoder).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def collector_running() -> Iterator[None]:
    """Let the collector run again, inside :func:`collector_paused`, while a step waits (the geocoder)."""
    paused = not gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if paused:
            gc.disable()


# The two readers ------------------------------------------------------------------------------

def _read_csv(data: bytes, filename: str, encoding: str | None, delimiter: str | None,
              limits: TableLimits) -> Table:
    decoded = decode_text(data, filename, encoding, max_lines=limits.max_rows)
    text = decoded.text
    if not text.strip():
        raise TableError(texts.TABEL_LEEG.format(bestand=filename))
    check_is_text(text, filename)
    delimiter = check_delimiter(delimiter) if delimiter is not None else sniff_delimiter(text[:SAMPLE_CHARS])
    records = csv_records(text, delimiter, filename)
    # Without quotes no cell spans lines, so no cell is longer than the longest line: when that one
    # is short, no row needs its cells measured.
    short = '"' not in text and max(map(len, text.split("\n"))) <= limits.max_cell_chars
    table = _build(records, filename, limits, hint=texts.RIJ_TE_VEEL_CELLEN_CSV.format(
        scheidingsteken=delimiter_label(delimiter)), marks="'" in text, place=texts.TABEL_PLAATS_LIJN,
        short_cells=short)
    table.encoding, table.delimiter, table.encoding_lines = decoded.encoding, delimiter, decoded.lines
    table.warnings[:0] = decoded.warnings
    return table


def _read_xlsx(data: bytes, filename: str, sheet: str | None, limits: TableLimits) -> Table:
    with excel.open_sheet(data, filename, sheet, limits) as found:
        table = _build(found.records, filename, limits, hint="", marks=True, place=texts.TABEL_PLAATS_RIJ)
    table.sheet, table.sheets = found.name, found.names
    if sheet is None and len(found.names) > 1:
        table.warnings.insert(0, texts.TABEL_ANDERE_WERKBLADEN.format(
            werkblad=found.name, andere=", ".join(found.names[1:])))
    return table


# Rows -----------------------------------------------------------------------------------------

def _build(records: Iterable[tuple[int, list[str]]], filename: str, limits: TableLimits, *, hint: str,
           marks: bool, place: str, short_cells: bool = False) -> Table:
    """Header, padded rows, row numbers and problems from raw records (the heart of both readers).

    Filled cells and characters are counted per record, before the record is kept; the
    first record that passes ``limits.max_cells`` or ``limits.max_chars`` refuses the file
    (``place`` names it: "lijn 12", "rij 12"). An over-long cell is kept shortened; equal
    over-long cells (one shared string in many Excel cells) share one shortened copy.
    ``short_cells``: the caller knows that no cell exceeds ``limits.max_cell_chars``.
    """
    columns: list[str] | None = None
    header_notes: list[str] = []
    blank_headers: set[int] = set()
    width = 0
    rows: list[list[str]] = []
    numbers: list[int] = []
    problems: dict[int, str] = {}
    pending: list[int] = []  # blank rows not yet known to lie between data rows
    overflow = False
    cell_limit = limits.max_cell_chars
    cells_left, chars_left = limits.max_cells, limits.max_chars
    shortened: dict[str, str] = {}
    for number, raw in records:
        cells = list(map(str.strip, raw))
        filled = len(cells) - cells.count("")
        chars = sum(map(len, cells))
        cells_left -= filled
        chars_left -= chars
        if cells_left < 0 or chars_left < 0:
            _refuse_size(filename, limits, place.format(nummer=number), cells_left < 0)
        if columns is None:
            if filled:
                columns, blank_headers, header_notes = _header(cells, filename, limits)
                width = len(columns)
            continue
        if not filled:
            if len(rows) + len(pending) < limits.max_rows:
                pending.append(number)
            else:
                overflow = True
            continue
        if pending:
            for blank in pending:
                problems[len(rows)] = texts.RIJ_LEEG
                rows.append([""] * width)
                numbers.append(blank)
            pending = []
        if overflow or len(rows) >= limits.max_rows:
            raise TableError(texts.TABEL_TE_VEEL_RIJEN.format(bestand=filename, max=thousands(limits.max_rows)))
        notes = []
        count = len(cells)
        if count < width:
            cells.extend([""] * (width - count))
        elif count > width:
            if any(cells[width:]):
                extra = width + sum(1 for c in cells[width:] if c)
                notes.append(texts.RIJ_TE_VEEL_CELLEN.format(aantal=extra, kolommen=width) + hint)
            del cells[width:]
        if not short_cells and chars > cell_limit and max(map(len, cells)) > cell_limit:
            for index, cell in enumerate(cells):
                if len(cell) > cell_limit:
                    cells[index] = _shortened(cell, cell_limit, shortened)
                    notes.append(texts.RIJ_CEL_TE_LANG.format(kolom=columns[index], max=thousands(cell_limit)))
        if marks and any(map(_MARKED, cells)):
            cells = [_strip_marker(c) if c[:1] == "'" else c for c in cells]
        if notes:
            problems[len(rows)] = " ".join(notes)
        rows.append(cells)
        numbers.append(number)
    if columns is None:
        raise TableError(texts.TABEL_GEEN_KOP.format(bestand=filename))
    columns = _drop_empty_unnamed_tail(columns, blank_headers, rows)
    notes = list(header_notes)
    named = sorted(i for i in blank_headers if i < len(columns))
    if named:
        notes.append(texts.TABEL_KOPPEN_LEEG.format(namen=", ".join(columns[i] for i in named)))
    if not rows:
        notes.append(texts.TABEL_GEEN_RIJEN.format(bestand=filename))
    return Table(columns=columns, rows=rows, row_numbers=numbers, warnings=notes, row_problems=problems)


def _refuse_size(filename: str, limits: TableLimits, where: str, cells: bool) -> None:
    if cells:
        raise TableError(texts.TABEL_TE_VEEL_CELLEN.format(bestand=filename, max=thousands(limits.max_cells),
                                                           plaats=where))
    raise TableError(texts.TABEL_TE_VEEL_TEKENS.format(bestand=filename, max=thousands(limits.max_chars),
                                                       plaats=where))


def _shortened(cell: str, limit: int, kept: dict[str, str]) -> str:
    """``cell`` cut to ``limit + 1`` characters (bounded memory, still "too long" later), one copy per text.

    A dictionary lookup compares identity first, so the same shared string in a million
    cells costs one copy, not a million.
    """
    short = kept.get(cell)
    if short is None:
        short = cell[:limit + 1]
        if len(kept) < _SHORTENED_KEPT:
            kept[cell] = short
    return short


def _header(cells: list[str], filename: str, limits: TableLimits) -> tuple[list[str], set[int], list[str]]:
    """Unique column names; blank ones become ``kolom_N``. Returns names, blank positions, notes."""
    if len(cells) > limits.max_columns:
        filled = [i for i, cell in enumerate(cells) if cell]
        cells = cells[:filled[-1] + 1]
        if len(cells) > limits.max_columns:
            raise TableError(texts.TABEL_TE_VEEL_KOLOMMEN.format(
                bestand=filename, aantal=len(cells), max=limits.max_columns))
    names = [(_strip_marker(c) if c[:1] == "'" else c)[:_MAX_HEADER_CHARS].strip() for c in cells]
    blank = {i for i, name in enumerate(names) if not name}
    reserved = {name.casefold() for name in names if name}
    taken: set[str] = set()
    renamed = []

    def unique(name: str) -> str:
        if name.casefold() not in taken:
            return name
        suffix = 2
        while f"{name}_{suffix}".casefold() in taken | reserved:
            suffix += 1
        return f"{name}_{suffix}"

    # Real headers first, so a generated "kolom_N" never takes a name the file uses.
    for index in [i for i in range(len(names)) if i not in blank] + sorted(blank):
        wanted = names[index] or f"kolom_{index + 1}"
        names[index] = unique(wanted)
        taken.add(names[index].casefold())
        if index not in blank and names[index] != wanted:
            renamed.append(f"'{wanted}' → '{names[index]}'")
    notes = [texts.TABEL_KOPPEN_DUBBEL.format(namen=", ".join(renamed))] if renamed else []
    return names, blank, notes


def _drop_empty_unnamed_tail(columns: list[str], blank: set[int], rows: list[list[str]]) -> list[str]:
    """Drop trailing columns without a header and without any value (stray separators, styling)."""
    keep = len(columns)
    while keep > 1 and (keep - 1) in blank and not any(row[keep - 1] for row in rows):
        keep -= 1
    if keep == len(columns):
        return columns
    for row in rows:
        del row[keep:]
    return columns[:keep]


def _strip_marker(cell: str) -> str:
    """Drop Excel's text marker from ``'0478 12 34 56`` or ``'=A1``, keep ``'t Stad``."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _MARKER_FOLLOWERS:
        return cell[1:]
    return cell


def _kind_of(data: bytes, filename: str) -> tuple[str, list[str]]:
    """``"csv"`` or ``"xlsx"`` from the extension, corrected by the content where it is clear."""
    extension = PurePosixPath(filename).suffix.lower()
    if extension == ".xls" or (data.startswith(_OLE_MAGIC) and extension in CSV_EXTENSIONS + EXCEL_EXTENSIONS):
        raise TableError(texts.TABEL_XLS_OUD.format(bestand=filename))
    if extension in EXCEL_EXTENSIONS:
        return "xlsx", []
    if extension in CSV_EXTENSIONS:
        if data.startswith(_ZIP_MAGIC):
            return "xlsx", [texts.TABEL_EIGENLIJK_EXCEL.format(bestand=filename)]
        return "csv", []
    raise TableError(texts.TABEL_TYPE_ONBEKEND.format(extensie=extension or filename[:40]))
