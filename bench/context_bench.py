"""Context layers per wijk: 50,000 shared cars and stations across Flanders, counted per wijk, and
the nearest of each measured, for all 2,767 wijken.

Partnerkaart's way is :func:`geo.context.analysis.context_points` (WGS84 → Lambert 72 with
pyproj, vectorised) and :func:`geo.context.analysis.wijk_context` (one spatial-index query for
the counts, one nearest-neighbour query per kind). The naive way, measured in the same run, is a
Python loop over the wijken: per wijk and kind ``points.within(polygon).sum()`` and
``points.distance(representative_point).min()`` with geopandas. Both answers are compared. The
points are uniform over the area of the wijken of Flanders and Brussels (fixed seed), half of
them ``deelauto``, half ``station``, as WGS84 records like the store keeps them. Target (issue
11): ≤ 1 s for the counts and distances. Nothing is asserted.
"""

from __future__ import annotations

import os
import resource
import tempfile
from pathlib import Path

import numpy as np

from bench.common import bench_environment, report, rss_mb, timed
from bench.common import dutch_number as _n

SEED = 20_261_211
POINTS = 50_000
KINDS = ("deelauto", "station")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pk-bench-") as tmp:
        os.environ.update(bench_environment(Path(tmp)))
        _run()


def _run() -> None:
    import pandas as pd

    from geo.boundaries import load_boundaries
    from geo.config import load_settings
    from geo.context.analysis import COUNT_COLUMNS, DISTANCE_COLUMNS, context_points, wijk_context

    boundaries = load_boundaries(load_settings())
    wijken = boundaries.wijken
    objects = _objects(wijken, POINTS, np.random.default_rng(SEED))
    kinds = {layer: kind for layer, kind in enumerate(KINDS, start=1)}

    rss_before = rss_mb()
    points_s, points = timed(lambda: context_points(objects, kinds), repeat=3)
    context_s, context = timed(lambda: wijk_context(boundaries, None, points), repeat=5)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_after = rss_mb()
    naive_s, naive = timed(lambda: _naive(wijken, points), repeat=1)

    counts = context[[f"aantal_{k}" for k in KINDS]].to_numpy()
    count_diff = int((counts != naive[[f"aantal_{k}" for k in KINDS]].to_numpy()).any(axis=1).sum())
    distance_diff = float(np.nanmax(np.abs(context[list(DISTANCE_COLUMNS)].to_numpy()
                                           - naive[list(DISTANCE_COLUMNS)].to_numpy())))
    report(f"Lagen per wijk: {_n(POINTS)} punten ({' en '.join(KINDS)}), alle {_n(len(wijken))} wijken", [
        ("wijk_context: aantallen + dichtste deelauto en station (mediaan van 5)", f"{context_s:.3f} s",
         f"{naive_s:.1f} s (lus per wijk: within + distance)", "≤ 1 s"),
        ("context_points: WGS84 → Lambert 72 (mediaan van 3)", f"{points_s:.3f} s", "-", "-"),
        ("samen", f"{context_s + points_s:.3f} s", f"{naive_s:.1f} s", "≤ 1 s"),
        ("wijken met een ander aantal dan de naïeve manier", str(count_diff), "-", "0"),
        ("grootste verschil in afstand (m, afgerond op hele meter)", f"{distance_diff:.0f}", "-", "0"),
        ("geheugen van het proces", f"{rss_after:.0f} MB (piek {peak_mb:.0f} MB)",
         f"vóór de analyse {rss_before:.0f} MB", "-"),
    ])
    counted = pd.Series(counts.sum(axis=0), index=KINDS)
    print(f"  geteld in een wijk: {', '.join(f'{_n(v)} {k}' for k, v in counted.items())}; "
          f"mediane afstand tot de dichtste deelauto {context['afstand_deelauto_m'].median():.0f} m, "
          f"station {context['afstand_station_m'].median():.0f} m; kolommen: {', '.join(COUNT_COLUMNS)}")


def _objects(wijken, count: int, rng) -> list:
    """``count`` context objects at points uniform over the area of ``wijken``, in WGS84."""
    import shapely

    from geo.context.records import ContextObject
    from geo.reach import to_wgs84_lonlat

    minx, miny, maxx, maxy = wijken.total_bounds
    xs, ys = [], []
    while sum(len(x) for x in xs) < count:
        x, y = rng.uniform(minx, maxx, 2 * count), rng.uniform(miny, maxy, 2 * count)
        points, _ = wijken.sindex.query(shapely.points(x, y), predicate="within")
        points = np.unique(points)  # a point on a shared border counts once
        xs.append(x[points]), ys.append(y[points])
    x, y = (np.concatenate(v)[:count] for v in (xs, ys))
    lon, lat = to_wgs84_lonlat(x, y)
    layer = rng.integers(1, len(KINDS) + 1, count)
    return [ContextObject(laag_id=int(layer[i]), naam=f"{KINDS[layer[i] - 1]} {i + 1}", lon=float(lon[i]),
                          lat=float(lat[i])) for i in range(count)]


def _naive(wijken, points):
    """Per wijk and kind, the points within the polygon and the nearest one's distance."""
    import pandas as pd

    by_kind = {kind: points[points["soort"] == kind].geometry for kind in KINDS}
    rows = []
    for polygon in wijken.geometry:
        anchor = polygon.representative_point()
        row = {}
        for kind, series in by_kind.items():
            row[f"aantal_{kind}"] = int(series.within(polygon).sum())
            row[f"afstand_{kind}_m"] = round(float(series.distance(anchor).min()))
        rows.append(row)
    return pd.DataFrame(rows)
