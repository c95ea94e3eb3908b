"""Tests for geo.uploads.areas: building, keeping, listing, opening and removing a user's own area."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geo.boundaries import Boundaries
from geo.uploads.areas import build_area, delete_area, list_areas, load_area, save_area
from geo.uploads.boundary_files import BoundaryFileError, BoundaryLimits, read_boundary_file
from tests.geo.uploads.boundary_samples import INSIDE_WEST, MAX, geojson_bytes, squares


@pytest.fixture
def geojson() -> bytes:
    return geojson_bytes()


@pytest.fixture
def area(geojson) -> Boundaries:
    return build_area(read_boundary_file(geojson, "wijken.geojson", MAX), "naam", "Mijn Mechelen")


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


def test_build_area_names_blank_and_numeric_values():
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


def test_a_name_longer_than_the_limit_is_refused_naming_the_object():
    features = json.loads(geojson_bytes())["features"]
    features.insert(0, {"type": "Feature", "properties": {"naam": "paal"},
                        "geometry": {"type": "Point", "coordinates": [4.47, 51.02]}})
    features[2]["properties"]["naam"] = "N" * 501  # Nekkerspoel, object 3 of the file
    uploaded = read_boundary_file(geojson_bytes(features=features), "lang.geojson", MAX)
    with pytest.raises(BoundaryFileError) as caught:
        build_area(uploaded, "naam", "Mechelen")
    assert str(caught.value).startswith("De naam van object 3 (veld 'naam') is 501 tekens lang; hoogstens 500 zijn "
                                        "toegestaan (instelling max_naam_tekens)")
    # Exactly at the limit, or under a larger one, the name is kept whole.
    assert build_area(uploaded, "naam", "x", BoundaryLimits(max_name_chars=501)).wijken["wijk_naam"].iloc[1] == "N" * 501
    features[2]["properties"]["naam"] = "N" * 500
    uploaded = read_boundary_file(geojson_bytes(features=features), "lang.geojson", MAX)
    assert build_area(uploaded, "naam", "Mechelen").wijken["wijk_naam"].iloc[1] == "N" * 500


def test_a_title_longer_than_the_limit_is_refused(geojson):
    uploaded = read_boundary_file(geojson, "wijken.geojson", MAX)
    with pytest.raises(BoundaryFileError, match="De naam van het gebied is 41 tekens lang; hoogstens 40"):
        build_area(uploaded, "naam", "T" * 41, BoundaryLimits(max_name_chars=40))
    assert build_area(uploaded, "naam", " " + "T" * 40 + " ", BoundaryLimits(max_name_chars=40)).gemeente_list()[
        "naam"].tolist() == ["T" * 40]


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
def test_load_and_delete_refuse_codes_that_are_not_area_codes(tmp_path: Path, code):
    victim = tmp_path / "x"
    victim.mkdir()
    with pytest.raises(BoundaryFileError, match="geen geldige code"):
        load_area(tmp_path / "eigen", code)
    with pytest.raises(BoundaryFileError, match="geen geldige code"):
        delete_area(tmp_path / "eigen", code)
    assert victim.is_dir()
