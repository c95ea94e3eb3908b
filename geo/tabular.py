"""Read an uploaded partner table (CSV or Excel) into rows of text.

Every cell comes back as a stripped string and every input row is accounted for: a
data row is kept (padded or cut to the header's width) or the file is refused with a
:class:`TableError` whose message is Dutch and meant for the user. Rows that need the
user's attention (empty, too many cells, an over-long cell) are listed in
``Table.row_problems`` with the row's position in the source, so the import report can
say "lijn 14: ...". Nothing is interpreted here: formulas and markup stay text (escaping
is for display and export), columns are mapped by :mod:`geo.columns`.

>>> table = read_table("naam;postcode\\nChiro Ter Elst;'2800\\n".encode("cp1252"), "partners.csv")
>>> table.columns, table.rows, table.delimiter
(['naam', 'postcode'], [['Chiro Ter Elst', '2800']], ';')
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gc
import io
import math
import re
import warnings as _warnings
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Iterable, Iterator

from geo import texts

MB = 1024 * 1024
DELIMITERS = (";", ",", "\t", "|")
CSV_EXTENSIONS = (".csv", ".txt")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls
_SAMPLE_CHARS = 32_768
_SNIFF_ROWS = 50
_BINARY_SHARE = 0.01  # more control characters than this share of the text: not a table
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_XLSX_INFLATE = 20  # an .xlsx may unpack to at most this many times max_bytes
_MAX_HEADER_CHARS = 200
_MARKER_FOLLOWERS = frozenset("0123456789+-=@(.,")
_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "puntkomma": ";", "komma": ",", "pipe": "|"}


class TableError(ValueError):
    """The file cannot be read as a table; the message is Dutch and meant for the user."""


@dataclass(frozen=True)
class TableLimits:
    """Upper bounds that keep a hostile or mistaken upload from exhausting the server.

    ``max_bytes`` normally comes from ``settings.max_upload_bytes``.
    """

    max_bytes: int = 20 * MB
    max_rows: int = 200_000
    max_columns: int = 200
    max_cell_chars: int = 2_000


@dataclass
class Table:
    """A table as text: a unique header and data rows exactly as wide as the header.

    ``row_numbers[i]`` is the 1-based line (CSV, where the record starts) or row (Excel)
    of ``rows[i]`` in the source. ``row_problems`` maps a row index to a Dutch sentence
    for rows that cannot be imported as they are (the row is kept so it can be reported).
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

    def __len__(self) -> int:
        return len(self.rows)


