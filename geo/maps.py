"""Folium maps of wijken and partners, with local Leaflet and escaped text.

Every map loads Leaflet from the app itself (:mod:`geo.assets`), shows the data
sources in its attribution, and escapes every text that came from a user or a file
before it reaches the browser (tooltips and popups are HTML there).
"""

from __future__ import annotations

import html
from typing import Callable, Iterable, Sequence

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template

from geo import assets, texts
from geo.advice import Advice
from geo.boundaries import DETAIL_DECIMALS, LAMBERT72, WGS84, Boundaries
from geo.categories import Category, category_label
from geo.config import Settings
from geo.partners import TRUSTED_STATUSES, Partner
from geo.reach import CoverageSettings, build_areas, partner_frame, resolve_reach

FLANDERS_CENTER = (51.05, 4.45)
WIJK_STYLE = {"color": "#444444", "weight": 1.2, "fillColor": "#f2efe9", "fillOpacity": 0.25}
WIJK_HIGHLIGHT = {"weight": 3, "color": "#000000", "fillOpacity": 0.35}
MARKER_RADIUS = 7

# folium renders embedded GeoJSON through Jinja's ``tojson``; dropping the spaces after
# separators makes the map about 10 % smaller. The environment is shared by all folium
# templates, so this is set once, here.
folium.GeoJson._template.environment.policies["json.dumps_kwargs"] = {"sort_keys": False, "separators": (",", ":")}

STATUS_STYLE = {
    # status: (fill opacity, border colour override, dash)
    "zet zich mee in": (0.95, None, None),
    "communiceert mee": (0.75, None, None),
    "gecontacteerd": (0.25, None, None),
    "te contacteren": (0.05, None, None),
    "haakt af": (0.05, "#999999", "3 3"),
}


def municipality_map(boundaries: Boundaries, nis: str, partners: Sequence[Partner],
                     categories: dict[str, Category], settings: Settings, show_partners: bool = True) -> folium.Map:
    """The map of one municipality: its wijken, its partners (unless ``show_partners`` is
    off), a legend and layer toggles."""
    fmap = base_map(settings, boundaries.attribution)
    wijk_layer(boundaries.web_wijken_of(nis), name="Wijken").add_to(fmap)
    located = [p for p in partners if p.has_location]
    if located and show_partners:
        partner_layer(located, categories, name="Partners").add_to(fmap)
    Legend(categories, [p.categorie for p in partners]).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds(boundaries.bounds_of(nis))
    return fmap


def flanders_map(boundaries: Boundaries, partners: Sequence[Partner], categories: dict[str, Category],
                 settings: Settings) -> folium.Map:
    """All wijken of Flanders and Brussels with clustered partners, for regional coordinators."""
    fmap = base_map(settings, boundaries.attribution, zoom=9)
    wijk_layer(boundaries.wijken_overview, name="Wijken", with_gemeente=True, weight=0.6).add_to(fmap)
    located = [p for p in partners if p.has_location]
    if located:
        PartnerCluster(located, categories, name="Partners (gegroepeerd)").add_to(fmap)
    Legend(categories, [p.categorie for p in partners], open_=False).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    west, south, east, north = boundaries.wijken_overview.total_bounds
    fmap.fit_bounds([[float(south), float(west)], [float(north), float(east)]])
    return fmap


