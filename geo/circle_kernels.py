"""The loops of the circle engine, compiled with Numba: edges against circles, free arcs, the sweep.

:mod:`geo.circle_cover` explains the geometry. Written as NumPy array passes, these steps
made some forty temporary arrays of up to a million (circle, edge) pairs each, and most of
a coverage run went to writing and reading them. Here each pair is looked at once, in a
loop that keeps its numbers in registers. The kernels release Python's lock, so the
engine's west and east parts run truly side by side.

Compiled code is cached on disk (``cache=True``, Numba's ``__pycache__`` or
``NUMBA_CACHE_DIR``): only the very first run on a machine compiles.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_TWO_PI = 2 * math.pi
_START = 1 << 14  # first capacity of the growing output arrays

# Options of every kernel: compiled once and kept on disk; no lock; plain IEEE arithmetic.
_KERNEL = {"cache": True, "nogil": True}


@njit(**_KERNEL)
def _grown(values, size):
    out = np.empty(max(2 * len(values), size), dtype=values.dtype)
    out[:len(values)] = values
    return out


# Directions around a circle are compared as pseudo-angles: a number in [0, 4) that grows
# with the angle as ``atan2`` does, one unit per quadrant, from a division instead of
# trigonometry. Only the arcs that end up counted are turned back into radians.
FULL_TURN = 4.0


@njit(**_KERNEL)
def pseudo_angle(x, y):
    """The pseudo-angle of the direction ``(x, y)`` (not both 0): 0 along +x, 1 along +y, 2, 3, up to 4."""
    if y >= 0:
        return y / (x + y) if x >= 0 else 1.0 - x / (y - x)
    return 2.0 - y / (-x - y) if x < 0 else 3.0 + x / (x - y)


@njit(**_KERNEL)
def radians(pseudo):
    """The angle in [0, 2π] of a pseudo-angle in [0, 4]."""
    if pseudo >= FULL_TURN:
        return _TWO_PI
    quadrant = int(pseudo)
    f = pseudo - quadrant
    if quadrant == 0:
        x, y = 1.0 - f, f
    elif quadrant == 1:
        x, y = -f, 1.0 - f
    elif quadrant == 2:
        x, y = f - 1.0, -f
    else:
        x, y = f, f - 1.0
    return math.atan2(y, x) % _TWO_PI


@njit(**_KERNEL)
def _box_reach(minx, miny, maxx, maxy, cx, cy, r2):
    """0: the circle cannot reach the box, 1: its edge may cross it, 2: the box lies inside."""
    far_x = max(abs(minx - cx), abs(maxx - cx))
    far_y = max(abs(miny - cy), abs(maxy - cy))
    if far_x * far_x + far_y * far_y < r2:
        return 2
    near_x = max(minx - cx, cx - maxx, 0.0)
    near_y = max(miny - cy, cy - maxy, 0.0)
    return 1 if near_x * near_x + near_y * near_y < r2 else 0


@njit(**_KERNEL)
def _grouped(group, groups):
    """A counting sort: ``(start, order)`` with ``order[start[g]:start[g + 1]]`` the indices
    of the items of group ``g``, each group in the items' order."""
    start = np.zeros(groups + 1, dtype=np.int64)
    for g in group:
        start[g + 1] += 1
    start = np.cumsum(start)
    filled = start[:-1].copy()
    order = np.empty(len(group), dtype=np.int64)
    for k in range(len(group)):
        order[filled[group[k]]] = k
        filled[group[k]] += 1
    return start, order


@njit(**_KERNEL)
def _order(values):
    """Indices that sort ``values``: insertion sort for the few values of one box or circle."""
    count = len(values)
    if count > 32:
        return np.argsort(values, kind="mergesort")
    order = np.arange(count)
    for i in range(1, count):
        k = order[i]
        j = i - 1
        while j >= 0 and values[order[j]] > values[k]:
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = k
    return order


