"""Progress of the campaign over time: coverage and white spots at each date, the funnel, and
what changed since a date (the last council meeting), in sentences.

Coverage at a date is computed as the partners stood then (:mod:`geo.campaign.history`):
the same rules as :func:`geo.coverage.wijk_coverage` (trusted partners after the filters,
their reach, overlaps once). For a series of dates the reach of every partner version is
resolved once; each date then only sums the circles and areas active at that moment, which
is what makes 24 monthly dates of a large campaign cheap (``python -m bench voortgang``).

>>> series = coverage_series(boundaries, "12025", history, [date(2026, 9, 30)], categories, settings)  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import shapely

from geo.access import Access
from geo.campaign.dates import day_end, in_period, month_ends
from geo.campaign.history import active_at, first_moment, funnel, trusted_names, versions, visible
from geo.campaign.records import Action
from geo.categories import Category
from geo.circle_cover import covered_area, covered_share
from geo.coverage import population_of, trusted_reach
from geo.reach import CoverageSettings, partner_frame, resolve_reach, selected, to_lambert_xy, to_wgs84_lonlat
from geo.uploads.areas import AREA_PREFIX

SERIES_COLUMNS = ("datum", "gedekt_oppervlakte", "gedekt_inwoners", "witte_vlekken", "witte_vlek_codes",
                  "vertrouwde_partners")


def coverage_series(boundaries, nis: str, history: pd.DataFrame, days: Sequence[date],
                    categories: Mapping[str, Category], settings: CoverageSettings,
                    population: pd.DataFrame | None = None, access: Access | None = None) -> pd.DataFrame:
    """Coverage of municipality ``nis`` at the end of each of ``days``, one row per day.

    Columns (:data:`SERIES_COLUMNS`): ``gedekt_oppervlakte`` (0..1, the covered part of its
    area), ``gedekt_inwoners`` (0..1 of its inhabitants, NaN without ``population``),
    ``witte_vlekken`` and ``witte_vlek_codes`` (the wijken below the threshold), and
    ``vertrouwde_partners`` (the municipality's trusted partners that day that pass the
    category and status filters). Only the partner versions ``access`` may see count, as on
    Dekking (None: all).
    """
    frame = versions(history)
    return _series(boundaries, nis, frame, members(frame, boundaries, nis), visible(frame, access), days, categories,
                   settings, population)


def _series(boundaries, nis: str, frame: pd.DataFrame, here: np.ndarray, shown: np.ndarray, days: Sequence[date],
            categories: Mapping[str, Category], settings: CoverageSettings,
            population: pd.DataFrame | None) -> pd.DataFrame:
    """:func:`coverage_series` on a :func:`~geo.campaign.history.versions` frame, with its versions of
    the municipality (``here``) and those the reader may see (``shown``) already known."""
    wijken = boundaries.wijken[boundaries.wijken["gemeente_nis"] == nis]
    polygons = wijken.geometry.values
    bounds = tuple(wijken.total_bounds)
    wijk_area = shapely.area(polygons)
    codes = wijken["wijk_code"].to_numpy()
    inhabitants = population_of(wijken["wijk_code"], population)
    chosen = selected(frame, settings, only_trusted=True) & shown
    circles, areas, circle_rows, area_rows = _reach_of_versions(frame, chosen, boundaries, bounds, categories, settings)
    x, y, radius = (circles[c].to_numpy(dtype=float) for c in ("x", "y", "radius_m"))
    area_geoms = areas.geometry.values
    trusted_here = chosen & here

    rows = []
    for day in days:
        active = active_at(frame, day_end(day))
        on_circles, on_areas = active[circle_rows], active[area_rows]
        covered = covered_area(polygons, x[on_circles], y[on_circles], radius[on_circles], area_geoms[on_areas])
        share = covered_share(covered, wijk_area)
        white = share < settings.threshold
        rows.append({
            "datum": day,
            "gedekt_oppervlakte": float(covered.sum() / wijk_area.sum()) if wijk_area.sum() > 0 else 0.0,
            "gedekt_inwoners": float((inhabitants * share).sum() / inhabitants.sum())
            if np.isfinite(inhabitants).all() and inhabitants.sum() > 0 else float("nan"),
            "witte_vlekken": int(white.sum()),
            "witte_vlek_codes": tuple(codes[white]),
            "vertrouwde_partners": int((active & trusted_here).sum()),
        })
    return pd.DataFrame(rows, columns=list(SERIES_COLUMNS))


def _reach_of_versions(frame: pd.DataFrame, chosen: np.ndarray, boundaries, bounds, categories, settings):
    """The circles and area reaches of the ``chosen`` partner versions, resolved once, and for
    each the row of ``frame`` it belongs to."""
    table = frame.assign(partner_id=np.arange(len(frame)).astype(str), bereik_m=frame["bereik_m"].astype(float))[chosen]
    table["x"], table["y"] = to_lambert_xy(table["lon"].to_numpy(dtype=float), table["lat"].to_numpy(dtype=float))
    circles, areas = trusted_reach(resolve_reach(partner_frame(table), categories, settings), boundaries, bounds)
    return circles, areas, circles["partner_id"].astype(int).to_numpy(), areas["partner_id"].astype(int).to_numpy() \
        if len(areas) else np.zeros(0, dtype=int)


@dataclass(frozen=True)
class Progress:
    """What changed in a municipality between two dates (``sinds`` and ``tot``)."""

    sinds: date
    tot: date
    trechter_toen: dict[str, int]
    trechter_nu: dict[str, int]
    nieuwe_vertrouwde: tuple[str, ...]  # names
    niet_meer_vertrouwd: tuple[str, ...]  # names, where the reader may see them (see below)
    niet_meer_vertrouwd_aantal: int
    witte_vlekken_weg: tuple[str, ...]  # wijk names
    witte_vlekken_nieuw: tuple[str, ...]
    witte_vlekken_toen: int
    witte_vlekken_nu: int
    gedekt_toen: float
    gedekt_nu: float
    op_inwoners: bool
    acties_gedaan: int
    mensen_bereikt: int
    reeks: pd.DataFrame = field(repr=False, compare=False)


def progress_since(boundaries, nis: str, history: pd.DataFrame, actions: Sequence[Action], since: date, until: date,
                   categories: Mapping[str, Category], settings: CoverageSettings,
                   population: pd.DataFrame | None = None, days: Sequence[date] = (),
                   access: Access | None = None) -> Progress:
    """The change in municipality ``nis`` from the end of ``since`` to the end of ``until``.

    ``days`` are extra dates for the series (e.g. month ends) besides ``since`` and ``until``.
    Actions count when done (state ``gedaan``) with their (last) date in the period. With
    ``access`` (None: everything, the command line) the coverage counts the partners it may see
    (as Dekking does), partners are named only where it may see them (new trusted partners are
    public; those no longer trusted are named only where it may edit), and the funnel, being
    counts, counts every partner.
    """
    frame = versions(history)
    here = members(frame, boundaries, nis)
    shown = visible(frame, access)
    series = _series(boundaries, nis, frame, here, shown, sorted({since, until, *days}), categories, settings, population)
    then, now = (series[series["datum"] == d].iloc[0] for d in (since, until))
    before, after = here & active_at(frame, day_end(since)), here & active_at(frame, day_end(until))
    trusted_then = trusted_names(frame, before, settings.trusted_statuses)
    trusted_now = trusted_names(frame, after & shown, settings.trusted_statuses)
    dropped = trusted_then.keys() - trusted_names(frame, after, settings.trusted_statuses).keys()
    named = access is None or access.can_edit(nis)
    names = dict(zip(boundaries.wijken["wijk_code"], boundaries.wijken["wijk_naam"]))
    white_then, white_now = set(then["witte_vlek_codes"]), set(now["witte_vlek_codes"])
    done = [a for a in actions if a.gemeente_nis == nis and a.status == "gedaan"]
    counted = [a for a, inside in zip(done, in_period((a.laatste_dag for a in done), since, until)) if inside]
    by_inhabitants = bool(np.isfinite(now["gedekt_inwoners"]))
    share = "gedekt_inwoners" if by_inhabitants else "gedekt_oppervlakte"
    return Progress(
        sinds=since, tot=until,
        trechter_toen=funnel(frame, before), trechter_nu=funnel(frame, after),
        nieuwe_vertrouwde=_sorted_names(trusted_now[i] for i in trusted_now.keys() - trusted_then.keys()),
        niet_meer_vertrouwd=_sorted_names(trusted_then[i] for i in dropped) if named else (),
        niet_meer_vertrouwd_aantal=len(dropped),
        witte_vlekken_weg=_sorted_names(names.get(c, c) for c in white_then - white_now),
        witte_vlekken_nieuw=_sorted_names(names.get(c, c) for c in white_now - white_then),
        witte_vlekken_toen=int(then["witte_vlekken"]), witte_vlekken_nu=int(now["witte_vlekken"]),
        gedekt_toen=float(then[share]), gedekt_nu=float(now[share]), op_inwoners=by_inhabitants,
        acties_gedaan=len(counted), mensen_bereikt=sum(a.bereikt or 0 for a in counted),
        reeks=series,
    )


def _sorted_names(names) -> tuple[str, ...]:
    return tuple(sorted(names, key=str.casefold))


MAX_SERIES_DAYS = 24  # monthly points in a series: two years
_NEAR_MARGIN_M = 2_000.0


def municipality_progress(store, boundaries, nis: str, since: date, until: date, categories: Mapping[str, Category],
                          settings: CoverageSettings, population: pd.DataFrame | None = None,
                          actions: Sequence[Action] = (), access: Access | None = None) -> Progress:
    """:func:`progress_since` for one municipality of ``store``, with month ends from the first
    history (at most :data:`MAX_SERIES_DAYS`) as the series: what the page, the report and
    ``python -m geo voortgang`` show.

    The history read is that of the municipality's partners, of every partner located within
    reach of it (the largest category radius and override, plus a margin) and of every partner
    whose own reach is larger than that.
    """
    radius = max([settings.radius_for(code, categories) for code in categories] + [0]) + _NEAR_MARGIN_M
    history = store.history_frame(nis, bbox=_grown_box(boundaries, nis, radius), reach_over=radius - _NEAR_MARGIN_M)
    first = first_moment(history) or since
    days = month_ends(min(first, since), until)[-MAX_SERIES_DAYS:]
    return progress_since(boundaries, nis, history, actions, since, until, categories, settings, population,
                          days=[d for d in days if d <= until], access=access)


def members(frame: pd.DataFrame, boundaries, nis: str) -> np.ndarray:
    """Which versions belong to municipality ``nis``: its code; for an own area (``eigen-…``, drawn
    by the organiser, which partners never carry as their municipality) being located inside it."""
    here = (frame["gemeente_nis"] == nis).to_numpy(copy=True)
    if not nis.startswith(AREA_PREFIX) or frame.empty:
        return here
    area = shapely.union_all(boundaries.wijken.loc[boundaries.wijken["gemeente_nis"] == nis].geometry.values)
    x, y = to_lambert_xy(frame["lon"].to_numpy(dtype=float), frame["lat"].to_numpy(dtype=float))
    located = np.isfinite(x) & np.isfinite(y)
    here[located] |= shapely.contains_xy(area, x[located], y[located])
    return here


def _grown_box(boundaries, nis: str, radius: float) -> tuple[float, float, float, float]:
    """``(min lon, min lat, max lon, max lat)`` of the municipality grown by ``radius`` metres."""
    wijken = boundaries.wijken[boundaries.wijken["gemeente_nis"] == nis]
    minx, miny, maxx, maxy = wijken.total_bounds
    lon, lat = to_wgs84_lonlat(np.array([minx - radius, maxx + radius]), np.array([miny - radius, maxy + radius]))
    return float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())
