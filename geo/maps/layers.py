"""The layers every map is made of: the base map with local Leaflet and attribution, wijken,
partners (one layer or clustered), reach areas and numbered markers.

Every text that came from a user or a file is HTML-escaped here before it reaches the
browser (tooltips and popups are HTML there).
"""

from __future__ import annotations

import html
import re
from typing import Callable, Iterable, Mapping, Sequence

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
from geo.maps.compact_geometry import CompactGeoJson
from geo.partners import Partner

_ZOOM_LOCK = re.compile(r"<meta name=\"viewport\"[^>]*>", re.S)  # folium's, with user-scalable=no
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


class AccessibleMap(folium.Map):
    """folium's Map without the page header that forbids zooming (``maximum-scale=1.0,
    user-scalable=no``, WCAG 1.4.4): the viewport of the page around it applies instead."""

    _template = Template("""
        {% macro header(this, kwargs) %}{{ this.header_without_zoom_lock(kwargs) }}{% endmacro %}
        {% macro html(this, kwargs) %}{{ this.folium_macro("html", kwargs) }}{% endmacro %}
        {% macro script(this, kwargs) %}{{ this.folium_macro("script", kwargs) }}{% endmacro %}
    """)

    def folium_macro(self, name: str, kwargs) -> str:
        return getattr(folium.Map._template.module, name)(self, kwargs)

    def header_without_zoom_lock(self, kwargs) -> str:
        return _ZOOM_LOCK.sub("", self.folium_macro("header", kwargs))


class MapDocument(MacroElement):
    """The map's document in Dutch, with a title; its frame in the page gets the same title.

    Streamlit's component frame is on the app's own origin, so the script may name it for
    screen readers (``streamlit_folium.st_folium`` otherwise). Leaflet's keyboard support
    stays on: Tab reaches the map, the arrow keys pan and ``+``/``-`` zoom. On a phone or
    tablet one finger scrolls the page and two move the map, as a hint on the map says.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        document.documentElement.lang = "nl";
        document.title = {{ this.title|tojson }};
        {{ this._parent.get_name() }}.getContainer().setAttribute("aria-label", {{ this.title|tojson }});
        try { if (window.frameElement) { window.frameElement.title = {{ this.title|tojson }}; } } catch (e) {}
        if (L.Browser.mobile && L.Browser.touch) {
            // One finger scrolls the page, two fingers move and zoom the map: the map never traps the page.
            {{ this._parent.get_name() }}.dragging.disable();
            var hint = L.control({position: "bottomleft"});
            hint.onAdd = function() {
                var div = L.DomUtil.create("div", "partnerkaart-hint");
                div.textContent = {{ this.touch_hint|tojson }};
                return div;
            };
            hint.addTo({{ this._parent.get_name() }});
        }
        {% endmacro %}
    """)

    def __init__(self, title: str):
        super().__init__()
        self._name = "MapDocument"
        self.title = title
        self.touch_hint = texts.KAART_TWEE_VINGERS


