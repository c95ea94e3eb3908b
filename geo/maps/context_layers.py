"""Context layers on a map: shared cars, stations, mobipunten, chargers beside the partners.

Each layer becomes one toggleable group: its points as square symbol markers in the layer's
colour with its symbol (a partner is a circle, so shape and symbol tell them apart without
colour), clustered when there are many, and its zones or lines as outlines. Every text came
from a file or a feed: it is escaped here. The legend gets a row per layer, and the map's
attribution each layer's source.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import folium
from folium.template import Template

from geo import texts
from geo.context.records import ContextLayer, ContextObject
from geo.maps.layers import LocalMarkerCluster, luminance

CLUSTER_FROM = 200        # more objects than this in one layer: clustered
MARGIN_DEGREES = 0.03     # objects this far outside a municipality still show (about 2-3 km)
_KIND_SYMBOLS = {"deelauto": "A", "station": "S", "mobipunt": "M", "laadpunt": "L", "halte": "H", "deelfiets": "F",
                 "ander": "•"}
_ADD_OBJECTS = """
    (function(group) {
        var points = {{ this.points|tojson }};
        for (var i = 0; i < points.length; i++) {
            var p = points[i];
            L.marker([p[0], p[1]], {icon: L.divIcon({className: "pk-context-icon", html: {{ this.icon|tojson }},
                                                     iconSize: [18, 18], iconAnchor: [9, 9]}), alt: p[2]})
                .bindTooltip(p[2]).bindPopup(p[3]).addTo(group);
        }
    })({{ this.get_name() }});
"""


@dataclass(frozen=True)
class MapContext:
    """The context layers a map shows and their objects (already filtered for who looks)."""

    layers: tuple[ContextLayer, ...] = ()
    objects: tuple[ContextObject, ...] = field(default=(), repr=False)

    def attribution(self) -> list[str]:
        """Each shown layer's source, once (plain text; the map escapes it)."""
        shown = {o.laag_id for o in self.objects}
        sources = [texts.LAAG_BRON.format(naam=layer.naam, bron=layer.bronvermelding or layer.url or layer.bestand)
                   for layer in self.layers if layer.id in shown]
        return list(dict.fromkeys(sources))

    def within(self, bounds: Sequence[Sequence[float]], margin: float = MARGIN_DEGREES) -> "MapContext":
        """Only the objects inside ``[[south, west], [north, east]]`` plus ``margin`` degrees."""
        (south, west), (north, east) = bounds
        inside = tuple(o for o in self.objects if south - margin <= o.lat <= north + margin
                       and west - margin <= o.lon <= east + margin)
        return MapContext(self.layers, inside)


def layer_symbol(layer: ContextLayer) -> str:
    """The layer's own symbol, or its kind's."""
    return (layer.symbool or _KIND_SYMBOLS.get(layer.soort, "•"))[:2]


def context_icon(layer: ContextLayer) -> str:
    """The HTML of a context marker: a square in the layer's colour with its symbol (also in the legend)."""
    colour = layer.kleur if _is_colour(layer.kleur) else "#777777"
    ink = "#ffffff" if luminance([int(colour[i:i + 2], 16) for i in (1, 3, 5)]) < 0.33 else "#000000"
    return (f'<span class="pk-context" style="background:{colour};color:{ink}">'
            f'{html.escape(layer_symbol(layer))}</span>')


def add_context(fmap: folium.Map, context: MapContext | None) -> None:
    """Add one toggleable group per layer with objects (points, and zones or lines)."""
    if context is None:
        return
    by_layer: dict[int, list[ContextObject]] = {}
    for item in context.objects:
        by_layer.setdefault(item.laag_id, []).append(item)
    for layer in context.layers:
        objects = by_layer.get(layer.id, [])
        if not objects:
            continue
        name = texts.LAAG_OP_KAART.format(naam=layer.naam, aantal=len(objects))
        points = [o for o in objects if not o.geometrie]
        shapes = [o for o in objects if o.geometrie]
        group = (ContextCluster if len(points) > CLUSTER_FROM else ContextMarkers)(layer, points, html.escape(name))
        if shapes:
            _shape_layer(layer, shapes).add_to(group)
        group.add_to(fmap)


