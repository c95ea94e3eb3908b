"""Coverage of wijken by trusted partners: shares, white spots, neighbours, inhabitants.

A wijk's *covered share* is the part of its area inside the union of the reach areas
(:mod:`geo.reach`) of trusted partners; overlaps count once. A wijk whose share is below
``CoverageSettings.threshold`` is a *witte vlek* (white spot).

Shares are computed exactly for true circles by :mod:`geo.circle_cover` (Green's theorem
over the covered region's boundary; no circle is turned into a polygon). An uploaded
population table is read by :mod:`geo.population.upload`.

>>> table = wijk_coverage(boundaries, "12025", partners, load_categories(), CoverageSettings())  # doctest: +SKIP
>>> table[["wijk_naam", "gedekt_aandeel", "witte_vlek"]].head(3)                                  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import texts
from geo.boundaries import LAMBERT72
from geo.categories import FALLBACK, Category
from geo.circle_cover import area_overlaps, circle_overlaps, covered_area, covered_share
from geo.partners import Partner
from geo.reach import (CoverageSettings, build_areas, locate_partners, partner_frame, resolve_reach,
                       select_partners)

# Partners within this distance (m) of the municipality beyond the largest radius are
# searched first for the nearest trusted partner; the rest only if that finds none.
NEAREST_MARGIN_M = 5_000.0

COVERAGE_COLUMNS = ("wijk_code", "wijk_naam", "gemeente_nis", "oppervlakte_km2", "partners", "vertrouwde_partners",
                    "categorieen", "ontbrekende_categorieen", "gedekt_aandeel", "gedekt_km2", "dichtste_vertrouwde",
                    "afstand_m", "inwoners", "inwoners_gedekt", "witte_vlek", "buurpartners", "geometry")


def wijk_coverage(boundaries, nis: str | Sequence[str], partners: Sequence[Partner] | pd.DataFrame,
                  categories: Mapping[str, Category], settings: CoverageSettings,
                  population: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """Coverage of every wijk of a municipality (or of several: a sequence of NIS codes).

    Returns a GeoDataFrame in EPSG:31370 with the full wijk geometry and the columns

    - ``wijk_code, wijk_naam, gemeente_nis, oppervlakte_km2``;
    - ``partners``, ``vertrouwde_partners``: how many partners (after the category and
      status filters), and how many trusted ones, are *located* in the wijk;
    - ``categorieen``: sorted category codes of the trusted partners located in the wijk
      or whose reach overlaps it (partners of neighbouring municipalities included).
      Only trusted partners count: a kind of partner that is merely a prospect is still
      missing, which is what the advice is about;
    - ``ontbrekende_categorieen``: the other categories (within the category filter,
      without ``andere``);
    - ``gedekt_aandeel`` (0..1) and ``gedekt_km2``: the part of the wijk inside the union
      of the trusted reach areas, overlaps counted once;
    - ``dichtste_vertrouwde``, ``afstand_m``: the nearest trusted partner with a location
      and its distance to the wijk polygon (0 when inside; NaN when there is none);
    - ``inwoners``, ``inwoners_gedekt``: with a ``population`` table (``wijk_code,
      inwoners``, see :func:`geo.population.upload.read_population`), inhabitants and inhabitants × covered
      share, assuming inhabitants are spread evenly over the wijk; NaN otherwise;
    - ``witte_vlek``: covered share below ``settings.threshold``;
    - ``buurpartners``: sorted names of trusted partners from outside the wijk's
      municipality whose reach overlaps it (by more than 1 m²).

    Partners of neighbouring municipalities are found spatially (every circle that can
    reach the municipality and every area reach overlapping it), not by their NIS code.
    """
    _check_boundaries(boundaries)
    codes = _municipalities(boundaries, nis)
    wijken = boundaries.wijken[boundaries.wijken["gemeente_nis"].isin(codes)]
    polygons = wijken.geometry.values
    bounds = tuple(wijken.total_bounds)
    resolved = resolve_reach(select_partners(partner_frame(partners), settings), categories, settings)
    trusted = resolved["status"].isin(settings.trusted_statuses).to_numpy()
    located = np.isfinite(resolved["x"].to_numpy(dtype=float)) & np.isfinite(resolved["y"].to_numpy(dtype=float))

    in_rows, in_wijk = _located_in(polygons, resolved, bounds)
    circles, areas = trusted_reach(resolved[trusted], boundaries, bounds)
    x, y, radius = (circles[c].to_numpy(dtype=float) for c in ("x", "y", "radius_m"))
    area_geoms = areas.geometry.values
    covered = covered_area(polygons, x, y, radius, area_geoms)
    wijk_area = shapely.area(polygons)
    share = covered_share(covered, wijk_area)

    # Kinds present (trusted partners located in or reaching the wijk) and neighbours.
    present: list[set[str]] = [set() for _ in range(len(wijken))]
    neighbours: list[set[str]] = [set() for _ in range(len(wijken))]
    for row, wijk in zip(in_rows, in_wijk):
        if trusted[row]:
            present[wijk].add(resolved["categorie"].iat[row])
    wijk_gemeente = wijken["gemeente_nis"].to_numpy(dtype=object)
    for reach, (pair_wijk, pair_row) in ((circles, circle_overlaps(polygons, x, y, radius)),
                                         (areas, area_overlaps(polygons, area_geoms))):
        for wijk, code, naam, gemeente in zip(pair_wijk, reach["categorie"].to_numpy()[pair_row],
                                              reach["naam"].to_numpy()[pair_row],
                                              reach["gemeente_nis"].to_numpy()[pair_row]):
            present[wijk].add(code)
            if gemeente != wijk_gemeente[wijk]:
                neighbours[wijk].add(naam)
    relevant = [c for c in (settings.categories if settings.categories is not None else categories) if c != FALLBACK]

    nearest_name, nearest_distance = _nearest_trusted(polygons, resolved[trusted & located], bounds,
                                                      float(radius.max()) if len(radius) else 0.0)
    inhabitants = population_of(wijken["wijk_code"], population)
    return gpd.GeoDataFrame({
        "wijk_code": wijken["wijk_code"].to_numpy(),
        "wijk_naam": wijken["wijk_naam"].to_numpy(),
        "gemeente_nis": wijken["gemeente_nis"].to_numpy(),
        "oppervlakte_km2": wijk_area / 1e6,
        "partners": np.bincount(in_wijk, minlength=len(wijken)).astype(int),
        "vertrouwde_partners": np.bincount(in_wijk, weights=trusted[in_rows], minlength=len(wijken)).astype(int),
        "categorieen": [tuple(sorted(p)) for p in present],
        "ontbrekende_categorieen": [tuple(sorted(c for c in relevant if c not in p)) for p in present],
        "gedekt_aandeel": share,
        "gedekt_km2": share * wijk_area / 1e6,
        "dichtste_vertrouwde": nearest_name,
        "afstand_m": nearest_distance,
        "inwoners": inhabitants,
        "inwoners_gedekt": inhabitants * share,
        "witte_vlek": share < settings.threshold,
        "buurpartners": [tuple(sorted(n)) for n in neighbours],
    }, geometry=polygons, crs=LAMBERT72)


def coverage_all(boundaries, partners: Sequence[Partner] | pd.DataFrame, categories: Mapping[str, Category],
                 settings: CoverageSettings) -> pd.DataFrame:
    """The covered share of every wijk of Flanders and Brussels at once.

    Columns: ``wijk_code, wijk_naam, gemeente_nis, gemeente_naam, oppervlakte_km2,
    gedekt_aandeel, gedekt_km2, witte_vlek``. Same rules as :func:`wijk_coverage`
    (trusted partners after the filters, overlaps counted once).
    """
    _check_boundaries(boundaries)
    wijken = boundaries.wijken
    frame = select_partners(partner_frame(partners), settings, only_trusted=True)
    circles, areas = trusted_reach(resolve_reach(frame, categories, settings), boundaries, None, locate=False)
    polygons = wijken.geometry.values
    covered = covered_area(polygons, circles["x"].to_numpy(dtype=float), circles["y"].to_numpy(dtype=float),
                           circles["radius_m"].to_numpy(dtype=float), areas.geometry.values)
    wijk_area = shapely.area(polygons)
    share = covered_share(covered, wijk_area)
    return pd.DataFrame({
        "wijk_code": wijken["wijk_code"].to_numpy(),
        "wijk_naam": wijken["wijk_naam"].to_numpy(),
        "gemeente_nis": wijken["gemeente_nis"].to_numpy(),
        "gemeente_naam": wijken["gemeente_naam"].to_numpy(),
        "oppervlakte_km2": wijk_area / 1e6,
        "gedekt_aandeel": share,
        "gedekt_km2": share * wijk_area / 1e6,
        "witte_vlek": share < settings.threshold,
    })


def _municipalities(boundaries, nis: str | Sequence[str]) -> list[str]:
    queries = [nis] if isinstance(nis, str) else list(nis)
    codes = []
    for query in queries:
        code = boundaries.find_gemeente(query)
        if code is None:
            raise ValueError(texts.GEMEENTE_ONBEKEND.format(waarde=query))
        codes.append(code)
    return codes


def _check_boundaries(boundaries) -> None:
    crs = getattr(getattr(boundaries, "wijken", None), "crs", None)
    if crs is None or crs.to_epsg() != 31370:
        raise ValueError(texts.DEKKING_CRS.format(crs=crs))


def _located_in(polygons, partners: pd.DataFrame, bounds) -> tuple[np.ndarray, np.ndarray]:
    """(row in ``partners``, polygon) for every partner located inside one of the polygons."""
    minx, miny, maxx, maxy = bounds
    x = partners["x"].to_numpy(dtype=float)
    y = partners["y"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        rows = np.flatnonzero((x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy))
    point_index, polygon_index = shapely.STRtree(polygons).query(shapely.points(x[rows], y[rows]), predicate="within")
    return rows[point_index], polygon_index


def trusted_reach(resolved: pd.DataFrame, boundaries, bounds, *, locate: bool = True
                   ) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """The circles (within reach of ``bounds`` unless None; their municipality found from
    the location if ``locate``) and the area reaches (with geometry; overlapping
    ``bounds``) of the rows of a :func:`resolve_reach` frame."""
    x = resolved["x"].to_numpy(dtype=float)
    y = resolved["y"].to_numpy(dtype=float)
    radius = resolved["radius_m"].to_numpy(dtype=float)
    circle = (resolved["reach_type"] == "cirkel").to_numpy()
    keep = circle & np.isfinite(x) & np.isfinite(y) & np.isfinite(radius) & (radius > 0)
    if bounds is not None:
        minx, miny, maxx, maxy = bounds
        with np.errstate(invalid="ignore"):
            keep &= (x >= minx - radius) & (x <= maxx + radius) & (y >= miny - radius) & (y <= maxy + radius)
    circles = locate_partners(resolved[keep], boundaries) if locate else resolved[keep]
    if (~circle).any():
        areas = build_areas(resolved[~circle], boundaries).areas
        if bounds is not None and len(areas):
            areas = areas[shapely.intersects(areas.geometry.values, shapely.box(*bounds))]
    else:
        areas = gpd.GeoDataFrame({"categorie": [], "naam": [], "gemeente_nis": []}, geometry=[], crs=LAMBERT72)
    return circles, areas


def _nearest_trusted(polygons, trusted: pd.DataFrame, bounds, max_radius: float) -> tuple[list, np.ndarray]:
    """Name of and distance to the nearest trusted partner point, per polygon."""
    names = np.full(len(polygons), None, dtype=object)
    distances = np.full(len(polygons), np.nan)
    if len(trusted) == 0 or len(polygons) == 0:
        return list(names), distances
    x = trusted["x"].to_numpy(dtype=float)
    y = trusted["y"].to_numpy(dtype=float)
    minx, miny, maxx, maxy = bounds
    margin = max_radius + NEAREST_MARGIN_M
    near = (x >= minx - margin) & (x <= maxx + margin) & (y >= miny - margin) & (y <= maxy + margin)
    # Only a partner within the margin can beat one found inside it; search all otherwise.
    for rows in (np.flatnonzero(near), np.arange(len(trusted))):
        if len(rows) == 0:
            continue
        points = shapely.points(x[rows], y[rows])
        wijk_index, point_index = shapely.STRtree(points).query_nearest(polygons, return_distance=False,
                                                                         all_matches=False)
        found = shapely.distance(polygons[wijk_index], points[point_index])
        names[wijk_index] = trusted["naam"].to_numpy(dtype=object)[rows[point_index]]
        distances[wijk_index] = found
        if len(rows) == len(trusted) or np.nanmax(distances) <= NEAREST_MARGIN_M:
            break
    return list(names), distances


def population_of(codes: pd.Series, population: pd.DataFrame | None) -> np.ndarray:
    """Inhabitants of each wijk code from a population table (``wijk_code, inwoners``), NaN without one."""
    if population is None or len(population) == 0:
        return np.full(len(codes), np.nan)
    if "wijk_code" not in population or "inwoners" not in population:
        raise ValueError(texts.BEVOLKING_TABEL_ONGELDIG)
    per_wijk = population.groupby(population["wijk_code"].astype(str))["inwoners"].sum()
    return codes.map(per_wijk).to_numpy(dtype=float)
