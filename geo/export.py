"""Exports that spreadsheets open safely and correctly.

Values that start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are run as
formulas by Excel and LibreOffice; :func:`neutralise` prefixes them with an apostrophe.
CSV for Excel NL-BE: ``;`` separator, UTF-8 with BOM, optionally decimal comma.

>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
"""

from __future__ import annotations

import io
from typing import Any, Iterable, Sequence

import pandas as pd

from geo.partners import PRIVATE_FIELDS, Partner

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PARTNER_COLUMNS = ("id", "naam", "categorie", "organisatie", "status", "straat", "huisnummer", "postcode", "plaats",
                   "lat", "lon", "gemeente_nis", "wijk_code", "bereik_m", "contactpersoon", "email", "telefoon",
                   "notities", "demo", "aangemaakt", "gewijzigd")


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell (and header) neutralised."""
    safe = frame.copy()
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def csv_bytes(frame: pd.DataFrame, decimal_comma: bool = False, attribution: Sequence[str] = ()) -> bytes:
    """CSV that Excel NL-BE opens correctly: ``;``, UTF-8 with BOM, formulas neutralised.

    ``attribution`` (the data sources) goes into a last line ``# Bronnen: …``, which the
    importer recognises and skips.
    """
    buffer = io.StringIO()
    safe_frame(frame).to_csv(buffer, sep=";", index=False, decimal="," if decimal_comma else ".", lineterminator="\r\n")
    if attribution:
        pd.DataFrame([["# Bronnen: " + " · ".join(attribution)]]).to_csv(
            buffer, sep=";", index=False, header=False, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def partner_frame(partners: Iterable[Partner], include_private: bool = True) -> pd.DataFrame:
    """Partners as a table with stable columns (private fields only when allowed)."""
    columns = [c for c in PARTNER_COLUMNS if include_private or c not in PRIVATE_FIELDS]
    return pd.DataFrame([{c: getattr(p, c) for c in columns} for p in partners], columns=columns)