class LocateButton(MacroElement):
    """A button on a picking map: "Gebruik mijn locatie" (a partner met at a market stand).

    The browser asks for the device's location only on that click, and only in a secure
    context (https, or localhost); otherwise the button says in Dutch why it cannot. A
    location found counts as a click on the map at that spot, so the page receives it
    the way it receives a click.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(map) {
            var texts = {{ this.texts|tojson }};
            var control = L.control({position: "topright"});
            control.onAdd = function() {
                var div = L.DomUtil.create("div", "partnerkaart-locate leaflet-bar");
                var button = L.DomUtil.create("button", "", div);
                button.type = "button";
                button.textContent = texts.knop;
                var status = L.DomUtil.create("div", "partnerkaart-locate-status", div);
                status.setAttribute("role", "status");
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.on(button, "click", function() {
                    if (!window.isSecureContext || !navigator.geolocation) { status.textContent = texts.onveilig; return; }
                    status.textContent = texts.bezig;
                    map.locate({setView: true, maxZoom: 17, enableHighAccuracy: true, timeout: 15000});
                });
                map.on("locationfound", function(e) {
                    status.textContent = texts.gevonden;
                    map.fire("click", {latlng: e.latlng, layerPoint: map.latLngToLayerPoint(e.latlng),
                                       containerPoint: map.latLngToContainerPoint(e.latlng)});
                });
                map.on("locationerror", function(e) { status.textContent = texts.fout; });
                return div;
            };
            control.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "LocateButton"
        self.texts = {"knop": texts.KAART_MIJN_LOCATIE, "onveilig": texts.KAART_LOCATIE_ONVEILIG,
                      "bezig": texts.KAART_LOCATIE_BEZIG, "gevonden": texts.KAART_LOCATIE_GEVONDEN,
                      "fout": texts.KAART_LOCATIE_FOUT}


def base_map(settings: Settings, attribution: Iterable[str], zoom: int = 13, title: str = texts.KAART_TITEL) -> folium.Map:
    """An empty map with local Leaflet, the configured tiles (or none), data attribution and a
    Dutch ``title`` for its document and frame."""
    fmap = AccessibleMap(location=FLANDERS_CENTER, zoom_start=zoom, tiles=None, control_scale=True,
                         prefer_canvas=False)
    fmap.options["max_zoom"] = 19  # without tiles Leaflet has no maximum zoom; clustering needs one
    fmap.default_js = [("leaflet", assets.LEAFLET_JS), ("partnerkaart_js", assets.MAP_JS)]
    fmap.default_css = [("leaflet_css", assets.LEAFLET_CSS), ("partnerkaart_css", assets.MAP_CSS)]
    if settings.tiles_enabled:
        folium.TileLayer(tiles=settings.tegels, attr=settings.tegels_attributie, name="Achtergrondkaart",
                         overlay=False, control=False, max_zoom=19).add_to(fmap)
    Attribution([html.escape(text) for text in attribution]).add_to(fmap)
    MapDocument(title).add_to(fmap)
    return fmap


def wijk_layer(wijken: gpd.GeoDataFrame, name: str, with_gemeente: bool = False, interactive: bool = True,
               weight: float | None = None, figures: Mapping[str, tuple[int, float | None]] | None = None,
               decimals: int = DETAIL_DECIMALS) -> folium.GeoJson:
    """One GeoJson layer for all wijken, with escaped name tooltips; ``with_gemeente`` adds each wijk's
    municipality (code and name), ``figures`` the number of partners and the covered share (None: not
    known) of each wijk, by wijk code. The geometry goes out compact, on the grid of ``decimals``."""
    columns = ["wijk_code", "wijk_naam", "gemeente_nis", "gemeente_naam"]
    features = []
    for row, geometry in zip(wijken[columns].itertuples(index=False), wijken.geometry.values):
        properties = {"wijk_code": html.escape(str(row.wijk_code)), "wijk_naam": html.escape(str(row.wijk_naam))}
        if with_gemeente:
            properties.update(gemeente_nis=html.escape(str(row.gemeente_nis)),
                              gemeente_naam=html.escape(str(row.gemeente_naam)))
        if figures is not None:
            count, share = figures.get(row.wijk_code, (0, None))
            properties.update(partners=int(count), gedekt=percent(share))
        features.append({"type": "Feature", "properties": properties, "geometry": geometry.__geo_interface__})
    style = dict(WIJK_STYLE, **({"weight": weight} if weight else {}))
    fields, aliases = ["wijk_naam"], ["Wijk"]
    if with_gemeente:
        fields, aliases = fields + ["gemeente_naam"], aliases + ["Gemeente"]
    if figures is not None:
        fields, aliases = fields + ["partners", "gedekt"], aliases + ["Partners", "Gedekt aandeel"]
    return CompactGeoJson(
        {"type": "FeatureCollection", "features": features},
        decimals,
        name=name,
        style_function=lambda _feature: style,
        highlight_function=(lambda _feature: WIJK_HIGHLIGHT) if interactive else None,
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, localize=False, sticky=True) if interactive else None,
        interactive=interactive,
        smooth_factor=1.0,
        zoom_on_click=False,
    )


def percent(share) -> str:
    """A covered share for a tooltip: ``58 %``, or ``-`` when unknown."""
    try:
        number = float(share)
    except (TypeError, ValueError):
        return "-"
    return "-" if number != number else f"{number * 100:.0f} %"


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


def partner_layer(partners: Sequence[Partner], categories: dict[str, Category], name: str) -> "PartnerMarkers":
    """One layer of partner markers: colour and symbol by kind, fill by engagement."""
    return PartnerMarkers(partners, categories, name)


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
        "symbool": html.escape(category.symbool if category else "?"),
        "demo": partner.demo,
    }
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "Point", "coordinates": [partner.lon, partner.lat]}}


def partner_icon(colour: str, symbol: str, status: str) -> str:
    """The HTML of a partner marker: a circle in the kind's colour, filled by engagement, with the
    kind's symbol in a colour that stays readable on that fill (also used in the legend)."""
    opacity, border, dash = STATUS_STYLE.get(status, (0.5, None, None))
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    fill = [channel * opacity + 242 * (1 - opacity) for channel in (red, green, blue)]  # over the wijk fill
    ink = "#ffffff" if luminance(fill) < 0.33 else "#000000"
    return (f'<span class="pk-partner" style="background:rgba({red},{green},{blue},{opacity});'
            f'border:2px {"dashed" if dash else "solid"} {border or colour};color:{ink}">{symbol}</span>')


