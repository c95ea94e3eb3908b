"""Tests for geo.uploads.boundary_files: reading, checking and repairing a user's boundary file.

Every file is generated in tmp_path at test time; the optional real-data test reads the
shared reference shapefiles without copying them into the repository.
"""

from __future__ import annotations

import json
import os

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import mapping

from bench.hostile_files import random_ring
from geo.uploads.areas import build_area
from geo.uploads.boundary_files import MAX_FEATURES, BoundaryLimits, guess_name_fields, read_boundary_file
from tests.geo.uploads.boundary_samples import (
    MAX,
    MB,
    SHAPEFILES,
    circle_ring,
    edited_gpkg,
    geojson_bytes,
    polygon_geojson,
    refused,
    shapefile_parts,
    shapefile_zip,
    squares,
    squares_gpkg,
    zip_bytes,
)


@pytest.fixture
def geojson() -> bytes:
    return geojson_bytes()


@pytest.fixture
def gpkg(tmp_path) -> bytes:
    return squares_gpkg(tmp_path / "wijken.gpkg").read_bytes()


@pytest.fixture
def shp_zip(tmp_path) -> bytes:
    return shapefile_zip(squares().to_crs(31370), tmp_path / "shp")


# Reading ---------------------------------------------------------------------------------------

def test_geojson_without_crs_is_read_as_wgs84(geojson):
    uploaded = read_boundary_file(geojson, "wijken.geojson", MAX)
    assert uploaded.source_crs == "EPSG:4326"
    assert uploaded.frame.crs.to_epsg() == 31370
    assert list(uploaded.frame["naam"]) == ["Centrum", "Nekkerspoel"]
    assert {"code", "naam", "inwoners"} <= set(uploaded.frame.columns)
    assert uploaded.warnings == []
    assert uploaded.filename == "wijken.geojson"
    assert uploaded.feature_numbers == [1, 2]
    # Lambert 72 metres around Mechelen, not degrees.
    west, south, east, north = uploaded.frame.total_bounds
    assert 150_000 < west < east < 165_000 and 185_000 < south < north < 195_000


def test_geojson_geopackage_and_shapefile_give_the_same_areas(geojson, gpkg, shp_zip):
    from_json = read_boundary_file(geojson, "wijken.json", MAX)
    from_gpkg = read_boundary_file(gpkg, "wijken.gpkg", MAX)
    from_zip = read_boundary_file(shp_zip, "wijken.zip", MAX)
    assert from_gpkg.source_crs == "EPSG:3812"
    assert from_gpkg.layer == "wijken" and from_gpkg.layers == ["wijken"]
    assert from_zip.source_crs == "EPSG:31370"
    reference = from_json.frame.area.to_numpy()
    assert reference.min() > 600_000  # about 0.7 km² each
    for other in (from_gpkg, from_zip):
        assert other.frame.crs.to_epsg() == 31370
        assert list(other.frame["naam"]) == ["Centrum", "Nekkerspoel"]
        assert other.frame.area.to_numpy() == pytest.approx(reference, rel=1e-3)


def test_real_esri_prj_is_recognised_as_lambert72(tmp_path):
    assert SHAPEFILES.is_dir(), f"shared reference data not found at {SHAPEFILES}: check out shared/ beside the repo"
    mechelen = gpd.read_file(SHAPEFILES / "ggw7.shp", engine="pyogrio", where="geoitem LIKE '12025%'")
    parts = shapefile_parts(mechelen, tmp_path / "shp", stem="ggw7")
    parts["prj"] = (SHAPEFILES / "ggw7.prj").read_bytes()  # the official ESRI-style WKT
    uploaded = read_boundary_file(zip_bytes({f"ggw7.{ext}": b for ext, b in parts.items()}), "ggw7.zip", MAX)
    assert uploaded.source_crs == "EPSG:31370"
    assert uploaded.name_fields[0] == "naam"
    area = build_area(uploaded, "naam", "Mechelen (eigen)")
    assert len(area.wijken) == len(mechelen) > 5
    assert area.locate(4.4776, 51.0259) is not None  # Grote Markt
    assert shapely.is_valid(area.wijken_web.geometry.values).all()


def test_name_field_chooser_prefers_naam():
    uploaded = read_boundary_file(geojson_bytes(), "wijken.geojson", MAX)
    assert uploaded.name_fields[0] == "naam"
    assert "code" in uploaded.name_fields
    assert "inwoners" not in uploaded.name_fields


