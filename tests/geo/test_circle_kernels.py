"""The compiled loops of the coverage engine, each against a plain-Python or closed-form answer."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from geo.circle_kernels import FULL_TURN, edge_cover, free_arcs, overlapping_circles, pseudo_angle, radians
from geo.polygon_edges import polygon_edges


def test_pseudo_angles_sort_directions_as_atan2_does_and_turn_back_into_radians():
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=(2, 2_000))
    # The axes and the diagonals exactly, where the quadrants meet.
    x = np.concatenate([x, [1.0, 0.0, -1.0, 0.0, 1.0, -1.0, -1.0, 1.0, 3.0, -0.0]])
    y = np.concatenate([y, [0.0, 1.0, 0.0, -1.0, 1.0, 1.0, -1.0, -1.0, -0.0, -2.0]])
    exact = np.mod(np.arctan2(y, x), 2 * math.pi)
    pseudo = np.array([pseudo_angle(a, b) for a, b in zip(x, y)])
    assert np.all((pseudo >= 0) & (pseudo < FULL_TURN))
    assert np.array_equal(np.argsort(pseudo, kind="stable"), np.argsort(exact, kind="stable"))
    assert np.allclose([radians(p) for p in pseudo], exact, rtol=0, atol=1e-12)
    assert [pseudo_angle(1.0, 0.0), pseudo_angle(0.0, 1.0), pseudo_angle(-1.0, 0.0), pseudo_angle(0.0, -1.0)] == [
        0.0, 1.0, 2.0, 3.0]
    assert radians(FULL_TURN) == 2 * math.pi


def _overlapping_by_brute_force(cx, cy, r):
    d = np.hypot(cx[:, None] - cx[None, :], cy[:, None] - cy[None, :])
    close = d < r[:, None] + r[None, :]
    np.fill_diagonal(close, False)
    return [set(np.flatnonzero(row)) for row in close]


def test_overlapping_circles_are_every_pair_closer_than_their_radii_and_no_touching_pair():
    rng = np.random.default_rng(11)
    cx = rng.uniform(0, 5_000, 400)
    cy = rng.uniform(0, 3_000, 400)
    r = rng.choice([50.0, 300.0, 1_200.0], 400)
    # Two partners at one address, and two circles that only touch.
    cx[1], cy[1], r[1] = cx[0], cy[0], r[0]
    cx[3], cy[3], r[3] = 20_000.0, 0.0, 100.0
    cx[4], cy[4], r[4] = 20_250.0, 0.0, 150.0
    start, other = overlapping_circles(cx, cy, r)
    found = [set(other[start[i]:start[i + 1]].tolist()) for i in range(len(cx))]
    assert found == _overlapping_by_brute_force(cx, cy, r)
    assert 1 in found[0] and 0 in found[1]
    assert 4 not in found[3] and 3 not in found[4]


def test_free_arcs_are_exactly_the_parts_of_each_circle_outside_all_others():
    rng = np.random.default_rng(3)
    n = 60
    cx = rng.uniform(0, 2_000, n)
    cy = rng.uniform(0, 2_000, n)
    r = rng.uniform(100, 500, n)
    cx[1], cy[1], r[1] = cx[0], cy[0], r[0]  # coincident: the later one is covered by the earlier
    cx[2], cy[2], r[2] = cx[5] + 10, cy[5], r[5] / 4  # wholly inside circle 5
    circle, start, end = free_arcs(cx, cy, r)
    assert np.all(np.diff(circle) >= 0)
    assert np.all((0 <= start) & (start < end) & (end <= FULL_TURN))
    angles = np.linspace(0, 2 * math.pi, 1_441)[:-1] + 1e-4
    checked = 0
    for c in range(n):
        if c == 1:
            continue  # covered by its twin, circle 0: no arc at all (asserted below)
        px = cx[c] + r[c] * np.cos(angles)
        py = cy[c] + r[c] * np.sin(angles)
        others = (np.arange(n) != c) & (np.arange(n) != 1)  # circle 0 keeps what its twin would cover
        distance = np.hypot(px[:, None] - cx[others], py[:, None] - cy[others]) - r[others]
        outside = np.all(distance > 0, axis=1)
        clear = np.min(np.abs(distance), axis=1) > 1e-6 * r[c]  # not on another circle
        pseudo = np.array([pseudo_angle(math.cos(a), math.sin(a)) for a in angles])
        in_arc = np.zeros(len(angles), dtype=bool)
        for s, e in zip(start[circle == c], end[circle == c]):
            in_arc |= (pseudo >= s) & (pseudo < e)
        assert np.array_equal(in_arc[clear], outside[clear]), c
        checked += clear.sum()
    assert checked > 0.98 * (n - 1) * len(angles)
    assert 1 not in circle and 2 not in circle and 0 in circle


def test_edge_cover_measures_each_edge_inside_the_circles_and_reports_the_crossings():
    square = shapely.box(0, 0, 100, 100)
    edges = polygon_edges(np.array([square], dtype=object), remember=False)
    coarse, fine = edges.chains
    # One circle on the west edge (covers y 30..70 of it), one holding the north-east corner.
    cx, cy, r = np.array([0.0, 100.0]), np.array([50.0, 100.0]), np.array([20.0, 10.0])
    pair_circle, pair_chain = edges.chain_tree.query(shapely.box(cx - r, cy - r, cx + r, cy + r))
    covered, event_circle, event_polygon, event_angle, event_step = edge_cover(
        pair_circle, pair_chain, coarse.length, coarse.bounds, coarse.first_child, coarse.child_count, fine.start,
        fine.length, fine.bounds, edges.x0, edges.y0, edges.x1, edges.y1, edges.edge_polygon, cx, cy, r)
    length = np.hypot(edges.x1 - edges.x0, edges.y1 - edges.y0)
    west = (edges.x0 == 0) & (edges.x1 == 0)
    assert covered[west] * length[west] == pytest.approx([40.0])
    assert (covered * length).sum() == pytest.approx(40.0 + 20.0)  # 10 m of both edges at the corner
    assert set(event_polygon.tolist()) == {0}
    crossings = sorted(zip(event_circle.tolist(), np.round([radians(a) for a in event_angle], 9), event_step.tolist()))
    # Counter-clockwise, the west circle enters the square at −90° and leaves it at +90°;
    # the corner circle enters at 180° and leaves at 270°.
    assert crossings == [(0, round(math.pi / 2, 9), -1), (0, round(3 * math.pi / 2, 9), 1),
                         (1, round(math.pi, 9), 1), (1, round(3 * math.pi / 2, 9), -1)]