def read_table(data: bytes, filename: str, *, encoding: str | None = None, delimiter: str | None = None,
               sheet: str | None = None, limits: TableLimits = TableLimits()) -> Table:
    """Read a ``.csv``/``.txt`` or ``.xlsx`` upload; raise :class:`TableError` if it cannot be used.

    CSV: the encoding (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252 or
    another 8-bit code page found by charset-normalizer) and the separator (``;``, ``,``,
    tab or ``|``) are detected unless given. Excel: the first sheet unless ``sheet`` is
    given; numbers come back without a spurious ``.0``, dates as ISO text.

    The header is the first non-empty row. Blank headers become ``kolom_N`` and repeated
    ones get a suffix (``naam_2``). Trailing empty rows are dropped; an empty row between
    data rows is kept with the problem "lege rij", so every input row is accounted for.

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
            bestand=filename, grootte=_megabytes(len(data)), max=_megabytes(limits.max_bytes)))
    with collector_paused():
        if kind == "xlsx":
            table = _read_xlsx(data, filename, sheet, limits)
        else:
            table = _read_csv(data, filename, encoding, delimiter, limits)
    table.warnings[:0] = notes
    return table


# CSV ------------------------------------------------------------------------------------------

def _read_csv(data: bytes, filename: str, encoding: str | None, delimiter: str | None,
              limits: TableLimits) -> Table:
    text, used_encoding, notes = _decode(data, filename, encoding)
    if not text.strip():
        raise TableError(texts.TABEL_LEEG.format(bestand=filename))
    _check_is_text(text, filename)
    delimiter = _check_delimiter(delimiter) if delimiter is not None else sniff_delimiter(text[:_SAMPLE_CHARS])
    records = _csv_records(text, delimiter, filename)
    # Without quotes no cell spans lines, so no cell is longer than the longest line: when that one
    # is short, no row needs its cells measured.
    short = '"' not in text and max(map(len, text.split("\n"))) <= limits.max_cell_chars
    table = _build(records, filename, limits, hint=texts.RIJ_TE_VEEL_CELLEN_CSV.format(
        scheidingsteken=_delimiter_label(delimiter)), marks="'" in text, short_cells=short)
    table.encoding, table.delimiter = used_encoding, delimiter
    table.warnings[:0] = notes
    return table


def sniff_delimiter(sample: str) -> str:
    """The separator of a CSV sample: the one that splits the rows most consistently.

    ``csv.Sniffer`` (restricted to ``; , tab |``) decides between candidates that split
    the sample equally well; a candidate that gives fewer consistent columns than another
    is never chosen, because the sniffer is easily misled by decimal commas.

    >>> sniff_delimiter("naam;lat;lon\\nZoniënwoud;51,0259;4,4776\\n")
    ';'
    """
    cut = sample.rfind("\n")
    truncated = 0 < cut < len(sample) - 1
    if truncated:
        sample = sample[:cut + 1]
    scores = {d: _consistency(sample, d, truncated) for d in DELIMITERS}
    best = max(scores.values())
    tied = [d for d in DELIMITERS if scores[d] == best]
    if len(tied) > 1:
        try:
            sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
        except csv.Error:
            sniffed = None
        if sniffed in tied:
            return sniffed
    return tied[0]


def _consistency(sample: str, delimiter: str, truncated: bool) -> tuple[int, float, int]:
    """(more than one column?, share of rows as wide as the header, header width)."""
    try:
        parsed = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    except csv.Error:
        return (0, 0.0, 0)
    if truncated and len(parsed) > 1:
        parsed.pop()  # may end inside a quoted field
    rows = [r for r in parsed[:_SNIFF_ROWS] if any(c.strip() for c in r)]
    if not rows:
        return (0, 0.0, 0)
    width = len(rows[0])
    agree = sum(len(r) == width or (len(r) > width and not any(c.strip() for c in r[width:])) for r in rows)
    if width <= 1:
        # One column: prefer the separator that occurs least (it splits nothing by mistake).
        return (0, agree / len(rows), -sample.count(delimiter))
    return (1, agree / len(rows), width)


def _csv_records(text: str, delimiter: str, filename: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells) for every record, blank lines included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, skipinitialspace=False, strict=False)
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        raise TableError(texts.TABEL_CSV_FOUT.format(bestand=filename, lijn=start, fout=error)) from error


def _decode(data: bytes, filename: str, encoding: str | None) -> tuple[str, str, list[str]]:
    """Text, the encoding used and warnings; the caller's ``encoding`` wins when given."""
    if encoding is not None:
        name = str(encoding).strip()
        try:
            codecs.lookup(name)
        except (LookupError, ValueError):
            raise TableError(texts.TABEL_CODERING_ONBEKEND.format(codering=name[:40])) from None
        try:
            return data.decode(name).lstrip("\ufeff"), name.lower(), []
        except (UnicodeDecodeError, ValueError):
            raise TableError(texts.TABEL_CODERING_FOUT.format(bestand=filename, codering=name)) from None
    if data.startswith(codecs.BOM_UTF8):
        return _decode_lenient(data[len(codecs.BOM_UTF8):], "utf-8", "utf-8-sig", filename)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_lenient(data, "utf-16", "utf-16", filename)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    # Mostly valid UTF-8 with a few broken bytes (e.g. two files pasted together): stay UTF-8.
    lenient = data.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    non_ascii = len(lenient) - len(lenient.encode("ascii", "ignore"))
    if non_ascii - broken >= 10 * broken:
        return lenient, "utf-8", [texts.TABEL_TEKENS_VERVANGEN.format(bestand=filename)]
    guess = _guess_single_byte(data)
    return data.decode(guess, errors="replace"), guess, [texts.TABEL_CODERING_GERADEN.format(
        bestand=filename, codering=_ENCODING_LABELS.get(guess, guess))]