# Classed, colour-blind-safe choropleth scales (ColorBrewer YlGnBu) per metric: (upper bound, colour, label).
METRIC_CLASSES = {
    "gedekt_aandeel": ((0.25, "#ffffcc", "0–25 %"), (0.5, "#a1dab4", "25–50 %"), (0.75, "#41b6c4", "50–75 %"),
                       (0.9, "#2c7fb8", "75–90 %"), (float("inf"), "#253494", "90–100 %")),
    "vertrouwde_partners": ((0.5, "#ffffcc", "0"), (1.5, "#a1dab4", "1"), (2.5, "#41b6c4", "2"),
                            (3.5, "#2c7fb8", "3"), (float("inf"), "#253494", "4 of meer")),
    "partners": ((0.5, "#ffffcc", "0"), (1.5, "#a1dab4", "1"), (3.5, "#41b6c4", "2–3"), (6.5, "#2c7fb8", "4–6"),
                 (float("inf"), "#253494", "7 of meer")),
    "inwoners_gedekt": ((500, "#ffffcc", "< 500"), (1000, "#a1dab4", "500–1.000"), (2500, "#41b6c4", "1.000–2.500"),
                        (5000, "#2c7fb8", "2.500–5.000"), (float("inf"), "#253494", "5.000 of meer")),
}
UNKNOWN_COLOUR = "#dddddd"
WHITE_SPOT_STYLE = {"color": "#000000", "weight": 3.5, "dashArray": "7 5"}
# Weakly covered: thinner and dotted, told apart from a white spot without colour.
WEAK_SPOT_STYLE = {"color": "#000000", "weight": 2.5, "dashArray": "1 5", "lineCap": "round"}
SPOT_STYLES = {texts.ADVIES_WITTE_VLEK: WHITE_SPOT_STYLE, texts.ADVIES_ZWAK_GEDEKT: WEAK_SPOT_STYLE}
TRUSTED_REACH_STYLE = {"color": "#117733", "weight": 1, "fillColor": "#117733", "fillOpacity": 0.12}
PROSPECT_REACH_STYLE = {"color": "#332288", "weight": 1.5, "fillColor": "#332288", "fillOpacity": 0.08}
REACH_SIMPLIFY_M = 5.0
# A numbered prospect: black on white, readable in print; the number is the advice table's "#".
RANK_STYLE = ("display:block;box-sizing:border-box;width:24px;height:24px;border-radius:50%;background:#ffffff;"
              "border:2.5px solid #000000;color:#000000;font:bold 13px/19px sans-serif;text-align:center;"
              "box-shadow:0 1px 3px rgba(0,0,0,0.5)")

# The symbols of the outlines in a legend, drawn like the map draws them.
LEGEND_SYMBOLS = {
    texts.ADVIES_WITTE_VLEK: '<span class="pk-box pk-spot"></span>',
    texts.ADVIES_ZWAK_GEDEKT: '<span class="pk-box" style="background:#ffffff;border:2.5px dotted #000000"></span>',
    "bereik": (f'<span class="pk-box" style="background:{PROSPECT_REACH_STYLE["fillColor"]}26;'
               f'border:1.5px solid {PROSPECT_REACH_STYLE["color"]}"></span>'),  # 26: a light fill, as on the map
}


def coverage_map(boundaries: Boundaries, nis: str, coverage, metric: str, reach, partners: Sequence[Partner],
                 categories: dict[str, Category], settings: Settings, metric_label: str,
                 show_reach: bool = False, show_partners: bool = True) -> folium.Map:
    """Choropleth of one coverage metric; white spots outlined with a thick dashed line
    (readable in black-and-white print); the reach areas (``show_reach``) and the partners
    (``show_partners``) as layers, only when asked for."""
    fmap = base_map(settings, boundaries.attribution)
    values = coverage.set_index("wijk_code")

    def properties(code: str) -> dict:
        metrics = values.loc[code]
        colour, label = metric_class(metric, metrics[metric])
        spot = bool(metrics["witte_vlek"])
        return {"klasse": html.escape(label), "kleur": colour, "witte_vlek": spot,
                "gedekt": _percent(metrics["gedekt_aandeel"]), "status": "witte vlek" if spot else "gedekt"}

    folium.GeoJson(
        {"type": "FeatureCollection", "features": wijk_features(boundaries.web_wijken_of(nis), properties)},
        name="Dekking per wijk",
        style_function=_coverage_style,
        highlight_function=lambda _feature: WIJK_HIGHLIGHT,
        tooltip=folium.GeoJsonTooltip(fields=["wijk_naam", "klasse", "gedekt", "status"],
                                      aliases=["Wijk", html.escape(metric_label), "Gedekt aandeel", "Status"],
                                      localize=False, sticky=True),
        zoom_on_click=False,
    ).add_to(fmap)
    if show_reach and reach is not None and len(reach):
        reach_layer(reach, "Bereik vertrouwde partners", TRUSTED_REACH_STYLE).add_to(fmap)
    located = [p for p in partners if p.has_location]
    if located and show_partners:
        partner_layer(located, categories, name="Partners").add_to(fmap)
    ClassLegend(metric_label, METRIC_CLASSES[metric]).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds(boundaries.bounds_of(nis))
    return fmap


