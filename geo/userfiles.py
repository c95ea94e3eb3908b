"""Boundary files that a user brings: read, check, turn into an area, and keep.

When the official wijken are unavailable, or for an area of their own, a user can upload
a GeoJSON (``.geojson``/``.json``), a GeoPackage (``.gpkg``) or a zipped Shapefile
(``.zip``). Everything is read in memory with pyogrio: nothing from an upload is ever
written to disk, a zip is checked (entry names, count, sizes, compression ratio) before a
single byte is decompressed, and the content must match the format its extension
promises before GDAL opens it (so no other GDAL driver, such as VRT or GDALG, which can
reference other files, is ever reached). Each polygon becomes a wijk of one
pseudo-municipality that the rest of the app handles like any other
:class:`~geo.boundaries.Boundaries`.

>>> uploaded = read_boundary_file(data, "wijken.geojson", settings.max_upload_bytes)  # doctest: +SKIP
>>> uploaded.name_fields                                                               # doctest: +SKIP
['naam', 'omschrijving']
>>> area = build_area(uploaded, "naam", "Mijn stad")                                   # doctest: +SKIP
>>> code = save_area(area, folder)                                                     # doctest: +SKIP
>>> load_area(folder, code).gemeente_list()                                            # doctest: +SKIP

Every refusal raises :class:`BoundaryFileError` (a ``ValueError``) with a Dutch message
that tells the user what to change.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import secrets
import shutil
import tempfile
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError
from shapely.errors import GEOSException

from geo import texts
from geo.boundaries import (
    DETAIL_DECIMALS,
    DETAIL_TOLERANCE,
    LAMBERT72,
    OVERVIEW_DECIMALS,
    OVERVIEW_TOLERANCE,
    WGS84,
    Boundaries,
    _normalise,
    _polygonal_part,
    repair,
    to_lambert,
    web_geometry,
)

MB = 1024 * 1024
MAX_FEATURES = 5_000
MAX_ZIP_ENTRIES = 100
ZIP_EXPANSION = 10                 # a zip may unpack to at most ZIP_EXPANSION × max_bytes ...
ZIP_UNPACKED_CAP = 500 * MB        # ... and never to more than this
MAX_COMPRESSION_RATIO = 250        # a real .dbf reaches about 45; zeros reach about 1,000
RATIO_CHECK_FROM = 1 * MB          # tiny entries may compress as well as they like
CRS_MARGIN_DEGREES = 2.0           # slack around a CRS's area of use
AREA_CODE = re.compile(r"eigen-[0-9a-f]{10}")
NAME_COLUMNS = ("naam", "name", "nom", "wijk", "wijknaam", "label", "title")

_FORMATS = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".zip": "zip"}
_FORMAT_NAMES = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "zip": "gezipte shapefile"}
_DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG", "zip": "ESRI Shapefile"}
_GEOJSON_TYPES = {
    "FeatureCollection", "Feature", "Polygon", "MultiPolygon", "Point", "MultiPoint",
    "LineString", "MultiLineString", "GeometryCollection",
}
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SHAPEFILE_PARTS = ("shp", "shx", "dbf", "prj", "cpg")
_REQUIRED_PARTS = ("shp", "shx", "dbf")
_POLYGONAL = ("Polygon", "MultiPolygon")
_KIND_NAMES = {"Point": "punten", "MultiPoint": "punten", "LineString": "lijnen",
               "MultiLineString": "lijnen", "LinearRing": "lijnen"}
_AREA_PARTS = ("wijken", "gemeenten", "wijken_web", "wijken_overview")
_AREA_META = "gebied.json"
_CHUNK = 1 << 20


class BoundaryFileError(ValueError):
    """A boundary file or saved area is refused; the message is Dutch and meant for the user."""


@dataclass
class UploadedBoundaries:
    """A checked upload: polygons in EPSG:31370 with the file's own attribute columns.

    ``name_fields`` lists the columns worth offering as the name of each area, best
    guess first. ``layers`` lists the GeoPackage layers that can hold polygons (empty for
    other formats) and ``layer`` the one that was read.
    """

    frame: gpd.GeoDataFrame
    name_fields: list[str]
    source_crs: str
    warnings: list[str]
    filename: str
    layer: str | None = None
    layers: list[str] = field(default_factory=list)


def read_boundary_file(data: bytes, filename: str, max_bytes: int, layer: str | None = None) -> UploadedBoundaries:
    """Read and check an uploaded boundary file; the format follows the extension.

    ``layer`` picks a GeoPackage layer (default: the first layer with polygons); other
    formats ignore it. Invalid geometry is repaired, empty geometry and points or lines
    are dropped with a warning. Raises :class:`BoundaryFileError` when the file cannot
    be used.

    >>> geojson = (b'{"type": "FeatureCollection", "features": [{"type": "Feature", '
    ...     b'"properties": {"naam": "Centrum"}, "geometry": {"type": "Polygon", '
    ...     b'"coordinates": [[[4.47, 51.02], [4.48, 51.02], [4.48, 51.03], [4.47, 51.02]]]}}]}')
    >>> uploaded = read_boundary_file(geojson, "wijk.geojson", 20 * MB)
    >>> uploaded.source_crs, uploaded.name_fields, uploaded.frame.crs.to_epsg()
    ('EPSG:4326', ['naam'], 31370)
    """
    filename = PurePosixPath(str(filename).replace("\\", "/")).name
    data = bytes(data)  # pyogrio treats only real bytes as a buffer
    kind = _format_of(filename)
    if len(data) == 0:
        raise BoundaryFileError(texts.UPLOAD_LEEG.format(bestand=filename))
    if len(data) > max_bytes:
        raise BoundaryFileError(texts.UPLOAD_TE_GROOT.format(
            bestand=filename, grootte=_megabytes(len(data), above=max_bytes), max=_megabytes(max_bytes)))
    layers: list[str] = []
    if kind == "zip":
        data = _shapefile_from_zip(data, filename, max_bytes)
    elif kind == "geojson":
        _check_geojson(data, filename)
    else:
        if not data.startswith(_SQLITE_MAGIC):
            raise _unreadable(filename, kind)
        layers, layer = _choose_layer(data, filename, layer)
    frame = _read(data, filename, kind, layer if kind == "gpkg" else None)
    frame, source_crs, notes = _clean(frame, filename, kind)
    return UploadedBoundaries(
        frame=frame,
        name_fields=guess_name_fields(frame),
        source_crs=source_crs,
        warnings=notes,
        filename=filename,
        layer=layer if kind == "gpkg" else None,
        layers=layers,
    )


def guess_name_fields(frame: gpd.GeoDataFrame) -> list[str]:
    """Columns that may hold area names, best guess first.

    First columns called like a name (``naam``, ``name``, ``nom``, ``wijk``, ``wijknaam``,
    ``label``, ``title``, in that order, case ignored), then text columns whose values are
    mostly unique (most unique first), then the other text columns. A file without text
    columns offers all its attribute columns.
    """
    rank = {name: position for position, name in enumerate(NAME_COLUMNS)}
    named: list[tuple[int, str]] = []
    unique: list[tuple[float, str]] = []
    other_text: list[str] = []
    rest: list[str] = []
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        values = frame[column]
        filled = int(values.notna().sum())
        key = str(column).strip().casefold()
        if key in rank:
            named.append((rank[key], column))
        elif filled == 0:
            continue
        elif pd.api.types.infer_dtype(values, skipna=True) == "string":
            share = values.nunique(dropna=True) / filled
            if share >= 0.5:
                unique.append((share, column))
            else:
                other_text.append(column)
        else:
            rest.append(column)
    named.sort(key=lambda item: item[0])
    unique.sort(key=lambda item: -item[0])
    fields = [c for _, c in named] + [c for _, c in unique] + other_text
    return fields if fields else rest


def build_area(uploaded: UploadedBoundaries, name_field: str | None, title: str) -> Boundaries:
    """Turn an upload into the boundaries of one custom area.

    Every polygon becomes a wijk (``<code>-001``, ``<code>-002``, …) named from
    ``name_field`` (``None``: no names; blank names become "Gebied <n>"), of one
    pseudo-municipality ``<code>`` called ``title`` whose geometry is their union. The
    code is ``eigen-`` plus 10 hex digits of the SHA-256 of the geometry, so the same
    polygons always give the same code. Names are kept exactly as written (escape
    them when you display them).
    """
    frame = uploaded.frame
    if name_field is not None and (name_field not in frame.columns or name_field == frame.geometry.name):
        choices = uploaded.name_fields or [c for c in frame.columns if c != frame.geometry.name]
        raise BoundaryFileError(texts.NAAMVELD_ONBEKEND.format(veld=name_field, velden=", ".join(map(str, choices))))
    code = area_code(frame)
    title = str(title).strip() or PurePosixPath(uploaded.filename).stem.strip() or code
    count = len(frame)
    values = frame[name_field] if name_field is not None else [None] * count
    names = [_as_text(value) or texts.GEBIED_ZONDER_NAAM.format(nummer=number)
             for number, value in enumerate(values, start=1)]
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
        outline = shapely.make_valid(outline)
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
    return "eigen-" + digest.hexdigest()[:10]


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


# Reading ------------------------------------------------------------------------------------

def _format_of(filename: str) -> str:
    extension = PurePosixPath(filename).suffix.lower()
    if extension == ".shp":
        raise BoundaryFileError(texts.UPLOAD_LOSSE_SHP)
    if extension not in _FORMATS:
        raise BoundaryFileError(texts.UPLOAD_TYPE_ONBEKEND.format(extensie=extension or filename))
    return _FORMATS[extension]


def _unreadable(filename: str, kind: str) -> BoundaryFileError:
    return BoundaryFileError(texts.UPLOAD_ONLEESBAAR.format(bestand=filename, formaat=_FORMAT_NAMES[kind]))


def _check_geojson(data: bytes, filename: str) -> None:
    """Refuse anything that is not a GeoJSON object, and CRS references GDAL might fetch."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise _unreadable(filename, "geojson") from exc
    if not isinstance(document, dict) or document.get("type") not in _GEOJSON_TYPES:
        raise _unreadable(filename, "geojson")
    crs = document.get("crs")
    if crs is not None and not (isinstance(crs, dict) and crs.get("type") == "name"):
        raise BoundaryFileError(texts.UPLOAD_CRS_ONBEKEND.format(bestand=filename))


