"""A user's own area: built from a checked boundary file, kept as GeoParquet, listed, opened, removed.

Each polygon of an :class:`~geo.uploads.boundary_files.UploadedBoundaries` becomes a wijk
of one pseudo-municipality that the rest of the app handles like any other
:class:`~geo.boundaries.Boundaries`. Saved areas live in ``<folder>/<code>/``; the code
(``eigen-`` plus 10 hex digits) is checked before any path is built from it.

>>> area = build_area(uploaded, "naam", "Mijn stad")   # doctest: +SKIP
>>> code = save_area(area, folder)                      # doctest: +SKIP
>>> load_area(folder, code).gemeente_list()             # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pandas as pd
import shapely
from shapely.errors import GEOSException

from geo import texts
from geo.boundaries import (
    DETAIL_DECIMALS,
    DETAIL_TOLERANCE,
    LAMBERT72,
    OVERVIEW_DECIMALS,
    OVERVIEW_TOLERANCE,
    Boundaries,
    _normalise,
    _polygonal_part,
    web_geometry,
)
from geo.uploads.boundary_files import UploadedBoundaries
from geo.uploads.geometry_limits import BoundaryLimits
from geo.uploads.refusals import BoundaryFileError, shown

AREA_PREFIX = "eigen-"
"""The start of the code of an area an organiser uploaded (its municipality code everywhere)."""
AREA_CODE = re.compile(AREA_PREFIX + r"[0-9a-f]{10}")

_AREA_PARTS = ("wijken", "gemeenten", "wijken_web", "wijken_overview")
_AREA_META = "gebied.json"


def build_area(uploaded: UploadedBoundaries, name_field: str | None, title: str,
               limits: BoundaryLimits = BoundaryLimits()) -> Boundaries:
    """Turn an upload into the boundaries of one custom area.

    Every polygon becomes a wijk (``<code>-001``, ``<code>-002``, …) named from
    ``name_field`` (``None``: no names; blank names become "Gebied <n>"), of one
    pseudo-municipality ``<code>`` called ``title`` whose geometry is their union. The
    code is ``eigen-`` plus 10 hex digits of the SHA-256 of the geometry, so the same
    polygons always give the same code. Names are kept exactly as written (escape
    them when you display them); a name or title longer than ``limits.max_name_chars``
    is refused with :class:`~geo.uploads.refusals.BoundaryFileError`.
    """
    frame = uploaded.frame
    if name_field is not None and (name_field not in frame.columns or name_field == frame.geometry.name):
        choices = uploaded.name_fields or [c for c in frame.columns if c != frame.geometry.name]
        raise BoundaryFileError(texts.NAAMVELD_ONBEKEND.format(veld=name_field, velden=", ".join(map(str, choices))))
    code = area_code(frame)
    title = str(title).strip() or PurePosixPath(uploaded.filename).stem.strip() or code
    if len(title) > limits.max_name_chars:
        raise BoundaryFileError(texts.GRENS_TITEL_TE_LANG.format(lengte=len(title), max=limits.max_name_chars))
    count = len(frame)
    values = [_as_text(value) for value in frame[name_field]] if name_field is not None else [""] * count
    numbers = list(uploaded.feature_numbers) if len(uploaded.feature_numbers) == count else range(1, count + 1)
    for number, value in zip(numbers, values):
        if len(value) > limits.max_name_chars:
            raise BoundaryFileError(texts.GRENS_NAAM_TE_LANG.format(
                nummer=number, veld=shown(name_field), lengte=len(value), max=limits.max_name_chars))
    names = [value or texts.GEBIED_ZONDER_NAAM.format(nummer=number) for number, value in enumerate(values, start=1)]
    wijken = gpd.GeoDataFrame({
        "wijk_code": [f"{code}-{number:03d}" for number in range(1, count + 1)],
        "wijk_naam": names,
        "gemeente_nis": [code] * count,
        "gemeente_naam": [title] * count,
    }, geometry=list(frame.geometry.values), crs=LAMBERT72)
    wijken["oppervlakte_km2"] = (wijken.area / 1e6).round(4)
    wijken = wijken[["wijk_code", "wijk_naam", "gemeente_nis", "gemeente_naam", "oppervlakte_km2", "geometry"]]
    outline = shapely.union_all(wijken.geometry.values)
    if not outline.is_valid:
        outline = shapely.make_valid(outline, method="structure", keep_collapsed=False)
    gemeenten = gpd.GeoDataFrame({
        "gemeente_nis": [code],
        "gemeente_naam": [title],
        "wijken": [count],
    }, geometry=[_polygonal_part(outline)], crs=LAMBERT72)
    return Boundaries(
        wijken=wijken,
        gemeenten=gemeenten,
        wijken_web=_web_layer(wijken, DETAIL_TOLERANCE, DETAIL_DECIMALS),
        wijken_overview=_web_layer(wijken, OVERVIEW_TOLERANCE, OVERVIEW_DECIMALS),
        attribution=(texts.EIGEN_GEBIED_BRON.format(bestand=uploaded.filename),),
        fingerprint=code,
    )


def area_code(frame: gpd.GeoDataFrame) -> str:
    """``eigen-`` plus the first 10 hex digits of the SHA-256 of the geometry (WKB)."""
    digest = hashlib.sha256()
    for wkb in shapely.to_wkb(frame.geometry.values):
        digest.update(wkb)
    return AREA_PREFIX + digest.hexdigest()[:10]


def save_area(boundaries: Boundaries, folder: Path) -> str:
    """Keep a custom area in ``folder/<code>/`` as GeoParquet and return its code.

    The files are written into a staging folder that then replaces the area in one
    rename, so a half-written area is never read; saving the same code again replaces it.
    """
    code = str(boundaries.fingerprint or boundaries.gemeenten["gemeente_nis"].iloc[0])
    _check_code(code)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / code
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=".opslaan-"))
    old = None
    try:
        for part in _AREA_PARTS:
            getattr(boundaries, part).to_parquet(staging / f"{part}.parquet")
        meta = {
            "code": code,
            "titel": str(boundaries.gemeenten["gemeente_naam"].iloc[0]),
            "attributie": list(boundaries.attribution),
        }
        (staging / _AREA_META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        old = _move_aside(folder, target)
        os.replace(staging, target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None and not target.exists():
            os.replace(old, target)  # put the previous version back
            old = None
        if not _is_complete(target):
            raise
        # Another process saved the same area at the same moment; its copy is equally good.
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return code


def list_areas(folder: Path) -> list[tuple[str, str]]:
    """``(code, title)`` of every saved custom area, sorted by title."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    areas = []
    for entry in folder.iterdir():
        if not AREA_CODE.fullmatch(entry.name) or not _is_complete(entry):
            continue
        meta = _read_meta(entry)
        if meta is not None:
            areas.append((entry.name, str(meta.get("titel") or entry.name)))
    return sorted(areas, key=lambda area: (_normalise(area[1]), area[0]))


