"""Wie eerst contacteren? White spots and the prospects that would cover them best.

:func:`white_spots` ranks the white spots and weakly covered wijken with the nearest
prospects of each. :func:`advise` picks up to ``k`` prospects (status ``te contacteren``
or ``gecontacteerd``) that together would cover the most uncovered inhabitants (or
area, without a population table) if they became trusted partners.

Choosing k of n reach areas to cover the most is the maximum coverage problem (NP-hard);
the greedy choice of the largest marginal gain is within 1 − 1/e (63 %) of the optimum
and in practice nearly always equal to it (``tests/geo/test_advice.py`` compares it with
an exact integer program). Gains are evaluated *lazily*: a prospect's gain can only shrink
as others are picked, so the stale gains in a priority queue are upper bounds and only
the top one needs re-evaluating.

The gains are counted on a discretisation: the uncovered part of the municipality's
wijken is sampled with square cells (50 m, larger for large areas so there are at most
:data:`MAX_CELLS`), each cell weighted by its wijk's area (or inhabitants, spread evenly)
divided by the number of cells of that wijk, so the weights of a wijk add up exactly to
its area or population. A prospect covers the cells whose centre its reach contains
(distance to the centre for circles; wijk membership for wijk and municipality reach),
so marginal gains are exact for the discretisation.

>>> for advice in advise(boundaries, "12025", partners, load_categories(), CoverageSettings(), k=3):  # doctest: +SKIP
...     print(advice.naam, advice.reason)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import texts
from geo.categories import Category, category_label
from geo.circle_cover import area_overlaps, circle_overlaps, covered_area, covered_share
from geo.context.analysis import align, nearby_transport
from geo.coverage import wijk_coverage
from geo.max_coverage import Grid, cover_sets, lazy_greedy
from geo.partners import Partner
from geo.reach import (PROSPECT_STATUSES, CoverageSettings, build_areas, locate_partners, partner_frame,
                       resolve_reach, select_partners)

WEAK_SHARE = 0.5  # below this (and at or above the threshold) a wijk is "zwak gedekt"
MIN_CELL_M = 50.0
MAX_CELLS = 300_000
NEAR_MARGIN_M = 5_000.0


@dataclass(frozen=True)
class Advice:
    """One recommended prospect.

    ``gain`` is what this pick adds given the earlier picks, in ``eenheid``
    (``inwoners`` or ``km²``). ``share_gain`` maps wijk codes to the covered share this
    pick adds there (0..1). ``wijken_nieuw_gedekt`` are the wijken that stop being a white
    spot thanks to this pick. ``reason`` is a Dutch sentence for the organiser.
    """

    partner_id: str
    naam: str
    categorie: str
    status: str
    gain: float
    eenheid: str
    wijken_nieuw_gedekt: tuple[str, ...]
    share_gain: dict[str, float] = field(hash=False)
    reason: str


@dataclass
class AdviceProblem:
    """The discretised maximum coverage problem behind :func:`advise`.

    ``cell_*`` describe the uncovered sample cells (``cell_wijk`` indexes ``coverage``),
    ``weight`` is the objective per cell (inhabitants or km²) and ``cell_km2`` its area;
    prospect ``i`` (row ``i`` of ``prospects``) covers ``indices[indptr[i]:indptr[i + 1]]``.
    ``trusted`` is the trusted reach near the area and ``*_areas`` the polygons of the
    non-circular reach (None for circles), used to state exact gains afterwards.
    """

    coverage: gpd.GeoDataFrame
    prospects: pd.DataFrame
    cell_x: np.ndarray
    cell_y: np.ndarray
    cell_wijk: np.ndarray
    cell_km2: np.ndarray
    weight: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    unit: str
    cell_m: float
    trusted: pd.DataFrame
    trusted_areas: np.ndarray
    prospect_areas: np.ndarray

    def covered_by(self, prospect: int) -> np.ndarray:
        return self.indices[self.indptr[prospect]:self.indptr[prospect + 1]]


def white_spots(coverage: gpd.GeoDataFrame, partners: Sequence[Partner] | pd.DataFrame, boundaries,
                settings: CoverageSettings, k_prospects: int = 3, *, context: pd.DataFrame | None = None,
                favour_nearby_m: float | None = None) -> pd.DataFrame:
    """White spots first, then weakly covered wijken (share below 0.5), biggest gap first.

    ``coverage`` is a :func:`geo.coverage.wijk_coverage` table. Within each group the
    order is by uncovered inhabitants when the table has inhabitants, else by uncovered
    area. Columns: ``rang, wijk_code, wijk_naam, gemeente_naam, soort`` (``witte vlek`` or
    ``zwak gedekt``), ``gedekt_aandeel, ongedekt_km2, ongedekte_inwoners,
    ontbrekende_categorieen`` and the ``k_prospects`` nearest prospects (status
    ``te contacteren``/``gecontacteerd``, after the category filter) as parallel tuples
    ``prospecten, prospect_ids, prospect_afstanden_m`` (metres from the wijk, 0 inside).

    With ``context`` (a :func:`geo.context.analysis.wijk_context` table holding these wijken)
    four columns follow: ``afstand_deelauto_m, afstand_station_m`` (from the wijk's
    representative point), ``nabij`` and ``nabij_uitleg``. ``favour_nearby_m`` (needs
    ``context``) favours wijken with a shared car or station within that many metres of their
    representative point: ``nabij`` is true for them, ``nabij_uitleg`` says why ("deelauto op
    230 m en station op 1,2 km") and the sort key becomes (white spot before weakly covered,
    **nabij before not**, the gap as above, wijk code). So within the white spots, and within
    the weakly covered wijken, those with a car or station nearby come first, each part in
    the order it had. Without ``favour_nearby_m`` the order is the usual one and ``nabij``
    false throughout.
    """
    if not isinstance(coverage, gpd.GeoDataFrame) or "gedekt_aandeel" not in coverage:
        raise ValueError(texts.ADVIES_GEEN_DEKKING)
    weak = coverage[coverage["gedekt_aandeel"] < max(settings.threshold, WEAK_SHARE)]
    uncovered_km2 = weak["oppervlakte_km2"].to_numpy() * (1 - weak["gedekt_aandeel"].to_numpy())
    inhabitants = weak["inwoners"].to_numpy(dtype=float) if "inwoners" in weak else np.full(len(weak), np.nan)
    uncovered_people = inhabitants * (1 - weak["gedekt_aandeel"].to_numpy())
    white = weak["gedekt_aandeel"].to_numpy() < settings.threshold
    by_people = np.isfinite(uncovered_people).any()
    primary = np.where(np.isfinite(uncovered_people), uncovered_people, -1.0) if by_people else uncovered_km2
    near, why = np.zeros(len(weak), dtype=bool), [""] * len(weak)
    if favour_nearby_m is not None:
        near, why = nearby_transport(context, weak["wijk_code"].to_numpy(), favour_nearby_m)
    order = np.lexsort((weak["wijk_code"].to_numpy(), -uncovered_km2, -primary, ~near, ~white))
    weak = weak.iloc[order]
    prospects = _prospects(partner_frame(partners), settings)
    located = prospects[np.isfinite(prospects["x"]) & np.isfinite(prospects["y"])]
    nearest = _nearest_prospects(weak.geometry.values, located, k_prospects)
    names = {nis: boundaries.gemeente_naam(nis) for nis in weak["gemeente_nis"].unique()} if len(weak) else {}
    spots = pd.DataFrame({
        "rang": np.arange(1, len(weak) + 1),
        "wijk_code": weak["wijk_code"].to_numpy(),
        "wijk_naam": weak["wijk_naam"].to_numpy(),
        "gemeente_naam": weak["gemeente_nis"].map(names).to_numpy(),
        "soort": np.where(white[order], texts.ADVIES_WITTE_VLEK, texts.ADVIES_ZWAK_GEDEKT),
        "gedekt_aandeel": weak["gedekt_aandeel"].to_numpy(),
        "ongedekt_km2": uncovered_km2[order],
        "ongedekte_inwoners": uncovered_people[order],
        "ontbrekende_categorieen": weak["ontbrekende_categorieen"].to_numpy(),
        "prospecten": [tuple(located["naam"].to_numpy()[i]) for i, _ in nearest],
        "prospect_ids": [tuple(located["partner_id"].to_numpy()[i]) for i, _ in nearest],
        "prospect_afstanden_m": [tuple(float(round(d, 1)) for d in dist) for _, dist in nearest],
    })
    if context is not None:
        rows = align(context, spots["wijk_code"].to_numpy())
        spots["afstand_deelauto_m"] = rows["afstand_deelauto_m"].to_numpy(dtype=float)
        spots["afstand_station_m"] = rows["afstand_station_m"].to_numpy(dtype=float)
        spots["nabij"] = near[order]
        spots["nabij_uitleg"] = [why[i] for i in order]
    return spots


def advise(boundaries, nis: str | Sequence[str], partners: Sequence[Partner] | pd.DataFrame,
           categories: Mapping[str, Category], settings: CoverageSettings, k: int = 5,
           population: pd.DataFrame | None = None, *, cell_m: float | None = None,
           context: pd.DataFrame | None = None, favour_nearby_m: float | None = None) -> list[Advice]:
    """Up to ``k`` prospects that together would cover the most, best first.

    ``nis`` is a municipality (or a sequence of them, e.g. a province). The objective is
    uncovered inhabitants with a ``population`` table (``wijk_code, inwoners``), else
    uncovered area in km². Prospects are partners with status ``te contacteren`` or
    ``gecontacteerd`` that pass the category filter (the status filter is about what is
    shown and does not apply), with the reach they would have as trusted partners.
    Picking stops early when no prospect adds anything.

    The choice is made on the discretisation; the gains, shares and white spots reported
    for the chosen prospects are then computed exactly, like :func:`wijk_coverage` would
    once they are trusted.

    With ``context`` (a :func:`geo.context.analysis.wijk_context` table of these wijken) and
    ``favour_nearby_m``, the reason names a shared car or station within that many metres of
    the main wijk's representative point ("Dekt 40 % van wijk Battel (deelauto op 230 m)").
    The choice itself is unchanged: it maximises coverage.
    """
    problem = advice_problem(boundaries, nis, partners, categories, settings, population, cell_m=cell_m)
    picks, _ = lazy_greedy(problem.indptr, problem.indices, problem.weight, k)
    nearby = None
    if favour_nearby_m is not None:
        _, nearby = nearby_transport(context, problem.coverage["wijk_code"].to_numpy(), favour_nearby_m)
    return _explain(problem, picks, categories, settings, nearby)


def advice_problem(boundaries, nis: str | Sequence[str], partners: Sequence[Partner] | pd.DataFrame,
                   categories: Mapping[str, Category], settings: CoverageSettings,
                   population: pd.DataFrame | None = None, *, cell_m: float | None = None) -> AdviceProblem:
    """Build the discretised problem of :func:`advise` (cells, weights, covered sets)."""
    frame = partner_frame(partners)
    coverage = wijk_coverage(boundaries, nis, frame, categories, settings, population)
    polygons = coverage.geometry.values
    total_m2 = float(shapely.area(polygons).sum())
    size = float(cell_m) if cell_m else max(MIN_CELL_M, math.sqrt(total_m2 / MAX_CELLS))
    grid = Grid(coverage.total_bounds, size)
    cell_x, cell_y, cell_wijk = grid.cells_in(polygons)
    per_wijk = np.bincount(cell_wijk, minlength=len(coverage))
    cell_km2 = (coverage["oppervlakte_km2"].to_numpy() / np.maximum(per_wijk, 1))[cell_wijk]
    people = coverage["inwoners"].to_numpy(dtype=float)
    unit = "inwoners" if np.isfinite(people).any() else "km²"
    weight = (np.nan_to_num(people) / np.maximum(per_wijk, 1))[cell_wijk] if unit == "inwoners" else cell_km2

    wijk_codes = coverage["wijk_code"].to_numpy()
    wijk_gemeente = coverage["gemeente_nis"].to_numpy()
    selected = select_partners(frame, settings)
    trusted = resolve_reach(selected[selected["status"].isin(settings.trusted_statuses)], categories, settings)
    covered = np.zeros(len(cell_x), dtype=bool)
    trusted = _near(locate_partners(trusted, boundaries), coverage.total_bounds).reset_index(drop=True)
    covered_indptr, covered_indices = cover_sets(trusted, grid, cell_x, cell_y, cell_wijk, wijk_codes, wijk_gemeente)
    covered[covered_indices] = True
    keep = ~covered
    renumber = np.cumsum(keep) - 1
    cell_x, cell_y, cell_wijk, cell_km2, weight = (v[keep] for v in (cell_x, cell_y, cell_wijk, cell_km2, weight))
    grid.forget(~keep, renumber)

    prospects = resolve_reach(_prospects(frame, settings), categories, settings)
    prospects = _near(locate_partners(prospects, boundaries), coverage.total_bounds).reset_index(drop=True)
    indptr, indices = cover_sets(prospects, grid, cell_x, cell_y, cell_wijk, wijk_codes, wijk_gemeente)
    return AdviceProblem(coverage, prospects, cell_x, cell_y, cell_wijk, cell_km2, weight, indptr, indices, unit, size,
                         trusted=trusted, trusted_areas=_area_geometry(trusted, boundaries),
                         prospect_areas=_area_geometry(prospects, boundaries))


def _prospects(frame: pd.DataFrame, settings: CoverageSettings) -> pd.DataFrame:
    keep = frame["status"].isin(PROSPECT_STATUSES).to_numpy()
    if settings.categories is not None:
        keep = keep & frame["categorie"].isin(settings.categories).to_numpy()
    return frame[keep]


def _near(reach: pd.DataFrame, bounds) -> pd.DataFrame:
    """Circle rows that can reach the box, and every area row (those are matched by wijk)."""
    minx, miny, maxx, maxy = bounds
    x = reach["x"].to_numpy(dtype=float)
    y = reach["y"].to_numpy(dtype=float)
    radius = np.nan_to_num(reach["radius_m"].to_numpy(dtype=float))
    circle = (reach["reach_type"] == "cirkel").to_numpy()
    with np.errstate(invalid="ignore"):
        near = (x >= minx - radius) & (x <= maxx + radius) & (y >= miny - radius) & (y <= maxy + radius)
    return reach[~circle | near]


def _nearest_prospects(polygons, prospects: pd.DataFrame, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per polygon, the positions in ``prospects`` of the k nearest and their distances."""
    if len(polygons) == 0 or len(prospects) == 0 or k <= 0:
        return [(np.zeros(0, dtype=int), np.zeros(0)) for _ in range(len(polygons))]
    x = prospects["x"].to_numpy(dtype=float)
    y = prospects["y"].to_numpy(dtype=float)
    points = shapely.points(x, y)
    result = []
    for polygon in polygons:
        minx, miny, maxx, maxy = shapely.bounds(polygon)
        rows = np.flatnonzero((x >= minx - NEAR_MARGIN_M) & (x <= maxx + NEAR_MARGIN_M) &
                              (y >= miny - NEAR_MARGIN_M) & (y <= maxy + NEAR_MARGIN_M))
        distance = shapely.distance(polygon, points[rows])
        if len(rows) < k or np.sort(distance)[k - 1] > NEAR_MARGIN_M:
            rows = np.arange(len(points))  # the k nearest may lie beyond the margin
            distance = shapely.distance(polygon, points)
        best = np.lexsort((rows, distance))[:k]
        result.append((rows[best], distance[best]))
    return result


