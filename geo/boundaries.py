"""Wijken and municipalities: load, repair, reproject, link, and prepare for the browser.

Analysis uses the full geometry in Belgian Lambert 72 (EPSG:31370, metres). The browser
gets a topology-preserving simplification (neighbouring wijken keep sharing their
borders) in WGS84 with coordinates rounded to a fixed grid. Prepared layers are written
as GeoParquet into the cache, keyed by the fingerprint of the source files, so a restart
reads them in a fraction of a second instead of preparing them again.

>>> b = load_boundaries(load_settings())          # doctest: +SKIP
>>> len(b.wijken_of("12025"))                     # Mechelen      # doctest: +SKIP
12
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from geo import texts
from geo.config import Settings
from geo.sources import layer_files

LAMBERT72 = CRS.from_epsg(31370)
WGS84 = CRS.from_epsg(4326)
_TO_LAMBERT = Transformer.from_crs(WGS84, LAMBERT72, always_xy=True)
WIJK_LAYER = "ggw7"
GEMEENTE_LAYER = "gemeente"
DEELGEMEENTE_LAYER = "deelgemeente"
PREPARE_VERSION = "5"
DEELGEMEENTE_COLUMNS = ["deelgemeente_code", "deelgemeente_naam", "gemeente_nis"]

# Simplification tolerances (metres, Lambert 72) and coordinate grids (decimal degrees).
DETAIL_TOLERANCE = 40.0
DETAIL_DECIMALS = 5
OVERVIEW_TOLERANCE = 250.0
OVERVIEW_DECIMALS = 4

ATTRIBUTION_WIJKEN = (
    "Wijken voor omgevingsanalyse. © gemeentebesturen, verzameld door Data & Analyse van de "
    "Vlaamse provincies"
)
ATTRIBUTION_STATBEL = "Statbel (Algemene Directie Statistiek - Statistics Belgium)"
ATTRIBUTION = (ATTRIBUTION_WIJKEN, ATTRIBUTION_STATBEL)


@dataclass
class Boundaries:
    """The prepared boundary layers.

    ``wijken`` and ``gemeenten`` hold full geometry in EPSG:31370. ``wijken_web`` and
    ``wijken_overview`` hold simplified WGS84 geometry for the browser (detail and
    all-of-Flanders level). Wijk columns: ``wijk_code, wijk_naam, gemeente_nis,
    gemeente_naam, oppervlakte_km2``. ``deelgemeenten`` is a plain table (no geometry) of
    the sub-municipalities and the 2025 municipality that holds each: ``deelgemeente_code,
    deelgemeente_naam, gemeente_nis`` (empty for an uploaded area).
    """

    wijken: gpd.GeoDataFrame
    gemeenten: gpd.GeoDataFrame
    wijken_web: gpd.GeoDataFrame
    wijken_overview: gpd.GeoDataFrame
    attribution: tuple[str, ...] = ATTRIBUTION
    fingerprint: str = ""
    deelgemeenten: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DEELGEMEENTE_COLUMNS))
    _name_index: dict[str, str] = field(default_factory=dict, repr=False)
    _per_municipality: dict[tuple[str, str], object] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._name_index = {_normalise(n): nis for nis, n in zip(self.gemeenten["gemeente_nis"], self.gemeenten["gemeente_naam"])}

    def gemeente_list(self) -> pd.DataFrame:
        """All municipalities sorted by name: ``nis, naam, wijken`` (a copy: yours to change)."""
        return self._gemeente_list.copy()

    @cached_property
    def _gemeente_list(self) -> pd.DataFrame:
        table = self.gemeenten[["gemeente_nis", "gemeente_naam", "wijken"]].rename(
            columns={"gemeente_nis": "nis", "gemeente_naam": "naam"})
        return table.sort_values("naam", key=lambda s: s.map(_normalise)).reset_index(drop=True)

    def find_gemeente(self, query: str | None) -> str | None:
        """The NIS code for a NIS code or a municipality name (case and accents ignored)."""
        if query is None:
            return None
        query = str(query).strip()
        if query in self._nis_set:
            return query
        return self._name_index.get(_normalise(query))

    def gemeente_naam(self, nis: str) -> str:
        """The name of municipality ``nis`` (KeyError for an unknown code)."""
        return self.names[nis]

    def wijken_of(self, nis: str) -> gpd.GeoDataFrame:
        """The full-geometry wijken (EPSG:31370) of one municipality (a copy)."""
        return self._remembered("wijken", nis, lambda: self.wijken[self.wijken["gemeente_nis"] == nis]).copy()

    def web_wijken_of(self, nis: str) -> gpd.GeoDataFrame:
        """The browser geometry (WGS84, simplified) of one municipality's wijken (a copy)."""
        return self._remembered("web", nis, lambda: self.wijken_web[self.wijken_web["gemeente_nis"] == nis]).copy()

    def wijk_table(self, nis: str) -> pd.DataFrame:
        """``wijk_code, wijk_naam, gemeente_nis, gemeente_naam, oppervlakte_km2`` of a municipality (a copy)."""
        return self._remembered("table", nis, lambda: pd.DataFrame(
            self.wijken_of(nis).drop(columns="geometry")).reset_index(drop=True)).copy()

    def _remembered(self, kind: str, nis: str, make):
        """What ``make()`` gives for municipality ``nis``, made once (the layers never change).

        Every page view asks for the same few slices; selecting them anew from all Flanders
        cost milliseconds each time. Callers get copies, so the kept slice stays as it was.
        """
        key = (kind, nis)
        if key not in self._per_municipality:
            self._per_municipality[key] = make()
        return self._per_municipality[key]

    def locate(self, lon: float, lat: float) -> tuple[str, str] | None:
        """``(gemeente_nis, wijk_code)`` of a WGS84 point, or None outside every wijk."""
        found = self.locate_many(np.array([lon]), np.array([lat]))
        return found[0]

    def locate_many(self, lons: np.ndarray, lats: np.ndarray) -> list[tuple[str, str] | None]:
        """Vectorised :meth:`locate` for arrays of WGS84 coordinates.

        The spatial index gives the wijken whose box holds a point; prepared polygons then
        test those pairs in one call (a point on a border lies in neither wijk, as with
        ``within``).
        """
        x, y = _TO_LAMBERT.transform(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        point_index, wijk_index = self.wijken.sindex.query(shapely.points(x, y))
        inside = shapely.contains_xy(self._prepared_wijken[wijk_index], x[point_index], y[point_index])
        result: list[tuple[str, str] | None] = [None] * len(x)
        codes = self.wijken["wijk_code"].to_numpy()
        gemeenten = self.wijken["gemeente_nis"].to_numpy()
        for point, wijk in zip(point_index[inside].tolist(), wijk_index[inside].tolist()):
            result[point] = (str(gemeenten[wijk]), str(codes[wijk]))
        return result

    def bounds_of(self, nis: str) -> list[list[float]]:
        """``[[south, west], [north, east]]`` of a municipality in WGS84, for fitting a map."""
        west, south, east, north = self._remembered("bounds", nis, lambda: tuple(
            float(value) for value in self.web_wijken_of(nis).total_bounds))
        return [[south, west], [north, east]]

    @cached_property
    def places(self):
        """The :class:`geo.places.Gazetteer` of these boundaries: a municipality from a postcode or place name."""
        from geo.places import Gazetteer

        return Gazetteer(self)

    @cached_property
    def _prepared_wijken(self) -> np.ndarray:
        """The wijk polygons (EPSG:31370), prepared once for fast point-in-polygon tests."""
        geometries = np.asarray(self.wijken.geometry.values, dtype=object)
        shapely.prepare(geometries)
        return geometries

    @cached_property
    def names(self) -> dict[str, str]:
        """Municipality name by NIS code."""
        return {str(nis): str(name) for nis, name in zip(self.gemeenten["gemeente_nis"], self.gemeenten["gemeente_naam"])}

    @cached_property
    def _nis_set(self) -> set[str]:
        return set(self.gemeenten["gemeente_nis"])


def load_boundaries(settings: Settings) -> Boundaries:
    """Load the prepared boundaries, preparing and caching them on first use.

    Raises :class:`geo.sources.BoundaryDataUnavailable` when the files cannot be had.
    """
    files = [layer_files(settings.gebieden, layer, settings.cache, settings.download_timeout)
             for layer in (WIJK_LAYER, GEMEENTE_LAYER, DEELGEMEENTE_LAYER)]
    key = hashlib.sha256(":".join([PREPARE_VERSION, *(f.fingerprint for f in files)]).encode()).hexdigest()[:20]
    folder = Path(settings.cache) / "prepared" / key
    cached = _read_prepared(folder, key)
    if cached is not None:
        return cached
    wijken, gemeenten, deelgemeenten = (read_layer(f.shp) for f in files)
    boundaries = prepare_boundaries(wijken, gemeenten, fingerprint=key, deelgemeenten=deelgemeenten)
    _write_prepared(boundaries, folder)
    return boundaries


def read_layer(path: Path) -> gpd.GeoDataFrame:
    """Read one boundary file with pyogrio and bring it to Lambert 72."""
    frame = gpd.read_file(path, engine="pyogrio")
    return to_lambert(frame)


def to_lambert(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return ``frame`` in EPSG:31370.

    An ESRI-style ``Belge_Lambert_1972`` definition is recognised as EPSG:31370 so the
    datum shift to WGS84 is the official one, not a guess from an incomplete WKT.
    """
    if frame.crs is None:
        raise ValueError(texts.CRS_ONBEKEND)
    if frame.crs.to_epsg(min_confidence=70) == 31370 or frame.crs.equals(LAMBERT72, ignore_axis_order=True):
        return frame.set_crs(LAMBERT72, allow_override=True)
    return frame.to_crs(LAMBERT72)


def repair(geometries: gpd.GeoSeries) -> gpd.GeoSeries:
    """Make every geometry valid and keep only its polygonal part."""
    values = geometries.values
    invalid = ~shapely.is_valid(values)
    if invalid.any():
        values = values.copy()
        values[invalid] = shapely.make_valid(values[invalid])
    polygonal = [_polygonal_part(g) for g in values]
    return gpd.GeoSeries(polygonal, index=geometries.index, crs=geometries.crs)


def prepare_boundaries(wijken: gpd.GeoDataFrame, gemeenten: gpd.GeoDataFrame, fingerprint: str = "",
                       deelgemeenten: gpd.GeoDataFrame | None = None) -> Boundaries:
    """Link raw ``ggw7`` wijken (``geoitem, naam``) to 2025 municipalities and simplify.

    Each wijk goes to the municipality that contains its representative point; a wijk
    whose point falls in none (slivers at the border) goes to the one it overlaps most.
    Raw ``deelgemeenten`` (``geoitem, naam``), when given, are linked the same way.
    """
    wijken = to_lambert(wijken)
    gemeenten = to_lambert(gemeenten)
    gemeenten = gpd.GeoDataFrame({
        "gemeente_nis": gemeenten["geoitem"].astype(str).str.strip(),
        "gemeente_naam": gemeenten["naam"].astype(str).str.strip(),
    }, geometry=repair(gemeenten.geometry), crs=LAMBERT72)
    wijken = gpd.GeoDataFrame({
        "wijk_code": wijken["geoitem"].astype(str).str.strip(),
        "wijk_naam": wijken["naam"].astype(str).str.strip(),
    }, geometry=repair(wijken.geometry), crs=LAMBERT72)
    owner = assign_to_gemeenten(wijken, gemeenten)
    wijken["gemeente_nis"] = gemeenten["gemeente_nis"].to_numpy()[owner]
    wijken["gemeente_naam"] = gemeenten["gemeente_naam"].to_numpy()[owner]
    wijken["oppervlakte_km2"] = (wijken.area / 1e6).round(4)
    wijken = wijken[["wijk_code", "wijk_naam", "gemeente_nis", "gemeente_naam", "oppervlakte_km2", "geometry"]]
    wijken = wijken.sort_values(["gemeente_nis", "wijk_code"]).reset_index(drop=True)
    counts = wijken.groupby("gemeente_nis").size()
    gemeenten["wijken"] = gemeenten["gemeente_nis"].map(counts).fillna(0).astype(int)
    extra = {} if deelgemeenten is None else {"deelgemeenten": _link_deelgemeenten(deelgemeenten, gemeenten)}
    return Boundaries(
        wijken=wijken,
        gemeenten=gemeenten.reset_index(drop=True),
        wijken_web=web_geometry(wijken, DETAIL_TOLERANCE, DETAIL_DECIMALS),
        wijken_overview=web_geometry(wijken, OVERVIEW_TOLERANCE, OVERVIEW_DECIMALS),
        fingerprint=fingerprint,
        **extra,
    )


def assign_to_gemeenten(areas: gpd.GeoDataFrame, gemeenten: gpd.GeoDataFrame, code_column: str = "wijk_code") -> np.ndarray:
    """Row position in ``gemeenten`` of the municipality that holds each area (wijk or deelgemeente)."""
    points = areas.geometry.representative_point().values
    point_index, gemeente_index = gemeenten.sindex.query(points, predicate="within")
    owner = np.full(len(areas), -1)
    owner[point_index] = gemeente_index
    for position in np.flatnonzero(owner < 0):
        geometry = areas.geometry.iloc[position]
        candidates = gemeenten.sindex.query(geometry, predicate="intersects")
        if len(candidates) == 0:
            raise ValueError(texts.WIJK_ZONDER_GEMEENTE.format(wijk=areas[code_column].iloc[position]))
        overlaps = gemeenten.geometry.iloc[candidates].intersection(geometry).area.to_numpy()
        owner[position] = candidates[int(np.argmax(overlaps))]
    return owner


def _link_deelgemeenten(raw: gpd.GeoDataFrame, gemeenten: gpd.GeoDataFrame) -> pd.DataFrame:
    """The deelgemeenten (``geoitem, naam``) with the 2025 municipality that holds each, without geometry."""
    raw = to_lambert(raw)
    frame = gpd.GeoDataFrame({"deelgemeente_code": raw["geoitem"].astype(str).str.strip(),
                              "deelgemeente_naam": raw["naam"].astype(str).str.strip()},
                             geometry=repair(raw.geometry), crs=LAMBERT72)
    owner = assign_to_gemeenten(frame, gemeenten, "deelgemeente_code")
    frame["gemeente_nis"] = gemeenten["gemeente_nis"].to_numpy()[owner]
    return pd.DataFrame(frame[DEELGEMEENTE_COLUMNS]).reset_index(drop=True)


def web_geometry(wijken: gpd.GeoDataFrame, tolerance: float, decimals: int, coverage: bool = True) -> gpd.GeoDataFrame:
    """Simplify a polygon coverage without breaking shared borders, then quantise to WGS84.

    ``shapely.coverage_simplify`` simplifies shared edges once for both neighbours, so
    borders stay shared; rounding identical vertices gives identical results, so they
    stay shared after quantisation as well. Polygons that are no valid coverage (overlaps,
    gaps) need ``coverage=False``: each is then simplified on its own.
    """
    if coverage:
        simplified = shapely.coverage_simplify(wijken.geometry.values, tolerance)
    else:
        simplified = shapely.simplify(wijken.geometry.values, tolerance, preserve_topology=True)
    web = gpd.GeoDataFrame(wijken.drop(columns="geometry"), geometry=simplified, crs=LAMBERT72).to_crs(WGS84)
    rounded = shapely.set_precision(web.geometry.values, 10.0 ** -decimals, mode="pointwise")
    broken = ~shapely.is_valid(rounded)
    rounded[broken] = [_polygonal_part(g) for g in shapely.make_valid(rounded[broken])]
    web["geometry"] = rounded
    return web


def _polygonal_part(geometry):
    if geometry is None or geometry.is_empty:
        return shapely.MultiPolygon()
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.unary_union(parts) if parts else shapely.MultiPolygon()


def _normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(name).strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_PARTS = ("wijken", "gemeenten", "wijken_web", "wijken_overview")
_TABLES = ("deelgemeenten",)  # without geometry


def _read_prepared(folder: Path, key: str) -> Boundaries | None:
    if not all((folder / f"{part}.parquet").is_file() for part in _PARTS + _TABLES):
        return None
    try:
        frames = {part: gpd.read_parquet(folder / f"{part}.parquet") for part in _PARTS}
        frames.update({part: pd.read_parquet(folder / f"{part}.parquet") for part in _TABLES})
    except (OSError, ValueError):
        return None
    return Boundaries(**frames, fingerprint=key)


def _write_prepared(boundaries: Boundaries, folder: Path) -> None:
    """Write the prepared layers atomically: a half-written cache is never read."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".prepare-"))
    for part in _PARTS + _TABLES:
        getattr(boundaries, part).to_parquet(staging / f"{part}.parquet")
    try:
        os.replace(staging, folder)
        return
    except OSError:
        if _read_prepared(folder, boundaries.fingerprint) is None:
            # The copy in the way could not be read (damaged): put the new one in its place,
            # or every later start would prepare again.
            shutil.rmtree(folder, ignore_errors=True)
            try:
                os.replace(staging, folder)
                return
            except OSError:
                pass
    # Another process prepared the same key first; its copy is equally good.
    shutil.rmtree(staging, ignore_errors=True)
