"""Exports that spreadsheets open safely and correctly.

Values that start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are run as
formulas by Excel and LibreOffice; :func:`neutralise` prefixes them with an apostrophe.
CSV for Excel NL-BE: ``;`` separator, UTF-8 with BOM, optionally decimal comma.

>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from geo.context.analysis import COUNT_COLUMNS, DISTANCE_COLUMNS
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


CONTEXT_COLUMNS = (*COUNT_COLUMNS, *DISTANCE_COLUMNS)
VIEW_COLUMNS = ("partner_geen_deelauto", "deelauto_geen_partner")
COVERAGE_COLUMNS = ("wijk_code", "wijk_naam", "partners", "vertrouwde_partners", "categorieen",
                    "ontbrekende_categorieen", "gedekt_aandeel", "witte_vlek", "inwoners_gedekt")


def coverage_table(coverage: pd.DataFrame) -> pd.DataFrame:
    """The coverage per wijk as a flat table with the documented columns.

    ``categorieen`` and ``ontbrekende_categorieen`` become comma-separated category
    codes, ``witte_vlek`` the text ``true``/``false``, ``inwoners_gedekt`` empty when the
    population is unknown. With context layers (:func:`geo.context.per_wijk.with_context`)
    the counts per kind and the distances to the nearest shared car and station follow
    (whole numbers, empty when none is known), and the two views of Dekking as ``true``/``false``.
    """
    table = pd.DataFrame({
        "wijk_code": coverage["wijk_code"].astype(str),
        "wijk_naam": coverage["wijk_naam"].astype(str),
        "partners": coverage["partners"].astype(int),
        "vertrouwde_partners": coverage["vertrouwde_partners"].astype(int),
        "categorieen": [",".join(codes) for codes in coverage["categorieen"]],
        "ontbrekende_categorieen": [",".join(codes) for codes in coverage["ontbrekende_categorieen"]],
        "gedekt_aandeel": coverage["gedekt_aandeel"].astype(float).round(4),
        "witte_vlek": ["true" if spot else "false" for spot in coverage["witte_vlek"]],
        # Nullable integers: a count stays "2000" (not "2000,0") next to an unknown, empty one.
        "inwoners_gedekt": pd.array([None if pd.isna(v) else int(round(v)) for v in coverage["inwoners_gedekt"]],
                                    dtype="Int64"),
    })
    for column in CONTEXT_COLUMNS:
        if column in coverage:
            table[column] = pd.array([None if pd.isna(v) else int(round(v)) for v in coverage[column]], dtype="Int64")
    for column in VIEW_COLUMNS:
        if column in coverage:
            table[column] = ["true" if flag else "false" for flag in coverage[column]]
    return table.reset_index(drop=True)


def coverage_csv(coverage: pd.DataFrame, attribution: Sequence[str], decimal_comma: bool = True) -> bytes:
    """The coverage table as CSV for Excel NL-BE (decimal comma by default)."""
    return csv_bytes(coverage_table(coverage), decimal_comma=decimal_comma, attribution=attribution)


def coverage_geojson(coverage, attribution: Sequence[str]) -> bytes:
    """The coverage per wijk as GeoJSON (WGS84), the sources in a ``bronnen`` member."""
    frame = _coverage_layer(coverage, attribution).to_crs(4326)
    document = json.loads(frame.to_json(drop_id=True))
    document["bronnen"] = list(attribution)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def coverage_gpkg(coverage, attribution: Sequence[str]) -> bytes:
    """The coverage per wijk as a GeoPackage (EPSG:31370, layer ``dekking``)."""
    frame = _coverage_layer(coverage, attribution)
    with tempfile.TemporaryDirectory(prefix="partnerkaart-") as folder:
        path = Path(folder) / "dekking.gpkg"
        frame.to_file(path, layer="dekking", driver="GPKG", engine="pyogrio",
                      layer_metadata={"BRONNEN": " · ".join(attribution)})
        return path.read_bytes()


def _coverage_layer(coverage, attribution: Sequence[str]):
    import geopandas as gpd

    table = coverage_table(coverage)
    table["witte_vlek"] = coverage["witte_vlek"].astype(bool).to_numpy()
    table["bronnen"] = " · ".join(attribution)
    return gpd.GeoDataFrame(table, geometry=coverage.geometry.to_numpy(), crs=coverage.crs)
