"""Tests for geo.maps.context_layers: context layers on the maps, escaped, near the municipality, in the legend."""

from __future__ import annotations

import json

from geo.config import load_settings
from geo.context.records import ContextLayer, ContextObject
from geo.maps import coverage_map, flanders_map, municipality_map, white_spot_map
from geo.maps.context_layers import CLUSTER_FROM, MapContext, add_context, context_icon, legend_rows
from geo.maps.layers import base_map

EVIL = '<img src=x onerror="alert(1)">'
CARS = ContextLayer(naam=f"Cambio {EVIL}", soort="deelauto", kleur="#AA3377", id=1, bronvermelding=f"Cambio {EVIL}")
STATIONS = ContextLayer(naam="NMBS", soort="station", kleur="#4477AA", symbool="T", id=2, bronvermelding="iRail")
ZONES = ContextLayer(naam="Zones", soort="ander", kleur="#228833", id=3)
MECHELEN_CAR = ContextObject(1, f"Station {EVIL}", 4.4827, 51.0175, detail="car")
GENT_CAR = ContextObject(1, "Gent-Sint-Pieters", 3.7108, 51.0359)
STATION = ContextObject(2, "Mechelen", 4.4825, 51.0174)
ZONE = ContextObject(3, "Zone centrum", 4.48, 51.03, geometrie=json.dumps(
    {"type": "Polygon", "coordinates": [[[4.47, 51.02], [4.49, 51.02], [4.49, 51.04], [4.47, 51.02]]]}))
CONTEXT = MapContext((CARS, STATIONS, ZONES), (MECHELEN_CAR, GENT_CAR, STATION, ZONE))
SETTINGS = load_settings({"PARTNERKAART_TEGELS": "none"})


def html_of(fmap) -> str:
    return fmap.get_root().render()


def test_every_text_from_a_layer_is_escaped_on_the_map_and_in_the_legend():
    page = html_of(_map_with(CONTEXT))
    assert "<img" not in page and "onerror=\\\"alert" not in page
    assert "Station \\u0026lt;img src=x onerror=\\u0026quot;alert(1)\\u0026quot;\\u0026gt;" in page
    assert "&lt;img" in legend_rows(CONTEXT) and "<img" not in legend_rows(CONTEXT)


def test_only_objects_near_the_municipality_are_drawn_and_attributed(boundaries):
    page = html_of(municipality_map(boundaries, "12025", [], {}, SETTINGS, context=CONTEXT))
    assert "Gent-Sint-Pieters" not in page  # 60 km away
    assert page.count("Station \\u0026lt;img") == 2  # tooltip and popup of the Mechelen car
    assert "iRail" in page and "NMBS: iRail" in page  # the attribution of each shown layer
    assert "Contextlagen" in page


def test_a_layer_without_objects_here_is_dimmed_in_the_legend_and_not_attributed():
    only_gent = MapContext((CARS, STATIONS), (GENT_CAR,))
    rows = legend_rows(only_gent.within([[51.0, 4.4], [51.1, 4.6]]))
    assert rows.count('style="opacity:0.45"') == 2
    assert only_gent.within([[51.0, 4.4], [51.1, 4.6]]).attribution() == []


def test_each_layer_is_its_own_toggle_and_many_points_are_clustered():
    many = MapContext((CARS, STATIONS), tuple(ContextObject(1, f"Auto {i}", 4.40 + i * 1e-4, 51.02)
                                              for i in range(CLUSTER_FROM + 1)) + (STATION,))
    fmap = _map_with(many)
    groups = {child.layer_name: child._name for child in fmap._children.values() if hasattr(child, "layer_name")}
    assert groups == {f"Cambio &lt;img src=x onerror=&quot;alert(1)&quot;&gt; ({CLUSTER_FROM + 1})": "MarkerCluster",
                      "NMBS (1)": "FeatureGroup"}


def test_a_zone_is_drawn_as_an_outline_in_its_layers_colour():
    page = html_of(_map_with(MapContext((ZONES,), (ZONE,))))
    assert "Zone centrum" in page and "#228833" in page and "4 3" in page


def test_the_marker_is_a_square_with_the_symbol_readable_on_its_colour():
    assert 'class="pk-context"' in context_icon(STATIONS) and ">T</span>" in context_icon(STATIONS)
    assert "color:#ffffff" in context_icon(ContextLayer(naam="x", soort="ander", kleur="#222255"))
    assert "color:#000000" in context_icon(ContextLayer(naam="x", soort="ander", kleur="#FFEE88"))
    assert ">A</span>" in context_icon(CARS)  # no symbol of its own: the kind's


def test_every_map_of_a_municipality_takes_the_layers(boundaries):
    from geo.advice import white_spots
    from geo.categories import load_categories
    from geo.coverage import wijk_coverage
    from geo.reach import CoverageSettings

    settings, categories = CoverageSettings(), load_categories()
    coverage = wijk_coverage(boundaries, "12025", [], categories, settings)
    spots = white_spots(coverage, [], boundaries, settings)
    for fmap in (coverage_map(boundaries, "12025", coverage, "gedekt_aandeel", None, [], categories, SETTINGS,
                              "Gedekt", context=CONTEXT),
                 white_spot_map(boundaries, "12025", coverage, spots, [], [], categories, SETTINGS, settings,
                                context=CONTEXT),
                 flanders_map(boundaries, [], {}, SETTINGS, context=CONTEXT)):
        page = html_of(fmap)
        assert "pk-context" in page and "Contextlagen" in page


def _map_with(context: MapContext):
    fmap = base_map(SETTINGS, [])
    add_context(fmap, context)
    return fmap