@njit(**_KERNEL)
def edge_cover(pair_circle, pair_chain, coarse_length, coarse_bounds, first_child, child_count, fine_start, fine_length,
               fine_bounds, x0, y0, x1, y1, edge_polygon, cx, cy, r):
    """The edges of polygons against circles, from (circle, coarse box of edges) candidate pairs.

    Returns, per edge, the share of its length inside the union of the circles, and the
    crossings as events ``(circle, polygon, pseudo-angle on the circle, step)``: −1 where the
    circle leaves the polygon, +1 where it enters it. Whether a vertex lies inside a
    circle is decided from its own coordinates, alike for both edges that share it, so
    crossings along a ring alternate. The pairs are taken box by box, so the edges of a
    box are read from memory once for all the circles that reach it.
    """
    covered = np.zeros(len(x0))
    full = np.zeros(len(x0), dtype=np.bool_)
    chain_count = len(coarse_length)
    pair_start, by_chain = _grouped(pair_chain, chain_count)
    circles_by_chain = pair_circle[by_chain]
    cut_edge = np.empty(64, dtype=np.int64)
    cut_in = np.empty(64)
    cut_out = np.empty(64)
    event_circle = np.empty(_START, dtype=np.int64)
    event_polygon = np.empty(_START, dtype=np.int64)
    event_angle = np.empty(_START)
    event_step = np.empty(_START, dtype=np.int8)
    events = 0
    for chain in range(chain_count):
        # Room for every edge of the chain crossing every circle that reaches it, made
        # here: growing arrays inside the loops below would slow them down several times.
        most = (pair_start[chain + 1] - pair_start[chain]) * coarse_length[chain]
        if most > len(cut_edge):
            cut_edge, cut_in, cut_out = _grown(cut_edge, most), _grown(cut_in, most), _grown(cut_out, most)
        if events + 2 * most > len(event_circle):
            size = events + 2 * most
            event_circle, event_polygon = _grown(event_circle, size), _grown(event_polygon, size)
            event_angle, event_step = _grown(event_angle, size), _grown(event_step, size)
        cuts = 0
        for k in range(pair_start[chain], pair_start[chain + 1]):
            c = circles_by_chain[k]
            ccx, ccy, rc = cx[c], cy[c], r[c]
            r2 = rc * rc
            reach = _box_reach(coarse_bounds[chain, 0], coarse_bounds[chain, 1], coarse_bounds[chain, 2],
                               coarse_bounds[chain, 3], ccx, ccy, r2)
            if reach == 0:
                continue
            for fine in range(first_child[chain], first_child[chain] + child_count[chain]):
                if reach == 2:
                    fine_reach = 2
                else:
                    fine_reach = _box_reach(fine_bounds[fine, 0], fine_bounds[fine, 1], fine_bounds[fine, 2],
                                            fine_bounds[fine, 3], ccx, ccy, r2)
                if fine_reach == 0:
                    continue
                first = fine_start[fine]
                if fine_reach == 2:
                    full[first:first + fine_length[fine]] = True
                    continue
                for e in range(first, first + fine_length[fine]):
                    px = x0[e] - ccx
                    py = y0[e] - ccy
                    qx = x1[e] - ccx
                    qy = y1[e] - ccy
                    f0 = px * px + py * py - r2
                    inside0 = f0 < 0
                    inside1 = qx * qx + qy * qy - r2 < 0
                    if inside0 and inside1:
                        full[e] = True
                        continue
                    dx = x1[e] - x0[e]
                    dy = y1[e] - y0[e]
                    a = dx * dx + dy * dy
                    b = dx * px + dy * py
                    if not inside0 and not inside1 and not (b < 0 and b > -a and b * b > a * f0):
                        continue  # both ends outside and the segment passes by
                    root = math.sqrt(max(b * b - a * f0, 0.0))
                    t_in = 0.0 if inside0 else min(max((-b - root) / a, 0.0), 1.0)
                    t_out = 1.0 if inside1 else min(max((-b + root) / a, 0.0), 1.0)
                    through = t_out > t_in
                    if not through and not inside0 and not inside1:
                        continue  # touches the circle at one point
                    if through:
                        cut_edge[cuts] = e
                        cut_in[cuts] = t_in
                        cut_out[cuts] = t_out
                        cuts += 1
                    # Where an edge enters the circle, the circle (counter-clockwise) leaves
                    # the polygon, which lies left of its edges; and vice versa.
                    if not inside0:
                        event_circle[events] = c
                        event_polygon[events] = edge_polygon[e]
                        event_angle[events] = pseudo_angle(px + t_in * dx, py + t_in * dy)
                        event_step[events] = -1
                        events += 1
                    if not inside1:
                        event_circle[events] = c
                        event_polygon[events] = edge_polygon[e]
                        event_angle[events] = pseudo_angle(px + t_out * dx, py + t_out * dy)
                        event_step[events] = 1
                        events += 1
        if cuts:
            # The union of each edge's intervals: by edge, then by where they start.
            first_edge = cut_edge[:cuts].min()
            order = _order((cut_edge[:cuts] - first_edge) * 2.0 + cut_in[:cuts])
            k = 0
            while k < cuts:
                e = cut_edge[order[k]]
                total = 0.0
                reached = -1.0
                while k < cuts and cut_edge[order[k]] == e:
                    start = cut_in[order[k]]
                    end = cut_out[order[k]]
                    if end > reached:
                        total += end - max(start, reached)
                        reached = end
                    k += 1
                covered[e] = total
    for e in range(len(x0)):
        if full[e]:
            covered[e] = 1.0
    return covered, event_circle[:events], event_polygon[:events], event_angle[:events], event_step[:events]


