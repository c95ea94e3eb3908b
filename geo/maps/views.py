"""The maps of the pages: a municipality, all of Flanders, a coverage choropleth, the white
spots with the advised prospects, an import preview, and a map to pick a location on.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Mapping, Sequence

import folium
import geopandas as gpd
import pandas as pd

from geo import texts
from geo.advice import Advice
from geo.boundaries import DETAIL_DECIMALS, OVERVIEW_DECIMALS, Boundaries
from geo.categories import Category
from geo.config import Settings
from geo.maps.layers import (MARKER_RADIUS, PROSPECT_REACH_STYLE, TRUSTED_REACH_STYLE, WIJK_HIGHLIGHT, WIJK_STYLE,
                             LocateButton, PartnerCluster, RankedMarkers, base_map, partner_layer, percent, reach_layer, wijk_features,
                             wijk_layer)
from geo.maps.action_layer import ActionMap, add_actions
from geo.maps.candidate_layer import add_candidates, candidate_sources
from geo.maps.compact_geometry import CompactGeoJson
from geo.maps.context_layers import MapContext, add_context
from geo.maps.legends import ClassLegend, Legend, SpotLegend
from geo.partners import Partner
from geo.reach import CoverageSettings, build_areas, partner_frame, resolve_reach

# Classed, colour-blind-safe choropleth scales (ColorBrewer YlGnBu) per metric: (upper bound, colour, label).
METRIC_CLASSES = {
    "gedekt_aandeel": ((0.25, "#ffffcc", "0–25 %"), (0.5, "#a1dab4", "25–50 %"), (0.75, "#41b6c4", "50–75 %"),
                       (0.9, "#2c7fb8", "75–90 %"), (float("inf"), "#253494", "90–100 %")),
    "vertrouwde_partners": ((0.5, "#ffffcc", "0"), (1.5, "#a1dab4", "1"), (2.5, "#41b6c4", "2"),
                            (3.5, "#2c7fb8", "3"), (float("inf"), "#253494", "4 of meer")),
    "partners": ((0.5, "#ffffcc", "0"), (1.5, "#a1dab4", "1"), (3.5, "#41b6c4", "2–3"), (6.5, "#2c7fb8", "4–6"),
                 (float("inf"), "#253494", "7 of meer")),
    # The two views of the context layers: a wijk is in the view or not (the tooltip says which in words).
    "partner_geen_deelauto": ((0.5, "#ffffcc", "nee"), (float("inf"), "#882255", "ja: partner, geen deelauto nabij")),
    "deelauto_geen_partner": ((0.5, "#ffffcc", "nee"), (float("inf"), "#332288", "ja: deelauto, geen partner")),
    # Dekking's view of the joint actions (geo.campaign.views.coverage_with_actions): 0 neither, 1 trusted
    # partners only, 2 an action only, 3 both.
    "actie_bereikt": ((0.5, "#ffffcc", "niet gedekt, niet bereikt"), (1.5, "#41b6c4", "gedekt door partners"),
                      (2.5, "#E69F00", "bereikt door een actie"), (float("inf"), "#253494", "gedekt én bereikt")),
    "inwoners_gedekt": ((500, "#ffffcc", "< 500"), (1000, "#a1dab4", "500–1.000"), (2500, "#41b6c4", "1.000–2.500"),
                        (5000, "#2c7fb8", "2.500–5.000"), (float("inf"), "#253494", "5.000 of meer")),
}
UNKNOWN_COLOUR = "#dddddd"
WHITE_SPOT_STYLE = {"color": "#000000", "weight": 3.5, "dashArray": "7 5"}
# Weakly covered: thinner and dotted, told apart from a white spot without colour.
WEAK_SPOT_STYLE = {"color": "#000000", "weight": 2.5, "dashArray": "1 5", "lineCap": "round"}
SPOT_STYLES = {texts.ADVIES_WITTE_VLEK: WHITE_SPOT_STYLE, texts.ADVIES_ZWAK_GEDEKT: WEAK_SPOT_STYLE}


def municipality_map(boundaries: Boundaries, nis: str, partners: Sequence[Partner],
                     categories: dict[str, Category], settings: Settings, show_partners: bool = True,
                     shares: Mapping[str, float] | None = None, context: MapContext | None = None,
                     actions: ActionMap | None = None, candidates: pd.DataFrame | None = None) -> folium.Map:
    """The map of one municipality: its wijken (a tap or hover names each, with its number of
    partners and, given ``shares`` by wijk code, its covered share), its partners (unless
    ``show_partners`` is off), the ``context`` layers near it, its joint ``actions``, the open
    ``candidates`` (:func:`geo.candidates.listing.open_candidates`; never on a share link), a
    legend and layer toggles."""
    context = _near(context, boundaries, nis)
    fmap = base_map(settings, _sources(boundaries, context, candidates),
                    title=texts.KAART_TITEL_GEMEENTE.format(gemeente=boundaries.gemeente_naam(nis)))
    located = [p for p in partners if p.has_location]
    counts = Counter(p.wijk_code for p in located)
    wijk_layer(boundaries.web_wijken_of(nis), name="Wijken",
               figures={code: (counts[code], (shares or {}).get(code)) for code in boundaries.wijk_table(nis)["wijk_code"]}
               ).add_to(fmap)
    if located and show_partners:
        partner_layer(located, categories, name="Partners").add_to(fmap)
    add_context(fmap, context)
    add_actions(fmap, actions)
    add_candidates(fmap, candidates, categories, show=False)  # on request: a busy map otherwise
    Legend(categories, [p.categorie for p in partners], context=context, actions=actions,
           candidates=candidates).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds(boundaries.bounds_of(nis))
    return fmap


def flanders_map(boundaries: Boundaries, partners: Sequence[Partner], categories: dict[str, Category],
                 settings: Settings, context: MapContext | None = None) -> folium.Map:
    """All wijken of Flanders and Brussels with clustered partners and the ``context`` layers,
    for regional coordinators."""
    fmap = base_map(settings, _sources(boundaries, context), zoom=9, title=texts.KAART_TITEL_VLAANDEREN)
    wijk_layer(boundaries.wijken_overview, name="Wijken", with_gemeente=True, weight=0.6,
               decimals=OVERVIEW_DECIMALS).add_to(fmap)
    located = [p for p in partners if p.has_location]
    if located:
        PartnerCluster(located, categories, name="Partners (gegroepeerd)").add_to(fmap)
    add_context(fmap, context)
    Legend(categories, [p.categorie for p in partners], open_=False, context=context).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    west, south, east, north = boundaries.wijken_overview.total_bounds
    fmap.fit_bounds([[float(south), float(west)], [float(north), float(east)]])
    return fmap


def coverage_map(boundaries: Boundaries, nis: str, coverage, metric: str, reach, partners: Sequence[Partner],
                 categories: dict[str, Category], settings: Settings, metric_label: str,
                 show_reach: bool = False, show_partners: bool = True, context: MapContext | None = None,
                 population_source: str | None = None, actions: ActionMap | None = None,
                 candidates: pd.DataFrame | None = None) -> folium.Map:
    """Choropleth of one coverage metric; white spots outlined with a thick dashed line
    (readable in black-and-white print); the reach areas (``show_reach``), the partners
    (``show_partners``), the ``context`` layers near the municipality and the joint ``actions``
    as layers, and the open ``candidates`` (never on a share link). With
    ``population_source`` (e.g. "Statbel, … 1 januari 2025") the legend names where the
    inhabitants come from."""
    context = _near(context, boundaries, nis)
    fmap = base_map(settings, _sources(boundaries, context, candidates),
                    title=texts.KAART_TITEL_DEKKING.format(gemeente=boundaries.gemeente_naam(nis), maat=metric_label))
    values = coverage.set_index("wijk_code")

    def properties(code: str) -> dict:
        metrics = values.loc[code]
        colour, label = metric_class(metric, metrics[metric])
        spot = bool(metrics["witte_vlek"])
        return {"klasse": html.escape(label), "kleur": colour, "witte_vlek": spot, "partners": int(metrics["partners"]),
                "gedekt": percent(metrics["gedekt_aandeel"]), "status": "witte vlek" if spot else "gedekt"}

    CompactGeoJson(
        {"type": "FeatureCollection", "features": wijk_features(boundaries.web_wijken_of(nis), properties)},
        DETAIL_DECIMALS,
        name="Dekking per wijk",
        style_function=_coverage_style,
        highlight_function=lambda _feature: WIJK_HIGHLIGHT,
        tooltip=folium.GeoJsonTooltip(fields=["wijk_naam", "klasse", "partners", "gedekt", "status"],
                                      aliases=["Wijk", html.escape(metric_label), "Partners", "Gedekt aandeel", "Status"],
                                      localize=False, sticky=True),
        zoom_on_click=False,
    ).add_to(fmap)
    if show_reach and reach is not None and len(reach):
        reach_layer(reach, "Bereik vertrouwde partners", TRUSTED_REACH_STYLE).add_to(fmap)
    located = [p for p in partners if p.has_location]
    if located and show_partners:
        partner_layer(located, categories, name="Partners").add_to(fmap)
    add_context(fmap, context)
    note = texts.UI_INWONERS_INGEBOUWD.format(bron=population_source) if population_source else ""
    add_actions(fmap, actions)
    add_candidates(fmap, candidates, categories, show=False)
    ClassLegend(metric_label, METRIC_CLASSES[metric], context=context, note=note, actions=actions,
                candidates=candidates).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds(boundaries.bounds_of(nis))
    return fmap


def white_spot_map(boundaries: Boundaries, nis: str, coverage: pd.DataFrame, spots: pd.DataFrame,
                   advice: Sequence[Advice], partners: Sequence[Partner], categories: dict[str, Category],
                   settings: Settings, coverage_settings: CoverageSettings,
                   context: MapContext | None = None, candidates: pd.DataFrame | None = None) -> folium.Map:
    """The white spots of a municipality, the prospects advised to cover them and the open ``candidates``.

    Every wijk of ``nis`` is drawn; the white spots of ``spots`` (a
    :func:`geo.advice.white_spots` table) are outlined as on the Dekking map (thick dashed)
    and the weakly covered wijken with a thinner dotted line, so both read in black and
    white too. ``advice`` (:func:`geo.advice.advise`, best first) becomes numbered markers:
    number *n* is row *n* of the advice table. Each advised prospect's reach, as it would
    be once trusted (``coverage_settings``: radius per category, own radius or served
    area), is drawn as well. A prospect without a location gets its marker inside its
    reach. ``partners`` holds the advised prospects (matched on ``partner_id``);
    ``coverage`` (:func:`geo.coverage.wijk_coverage`) gives each wijk's covered share for
    the tooltips. With no advice (a share link), only the wijken are drawn. The ``context``
    layers near the municipality are drawn as toggleable layers.

    >>> fmap = white_spot_map(boundaries, "12025", coverage, white_spots(coverage, partners, boundaries, cs),
    ...                       advise(boundaries, "12025", partners, categories, cs), partners, categories,
    ...                       settings, cs)  # doctest: +SKIP
    """
    missing = [c for c in ("wijk_code", "soort") if c not in spots]
    if missing or "wijk_code" not in coverage or "gedekt_aandeel" not in coverage:
        raise ValueError(texts.KAART_VLEKKEN_TABELLEN)
    context = _near(context, boundaries, nis)
    fmap = base_map(settings, _sources(boundaries, context, candidates),
                    title=texts.KAART_TITEL_VLEKKEN.format(gemeente=boundaries.gemeente_naam(nis)))
    kinds = dict(zip(spots["wijk_code"], spots["soort"]))
    shares = dict(zip(coverage["wijk_code"], coverage["gedekt_aandeel"]))
    counts = dict(zip(coverage["wijk_code"], coverage["partners"]))

    def properties(code: str) -> dict:
        kind = kinds.get(code, "")
        return {"vlek": kind, "soort": html.escape(kind or texts.KAART_VOLDOENDE_GEDEKT),
                "partners": int(counts.get(code, 0)), "gedekt": percent(shares.get(code))}

    CompactGeoJson(
        {"type": "FeatureCollection", "features": wijk_features(boundaries.web_wijken_of(nis), properties)},
        DETAIL_DECIMALS,
        name=texts.KAART_LAAG_VLEKKEN,
        style_function=_spot_style,
        highlight_function=lambda _feature: WIJK_HIGHLIGHT,
        tooltip=folium.GeoJsonTooltip(fields=["wijk_naam", "soort", "partners", "gedekt"],
                                      aliases=[html.escape(texts.UI_KIES_WIJK), html.escape(texts.UI_KOLOM_SOORT_VLEK),
                                               html.escape(texts.UI_PARTNERS), html.escape(texts.UI_METRIEK_AANDEEL)],
                                      localize=False, sticky=True),
        zoom_on_click=False,
    ).add_to(fmap)
    ranked = _ranked_prospects(advice, partners)
    reach = _prospect_reach(ranked, boundaries, categories, coverage_settings)
    if len(reach):
        reach_layer(reach, texts.KAART_LAAG_BEREIK_KANDIDATEN, PROSPECT_REACH_STYLE).add_to(fmap)
    if ranked:
        RankedMarkers(ranked, reach, categories, name=texts.KAART_LAAG_KANDIDATEN).add_to(fmap)
    add_context(fmap, context)
    add_candidates(fmap, candidates, categories)
    SpotLegend(with_prospects=bool(ranked), context=context, candidates=candidates).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds(boundaries.bounds_of(nis))
    return fmap


def _near(context: MapContext | None, boundaries: Boundaries, nis: str) -> MapContext | None:
    """The context objects in and around the municipality (the rest would only weigh on the map)."""
    return None if context is None else context.within(boundaries.bounds_of(nis))


def _sources(boundaries: Boundaries, context: MapContext | None, candidates: pd.DataFrame | None = None) -> list[str]:
    """The boundaries' attribution and, when layers or candidates are shown, each one's source."""
    return (list(boundaries.attribution) + (context.attribution() if context is not None else [])
            + candidate_sources(candidates))


def metric_class(metric: str, value) -> tuple[str, str]:
    """(colour, class label) of a metric value; grey for an unknown value."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return UNKNOWN_COLOUR, "onbekend"
    if number != number:
        return UNKNOWN_COLOUR, "onbekend"
    for upper, colour, label in METRIC_CLASSES[metric]:
        if number < upper:
            return colour, label
    return METRIC_CLASSES[metric][-1][1], METRIC_CLASSES[metric][-1][2]