def luminance(rgb) -> float:
    """Relative luminance (WCAG) of an sRGB colour given as 0..255 channels."""
    linear = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _partner_points(partners: Sequence[Partner], categories: dict[str, Category]) -> list[list]:
    """``[lat, lon, icon, tooltip, popup]`` per partner, every text escaped (HTML in Leaflet)."""
    points = []
    for partner in partners:
        feature = partner_feature(partner, categories)["properties"]
        icon = partner_icon(feature["kleur"], feature["symbool"], partner.status)
        rows = "".join(f"<tr><th>{label}</th><td>{feature[field]}</td></tr>" for field, label in _POPUP_FIELDS
                       if feature[field])
        points.append([partner.lat, partner.lon, icon, f"{feature['naam']} ({feature['categorie']})",
                       f"<table>{rows}</table>"])
    return points


_POPUP_FIELDS = (("naam", "Naam"), ("categorie", "Soort"), ("organisatie", "Koepel"), ("status", "Status"),
                 ("adres", "Adres"), ("wijk", "Wijk"))
def add_markers_script(icon_class: str) -> str:
    """Leaflet code that adds a ``[lat, lon, icon HTML, tooltip, popup]`` array (``this.points``) as divIcon
    markers of class ``icon_class`` to the group; Tab reaches each marker, Enter opens its popup."""
    return """
    (function(group) {
        var points = {{ this.points|tojson }};
        for (var i = 0; i < points.length; i++) {
            var p = points[i];
            L.marker([p[0], p[1]], {icon: L.divIcon({className: "%s", html: p[2], iconSize: [20, 20],
                                                     iconAnchor: [10, 10]}), alt: p[3]})
                .bindTooltip(p[3]).bindPopup(p[4]).addTo(group);
        }
    })({{ this.get_name() }});
""" % icon_class


_ADD_PARTNERS = add_markers_script("pk-partner-icon")


class PartnerMarkers(folium.FeatureGroup):
    """Partners as symbol markers, sent as one compact array (a folium object per marker is far larger)."""

    _template = Template("{% macro script(this, kwargs) %}var {{ this.get_name() }} = L.featureGroup();"
                         + _ADD_PARTNERS + "{% endmacro %}")

    def __init__(self, partners: Sequence[Partner], categories: dict[str, Category], name: str):
        super().__init__(name=name, show=True)
        self.points = _partner_points(partners, categories)


class LocalMarkerCluster(MarkerCluster):
    """folium's MarkerCluster with the plugin's files served by the app, not a CDN."""

    default_js = [("markerclusterjs", assets.MARKERCLUSTER_JS)]
    default_css = [("markerclustercss", assets.MARKERCLUSTER_CSS),
                   ("markerclusterdefaultcss", assets.MARKERCLUSTER_DEFAULT_CSS)]


class PartnerCluster(LocalMarkerCluster):
    """Many partners as clustered symbol markers, sent as one compact array."""

    _template = Template("{% macro script(this, kwargs) %}"
                         "var {{ this.get_name() }} = L.markerClusterGroup({{ this.options|tojavascript }});"
                         + _ADD_PARTNERS + "{% endmacro %}")

    def __init__(self, partners: Sequence[Partner], categories: dict[str, Category], name: str):
        super().__init__(name=name, show=True)
        self.points = _partner_points(partners, categories)


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