@njit(**_KERNEL)
def overlapping_circles(cx, cy, r):
    """For each circle, the other circles that overlap it (more than touching).

    Returns ``(start, other)``: the neighbours of circle ``i`` are
    ``other[start[i]:start[i + 1]]``. A sweep along x over the circles sorted by their left
    end finds each overlapping pair once, reading the sorted circles in order.
    """
    n = len(cx)
    order = np.argsort(cx - r)
    sx, sy, sr = cx[order], cy[order], r[order]
    left = sx - sr
    pair_a = np.empty(_START, dtype=np.int64)
    pair_b = np.empty(_START, dtype=np.int64)
    pairs = 0
    for a in range(n):
        right = sx[a] + sr[a]
        window = np.searchsorted(left, right)  # the circles b with left[b] < right
        if pairs + window - a > len(pair_a):
            pair_a, pair_b = _grown(pair_a, pairs + window - a), _grown(pair_b, pairs + window - a)
        for b in range(a + 1, window):
            dx = sx[b] - sx[a]
            dy = sy[b] - sy[a]
            reach = sr[a] + sr[b]
            if dx * dx + dy * dy < reach * reach:
                pair_a[pairs] = order[a]
                pair_b[pairs] = order[b]
                pairs += 1
    # Each pair once from either side, grouped by the circle it is seen from.
    start, order = _grouped(np.concatenate((pair_a[:pairs], pair_b[:pairs])), n)
    return start, np.concatenate((pair_b[:pairs], pair_a[:pairs]))[order]


@njit(**_KERNEL)
def free_arcs(cx, cy, r):
    """Pseudo-angle intervals ``[start, end)`` of the circles outside every other circle.

    Returns ``(circle, start, end)`` sorted by circle. Of two coincident circles the later
    one counts as covered by the earlier one.
    """
    start_at, other = overlapping_circles(cx, cy, r)
    arc_circle = np.empty(_START, dtype=np.int64)
    arc_start = np.empty(_START)
    arc_end = np.empty(_START)
    arcs = 0
    starts = np.empty(16)
    ends = np.empty(16)
    for c in range(len(cx)):
        first, last = start_at[c], start_at[c + 1]
        rc = r[c]
        count = 0
        swallowed = False
        if 2 * (last - first) > len(starts):
            starts, ends = _grown(starts, 2 * (last - first)), _grown(ends, 2 * (last - first))
        for k in range(first, last):
            j = other[k]
            rj = r[j]
            dx = cx[j] - cx[c]
            dy = cy[j] - cy[c]
            d = math.sqrt(dx * dx + dy * dy)
            if d <= rj - rc and not (d == 0 and rc == rj and j > c):
                swallowed = True
                break
            if not d > abs(rc - rj):
                continue  # c contains j: no part of c's circle lies inside j
            # The arc of c inside j runs counter-clockwise between the two crossing points
            # a·u ∓ h·u⊥, with u the unit direction from c to j.
            a = (rc * rc + d * d - rj * rj) / (2 * d)
            h = math.sqrt(max(rc * rc - a * a, 0.0))
            ux = dx / d
            uy = dy / d
            start = pseudo_angle(a * ux + h * uy, a * uy - h * ux)
            end = pseudo_angle(a * ux - h * uy, a * uy + h * ux)
            if end < start:
                starts[count] = start
                ends[count] = FULL_TURN
                starts[count + 1] = 0.0
                ends[count + 1] = end
                count += 2
            else:
                starts[count] = start
                ends[count] = end
                count += 1
        if swallowed:
            continue
        if arcs + count + 1 > len(arc_circle):
            size = arcs + count + 1
            arc_circle, arc_start, arc_end = _grown(arc_circle, size), _grown(arc_start, size), _grown(arc_end, size)
        # The gaps between the covered intervals, sorted by where they start.
        reached = 0.0
        for k in _order(starts[:count]):
            if starts[k] > reached:
                arc_circle[arcs] = c
                arc_start[arcs] = reached
                arc_end[arcs] = starts[k]
                arcs += 1
            reached = max(reached, ends[k])
        if reached < FULL_TURN:
            arc_circle[arcs] = c
            arc_start[arcs] = reached
            arc_end[arcs] = FULL_TURN
            arcs += 1
    return arc_circle[:arcs], arc_start[:arcs], arc_end[:arcs]


