"""Maximum coverage on a grid of cells: the engine of :func:`geo.advice.advise`.

:class:`Grid` samples polygons with square cells, :func:`cover_sets` lists the cells each
reach (circle, wijk, municipality or served area) covers as CSR sets, and
:func:`lazy_greedy` picks the sets that together cover the most weight.
"""

from __future__ import annotations

import heapq
import math

import numpy as np
import pandas as pd
import shapely

_CHUNK = 4_000_000  # candidate (circle, cell) pairs examined at once


def lazy_greedy(indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray, k: int) -> tuple[list[int], list[float]]:
    """Greedy maximum coverage with lazily re-evaluated gains: (picked sets, their gains).

    Set ``i`` is ``indices[indptr[i]:indptr[i + 1]]``. Each step picks the set with the
    largest weight of not yet covered elements (ties: lowest index); a stale gain in the
    queue is an upper bound (gains only shrink), so a set whose fresh gain still beats
    the next bound is the best. Stops after ``k`` picks or when nothing is gained.

    >>> lazy_greedy(np.array([0, 2, 3, 5]), np.array([0, 1, 1, 2, 3]), np.ones(4), 2)
    ([0, 2], [2.0, 2.0])
    """
    weights = np.asarray(weights, dtype=float)
    sizes = np.diff(indptr)
    initial = np.bincount(np.repeat(np.arange(len(sizes)), sizes), weights[indices], minlength=len(sizes)) \
        if len(indices) else np.zeros(len(sizes))
    heap = [(-gain, i) for i, gain in enumerate(initial) if gain > 0]
    heapq.heapify(heap)
    covered = np.zeros(len(weights), dtype=bool)
    picks: list[int] = []
    gains: list[float] = []
    tolerance = 1e-12 * float(weights.sum()) if len(weights) else 0.0
    while heap and len(picks) < k:
        _, i = heapq.heappop(heap)
        members = indices[indptr[i]:indptr[i + 1]]
        fresh = float(weights[members][~covered[members]].sum())
        if fresh <= tolerance:
            continue
        if heap and fresh < -heap[0][0] - tolerance:
            heapq.heappush(heap, (-fresh, i))
            continue
        picks.append(i)
        gains.append(fresh)
        covered[members] = True
    return picks, gains


