"""geo/maps/compact_geometry.py: polygons as whole-number steps on their grid, everything else as it was.

The browser's decoder (geo/web/partnerkaart.js) is checked against the same data in Chromium
(tests/browser/test_map.py); here the steps themselves are checked by summing them back.
"""

from __future__ import annotations

import folium

from geo.maps.compact_geometry import SCALE_KEY, STEPS_KEY, CompactGeoJson, compact_collection

SQUARE_WITH_HOLE = [[[4.47001, 51.02001], [4.49, 51.02001], [4.49, 51.04], [4.47001, 51.04], [4.47001, 51.02001]],
                    [[4.475, 51.025], [4.48, 51.025], [4.48, 51.03], [4.475, 51.025]]]
COLLECTION = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "id": "a", "properties": {"wijk_code": "12025A00-"},
     "geometry": {"type": "Polygon", "coordinates": SQUARE_WITH_HOLE}},
    {"type": "Feature", "properties": {"wijk_code": "12025B"},
     "geometry": {"type": "MultiPolygon", "coordinates": [SQUARE_WITH_HOLE, [[[4.5, 51.0], [4.51, 51.0], [4.5, 51.01],
                                                                           [4.5, 51.0]]]]}},
    {"type": "Feature", "properties": {"naam": "station"}, "geometry": {"type": "Point", "coordinates": [4.48, 51.03]}},
]}


def summed(steps: list[int], scale: int) -> list[list[float]]:
    points, x, y = [], 0, 0
    for dx, dy in zip(steps[::2], steps[1::2]):
        x, y = x + dx, y + dy
        points.append([x / scale, y / scale])
    return points


def test_polygons_become_steps_that_sum_back_to_the_coordinates():
    compact = compact_collection(COLLECTION, 5)
    assert compact[SCALE_KEY] == 100_000
    polygon, multi, point = compact["features"]
    assert polygon["geometry"]["type"] == "Polygon" and "coordinates" not in polygon["geometry"]
    assert polygon["geometry"][STEPS_KEY][0][:4] == [447001, 5102001, 1999, 0]  # first point, then a step
    assert [summed(r, 100_000) for r in polygon["geometry"][STEPS_KEY]] == SQUARE_WITH_HOLE
    assert [[summed(r, 100_000) for r in p] for p in multi["geometry"][STEPS_KEY]] == \
        COLLECTION["features"][1]["geometry"]["coordinates"]
    assert point == COLLECTION["features"][2]  # not a polygon: unchanged
    assert polygon["id"] == "a" and polygon["properties"] == {"wijk_code": "12025A00-"}


def test_the_layer_sends_steps_and_keeps_plain_geojson_in_python():
    fmap = folium.Map(tiles=None)
    layer = CompactGeoJson(COLLECTION, 5, name="Wijken", style_function=lambda feature: {"color": "#444444"})
    layer.add_to(fmap)
    page = fmap.get_root().render()
    assert '"stappen":[[447001,5102001,1999,0' in page
    assert "51.02001" not in page
    assert layer.data == COLLECTION
    assert layer.get_bounds() == [[51.0, 4.47001], [51.04, 4.51]]
