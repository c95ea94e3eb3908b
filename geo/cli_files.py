"""Files and tables on the command line: reading within a size limit, checking a target can be
written, and writing a table to stdout as CSV or JSON, with Dutch messages on stderr."""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

import pandas as pd

from geo import texts


def read_file(path: Path, max_bytes: int | None = None, max_mb: float | None = None) -> bytes | None:
    """The bytes of ``path``, or None after printing why it cannot be read (Dutch).

    With ``max_bytes``, a larger file is refused before it is read (its size on disk),
    and never more than ``max_bytes + 1`` bytes are read (a device or a growing file).
    """
    too_big = texts.CLI_BESTAND_TE_GROOT.format(bestand=path, max=f"{max_mb:g}" if max_mb else max_bytes)
    try:
        with path.open("rb") as handle:
            if max_bytes is None:
                return handle.read()
            if os.fstat(handle.fileno()).st_size > max_bytes:
                print(too_big, file=sys.stderr)
                return None
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        print(texts.CLI_BESTAND_ONLEESBAAR.format(bestand=path, fout=exc.strerror or exc), file=sys.stderr)
        return None
    if len(data) > max_bytes:
        print(too_big, file=sys.stderr)
        return None
    return data


def can_write(path: Path) -> bool:
    """True when ``path`` can be written to; else False after printing why (Dutch)."""
    folder = path.parent
    if not folder.is_dir():
        print(texts.CLI_MAP_BESTAAT_NIET.format(bestand=path, map=folder), file=sys.stderr)
        return False
    if path.is_dir() or not os.access(folder, os.W_OK):
        print(texts.CLI_BESTAND_ONSCHRIJFBAAR.format(bestand=path, fout=texts.CLI_GEEN_SCHRIJFRECHT), file=sys.stderr)
        return False
    return True


def write_text(path: Path, text: str) -> bool:
    """Write ``text`` (UTF-8) to ``path``; False after printing why it failed (Dutch)."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(texts.CLI_BESTAND_ONSCHRIJFBAAR.format(bestand=path, fout=exc.strerror or exc), file=sys.stderr)
        return False
    return True


def table_limits(settings):
    from geo.uploads.tables import TableLimits

    return TableLimits.from_settings(settings)


def write_table(table: pd.DataFrame, fmt: str) -> None:
    if fmt == "json":
        # A missing number (NaN) is null: NaN is not JSON, and strict readers (jq, browsers) refuse it.
        records = [{k: None if isinstance(v, float) and v != v else v for k, v in row.items()}
                   for row in table.to_dict(orient="records")]
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1, allow_nan=False)
        sys.stdout.write("\n")
    else:
        table.to_csv(sys.stdout, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