def white_spot_map(boundaries: Boundaries, nis: str, coverage: pd.DataFrame, spots: pd.DataFrame,
                   advice: Sequence[Advice], partners: Sequence[Partner], categories: dict[str, Category],
                   settings: Settings, coverage_settings: CoverageSettings) -> folium.Map:
    """The white spots of a municipality and the prospects advised to cover them.

    Every wijk of ``nis`` is drawn; the white spots of ``spots`` (a
    :func:`geo.advice.white_spots` table) are outlined as on the Dekking map (thick dashed)
    and the weakly covered wijken with a thinner dotted line, so both read in black and
    white too. ``advice`` (:func:`geo.advice.advise`, best first) becomes numbered markers:
    number *n* is row *n* of the advice table. Each advised prospect's reach, as it would
    be once trusted (``coverage_settings``: radius per category, own radius or served
    area), is drawn as well. A prospect without a location gets its marker inside its
    reach. ``partners`` holds the advised prospects (matched on ``partner_id``);
    ``coverage`` (:func:`geo.coverage.wijk_coverage`) gives each wijk's covered share for
    the tooltips. With no advice (a share link), only the wijken are drawn.

    >>> fmap = white_spot_map(boundaries, "12025", coverage, white_spots(coverage, partners, boundaries, cs),
    ...                       advise(boundaries, "12025", partners, categories, cs), partners, categories,
    ...                       settings, cs)  # doctest: +SKIP
    """
    missing = [c for c in ("wijk_code", "soort") if c not in spots]
    if missing or "wijk_code" not in coverage or "gedekt_aandeel" not in coverage:
        raise ValueError(texts.KAART_VLEKKEN_TABELLEN)
    fmap = base_map(settings, boundaries.attribution)
    kinds = dict(zip(spots["wijk_code"], spots["soort"]))
    shares = dict(zip(coverage["wijk_code"], coverage["gedekt_aandeel"]))

    def properties(code: str) -> dict:
        kind = kinds.get(code, "")
        return {"vlek": kind, "soort": html.escape(kind or texts.KAART_VOLDOENDE_GEDEKT),
                "gedekt": _percent(shares.get(code))}

    folium.GeoJson(
        {"type": "FeatureCollection", "features": wijk_features(boundaries.web_wijken_of(nis), properties)},
        name=texts.KAART_LAAG_VLEKKEN,
        style_function=_spot_style,
        highlight_function=lambda _feature: WIJK_HIGHLIGHT,
        tooltip=folium.GeoJsonTooltip(fields=["wijk_naam", "soort", "gedekt"],
                                      aliases=[html.escape(texts.UI_KIES_WIJK), html.escape(texts.UI_KOLOM_SOORT_VLEK),
                                               html.escape(texts.UI_METRIEK_AANDEEL)],
                                      localize=False, sticky=True),
        zoom_on_click=False,
    ).add_to(fmap)
    ranked = _ranked_prospects(advice, partners)
    reach = _prospect_reach(ranked, boundaries, categories, coverage_settings)
    if len(reach):
        reach_layer(reach, texts.KAART_LAAG_BEREIK_KANDIDATEN, PROSPECT_REACH_STYLE).add_to(fmap)
    if ranked:
        RankedMarkers(ranked, reach, categories, name=texts.KAART_LAAG_KANDIDATEN).add_to(fmap)
    SpotLegend(with_prospects=bool(ranked)).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds(boundaries.bounds_of(nis))
    return fmap


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


def _percent(share) -> str:
    try:
        number = float(share)
    except (TypeError, ValueError):
        return "-"
    return "-" if number != number else f"{number * 100:.0f} %"


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
    fmap = base_map(settings, boundaries.attribution)
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
    """A map to pick a location by clicking: the municipality's wijken and the current point."""
    fmap = base_map(settings, boundaries.attribution)
    wijk_layer(boundaries.web_wijken_of(nis), name="Wijken", interactive=False).add_to(fmap)
    if point is not None:
        folium.CircleMarker(location=list(point), radius=MARKER_RADIUS + 2, color="#000000", weight=3,
                            fill=True, fill_color="#ffcc00", fill_opacity=0.9, tooltip="Gekozen locatie").add_to(fmap)
    fmap.fit_bounds(boundaries.bounds_of(nis))
    return fmap


