"""Coverage and advice: all of Flanders, one municipality after a radius change, a province.

Each figure is printed next to its target and, where there is one, the naive way
measured in the same run. Targets: all 2,767 wijken with 20,000 trusted partners at a
1 km radius ≤ 0.2 s and at least 35× faster than the naive way (buffer every partner,
union them all, intersect with every wijk; issue 18), per-wijk agreement with the naive way within
0.1 percentage point, peak memory ≤ 1 GB; Mechelen recomputed after a radius change
≤ 100 ms; advice for k = 10 among 2,000 prospects in the province of Antwerpen ≤ 2 s.
The partners are random points inside Flanders (fixed seed). Nothing is asserted.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import bench_environment, report, rss_mb, timed
from bench.common import dutch_number as _n

SEED = 20_261_127
PARTNERS = 20_000
RADIUS_M = 1_000
MECHELEN = "12025"
PROSPECTS = 2_000
TRUSTED_IN_PROVINCE = 300


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pk-bench-") as tmp:
        cache = Path(tmp)
        os.environ.update(bench_environment(cache))
        _run()


def _run() -> None:
    import pandas as pd
    import shapely

    from geo.advice import advise
    from geo.boundaries import load_boundaries
    from geo.categories import load_categories
    from geo.config import load_settings
    from geo.coverage import coverage_all, wijk_coverage
    from geo.reach import CoverageSettings, partner_frame, reach_areas

    boundaries = load_boundaries(load_settings())
    categories = load_categories()
    settings = CoverageSettings(radius_overrides={"school": RADIUS_M})
    rng = np.random.default_rng(SEED)
    wijken = boundaries.wijken
    partners = _partners(wijken, PARTNERS, rng, categorie=lambda n: ["school"] * n,
                         status=lambda n: ["zet zich mee in"] * n)
    polygons = wijken.geometry.values

    # All of Flanders: the way Partnerkaart does it, then the naive way.
    rss_before = rss_mb()
    # The first run also indexes the wijk edges (geo.polygon_edges), kept for the next ones.
    first_s, _ = timed(lambda: coverage_all(boundaries, partners, categories, settings), repeat=1)
    fast_s, fast = timed(lambda: coverage_all(boundaries, partners, categories, settings), repeat=5)
    cached_frame = partner_frame(partners)
    from_frame_s, _ = timed(lambda: coverage_all(boundaries, cached_frame, categories, settings), repeat=5)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu_start = time.process_time()
    coverage_all(boundaries, partners, categories, settings)
    fast_cpu_s = time.process_time() - cpu_start

    def naive():
        circles = reach_areas(partners, boundaries, categories, settings).areas.geometry.values
        union = shapely.union_all(circles)
        return shapely.area(shapely.intersection(polygons, union)) / shapely.area(polygons)

    naive_s, naive_share = timed(naive, repeat=1)
    difference_pp = float(np.max(np.abs(fast["gedekt_aandeel"].to_numpy() - naive_share))) * 100
    report(f"Dekking van heel Vlaanderen ({_n(len(wijken))} wijken, {_n(PARTNERS)} vertrouwde partners, "
           f"straal {_n(RADIUS_M)} m)", [
        ("coverage_all vanaf de lijst van partners (mediaan van 5)", f"{fast_s:.2f} s",
         f"{naive_s:.2f} s (buffer + union + intersectie)", "≤ 0,2 s"),
        ("coverage_all op de gecachte partnertabel (mediaan van 5)", f"{from_frame_s:.2f} s", "-", "≤ 0,2 s"),
        ("eerste coverage_all na het laden (randen indexeren)", f"{first_s:.2f} s", "-", "-"),
        ("sneller dan de naïeve manier", f"{naive_s / fast_s:.0f}×", "1×", "≥ 35×"),
        ("coverage_all, processortijd", f"{fast_cpu_s:.2f} s", "-", "-"),
        ("grootste verschil per wijk met de naïeve manier", f"{difference_pp:.4f} procentpunt", "-",
         "≤ 0,1 procentpunt"),
        ("piekgeheugen van het proces (na coverage_all)", f"{peak_mb:.0f} MB",
         f"vóór coverage_all {rss_before:.0f} MB", "≤ 1 GB"),
        ("witte vlekken (aandeel < 25 %)", str(int(fast["witte_vlek"].sum())), "-", "-"),
    ])

    # One municipality, recomputed after a radius change in the settings page.
    frame = partner_frame(partners)  # what the page keeps in its cache
    changed = settings.with_radius("school", 1_200)
    mechelen_s, _ = timed(lambda: wijk_coverage(boundaries, MECHELEN, frame, categories, changed), repeat=7)
    from_list_s, _ = timed(lambda: wijk_coverage(boundaries, MECHELEN, partners, categories, changed), repeat=3)
    naive_mechelen_s, _ = timed(lambda: _naive_municipality(boundaries, MECHELEN, partners, categories, changed),
                                repeat=3)
    report("Eén gemeente na een gewijzigde straal (Mechelen, 12 wijken)", [
        ("wijk_coverage op de gecachte partnertabel", f"{mechelen_s * 1000:.0f} ms",
         f"{naive_mechelen_s * 1000:.0f} ms (alle cirkels, union, intersectie)", "≤ 100 ms"),
        ("wijk_coverage vanaf de lijst van partners", f"{from_list_s * 1000:.0f} ms", "-", "-"),
    ])

    # Advice in a province: trusted partners here and there, 2,000 prospects.
    province = sorted(n for n in boundaries.gemeenten["gemeente_nis"] if n.startswith("1"))
    area = wijken[wijken["gemeente_nis"].isin(province)]
    kinds = [c for c in categories if c not in ("gemeente", "adviesraad", "buurt")]
    trusted = _partners(area, TRUSTED_IN_PROVINCE, rng, categorie=lambda n: list(rng.choice(kinds, n)),
                        status=lambda n: list(rng.choice(["communiceert mee", "zet zich mee in"], n)))
    mix = kinds * 18 + ["buurt", "adviesraad"]
    prospects = _partners(area, PROSPECTS, rng, categorie=lambda n: list(rng.choice(mix, n)),
                          status=lambda n: list(rng.choice(["te contacteren", "gecontacteerd"], n)), first=len(trusted))
    population = pd.DataFrame({"wijk_code": area["wijk_code"].to_numpy(),
                               "inwoners": np.round(area["oppervlakte_km2"].to_numpy() * rng.uniform(100, 4000, len(area)))})
    province_partners = partner_frame(trusted + prospects)
    advise_s, advice = timed(lambda: advise(boundaries, province, province_partners, categories, CoverageSettings(),
                                            k=10, population=population), repeat=3)
    gained = sum(a.gain for a in advice)
    report(f"Wie eerst contacteren? Provincie Antwerpen ({len(province)} gemeenten, {len(area)} wijken)", [
        (f"advise k = 10 uit {_n(PROSPECTS)} prospecten (mediaan van 3)", f"{advise_s:.2f} s", "-", "≤ 2 s"),
        (f"extra gedekte inwoners door de {len(advice)} keuzes", _n(gained), "-", "-"),
    ])
    for number, item in enumerate(advice[:3], start=1):
        print(f"  {number}. {item.naam}: {item.reason}")
    report("Geheugen", [("dit benchmarkproces na alles hierboven", f"{rss_mb():.0f} MB",
                         f"piek {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (met de naïeve manier)",
                         "≤ 1 GB")])


def _partners(wijken, count: int, rng, categorie, status, first: int = 0) -> list:
    """``count`` partners at random points inside ``wijken`` (uniform over their area)."""
    import shapely

    from geo.partners import Partner
    from geo.reach import to_wgs84_lonlat

    minx, miny, maxx, maxy = wijken.total_bounds
    found: list[np.ndarray] = []
    while sum(len(f) for f in found) < count:
        x = rng.uniform(minx, maxx, 4 * count)
        y = rng.uniform(miny, maxy, 4 * count)
        inside, _ = wijken.sindex.query(shapely.points(x, y), predicate="within")
        inside = np.unique(inside)
        found.append(np.stack([x[inside], y[inside]], axis=1))
    xy = np.concatenate(found)[:count]
    lon, lat = to_wgs84_lonlat(xy[:, 0], xy[:, 1])
    kinds, statuses = categorie(count), status(count)
    return [Partner(naam=f"Partner {first + i + 1}", categorie=str(kinds[i]), status=str(statuses[i]),
                    lat=float(lat[i]), lon=float(lon[i]), id=f"p{first + i + 1}") for i in range(count)]


def _naive_municipality(boundaries, nis, partners, categories, settings):
    import shapely

    from geo.reach import reach_areas

    wijken = boundaries.wijken_of(nis).geometry.values
    circles = reach_areas(partners, boundaries, categories, settings).areas.geometry.values
    union = shapely.union_all(circles[shapely.intersects(circles, shapely.union_all(wijken))])
    return shapely.area(shapely.intersection(wijken, union)) / shapely.area(wijken)
