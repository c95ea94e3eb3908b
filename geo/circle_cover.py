"""The exact area of polygons inside a union of circles (and of area polygons): the engine of coverage.

The area of ``wijk ∩ (A ∪ C₁ ∪ … ∪ Cₙ)``, with ``A`` the union of the non-circular reach areas
(municipalities, wijken) and ``Cᵢ`` the circles, follows from Green's theorem as a sum over the
boundary of that region: the wijk's edges inside some circle and the circle arcs inside the wijk
and outside every other circle. Those pieces come from closed-form segment/circle and
circle/circle intersections, vectorised in NumPy, so no circle is ever turned into a polygon and
no polygons are unioned. All of Flanders with 20,000 partners takes a fraction of a second
instead of several seconds for buffer + union + intersection (see ``bench/coverage_bench.py``),
and agrees with it to within 0.01 percentage point (the difference is the polygon approximation
of the circles). :mod:`geo.coverage` builds the coverage table on it.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely

from geo.polygon_edges import polygon_edges

# A reach area "touches" a wijk when they overlap by more than this (m²): sharing a
# border or a corner is not reaching into a wijk.
TOUCH_M2 = 1.0
# A covered share this close to 1 is full coverage: the computation is exact up to
# floating point, and a wijk that is covered entirely must not be a white spot when the
# threshold is 100 % (0.9999999999999997 < 1).
FULL_TOLERANCE = 1e-9

_TWO_PI = 2 * np.pi
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
    independent; NumPy and GEOS release the GIL while they work. Each part gets the
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
    m, n = len(polygons), len(cx)
    out = np.zeros(m)
    edges = polygon_edges(polygons, remember=remember)
    polygons = edges.polygons
    x0, y0, x1, y1, edge_polygon, ox, oy = edges.x0, edges.y0, edges.x1, edges.y1, edges.edge_polygon, edges.ox, edges.oy
    edge_count = len(x0)

    # (a) edges: candidate (circle, edge) pairs through boxes of consecutive edges, coarse
    # (in an R-tree) then fine. Boxes out of reach are dropped; boxes wholly inside a
    # circle are covered edge by edge without crossings. The others are refined, and in
    # the end looked at edge by edge.
    circle_boxes = shapely.box(cx - r, cy - r, cx + r, cy + r)
    pair_circle, pair_chain = edges.chain_tree.query(circle_boxes)
    full_edge = np.zeros(edge_count, dtype=bool)
    for chains in edges.chains:
        within, crossing = _box_reach(chains.bounds[pair_chain], cx[pair_circle], cy[pair_circle], r[pair_circle])
        full = pair_chain[within]
        full_edge[np.repeat(chains.start[full], chains.length[full]) + _ranks(chains.length[full])] = True
        pair_circle, pair_chain = pair_circle[crossing], pair_chain[crossing]
        if chains.first_child is not None:
            counts = chains.child_count[pair_chain]
            pair_circle = np.repeat(pair_circle, counts)
            pair_chain = np.repeat(chains.first_child[pair_chain], counts) + _ranks(counts)
    counts = chains.length[pair_chain]
    ci = np.repeat(pair_circle, counts)
    ei = np.repeat(chains.start[pair_chain], counts) + _ranks(counts)

    px = x0[ei] - cx[ci]
    py = y0[ei] - cy[ci]
    dx = x1[ei] - x0[ei]
    dy = y1[ei] - y0[ei]
    r2 = r[ci] * r[ci]
    f0 = px * px + py * py - r2
    inside0 = f0 < 0
    qx = x1[ei] - cx[ci]  # not px + dx: a vertex shared by two edges must be judged alike
    qy = y1[ei] - cy[ci]
    inside1 = qx * qx + qy * qy - r2 < 0
    # An edge with both ends inside a circle is covered whole and crosses nothing.
    full_edge[ei[inside0 & inside1]] = True
    a = dx * dx + dy * dy
    b = dx * px + dy * py
    # A segment with both ends outside can still pass through the circle.
    keep = np.flatnonzero((inside0 != inside1) | (~inside0 & ~inside1 & (b < 0) & (b > -a) & (b * b > a * f0)))
    ci, ei, px, py, dx, dy, a, b, f0, inside0, inside1 = (
        v[keep] for v in (ci, ei, px, py, dx, dy, a, b, f0, inside0, inside1))
    disc = b * b - a * f0
    root = np.sqrt(np.maximum(disc, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        t_in = np.clip((-b - root) / a, 0.0, 1.0)
        t_out = np.clip((-b + root) / a, 0.0, 1.0)
    t_in = np.where(inside0, 0.0, t_in)
    t_out = np.where(inside1, 1.0, t_out)
    both_out = ~inside0 & ~inside1
    through = t_out > t_in
    partial = through & ~full_edge[ei]  # edges covered whole need no union of their parts
    edge_ids, gained = _union_length(ei[partial], t_in[partial], t_out[partial])
    covered_t = np.where(full_edge, 1.0, np.bincount(edge_ids, gained, minlength=edge_count))
    cross = (x0 - ox[edge_polygon]) * (y1 - y0) - (y0 - oy[edge_polygon]) * (x1 - x0)
    out += np.bincount(edge_polygon, 0.5 * covered_t * cross, minlength=m)

    # (b) arcs. Where an edge enters the circle, the circle (counter-clockwise) leaves the
    # polygon (which lies left of its edges), and vice versa.
    leaves = (~inside0 & inside1) | (both_out & through)
    enters = (inside0 & ~inside1) | (both_out & through)
    event_circle = np.concatenate([ci[leaves], ci[enters]])
    event_polygon = edge_polygon[np.concatenate([ei[leaves], ei[enters]])]
    t = np.concatenate([t_in[leaves], t_out[enters]])
    ex = np.concatenate([px[leaves], px[enters]]) + t * np.concatenate([dx[leaves], dx[enters]])
    ey = np.concatenate([py[leaves], py[enters]]) + t * np.concatenate([dy[leaves], dy[enters]])
    event_angle = np.mod(np.arctan2(ey, ex), _TWO_PI)
    event_step = np.concatenate([np.full(leaves.sum(), -1.0), np.full(enters.sum(), 1.0)])

    # Circles crossing a polygon's boundary, and circles wholly inside a polygon.
    event_key = event_circle.astype(np.int64) * m + event_polygon
    crossing_keys = _unique(event_key)
    probe = shapely.points(cx + r * np.cos(_PROBE_ANGLE), cy + r * np.sin(_PROBE_ANGLE))
    # Each (prepared) polygon against a tree of the points: far faster than the other way round.
    probe_polygon, probe_circle = shapely.STRtree(probe).query(polygons, predicate="contains")
    probe_keys = probe_circle.astype(np.int64) * m + probe_polygon
    whole_keys = probe_keys[~_sorted_contains(crossing_keys, probe_keys)]
    keys = np.concatenate([crossing_keys, whole_keys])
    whole = np.concatenate([np.zeros(len(crossing_keys), dtype=bool), np.ones(len(whole_keys), dtype=bool)])
    order = np.argsort(keys)
    keys, whole = keys[order], whole[order]
    if len(keys) == 0:
        return out
    group_circle = keys // m
    group_polygon = keys % m

    free_circle, free_start, free_end = _uncovered_arcs(cx, cy, r, _unique(group_circle), circle_boxes)
    has_free = np.zeros(n, dtype=bool)
    has_free[free_circle] = True
    live = np.flatnonzero(has_free[group_circle])
    if len(live) == 0:
        return out
    event_group = np.searchsorted(keys, event_key)
    alive = has_free[group_circle[event_group]]
    event_group, event_angle, event_step = event_group[alive], event_angle[alive], event_step[alive]

    order = np.argsort(free_circle, kind="stable")
    free_circle, free_start, free_end = free_circle[order], free_start[order], free_end[order]
    low = np.searchsorted(free_circle, group_circle[live])
    high = np.searchsorted(free_circle, group_circle[live], side="right")
    repeat = high - low
    free_group = np.repeat(live, repeat)
    source = np.repeat(low, repeat) + _ranks(repeat)

    # One sweep over every (circle, polygon) group: sentinels at 0 and 2π, polygon
    # crossings (±1 "inside"), uncovered arcs (±1 "free"). Equal angles: +1 first.
    group = np.concatenate([live, live, event_group, free_group, free_group])
    angle = np.concatenate([np.zeros(len(live)), np.full(len(live), _TWO_PI), event_angle, free_start[source],
                            free_end[source]])
    step_inside = np.concatenate([whole[live].astype(float), np.zeros(len(live)), event_step, np.zeros(2 * len(source))])
    step_free = np.concatenate([np.zeros(2 * len(live) + len(event_angle)), np.ones(len(source)), -np.ones(len(source))])
    order = np.lexsort(((-(step_inside + step_free)).astype(np.int8), angle, group))
    group, angle, step_inside, step_free = group[order], angle[order], step_inside[order], step_free[order]
    first = np.ones(len(group), dtype=bool)
    first[1:] = group[1:] != group[:-1]
    group_start = np.flatnonzero(first)
    group_number = np.cumsum(first) - 1
    inside = np.cumsum(step_inside)
    free = np.cumsum(step_free)
    inside -= (inside - step_inside)[group_start][group_number]
    free -= (free - step_free)[group_start][group_number]
    # The sweep starts at angle 0, which may lie inside the polygon: lift each group so
    # that its lowest depth is 0.
    inside -= np.minimum(np.minimum.reduceat(inside, group_start), 0.0)[group_number]
    has_next = np.zeros(len(group), dtype=bool)
    has_next[:-1] = ~first[1:]
    counted = np.flatnonzero(has_next & (inside >= 1) & (free >= 1))
    g = group[counted]
    start, end = angle[counted], angle[counted + 1]
    circle = group_circle[g]
    polygon = group_polygon[g]
    rc = r[circle]
    ccx = cx[circle] - ox[polygon]
    ccy = cy[circle] - oy[polygon]
    arc = 0.5 * (rc * rc * (end - start) + rc * (ccx * (np.sin(end) - np.sin(start)) - ccy * (np.cos(end) - np.cos(start))))
    out += np.bincount(polygon, arc, minlength=m)
    return out


def _box_reach(box: np.ndarray, cx, cy, r) -> tuple[np.ndarray, np.ndarray]:
    """Per (box, circle) pair: is the box wholly inside the circle; can the circle's edge cross it."""
    near_x = np.maximum(np.maximum(box[:, 0] - cx, cx - box[:, 2]), 0.0)
    near_y = np.maximum(np.maximum(box[:, 1] - cy, cy - box[:, 3]), 0.0)
    far_x = np.maximum(np.abs(box[:, 0] - cx), np.abs(box[:, 2] - cx))
    far_y = np.maximum(np.abs(box[:, 1] - cy), np.abs(box[:, 3] - cy))
    radius2 = r * r
    within = far_x * far_x + far_y * far_y < radius2
    return within, ~within & (near_x * near_x + near_y * near_y < radius2)


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