def base_map(settings: Settings, attribution: Iterable[str], zoom: int = 13) -> folium.Map:
    """An empty map with local Leaflet, the configured tiles (or none) and data attribution."""
    fmap = folium.Map(location=FLANDERS_CENTER, zoom_start=zoom, tiles=None, control_scale=True,
                      prefer_canvas=False)
    fmap.options["max_zoom"] = 19  # without tiles Leaflet has no maximum zoom; clustering needs one
    fmap.default_js = [("leaflet", assets.LEAFLET_JS)]
    fmap.default_css = [("leaflet_css", assets.LEAFLET_CSS), ("partnerkaart_css", assets.MAP_CSS)]
    if settings.tiles_enabled:
        folium.TileLayer(tiles=settings.tegels, attr=settings.tegels_attributie, name="Achtergrondkaart",
                         overlay=False, control=False, max_zoom=19).add_to(fmap)
    Attribution([html.escape(text) for text in attribution]).add_to(fmap)
    return fmap


def wijk_layer(wijken: gpd.GeoDataFrame, name: str, with_gemeente: bool = False, interactive: bool = True,
               weight: float | None = None) -> folium.GeoJson:
    """One GeoJson layer for all wijken, with escaped name tooltips."""
    columns = ["wijk_code", "wijk_naam", "gemeente_nis", "gemeente_naam"]
    features = []
    for row, geometry in zip(wijken[columns].itertuples(index=False), wijken.geometry.values):
        properties = {
            "wijk_code": html.escape(str(row.wijk_code)),
            "wijk_naam": html.escape(str(row.wijk_naam)),
            "gemeente_nis": html.escape(str(row.gemeente_nis)),
            "gemeente_naam": html.escape(str(row.gemeente_naam)),
        }
        features.append({"type": "Feature", "properties": properties, "geometry": geometry.__geo_interface__})
    style = dict(WIJK_STYLE, **({"weight": weight} if weight else {}))
    fields, aliases = (["wijk_naam", "gemeente_naam"], ["Wijk", "Gemeente"]) if with_gemeente else (["wijk_naam"], ["Wijk"])
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=name,
        style_function=lambda _feature: style,
        highlight_function=(lambda _feature: WIJK_HIGHLIGHT) if interactive else None,
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, localize=False, sticky=True) if interactive else None,
        interactive=interactive,
        smooth_factor=1.0,
        zoom_on_click=False,
    )


def wijk_features(wijken: gpd.GeoDataFrame, properties: Callable[[str], dict]) -> list[dict]:
    """GeoJSON features of wijken (WGS84) with escaped ``wijk_code`` and ``wijk_naam``,
    plus ``properties(wijk_code)`` (whose texts the caller escapes)."""
    return [{"type": "Feature",
             "properties": {"wijk_code": html.escape(str(code)), "wijk_naam": html.escape(str(name)), **properties(code)},
             "geometry": geometry.__geo_interface__}
            for code, name, geometry in zip(wijken["wijk_code"], wijken["wijk_naam"], wijken.geometry.values)]


def reach_layer(areas: gpd.GeoDataFrame, name: str, style: dict) -> folium.GeoJson:
    """Reach areas (EPSG:31370) as one non-interactive layer.

    Simplified in metres (:data:`REACH_SIMPLIFY_M`) before they are projected to WGS84
    and rounded like the wijken, so the browser gets few, short coordinates.
    """
    if areas.crs is None or not areas.crs.equals(LAMBERT72):
        raise ValueError(texts.KAART_BEREIK_CRS.format(crs=areas.crs))
    shapes = [g for g in areas.geometry.values if g is not None and not g.is_empty]
    simplified = gpd.GeoSeries(shapely.simplify(shapes, REACH_SIMPLIFY_M), crs=LAMBERT72).to_crs(WGS84)
    rounded = shapely.set_precision(simplified.values, 10.0 ** -DETAIL_DECIMALS, mode="pointwise")
    features = [{"type": "Feature", "properties": {}, "geometry": g.__geo_interface__} for g in rounded if not g.is_empty]
    return folium.GeoJson({"type": "FeatureCollection", "features": features}, name=name, interactive=False,
                          style_function=lambda _feature: style)


def partner_layer(partners: Sequence[Partner], categories: dict[str, Category], name: str) -> folium.GeoJson:
    """One GeoJson layer of partner points: colour by category, fill by engagement."""
    features = [partner_feature(p, categories) for p in partners]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=name,
        marker=folium.CircleMarker(radius=MARKER_RADIUS, weight=2, fill=True),
        style_function=_partner_style,
        tooltip=folium.GeoJsonTooltip(fields=["naam"], labels=False, localize=False),
        popup=folium.GeoJsonPopup(fields=["naam", "categorie", "organisatie", "status", "adres", "wijk"],
                                  aliases=["Naam", "Soort", "Koepel", "Status", "Adres", "Wijk"], localize=False),
        zoom_on_click=False,
    )


