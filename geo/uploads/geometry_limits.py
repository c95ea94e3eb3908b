"""What an uploaded boundary file's geometry may hold, checked before the expensive step, and its repair.

Repairing a polygon whose edges cross each other is the one step of reading a boundary
file whose cost does not follow its size: a 40 KB polygon of 2,000 random vertices crosses
itself some 460,000 times, and GEOS needs 11 s and thousands of pieces to repair it (20,000
vertices: out of memory). So the limits of :class:`BoundaryLimits` are checked in an order that
never spends what they guard:

1. :func:`check_coordinates`, straight after reading: every coordinate a finite number
   (a NaN once ended in ``GEOSException: Edge direction cannot be determined``), at
   most ``max_vertices_per_polygon`` vertices in one object and ``max_vertices`` in all.
2. :func:`repair_polygons`: an invalid polygon whose edges cross more than
   ``max_crossings_per_polygon`` times is refused *before* its repair (the crossings are
   counted with a spatial index, in bounded chunks, and counting stops soon after the limit);
   the others are repaired with ``shapely.make_valid(method="structure")``, which keeps
   every enclosed area and is far cheaper than the default *linework* method, and one
   that falls into more than ``max_pieces_per_polygon`` pieces is refused.
3. :func:`repair_note` says in Dutch what the repair changed.

What is left unbounded here (a polygon whose crossings cannot be counted within the
candidate budget) is bounded by the worker's time and memory budget
(:mod:`geo.uploads.bounded`).

>>> limits = BoundaryLimits(max_pieces_per_polygon=50)
>>> bowtie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
>>> repaired, report = repair_polygons(np.array([bowtie]), np.array([1]), "strik.geojson", limits)
>>> repaired[0].geom_type, report.pieces
('MultiPolygon', 2)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely import STRtree

from geo import texts
from geo.boundaries import _polygonal_part
from geo.uploads.refusals import BoundaryFileError, MB

MAX_CANDIDATE_PAIRS = 2_000_000   # edge pairs whose boxes meet, per file: beyond this crossings go uncounted (~1 s)
_CHUNK_PAIRS = 500_000            # segment pairs looked at in one step (about 8 MB of indices)
_KM2 = 1_000_000


@dataclass(frozen=True)
class BoundaryLimits:
    """The limits an uploaded boundary file must stay within; the defaults are the settings' defaults.

    A real municipality's file passes them easily: all 2,767 Flemish wijken together have
    200,651 vertices, the largest 395, and none needs a repair. ``max_unpacked_mb`` is the
    setting ``max_uitgepakt_mb``, ``max_crossings_per_polygon`` the setting
    ``max_kruisingen_per_vlak`` (a polygon that crosses itself 10,000 times is a broken
    drawing, not a detailed one).

    >>> BoundaryLimits().max_vertices
    1000000
    """

    max_vertices_per_polygon: int = 100_000
    max_vertices: int = 1_000_000
    max_pieces_per_polygon: int = 500
    max_name_chars: int = 500
    max_crossings_per_polygon: int = 10_000
    max_unpacked_mb: float = 200.0

    @classmethod
    def from_settings(cls, settings) -> "BoundaryLimits":
        """The limits of a :class:`~geo.config.Settings`."""
        return cls(max_vertices_per_polygon=settings.max_hoekpunten_per_vlak, max_vertices=settings.max_hoekpunten,
                   max_pieces_per_polygon=settings.max_stukken_per_vlak, max_name_chars=settings.max_naam_tekens,
                   max_crossings_per_polygon=settings.max_kruisingen_per_vlak,
                   max_unpacked_mb=settings.max_uitgepakt_mb)

    @property
    def max_unpacked_bytes(self) -> int:
        return int(self.max_unpacked_mb * MB)


@dataclass(frozen=True)
class RepairReport:
    """What :func:`repair_polygons` changed: how many objects, why, into how many pieces, and their area."""

    repaired: int = 0
    reasons: tuple[str, ...] = ()
    pieces: int = 0
    area_before: float = 0.0
    area_after: float = 0.0


def check_coordinates(geometries: np.ndarray, filename: str, limits: BoundaryLimits) -> None:
    """Refuse NaN or infinite coordinates and too many vertices, naming the object (its number in the file).

    ``geometries`` are the file's geometries in file order (``None`` for a missing one).
    Raises :class:`~geo.uploads.refusals.BoundaryFileError`.
    """
    geometries = np.asarray(geometries, dtype=object)
    counts = shapely.get_num_coordinates(geometries)
    too_many = np.flatnonzero(counts > limits.max_vertices_per_polygon)
    if len(too_many):
        first = int(too_many[0])
        raise BoundaryFileError(texts.GRENS_HOEKPUNTEN_VLAK.format(
            nummer=first + 1, bestand=filename, aantal=_whole(counts[first]),
            max=_whole(limits.max_vertices_per_polygon)))
    total = int(counts.sum())
    if total > limits.max_vertices:
        raise BoundaryFileError(texts.GRENS_HOEKPUNTEN_TOTAAL.format(
            bestand=filename, aantal=_whole(total), max=_whole(limits.max_vertices)))
    for include_z in (False, True):
        subset = np.flatnonzero(shapely.has_z(geometries)) if include_z else np.arange(len(geometries))
        if not len(subset):
            continue
        coordinates, owner = shapely.get_coordinates(geometries[subset], include_z=include_z, return_index=True)
        bad = ~np.isfinite(coordinates).all(axis=1)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            value = next(v for v in coordinates[row] if not np.isfinite(v))
            raise BoundaryFileError(texts.GRENS_GEEN_GETAL.format(
                nummer=int(subset[owner[row]]) + 1, bestand=filename, waarde=_non_finite(value)))


def repair_polygons(geometries: np.ndarray, numbers: np.ndarray, filename: str,
                    limits: BoundaryLimits) -> tuple[np.ndarray, RepairReport]:
    """Make every geometry a valid (multi)polygon within the limits; the geometries and what changed.

    ``numbers`` are the objects' numbers in the file, for the messages. Valid
    geometries keep their shape (only their polygonal part is kept); invalid ones are
    checked for their crossings, repaired with the *structure* method (collapsed parts
    dropped: a polygon without area becomes empty) and checked for their pieces.
    Raises :class:`~geo.uploads.refusals.BoundaryFileError`.
    """
    values = np.array(geometries, dtype=object)
    invalid = np.flatnonzero(~shapely.is_valid(values))
    budget = MAX_CANDIDATE_PAIRS  # for the whole file, so that many objects cannot multiply it
    for position in invalid:
        if budget <= 0:
            break
        crossings, tested = _count_crossings(values[position], limits.max_crossings_per_polygon, budget)
        budget -= tested
        if crossings is not None and crossings > limits.max_crossings_per_polygon:
            raise BoundaryFileError(texts.GRENS_KRUISINGEN.format(
                nummer=int(numbers[position]), bestand=filename, max=_whole(limits.max_crossings_per_polygon)))
    reasons = _reasons(values[invalid])
    before = values[invalid]
    parts_before = shapely.get_num_geometries(before)
    repaired = np.array([_polygonal_part(g) for g in
                         shapely.make_valid(before, method="structure", keep_collapsed=False)], dtype=object)
    pieces = shapely.get_num_geometries(repaired)
    for position, count, parts in zip(invalid, pieces, parts_before):
        if count - max(int(parts), 1) + 1 > limits.max_pieces_per_polygon:
            raise BoundaryFileError(texts.GRENS_STUKKEN.format(
                nummer=int(numbers[position]), bestand=filename, aantal=_whole(count),
                max=_whole(limits.max_pieces_per_polygon)))
    result = np.array([_polygonal_part(g) for g in values], dtype=object)
    result[invalid] = repaired
    kept = ~shapely.is_empty(repaired)
    report = RepairReport(repaired=int(kept.sum()), reasons=reasons, pieces=int(pieces[kept].sum()),
                          area_before=float(shapely.area(before[kept]).sum()),
                          area_after=float(shapely.area(repaired[kept]).sum()))
    return result, report


def repair_note(report: RepairReport) -> str | None:
    """A Dutch sentence saying what the repair changed (areas in m², as in Lambert 72); None when nothing was repaired.

    >>> repair_note(RepairReport(3, ("zichzelf kruisende randen",), 3, 1_200_000, 1_204_800)).split("; ")[1]
    'de oppervlakte veranderde met +0,4 % (van 1,200 km² naar 1,205 km²).'
    """
    if report.repaired == 0:
        return None
    reasons = ", ".join(report.reasons) or texts.GRENS_REDEN_ANDERE
    one = report.repaired == 1
    parts = ""
    if report.pieces > report.repaired:
        parts = (texts.GRENS_HERSTELD_DELEN_EEN if one else texts.GRENS_HERSTELD_DELEN_MEER).format(delen=report.pieces)
    before, after = report.area_before, report.area_after
    if before > 0 and 0.5 <= after / before <= 2:
        change = (after - before) / before * 100
        area = texts.GRENS_OPPERVLAKTE_PROCENT.format(procent=_percent(change), voor=_area(before), na=_area(after))
    else:  # a ring that crosses itself encloses no meaningful area of its own (a bow-tie's is about 0)
        area = texts.GRENS_OPPERVLAKTE_NU.format(voor=_area(before), na=_area(after))
    template = texts.GRENS_HERSTELD_EEN if one else texts.GRENS_HERSTELD_MEER
    return template.format(aantal=report.repaired, redenen=reasons, delen=parts, oppervlakte=area)


def count_crossings(geometry, stop_after: int, max_candidates: int = MAX_CANDIDATE_PAIRS) -> int | None:
    """How often the edges of a polygon's rings meet, counted up to just past ``stop_after``.

    Neighbouring edges of one ring (which share a vertex) do not count; edges that touch
    do. The edges go into an R-tree; the pairs whose boxes meet are tested in chunks
    of at most about half a million, and counting stops as soon as more than
    ``stop_after`` crossings are found. Returns None when more than ``max_candidates``
    pairs had to be tested before a decision (rings that wind around each other): the
    work is then left to the repair and its time budget.

    >>> count_crossings(shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)]), stop_after=10)
    1
    """
    return _count_crossings(geometry, stop_after, max_candidates)[0]


def _count_crossings(geometry, stop_after: int, max_candidates: int) -> tuple[int | None, int]:
    """:func:`count_crossings`, and how many edge pairs it tested."""
    starts, ends, ring = _edges(geometry)
    count = len(starts)
    if count < 4:
        return 0, 0
    edges = shapely.linestrings(np.stack([starts, ends], axis=1))
    tree = STRtree(edges)
    breaks = np.flatnonzero(np.diff(ring)) + 1
    first = np.r_[0, breaks][ring]
    last = np.r_[breaks - 1, count - 1][ring]
    step = max(1, _CHUNK_PAIRS // count)
    crossings = candidates = 0
    for start in range(0, count, step):
        chunk = np.arange(start, min(count, start + step))
        local, other = tree.query(edges[chunk])
        mine = chunk[local]
        later = mine < other
        mine, other = mine[later], other[later]
        closing = (mine == first[mine]) & (other == last[mine])  # a ring's last edge meets its first
        neighbours = (ring[mine] == ring[other]) & ((other - mine == 1) | closing)
        mine, other = mine[~neighbours], other[~neighbours]
        candidates += len(mine)
        if candidates > max_candidates:
            return None, candidates
        crossings += int(shapely.intersects(edges[mine], edges[other]).sum())
        if crossings > stop_after:
            return crossings, candidates
    return crossings, candidates


def _edges(geometry) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start and end point of every edge of every ring, and its ring's number; repeated vertices dropped."""
    starts, ends, rings = [], [], []
    for polygon in shapely.get_parts(shapely.get_parts(geometry)):
        if polygon.geom_type != "Polygon":
            continue
        for ring in shapely.get_rings(polygon):
            xy = shapely.get_coordinates(ring)
            if len(xy) > 1:
                xy = xy[np.r_[True, np.any(xy[1:] != xy[:-1], axis=1)]]
            if len(xy) < 2:
                continue
            starts.append(xy[:-1])
            ends.append(xy[1:])
            rings.append(np.full(len(xy) - 1, len(rings)))
    if not starts:
        empty = np.empty((0, 2))
        return empty, empty, np.empty(0, dtype=int)
    return np.concatenate(starts), np.concatenate(ends), np.concatenate(rings)


def _reasons(geometries: np.ndarray) -> tuple[str, ...]:
    """GEOS's reasons why the geometries are invalid, in Dutch, each once, most frequent first."""
    counts: dict[str, int] = {}
    for reason in shapely.is_valid_reason(geometries):
        key = str(reason).split("[", 1)[0].strip()
        text = texts.GRENS_REDENEN.get(key, texts.GRENS_REDEN_ANDERE)
        counts[text] = counts.get(text, 0) + 1
    return tuple(sorted(counts, key=lambda text: -counts[text]))


def _whole(number) -> str:
    """A whole number the Dutch way: ``100.000``."""
    return f"{int(number):,}".replace(",", ".")


def _percent(change: float) -> str:
    if abs(change) < 0.05:
        return "0"
    return f"{change:+.1f}".replace(".", ",")


def _area(square_metres: float) -> str:
    if square_metres < 10_000:
        return f"{_whole(round(square_metres))} m²"
    kilometres = square_metres / _KM2
    return f"{kilometres:.{3 if kilometres < 10 else 1}f} km²".replace(".", ",")


def _non_finite(value: float) -> str:
    if np.isnan(value):
        return "NaN"
    return "oneindig" if value > 0 else "min oneindig"