class Grid:
    """Square cells of ``size`` metres over a bounding box, with a lookup by row/column."""

    def __init__(self, bounds, size: float):
        minx, miny, maxx, maxy = bounds
        self.size = size
        self.x0, self.y0 = minx, miny
        self.cols = max(1, int(math.ceil((maxx - minx) / size)))
        self.rows = max(1, int(math.ceil((maxy - miny) / size)))
        self.lookup = np.full(self.rows * self.cols, -1, dtype=np.int64)

    def cells_in(self, polygons) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Centres of the cells inside each polygon; a polygon smaller than a cell gets its
        representative point, so every wijk is sampled."""
        xs, ys, owners, flat = [], [], [], []
        for index, polygon in enumerate(polygons):
            minx, miny, maxx, maxy = shapely.bounds(polygon)
            c0, c1 = self._col(minx), self._col(maxx)
            r0, r1 = self._row(miny), self._row(maxy)
            cols, rows = np.meshgrid(np.arange(c0, c1 + 1), np.arange(r0, r1 + 1))
            cols, rows = cols.ravel(), rows.ravel()
            x = self.x0 + (cols + 0.5) * self.size
            y = self.y0 + (rows + 0.5) * self.size
            shapely.prepare(polygon)
            inside = shapely.contains_xy(polygon, x, y)
            inside &= self.lookup[rows * self.cols + cols] < 0  # a centre on a shared border: first wijk
            if not inside.any():
                point = shapely.get_coordinates(shapely.point_on_surface(polygon))[0]
                xs.append(point[:1]); ys.append(point[1:]); owners.append([index]); flat.append([-1])
                continue
            cells = rows[inside] * self.cols + cols[inside]
            self.lookup[cells] = 0  # reserved; numbered below
            xs.append(x[inside]); ys.append(y[inside]); owners.append(np.full(inside.sum(), index)); flat.append(cells)
        x = np.concatenate(xs) if xs else np.zeros(0)
        y = np.concatenate(ys) if ys else np.zeros(0)
        owner = np.concatenate(owners).astype(int) if owners else np.zeros(0, dtype=int)
        flat_index = np.concatenate(flat).astype(np.int64) if flat else np.zeros(0, dtype=np.int64)
        on_grid = flat_index >= 0
        self.lookup[flat_index[on_grid]] = np.flatnonzero(on_grid)
        self.extra = np.flatnonzero(~on_grid)  # representative points of tiny wijken
        return x, y, owner

    def forget(self, dropped: np.ndarray, renumber: np.ndarray) -> None:
        """Drop cells (already covered) and renumber the rest."""
        valid = self.lookup >= 0
        old = self.lookup[valid]
        self.lookup[valid] = np.where(dropped[old], -1, renumber[old])
        self.extra = renumber[self.extra[~dropped[self.extra]]]

    def _col(self, x: float) -> int:
        return int(min(max(math.floor((x - self.x0) / self.size), 0), self.cols - 1))

    def _row(self, y: float) -> int:
        return int(min(max(math.floor((y - self.y0) / self.size), 0), self.rows - 1))


def cover_sets(reach: pd.DataFrame, grid: Grid, cell_x, cell_y, cell_wijk, wijk_codes, wijk_gemeente):
    """CSR sets of the cells each reach row covers."""
    kind = reach["reach_type"].to_numpy()
    member_rows: list[np.ndarray] = []
    member_cells: list[np.ndarray] = []
    circles = np.flatnonzero((kind == "cirkel") & np.isfinite(reach["x"].to_numpy(dtype=float)))
    if len(circles):
        rows, cells = _circle_cells(reach["x"].to_numpy(dtype=float)[circles], reach["y"].to_numpy(dtype=float)[circles],
                                    reach["radius_m"].to_numpy(dtype=float)[circles], grid, cell_x, cell_y)
        member_rows.append(circles[rows])
        member_cells.append(cells)
    by_wijk = pd.Series(np.arange(len(wijk_codes))).groupby(wijk_codes).apply(list).to_dict() if len(wijk_codes) else {}
    by_gemeente = pd.Series(np.arange(len(wijk_codes))).groupby(wijk_gemeente).apply(list).to_dict() \
        if len(wijk_codes) else {}
    cells_of_wijk = pd.Series(np.arange(len(cell_wijk))).groupby(cell_wijk).apply(np.asarray).to_dict() \
        if len(cell_wijk) else {}
    for row in np.flatnonzero(kind != "cirkel"):
        if kind[row] == "gemeente":
            wijken = by_gemeente.get(reach["gemeente_nis"].iat[row], [])
        elif kind[row] == "wijk":
            wijken = by_wijk.get(reach["wijk_code"].iat[row], [])
        else:
            codes = reach["bediend_gebied"].iat[row].split(":", 1)[-1].split(",")
            wijken = [w for c in codes for w in by_wijk.get(c, [])]
        cells = [cells_of_wijk[w] for w in wijken if w in cells_of_wijk]
        if cells:
            joined = np.concatenate(cells)
            member_rows.append(np.full(len(joined), row))
            member_cells.append(joined)
    rows = np.concatenate(member_rows) if member_rows else np.zeros(0, dtype=int)
    cells = np.concatenate(member_cells) if member_cells else np.zeros(0, dtype=int)
    order = np.lexsort((cells, rows))
    rows, cells = rows[order], cells[order]
    indptr = np.zeros(len(reach) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(reach)), out=indptr[1:])
    return indptr, cells.astype(np.int64)


def _circle_cells(x, y, radius, grid: Grid, cell_x, cell_y) -> tuple[np.ndarray, np.ndarray]:
    """(circle, cell) pairs with the cell centre inside the circle, by grid arithmetic."""
    size = grid.size
    c0 = np.clip(np.floor((x - radius - grid.x0) / size), 0, grid.cols - 1).astype(np.int64)
    c1 = np.clip(np.floor((x + radius - grid.x0) / size), -1, grid.cols - 1).astype(np.int64)
    r0 = np.clip(np.floor((y - radius - grid.y0) / size), 0, grid.rows - 1).astype(np.int64)
    r1 = np.clip(np.floor((y + radius - grid.y0) / size), -1, grid.rows - 1).astype(np.int64)
    width = np.maximum(c1 - c0 + 1, 0)
    height = np.maximum(r1 - r0 + 1, 0)
    count = width * height
    circle_out, cell_out = [], []
    start = 0
    while start < len(x):
        cumulative = np.cumsum(count[start:])
        stop = start + max(1, int(np.searchsorted(cumulative, _CHUNK, side="right")))
        chosen = np.arange(start, stop)
        n = count[chosen]
        circle = np.repeat(chosen, n)
        rank = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
        col = c0[circle] + rank % np.maximum(width[circle], 1)
        row = r0[circle] + rank // np.maximum(width[circle], 1)
        cell = grid.lookup[row * grid.cols + col]
        hit = cell >= 0
        circle, cell = circle[hit], cell[hit]
        inside = (cell_x[cell] - x[circle]) ** 2 + (cell_y[cell] - y[circle]) ** 2 <= radius[circle] ** 2
        circle_out.append(circle[inside])
        cell_out.append(cell[inside])
        start = stop
    if len(grid.extra):  # representative points of wijken smaller than a cell
        extra = grid.extra
        dx = cell_x[extra][None, :] - x[:, None]
        dy = cell_y[extra][None, :] - y[:, None]
        circle, which = np.nonzero(dx * dx + dy * dy <= (radius ** 2)[:, None])
        circle_out.append(circle)
        cell_out.append(extra[which])
    return (np.concatenate(circle_out) if circle_out else np.zeros(0, dtype=int),
            np.concatenate(cell_out) if cell_out else np.zeros(0, dtype=int))