def partner_feature(partner: Partner, categories: dict[str, Category]) -> dict:
    """A GeoJSON point with only public, HTML-escaped fields."""
    category = categories.get(partner.categorie)
    properties = {
        "id": partner.id,
        "naam": html.escape(partner.naam),
        "categorie": html.escape(category.label if category else partner.categorie),
        "organisatie": html.escape(partner.organisatie),
        "status": html.escape(partner.status),
        "adres": html.escape(partner.adres),
        "wijk": html.escape(partner.wijk_code),
        "kleur": category.kleur if category else "#777777",
        "demo": partner.demo,
    }
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "Point", "coordinates": [partner.lon, partner.lat]}}


def _partner_style(feature: dict) -> dict:
    properties = feature["properties"]
    opacity, border, dash = STATUS_STYLE.get(html.unescape(properties["status"]), (0.5, None, None))
    return {"color": border or properties["kleur"], "fillColor": properties["kleur"], "fillOpacity": opacity,
            "weight": 2, "dashArray": dash, "opacity": 1}


class LocalMarkerCluster(MarkerCluster):
    """folium's MarkerCluster with the plugin's files served by the app, not a CDN."""

    default_js = [("markerclusterjs", assets.MARKERCLUSTER_JS)]
    default_css = [("markerclustercss", assets.MARKERCLUSTER_CSS),
                   ("markerclusterdefaultcss", assets.MARKERCLUSTER_DEFAULT_CSS)]


