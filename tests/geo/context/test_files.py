"""Tests for geo.context.files: layer files as a beheerder uploads them (tables and geodata)."""

from __future__ import annotations

import doctest
import json

import geopandas as gpd
import pytest
import shapely

import geo.context.files as files_module
from geo.context.checks import LayerError, LayerLimits
from geo.context.files import MAX_SHAPE_CHARS, read_layer_file
from geo.context.records import ContextLayer
from geo.context.sources import read_layer
from tests.geo.context.layer_server import layer_settings
from tests.geo.uploads.boundary_samples import geojson_bytes, shapefile_zip
from tests.geo.uploads.table_files import csv_bytes, xlsx_bytes

MECHELEN = (4.4825, 51.0174)   # lon, lat
LAMBERT_MECHELEN = (157636.0, 190640.0)


def hubs() -> gpd.GeoDataFrame:
    """Two mobipunten, a zone and a line in WGS84."""
    return gpd.GeoDataFrame({
        "naam": ["Hoppin Mechelen", "Hoppin Muizen", "Deelzone Centrum", "Fietsstraat"],
        "type": ["hoppinpunt", "hoppinpunt", "zone", "lijn"],
        "plaatsen": [4, 2, None, None],
    }, geometry=[shapely.Point(*MECHELEN), shapely.Point(4.5117, 51.0086),
                 shapely.box(4.47, 51.02, 4.48, 51.03), shapely.LineString([(4.47, 51.02), (4.49, 51.03)])],
        crs="EPSG:4326")


def test_doctests():
    assert doctest.testmod(files_module).failed == 0


def test_a_csv_with_degrees_names_kinds_and_problems():
    data = csv_bytes([
        ["Naam", "Breedtegraad", "Lengtegraad", "Soort", "Opmerking"],
        ["Station Mechelen", "51,0174", "4,4825", "trein", "hoofdingang"],
        ["", "51.0086", "4.5117", "", ""],
        ["Zonder ligging", "", "", "", ""],
        ["Kapot", "abc", "4.5", "", ""],
        ["Parijs", "48.8566", "2.3522", "", ""],
    ])
    parsed = read_layer_file(data, "mobipunten.csv")
    assert [(o.naam, o.detail, o.lon, o.lat) for o in parsed.objects] == [
        ("Station Mechelen", "trein", 4.4825, 51.0174), ("Object 2", "", 4.5117, 51.0086)]
    assert json.loads(parsed.objects[0].eigenschappen) == {"Opmerking": "hoofdingang"}
    assert parsed.attribution == "Eigen bestand mobipunten.csv"
    assert parsed.warnings == (
        "2 rij(en) zonder bruikbare coördinaten werden niet opgenomen (lijn 4: geen coördinaten; "
        "lijn 5: 'abc' is geen getal.).",
        "1 object(en) buiten België werden overgeslagen.",
    )


def test_a_table_in_lambert_72_and_one_with_swapped_columns():
    lambert = read_layer_file(csv_bytes([["naam", "x", "y"], ["Mechelen", *LAMBERT_MECHELEN]]), "l72.csv")
    assert (round(lambert.objects[0].lon, 3), round(lambert.objects[0].lat, 3)) == (4.478, 51.026)
    swapped = read_layer_file(csv_bytes([["naam", "lat", "lon"], ["Mechelen", MECHELEN[0], MECHELEN[1]],
                                         ["Muizen", 4.5117, 51.0086]]), "omgewisseld.csv")
    assert [(o.lon, o.lat) for o in swapped.objects] == [MECHELEN, (4.5117, 51.0086)]
    assert any("omgewisseld" in warning for warning in swapped.warnings)


def test_an_excel_layer():
    data = xlsx_bytes({"Laadpunten": [["Locatie", "lat", "lon"], ["Laadpaal Veemarkt", 51.0301, 4.4812]]})
    parsed = read_layer_file(data, "laadpunten.xlsx")
    assert [(o.naam, o.lon, o.lat) for o in parsed.objects] == [("Laadpaal Veemarkt", 4.4812, 51.0301)]


def test_a_table_needs_coordinate_columns():
    with pytest.raises(LayerError) as refused:
        read_layer_file(csv_bytes([["naam", "adres"], ["Cambio", "Veemarkt 1, Mechelen"]]), "adressen.csv")
    assert str(refused.value).startswith("In 'adressen.csv' staan geen kolommen met coördinaten")


