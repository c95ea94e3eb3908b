"""The two Dekking views that put coverage beside the shared cars: **partner but no car** and **car
but no partner**.

- :func:`partner_but_no_car`: wijken covered by trusted partners (not a white spot) where no
  shared car stands within ``distance_m`` of the wijk's representative point: the organisation
  is there, the car is not.
- :func:`car_but_no_partner`: white spots with shared cars in them or within ``distance_m`` of
  their border: the car is there, and a trusted partner in the wijk would help it get used.

Both return one row per wijk with a short Dutch explanation (``uitleg``) that the page and the
command line show as is.

>>> context = wijk_context(boundaries, "12025", points)                         # doctest: +SKIP
>>> coverage = wijk_coverage(boundaries, "12025", partners, categories, settings)  # doctest: +SKIP
>>> partner_but_no_car(coverage, context)[["wijk_naam", "uitleg"]]                # doctest: +SKIP
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import texts
from geo.context.analysis import (DEFAULT_DISTANCE_M, align, check_distance, check_points, format_distance,
                                  format_percent)

PARTNER_NO_CAR_COLUMNS = ("wijk_code", "wijk_naam", "gemeente_nis", "gedekt_aandeel", "vertrouwde_partners",
                          "aantal_deelauto", "afstand_deelauto_m", "uitleg")
CAR_NO_PARTNER_COLUMNS = ("wijk_code", "wijk_naam", "gemeente_nis", "gedekt_aandeel", "deelautos_in_wijk",
                          "deelautos_nabij", "deelautos", "uitleg")


def partner_but_no_car(coverage: pd.DataFrame, context: pd.DataFrame,
                       distance_m: float = DEFAULT_DISTANCE_M) -> pd.DataFrame:
    """Wijken covered by trusted partners with no shared car within ``distance_m`` metres.

    ``coverage`` is a :func:`geo.coverage.wijk_coverage` (or :func:`~geo.coverage.coverage_all`)
    table: a wijk is *covered* when it is not a white spot (``witte_vlek`` false: its covered share
    reaches the threshold). ``context`` is a :func:`geo.context.analysis.wijk_context` table for
    (at least) the same wijken. A wijk is listed when its nearest shared car is farther than
    ``distance_m`` from its representative point, or no car is known at all.

    Columns: ``wijk_code, wijk_naam, gemeente_nis, gedekt_aandeel, vertrouwde_partners`` (trusted
    partners located in the wijk; NaN for a table without that column), ``aantal_deelauto`` (cars
    inside the wijk, all farther than ``distance_m``), ``afstand_deelauto_m`` (NaN: none known),
    ``uitleg`` ("voor 80 % gedekt door vertrouwde partners (2 in de wijk); dichtstbijzijnde
    deelauto op 1,2 km"). Best covered first, then the farthest car (none known first), then by
    wijk code.
    """
    distance_m = check_distance(distance_m)
    covered = _coverage_rows(coverage)
    covered = covered[~covered["witte_vlek"].to_numpy(dtype=bool)]
    rows = align(context, covered["wijk_code"].to_numpy())
    car_m = rows["afstand_deelauto_m"].to_numpy(dtype=float)
    lacking = ~(car_m <= distance_m)  # NaN (no car known) is lacking too
    covered, rows, car_m = covered[lacking], rows[lacking], car_m[lacking]
    share = covered["gedekt_aandeel"].to_numpy(dtype=float)
    trusted = covered["vertrouwde_partners"].to_numpy(dtype=float) if "vertrouwde_partners" in covered \
        else np.full(len(covered), np.nan)
    explanations = []
    for part, count, metres in zip(share, trusted, car_m):
        text = texts.CONTEXT_GEDEKT.format(procent=format_percent(part))
        if count > 0:
            text += texts.CONTEXT_IN_DE_WIJK.format(aantal=int(count))
        text += (texts.CONTEXT_DICHTSTE_DEELAUTO.format(afstand=format_distance(metres)) if np.isfinite(metres)
                 else texts.CONTEXT_GEEN_DEELAUTO)
        explanations.append(text)
    result = pd.DataFrame({
        "wijk_code": covered["wijk_code"].to_numpy(),
        "wijk_naam": covered["wijk_naam"].to_numpy(),
        "gemeente_nis": covered["gemeente_nis"].to_numpy(),
        "gedekt_aandeel": share,
        "vertrouwde_partners": trusted,
        "aantal_deelauto": rows["aantal_deelauto"].to_numpy(dtype=np.int64),
        "afstand_deelauto_m": car_m,
        "uitleg": explanations,
    })
    order = np.lexsort((result["wijk_code"].to_numpy(), -np.nan_to_num(car_m, nan=np.inf), -share))
    return result.iloc[order].reset_index(drop=True)


def car_but_no_partner(coverage: gpd.GeoDataFrame, context: pd.DataFrame, points: gpd.GeoDataFrame,
                       distance_m: float = DEFAULT_DISTANCE_M) -> pd.DataFrame:
    """White spots with shared cars in them or within ``distance_m`` metres of their border.

    ``coverage`` is a :func:`geo.coverage.wijk_coverage` table (with the wijk geometry),
    ``context`` the :func:`~geo.context.analysis.wijk_context` table of the same wijken and
    ``points`` the :func:`~geo.context.analysis.context_points` it was made from.

    Columns: ``wijk_code, wijk_naam, gemeente_nis, gedekt_aandeel``, ``deelautos_in_wijk`` (as
    counted by ``wijk_context``), ``deelautos_nabij`` (cars outside the wijk within ``distance_m``
    of its border), ``deelautos`` (their names, those in the wijk first, then by distance) and
    ``uitleg`` ("witte vlek, voor 12 % gedekt; 2 deelauto's in de wijk; 1 deelauto binnen 500 m
    van de wijk"). Most cars in the wijk first, then most cars nearby, then the least covered.
    """
    distance_m = check_distance(distance_m)
    if not isinstance(coverage, gpd.GeoDataFrame):
        raise ValueError(texts.CONTEXT_DEKKING_ONGELDIG)
    check_points(points)
    white = _coverage_rows(coverage)
    white = white[white["witte_vlek"].to_numpy(dtype=bool)]
    rows = align(context, white["wijk_code"].to_numpy())
    inside = rows["aantal_deelauto"].to_numpy(dtype=np.int64)
    cars = points[(points["soort"] == "deelauto").to_numpy()]
    polygons = white.geometry.values
    wijk, car = shapely.STRtree(cars.geometry.values).query(polygons, predicate="dwithin", distance=distance_m) \
        if len(cars) and len(polygons) else (np.zeros(0, dtype=int), np.zeros(0, dtype=int))
    metres = shapely.distance(polygons[wijk], cars.geometry.values[car])
    order = np.lexsort((metres, wijk))
    wijk, car, metres = wijk[order], car[order], metres[order]
    nearby = np.bincount(wijk[metres > 0], minlength=len(white))
    names = cars["naam"].to_numpy(dtype=object)
    bounds = np.searchsorted(wijk, np.arange(len(white) + 1))
    listed = [tuple(str(n) for n in names[car[start:end]]) for start, end in zip(bounds[:-1], bounds[1:])]
    keep = (inside > 0) | (nearby > 0)
    share = white["gedekt_aandeel"].to_numpy(dtype=float)
    explanations = [_car_text(s, n_in, n_near, distance_m)
                    for s, n_in, n_near in zip(share[keep], inside[keep], nearby[keep])]
    result = pd.DataFrame({
        "wijk_code": white["wijk_code"].to_numpy()[keep],
        "wijk_naam": white["wijk_naam"].to_numpy()[keep],
        "gemeente_nis": white["gemeente_nis"].to_numpy()[keep],
        "gedekt_aandeel": share[keep],
        "deelautos_in_wijk": inside[keep],
        "deelautos_nabij": nearby[keep],
        "deelautos": [listed[i] for i in np.flatnonzero(keep)],
        "uitleg": explanations,
    })
    order = np.lexsort((result["wijk_code"].to_numpy(), result["gedekt_aandeel"].to_numpy(),
                        -result["deelautos_nabij"].to_numpy(), -result["deelautos_in_wijk"].to_numpy()))
    return result.iloc[order].reset_index(drop=True)


# Helpers ----------------------------------------------------------------------------------------

def _coverage_rows(coverage) -> pd.DataFrame:
    if not isinstance(coverage, pd.DataFrame) or not {"wijk_code", "wijk_naam", "gemeente_nis", "gedekt_aandeel",
                                                      "witte_vlek"} <= set(coverage.columns):
        raise ValueError(texts.CONTEXT_DEKKING_ONGELDIG)
    return coverage


def _cars(count: int) -> str:
    return texts.CONTEXT_EEN_DEELAUTO if count == 1 else texts.CONTEXT_DEELAUTOS.format(aantal=count)


def _car_text(share: float, inside: int, nearby: int, distance_m: float) -> str:
    text = texts.CONTEXT_WITTE_VLEK.format(procent=format_percent(share))
    if inside:
        text += texts.CONTEXT_AUTOS_IN_WIJK.format(autos=_cars(int(inside)))
    if nearby:
        text += texts.CONTEXT_AUTOS_NABIJ.format(autos=_cars(int(nearby)), afstand=format_distance(distance_m))
    return text