class PartnerCluster(LocalMarkerCluster):
    """Many partners as clustered circle markers, sent as one compact array.

    One array plus a loop is far smaller than a folium object per marker. Tooltips are
    HTML in Leaflet, so names are escaped here.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.markerClusterGroup({{ this.options|tojavascript }});
            (function(cluster) {
                var points = {{ this.points|tojson }};
                for (var i = 0; i < points.length; i++) {
                    var p = points[i];
                    L.circleMarker([p[0], p[1]], {radius: 7, weight: 2, opacity: 1, color: p[2], fillColor: p[3],
                                                  fillOpacity: p[4], dashArray: p[5]})
                        .bindTooltip(p[6]).addTo(cluster);
                }
            })({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, partners: Sequence[Partner], categories: dict[str, Category], name: str):
        super().__init__(name=name, show=True)
        self.points = []
        for partner in partners:
            style = _partner_style(partner_feature(partner, categories))
            label = html.escape(f"{partner.naam} ({categories[partner.categorie].label if partner.categorie in categories else partner.categorie})")
            self.points.append([partner.lat, partner.lon, style["color"], style["fillColor"], style["fillOpacity"],
                                style["dashArray"], label])


class RankedMarkers(folium.FeatureGroup):
    """The advised prospects as numbered markers (a DivIcon with the rank), one layer.

    The points travel as one JSON array (never inside a JavaScript template literal, as
    folium's own tooltips do); their texts are HTML in Leaflet, so names are escaped here.
    A prospect without a location is placed inside its reach (``reach``, EPSG:31370,
    indexed by rank); one with neither is left out, the others keep their numbers.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup();
            (function(group) {
                var points = {{ this.points|tojson }};
                for (var i = 0; i < points.length; i++) {
                    var p = points[i];
                    L.marker([p[0], p[1]], {icon: L.divIcon({className: "pk-rank-icon", html: p[2],
                                                             iconSize: [24, 24], iconAnchor: [12, 12]}),
                                           zIndexOffset: 1000 - i, riseOnHover: true})
                        .bindTooltip(p[3]).bindPopup(p[4]).addTo(group);
                }
            })({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, ranked: Sequence[tuple[int, Partner]], reach: gpd.GeoDataFrame,
                 categories: dict[str, Category], name: str):
        super().__init__(name=name, show=True)
        inside = gpd.GeoSeries(reach.geometry.representative_point(), crs=reach.crs).to_crs(WGS84) if len(reach) \
            else gpd.GeoSeries([], crs=WGS84)
        self.points = []
        for rank, partner in ranked:
            if partner.has_location:
                lat, lon = float(partner.lat), float(partner.lon)
            elif rank in inside.index:
                lat, lon = float(inside[rank].y), float(inside[rank].x)
            else:
                continue
            label = html.escape(texts.KAART_KANDIDAAT.format(rang=rank, naam=partner.naam,
                                                              soort=category_label(partner.categorie, categories)))
            popup = f"<b>{label}</b><br>{html.escape(texts.UI_KOLOM_STATUS)}: {html.escape(partner.status)}"
            self.points.append([round(lat, 6), round(lon, 6), rank_icon(rank), label, popup])


def rank_icon(rank: int) -> str:
    """The HTML of a numbered marker (also drawn in the legend)."""
    return f'<span class="pk-rank" style="{RANK_STYLE}">{int(rank)}</span>'


class Attribution(MacroElement):
    """Adds the data sources (HTML, already escaped) to the map's attribution control."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {% for text in this.texts %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ text|tojson }});
        {% endfor %}
        {% endmacro %}
    """)

    def __init__(self, texts: list[str]):
        super().__init__()
        self._name = "Attribution"
        self.texts = texts


class Legend(MacroElement):
    """A legend of the categories on the map and of the fill used for engagement."""

    _template = Template("""
        {% macro html(this, kwargs) %}{% endmacro %}
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "partnerkaart-legend");
                div.innerHTML = {{ this.markup|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, categories: dict[str, Category], present: Iterable[str], open_: bool = True):
        super().__init__()
        self._name = "Legend"
        self.markup = legend_html(categories, set(present), open_)


class ClassLegend(Legend):
    """The classed legend of a choropleth, with the white-spot outline explained."""

    def __init__(self, title: str, classes):
        MacroElement.__init__(self)
        self._name = "ClassLegend"
        rows = "".join(f'<div class="pk-row"><span class="pk-box" style="background:{colour}"></span>{html.escape(label)}</div>'
                       for _, colour, label in classes)
        self.markup = f'<div class="pk-title">{html.escape(title)}</div>{rows}{_legend_row(texts.ADVIES_WITTE_VLEK)}'


class SpotLegend(Legend):
    """The legend of the white-spot map: both outlines and, with advice, the numbered
    markers and their reach."""

    def __init__(self, with_prospects: bool = True):
        MacroElement.__init__(self)
        self._name = "SpotLegend"
        rows = [_legend_row(texts.ADVIES_WITTE_VLEK), _legend_row(texts.ADVIES_ZWAK_GEDEKT)]
        if with_prospects:
            rows += [_legend_row(texts.KAART_LEGENDE_KANDIDAAT, rank_icon(1)),
                     _legend_row(texts.KAART_LEGENDE_BEREIK, LEGEND_SYMBOLS["bereik"])]
        self.markup = (f'<details open><summary>{html.escape(texts.KAART_LEGENDE)}</summary>'
                       f'<div class="pk-title">{html.escape(texts.UI_WITTE_VLEKKEN)}</div>{"".join(rows)}</details>')


def _legend_row(label: str, symbol: str | None = None) -> str:
    """One legend row: a symbol (by default that of ``label``) and the escaped label."""
    return f'<div class="pk-row">{LEGEND_SYMBOLS[label] if symbol is None else symbol}{html.escape(label)}</div>'


def legend_html(categories: dict[str, Category], present: set[str], open_: bool = True) -> str:
    """Legend markup: every category (those without partners here dimmed) and the statuses."""
    rows = []
    for category in categories.values():
        style = "" if category.code in present else ' style="opacity:0.45"'
        rows.append(f'<div class="pk-row"{style}><span class="pk-dot" style="background:{html.escape(category.kleur)}">'
                    f'</span>{html.escape(category.label)}</div>')
    statuses = []
    for status, (opacity, border, dash) in STATUS_STYLE.items():
        border_css = f"border:2px {'dashed' if dash else 'solid'} {border or '#333333'}"
        statuses.append(f'<div class="pk-row"><span class="pk-dot" style="background:rgba(51,51,51,{opacity});{border_css}">'
                        f'</span>{html.escape(status)}{" (vertrouwd)" if status in TRUSTED_STATUSES else ""}</div>')
    return (f'<details{" open" if open_ else ""}><summary>Legende</summary>'
            f'<div class="pk-title">Soort partner</div>{"".join(rows)}'
            f'<div class="pk-title">Betrokkenheid</div>{"".join(statuses)}</details>')


def html_bytes(fmap: folium.Map) -> int:
    """Bytes of the map's HTML as it goes to the browser."""
    return len(fmap.get_root().render().encode("utf-8"))
