"""Context per wijk: how many shared cars, stations, mobipunten … stand in it, and how far away the
nearest shared car and station are.

The objects of the context layers become points in Lambert 72 (:func:`context_points`); per wijk
(:func:`wijk_context`) they are counted by kind, and the distance to the nearest shared car and
station is measured from the wijk's **representative point** (a point guaranteed inside the wijk,
:func:`shapely.point_on_surface`). The issue asks for the centre of population where it is known,
but no population-by-location data exists here (a population table gives inhabitants per wijk, not
where they live in it), so the representative point is used throughout. The nearest car or station
may stand anywhere, also across the municipal border.

*Nearby* means, everywhere in this package: within ``distance_m`` metres of the wijk's
representative point (:func:`nearby_transport`, used by :func:`geo.context.views.partner_but_no_car`
and by the ranking option of :func:`geo.advice.white_spots`).

Everything is vectorised (one spatial index query for the counts, one nearest-neighbour query per
kind): 50,000 points and all 2,767 wijken take a fraction of a second (``python -m bench lagen``).

>>> points = context_points(objects, {layer.id: layer.soort for layer in layers})  # doctest: +SKIP
>>> wijk_context(boundaries, "12025", points)[["wijk_naam", "aantal_deelauto", "afstand_deelauto_m"]]  # doctest: +SKIP
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import texts
from geo.boundaries import LAMBERT72
from geo.context.records import KINDS, ContextObject
from geo.reach import to_lambert_xy

COUNT_COLUMNS = tuple(f"aantal_{kind}" for kind in KINDS)
DISTANCE_KINDS = ("deelauto", "station")  # kinds whose nearest point is measured
DISTANCE_COLUMNS = tuple(f"afstand_{kind}_m" for kind in DISTANCE_KINDS)
CONTEXT_COLUMNS = ("wijk_code", "wijk_naam", "gemeente_nis", *COUNT_COLUMNS, *DISTANCE_COLUMNS)
POINT_COLUMNS = ("laag_id", "soort", "naam", "detail", "lon", "lat", "geometry")
DEFAULT_DISTANCE_M = 500.0


def context_points(objects: Sequence[ContextObject] | pd.DataFrame, kinds: Mapping[int, str]) -> gpd.GeoDataFrame:
    """The objects of context layers as points in Lambert 72, each with its layer's kind.

    ``objects`` are :class:`~geo.context.records.ContextObject` records or a table with at least
    ``laag_id, lon, lat`` (``naam`` and ``detail`` are kept when present); ``kinds`` maps every
    layer id to its kind (one of :data:`~geo.context.records.KINDS`). A zone or line counts at
    its representative point (its ``lon``/``lat``). Objects without usable coordinates are left
    out; how many is in ``result.attrs["zonder_locatie"]``.

    Returns a GeoDataFrame in EPSG:31370 with the columns ``laag_id, soort, naam, detail, lon,
    lat, geometry``. Raises ``ValueError`` (Dutch) for a layer without a kind or an unknown kind.

    >>> from geo.context.records import ContextObject
    >>> points = context_points([ContextObject(7, "Cambio Station", 4.4827, 51.0175)], {7: "deelauto"})
    >>> points.loc[0, "soort"], [round(v) for v in points.geometry.iloc[0].coords[0]]
    ('deelauto', [157996, 189706])
    """
    frame = _object_frame(objects)
    kind_of: dict[int, str] = {}
    for layer, kind in kinds.items():
        if kind not in KINDS:
            raise ValueError(texts.CONTEXT_SOORT_ONBEKEND.format(soort=kind, laag=layer, soorten=", ".join(KINDS)))
        kind_of[int(layer)] = str(kind)
    missing = sorted(set(frame["laag_id"].tolist()) - set(kind_of))
    if missing:
        raise ValueError(texts.CONTEXT_LAAG_ZONDER_SOORT.format(lagen=", ".join(str(m) for m in missing[:10])))
    x, y = to_lambert_xy(frame["lon"].to_numpy(dtype=float), frame["lat"].to_numpy(dtype=float))
    located = np.isfinite(x) & np.isfinite(y)
    frame = frame[located].reset_index(drop=True)
    points = gpd.GeoDataFrame({
        "laag_id": frame["laag_id"].to_numpy(dtype=np.int64),
        "soort": frame["laag_id"].map(kind_of).to_numpy(dtype=object),
        "naam": frame["naam"].to_numpy(dtype=object),
        "detail": frame["detail"].to_numpy(dtype=object),
        "lon": frame["lon"].to_numpy(dtype=float),
        "lat": frame["lat"].to_numpy(dtype=float),
    }, geometry=shapely.points(x[located], y[located]), crs=LAMBERT72)
    points.attrs["zonder_locatie"] = int((~located).sum())
    return points


def wijk_context(boundaries, nis: str | Sequence[str] | None, points: gpd.GeoDataFrame) -> pd.DataFrame:
    """Per wijk: the context points of each kind inside it, and the nearest shared car and station.

    ``nis`` is a municipality (NIS code or name), a sequence of them, or None for every wijk of
    Flanders and Brussels; ``points`` comes from :func:`context_points`. Columns:

    - ``wijk_code, wijk_naam, gemeente_nis``;
    - ``aantal_deelauto, aantal_station, aantal_mobipunt, aantal_laadpunt, aantal_halte, aantal_deelfiets,
      aantal_ander``: the points inside the wijk (a point on the border between two wijken counts in one of them);
    - ``afstand_deelauto_m, afstand_station_m``: metres (Lambert 72, rounded to whole metres)
      from the wijk's representative point to the nearest shared car and station, wherever it
      stands (also in another municipality); NaN when the layers hold none.

    The representative point stands in for the centre of population, which is not known here
    (see the module docstring). Rows follow the order of ``boundaries.wijken``.
    """
    wijken = _wijken(boundaries, nis)
    check_points(points)
    polygons = wijken.geometry.values
    geometries = points.geometry.values
    kind = pd.Categorical(points["soort"].astype(object), categories=KINDS).codes.astype(np.int64)
    counts = _counts(polygons, geometries, kind)
    anchors = shapely.point_on_surface(polygons)
    result = pd.DataFrame({
        "wijk_code": wijken["wijk_code"].to_numpy(),
        "wijk_naam": wijken["wijk_naam"].to_numpy(),
        "gemeente_nis": wijken["gemeente_nis"].to_numpy(),
    })
    for column, name in enumerate(COUNT_COLUMNS):
        result[name] = counts[:, column]
    for name, wanted in zip(DISTANCE_COLUMNS, DISTANCE_KINDS):
        result[name] = _nearest(anchors, geometries[kind == KINDS.index(wanted)])
    return result


def nearby_transport(context: pd.DataFrame, wijk_codes: Sequence[str], distance_m: float
                     ) -> tuple[np.ndarray, list[str]]:
    """For each of ``wijk_codes``: is a shared car or a station within ``distance_m`` of the
    wijk's representative point, and the Dutch phrase that says so ("deelauto op 230 m en
    station op 1,2 km"; "" when neither is).

    ``context`` is a :func:`wijk_context` table holding every one of the wijken (else
    ``ValueError``).
    """
    distance_m = check_distance(distance_m)
    rows = align(context, wijk_codes)
    near = np.zeros(len(rows), dtype=bool)
    parts: list[list[str]] = [[] for _ in range(len(rows))]
    for column, template in (("afstand_deelauto_m", texts.CONTEXT_DEELAUTO_OP),
                             ("afstand_station_m", texts.CONTEXT_STATION_OP)):
        metres = rows[column].to_numpy(dtype=float)
        within = np.isfinite(metres) & (metres <= distance_m)
        near |= within
        for index in np.flatnonzero(within):
            parts[index].append(template.format(afstand=format_distance(metres[index])))
    return near, [texts.CONTEXT_EN.join(p) for p in parts]


def align(context: pd.DataFrame, wijk_codes: Sequence[str]) -> pd.DataFrame:
    """The rows of a :func:`wijk_context` table for ``wijk_codes``, in that order.

    Raises ``ValueError`` (Dutch) when the table is not one, or misses some of the wijken.
    """
    if not isinstance(context, pd.DataFrame) or not set(CONTEXT_COLUMNS) <= set(context.columns):
        raise ValueError(texts.CONTEXT_ANALYSE_ONGELDIG.format(kolommen=", ".join(CONTEXT_COLUMNS)))
    codes = pd.Index(np.asarray(wijk_codes, dtype=object))
    by_code = context.drop_duplicates("wijk_code").set_index("wijk_code")
    position = by_code.index.get_indexer(codes)
    if (position < 0).any():
        absent = codes[position < 0]
        raise ValueError(texts.CONTEXT_WIJKEN_ONTBREKEN.format(aantal=len(absent), codes=", ".join(absent[:5])))
    return by_code.iloc[position].reset_index()


def check_distance(distance_m: float) -> float:
    """``distance_m`` as a float; ``ValueError`` (Dutch) unless it is a positive number."""
    if isinstance(distance_m, bool) or not isinstance(distance_m, (int, float, np.number)) \
            or not math.isfinite(distance_m) or distance_m <= 0:
        raise ValueError(texts.CONTEXT_AFSTAND_ONGELDIG.format(waarde=distance_m))
    return float(distance_m)


def check_points(points) -> None:
    """``ValueError`` (Dutch) unless ``points`` is a :func:`context_points` frame."""
    crs = getattr(points, "crs", None)
    if not isinstance(points, gpd.GeoDataFrame) or "soort" not in points or crs is None or crs.to_epsg() != 31370:
        raise ValueError(texts.CONTEXT_PUNTEN_ONGELDIG.format(crs=crs))
    unknown = sorted({str(k) for k in points["soort"].tolist()} - set(KINDS))
    if unknown:
        raise ValueError(texts.CONTEXT_PUNTEN_SOORT.format(soort=unknown[0], soorten=", ".join(KINDS)))


def format_distance(metres: float) -> str:
    """A distance the Dutch way: whole metres below 1 km, else kilometres with one decimal.

    >>> format_distance(230.4), format_distance(1240), format_distance(float("nan"))
    ('230 m', '1,2 km', '')
    """
    if metres != metres:
        return ""
    metres = float(round(metres))
    return f"{metres / 1000:.1f} km".replace(".", ",") if metres >= 1000 else f"{metres:.0f} m"


def format_percent(share: float) -> str:
    """A share (0..1) as a whole percentage, like the advice texts: ``0.624`` → ``62``."""
    return str(int(round(100 * share)))


# Helpers ----------------------------------------------------------------------------------------

def _object_frame(objects: Sequence[ContextObject] | pd.DataFrame) -> pd.DataFrame:
    if isinstance(objects, pd.DataFrame):
        if not {"laag_id", "lon", "lat"} <= set(objects.columns):
            raise ValueError(texts.CONTEXT_OBJECTEN_ONGELDIG)
        frame = pd.DataFrame({name: objects[name].to_numpy() for name in ("laag_id", "lon", "lat")})
        for name in ("naam", "detail"):
            frame[name] = objects[name].to_numpy(dtype=object) if name in objects else ""
    else:
        try:
            frame = pd.DataFrame({name: [getattr(o, name) for o in objects]
                                  for name in ("laag_id", "naam", "detail", "lon", "lat")})
        except (AttributeError, TypeError):
            raise ValueError(texts.CONTEXT_OBJECTEN_ONGELDIG) from None
    try:
        frame["laag_id"] = frame["laag_id"].astype(np.int64)
    except (TypeError, ValueError):
        raise ValueError(texts.CONTEXT_OBJECTEN_ONGELDIG) from None
    for name in ("lon", "lat"):
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
    return frame


def _wijken(boundaries, nis: str | Sequence[str] | None) -> gpd.GeoDataFrame:
    wijken = getattr(boundaries, "wijken", None)
    crs = getattr(wijken, "crs", None)
    if crs is None or crs.to_epsg() != 31370:
        raise ValueError(texts.DEKKING_CRS.format(crs=crs))
    if nis is None:
        return wijken
    codes = []
    for query in [nis] if isinstance(nis, str) else list(nis):
        code = boundaries.find_gemeente(query)
        if code is None:
            raise ValueError(texts.GEMEENTE_ONBEKEND.format(waarde=query))
        codes.append(code)
    return wijken[wijken["gemeente_nis"].isin(codes)]


def _counts(polygons: np.ndarray, points: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Points of each kind inside each polygon: an array (polygons × kinds)."""
    flat = np.zeros(len(polygons) * len(KINDS), dtype=np.int64)
    if len(points) and len(polygons):
        # The polygons are the query side, so GEOS prepares each of them once.
        wijk, point = shapely.STRtree(points).query(polygons, predicate="intersects")
        # A point on the border between two wijken counts once: in the first.
        order = np.lexsort((wijk, point))
        wijk, point = wijk[order], point[order]
        first = np.ones(len(point), dtype=bool)
        first[1:] = point[1:] != point[:-1]
        flat = np.bincount(wijk[first] * len(KINDS) + kind[point[first]], minlength=len(flat))
    return flat.reshape(len(polygons), len(KINDS))


def _nearest(anchors: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Whole metres from each anchor to the nearest target; NaN when there are no targets."""
    distance = np.full(len(anchors), np.nan)
    if len(targets) and len(anchors):
        (anchor, _), found = shapely.STRtree(targets).query_nearest(anchors, return_distance=True, all_matches=False)
        distance[anchor] = found
    return np.round(distance)