def _coverage_style(feature: dict) -> dict:
    properties = feature["properties"]
    style = {"color": "#444444", "weight": 1.2, "fillColor": properties["kleur"], "fillOpacity": 0.75}
    if properties["witte_vlek"]:
        style.update(WHITE_SPOT_STYLE)
    return style


def _spot_style(feature: dict) -> dict:
    return dict(WIJK_STYLE, **SPOT_STYLES.get(feature["properties"]["vlek"], {}))


def _ranked_prospects(advice: Sequence[Advice], partners: Sequence[Partner]) -> list[tuple[int, Partner]]:
    """``(rank, partner)`` per advice (rank = row of the advice table), for the partners found."""
    by_id = {p.id: p for p in partners}
    return [(rank, by_id[a.partner_id]) for rank, a in enumerate(advice, start=1) if a.partner_id in by_id]


def _prospect_reach(ranked: list[tuple[int, Partner]], boundaries: Boundaries, categories: dict[str, Category],
                    coverage_settings: CoverageSettings) -> gpd.GeoDataFrame:
    """The reach (EPSG:31370) each ranked prospect would have as a trusted partner, indexed by rank.

    The same resolution as :func:`geo.advice.advise` uses (category radius or override,
    own radius, served area); the status filter does not apply to the advice, so not here.
    """
    frame = partner_frame([p for _, p in ranked])
    frame.index = pd.Index([rank for rank, _ in ranked], name="rang")
    return build_areas(resolve_reach(frame, categories, coverage_settings), boundaries).areas


