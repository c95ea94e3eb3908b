"""Candidate partners from open data on a map: one toggleable layer of hollow circles.

A partner is a filled circle (its fill says its engagement); a candidate is the same circle
*hollow*, with a dashed border in its kind's colour and the kind's symbol in dark ink, so it
reads as "not a partner yet" without colour. Its tooltip names it with its kind and source; its
popup adds its address and why it is a candidate (the OpenStreetMap tag's label). Only open
candidates are drawn (not matching a partner, not dismissed, not added). Every text comes from
open data: it is escaped here. Share links never get this layer.
"""

from __future__ import annotations

import html
from typing import Mapping

import folium
import pandas as pd
from folium.template import Template

from geo import texts
from geo.categories import Category
from geo.maps.layers import add_markers_script

_ADD_CANDIDATES = add_markers_script("pk-candidate-icon")


def candidate_icon(category: Category | None) -> str:
    """The HTML of a candidate marker: a hollow circle, dashed in the kind's colour, with its symbol."""
    colour = category.kleur if category is not None else "#777777"
    symbol = html.escape(category.symbool if category is not None else "?")
    return f'<span class="pk-candidate" style="border-color:{colour}">{symbol}</span>'


def candidate_points(frame: pd.DataFrame, categories: Mapping[str, Category]) -> list[list]:
    """``[lat, lon, icon, tooltip, popup]`` per candidate, every text escaped."""
    points = []
    for row in frame.itertuples(index=False):
        category = categories.get(row.categorie)
        label = html.escape(category.label if category is not None else row.categorie)
        name = html.escape(row.naam)
        source = html.escape(row.bronvermelding)
        lines = [f"<b>{name}</b>", html.escape(texts.KAART_KANDIDAAT_POPUP.format(soort=category.label if category
                                                                                   else row.categorie,
                                                                                   detail=row.detail))]
        if row.adres:
            lines.append(html.escape(row.adres))
        lines.append(f"{html.escape(texts.KAART_KANDIDAAT_BRON)}: {source}")
        points.append([round(float(row.lat), 6), round(float(row.lon), 6), candidate_icon(category),
                       f"{name} ({label}, {html.escape(texts.KAART_KANDIDAAT_KORT)})", "<br>".join(lines)])
    return points


class CandidateMarkers(folium.FeatureGroup):
    """The open candidates as hollow markers, sent as one compact array."""

    _template = Template("{% macro script(this, kwargs) %}var {{ this.get_name() }} = L.featureGroup();"
                         + _ADD_CANDIDATES + "{% endmacro %}")

    def __init__(self, frame: pd.DataFrame, categories: Mapping[str, Category], name: str, show: bool = True):
        super().__init__(name=html.escape(name), show=show)
        self.points = candidate_points(frame, categories)


def add_candidates(fmap: folium.Map, frame: pd.DataFrame | None, categories: Mapping[str, Category],
                   show: bool = True) -> None:
    """Add the open candidates as one toggleable layer, switched on or not (nothing when there are none)."""
    if frame is None or frame.empty:
        return
    CandidateMarkers(frame, categories, texts.KAART_LAAG_OPEN_KANDIDATEN.format(aantal=len(frame)), show=show
                     ).add_to(fmap)


def legend_rows(frame: pd.DataFrame | None) -> str:
    """The legend row of the candidate layer (empty without candidates)."""
    if frame is None or frame.empty:
        return ""
    return (f'<div class="pk-title">{html.escape(texts.KAART_LEGENDE_KANDIDATEN)}</div>'
            f'<div class="pk-row">{candidate_icon(None).replace(">?<", "><")}'
            f'{html.escape(texts.KAART_LEGENDE_KANDIDAAT_HOL)}</div>')


def candidate_sources(frame: pd.DataFrame | None) -> list[str]:
    """The attribution of every source of the candidates shown."""
    if frame is None or frame.empty:
        return []
    return sorted(set(frame["bronvermelding"]))
