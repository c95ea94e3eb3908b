"""A population table the organiser uploads (CSV or Excel): inhabitants per wijk, in place of the
built-in Statbel figures for a session (Dekking's sidebar, ``--inwoners`` on the command line)."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from geo import texts
from geo.uploads.bounded import Budget, run_bounded
from geo.uploads.tables import TableLimits, read_table


def read_population(data: bytes, filename: str, boundaries, limits: TableLimits | None = None,
                    budget: Budget | None = None) -> pd.DataFrame:
    """Inhabitants per wijk from a CSV (``;`` or ``,``) or Excel file.

    The file needs a wijk code column (``wijk_code``, ``wijkcode``, ``wijk``,
    ``geoitem``...) and an inhabitants column (``inwoners``, ``bevolking``, ``aantal``...).
    Rows per statistical sector (a ``sector`` column) are accepted only when the file
    also has the wijk code of each sector: the boundary data holds wijken, not sectors,
    so a sector cannot be placed by itself. Rows of the same wijk are added up.

    Returns ``wijk_code, inwoners``; what was skipped (unknown wijk codes, negative or
    non-numeric counts) is listed in Dutch in ``result.attrs["meldingen"]``. A missing
    column, or no usable row at all, raises ``ValueError`` with a Dutch message. The file
    is read within ``limits`` and, when given, in a worker within ``budget``
    (:mod:`geo.uploads.bounded`).
    """
    limits = limits or TableLimits()
    if budget is None:
        table = read_table(data, filename, limits=limits)
    else:
        table = run_bounded(read_table, data, filename, budget=budget, filename=filename, limits=limits)
    normalised = {_normalise_header(c): i for i, c in reversed(list(enumerate(table.columns)))}
    wijk_column = _first(normalised, _WIJK_HEADERS)
    sector_column = _first(normalised, _SECTOR_HEADERS)
    count_column = _first(normalised, _COUNT_HEADERS)
    if wijk_column is None:
        if sector_column is not None:
            raise ValueError(texts.BEVOLKING_SECTOR_ZONDER_WIJK.format(bestand=filename))
        raise ValueError(texts.BEVOLKING_KOLOM_WIJK.format(bestand=filename))
    if count_column is None:
        raise ValueError(texts.BEVOLKING_KOLOM_INWONERS.format(bestand=filename))
    known = set(boundaries.wijken["wijk_code"])
    messages: list[str] = list(table.warnings)
    problems: list[str] = []
    unknown: list[str] = []
    totals: dict[str, float] = {}
    seen: dict[str, int] = {}
    for row, line in zip(table.rows, table.row_numbers):
        code, raw = row[wijk_column].strip(), row[count_column].strip()
        if not code and not raw:
            continue
        if code not in known:
            if code not in unknown:
                unknown.append(code)
            continue
        try:
            value = _count(raw)
        except ValueError:
            problems.append(texts.BEVOLKING_GEEN_GETAL.format(lijn=line, waarde=raw[:40]) if raw
                            else texts.BEVOLKING_LEEG.format(lijn=line))
            continue
        if value < 0:
            problems.append(texts.BEVOLKING_NEGATIEF.format(lijn=line, waarde=raw[:40]))
            continue
        totals[code] = totals.get(code, 0.0) + value
        seen[code] = seen.get(code, 0) + 1
    if unknown:
        shown = ", ".join(f"'{c}'" for c in unknown[:10]) + (" …" if len(unknown) > 10 else "")
        messages.append(texts.BEVOLKING_CODES_ONBEKEND.format(aantal=len(unknown), codes=shown))
    messages.extend(problems[:20])
    if len(problems) > 20:
        messages.append(texts.BEVOLKING_MEER_PROBLEMEN.format(aantal=len(problems) - 20))
    if sector_column is None:
        doubles = [c for c, n in seen.items() if n > 1]
        if doubles:
            messages.append(texts.BEVOLKING_DUBBEL.format(codes=", ".join(doubles[:10])))
    if not totals:
        raise ValueError(" ".join([texts.BEVOLKING_GEEN_RIJEN.format(bestand=filename)] + messages))
    result = pd.DataFrame({"wijk_code": list(totals), "inwoners": list(totals.values())})
    result.attrs["meldingen"] = messages
    return result


_WIJK_HEADERS = ("wijkcode", "wijk", "codewijk", "geoitem", "ggw7", "ggw7code", "wijkid", "wijknummer")
_SECTOR_HEADERS = ("sectorcode", "sector", "statsec", "cdsector", "cdrefnissector", "statistischesector", "codesector")
_COUNT_HEADERS = ("inwoners", "aantalinwoners", "bevolking", "populatie", "population", "inw", "totaal", "aantal",
                  "mspopulation")


def _normalise_header(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(name).casefold())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _first(columns: dict[str, int], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in columns:
            return columns[name]
    return None


def _count(text: str) -> float:
    """A count from user text: ``1234``, ``1.234`` or ``1 234`` (thousands), ``12,5``."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("'", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    elif cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    value = float(cleaned)
    if not np.isfinite(value):
        raise ValueError(text)
    return value