def preview_map(boundaries: Boundaries, partners: Sequence[Partner], categories: dict[str, Category],
                settings: Settings, nis: str | None = None) -> folium.Map:
    """The partners an import would add or change, on the wijken they fall in."""
    fmap = base_map(settings, boundaries.attribution, title=texts.KAART_TITEL_VOORBEELD)
    codes = {p.gemeente_nis for p in partners} | ({nis} if nis else set())
    wijken = boundaries.wijken_web[boundaries.wijken_web["gemeente_nis"].isin(codes)]
    wijk_layer(wijken, name="Wijken", with_gemeente=True).add_to(fmap)
    if len(partners) > 2000:
        PartnerCluster(partners, categories, name="Te importeren partners").add_to(fmap)
    else:
        partner_layer(partners, categories, name="Te importeren partners").add_to(fmap)
    Legend(categories, [p.categorie for p in partners], open_=False).add_to(fmap)
    west, south, east, north = wijken.total_bounds if len(wijken) else boundaries.wijken_overview.total_bounds
    fmap.fit_bounds([[float(south), float(west)], [float(north), float(east)]])
    return fmap


def location_map(boundaries: Boundaries, nis: str, settings: Settings, point: tuple[float, float] | None = None) -> folium.Map:
    """A map to pick a location by clicking (or tapping): the municipality's wijken, the current
    point, and a button that uses the device's location instead (:class:`LocateButton`)."""
    fmap = base_map(settings, boundaries.attribution,
                    title=texts.KAART_TITEL_LOCATIE.format(gemeente=boundaries.gemeente_naam(nis)))
    wijk_layer(boundaries.web_wijken_of(nis), name="Wijken", interactive=False).add_to(fmap)
    if point is not None:
        folium.CircleMarker(location=list(point), radius=MARKER_RADIUS + 2, color="#000000", weight=3,
                            fill=True, fill_color="#ffcc00", fill_opacity=0.9, tooltip="Gekozen locatie").add_to(fmap)
    LocateButton().add_to(fmap)
    fmap.fit_bounds(boundaries.bounds_of(nis))
    return fmap
