"""The edges of a set of polygons, grouped in boxes of consecutive edges: the static half of coverage.

:mod:`geo.circle_cover` intersects circles with the edges of wijk polygons. Everything
about the polygons alone (orientation, edge arrays, the boxes of consecutive edges and
their R-tree) does not depend on the partners, so it is made once per set of polygons and
kept while the same geometry objects come back (the loaded boundaries live as long as
the process). A cached Flanders saves about a quarter of a coverage run.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import shapely

# Consecutive edges per box: coarse boxes go into the R-tree, each splits into fine ones
# (geo.circle_kernels.edge_cover walks exactly these two levels).
CHAIN_SIZES = (16, 4)
# Sets of polygons kept (Flanders in two halves, a few municipalities).
KEPT = 8


@dataclass
class Chains:
    """Runs of at most ``size`` consecutive edges of one polygon, with their bounding boxes.

    ``first_child``/``child_count`` point into the next, finer level (None at the finest).
    """

    start: np.ndarray
    length: np.ndarray
    bounds: np.ndarray  # (n, 4): minx, miny, maxx, maxy
    first_child: np.ndarray | None = None
    child_count: np.ndarray | None = None


@dataclass(frozen=True)
class PolygonEdges:
    """Polygons oriented counter-clockwise, their ring edges ``(x0, y0) → (x1, y1)`` and indexes."""

    polygons: np.ndarray
    x0: np.ndarray
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    edge_polygon: np.ndarray
    # The centre of each polygon's bounding box: sums are taken relative to it.
    ox: np.ndarray
    oy: np.ndarray
    # Per edge, cross((x0, y0) − centre, (x1, y1) − (x0, y0)): twice its area term in Green's theorem.
    cross: np.ndarray
    chains: list[Chains]  # coarse to fine
    chain_tree: shapely.STRtree  # of the coarsest boxes


_KEPT: OrderedDict[tuple[int, ...], tuple[np.ndarray, PolygonEdges]] = OrderedDict()
_LOCK = threading.Lock()


def polygon_edges(polygons: np.ndarray, *, remember: bool = True) -> PolygonEdges:
    """The edges of ``polygons``; made once for the same geometry objects when ``remember``.

    The key is the identity of the geometries. The entry holds them, so no other object
    can take their identity while it is kept. Pass ``remember=False`` for polygons made
    for one computation (a wijk minus a reach area), which would only push others out.
    """
    if not remember:
        return _make(polygons, prepare=False)
    key = tuple(map(id, polygons))
    with _LOCK:
        found = _KEPT.get(key)
        if found is not None:
            _KEPT.move_to_end(key)
            return found[1]
    edges = _make(polygons, prepare=True)
    with _LOCK:
        _KEPT[key] = (polygons.copy(), edges)
        while len(_KEPT) > KEPT:
            _KEPT.popitem(last=False)
    return edges


def _make(polygons: np.ndarray, prepare: bool) -> PolygonEdges:
    oriented = shapely.orient_polygons(polygons, exterior_cw=False)
    if prepare:
        shapely.prepare(oriented)
    x0, y0, x1, y1, edge_polygon = ring_edges(oriented)
    bounds = shapely.bounds(oriented)
    chains = [_chains(x0, y0, x1, y1, edge_polygon, size) for size in CHAIN_SIZES]
    for coarse, fine in zip(chains, chains[1:]):
        # Every coarse boundary is a fine one: both break at multiples of their size and
        # at each polygon's first edge, and the sizes divide each other.
        coarse.first_child = np.searchsorted(fine.start, coarse.start)
        coarse.child_count = np.diff(np.append(coarse.first_child, len(fine.start)))
    ox = (bounds[:, 0] + bounds[:, 2]) / 2
    oy = (bounds[:, 1] + bounds[:, 3]) / 2
    cross = (x0 - ox[edge_polygon]) * (y1 - y0) - (y0 - oy[edge_polygon]) * (x1 - x0)
    return PolygonEdges(oriented, x0, y0, x1, y1, edge_polygon, ox, oy, cross, chains,
                        shapely.STRtree(shapely.box(*chains[0].bounds.T)))


def ring_edges(polygons: np.ndarray):
    """Every ring edge ``(x0, y0) → (x1, y1)`` with the index of its polygon."""
    parts, part_polygon = shapely.get_parts(polygons, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, ring_index = shapely.get_coordinates(rings, return_index=True)
    start = np.flatnonzero(ring_index[1:] == ring_index[:-1])
    return (coords[start, 0], coords[start, 1], coords[start + 1, 0], coords[start + 1, 1],
            part_polygon[ring_part[ring_index[start]]])


def _chains(x0, y0, x1, y1, edge_polygon, size: int) -> Chains:
    edge_count = len(x0)
    chain = np.arange(edge_count) // size
    starts = np.ones(edge_count, dtype=bool)
    starts[1:] = (chain[1:] != chain[:-1]) | (edge_polygon[1:] != edge_polygon[:-1])
    start = np.flatnonzero(starts)
    return Chains(start, np.diff(np.append(start, edge_count)),
                  np.stack([np.minimum.reduceat(np.minimum(x0, x1), start),
                            np.minimum.reduceat(np.minimum(y0, y1), start),
                            np.maximum.reduceat(np.maximum(x0, x1), start),
                            np.maximum.reduceat(np.maximum(y0, y1), start)], axis=1))
