"""Wijk geometry for the browser as whole numbers on its grid, each point a step from the one before.

The browser geometry already lies on a grid of 10^-decimals degrees (:func:`geo.boundaries.web_geometry`).
A ring is sent as ``[x0, y0, dx1, dy1, …]`` in units of that grid, as TopoJSON quantises its arcs:
steps between neighbouring points have two or three digits where a coordinate has seven or eight,
so a municipality's map is about 40 % smaller. ``geo/web/partnerkaart.js`` (loaded after Leaflet by
every map) turns the numbers back into GeoJSON coordinates when Leaflet reads the layer.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import folium

SCALE_KEY = "schaal"
STEPS_KEY = "stappen"


def compact_collection(collection: dict, decimals: int) -> dict:
    """``collection`` with every Polygon and MultiPolygon as steps on the grid of ``decimals``
    (other geometry, properties and ids unchanged)."""
    scale = 10 ** decimals
    return {"type": "FeatureCollection", SCALE_KEY: scale,
            "features": [{**feature, "geometry": _compact(feature.get("geometry"), scale)}
                         for feature in collection["features"]]}


def _compact(geometry: dict | None, scale: int) -> Any:
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return geometry
    if geometry["type"] == "Polygon":
        steps = [_ring(ring, scale) for ring in geometry["coordinates"]]
    else:
        steps = [[_ring(ring, scale) for ring in polygon] for polygon in geometry["coordinates"]]
    return {"type": geometry["type"], STEPS_KEY: steps}


def _ring(ring, scale: int) -> list[int]:
    steps: list[int] = []
    previous_x = previous_y = 0
    for x, y, *_ in ring:
        grid_x, grid_y = round(x * scale), round(y * scale)
        steps += [grid_x - previous_x, grid_y - previous_y]
        previous_x, previous_y = grid_x, grid_y
    return steps


class CompactGeoJson(folium.GeoJson):
    """folium's GeoJson layer, its polygons sent as grid steps; in Python the data stays plain GeoJSON
    (styles, tooltips and bounds work on it as usual)."""

    def __init__(self, data: dict, decimals: int, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.decimals = decimals

    @cached_property
    def compact_data(self) -> dict:
        """The data as sent: made once, though a map is rendered more than once (``st_folium`` renders twice)."""
        return compact_collection(self.data, self.decimals)

    def render(self, **kwargs) -> None:
        plain = self.data
        self.data = self.compact_data
        try:
            super().render(**kwargs)
        finally:
            self.data = plain