def load_area(folder: Path, code: str) -> Boundaries:
    """The saved custom area ``code``; the code is checked before any path is built."""
    _check_code(code)
    path = Path(folder) / code
    if not path.is_dir():
        raise BoundaryFileError(texts.EIGEN_GEBIED_ONBEKEND.format(code=code))
    meta = _read_meta(path)
    try:
        if meta is None or meta.get("code") != code:
            raise ValueError("metadata missing or not of this area")
        frames = {part: gpd.read_parquet(path / f"{part}.parquet") for part in _AREA_PARTS}
    except (OSError, ValueError) as exc:
        raise BoundaryFileError(texts.EIGEN_GEBIED_BESCHADIGD.format(code=code)) from exc
    attribution = tuple(str(line) for line in meta.get("attributie", ()))
    return Boundaries(**frames, attribution=attribution, fingerprint=code)


def delete_area(folder: Path, code: str) -> bool:
    """Remove a saved custom area; False when there was none."""
    _check_code(code)
    folder = Path(folder)
    path = folder / code
    if path.is_symlink():
        path.unlink()
        return True
    old = _move_aside(folder, path)
    if old is None:
        return False
    shutil.rmtree(old, ignore_errors=True)
    return True


def _as_text(value) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # lists and arrays have no single truth value
        pass
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _web_layer(wijken: gpd.GeoDataFrame, tolerance: float, decimals: int) -> gpd.GeoDataFrame:
    """Browser geometry: coverage simplification, or per polygon when it is no coverage."""
    try:
        if bool(shapely.coverage_is_valid(wijken.geometry.values)):
            web = web_geometry(wijken, tolerance, decimals)
            if not shapely.is_empty(web.geometry.values).any():
                return web
    except GEOSException:
        pass
    # Overlapping or gapped polygons: simplify each on its own (shared borders may drift).
    return web_geometry(wijken, tolerance, decimals, coverage=False)


def _check_code(code: object) -> None:
    if not isinstance(code, str) or not AREA_CODE.fullmatch(code):
        raise BoundaryFileError(texts.EIGEN_GEBIED_CODE_ONGELDIG.format(code=str(code)[:60]))


def _is_complete(path: Path) -> bool:
    return path.is_dir() and all((path / f"{part}.parquet").is_file() for part in _AREA_PARTS) \
        and (path / _AREA_META).is_file()


def _read_meta(path: Path) -> dict | None:
    try:
        meta = json.loads((path / _AREA_META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _move_aside(folder: Path, path: Path) -> Path | None:
    """Rename ``path`` to a hidden name in ``folder`` (to delete it); None if it is not there."""
    aside = folder / f".weg-{path.name}-{secrets.token_hex(4)}"
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        return None
    return aside