@njit(**_KERNEL)
def _sweep_order(angle, step):
    """Indices by angle, and at equal angles the larger step first."""
    if len(angle) > 32:
        by_step = np.argsort(-step, kind="mergesort")
        return by_step[np.argsort(angle[by_step], kind="mergesort")]
    order = np.arange(len(angle))
    for i in range(1, len(angle)):
        k = order[i]
        j = i - 1
        while j >= 0 and (angle[order[j]] > angle[k] or (angle[order[j]] == angle[k] and step[order[j]] < step[k])):
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = k
    return order


@njit(**_KERNEL)
def arc_area(polygon_count, group_circle, group_polygon, group_whole, event_group, event_angle, event_step,
             arc_circle, arc_start, arc_end, cx, cy, r, ox, oy):
    """Per polygon, ½∮(x dy − y dx) over the arcs of its circles inside it and outside all others.

    A group is one (circle, polygon) pair, ``group_whole`` when the circle lies wholly
    inside the polygon. Its events (crossings of the polygon's boundary, ±1) and the
    circle's free arcs (``arc_circle`` sorted) are swept by pseudo-angle from 0 to a full
    turn; equal angles take +1 first. The sweep may start inside the polygon, so the depth is lifted
    until its lowest value is 0.
    """
    out = np.zeros(polygon_count)
    groups = len(group_circle)
    event_start, event_order = _grouped(event_group, groups)
    arc_low = np.searchsorted(arc_circle, group_circle)
    arc_high = np.searchsorted(arc_circle, group_circle, side="right")
    for g in range(groups):
        if arc_low[g] == arc_high[g]:
            continue  # no part of this circle is free
        c = group_circle[g]
        p = group_polygon[g]
        event_count = event_start[g + 1] - event_start[g]
        arc_count = arc_high[g] - arc_low[g]
        size = 2 + event_count + 2 * arc_count
        angle = np.empty(size)
        step_inside = np.zeros(size, dtype=np.int64)
        step_free = np.zeros(size, dtype=np.int64)
        angle[0] = 0.0
        step_inside[0] = 1 if group_whole[g] else 0
        angle[1] = FULL_TURN
        n = 2
        for k in range(event_start[g], event_start[g + 1]):
            e = event_order[k]
            angle[n] = event_angle[e]
            step_inside[n] = event_step[e]
            n += 1
        for k in range(arc_low[g], arc_high[g]):
            angle[n] = arc_start[k]
            step_free[n] = 1
            angle[n + 1] = arc_end[k]
            step_free[n + 1] = -1
            n += 2
        order = _sweep_order(angle, step_inside + step_free)
        depth = 0
        lowest = 0
        for k in order:
            depth += step_inside[k]
            lowest = min(lowest, depth)
        rc = r[c]
        ccx = cx[c] - ox[p]
        ccy = cy[c] - oy[p]
        inside = -lowest
        free = 0
        total = 0.0
        for i in range(size - 1):
            k = order[i]
            inside += step_inside[k]
            free += step_free[k]
            if inside >= 1 and free >= 1 and angle[order[i + 1]] > angle[k]:
                start = radians(angle[k])
                end = radians(angle[order[i + 1]])
                total += 0.5 * (rc * rc * (end - start)
                                + rc * (ccx * (math.sin(end) - math.sin(start)) - ccy * (math.cos(end) - math.cos(start))))
        out[p] += total
    return out
