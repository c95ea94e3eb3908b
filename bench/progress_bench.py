"""The campaign over time: Antwerpen (67 wijken) with 2,000 partners and 20,000 status changes over
two years, coverage and white spots at 24 month ends.

Partnerkaart's way is :func:`geo.campaign.progress.coverage_series`: every partner version's reach
is resolved once, and each date sums the circles and areas active at that moment with the exact
circle coverage of :mod:`geo.circle_cover`. The naive way, measured in the same run, recomputes each
date from scratch as the page would without history support: the partners as they stood (the last
history row of each up to that date), then :func:`geo.coverage.wijk_coverage`. Both answers are
compared. The history is written into a real SQLite store (through a restore, the public way to
load rows with their own times) and read back with ``history_frame``, which is timed too; then the
whole :func:`~geo.campaign.progress.municipality_progress` (read, series, funnel, "sinds"). Partners
are uniform over the municipality's wijken (fixed seed), 2–3,000 m reach by kind; each status
change moves a partner one step along the funnel, or back, or out. Target (issue 12): ≤ 2 s for
the series. Nothing is asserted.
"""

from __future__ import annotations

import os
import resource
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from bench.common import bench_environment, report, rss_mb, timed
from bench.common import dutch_number as _n

SEED = 20_261_206
NIS = "11002"
PARTNERS = 2_000
CHANGES = 20_000
START = datetime(2024, 12, 1, 8, 0, tzinfo=timezone.utc)
DAYS = 730


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pk-bench-") as tmp:
        os.environ.update(bench_environment(Path(tmp)))
        _run()


def _run() -> None:
    from geo.boundaries import load_boundaries
    from geo.campaign.dates import month_ends
    from geo.campaign.progress import coverage_series, municipality_progress
    from geo.categories import load_categories
    from geo.config import load_settings
    from geo.reach import CoverageSettings
    from geo.store import open_store

    settings = load_settings()
    boundaries = load_boundaries(settings)
    categories = load_categories()
    coverage_settings = CoverageSettings()
    rows = _history(boundaries, categories, np.random.default_rng(SEED))
    end = (START + timedelta(days=DAYS)).date()
    days = month_ends(date(2024, 12, 31), end)[-24:]

    store = open_store(settings.db)
    store.load_tables({"partner_historiek": rows}, door="bench")
    read_s, history = timed(lambda: store.history_frame(NIS), repeat=5)
    rss_before = rss_mb()
    series_s, series = timed(lambda: coverage_series(boundaries, NIS, history, days, categories, coverage_settings),
                             repeat=3)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_after = rss_mb()
    whole_s, _ = timed(lambda: municipality_progress(store, boundaries, NIS, days[-4], end, categories,
                                                     coverage_settings), repeat=3)
    naive_s, naive = timed(lambda: _naive(boundaries, history, days, categories, coverage_settings), repeat=1)
    store.close()

    white_diff = sum(a != b for a, b in zip(series["witte_vlek_codes"], naive["witte"]))
    share_diff = float(np.max(np.abs(series["gedekt_oppervlakte"].to_numpy() - np.array(naive["gedekt"]))))
    wijken = int((boundaries.wijken["gemeente_nis"] == NIS).sum())
    report(f"Voortgang: {_n(PARTNERS)} partners, {_n(len(rows))} historiekrijen ({_n(CHANGES)} statuswijzigingen over "
           f"twee jaar), {len(days)} maandeinden, {wijken} wijken (Antwerpen)", [
        ("coverage_series: dekking + witte vlekken op 24 datums (mediaan van 3)", f"{series_s:.2f} s",
         f"{naive_s:.2f} s (elke datum van nul)", "≤ 2 s"),
        ("history_frame: de historiek van de gemeente lezen (SQLite, mediaan van 5)", f"{read_s * 1000:.0f} ms",
         "-", "-"),
        ("municipality_progress: lezen + reeks + trechter + 'sinds' (mediaan van 3)", f"{whole_s:.2f} s", "-", "-"),
        ("datums met andere witte vlekken dan de naïeve berekening", str(white_diff), "-", "0"),
        ("grootste verschil in gedekt aandeel", f"{share_diff:.2e}", "-", "-"),
        ("geheugen van het proces", f"{rss_after:.0f} MB (piek {peak_mb:.0f} MB)",
         f"vóór de reeks {rss_before:.0f} MB", "-"),
    ])


def _history(boundaries, categories, rng) -> list[dict]:
    """History rows as a backup holds them: each partner's arrival, then the status changes."""
    from geo.partners import STATUSES
    import shapely

    from geo.reach import to_wgs84_lonlat

    wijken = boundaries.wijken[boundaries.wijken["gemeente_nis"] == NIS]
    minx, miny, maxx, maxy = wijken.total_bounds
    union = wijken.geometry.union_all()
    points = []
    while len(points) < PARTNERS:
        x, y = rng.uniform(minx, maxx, 4 * PARTNERS), rng.uniform(miny, maxy, 4 * PARTNERS)
        inside = shapely.contains_xy(union, x, y)
        points += list(zip(x[inside], y[inside]))
    x, y = np.array(points[:PARTNERS]).T
    lon, lat = to_wgs84_lonlat(x, y)
    kinds = [c for c, category in categories.items() if category.bereik_type == "cirkel"]
    kind = rng.choice(kinds, PARTNERS)
    arrival = rng.uniform(0, DAYS * 0.6, PARTNERS)
    status = np.zeros(PARTNERS, dtype=int)
    rows = []

    def row(i: int, when: float, state: str | None) -> dict:
        return {"id": len(rows) + 1, "partner_id": f"p{i:05d}",
                "tijdstip": (START + timedelta(days=float(when))).isoformat(timespec="seconds"),
                "gemeente_nis": NIS, "status": state, "naam": f"Partner {i}", "categorie": str(kind[i]),
                "lat": float(lat[i]), "lon": float(lon[i]), "wijk_code": "", "bereik_m": None, "bediend_gebied": "",
                "gereconstrueerd": 0}

    events = [(arrival[i], i, None) for i in range(PARTNERS)]
    owners = rng.integers(0, PARTNERS, CHANGES)
    for i in owners:
        events.append((rng.uniform(arrival[i], DAYS), int(i), "wissel"))
    for when, i, what in sorted(events):
        if what is not None:
            step = status[i]
            status[i] = min(step + 1, 3) if rng.random() < 0.7 else (4 if rng.random() < 0.5 else max(step - 1, 0))
        rows.append(row(i, when, STATUSES[status[i]]))
    return rows


def _naive(boundaries, history, days, categories, settings) -> dict[str, list]:
    """Each date from scratch: the partners' last state up to it, then the whole coverage table."""
    import pandas as pd

    from geo.campaign.dates import day_end
    from geo.coverage import wijk_coverage
    from geo.partners import Partner

    stamps = pd.to_datetime(history["tijdstip"], utc=True, format="ISO8601")
    white, covered = [], []
    for day in days:
        then = history[stamps <= day_end(day)].groupby("partner_id").tail(1)  # the last row, a removal too
        partners = [Partner(naam=r.naam, categorie=r.categorie, status=r.status, lat=r.lat, lon=r.lon,
                            gemeente_nis=r.gemeente_nis, id=r.partner_id) for r in then.itertuples()
                    if r.status is not None]
        table = wijk_coverage(boundaries, NIS, partners, categories, settings)
        white.append(tuple(table.loc[table["witte_vlek"], "wijk_code"]))
        covered.append(float(table["gedekt_km2"].sum() / table["oppervlakte_km2"].sum()))
    return {"witte": white, "gedekt": covered}