def test_geojson_points_lines_and_zones():
    parsed = read_layer_file(geojson_bytes(hubs()), "hubs.geojson")
    by_name = {o.naam: o for o in parsed.objects}
    assert list(by_name) == ["Hoppin Mechelen", "Hoppin Muizen", "Deelzone Centrum", "Fietsstraat"]
    point = by_name["Hoppin Mechelen"]
    assert (point.lon, point.lat, point.detail, point.geometrie) == (*MECHELEN, "hoppinpunt", "")
    assert json.loads(point.eigenschappen) == {"plaatsen": 4.0}
    zone = by_name["Deelzone Centrum"]
    shape = shapely.from_geojson(zone.geometrie)
    assert shape.geom_type == "Polygon" and shape.equals_exact(shapely.box(4.47, 51.02, 4.48, 51.03), 1e-6)
    assert shape.contains(shapely.Point(zone.lon, zone.lat))
    assert all(len(str(c).split(".")[1]) <= 6 for c in shapely.get_coordinates(shape).ravel())
    line = by_name["Fietsstraat"]
    assert shapely.from_geojson(line.geometrie).geom_type == "LineString"
    assert parsed.warnings == ()


def test_a_geopackage_of_points_in_lambert_2008(tmp_path):
    path = tmp_path / "laadpunten.gpkg"
    hubs().iloc[:2].to_crs(3812).to_file(path, layer="laadpunten", engine="pyogrio")
    parsed = read_layer_file(path.read_bytes(), "laadpunten.gpkg")
    assert [o.naam for o in parsed.objects] == ["Hoppin Mechelen", "Hoppin Muizen"]
    assert (round(parsed.objects[0].lon, 5), round(parsed.objects[0].lat, 5)) == MECHELEN


def test_a_zipped_shapefile_of_points_through_the_worker(tmp_path):
    data = shapefile_zip(hubs().iloc[:2].to_crs(31370), tmp_path / "shp")
    layer = ContextLayer(naam="Mobipunten", soort="mobipunt", bron="bestand", bestand="mobipunten.zip")
    loaded = read_layer(layer, data, layer_settings(tmp_path), in_worker=True)
    assert [o.naam for o in loaded.objects] == ["Hoppin Mechelen", "Hoppin Muizen"]
    assert (round(loaded.objects[0].lon, 5), round(loaded.objects[0].lat, 5)) == MECHELEN
    assert loaded.fetched and loaded.note == ""


def test_objects_outside_belgium_are_counted():
    frame = gpd.GeoDataFrame({"naam": ["Mechelen", "Amsterdam", "Parijs"]},
                             geometry=[shapely.Point(*MECHELEN), shapely.Point(4.90, 52.37), shapely.Point(2.35, 48.86)],
                             crs="EPSG:4326")
    parsed = read_layer_file(geojson_bytes(frame), "mix.geojson")
    assert [o.naam for o in parsed.objects] == ["Mechelen"]
    assert parsed.warnings == ("2 object(en) buiten België werden overgeslagen.",)
    with pytest.raises(LayerError) as refused:
        read_layer_file(geojson_bytes(frame.iloc[1:]), "buitenland.geojson")
    assert str(refused.value) == ("'buitenland.geojson' bevat geen bruikbare objecten. "
                                  "2 object(en) buiten België werden overgeslagen.")


@pytest.mark.parametrize("data, filename, message", [
    (b'{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:999999"}}, "features": []}',
     "onbekend.geojson", "onbekend coördinatensysteem"),
    (b"niet eens json", "kapot.geojson", "kon niet gelezen worden als GeoJSON"),
    (b"naam;lat;lon\n", "leeg.kml", r"kan niet als laag gelezen worden \(\.kml\)"),
])
def test_unusable_files_are_refused_with_the_upload_readers_reasons(data, filename, message):
    with pytest.raises(LayerError, match=message):
        read_layer_file(data, filename)


def test_more_objects_than_the_limit_refuse_the_file():
    frame = gpd.GeoDataFrame({"naam": [f"P{n}" for n in range(6)]},
                             geometry=[shapely.Point(4.4 + n / 100, 51.0) for n in range(6)], crs="EPSG:4326")
    with pytest.raises(LayerError, match="bevat 6 objecten; het maximum is 5"):
        read_layer_file(geojson_bytes(frame), "punten.geojson", LayerLimits(max_objects=5))
    rows = [["naam", "lat", "lon"], *[[f"P{n}", 51.0, 4.4 + n / 100] for n in range(6)]]
    with pytest.raises(LayerError, match="bevat meer dan 5 objecten"):
        read_layer_file(csv_bytes(rows), "punten.csv", LayerLimits(max_objects=5))


def test_a_shape_too_detailed_for_the_store_is_simplified_or_shown_as_its_point(monkeypatch):
    monkeypatch.setattr(files_module, "MAX_SHAPE_CHARS", 120)
    frame = gpd.GeoDataFrame({"naam": ["Zone"]}, geometry=[shapely.Point(*MECHELEN).buffer(0.01, 64)], crs="EPSG:4326")
    parsed = read_layer_file(geojson_bytes(frame), "zone.geojson")
    assert parsed.objects[0].geometrie == ""
    assert parsed.warnings == ("1 lijn(en) of zone(s) waren te gedetailleerd om te bewaren en worden als punt getoond.",)
    assert MAX_SHAPE_CHARS == 1_000_000  # the real limit: the store's (geo.store.context_tables)
