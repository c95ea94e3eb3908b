"""Boundary files that a user brings: read, check the limits and the CRS, repair.

When the official wijken are unavailable, or for an area of their own, a user can upload
a GeoJSON (``.geojson``/``.json``), a GeoPackage (``.gpkg``) or a zipped Shapefile
(``.zip``). Everything is read in memory with pyogrio: nothing from an upload is ever
written to disk. Before GDAL opens anything the content must match the format its
extension promises (so no other GDAL driver, such as VRT or GDALG, which can reference
other files, is ever reached): a zip is checked and repacked
(:mod:`~geo.uploads.zipped_shapefile`), a GeoPackage is looked at with SQLite alone
(:mod:`~geo.uploads.geopackage`: no views, no virtual tables), and a GeoJSON's CRS is
resolved here, offline, never guessed. Then the geometry's limits are checked and the
polygons repaired (:mod:`~geo.uploads.geometry_limits`). :mod:`~geo.uploads.areas`
turns the result into an area.

>>> uploaded = read_boundary_file(data, "wijken.geojson", settings.max_upload_bytes,
...                               limits=BoundaryLimits.from_settings(settings))  # doctest: +SKIP
>>> uploaded.name_fields                                                            # doctest: +SKIP
['naam', 'omschrijving']

Every refusal raises :class:`BoundaryFileError` (a ``ValueError``) with a Dutch message
that tells the user what to change.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError

from geo import texts
from geo.boundaries import LAMBERT72, WGS84, to_lambert
from geo.uploads.geometry_limits import BoundaryLimits, check_coordinates, repair_note, repair_polygons
from geo.uploads.geopackage import UNDEFINED_SRS_IDS, GeoPackageLayer, GeoPackageRefused, check_geopackage
from geo.uploads.refusals import MB, BoundaryFileError, megabytes, shown, unreadable
from geo.uploads.zipped_shapefile import shapefile_from_zip

__all__ = ["MAX_FEATURES", "MB", "BoundaryFileError", "BoundaryLimits", "UploadedBoundaries", "guess_name_fields",
           "read_boundary_file"]

MAX_FEATURES = 5_000
CRS_MARGIN_DEGREES = 2.0           # slack around a CRS's area of use
NAME_COLUMNS = ("naam", "name", "nom", "wijk", "wijknaam", "label", "title")
MAX_CRS_CHARS = 2_000              # a GeoJSON's CRS name longer than this is no CRS name

_FORMATS = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".zip": "zip"}
_DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG", "zip": "ESRI Shapefile"}
_GEOJSON_TYPES = {
    "FeatureCollection", "Feature", "Polygon", "MultiPolygon", "Point", "MultiPoint",
    "LineString", "MultiLineString", "GeometryCollection",
}
_POLYGONAL = ("Polygon", "MultiPolygon")
_KIND_NAMES = {"Point": "punten", "MultiPoint": "punten", "LineString": "lijnen",
               "MultiLineString": "lijnen", "LinearRing": "lijnen"}
_ADDRESS = re.compile(r"^\s*([a-z][a-z0-9+.-]*:)?(//|\\\\)", re.IGNORECASE)
# The OGC's own names for EPSG codes and CRS84 look like web addresses but are resolved offline.
_OGC_CRS_URI = re.compile(r"^https?://www\.opengis\.net/def/crs/(EPSG/0/\d{1,6}|OGC/1\.3/CRS84)$")


@dataclass
class UploadedBoundaries:
    """A checked upload: polygons in EPSG:31370 with the file's own attribute columns.

    ``name_fields`` lists the columns worth offering as the name of each area, best
    guess first. ``layers`` lists the GeoPackage layers that can hold polygons (empty for
    other formats) and ``layer`` the one that was read. ``feature_numbers`` gives, for
    each row of ``frame``, the object's number in the file (1 for the first), so a
    message can point at it.
    """

    frame: gpd.GeoDataFrame
    name_fields: list[str]
    source_crs: str
    warnings: list[str]
    filename: str
    layer: str | None = None
    layers: list[str] = field(default_factory=list)
    feature_numbers: list[int] = field(default_factory=list)


def read_boundary_file(data: bytes, filename: str, max_bytes: int, layer: str | None = None,
                       limits: BoundaryLimits = BoundaryLimits(), keep: str = "polygons",
                       max_features: int = MAX_FEATURES) -> UploadedBoundaries:
    """Read and check an uploaded boundary file; the format follows the extension.

    ``layer`` picks a GeoPackage layer (default: the first layer with polygons); other
    formats ignore it. ``limits`` bounds the vertices (per object and in all), the
    crossings and pieces of a polygon that needs repair, and what a zip may unpack to.
    Invalid geometry is repaired (structure method) and the warnings say what changed;
    empty geometry and points or lines are dropped with a warning. ``keep="all"`` keeps
    points and lines too (a context layer, :mod:`geo.context.files`; only its polygons are
    repaired) and reads GeoPackage layers of any geometry; ``max_features`` bounds the
    objects in the file. Raises :class:`BoundaryFileError` when the file cannot be used.

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
            bestand=filename, grootte=megabytes(len(data), above=max_bytes), max=megabytes(max_bytes)))
    layers: list[str] = []
    declared: CRS | None = None
    chosen: GeoPackageLayer | None = None
    if kind == "zip":
        data = shapefile_from_zip(data, filename, max_bytes, limits.max_unpacked_bytes)
    elif kind == "geojson":
        declared = _check_geojson(data, filename)
    else:
        contents = _check_geopackage(data, filename)
        layers, layer = _choose_layer(data, filename, layer, keep)
        chosen = next((c for c in contents if c.name.lower() == layer.lower()), None)
    frame = _read(data, filename, kind, layer if kind == "gpkg" else None, max_features)
    check_coordinates(frame.geometry.values, filename, limits)
    frame = _with_crs(frame, filename, kind, declared, chosen)
    frame, numbers, source_crs, notes = _clean(frame, filename, limits, keep, max_features)
    return UploadedBoundaries(
        frame=frame,
        name_fields=guess_name_fields(frame),
        source_crs=source_crs,
        warnings=notes,
        filename=filename,
        layer=layer if kind == "gpkg" else None,
        layers=layers,
        feature_numbers=numbers,
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


# Before GDAL ------------------------------------------------------------------------------------

def _format_of(filename: str) -> str:
    extension = PurePosixPath(filename).suffix.lower()
    if extension == ".shp":
        raise BoundaryFileError(texts.UPLOAD_LOSSE_SHP)
    if extension not in _FORMATS:
        raise BoundaryFileError(texts.UPLOAD_TYPE_ONBEKEND.format(extensie=extension or filename))
    return _FORMATS[extension]


def _check_geojson(data: bytes, filename: str) -> CRS | None:
    """Refuse anything that is not a GeoJSON object; the CRS it declares (None: none, so WGS84)."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise unreadable(filename, "geojson") from exc
    if not isinstance(document, dict) or document.get("type") not in _GEOJSON_TYPES:
        raise unreadable(filename, "geojson")
    if "crs" not in document or document["crs"] is None:
        return None
    return _declared_crs(document["crs"], filename)


def _declared_crs(member: object, filename: str) -> CRS:
    """The CRS a GeoJSON's ``crs`` member names, resolved offline; refused when unknown or a web address.

    GDAL would fetch a web address (and fall back to WGS84 without a word for a name it
    does not know), so only a ``{"type": "name"}`` member whose name PROJ knows passes:
    ``EPSG:31370``, ``urn:ogc:def:crs:EPSG::31370``, ``urn:ogc:def:crs:OGC:1.3:CRS84``, or
    the OGC's ``http://www.opengis.net/def/crs/EPSG/0/31370``, which PROJ reads offline.
    """
    properties = member.get("properties") if isinstance(member, dict) else None
    if isinstance(member, dict) and member.get("type") == "link" and isinstance(properties, dict):
        raise BoundaryFileError(texts.UPLOAD_CRS_ADRES.format(bestand=filename, crs=shown(properties.get("href", ""))))
    name = properties.get("name") if isinstance(properties, dict) and member.get("type") == "name" else None
    if not isinstance(name, str):
        said = json.dumps(member, ensure_ascii=False)[:MAX_CRS_CHARS]
        raise BoundaryFileError(texts.UPLOAD_CRS_NIET_HERKEND.format(bestand=filename, crs=shown(said)))
    name = name.strip()
    if _ADDRESS.match(name) and not _OGC_CRS_URI.match(name):
        raise BoundaryFileError(texts.UPLOAD_CRS_ADRES.format(bestand=filename, crs=shown(name)))
    if not name or len(name) > MAX_CRS_CHARS or "init=" in name:
        raise BoundaryFileError(texts.UPLOAD_CRS_NIET_HERKEND.format(bestand=filename, crs=shown(name)))
    try:
        crs = CRS.from_user_input(name)
    except (CRSError, ProjError, ValueError, TypeError) as exc:
        raise BoundaryFileError(texts.UPLOAD_CRS_NIET_HERKEND.format(bestand=filename, crs=shown(name))) from exc
    if crs.is_engineering:
        raise BoundaryFileError(texts.UPLOAD_CRS_NIET_HERKEND.format(bestand=filename, crs=shown(name)))
    return crs


def _check_geopackage(data: bytes, filename: str) -> list[GeoPackageLayer]:
    """The layers of a GeoPackage that SQLite found free of views and virtual tables."""
    try:
        return check_geopackage(data, texts.GPKG_WAT_BESTAND.format(bestand=filename))
    except GeoPackageRefused as exc:
        if exc.unreadable:
            raise unreadable(filename, "gpkg") from exc
        raise BoundaryFileError(str(exc)) from exc


def _choose_layer(data: bytes, filename: str, layer: str | None, keep: str = "polygons") -> tuple[list[str], str]:
    """The GeoPackage layers that can hold polygons (any geometry for ``keep="all"``), and the one to read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            listed = pyogrio.list_layers(data)
    except (RuntimeError, ValueError, OSError) as exc:
        raise unreadable(filename, "gpkg") from exc
    names = [str(name) for name, _ in listed]
    polygons = [str(name) for name, kind in listed if kind and ("Polygon" in kind or "Surface" in kind)]
    generic = [str(name) for name, kind in listed if kind in ("Unknown", "Geometry", "GeometryCollection")]
    candidates = polygons + generic
    if keep == "all":
        candidates = [str(name) for name, kind in listed if kind]
    if layer is not None:
        if layer not in names:
            raise BoundaryFileError(texts.GPKG_LAAG_ONBEKEND.format(
                laag=layer, bestand=filename, lagen=", ".join(candidates or names)))
        return candidates, layer
    if not candidates:
        missing = texts.LAGEN_GPKG_GEEN_GEOMETRIE if keep == "all" else texts.GPKG_GEEN_VLAKKENLAAG
        raise BoundaryFileError(missing.format(bestand=filename))
    return candidates, candidates[0]


# Reading --------------------------------------------------------------------------------------

def _read(data: bytes, filename: str, kind: str, layer: str | None, max_features: int = MAX_FEATURES) -> gpd.GeoDataFrame:
    """Read with pyogrio from memory, after checking the driver and the feature count."""
    options = {"layer": layer} if layer is not None else {}
    try:
        with warnings.catch_warnings():
            # GDAL warns that an in-memory GeoPackage has no .gpkg extension.
            warnings.simplefilter("ignore", RuntimeWarning)
            info = pyogrio.read_info(data, **options)
            if info.get("driver") != _DRIVERS[kind]:
                raise unreadable(filename, kind)
            if info.get("features", 0) > max_features:
                raise BoundaryFileError(texts.UPLOAD_TE_VEEL_OBJECTEN.format(
                    bestand=filename, aantal=info["features"], max=max_features))
            frame = gpd.read_file(data, engine="pyogrio", **options)
    except BoundaryFileError:
        raise
    except (RuntimeError, ValueError, OSError, MemoryError) as exc:
        raise unreadable(filename, kind) from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name is None:
        raise BoundaryFileError(texts.UPLOAD_GEEN_VLAKKEN.format(bestand=filename, soorten="een tabel zonder geometrie"))
    if frame.geometry.name != "geometry":
        frame = frame.rename_geometry("geometry")
    return frame


def _with_crs(frame: gpd.GeoDataFrame, filename: str, kind: str, declared: CRS | None,
              layer: GeoPackageLayer | None) -> gpd.GeoDataFrame:
    """The frame with the CRS its file states; refused when the file states none that is known."""
    if kind == "geojson":
        # RFC 7946: a GeoJSON without a CRS is WGS84. A declared one was resolved before GDAL read it
        # (GDAL itself falls back to WGS84 for a name it does not know).
        return frame.set_crs(declared if declared is not None else WGS84, allow_override=True)
    if layer is not None and layer.srs_id in UNDEFINED_SRS_IDS:
        raise BoundaryFileError(texts.UPLOAD_CRS_NIET_HERKEND.format(bestand=filename, crs=shown(layer.srs)))
    if frame.crs is None:
        if layer is not None and layer.srs:
            raise BoundaryFileError(texts.UPLOAD_CRS_NIET_HERKEND.format(bestand=filename, crs=shown(layer.srs)))
        raise BoundaryFileError(texts.UPLOAD_CRS_ONBEKEND.format(bestand=filename))
    if frame.crs.is_engineering:  # a local grid ("Undefined Cartesian SRS", LOCAL_CS): no place on earth
        raise BoundaryFileError(texts.UPLOAD_CRS_NIET_HERKEND.format(bestand=filename, crs=shown(frame.crs.name)))
    return frame


def _clean(frame: gpd.GeoDataFrame, filename: str, limits: BoundaryLimits, keep: str = "polygons",
           max_features: int = MAX_FEATURES) -> tuple[gpd.GeoDataFrame, list[int], str, list[str]]:
    """Keep polygons (everything for ``keep="all"``), bring them to Lambert 72 and repair the polygons.

    Returns the frame, each row's object number in the file, the source CRS's label and
    the warnings.
    """
    if len(frame) == 0:
        raise BoundaryFileError(texts.UPLOAD_LEEG.format(bestand=filename))
    if len(frame) > max_features:
        raise BoundaryFileError(texts.UPLOAD_TE_VEEL_OBJECTEN.format(bestand=filename, aantal=len(frame), max=max_features))
    geometries = frame.geometry.values
    missing = shapely.is_missing(geometries) | shapely.is_empty(geometries)
    polygonal = np.array([_has_polygon(g) for g in geometries], dtype=bool)
    if missing.all():
        raise BoundaryFileError(texts.UPLOAD_LEEG.format(bestand=filename))
    wanted = ~missing if keep == "all" else polygonal
    others = ~missing & ~wanted
    kinds = _kind_names(geometries[others])
    if not wanted.any():
        raise BoundaryFileError(texts.UPLOAD_GEEN_VLAKKEN.format(bestand=filename, soorten=kinds))
    numbers = np.flatnonzero(wanted) + 1
    frame = frame[wanted].reset_index(drop=True)
    polygonal = polygonal[wanted]

    source_crs = _crs_label(frame.crs)
    _check_fits(frame, filename, source_crs)
    try:
        frame = to_lambert(frame)
    except (CRSError, ProjError, ValueError) as exc:
        raise BoundaryFileError(texts.UPLOAD_CRS_PAST_NIET.format(bestand=filename, crs=source_crs)) from exc
    projected = shapely.get_coordinates(frame.geometry.values)
    if not np.isfinite(projected).all():
        raise BoundaryFileError(texts.UPLOAD_CRS_PAST_NIET.format(bestand=filename, crs=source_crs))

    repaired = np.array(shapely.force_2d(frame.geometry.values), dtype=object)
    repaired[polygonal], report = repair_polygons(repaired[polygonal], numbers[polygonal], filename, limits)
    frame = frame.set_geometry(gpd.GeoSeries(repaired, index=frame.index, crs=LAMBERT72))
    collapsed = shapely.is_empty(frame.geometry.values)
    if collapsed.all():
        raise BoundaryFileError(texts.UPLOAD_LEEG.format(bestand=filename))
    frame = frame[~collapsed].reset_index(drop=True)
    numbers = numbers[~collapsed]

    notes = []
    empty = int(missing.sum()) + int(collapsed.sum())
    if empty:
        notes.append(texts.WAARSCHUWING_ZONDER_GEOMETRIE.format(aantal=empty))
    if others.any():
        notes.append(texts.WAARSCHUWING_GEEN_VLAK.format(aantal=int(others.sum()), soorten=kinds))
    note = repair_note(report)
    if note:
        notes.append(note)
    return frame, [int(n) for n in numbers], source_crs, notes


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


# The CRS --------------------------------------------------------------------------------------

def _crs_label(crs: CRS) -> str:
    epsg = crs.to_epsg(min_confidence=70)
    if epsg:
        return f"EPSG:{epsg}"
    authority = crs.to_authority(min_confidence=70)
    return ":".join(authority) if authority else (crs.name or crs.to_string())


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
