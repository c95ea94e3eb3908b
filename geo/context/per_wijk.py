"""The context layers next to a municipality's coverage: one call for the pages, the CLI and the report.

:func:`load_context` reads the layers someone may see from the store, :func:`municipality_context`
counts and measures them per wijk (:mod:`geo.context.analysis`), :func:`with_context` adds those
columns to a coverage table, and :func:`car_views` gives the two views of Dekking: wijken with a
trusted partner but no shared car near, and shared cars in white spots. :func:`coverage_with_context`
does both for a coverage table (Dekking, ``python -m geo dekking``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import geopandas as gpd
import pandas as pd

from geo import texts
from geo.context.analysis import COUNT_COLUMNS, DISTANCE_COLUMNS, context_points, format_distance, wijk_context
from geo.context.records import ContextLayer, ContextObject
from geo.context.views import car_but_no_partner, partner_but_no_car

CAR_KIND = "deelauto"
VIEW_COLUMNS = ("partner_geen_deelauto", "deelauto_geen_partner")  # the flags of Dekking's two views, per wijk


@dataclass(frozen=True)
class WijkContext:
    """The layers of a municipality's map, their objects as points (EPSG:31370) and the table per wijk."""

    layers: tuple[ContextLayer, ...]
    points: gpd.GeoDataFrame
    table: pd.DataFrame

    @property
    def has_cars(self) -> bool:
        """Whether any shown layer holds shared cars (else the car views say nothing)."""
        return bool((self.points["soort"] == CAR_KIND).any())


def load_context(store, public_only: bool = False) -> tuple[tuple[ContextLayer, ...], tuple[ContextObject, ...]]:
    """The layers (only the public ones for a share link) and their objects."""
    layers = tuple(layer for layer in store.layer_list() if layer.publiek or not public_only)
    objects = tuple(store.layer_objects([layer.id for layer in layers])) if layers else ()
    return layers, objects


def municipality_context(boundaries, nis: str | Sequence[str] | None, layers: Sequence[ContextLayer],
                         objects: Sequence[ContextObject]) -> WijkContext | None:
    """Counts per kind and the nearest shared car and station per wijk of ``nis`` (None: no layers)."""
    if not layers:
        return None
    points = context_points(objects, {layer.id: layer.soort for layer in layers})
    return WijkContext(tuple(layers), points, wijk_context(boundaries, nis, points))


def with_context(coverage: pd.DataFrame, context: WijkContext | None) -> pd.DataFrame:
    """``coverage`` with the context columns (``aantal_<soort>``, ``afstand_deelauto_m``,
    ``afstand_station_m``) of each wijk; unchanged without layers. Keeps a GeoDataFrame a GeoDataFrame."""
    if context is None:
        return coverage
    columns = [c for c in (*COUNT_COLUMNS, *DISTANCE_COLUMNS) if c in context.table]
    by_code = context.table.set_index("wijk_code")[columns]
    merged = coverage.copy()
    for column in columns:
        merged[column] = merged["wijk_code"].map(by_code[column]).to_numpy()
    return merged


def coverage_with_context(coverage: gpd.GeoDataFrame, context: WijkContext | None,
                          distance_m: float) -> tuple[gpd.GeoDataFrame, tuple[pd.DataFrame, pd.DataFrame] | None]:
    """``coverage`` with the context columns (:func:`with_context`) and, where shared cars are known,
    the flags of Dekking's two views (:data:`VIEW_COLUMNS`, 1 or 0 per wijk); and the views themselves
    (:func:`car_views`, None without cars).

    What Dekking shows and what ``python -m geo dekking`` and the exports write: without layers
    the coverage comes back as it was.

    >>> coverage, views = coverage_with_context(coverage, context, 500)             # doctest: +SKIP
    >>> coverage[["wijk_naam", "afstand_deelauto_m", "partner_geen_deelauto"]]      # doctest: +SKIP
    """
    merged = with_context(coverage, context)
    views = car_views(merged, context, distance_m)
    if views is not None:
        for column, view in zip(VIEW_COLUMNS, views):
            merged[column] = merged["wijk_code"].isin(set(view["wijk_code"])).astype(int)
    return merged, views


def context_line(row: pd.Series) -> str:
    """One wijk's context in a sentence: what stands in it, and the nearest shared car and station."""
    counts = [f"{int(row[f'aantal_{kind}'])} × {texts.LAAG_SOORTEN[kind]}" for kind in texts.LAAG_SOORTEN
              if f"aantal_{kind}" in row and row[f"aantal_{kind}"] == row[f"aantal_{kind}"] and row[f"aantal_{kind}"] > 0]
    nearest = [texts.CONTEXT_DICHTSTE.format(soort=texts.LAAG_SOORTEN[kind], afstand=format_distance(row[column]))
               for kind, column in (("deelauto", "afstand_deelauto_m"), ("station", "afstand_station_m"))
               if column in row and row[column] == row[column]]
    return texts.CONTEXT_WIJK.format(in_wijk=", ".join(counts) or texts.CONTEXT_NIETS,
                                     dichtste="; ".join(nearest) or texts.CONTEXT_GEEN_AFSTAND)


def car_views(coverage: gpd.GeoDataFrame, context: WijkContext | None,
              distance_m: float) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """(partner but no shared car within ``distance_m``, shared cars in white spots); None without cars."""
    if context is None or not context.has_cars:
        return None
    return (partner_but_no_car(coverage, context.table, distance_m),
            car_but_no_partner(coverage, context.table, context.points, distance_m))