_ENCODING_LABELS = {"cp1252": "Windows-1252", "latin-1": "Latin-1 (ISO-8859-1)", "cp850": "DOS (cp850)",
                    "mac_roman": "Mac Roman"}


def _guess_single_byte(data: bytes) -> str:
    """Windows-1252 when it fits (Belgian Excel exports), else charset-normalizer's choice."""
    from charset_normalizer import from_bytes

    try:
        matches = list(from_bytes(data, cp_isolation=["cp1252", "latin_1", "cp850", "mac_roman"]))
    except Exception:  # noqa: BLE001 - a detector failure must not stop the upload
        matches = []
    found = {m.encoding: m for m in matches}
    if "cp1252" in found and (not matches or found["cp1252"].chaos <= matches[0].chaos + 0.1):
        return "cp1252"
    if matches and matches[0].encoding in ("cp850", "mac_roman"):
        return matches[0].encoding
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _decode_lenient(data: bytes, codec: str, label: str, filename: str) -> tuple[str, str, list[str]]:
    try:
        return data.decode(codec).lstrip("\ufeff"), label, []
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace").lstrip("\ufeff")
        return text, label, [texts.TABEL_TEKENS_VERVANGEN.format(bestand=filename)]


def _check_is_text(text: str, filename: str) -> None:
    sample = text[:_SAMPLE_CHARS]
    if len(_CONTROL.findall(sample)) > _BINARY_SHARE * len(sample):
        raise TableError(texts.TABEL_BINAIR.format(bestand=filename))


def _check_delimiter(value: str) -> str:
    text = str(value)
    text = _DELIMITER_NAMES.get(text.strip().lower(), text)
    if len(text) != 1 or text in '"\r\n' or text.isalnum():
        raise TableError(texts.TABEL_SCHEIDINGSTEKEN_ONGELDIG.format(waarde=str(value)[:20]))
    return text


def _delimiter_label(delimiter: str) -> str:
    return {"\t": "tab", " ": "spatie"}.get(delimiter, delimiter)


# Excel ----------------------------------------------------------------------------------------

def _read_xlsx(data: bytes, filename: str, sheet: str | None, limits: TableLimits) -> Table:
    _check_zip(data, filename, limits)
    import openpyxl

    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions, styles...
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - any parse failure means "not a usable xlsx"
            raise TableError(texts.TABEL_ONLEESBAAR.format(bestand=filename, formaat="Excel (.xlsx)")) from error
        try:
            return _read_sheet(workbook, filename, sheet, limits)
        except TableError:
            raise
        except Exception as error:  # noqa: BLE001
            raise TableError(texts.TABEL_ONLEESBAAR.format(bestand=filename, formaat="Excel (.xlsx)")) from error
        finally:
            workbook.close()


def _read_sheet(workbook, filename: str, sheet: str | None, limits: TableLimits) -> Table:
    sheets = [str(name) for name in workbook.sheetnames]
    if not sheets:
        raise TableError(texts.TABEL_ONLEESBAAR.format(bestand=filename, formaat="Excel (.xlsx)"))
    name = sheets[0] if sheet is None else str(sheet)
    if name not in sheets:
        raise TableError(texts.TABEL_WERKBLAD_ONBEKEND.format(
            werkblad=name[:100], bestand=filename, werkbladen=", ".join(sheets)))
    worksheet = workbook[name]
    if not hasattr(worksheet, "iter_rows"):
        raise TableError(texts.TABEL_WERKBLAD_GEEN_TABEL.format(werkblad=name))
    if hasattr(worksheet, "reset_dimensions"):
        # The stored dimensions can be wrong or huge (formatted empty columns): read what is there.
        worksheet.reset_dimensions()
    cap = limits.max_columns + 1
    records = ((number, _row_text(row, cap))
               for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1))
    table = _build(records, filename, limits, hint="", marks=True)
    table.sheet, table.sheets = name, sheets
    if sheet is None and len(sheets) > 1:
        table.warnings.insert(0, texts.TABEL_ANDERE_WERKBLADEN.format(
            werkblad=name, andere=", ".join(sheets[1:])))
    return table