def test_name_field_order_without_a_name_column():
    frame = gpd.GeoDataFrame({
        "soort": ["wijk", "wijk", "wijk", "wijk"],
        "omschrijving": ["a", "b", "c", "d"],
        "nr": [1, 2, 3, 4],
        "LABEL": ["x", "y", "z", "w"],
        "Title": ["p", "q", "r", "s"],
    }, geometry=[shapely.box(i, 0, i + 1, 1) for i in range(4)], crs=31370)
    assert guess_name_fields(frame) == ["LABEL", "Title", "omschrijving", "soort"]
    assert guess_name_fields(frame[["nr", "geometry"]]) == ["nr"]


def test_geopackage_picks_the_first_polygon_layer_or_the_chosen_one(tmp_path):
    path = tmp_path / "lagen.gpkg"
    points = gpd.GeoDataFrame({"naam": ["punt"]}, geometry=[shapely.Point(4.475, 51.025)], crs=4326)
    points.to_file(path, layer="partners", engine="pyogrio")
    squares().to_file(path, layer="wijken", engine="pyogrio")
    squares().iloc[:1].to_file(path, layer="west", engine="pyogrio")
    data = path.read_bytes()
    uploaded = read_boundary_file(data, "lagen.gpkg", MAX)
    assert uploaded.layer == "wijken" and uploaded.layers == ["wijken", "west"]
    assert len(uploaded.frame) == 2
    assert len(read_boundary_file(data, "lagen.gpkg", MAX, layer="west").frame) == 1
    refused(data, "lagen.gpkg", "bestaat niet", layer="onbestaand")
    refused(data, "lagen.gpkg", "geen vlakken", layer="partners")


def test_mixed_geometries_keep_polygons_and_warn():
    features = json.loads(geojson_bytes())["features"] + [
        {"type": "Feature", "properties": {"naam": "paal"}, "geometry": {"type": "Point", "coordinates": [4.47, 51.02]}},
        {"type": "Feature", "properties": {"naam": "weg"},
         "geometry": {"type": "LineString", "coordinates": [[4.47, 51.02], [4.49, 51.03]]}},
        {"type": "Feature", "properties": {"naam": "niets"}, "geometry": None},
    ]
    features.insert(0, features.pop(2))  # the point first: the squares are objects 2 and 3 of the file
    uploaded = read_boundary_file(geojson_bytes(features=features), "gemengd.geojson", MAX)
    assert list(uploaded.frame["naam"]) == ["Centrum", "Nekkerspoel"]
    assert uploaded.feature_numbers == [2, 3]
    text = " ".join(uploaded.warnings)
    assert "2 object(en) die geen vlak zijn (punten en lijnen)" in text
    assert "1 object(en) zonder geometrie" in text


# Repair ----------------------------------------------------------------------------------------

def test_a_bowtie_becomes_two_triangles_and_the_warning_says_so():
    bowtie = [[[4.47, 51.02], [4.48, 51.03], [4.48, 51.02], [4.47, 51.03], [4.47, 51.02]]]
    uploaded = read_boundary_file(polygon_geojson(bowtie, "strik"), "strik.geojson", MAX)
    [geometry] = uploaded.frame.geometry
    assert geometry.is_valid and geometry.geom_type == "MultiPolygon"
    triangles = list(geometry.geoms)
    assert len(triangles) == 2 and all(len(t.exterior.coords) == 4 for t in triangles)
    box = shapely.box(*uploaded.frame.total_bounds)
    assert geometry.area == pytest.approx(box.area / 2, rel=0.01)  # both triangles kept, each a quarter of the box
    # A bow-tie's drawn ring encloses no area of its own (its two lobes cancel): the warning gives both figures.
    assert uploaded.warnings == ["1 vlak werd hersteld (zichzelf kruisende randen) en bestaat nu uit 2 delen; "
                                 "de oppervlakte is nu 0,390 km² (vóór het herstel: 0 m²)."]


def test_a_small_repair_reports_the_change_in_area():
    # A square whose top edge overshoots its left edge and comes back: a small loop of 0.5 % of the area.
    unit = [(0, 0), (1, 0), (1, 1), (-0.1, 1), (0, 1.1), (0, 0)]
    ring = [[4.47 + 0.01 * u, 51.02 + 0.01 * v] for u, v in unit]
    uploaded = read_boundary_file(polygon_geojson([ring]), "lus.geojson", MAX)
    # The loop touches the square in one point, so it stays a piece of its own; its area now counts.
    assert uploaded.warnings == ["1 vlak werd hersteld (zichzelf kruisende randen) en bestaat nu uit 2 delen; "
                                 "de oppervlakte veranderde met +1,0 % (van 0,777 km² naar 0,784 km²)."]
    assert len(uploaded.frame.geometry.iloc[0].geoms) == 2