def _explain(problem: AdviceProblem, picks: list[int], categories: Mapping[str, Category],
             settings: CoverageSettings, nearby: Sequence[str] | None = None) -> list[Advice]:
    """Advice for the picks in order, with exact gains given the earlier picks."""
    coverage = problem.coverage
    polygons = coverage.geometry.values
    wijk_codes = coverage["wijk_code"].to_numpy()
    wijk_names = coverage["wijk_naam"].to_numpy()
    wijk_km2 = coverage["oppervlakte_km2"].to_numpy()
    people = np.nan_to_num(coverage["inwoners"].to_numpy(dtype=float))
    value = people if problem.unit == "inwoners" else wijk_km2
    share = coverage["gedekt_aandeel"].to_numpy(dtype=float).copy()
    present = [set(c) for c in coverage["categorieen"]]
    untouched = (coverage["vertrouwde_partners"].to_numpy() == 0) & np.array([not p for p in present])

    trusted = problem.trusted
    circle = (trusted["reach_type"] == "cirkel").to_numpy() & np.isfinite(trusted["x"].to_numpy(dtype=float))
    cx = list(trusted["x"].to_numpy(dtype=float)[circle])
    cy = list(trusted["y"].to_numpy(dtype=float)[circle])
    cr = list(trusted["radius_m"].to_numpy(dtype=float)[circle])
    areas = [a for a in problem.trusted_areas if a is not None]
    result = []
    for pick in picks:
        row = problem.prospects.iloc[pick]
        area = problem.prospect_areas[pick]
        if area is None:
            cx.append(float(row["x"]))
            cy.append(float(row["y"]))
            cr.append(float(row["radius_m"]))
            reached, _ = circle_overlaps(polygons, np.array([row["x"]]), np.array([row["y"]]),
                                         np.array([row["radius_m"]]))
        else:
            areas.append(area)
            reached, _ = area_overlaps(polygons, np.array([area], dtype=object))
        reached = np.unique(reached)
        before = share.copy()
        if len(reached):
            covered = covered_area(polygons[reached], cx, cy, cr, np.array(areas, dtype=object))
            share[reached] = covered_share(covered, wijk_km2[reached] * 1e6)
        added = np.maximum(share - before, 0.0)
        crossed = np.flatnonzero((before < settings.threshold) & (share >= settings.threshold))
        main = int(np.argmax(added))
        sentence = texts.ADVIES_DEKT.format(procent=_percent(added[main]), wijk=wijk_names[main])
        if nearby is not None and nearby[main]:
            sentence += texts.ADVIES_NABIJ.format(wat=nearby[main])
        if untouched[main]:
            sentence += texts.ADVIES_GEEN_VERTROUWDE
        others = int(((added >= 0.05) & (np.arange(len(added)) != main)).sum())
        if others:
            sentence += texts.ADVIES_ANDERE_WIJKEN.format(aantal=others)
        if any(row["categorie"] not in present[w] for w in reached):
            sentence += texts.ADVIES_SOORT.format(soort=category_label(row["categorie"], dict(categories)))
        if len(crossed):
            sentence += texts.ADVIES_GEEN_WITTE_VLEK.format(wijken=", ".join(wijk_names[crossed]))
        gain = float((added * value).sum())
        sentence += (texts.ADVIES_WINST_INWONERS.format(aantal=_thousands(gain)) if problem.unit == "inwoners"
                     else texts.ADVIES_WINST_KM2.format(km2=f"{gain:.2f}".replace(".", ",")))
        for w in reached:
            present[w].add(row["categorie"])
            untouched[w] = False
        result.append(Advice(
            partner_id=str(row["partner_id"]), naam=str(row["naam"]), categorie=str(row["categorie"]),
            status=str(row["status"]), gain=gain, eenheid=problem.unit,
            wijken_nieuw_gedekt=tuple(str(c) for c in wijk_codes[crossed]),
            share_gain={str(wijk_codes[w]): float(added[w]) for w in np.flatnonzero(added > 0)},
            reason=sentence + ".",
        ))
    return result


def _area_geometry(reach: pd.DataFrame, boundaries) -> np.ndarray:
    """Per row, the polygon of a non-circular reach (None for circles and rows without one)."""
    result = np.full(len(reach), None, dtype=object)
    other = reach[(reach["reach_type"] != "cirkel").to_numpy()]
    if len(other):
        areas = build_areas(other, boundaries).areas
        positions = reach.index.get_indexer(areas.index)
        result[positions] = list(areas.geometry.values)
    return result


def _percent(share: float) -> str:
    return str(int(round(100 * share)))


def _thousands(value: float) -> str:
    return f"{int(round(value)):,}".replace(",", ".")