def legend_rows(context: MapContext | None) -> str:
    """Legend rows: each layer's symbol and name (escaped)."""
    if context is None or not context.layers:
        return ""
    shown = {o.laag_id for o in context.objects}
    dimmed = ' style="opacity:0.45"'  # a layer without objects on this map
    rows = [f'<div class="pk-row"{"" if layer.id in shown else dimmed}>{context_icon(layer)}'
            f'{html.escape(layer.naam)} ({html.escape(texts.LAAG_SOORTEN.get(layer.soort, layer.soort))})</div>'
            for layer in context.layers]
    return f'<div class="pk-title">{html.escape(texts.KAART_LEGENDE_CONTEXT)}</div>{"".join(rows)}'


class ContextMarkers(folium.FeatureGroup):
    """The points of one context layer as symbol markers, sent as one compact array."""

    _template = Template("{% macro script(this, kwargs) %}var {{ this.get_name() }} = L.featureGroup();"
                         + _ADD_OBJECTS + "{% endmacro %}")

    def __init__(self, layer: ContextLayer, objects: Sequence[ContextObject], name: str):
        super().__init__(name=name, show=True)
        self.icon = context_icon(layer)
        self.points = _points(layer, objects)


class ContextCluster(LocalMarkerCluster):
    """Many points of one context layer, clustered."""

    _template = Template("{% macro script(this, kwargs) %}"
                         "var {{ this.get_name() }} = L.markerClusterGroup({{ this.options|tojavascript }});"
                         + _ADD_OBJECTS + "{% endmacro %}")

    def __init__(self, layer: ContextLayer, objects: Sequence[ContextObject], name: str):
        super().__init__(name=name, show=True)
        self.icon = context_icon(layer)
        self.points = _points(layer, objects)


def _points(layer: ContextLayer, objects: Iterable[ContextObject]) -> list[list]:
    """``[lat, lon, tooltip, popup]`` per object, every text escaped (HTML in Leaflet)."""
    kind = texts.LAAG_SOORTEN.get(layer.soort, layer.soort)
    points = []
    for item in objects:
        name = html.escape(item.naam or kind)
        detail = f" · {html.escape(item.detail)}" if item.detail else ""
        popup = (f"<b>{name}</b><br>{html.escape(layer.naam)} ({html.escape(kind)}){detail}"
                 f"<br><small>{html.escape(texts.LAAG_BRON_KORT.format(bron=layer.bronvermelding or layer.naam))}</small>")
        points.append([round(item.lat, 6), round(item.lon, 6), f"{name} ({html.escape(layer.naam)})", popup])
    return points


def _shape_layer(layer: ContextLayer, shapes: Sequence[ContextObject]) -> folium.GeoJson:
    """Zones and lines of a layer as outlines in its colour, with an escaped tooltip."""
    colour = layer.kleur if _is_colour(layer.kleur) else "#777777"
    features = []
    for item in shapes:
        try:
            geometry = json.loads(item.geometrie)
        except ValueError:
            continue
        features.append({"type": "Feature", "geometry": geometry,
                         "properties": {"naam": html.escape(item.naam), "laag": html.escape(layer.naam)}})
    style = {"color": colour, "weight": 2, "fillColor": colour, "fillOpacity": 0.1, "dashArray": "4 3"}
    return folium.GeoJson({"type": "FeatureCollection", "features": features}, name=html.escape(layer.naam),
                          style_function=lambda _feature: style,
                          tooltip=folium.GeoJsonTooltip(fields=["naam", "laag"], aliases=["Naam", "Laag"],
                                                        localize=False, sticky=True))


def _is_colour(value: str) -> bool:
    return len(value) == 7 and value.startswith("#") and all(c in "0123456789abcdefABCDEF" for c in value[1:])
