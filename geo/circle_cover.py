"""The exact area of polygons inside a union of circles (and of area polygons): the engine of coverage.

The area of ``wijk ∩ (A ∪ C₁ ∪ … ∪ Cₙ)``, with ``A`` the union of the non-circular reach areas
(municipalities, wijken) and ``Cᵢ`` the circles, follows from Green's theorem as a sum over the
boundary of that region: the wijk's edges inside some circle and the circle arcs inside the wijk
and outside every other circle. Those pieces come from closed-form segment/circle and
circle/circle intersections, in loops compiled by Numba (:mod:`geo.circle_kernels`), so no
circle is ever turned into a polygon and no polygons are unioned. All of Flanders with 20,000 partners takes a fraction of a second
instead of several seconds for buffer + union + intersection (see ``bench/coverage_bench.py``),
and agrees with it to within 0.01 percentage point (the difference is the polygon approximation
of the circles). :mod:`geo.coverage` builds the coverage table on it.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely

from geo.circle_kernels import arc_area, edge_cover, free_arcs
from geo.polygon_edges import polygon_edges

# A reach area "touches" a wijk when they overlap by more than this (m²): sharing a
# border or a corner is not reaching into a wijk.
TOUCH_M2 = 1.0
# A covered share this close to 1 is full coverage: the computation is exact up to
# floating point, and a wijk that is covered entirely must not be a white spot when the
# threshold is 100 % (0.9999999999999997 < 1).
FULL_TOLERANCE = 1e-9

_PROBE_ANGLE = 2.0  # radians; the point of a circle tested against a polygon it does not cross
# Many polygons and circles are split into west-to-east parts, one thread each.
_THREADS = min(os.cpu_count() or 1, 4)
_PARALLEL_POLYGONS = 200
_PARALLEL_CIRCLES = 1_000


def covered_area(polygons, x, y, radius, areas=()) -> np.ndarray:
    """Area (m²) of each polygon inside the union of the circles and the area polygons.

    ``x, y, radius`` describe true circles (Lambert 72 metres); ``areas`` are polygons
    (municipalities, wijken). Overlaps count once. The circle part is exact up to
    floating point: see the module docstring. Touching at a single point or along a
    border adds nothing, as it should.

    >>> import shapely
    >>> square = shapely.box(0, 0, 1000, 1000)
    >>> round(float(covered_area([square], [500.0], [500.0], [100.0])[0]))  # π·100²
    31416
    """
    polygons = np.asarray(polygons, dtype=object)
    x, y, radius = (np.asarray(v, dtype=float) for v in (x, y, radius))
    areas = np.asarray(areas, dtype=object)
    keep = np.isfinite(x) & np.isfinite(y) & np.isfinite(radius) & (radius > 0)
    x, y, radius = x[keep], y[keep], radius[keep]
    total = shapely.area(polygons) if len(polygons) else np.zeros(0)
    covered = np.zeros(len(polygons))
    rest = polygons
    cut = False
    if len(areas) and len(polygons):
        wijk_index, area_index = shapely.STRtree(areas).query(polygons, predicate="intersects")
        rest = polygons.copy()
        for wijk in np.unique(wijk_index):
            chosen = areas[area_index[wijk_index == wijk]]
            cover = chosen[0] if len(chosen) == 1 else shapely.union_all(chosen)
            rest[wijk] = shapely.difference(polygons[wijk], cover)
        cut = len(wijk_index) > 0
        covered = total - shapely.area(rest)
    if len(x) == 0 or len(polygons) == 0:
        return covered
    open_ = np.flatnonzero(~shapely.is_empty(rest))
    if len(open_):
        covered[open_] += _circle_cover_in_parts(rest[open_], x, y, radius, remember=not cut)
    return np.minimum(covered, total)


def warm_up() -> float:
    """Run the engine once on a small case, so its compiled kernels are ready; returns seconds taken.

    The first run on a machine compiles them (several seconds) into Numba's disk cache;
    later processes load them from there in a fraction of a second. ``python -m geo start``
    calls this before the server accepts visitors.
    """
    started = time.perf_counter()
    square = shapely.box(0, 0, 100, 100)
    covered_area([square], [0.0, 50.0, 60.0], [0.0, 50.0, 50.0], [30.0, 10.0, 10.0])
    return time.perf_counter() - started


def covered_share(covered, area) -> np.ndarray:
    """``covered / area`` clipped to 0..1; 1 where the shortfall is floating-point noise.

    >>> covered_share([0.5, 0.9999999999999997, 2.0, 1.0], [1.0, 1.0, 1.0, 0.0]).tolist()
    [0.5, 1.0, 1.0, 0.0]
    """
    covered = np.asarray(covered, dtype=float)
    area = np.asarray(area, dtype=float)
    share = np.clip(np.divide(covered, area, out=np.zeros(len(area)), where=area > 0), 0.0, 1.0)
    share[share > 1.0 - FULL_TOLERANCE] = 1.0
    return share


def circle_overlaps(polygons, x, y, radius) -> tuple[np.ndarray, np.ndarray]:
    """``(polygon, circle)`` index pairs whose overlap is larger than :data:`TOUCH_M2`."""
    if len(x) == 0 or len(polygons) == 0:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    circle_index, wijk_index = shapely.STRtree(polygons).query(shapely.box(x - radius, y - radius, x + radius, y + radius))
    distance = shapely.distance(polygons[wijk_index], shapely.points(x[circle_index], y[circle_index]))
    # A circle reaching only a sliver of TOUCH_M2 or less does not count either.
    depth = radius[circle_index] - distance
    close = depth > 0
    pairs_wijk, pairs_circle = wijk_index[close], circle_index[close]
    shallow = depth[close] < 1.0
    if shallow.any():
        overlap = covered_area_pairs(polygons[pairs_wijk[shallow]], x[pairs_circle[shallow]], y[pairs_circle[shallow]],
                                     radius[pairs_circle[shallow]])
        keep = np.ones(len(pairs_wijk), dtype=bool)
        keep[np.flatnonzero(shallow)] = overlap > TOUCH_M2
        pairs_wijk, pairs_circle = pairs_wijk[keep], pairs_circle[keep]
    return pairs_wijk, pairs_circle


def covered_area_pairs(polygons, x, y, radius) -> np.ndarray:
    """Area of ``polygons[i] ∩ circle i`` for each i (one circle per polygon)."""
    return np.array([_circle_cover(np.array([p], dtype=object), np.array([cx]), np.array([cy]), np.array([r]),
                                   remember=False)[0]
                     for p, cx, cy, r in zip(polygons, x, y, radius)])


def area_overlaps(polygons, areas) -> tuple[np.ndarray, np.ndarray]:
    """``(polygon, area)`` index pairs whose overlap is larger than :data:`TOUCH_M2`."""
    if len(areas) == 0 or len(polygons) == 0:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    area_index, wijk_index = shapely.STRtree(polygons).query(areas, predicate="intersects")
    overlap = shapely.area(shapely.intersection(polygons[wijk_index], areas[area_index]))
    keep = overlap > TOUCH_M2
    return wijk_index[keep], area_index[keep]


# The circle engine ------------------------------------------------------------------------------
#
# For a region R = P ∩ (C₁ ∪ … ∪ Cₙ), area(R) = ½ ∮ (x dy − y dx) over its boundary, which
# consists of (a) the parts of P's edges inside some circle, oriented like P (exterior
# counter-clockwise, holes clockwise), and (b) the arcs of each circle (counter-clockwise)
# inside P and outside every other circle. For (a) only the covered parameter length of
# each edge is needed: ½ · t · cross(p₀, d). For (b) an arc from θ₀ to θ₁ of the circle
# (c, r) contributes ½ [r²(θ₁−θ₀) + r(cₓ(sin θ₁ − sin θ₀) − c_y(cos θ₁ − cos θ₀))].
# Coordinates are taken relative to the centre of each polygon's bounding box, so the
# sums do not lose precision on Lambert 72's six-digit coordinates.
#
# Robustness: whether a vertex lies inside a circle is decided once per (vertex, circle)
# and edges are classified from their two end points, so the crossings found along a
# ring always alternate in and out, also when the circle passes through a vertex.
# Coincident circles (two partners at one address) are broken by index: the later one's
# boundary counts as covered by the earlier one.


def _circle_cover_in_parts(polygons: np.ndarray, cx: np.ndarray, cy: np.ndarray, r: np.ndarray,
                           remember: bool) -> np.ndarray:
    """:func:`_circle_cover`, for many polygons in west-to-east parts on threads of their own.

    A polygon's covered area depends only on the circles that reach it, so the parts are
    independent; the compiled kernels and GEOS release the GIL while they work. Each part gets the
    circles reaching its bounding box, in their original order (ties are broken by it).
    """
    if _THREADS < 2 or len(polygons) < _PARALLEL_POLYGONS or len(cx) < _PARALLEL_CIRCLES:
        return _circle_cover(polygons, cx, cy, r, remember=remember)
    bounds = shapely.bounds(polygons)
    parts = [np.sort(part) for part in np.array_split(np.argsort(bounds[:, 0] + bounds[:, 2], kind="stable"), _THREADS)]
    jobs = []
    for part in parts:
        low_x, low_y = bounds[part, :2].min(axis=0)
        high_x, high_y = bounds[part, 2:].max(axis=0)
        near = (cx + r > low_x) & (cx - r < high_x) & (cy + r > low_y) & (cy - r < high_y)
        jobs.append((polygons[part], cx[near], cy[near], r[near]))
    out = np.zeros(len(polygons))
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        for part, covered in zip(parts, pool.map(lambda job: _circle_cover(*job, remember=remember), jobs)):
            out[part] = covered
    return out


def _circle_cover(polygons: np.ndarray, cx: np.ndarray, cy: np.ndarray, r: np.ndarray, *,
                  remember: bool) -> np.ndarray:
    m = len(polygons)
    edges = polygon_edges(polygons, remember=remember)
    coarse, fine = edges.chains

    # (a) edges: candidate (circle, box of edges) pairs from the R-tree of coarse boxes;
    # the kernel refines them to fine boxes and edges.
    circle_boxes = shapely.box(cx - r, cy - r, cx + r, cy + r)
    pair_circle, pair_chain = edges.chain_tree.query(circle_boxes)
    covered_t, event_circle, event_polygon, event_angle, event_step = edge_cover(
        pair_circle, pair_chain, coarse.length, coarse.bounds, coarse.first_child, coarse.child_count, fine.start,
        fine.length, fine.bounds, edges.x0, edges.y0, edges.x1, edges.y1, edges.edge_polygon, cx, cy, r)
    out = np.bincount(edges.edge_polygon, 0.5 * covered_t * edges.cross, minlength=m)

    # (b) arcs. Only circles with some part outside every other circle contribute; they
    # are grouped per (circle, polygon): circles crossing the polygon's boundary, and
    # circles lying wholly inside it.
    arc_circle, arc_start, arc_end = free_arcs(cx, cy, r)
    has_free = np.zeros(len(cx), dtype=bool)
    has_free[arc_circle] = True
    free = np.flatnonzero(has_free)
    live = has_free[event_circle]
    event_key = event_circle[live] * m + event_polygon[live]
    crossing_keys = _unique(event_key)
    probe = shapely.points(cx[free] + r[free] * np.cos(_PROBE_ANGLE), cy[free] + r[free] * np.sin(_PROBE_ANGLE))
    # Each (prepared) polygon against a tree of the points: far faster than the other way round.
    probe_polygon, probe_index = shapely.STRtree(probe).query(edges.polygons, predicate="contains")
    probe_keys = free[probe_index] * m + probe_polygon
    whole_keys = probe_keys[~_sorted_contains(crossing_keys, probe_keys)]
    keys = np.concatenate([crossing_keys, whole_keys])
    whole = np.concatenate([np.zeros(len(crossing_keys), dtype=bool), np.ones(len(whole_keys), dtype=bool)])
    order = np.argsort(keys)
    keys, whole = keys[order], whole[order]
    out += arc_area(m, keys // m, keys % m, whole, np.searchsorted(keys, event_key), event_angle[live],
                    event_step[live], arc_circle, arc_start, arc_end, cx, cy, r, edges.ox, edges.oy)
    return out


def _unique(values: np.ndarray) -> np.ndarray:
    """The sorted distinct integers; several times faster than ``np.unique`` (NumPy 2.4) here."""
    values = np.sort(values)
    first = np.ones(len(values), dtype=bool)
    first[1:] = values[1:] != values[:-1]
    return values[first]


def _sorted_contains(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per value: is it one of ``sorted_values`` (sorted and unique)?"""
    if len(sorted_values) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
    return sorted_values[at] == values