def _check_zip(data: bytes, filename: str, limits: TableLimits) -> None:
    """Refuse an .xlsx that unpacks to far more than an honest spreadsheet (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(max(int(info.file_size), 0) for info in archive.infolist())
    except Exception as error:  # noqa: BLE001 - BadZipFile, struct errors, odd headers...
        raise TableError(texts.TABEL_ONLEESBAAR.format(bestand=filename, formaat="Excel (.xlsx)")) from error
    if unpacked > _XLSX_INFLATE * limits.max_bytes:
        raise TableError(texts.TABEL_ZIP_TE_GROOT.format(
            bestand=filename, max=_megabytes(_XLSX_INFLATE * limits.max_bytes)))


def _row_text(row: tuple, cap: int) -> list[str]:
    """The cells of an Excel row as text, converting at most ``cap`` of them.

    A row is as wide as its last stored cell, up to 16,384 columns. Values beyond the
    cap are only counted (in C, cheaply), and stand in as "…" so the row is still seen
    as too wide.
    """
    if len(row) <= cap:
        return [_cell_text(value) for value in row]
    tail = row[cap:]
    beyond = len(tail) - tail.count(None)
    return [_cell_text(value) for value in row[:cap]] + ["…"] * beyond


def _cell_text(value) -> str:
    """An Excel value as the text a user expects: 2800 not 2800.0, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time() and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _float_text(value: float) -> str:
    if not math.isfinite(value):
        return ""
    if value.is_integer():
        return str(int(value))
    text = format(value, ".15g")  # Excel keeps 15 significant digits
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


# Shared ---------------------------------------------------------------------------------------

def _build(records: Iterable[tuple[int, list[str]]], filename: str, limits: TableLimits, *, hint: str,
           marks: bool, short_cells: bool = False) -> Table:
    """Header, padded rows, row numbers and problems from raw records (the heart of both readers).

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
    for number, raw in records:
        cells = list(map(str.strip, raw))
        if columns is None:
            if any(cells):
                columns, blank_headers, header_notes = _header(cells, filename, limits)
                width = len(columns)
            continue
        if not any(cells):
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
            raise TableError(texts.TABEL_TE_VEEL_RIJEN.format(bestand=filename, max=_thousands(limits.max_rows)))
        notes = []
        count = len(cells)
        if count < width:
            cells.extend([""] * (width - count))
        elif count > width:
            if any(cells[width:]):
                filled = width + sum(1 for c in cells[width:] if c)
                notes.append(texts.RIJ_TE_VEEL_CELLEN.format(aantal=filled, kolommen=width) + hint)
            del cells[width:]
        if not short_cells and max(map(len, cells)) > cell_limit:
            for index, cell in enumerate(cells):
                if len(cell) > cell_limit:
                    cells[index] = cell[:cell_limit + 1]  # bounded memory, still "too long" later
                    notes.append(texts.RIJ_CEL_TE_LANG.format(kolom=columns[index], max=_thousands(cell_limit)))
        if marks and "'" in "".join(cells):
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


def _megabytes(size: int) -> str:
    """A size in MB the Dutch way (``20``, ``20,1``), rounded up so an excess never shows as the limit."""
    text = f"{math.ceil(size / MB * 10) / 10:.1f}".removesuffix(".0")
    return text.replace(".", ",")


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")