@pytest.mark.parametrize("vertices", [500, 2000])
def test_a_polygon_crossing_itself_everywhere_is_refused_with_the_limit(vertices):
    data = polygon_geojson([random_ring(vertices)], "Kriskras")
    assert len(data) < 60_000
    message = refused(data, "kriskras.geojson", "kruist zichzelf meer dan 10.000 keer")
    assert message.startswith("De rand van object 1 in 'kriskras.geojson'")


def test_a_polygon_falling_into_too_many_pieces_is_refused_naming_the_setting():
    data = polygon_geojson([random_ring(500)], "Kriskras")
    limits = BoundaryLimits(max_pieces_per_polygon=100, max_crossings_per_polygon=1_000_000)
    message = refused(data, "kriskras.geojson", "hoogstens 100 zijn toegestaan (instelling max_stukken_per_vlak)",
                      limits=limits)
    assert message.startswith("Object 1 in 'kriskras.geojson' kruist zichzelf zo vaak")
    pieces = int(message.split("uiteenvalt in ")[1].split(" stukken")[0].replace(".", ""))
    assert pieces > 100
    # With room for its pieces the same polygon is read (and repaired).
    roomy = BoundaryLimits(max_pieces_per_polygon=10_000, max_crossings_per_polygon=1_000_000)
    uploaded = read_boundary_file(data, "kriskras.geojson", MAX, limits=roomy)
    assert len(uploaded.frame.geometry.iloc[0].geoms) == pieces


# Limits before the expensive step ---------------------------------------------------------------

def test_vertices_per_polygon_are_limited_before_anything_else():
    data = polygon_geojson([circle_ring(120_000)], "Rond")
    message = refused(data, "rond.geojson", "instelling max_hoekpunten_per_vlak")
    assert "Object 1 in 'rond.geojson' heeft 120.001 hoekpunten; hoogstens 100.000 per object" in message
    uploaded = read_boundary_file(data, "rond.geojson", MAX, limits=BoundaryLimits(max_vertices_per_polygon=130_000))
    assert len(uploaded.frame) == 1 and uploaded.warnings == []
    assert shapely.get_num_coordinates(uploaded.frame.geometry.iloc[0]) == 120_001


def test_vertices_in_all_polygons_are_limited():
    features = [{"type": "Feature", "properties": {"naam": str(i)},
                 "geometry": {"type": "Polygon", "coordinates": [circle_ring(1_000, 0.001 * (i + 1))]}}
                for i in range(3)]
    data = geojson_bytes(features=features)
    message = refused(data, "veel.geojson", "instelling max_hoekpunten)", limits=BoundaryLimits(max_vertices=2_500))
    assert "samen 3.003 hoekpunten; hoogstens 2.500" in message
    assert len(read_boundary_file(data, "veel.geojson", MAX, limits=BoundaryLimits(max_vertices=3_003)).frame) == 3


@pytest.mark.parametrize("value, shown", [(float("nan"), "NaN"), (float("inf"), "oneindig"),
                                          (float("-inf"), "min oneindig")])
