"""The static half of coverage: ring edges, nested boxes of edges, kept per set of geometries."""

from __future__ import annotations

import numpy as np
import shapely

from geo import polygon_edges as module
from geo.polygon_edges import CHAIN_SIZES, polygon_edges, ring_edges


def test_ring_edges_follow_every_ring_of_every_part():
    holed = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], holes=[[(2, 2), (4, 2), (4, 4)]])
    two = shapely.MultiPolygon([shapely.box(20, 0, 21, 1), shapely.box(30, 0, 31, 1)])
    x0, y0, x1, y1, polygon = ring_edges(np.array([holed, two], dtype=object))
    assert polygon.tolist() == [0] * 7 + [1] * 8
    # Consecutive edges of a ring join up, and each ring closes.
    assert (x1[:3] == x0[1:4]).all() and (x1[3], y1[3]) == (x0[0], y0[0])
    assert {(x0[i], y0[i]) for i in range(4, 7)} == {(2.0, 2.0), (4.0, 2.0), (4.0, 4.0)}


def test_edges_are_oriented_counter_clockwise_with_holes_clockwise():
    clockwise = shapely.Polygon([(0, 0), (0, 10), (10, 10), (10, 0)], holes=[[(2, 2), (4, 2), (4, 4)]])
    edges = polygon_edges(np.array([clockwise], dtype=object), remember=False)
    signed = 0.5 * (edges.x0 * edges.y1 - edges.x1 * edges.y0)
    assert signed[:4].sum() == 100.0  # exterior counter-clockwise
    assert signed[4:].sum() == -2.0  # the hole clockwise
    assert (edges.ox, edges.oy) == ([5.0], [5.0])


def test_coarse_boxes_split_exactly_into_fine_ones(boundaries):
    polygons = boundaries.wijken_of("12025").geometry.values
    edges = polygon_edges(polygons, remember=False)
    coarse, fine = edges.chains
    assert CHAIN_SIZES[0] % CHAIN_SIZES[1] == 0
    assert coarse.length.sum() == fine.length.sum() == len(edges.x0)
    assert coarse.length.max() <= CHAIN_SIZES[0] and fine.length.max() <= CHAIN_SIZES[1]
    for chain in range(len(coarse.start)):
        children = slice(coarse.first_child[chain], coarse.first_child[chain] + coarse.child_count[chain])
        assert fine.start[children][0] == coarse.start[chain]
        assert fine.length[children].sum() == coarse.length[chain]
        assert (fine.bounds[children, :2] >= coarse.bounds[chain, :2]).all()
        assert (fine.bounds[children, 2:] <= coarse.bounds[chain, 2:]).all()
    # No box spans two polygons, and each box holds its edges.
    first, last = fine.start, fine.start + fine.length - 1
    assert (edges.edge_polygon[first] == edges.edge_polygon[last]).all()
    assert (np.minimum.reduceat(np.minimum(edges.x0, edges.x1), fine.start) == fine.bounds[:, 0]).all()


def test_made_once_for_the_same_geometries_and_anew_for_others(monkeypatch):
    monkeypatch.setattr(module, "_KEPT", type(module._KEPT)())
    squares = np.array([shapely.box(i, 0, i + 1, 1) for i in range(3)], dtype=object)
    first = polygon_edges(squares)
    assert polygon_edges(squares.copy()) is first  # another array, the same objects
    assert polygon_edges(squares[:2]) is not first
    equal_but_new = np.array([shapely.box(i, 0, i + 1, 1) for i in range(3)], dtype=object)
    assert polygon_edges(equal_but_new) is not first
    assert polygon_edges(squares, remember=False) is not first


def test_only_the_most_recent_sets_are_kept(monkeypatch):
    monkeypatch.setattr(module, "_KEPT", type(module._KEPT)())
    sets = [np.array([shapely.box(i, 0, i + 1, 1)], dtype=object) for i in range(module.KEPT + 1)]
    made = [polygon_edges(s) for s in sets]
    assert len(module._KEPT) == module.KEPT
    assert polygon_edges(sets[-1]) is made[-1]
    assert polygon_edges(sets[0]) is not made[0]  # pushed out by the newest