def _choose_layer(data: bytes, filename: str, layer: str | None) -> tuple[list[str], str]:
    """The GeoPackage layers that can hold polygons, and the one to read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            listed = pyogrio.list_layers(data)
    except (RuntimeError, ValueError, OSError) as exc:
        raise _unreadable(filename, "gpkg") from exc
    names = [str(name) for name, _ in listed]
    polygons = [str(name) for name, kind in listed if kind and ("Polygon" in kind or "Surface" in kind)]
    generic = [str(name) for name, kind in listed if kind in ("Unknown", "Geometry", "GeometryCollection")]
    candidates = polygons + generic
    if layer is not None:
        if layer not in names:
            raise BoundaryFileError(texts.GPKG_LAAG_ONBEKEND.format(
                laag=layer, bestand=filename, lagen=", ".join(candidates or names)))
        return candidates, layer
    if not candidates:
        raise BoundaryFileError(texts.GPKG_GEEN_VLAKKENLAAG.format(bestand=filename))
    return candidates, candidates[0]


def _read(data: bytes, filename: str, kind: str, layer: str | None) -> gpd.GeoDataFrame:
    """Read with pyogrio from memory, after checking the driver and the feature count."""
    options = {"layer": layer} if layer is not None else {}
    try:
        with warnings.catch_warnings():
            # GDAL warns that an in-memory GeoPackage has no .gpkg extension.
            warnings.simplefilter("ignore", RuntimeWarning)
            info = pyogrio.read_info(data, **options)
            if info.get("driver") != _DRIVERS[kind]:
                raise _unreadable(filename, kind)
            if info.get("features", 0) > MAX_FEATURES:
                raise BoundaryFileError(texts.UPLOAD_TE_VEEL_OBJECTEN.format(
                    bestand=filename, aantal=info["features"], max=MAX_FEATURES))
            frame = gpd.read_file(data, engine="pyogrio", **options)
    except BoundaryFileError:
        raise
    except (RuntimeError, ValueError, OSError, MemoryError) as exc:
        raise _unreadable(filename, kind) from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name is None:
        raise BoundaryFileError(texts.UPLOAD_GEEN_VLAKKEN.format(bestand=filename, soorten="een tabel zonder geometrie"))
    if frame.geometry.name != "geometry":
        frame = frame.rename_geometry("geometry")
    return frame


def _clean(frame: gpd.GeoDataFrame, filename: str, kind: str) -> tuple[gpd.GeoDataFrame, str, list[str]]:
    """Keep polygons, bring them to Lambert 72 and repair them; returns the warnings too."""
    if len(frame) == 0:
        raise BoundaryFileError(texts.UPLOAD_LEEG.format(bestand=filename))
    if len(frame) > MAX_FEATURES:
        raise BoundaryFileError(texts.UPLOAD_TE_VEEL_OBJECTEN.format(bestand=filename, aantal=len(frame), max=MAX_FEATURES))
    geometries = frame.geometry.values
    missing = shapely.is_missing(geometries) | shapely.is_empty(geometries)
    polygonal = np.array([_has_polygon(g) for g in geometries], dtype=bool)
    if missing.all():
        raise BoundaryFileError(texts.UPLOAD_LEEG.format(bestand=filename))
    others = ~missing & ~polygonal
    kinds = _kind_names(geometries[others])
    if not polygonal.any():
        raise BoundaryFileError(texts.UPLOAD_GEEN_VLAKKEN.format(bestand=filename, soorten=kinds))
    frame = frame[polygonal].reset_index(drop=True)

    if frame.crs is None:
        if kind != "geojson":
            raise BoundaryFileError(texts.UPLOAD_CRS_ONBEKEND.format(bestand=filename))
        frame = frame.set_crs(WGS84)  # RFC 7946: GeoJSON without a CRS is WGS84
    source_crs = _crs_label(frame.crs)
    _check_fits(frame, filename, source_crs)
    try:
        frame = to_lambert(frame)
    except (CRSError, ProjError, ValueError) as exc:
        raise BoundaryFileError(texts.UPLOAD_CRS_PAST_NIET.format(bestand=filename, crs=source_crs)) from exc
    if not np.all(np.isfinite(frame.total_bounds)):
        raise BoundaryFileError(texts.UPLOAD_CRS_PAST_NIET.format(bestand=filename, crs=source_crs))

    geometries = shapely.force_2d(frame.geometry.values)
    invalid = int((~shapely.is_valid(geometries)).sum())
    repaired = repair(gpd.GeoSeries(geometries, index=frame.index, crs=LAMBERT72))
    frame = frame.set_geometry(repaired)
    collapsed = shapely.is_empty(frame.geometry.values)
    if collapsed.all():
        raise BoundaryFileError(texts.UPLOAD_LEEG.format(bestand=filename))
    frame = frame[~collapsed].reset_index(drop=True)

    notes = []
    empty = int(missing.sum()) + int(collapsed.sum())
    if empty:
        notes.append(texts.WAARSCHUWING_ZONDER_GEOMETRIE.format(aantal=empty))
    if others.any():
        notes.append(texts.WAARSCHUWING_GEEN_VLAK.format(aantal=int(others.sum()), soorten=kinds))
    if invalid:
        notes.append(texts.WAARSCHUWING_HERSTELD.format(aantal=invalid))
    return frame, source_crs, notes


def _has_polygon(geometry) -> bool:
    if geometry is None or geometry.is_empty:
        return False
    if geometry.geom_type in _POLYGONAL:
        return True
    return any(_has_polygon(part) for part in getattr(geometry, "geoms", ()))


def _kind_names(geometries) -> str:
    names: list[str] = []
    for geometry in geometries:
        name = _KIND_NAMES.get(geometry.geom_type, "andere geometrie")
        if name not in names:
            names.append(name)
    return " en ".join(names) if names else "lege geometrie"


def _crs_label(crs: CRS) -> str:
    epsg = crs.to_epsg(min_confidence=70)
    return f"EPSG:{epsg}" if epsg else (crs.name or crs.to_string())


def _check_fits(frame: gpd.GeoDataFrame, filename: str, label: str) -> None:
    """Refuse a CRS when the coordinates clearly lie outside what it can describe."""
    crs = frame.crs
    misfit = BoundaryFileError(texts.UPLOAD_CRS_PAST_NIET.format(bestand=filename, crs=label))
    west, south, east, north = frame.total_bounds
    if not np.all(np.isfinite([west, south, east, north])):
        raise misfit
    looks_like_degrees = -180 <= west and east <= 180 and -90 <= south and north <= 90
    if crs.is_geographic and not looks_like_degrees:
        raise misfit
    if crs.is_projected and looks_like_degrees:
        # Degrees under a metre-based CRS: everything within a few hundred metres of its origin.
        raise misfit
    area = crs.area_of_use
    if area is None or area.west > area.east:  # unknown, or across the antimeridian
        return
    try:
        transformer = Transformer.from_crs(crs, WGS84, always_xy=True)
        lon0, lat0, lon1, lat1 = transformer.transform_bounds(west, south, east, north, densify_pts=21)
    except (ProjError, CRSError, ValueError) as exc:
        raise misfit from exc
    margin = CRS_MARGIN_DEGREES
    if not np.all(np.isfinite([lon0, lat0, lon1, lat1])) or (
            lon1 < area.west - margin or lon0 > area.east + margin
            or lat1 < area.south - margin or lat0 > area.north + margin):
        raise misfit


# Zipped shapefiles ---------------------------------------------------------------------------

def _shapefile_from_zip(data: bytes, filename: str, max_bytes: int) -> bytes:
    """Check a zip, then repack its one shapefile, flat and uncompressed, in memory.

    Every entry name, the entry count, the total unpacked size and each entry's
    compression ratio are checked on the central directory before anything is
    decompressed; only the shapefile's own parts are ever read, each with a hard byte
    budget. The repacked zip holds nothing but ``upload.shp/.shx/.dbf/.prj/.cpg``, which
    pyogrio reads through GDAL's in-memory zip support.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _unreadable(filename, "zip") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise BoundaryFileError(texts.ZIP_TE_VEEL_BESTANDEN.format(
                bestand=filename, aantal=len(entries), max=MAX_ZIP_ENTRIES))
        for entry in entries:
            if _unsafe_name(entry.filename):
                raise BoundaryFileError(texts.ZIP_ONVEILIGE_NAAM.format(bestand=filename, naam=entry.filename[:200]))
        limit = min(ZIP_EXPANSION * max_bytes, ZIP_UNPACKED_CAP)
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > limit:
            raise BoundaryFileError(texts.ZIP_TE_GROOT.format(
                bestand=filename, grootte=_megabytes(unpacked, above=limit), max=_megabytes(limit)))
        for entry in entries:
            if entry.file_size > RATIO_CHECK_FROM and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
                raise BoundaryFileError(texts.ZIP_COMPRESSIE.format(
                    bestand=filename, naam=entry.filename[:200],
                    verhouding=entry.file_size // max(entry.compress_size, 1)))
        if any(entry.flag_bits & 0x1 for entry in entries):
            raise BoundaryFileError(texts.ZIP_VERSLEUTELD.format(bestand=filename))

        files = [e for e in entries if not e.is_dir() and not _is_junk(e.filename)]
        shapefiles = [e for e in files if e.filename.lower().endswith(".shp")]
        if not shapefiles:
            raise BoundaryFileError(texts.ZIP_GEEN_SHAPEFILE.format(bestand=filename))
        if len(shapefiles) > 1:
            raise BoundaryFileError(texts.ZIP_MEERDERE_SHAPEFILES.format(
                bestand=filename, namen=", ".join(PurePosixPath(e.filename).name for e in shapefiles[:10])))
        stem = shapefiles[0].filename[:-len(".shp")].lower()
        by_name = {e.filename.lower(): e for e in files}
        parts = {ext: by_name.get(f"{stem}.{ext}") for ext in _SHAPEFILE_PARTS}
        missing = [f".{ext}" for ext in _REQUIRED_PARTS if parts[ext] is None]
        if missing:
            raise BoundaryFileError(texts.ZIP_ONVOLLEDIG.format(
                naam=PurePosixPath(shapefiles[0].filename).name, ontbrekend=", ".join(missing)))

        flat = io.BytesIO()
        with zipfile.ZipFile(flat, "w", compression=zipfile.ZIP_STORED) as repacked:
            for ext, entry in parts.items():
                if entry is not None:
                    repacked.writestr(f"upload.{ext}", _read_entry(archive, entry, filename))
        return flat.getvalue()


def _read_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, filename: str) -> bytes:
    """Decompress one entry, never past the size its header declared."""
    chunks, size = [], 0
    try:
        with archive.open(entry) as handle:
            while block := handle.read(_CHUNK):
                size += len(block)
                if size > entry.file_size:
                    raise _unreadable(filename, "zip")
                chunks.append(block)
    except BoundaryFileError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error) as exc:
        raise _unreadable(filename, "zip") from exc
    return b"".join(chunks)


def _unsafe_name(name: str) -> bool:
    """True for an absolute path, a drive letter, a NUL byte or a ``..`` component."""
    normal = name.replace("\\", "/")
    if normal.startswith("/") or re.match(r"[A-Za-z]:", normal) or "\x00" in normal:
        return True
    return ".." in normal.split("/")


def _is_junk(name: str) -> bool:
    """macOS resource forks (``__MACOSX/``, ``._name``) that Finder adds to a zip."""
    parts = name.replace("\\", "/").split("/")
    return "__MACOSX" in parts or parts[-1].startswith("._")


# Areas -----------------------------------------------------------------------------------------

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


def _megabytes(size: int, above: int | None = None) -> str:
    """A size in MB the Dutch way (``20``, ``0,5``, ``1,5``), shown larger than ``above``."""
    value = size / MB
    text = f"{value:.3g}" if above is None else f"{value:.1f}"
    if above is not None and float(text) <= above / MB:
        text = f"{math.ceil(value * 100) / 100:.2f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
