"""The layers every map is made of: the base map with local Leaflet and attribution, wijken,
partners (one layer or clustered), reach areas and numbered markers.

Every text that came from a user or a file is HTML-escaped here before it reaches the
browser (tooltips and popups are HTML there).
"""

from __future__ import annotations

import html
from typing import Callable, Iterable, Sequence

import folium
import geopandas as gpd
import shapely
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template

from geo import assets, texts
from geo.boundaries import DETAIL_DECIMALS, LAMBERT72, WGS84
from geo.categories import Category, category_label
from geo.config import Settings
from geo.partners import Partner

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
TRUSTED_REACH_STYLE = {"color": "#117733", "weight": 1, "fillColor": "#117733", "fillOpacity": 0.12}
PROSPECT_REACH_STYLE = {"color": "#332288", "weight": 1.5, "fillColor": "#332288", "fillOpacity": 0.08}
REACH_SIMPLIFY_M = 5.0
# A numbered prospect: black on white, readable in print; the number is the advice table's "#".
RANK_STYLE = ("display:block;box-sizing:border-box;width:24px;height:24px;border-radius:50%;background:#ffffff;"
              "border:2.5px solid #000000;color:#000000;font:bold 13px/19px sans-serif;text-align:center;"
              "box-shadow:0 1px 3px rgba(0,0,0,0.5)")


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


def html_bytes(fmap: folium.Map) -> int:
    """Bytes of the map's HTML as it goes to the browser."""
    return len(fmap.get_root().render().encode("utf-8"))
