"""Tests for geo.userfiles: reading, checking, building and keeping user boundary files.

Every fixture is generated in tmp_path at test time; the optional real-data test reads
the shared reference shapefiles without copying them into the repository.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import mapping

from geo.boundaries import Boundaries
from geo.userfiles import (
    MAX_FEATURES,
    BoundaryFileError,
    build_area,
    delete_area,
    guess_name_fields,
    list_areas,
    load_area,
    read_boundary_file,
    save_area,
)

MB = 1024 * 1024
MAX = 20 * MB
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "gebiedsniveaus"
SHAPEFILES = SHARED / "data_voor_swing" / "shapefiles"

# Two adjacent squares of about 0.7 × 1.1 km near Mechelen (WGS84), sharing the 4.48 meridian.
WEST = shapely.box(4.47, 51.02, 4.48, 51.03)
EAST = shapely.box(4.48, 51.02, 4.49, 51.03)
INSIDE_WEST = (4.475, 51.025)


# Fixture builders ------------------------------------------------------------------------------

def squares(names=("Centrum", "Nekkerspoel")) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": ["W1", "W2"], "naam": list(names), "inwoners": [1200, 3400]},
        geometry=[WEST, EAST], crs=4326)


def geojson_bytes(frame: gpd.GeoDataFrame | None = None, features: list | None = None, **extra) -> bytes:
    """A GeoJSON FeatureCollection without a "crs" member (RFC 7946: WGS84)."""
    if features is None:
        frame = squares() if frame is None else frame
        features = [{
            "type": "Feature",
            "properties": {k: v for k, v in row.items() if k != "geometry"},
            "geometry": None if row["geometry"] is None else mapping(row["geometry"]),
        } for row in frame.to_dict("records")]
    return json.dumps({"type": "FeatureCollection", "features": features, **extra}).encode()


def zip_bytes(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def shapefile_parts(frame: gpd.GeoDataFrame, folder: Path, stem: str = "wijken") -> dict[str, bytes]:
    """Write ``frame`` as a shapefile with pyogrio; return {extension: bytes}."""
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_file(folder / f"{stem}.shp", engine="pyogrio")
    return {path.suffix[1:]: path.read_bytes() for path in folder.glob(f"{stem}.*")}


def shapefile_zip(frame: gpd.GeoDataFrame, folder: Path, prefix: str = "", skip: tuple[str, ...] = (),
                  extra: dict[str, bytes] | None = None) -> bytes:
    parts = shapefile_parts(frame, folder)
    entries = dict(extra or {})
    entries.update({f"{prefix}wijken.{ext}": content for ext, content in parts.items() if ext not in skip})
    return zip_bytes(entries)


@pytest.fixture
def geojson() -> bytes:
    return geojson_bytes()


@pytest.fixture
def gpkg(tmp_path) -> bytes:
    path = tmp_path / "wijken.gpkg"
    squares().to_crs(3812).to_file(path, layer="wijken", engine="pyogrio")
    return path.read_bytes()


@pytest.fixture
def shp_zip(tmp_path) -> bytes:
    return shapefile_zip(squares().to_crs(31370), tmp_path / "shp")


@pytest.fixture
def area(geojson) -> Boundaries:
    return build_area(read_boundary_file(geojson, "wijken.geojson", MAX), "naam", "Mijn Mechelen")


def refused(data: bytes, filename: str, phrase: str, max_bytes: int = MAX, **options) -> str:
    with pytest.raises(BoundaryFileError) as caught:
        read_boundary_file(data, filename, max_bytes, **options)
    message = str(caught.value)
    assert phrase in message, message
    return message


# Reading ---------------------------------------------------------------------------------------

def test_geojson_without_crs_is_read_as_wgs84(geojson):
    uploaded = read_boundary_file(geojson, "wijken.geojson", MAX)
    assert uploaded.source_crs == "EPSG:4326"
    assert uploaded.frame.crs.to_epsg() == 31370
    assert list(uploaded.frame["naam"]) == ["Centrum", "Nekkerspoel"]
    assert {"code", "naam", "inwoners"} <= set(uploaded.frame.columns)
    assert uploaded.warnings == []
    assert uploaded.filename == "wijken.geojson"
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


def test_shapefile_inside_a_subfolder_of_the_zip(tmp_path):
    data = shapefile_zip(squares().to_crs(31370), tmp_path / "shp", prefix="export/grenzen/",
                         extra={"__MACOSX/export/grenzen/._wijken.shp": b"\0" * 10, "export/LEESMIJ.txt": b"hallo"})
    uploaded = read_boundary_file(data, "grenzen.zip", MAX)
    assert len(uploaded.frame) == 2
    assert uploaded.source_crs == "EPSG:31370"


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
    uploaded = read_boundary_file(geojson_bytes(features=features), "gemengd.geojson", MAX)
    assert list(uploaded.frame["naam"]) == ["Centrum", "Nekkerspoel"]
    text = " ".join(uploaded.warnings)
    assert "2 object(en) die geen vlak zijn (punten en lijnen)" in text
    assert "1 object(en) zonder geometrie" in text


def test_invalid_geometry_is_repaired():
    bowtie = shapely.Polygon([(4.47, 51.02), (4.48, 51.03), (4.48, 51.02), (4.47, 51.03), (4.47, 51.02)])
    frame = gpd.GeoDataFrame({"naam": ["strik"]}, geometry=[bowtie], crs=4326)
    uploaded = read_boundary_file(geojson_bytes(frame), "strik.geojson", MAX)
    assert uploaded.frame.geometry.is_valid.all()
    assert uploaded.frame.geometry.iloc[0].geom_type == "MultiPolygon"
    assert any("hersteld" in warning for warning in uploaded.warnings)


# Building an area ------------------------------------------------------------------------------

def test_build_area_works_with_the_boundaries_methods(area):
    code = area.gemeenten["gemeente_nis"].iloc[0]
    assert code.startswith("eigen-") and len(code) == len("eigen-") + 10
    assert area.fingerprint == code
    assert list(area.wijken["wijk_code"]) == [f"{code}-001", f"{code}-002"]
    assert list(area.wijken["wijk_naam"]) == ["Centrum", "Nekkerspoel"]
    assert area.wijken["oppervlakte_km2"].between(0.6, 0.9).all()
    assert area.locate(*INSIDE_WEST) == (code, f"{code}-001")
    assert area.locate(4.2, 50.8) is None
    assert len(area.wijken_of(code)) == 2 and len(area.web_wijken_of(code)) == 2
    assert area.find_gemeente("mijn mechelen") == code
    table = area.gemeente_list()
    assert table.to_dict("records") == [{"nis": code, "naam": "Mijn Mechelen", "wijken": 2}]
    (south, west), (north, east) = area.bounds_of(code)
    assert west == pytest.approx(4.47, abs=1e-3) and north == pytest.approx(51.03, abs=1e-3)
    assert area.gemeenten.geometry.iloc[0].area == pytest.approx(area.wijken.area.sum(), rel=1e-6)
    assert area.wijken_web.crs.to_epsg() == 4326 and area.wijken_overview.crs.to_epsg() == 4326
    # Adjacent squares form a coverage: the simplified web borders stay shared.
    west_web, east_web = area.wijken_web.geometry
    assert west_web.touches(east_web) and west_web.intersection(east_web).geom_type == "LineString"


def test_build_area_names_blank_and_numeric_values(tmp_path):
    features = json.loads(geojson_bytes())["features"]
    features[0]["properties"]["naam"] = "  Centrum  "
    features[1]["properties"]["naam"] = None
    uploaded = read_boundary_file(geojson_bytes(features=features), "wijken.geojson", MAX)
    area = build_area(uploaded, "naam", "Gebied")
    assert list(area.wijken["wijk_naam"]) == ["Centrum", "Gebied 2"]
    assert list(build_area(uploaded, "inwoners", "x").wijken["wijk_naam"]) == ["1200", "3400"]
    assert list(build_area(uploaded, None, "x").wijken["wijk_naam"]) == ["Gebied 1", "Gebied 2"]


def test_build_area_refuses_an_unknown_name_field(geojson):
    uploaded = read_boundary_file(geojson, "wijken.geojson", MAX)
    with pytest.raises(BoundaryFileError) as caught:
        build_area(uploaded, "straat", "Mechelen")
    assert "'straat' bestaat niet" in str(caught.value)
    assert "naam" in str(caught.value)


def test_html_in_names_survives_unchanged(tmp_path):
    script = "<script>alert(1)</script>"
    uploaded = read_boundary_file(geojson_bytes(squares(names=(script, "B & C"))), "xss.geojson", MAX)
    area = build_area(uploaded, "naam", "<b>titel</b>")
    assert area.wijken["wijk_naam"].iloc[0] == script
    assert area.wijken_web["wijk_naam"].iloc[0] == script
    assert area.gemeente_naam(area.fingerprint) == "<b>titel</b>"
    loaded = load_area(tmp_path, save_area(area, tmp_path))
    assert list(loaded.wijken["wijk_naam"]) == [script, "B & C"]


def test_overlapping_polygons_fall_back_to_per_polygon_simplification():
    overlapping = gpd.GeoDataFrame({"naam": ["groot", "klein"]}, geometry=[
        shapely.box(4.47, 51.02, 4.49, 51.03), shapely.box(4.475, 51.022, 4.485, 51.028)], crs=4326)
    uploaded = read_boundary_file(geojson_bytes(overlapping), "overlap.geojson", MAX)
    area = build_area(uploaded, "naam", "Overlap")
    assert len(area.wijken_web) == 2 and len(area.wijken_overview) == 2
    assert shapely.is_valid(area.wijken_web.geometry.values).all()
    assert not shapely.is_empty(area.wijken_web.geometry.values).any()
    assert area.locate(4.472, 51.025) is not None


# Persistence -----------------------------------------------------------------------------------

def test_save_list_load_delete_roundtrip(area, tmp_path):
    folder = tmp_path / "eigen"
    assert list_areas(folder) == []
    code = save_area(area, folder)
    assert code == area.fingerprint
    assert list_areas(folder) == [(code, "Mijn Mechelen")]
    assert [p.name for p in folder.iterdir()] == [code]  # no staging folders left behind
    loaded = load_area(folder, code)
    assert list(loaded.wijken["wijk_naam"]) == ["Centrum", "Nekkerspoel"]
    assert loaded.locate(*INSIDE_WEST) == (code, f"{code}-001")
    assert loaded.attribution == area.attribution
    assert loaded.gemeente_list()["naam"].tolist() == ["Mijn Mechelen"]
    # Saving again replaces the area in place.
    assert save_area(area, folder) == code
    assert [p.name for p in folder.iterdir()] == [code]
    assert delete_area(folder, code) is True
    assert list_areas(folder) == [] and list(folder.iterdir()) == []
    assert delete_area(folder, code) is False
    with pytest.raises(BoundaryFileError, match="bestaat niet"):
        load_area(folder, code)


@pytest.mark.parametrize("code", ["../x", "eigen-../../etc", "eigen-0123456789\n", "eigen-0123456789/..",
                                  "/etc/passwd", "eigen-ABCDEF0123", ""])
def test_load_and_delete_refuse_codes_that_are_not_area_codes(tmp_path, code):
    victim = tmp_path / "x"
    victim.mkdir()
    with pytest.raises(BoundaryFileError, match="geen geldige code"):
        load_area(tmp_path / "eigen", code)
    with pytest.raises(BoundaryFileError, match="geen geldige code"):
        delete_area(tmp_path / "eigen", code)
    assert victim.is_dir()


# Rejections ------------------------------------------------------------------------------------

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


def snapshot(*folders: Path) -> dict[Path, set[str]]:
    return {folder: set(os.listdir(folder)) for folder in folders}


@pytest.mark.parametrize("evil", ["../evil.txt", "grenzen/../../evil.txt", "/etc/passwd", "/tmp/evil.txt",
                                  "C:/evil.txt", "..\\evil.txt"])
def test_refuses_zip_slip_before_extracting_anything(tmp_path, monkeypatch, evil):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    data = shapefile_zip(squares().to_crs(31370), tmp_path / "shp", extra={evil: b"pwned"})
    watched = (tmp_path, tmp_path.parent, work)
    before = snapshot(*watched)
    refused(data, "grenzen.zip", "onveilige bestandsnaam")
    assert snapshot(*watched) == before
    assert not (tmp_path.parent / "evil.txt").exists()


def test_refuses_a_zip_bomb_by_total_size(tmp_path):
    bomb = zip_bytes({"wijken.shp": b"\0" * (50 * MB), "wijken.shx": b"", "wijken.dbf": b""})
    assert len(bomb) < MB
    message = refused(bomb, "bom.zip", "zip-bom", max_bytes=1 * MB)
    assert "10 MB" in message


def test_refuses_a_zip_bomb_by_compression_ratio():
    bomb = zip_bytes({"wijken.shp": b"\0" * (5 * MB), "wijken.shx": b"", "wijken.dbf": b""})
    refused(bomb, "bom.zip", "verdacht sterk gecomprimeerd")


def test_refuses_a_zip_with_too_many_entries():
    data = zip_bytes({f"bestand{i}.txt": b"" for i in range(101)})
    refused(data, "veel.zip", "101 bestanden")


def test_refuses_a_zip_without_or_with_an_incomplete_shapefile(tmp_path):
    refused(zip_bytes({"wijken.geojson": geojson_bytes()}), "wijken.zip", "geen shapefile")
    data = shapefile_zip(squares().to_crs(31370), tmp_path / "shp", skip=("dbf",))
    refused(data, "wijken.zip", "mist .dbf")


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
    linked = geojson_bytes(crs={"type": "link", "properties": {"href": "http://example.invalid/crs"}})
    refused(linked, "link.geojson", "onbekend coördinatensysteem")