def _ranks(counts: np.ndarray) -> np.ndarray:
    """0, 1, …, counts[i]-1 for each i, concatenated."""
    total = int(counts.sum())
    return np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)


def _union_length(group: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per interval, the length it adds to the union of the intervals (in [0, 1]) of its group."""
    order = np.argsort(group * 2.0 + start, kind="stable")
    group, start, end = group[order], start[order], end[order]
    running = np.maximum.accumulate(end + 2.0 * group) - 2.0 * group
    previous = np.full(len(start), -1.0)
    previous[1:] = running[:-1]
    first = np.ones(len(start), dtype=bool)
    first[1:] = group[1:] != group[:-1]
    previous[first] = -1.0
    return group, np.maximum(0.0, end - np.maximum(start, previous))


def _uncovered_arcs(cx, cy, r, which, boxes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Angular intervals ``[start, end)`` of the circles ``which`` outside every other circle."""
    n = len(cx)
    qi, qj = shapely.STRtree(boxes).query(boxes[which])
    qi = which[qi]
    dx = cx[qj] - cx[qi]
    dy = cy[qj] - cy[qi]
    reach = r[qi] + r[qj]
    close = np.flatnonzero((qi != qj) & (dx * dx + dy * dy < reach * reach))
    qi, qj, dx, dy = qi[close], qj[close], dx[close], dy[close]
    d = np.hypot(dx, dy)
    ri, rj = r[qi], r[qj]
    swallowed = (d <= rj - ri) & ~((d == 0) & (ri == rj) & (qj > qi))
    partial = ~swallowed & (d > np.abs(ri - rj))
    covered_whole = np.zeros(n, dtype=bool)
    covered_whole[qi[swallowed]] = True
    keep = partial & ~covered_whole[qi]
    ci, d, ri, rj = qi[keep], d[keep], ri[keep], rj[keep]
    centre = np.arctan2(dy[keep], dx[keep])
    half = np.arccos(np.clip((ri * ri + d * d - rj * rj) / (2 * ri * d), -1.0, 1.0))
    start = np.mod(centre - half, _TWO_PI)
    end = start + 2 * half
    wrap = end > _TWO_PI
    ci = np.concatenate([ci, ci[wrap]])
    start = np.concatenate([start, np.zeros(wrap.sum())])
    end = np.concatenate([np.minimum(end, _TWO_PI), end[wrap] - _TWO_PI])
    # The gaps between the covered intervals of each circle.
    order = np.argsort(ci * 8.0 + start, kind="stable")  # nearly sorted already: faster than quicksort
    ci, start, end = ci[order], start[order], end[order]
    running = np.maximum.accumulate(end + 8.0 * ci) - 8.0 * ci
    first = np.ones(len(ci), dtype=bool)
    first[1:] = ci[1:] != ci[:-1]
    last = np.ones(len(ci), dtype=bool)
    last[:-1] = ci[1:] != ci[:-1]
    previous = np.zeros(len(ci))
    previous[1:] = running[:-1]
    previous[first] = 0.0
    gap = start > previous
    tail = last & (running < _TWO_PI)
    touched = np.zeros(n, dtype=bool)
    touched[ci] = True
    untouched = which[~touched[which] & ~covered_whole[which]]
    return (np.concatenate([ci[gap], ci[tail], untouched]),
            np.concatenate([previous[gap], running[tail], np.zeros(len(untouched))]),
            np.concatenate([start[gap], np.full(tail.sum(), _TWO_PI), np.full(len(untouched), _TWO_PI)]))
