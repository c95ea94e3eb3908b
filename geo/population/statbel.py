"""Statbel's population per statistical sector: ``OPENDATA_SECTOREN_<year>.zip``.

The zip holds one ``|``-separated text (UTF-8 with BOM) with the columns
``CD_REFNIS|CD_SECTOR|TOTAL|DT_STRT_SECTOR|DT_STOP_SECTOR|OPPERVLAKKTE IN HM²|TX_DESCR_SECTOR_NL|…``
(some years call ``TOTAL`` ``POPULATION``). The zip is read safely: the text's size is taken from
the zip's directory and refused above the limit before anything is unpacked, and never more than
that is read. The text is read by :func:`geo.uploads.tables.read_table` within its limits.

>>> read_sector_file(b"CD_REFNIS|CD_SECTOR|TOTAL\\n11001|11001A00-|1234\\n", "s.txt").to_dict("records")
[{'sector': '11001A00-', 'refnis': '11001', 'inwoners': 1234}]
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from geo import texts
from geo.uploads.tables import MB, TableError, TableLimits, read_table

SECTOR_COLUMNS = ("CD_REFNIS", "CD_SECTOR")
COUNT_COLUMNS = ("TOTAL", "POPULATION", "MS_POPULATION")
TEXT_SUFFIXES = (".txt", ".csv")


def read_sector_file(data: bytes, filename: str, max_unpacked_bytes: int = 200 * MB) -> pd.DataFrame:
    """The sectors of a Statbel file (zip or text) as ``sector, refnis, inwoners``.

    A sector code of four characters (as in some years) gets its ``CD_REFNIS`` in front.
    Raises ``ValueError`` with a Dutch message for a damaged zip, a missing column or a
    count that is no whole number.
    """
    text_name = filename
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".zip"):
        text_name, data = _unzip(data, filename, max_unpacked_bytes)
    limits = TableLimits(max_bytes=max_unpacked_bytes, max_rows=1_000_000, max_unpacked_bytes=max_unpacked_bytes)
    try:
        table = read_table(data, PurePosixPath(text_name).name if text_name.lower().endswith(TEXT_SUFFIXES)
                           else "sectoren.txt", limits=limits)
    except TableError as exc:
        raise ValueError(texts.INWONERS_NIET_GELEZEN.format(bestand=filename, fout=exc)) from exc
    header = {name.strip().upper(): i for i, name in enumerate(table.columns)}
    count = next((header[c] for c in COUNT_COLUMNS if c in header), None)
    missing = [c for c in SECTOR_COLUMNS if c not in header] + ([] if count is not None else ["TOTAL"])
    if missing:
        raise ValueError(texts.INWONERS_KOLOMMEN.format(bestand=filename, kolommen=", ".join(missing)))
    rows = pd.DataFrame(table.rows, columns=table.columns).iloc[:, [header["CD_REFNIS"], header["CD_SECTOR"], count]]
    rows.columns = ["refnis", "sector", "inwoners"]
    rows = rows[(rows["sector"] != "") | (rows["inwoners"] != "")]
    counts = pd.to_numeric(rows["inwoners"].str.replace(r"[\s.]", "", regex=True), errors="coerce")
    bad = ~np.isfinite(counts.to_numpy(dtype=float)) | (counts.to_numpy(dtype=float) < 0)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(texts.INWONERS_GETAL.format(bestand=filename, lijn=table.row_numbers[rows.index[first]],
                                                     waarde=str(rows["inwoners"].iat[first])[:40]))
    refnis = rows["refnis"].str.strip()
    sector = rows["sector"].str.strip().str.upper()
    short = sector.str.len() <= 4
    sector = sector.where(~short, refnis + sector)
    return pd.DataFrame({"sector": sector.to_numpy(), "refnis": refnis.to_numpy(),
                         "inwoners": counts.to_numpy().astype(np.int64)})


def year_in_name(filename: str) -> int | None:
    """The year in a name like ``OPENDATA_SECTOREN_2024.zip``, else None."""
    found = re.search(r"(?<!\d)(19|20)(\d{2})(?!\d)", PurePosixPath(filename).name)
    return int(found.group(0)) if found else None


def _unzip(data: bytes, filename: str, max_bytes: int) -> tuple[str, bytes]:
    """The name and bytes of the zip's text file, its size checked on the directory first."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()
                       and m.filename.lower().endswith(TEXT_SUFFIXES) and not PurePosixPath(m.filename).name.startswith(".")]
            if not members:
                raise ValueError(texts.INWONERS_ZIP_GEEN_TEKST.format(bestand=filename))
            member = max(members, key=lambda m: m.file_size)  # the sector table, not a readme
            if member.file_size > max_bytes:
                raise ValueError(texts.INWONERS_ZIP_TE_GROOT.format(naam=member.filename, bestand=filename,
                                                                    mb=f"{member.file_size / MB:.1f}".replace(".", ","),
                                                                    max=f"{max_bytes / MB:g}"))
            with archive.open(member) as handle:
                content = handle.read(max_bytes + 1)
            if len(content) > max_bytes:  # the directory lied about the size
                raise ValueError(texts.INWONERS_ZIP_TE_GROOT.format(naam=member.filename, bestand=filename,
                                                                    mb=f"> {max_bytes / MB:g}", max=f"{max_bytes / MB:g}"))
            return member.filename, content
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise ValueError(texts.INWONERS_ZIP_ONGELDIG.format(bestand=filename)) from exc
