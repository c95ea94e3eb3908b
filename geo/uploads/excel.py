"""Excel (``.xlsx``) uploads: the zip checked before it is opened, then the sheet's rows streamed as text.

:func:`open_sheet` refuses a workbook that unpacks to more than the limits allow (read from
the zip's directory, before anything is unpacked; Python's ``zipfile`` never unpacks more
than a member declares), opens it with openpyxl in read-only mode (which parses its XML
with ``defusedxml``: entities, DTDs and external references are refused) and yields the
chosen sheet's rows one by one, so the table reader counts cells and characters before
they are kept. A text that Excel stores once (a *shared string*) and uses in many cells
arrives as the same object in each of them: nothing here copies it.

    with open_sheet(data, "partners.xlsx", None, TableLimits()) as sheet:
        rows = list(sheet.records)  # [(1, ['naam', 'postcode']), (2, ['KSA', '2800']), ...]
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import warnings as _warnings
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Iterator, NoReturn

from geo import texts
from geo.uploads.table_limits import TableError, TableLimits, megabytes, thousands

XLSX_INFLATE = 20  # an .xlsx may also unpack to at most this many times max_bytes (the lower bound wins)
_FORMAT = "Excel (.xlsx)"
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")  # <si>, <x:si ...>, <si/>
_CHUNK = 1024 * 1024
_TAIL = 256  # a tag cut by a chunk boundary is found whole in the next block (unless its prefix is absurd)


@dataclass
class Sheet:
    """The sheet being read: its name, every sheet's name, and its rows as ``(row number, cells)``."""

    name: str
    names: list[str]
    records: Iterator[tuple[int, list[str]]]


@contextmanager
def open_sheet(data: bytes, filename: str, sheet: str | None, limits: TableLimits) -> Iterator[Sheet]:
    """The workbook's ``sheet`` (the first one when None), open while the caller reads its records.

    Raises :class:`TableError` (Dutch) for a zip bomb, more shared texts than cells allowed,
    an unusable or hostile workbook and an unknown sheet. A ``MemoryError`` is never turned
    into "unreadable": it propagates.
    """
    check_zip(data, filename, limits)
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions, styles...
        try:
            workbook = _load_workbook(data, filename, limits)
        except Exception as error:  # noqa: BLE001 - any parse failure means "not a usable xlsx"
            _refuse(error, filename)
        try:
            yield _sheet(workbook, filename, sheet, limits)
        finally:
            workbook.close()


