"""The reach model: which area each partner covers.

A partner covers, in order of precedence:

1. its explicit served area (``Partner.bediend_gebied``): ``gemeente`` (the whole
   municipality it lies in or was entered for), ``wijken:<code>,<code>`` (the union of
   those wijken) or ``cirkel`` (a circle around its location);
2. else the default of its category (``bereik_type`` in ``data/categorieen.json``):
   ``gemeente`` (councils, the city itself), ``wijk`` (a neighbourhood committee: its own
   wijk) or ``cirkel``.

A circle's radius is the partner's own ``bereik_m``, else the per-category override in
:class:`CoverageSettings`, else the category default. Reach does not stop at a municipal
border: a partner just across it covers the wijken its circle overlaps.

All geometry is Belgian Lambert 72 (EPSG:31370, metres). Circles are drawn as regular
polygons with the same area as the true circle (see :func:`circle_polygons`); coverage
shares themselves are computed on the true circles (:func:`geo.circle_cover.covered_area`).

>>> areas, ignored = reach_areas(partners, boundaries, load_categories(), CoverageSettings())  # doctest: +SKIP
>>> areas[["naam", "reach_type", "radius_m"]].head(2)                                           # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from geo import texts
from geo.boundaries import LAMBERT72
from geo.categories import FALLBACK, Category
from geo.partners import MAX_REACH_M, SERVED_WIJKEN, TRUSTED_STATUSES, Partner

REACH_TYPES = ("cirkel", "wijk", "gemeente", "wijken")
PROSPECT_STATUSES = ("te contacteren", "gecontacteerd")

# Circles: at least 32 segments per quarter, more for large radii, so that the drawn
# polygon never strays more than MAX_DEVIATION_M from the true circle.
MIN_QUAD_SEGS = 32
MAX_DEVIATION_M = 0.25

PARTNER_COLUMNS = ("partner_id", "naam", "categorie", "status", "lat", "lon", "x", "y", "gemeente_nis", "wijk_code",
                   "bereik_m", "bediend_gebied")
AREA_COLUMNS = ("partner_id", "naam", "categorie", "status", "reach_type", "radius_m", "gemeente_nis", "wijk_code",
                "x", "y", "geometry")


@dataclass(frozen=True)
class CoverageSettings:
    """What counts as coverage: trusted statuses, radii, the white-spot threshold, filters.

    ``radius_overrides`` holds ``(category code, metres)`` pairs (a mapping is accepted
    too); ``categories``/``statuses`` restrict which partners are considered at all
    (None = all). Values are normalised (sorted, deduplicated) so equal settings have
    equal :meth:`key`.

    >>> CoverageSettings(radius_overrides={"school": 800}).radius_overrides
    (('school', 800),)
    """

    trusted_statuses: tuple[str, ...] = TRUSTED_STATUSES
    radius_overrides: tuple[tuple[str, int], ...] = ()
    threshold: float = 0.25
    categories: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        overrides = self.radius_overrides
        items = overrides.items() if isinstance(overrides, Mapping) else overrides
        normalised: dict[str, int] = {}
        for code, metres in items:
            if isinstance(metres, bool) or not isinstance(metres, (int, float)) or not math.isfinite(metres) \
                    or not 0 < metres <= MAX_REACH_M:
                raise ValueError(texts.DEKKING_STRAAL_ONGELDIG.format(categorie=code, waarde=metres, max=MAX_REACH_M))
            normalised[str(code)] = int(round(metres))
        object.__setattr__(self, "radius_overrides", tuple(sorted(normalised.items())))
        threshold = self.threshold
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
            raise ValueError(texts.DEKKING_DREMPEL_ONGELDIG.format(waarde=threshold))
        object.__setattr__(self, "threshold", float(threshold))
        object.__setattr__(self, "trusted_statuses", _codes(self.trusted_statuses))
        if self.categories is not None:
            object.__setattr__(self, "categories", _codes(self.categories))
        if self.statuses is not None:
            object.__setattr__(self, "statuses", _codes(self.statuses))

    def key(self) -> str:
        """A short stable text that differs whenever the settings differ (for caching)."""
        text = json.dumps(asdict(self), sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return "dekking-1-" + hashlib.sha256(text.encode()).hexdigest()[:16]

    def radius_for(self, category: str, categories: Mapping[str, Category]) -> int:
        """The circle radius of a category: the override, else the category default."""
        override = dict(self.radius_overrides).get(category)
        if override is not None:
            return override
        return _category(category, categories).bereik_m

    def with_radius(self, category: str, metres: int | None) -> "CoverageSettings":
        """A copy with the radius of one category overridden (None removes the override)."""
        overrides = dict(self.radius_overrides)
        if metres is None:
            overrides.pop(category, None)
        else:
            overrides[category] = metres
        return replace(self, radius_overrides=tuple(overrides.items()))


class ReachResult(NamedTuple):
    """The reach areas and the partners that have none (with a Dutch reason)."""

    areas: gpd.GeoDataFrame
    ignored: pd.DataFrame


def partner_frame(partners: Sequence[Partner] | pd.DataFrame) -> pd.DataFrame:
    """Partners as a table with Lambert 72 coordinates, the input of every coverage function.

    Columns: ``partner_id, naam, categorie, status, lat, lon, x, y, gemeente_nis,
    wijk_code, bereik_m, bediend_gebied`` (``x``/``y`` in metres, NaN without location).
    A DataFrame is accepted as well (``id`` may stand for ``partner_id``; missing
    optional columns are filled); one that already has ``x``/``y`` keeps them, so callers
    can convert once and reuse the frame.
    """
    if isinstance(partners, pd.DataFrame):
        frame = partners.rename(columns={"id": "partner_id"}) if "partner_id" not in partners else partners
        missing = [c for c in ("naam", "categorie", "status") if c not in frame]
        if missing:
            raise ValueError(texts.DEKKING_PARTNERKOLOMMEN.format(kolommen=", ".join(missing)))
        if all(c in frame for c in PARTNER_COLUMNS):
            return frame
        frame = frame.copy()
    else:
        partners = list(partners)
        frame = pd.DataFrame({
            "partner_id": [p.id for p in partners],
            "naam": [p.naam for p in partners],
            "categorie": [p.categorie for p in partners],
            "status": [p.status for p in partners],
            "lat": np.array([np.nan if p.lat is None else p.lat for p in partners], dtype=float),
            "lon": np.array([np.nan if p.lon is None else p.lon for p in partners], dtype=float),
            "gemeente_nis": [p.gemeente_nis for p in partners],
            "wijk_code": [p.wijk_code for p in partners],
            "bereik_m": np.array([np.nan if p.bereik_m is None else p.bereik_m for p in partners], dtype=float),
            "bediend_gebied": [p.bediend_gebied for p in partners],
        })
    defaults: dict[str, Any] = {"partner_id": "", "lat": np.nan, "lon": np.nan, "gemeente_nis": "", "wijk_code": "",
                                "bereik_m": np.nan, "bediend_gebied": ""}
    for column, default in defaults.items():
        if column not in frame:
            frame[column] = default
    for column in ("partner_id", "naam", "categorie", "status", "gemeente_nis", "wijk_code", "bediend_gebied"):
        frame[column] = frame[column].fillna("").astype(str)
    for column in ("lat", "lon", "bereik_m"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    if "x" not in frame or "y" not in frame:
        frame["x"], frame["y"] = to_lambert_xy(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    return frame[list(PARTNER_COLUMNS)].reset_index(drop=True)


def select_partners(frame: pd.DataFrame, settings: CoverageSettings, *, only_trusted: bool = False) -> pd.DataFrame:
    """The rows that pass the category and status filters (and are trusted, if asked)."""
    return frame[selected(frame, settings, only_trusted=only_trusted)]


def selected(frame: pd.DataFrame, settings: CoverageSettings, *, only_trusted: bool = False) -> np.ndarray:
    """Which rows (``categorie``, ``status``) pass the filters of :func:`select_partners`."""
    keep = np.ones(len(frame), dtype=bool)
    if settings.categories is not None:
        keep = keep & frame["categorie"].isin(settings.categories).to_numpy()
    if settings.statuses is not None:
        keep = keep & frame["status"].isin(settings.statuses).to_numpy()
    if only_trusted:
        keep = keep & frame["status"].isin(settings.trusted_statuses).to_numpy()
    return keep


def resolve_reach(frame: pd.DataFrame, categories: Mapping[str, Category], settings: CoverageSettings) -> pd.DataFrame:
    """Add ``reach_type`` and ``radius_m`` (metres, for circles; NaN otherwise) to a partner frame.

    Cheap (no geometry), so callers can pick candidates before building areas.
    """
    # Plain Python strings: much faster here than pandas' string methods on 20,000 rows.
    served = np.array([s.strip() for s in frame["bediend_gebied"].to_numpy(dtype=object)], dtype=object)
    kind = frame["categorie"].to_numpy(dtype=object)
    kinds = set(kind)
    type_of = {c: _category(c, categories).bereik_type for c in kinds}
    radius_of = {c: float(settings.radius_for(c, categories)) for c in kinds}
    reach_type = np.array([type_of[c] for c in kind], dtype=object)
    reach_type[np.array([s.startswith(SERVED_WIJKEN) for s in served], dtype=bool)] = "wijken"
    for fixed in ("gemeente", "cirkel"):
        reach_type[served == fixed] = fixed
    own = frame["bereik_m"].to_numpy(dtype=float)
    radius = np.where(np.isfinite(own) & (own > 0), own, np.array([radius_of[c] for c in kind], dtype=float))
    resolved = frame.copy()
    resolved["reach_type"] = reach_type
    resolved["radius_m"] = np.where(reach_type == "cirkel", radius, np.nan)
    return resolved


def reach_areas(partners: Sequence[Partner] | pd.DataFrame, boundaries, categories: Mapping[str, Category],
                settings: CoverageSettings, *, only_trusted: bool = True) -> ReachResult:
    """The area each partner covers, in EPSG:31370, one row per partner that has one.

    Partners pass the category and status filters of ``settings`` first, and with
    ``only_trusted`` (the default) only those with a trusted status remain. Columns:
    ``partner_id, naam, categorie, status, reach_type`` (``cirkel``, ``wijk``,
    ``gemeente`` or ``wijken``), ``radius_m`` (circles only), ``gemeente_nis`` and
    ``wijk_code`` (derived from the location when there is one), ``x, y`` (the location,
    NaN without) and ``geometry``. Partners without an area (a circle or own wijk but no
    location, an unknown municipality, only unknown served wijken) are listed in
    ``ignored`` (``partner_id, naam, reden``) with a Dutch reason. Both keep the index
    of the partner table (for a list of partners: the position in the list).
    """
    frame = select_partners(partner_frame(partners), settings, only_trusted=only_trusted)
    return build_areas(resolve_reach(frame, categories, settings), boundaries)


def build_areas(resolved: pd.DataFrame, boundaries) -> ReachResult:
    """Geometry for a frame from :func:`resolve_reach` (see :func:`reach_areas`)."""
    resolved = locate_partners(resolved, boundaries)
    kind = resolved["reach_type"].to_numpy()
    located = np.isfinite(resolved["x"].to_numpy()) & np.isfinite(resolved["y"].to_numpy())
    geometry = np.full(len(resolved), None, dtype=object)
    reasons = np.full(len(resolved), "", dtype=object)

    circle = kind == "cirkel"
    drawable = circle & located
    if drawable.any():
        geometry[drawable] = circle_polygons(resolved["x"].to_numpy()[drawable], resolved["y"].to_numpy()[drawable],
                                             resolved["radius_m"].to_numpy()[drawable])
    for position in np.flatnonzero(circle & ~located):
        reasons[position] = texts.BEREIK_GEEN_LOCATIE.format(straal=int(resolved["radius_m"].iat[position]))

    wijk_geometry = dict(zip(boundaries.wijken["wijk_code"], boundaries.wijken.geometry.values))
    gemeente_geometry = dict(zip(boundaries.gemeenten["gemeente_nis"], boundaries.gemeenten.geometry.values))
    for position in np.flatnonzero(~circle):
        row = resolved.iloc[position]
        if kind[position] == "gemeente":
            geometry[position] = gemeente_geometry.get(row["gemeente_nis"])
            if geometry[position] is None:
                reasons[position] = texts.BEREIK_GEEN_GEMEENTE
        elif kind[position] == "wijk":
            geometry[position] = wijk_geometry.get(row["wijk_code"])
            if geometry[position] is None:
                reasons[position] = texts.BEREIK_GEEN_WIJK
        else:
            codes = [c for c in row["bediend_gebied"][len(SERVED_WIJKEN):].split(",") if c]
            known = [wijk_geometry[c] for c in codes if c in wijk_geometry]
            if known:
                geometry[position] = known[0] if len(known) == 1 else shapely.union_all(known)
            else:
                reasons[position] = texts.BEREIK_WIJKEN_ONBEKEND.format(codes=", ".join(codes) or "-")

    has_area = np.array([g is not None for g in geometry], dtype=bool)
    table = resolved.loc[has_area, [c for c in AREA_COLUMNS if c != "geometry"]]
    areas = gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(list(geometry[has_area]), index=table.index, crs=LAMBERT72),
                             crs=LAMBERT72)
    ignored = pd.DataFrame({
        "partner_id": resolved["partner_id"].to_numpy()[~has_area],
        "naam": resolved["naam"].to_numpy()[~has_area],
        "reden": reasons[~has_area].astype(str),
    }, index=resolved.index[~has_area])
    return ReachResult(areas, ignored)


def locate_partners(frame: pd.DataFrame, boundaries) -> pd.DataFrame:
    """Fill ``gemeente_nis`` and ``wijk_code`` from the location (point in wijk).

    The location wins over stored codes; a partner without a location, or located
    outside every wijk, keeps its stored municipality (and has no wijk when unlocated).
    """
    x = frame["x"].to_numpy(dtype=float)
    y = frame["y"].to_numpy(dtype=float)
    located = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    frame = frame.copy()
    if len(located) == 0:
        return frame
    points = shapely.points(x[located], y[located])
    point_index, wijk_index = boundaries.wijken.sindex.query(points, predicate="within")
    gemeente = frame["gemeente_nis"].to_numpy(dtype=object).copy()
    wijk = frame["wijk_code"].to_numpy(dtype=object).copy()
    rows = located[point_index]
    gemeente[rows] = boundaries.wijken["gemeente_nis"].to_numpy()[wijk_index]
    wijk[rows] = boundaries.wijken["wijk_code"].to_numpy()[wijk_index]
    frame["gemeente_nis"] = gemeente
    frame["wijk_code"] = wijk
    return frame


def circle_polygons(x: np.ndarray, y: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """Regular polygons with exactly the area of the circles ``(x, y, radius)``.

    A polygon of ``n = 4 * quad_segs`` vertices on a circle of radius
    ``r * sqrt((2π/n) / sin(2π/n))`` has area ``π r²``: a circle wholly inside a wijk
    counts for its true area. Its edge then strays at most ``π² r / (3 n²)`` from the
    true circle, inwards and outwards alternately; ``quad_segs`` is at least
    :data:`MIN_QUAD_SEGS` (32, 128 vertices) and grows with the radius so that this
    stays under :data:`MAX_DEVIATION_M` (0.25 m; at 1 km the bound is 0.2 m, an area
    error below 0.001 percentage point of a typical wijk per crossing).
    """
    x, y, radius = (np.asarray(v, dtype=float) for v in (x, y, radius))
    result = np.empty(len(x), dtype=object)
    segments = np.array([quad_segs_for(r) for r in radius], dtype=int)
    for quad_segs in np.unique(segments):
        chosen = np.flatnonzero(segments == quad_segs)
        n = 4 * int(quad_segs)
        angles = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
        ring = np.stack([np.cos(angles), np.sin(angles)], axis=1)
        ring = np.vstack([ring, ring[:1]])
        scale = radius[chosen] * math.sqrt((2 * math.pi / n) / math.sin(2 * math.pi / n))
        coords = np.stack([x[chosen], y[chosen]], axis=1)[:, None, :] + scale[:, None, None] * ring[None, :, :]
        result[chosen] = shapely.polygons(coords)
    return result


def quad_segs_for(radius: float) -> int:
    """Segments per quarter circle so the polygon stays within :data:`MAX_DEVIATION_M`."""
    needed = math.pi * math.sqrt(max(radius, 0.0) / (3 * MAX_DEVIATION_M))
    return max(MIN_QUAD_SEGS, math.ceil(needed / 4))


def to_lambert_xy(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 degrees to Lambert 72 metres (NaN stays NaN)."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    x = np.full(len(lon), np.nan)
    y = np.full(len(lon), np.nan)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if ok.any():
        x[ok], y[ok] = _to_lambert().transform(lon[ok], lat[ok])
    return x, y


def to_wgs84_lonlat(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lambert 72 metres to WGS84 degrees (for made-up partners in tests and benchmarks)."""
    lon, lat = _to_wgs84().transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(lon), np.asarray(lat)


@lru_cache(maxsize=1)
def _to_lambert() -> Transformer:
    return Transformer.from_crs(4326, LAMBERT72, always_xy=True)


@lru_cache(maxsize=1)
def _to_wgs84() -> Transformer:
    return Transformer.from_crs(LAMBERT72, 4326, always_xy=True)


def _category(code: str, categories: Mapping[str, Category]) -> Category:
    category = categories.get(code) or categories.get(FALLBACK)
    if category is None:
        raise ValueError(texts.CATEGORIE_ONBEKEND.format(waarde=code))
    return category


def _codes(values: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(values, str):
        values = (values,)
    return tuple(sorted({str(v) for v in values}))