def test_a_coordinate_that_is_no_number_is_refused_naming_the_object(value, shown):
    ring = [[4.47, 51.02], [4.48, 51.02], [value, 51.03], [4.47, 51.03], [4.47, 51.02]]
    features = json.loads(geojson_bytes())["features"] + [
        {"type": "Feature", "properties": {"naam": "Nergens"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]
    message = refused(geojson_bytes(features=features), "nan.geojson", "geen gewoon getal")
    assert message.startswith(f"Object 3 in 'nan.geojson' heeft een coördinaat die geen gewoon getal is ({shown})")


def test_a_nan_height_is_refused_too():
    ring = [[4.47, 51.02, 10.0], [4.48, 51.02, 10.0], [4.48, 51.03, float("nan")], [4.47, 51.02, 10.0]]
    refused(polygon_geojson([ring]), "hoogte.geojson", "Object 1 in 'hoogte.geojson' heeft een coördinaat die geen")


# The CRS ---------------------------------------------------------------------------------------

def named_crs(name) -> bytes:
    return geojson_bytes(crs={"type": "name", "properties": {"name": name}})


@pytest.mark.parametrize("name", ["EPSG:999999", "urn:ogc:def:crs:EPSG::999999", "urn:x-foo:bar", "Nergensland 1972",
                                  "/etc/passwd", "+init=/etc/passwd:x"])
def test_a_geojson_naming_an_unknown_crs_is_refused_never_read_as_wgs84(name):
    message = refused(named_crs(name), "onbekend.geojson", "onbekend coördinatensysteem")
    assert f"het noemt '{name}'" in message and "niet gegokt" in message


@pytest.mark.parametrize("name", ["http://example.invalid/crs", "https://example.invalid/epsg/31370.prj",
                                  "//example.invalid/crs", "file:///etc/passwd", "http://www.opengis.net/def/crs/EPSG/0/999999x"])
def test_a_geojson_whose_crs_is_a_web_address_is_refused_without_fetching(name):
    message = refused(named_crs(name), "adres.geojson", "verwijst naar een internetadres")
    assert f"('{name}')" in message


def test_the_crs_text_in_a_message_is_trimmed_and_without_control_characters():
    message = refused(named_crs("EPSG:\n" + "9" * 500), "lang.geojson", "onbekend coördinatensysteem")
    said = message.split("het noemt '")[1].split("'")[0]
    assert len(said) == 100 and said.startswith("EPSG: 999") and said.endswith("…")


@pytest.mark.parametrize("member, phrase", [
    ({"type": "link", "properties": {"href": "http://example.invalid/crs", "type": "proj4"}}, "internetadres"),
    ({"type": "EPSG", "properties": {"code": 4326}}, "het noemt '{\"type\": \"EPSG\""),
    ("EPSG:4326", "het noemt '\"EPSG:4326\"'"),
])
def test_a_geojson_crs_member_of_another_form_is_refused(member, phrase):
    refused(geojson_bytes(crs=member), "vorm.geojson", phrase)


@pytest.mark.parametrize("name, label", [("EPSG:4326", "EPSG:4326"), ("urn:ogc:def:crs:OGC:1.3:CRS84", "OGC:CRS84"),
                                         ("urn:ogc:def:crs:EPSG::4326", "EPSG:4326"),
                                         ("http://www.opengis.net/def/crs/EPSG/0/4326", "EPSG:4326")])
def test_a_geojson_naming_a_known_crs_is_read(name, label):
    uploaded = read_boundary_file(named_crs(name), "bekend.geojson", MAX)
    assert uploaded.source_crs == label and len(uploaded.frame) == 2


def test_a_geojson_in_lambert72_that_says_so_is_read():
    data = geojson_bytes(squares().to_crs(31370), crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::31370"}})
    uploaded = read_boundary_file(data, "lambert.geojson", MAX)
    assert uploaded.source_crs == "EPSG:31370"
    assert uploaded.frame.area.min() > 600_000


@pytest.mark.parametrize("srs_id, said", [(0, "Undefined geographic SRS"), (-1, "Undefined Cartesian SRS")])
def test_a_geopackage_with_an_undefined_crs_is_refused(tmp_path, srs_id, said):
    path = squares_gpkg(tmp_path / "ongedefinieerd.gpkg", crs=4326)
    data = edited_gpkg(path, f"UPDATE gpkg_geometry_columns SET srs_id = {srs_id}",
                       f"UPDATE gpkg_contents SET srs_id = {srs_id}")
    message = refused(data, "ongedefinieerd.gpkg", "onbekend coördinatensysteem")
    assert f"het noemt '{said}'" in message


def test_a_geopackage_naming_an_unknown_epsg_code_is_refused_with_that_code(tmp_path):
    path = squares_gpkg(tmp_path / "onbekend.gpkg", crs=4326)
    data = edited_gpkg(path, "INSERT INTO gpkg_spatial_ref_sys VALUES ('x', 999999, 'EPSG', 999999, 'undefined', NULL)",
                       "UPDATE gpkg_geometry_columns SET srs_id = 999999", "UPDATE gpkg_contents SET srs_id = 999999")
    refused(data, "onbekend.gpkg", "het noemt 'EPSG:999999'")


def test_a_geopackage_with_its_own_crs_definition_is_read(tmp_path):
    """A custom CRS whose WKT is complete (as ArcGIS and QGIS write them) is no guess: it is used."""
    wkt = ('GEOGCS["eigen",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],'
           'UNIT["degree",0.0174532925199433]]')
    path = squares_gpkg(tmp_path / "eigen.gpkg", crs=4326)
    data = edited_gpkg(path, f"INSERT INTO gpkg_spatial_ref_sys VALUES ('eigen', 100000, 'NONE', 100000, '{wkt}', NULL)",
                       "UPDATE gpkg_geometry_columns SET srs_id = 100000", "UPDATE gpkg_contents SET srs_id = 100000")
    uploaded = read_boundary_file(data, "eigen.gpkg", MAX)
    assert uploaded.frame.area.min() > 600_000


def test_a_geopackage_in_wal_mode_is_read(tmp_path):
    """QGIS leaves the GeoPackages it edits in WAL mode; the SQLite check must still read them."""
    path = squares_gpkg(tmp_path / "qgis.gpkg")
    data = edited_gpkg(path, "PRAGMA journal_mode = WAL")
    assert data[18:20] == b"\x02\x02"
    assert len(read_boundary_file(data, "qgis.gpkg", MAX).frame) == 2


# Rejections ------------------------------------------------------------------------------------

def test_a_geopackage_whose_layer_is_a_view_is_refused_before_gdal_reads_it(tmp_path):
    path = squares_gpkg(tmp_path / "view.gpkg")
    data = edited_gpkg(path, "ALTER TABLE wijken RENAME TO echt",
                       "CREATE VIEW wijken AS WITH RECURSIVE r(fid, geom, naam) AS "
                       "(SELECT 1, NULL, 'x' UNION ALL SELECT fid + 1, geom, naam FROM r) SELECT * FROM r")
    message = refused(data, "view.gpkg", "De GeoPackage 'view.gpkg' bevat een view ('wijken')")
    assert "eindeloos" in message


def test_refuses_empty_bytes():
    refused(b"", "wijken.geojson", "is leeg")


def test_refuses_a_feature_collection_without_features():
    refused(geojson_bytes(features=[]), "wijken.geojson", "is leeg")


def test_refuses_only_points():
    points = [{"type": "Feature", "properties": {"naam": str(i)},
               "geometry": {"type": "Point", "coordinates": [4.47 + i / 100, 51.02]}} for i in range(3)]
    message = refused(geojson_bytes(features=points), "punten.geojson", "geen vlakken (polygonen)")
    assert "punten" in message


def test_refuses_a_shapefile_without_prj(tmp_path):
    data = shapefile_zip(squares().to_crs(31370), tmp_path / "shp", skip=("prj",))
    refused(data, "wijken.zip", "onbekend coördinatensysteem")


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_refuses_a_geopackage_without_crs(tmp_path):
    path = tmp_path / "zonder.gpkg"
    squares().to_crs(31370).set_crs(None, allow_override=True).to_file(path, layer="wijken", engine="pyogrio")
    refused(path.read_bytes(), "zonder.gpkg", "onbekend coördinatensysteem")


def test_refuses_coordinates_that_do_not_fit_the_crs(tmp_path):
    # Lambert 72 metres in a GeoJSON (which must be in degrees).
    refused(geojson_bytes(squares().to_crs(31370)), "lambert.geojson", "passen niet bij het coördinatensysteem")
    # Degrees in a shapefile whose .prj says Lambert 72.
    degrees = squares().set_crs(31370, allow_override=True)
    refused(shapefile_zip(degrees, tmp_path / "shp"), "graden.zip", "passen niet bij het coördinatensysteem")


def test_refuses_a_file_above_max_bytes():
    features = json.loads(geojson_bytes())["features"]
    features[0]["properties"]["opmerking"] = "x" * (MB + MB // 2)
    message = refused(geojson_bytes(features=features), "groot.geojson", "te groot", max_bytes=1 * MB)
    assert "limiet is 1 MB" in message and "1,5 MB" in message


def test_refuses_too_many_features():
    features = [{"type": "Feature", "properties": {"naam": str(i)},
                 "geometry": mapping(shapely.box(4 + i * 1e-4, 51, 4 + (i + 1) * 1e-4, 51.0001))}
                for i in range(MAX_FEATURES + 1)]
    refused(geojson_bytes(features=features), "veel.geojson", f"het maximum is {MAX_FEATURES}")


def test_refuses_unsupported_extensions(geojson):
    refused(geojson, "wijken.txt", "'.txt' wordt niet ondersteund")
    refused(geojson, "wijken", "wordt niet ondersteund")
    refused(b"\0\0\x27\x0a", "wijken.shp", "losse .shp")


def test_refuses_corrupt_files(geojson):
    refused(os.urandom(4096), "wijken.gpkg", "kon niet gelezen worden als GeoPackage")
    refused(b"SQLite format 3\x00" + os.urandom(4096), "wijken.gpkg", "kon niet gelezen worden")
    refused(b"{niet: json", "wijken.geojson", "kon niet gelezen worden als GeoJSON")
    refused(b"PK\x03\x04kapot", "wijken.zip", "kon niet gelezen worden")
    refused(geojson, "wijken.gpkg", "kon niet gelezen worden")  # right content, wrong extension


def test_refuses_json_that_other_gdal_drivers_would_open():
    streamed = json.dumps({"type": "gdal_streamed_alg", "command_line": "gdal vector read /etc/passwd"}).encode()
    refused(streamed, "alg.json", "kon niet gelezen worden als GeoJSON")