def check_zip(data: bytes, filename: str, limits: TableLimits) -> None:
    """Refuse an .xlsx that unpacks to more than ``limits`` allow (a zip bomb), naming the setting."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001 - BadZipFile, struct errors, odd headers...
        raise TableError(texts.TABEL_ONLEESBAAR.format(bestand=filename, formaat=_FORMAT)) from error
    allowed, setting = unpack_allowance(limits)
    unpacked = sum(max(int(member.file_size), 0) for member in members)
    if unpacked > allowed:
        largest = max(members, key=lambda member: member.file_size)
        raise TableError(texts.TABEL_ZIP_TE_GROOT.format(
            bestand=filename, grootte=megabytes(unpacked), max=megabytes(allowed), instelling=setting,
            onderdeel=largest.filename[:100], onderdeel_grootte=megabytes(largest.file_size)))


def unpack_allowance(limits: TableLimits) -> tuple[int, str]:
    """What an .xlsx may unpack to, and the setting that decides it (the lower of the two bounds)."""
    inflated = XLSX_INFLATE * limits.max_bytes
    if limits.max_unpacked_bytes <= inflated:
        return limits.max_unpacked_bytes, "max_uitgepakt_mb"
    return inflated, texts.TABEL_ZIP_INSTELLING_UPLOAD.format(factor=XLSX_INFLATE)


def _sheet(workbook, filename: str, sheet: str | None, limits: TableLimits) -> Sheet:
    try:
        names = [str(name) for name in workbook.sheetnames]
        if not names:
            raise TableError(texts.TABEL_ONLEESBAAR.format(bestand=filename, formaat=_FORMAT))
        name = names[0] if sheet is None else str(sheet)
        if name not in names:
            raise TableError(texts.TABEL_WERKBLAD_ONBEKEND.format(
                werkblad=name[:100], bestand=filename, werkbladen=", ".join(names)))
        worksheet = workbook[name]
        if not hasattr(worksheet, "iter_rows"):
            raise TableError(texts.TABEL_WERKBLAD_GEEN_TABEL.format(werkblad=name))
        if hasattr(worksheet, "reset_dimensions"):
            # The stored dimensions can be wrong or huge (formatted empty columns): read what is there.
            worksheet.reset_dimensions()
    except (TableError, MemoryError):
        raise
    except Exception as error:  # noqa: BLE001
        raise TableError(texts.TABEL_ONLEESBAAR.format(bestand=filename, formaat=_FORMAT)) from error
    return Sheet(name=name, names=names, records=_records(worksheet, filename, limits.max_columns + 1))


def _records(worksheet, filename: str, cap: int) -> Iterator[tuple[int, list[str]]]:
    """The rows as text, one at a time; a failure while parsing them becomes a Dutch refusal."""
    try:
        for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
            yield number, _row_text(row, cap)
    except Exception as error:  # noqa: BLE001 - a damaged or hostile sheet XML
        _refuse(error, filename)


def _refuse(error: Exception, filename: str) -> NoReturn:
    """Raise the refusal for ``error`` from openpyxl, which wraps the causes in its own ``ValueError``.

    Our own refusal or a ``MemoryError`` anywhere in the chain is raised as it is;
    defusedxml's refusal of entities, a DTD or an external reference becomes
    ``TABEL_XML_ONVEILIG``; anything else "unreadable".
    """
    from defusedxml import DefusedXmlException

    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, (TableError, MemoryError)):
            raise cause from None
        if isinstance(cause, DefusedXmlException):
            raise TableError(texts.TABEL_XML_ONVEILIG.format(bestand=filename)) from error
        cause = cause.__cause__ or cause.__context__
    raise TableError(texts.TABEL_ONLEESBAAR.format(bestand=filename, formaat=_FORMAT)) from error


def _load_workbook(data: bytes, filename: str, limits: TableLimits):
    """``openpyxl.load_workbook(read_only=True, data_only=True)``, with two changes for uploads.

    The shared texts are counted (streamed, in C) before openpyxl keeps them: more of them
    than ``limits.max_cells`` cannot all be used by a table within the limits. And a sheet
    is opened without being measured: openpyxl looks for the size a sheet declares at its
    top, and without one (Excel and openpyxl always write it, a crafted file need not)
    parses the whole sheet XML first, keeping an element per row, before the first row is
    read. The declared size is not used here anyway (the rows are read as they come).
    """
    reader = _reader_class()(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    reader.upload = (filename, limits)
    reader.read()
    return reader.wb


@cache
def _reader_class():
    """openpyxl's workbook reader with the two changes of :func:`_load_workbook` (openpyxl imported late)."""
    from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class UnmeasuredSheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            """Leave the size unknown, as ``reset_dimensions`` would."""

    class UploadReader(ExcelReader):
        upload: tuple[str, TableLimits]

        def read_strings(self) -> None:
            part = self.package.find(SHARED_STRINGS)
            if part is not None:
                filename, limits = self.upload
                name = part.PartName[1:]
                if _count_shared_strings(self.archive, name) > limits.max_cells:
                    raise TableError(texts.TABEL_TE_VEEL_TEKSTEN.format(
                        bestand=filename, max=thousands(limits.max_cells), onderdeel=name[:100]))
            super().read_strings()

        def read_worksheets(self) -> None:
            for sheet, relation in self.parser.find_sheets():
                if relation.target not in self.valid_files:
                    continue
                if "chartsheet" in relation.Type:
                    self.read_chartsheet(sheet, relation)
                    continue
                worksheet = UnmeasuredSheet(self.wb, sheet.name, relation.target, self.shared_strings)
                worksheet.sheet_state = sheet.state
                self.wb._sheets.append(worksheet)

    return UploadReader


def _count_shared_strings(archive: zipfile.ZipFile, name: str) -> int:
    """The ``<si>`` elements of the shared-strings part, counted in chunks as it is unpacked."""
    count, tail = 0, b""
    with archive.open(name) as part:
        while chunk := part.read(_CHUNK):
            block = tail + chunk
            # A match inside the kept tail was counted with the previous block.
            count += len(_SHARED_STRING.findall(block)) - len(_SHARED_STRING.findall(tail))
            tail = block[-_TAIL:]
    return count


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
    """An Excel value as the text a user expects: 2800 not 2800.0, dates as ISO.

    A text without surrounding spaces comes back as the same object (``str.strip``
    does not copy it), so a shared string stays shared.
    """
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

