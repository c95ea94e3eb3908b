"""The coverage exports for the mobility council: the flat table, CSV for Excel NL-BE,
GeoJSON (WGS84) and GeoPackage (Lambert 72), each with the sources.

Two inputs: a coverage table made by hand (exact shares such as 0.5, a wijk whose name is
a spreadsheet formula, an unknown and a known number of inhabitants) and the real
coverage of Mechelen with the demo partners.
"""

from __future__ import annotations

import csv
import io
import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from geo.boundaries import ATTRIBUTION, ATTRIBUTION_STATBEL, ATTRIBUTION_WIJKEN, prepare_boundaries
from geo.categories import load_categories
from geo.coverage import COVERAGE_COLUMNS as CORE_COLUMNS
from geo.coverage import wijk_coverage
from geo.demo import demo_partners
from geo.export import coverage_csv, coverage_geojson, coverage_gpkg, coverage_table
from geo.partners import Partner
from geo.reach import CoverageSettings, to_wgs84_lonlat

EXPORT_COLUMNS = ["wijk_code", "wijk_naam", "partners", "vertrouwde_partners", "categorieen",
                  "ontbrekende_categorieen", "gedekt_aandeel", "witte_vlek", "inwoners_gedekt"]
BOM = b"\xef\xbb\xbf"
X0, Y0 = 150_000.0, 200_000.0  # Lambert 72, in Flanders


def hand_made_coverage() -> gpd.GeoDataFrame:
    """Three 1 km² wijken with the columns of :func:`geo.coverage.wijk_coverage`."""
    shares = np.array([0.5, 1.0, 0.123456])
    inhabitants = np.array([np.nan, 2000.0, 1000.0])
    return gpd.GeoDataFrame({
        "wijk_code": ["91001W01", "91001W02", "91001W03"],
        "wijk_naam": ["=cmd|x", "Oost", "Noord"],
        "gemeente_nis": ["91001"] * 3,
        "oppervlakte_km2": [1.0, 1.0, 1.0],
        "partners": [2, 1, 0],
        "vertrouwde_partners": [1, 1, 0],
        "categorieen": [("jeugdbeweging", "school"), ("school",), ()],
        "ontbrekende_categorieen": [("natuur_milieu",), ("jeugdbeweging", "natuur_milieu"),
                                    ("jeugdbeweging", "natuur_milieu", "school")],
        "gedekt_aandeel": shares,
        "gedekt_km2": shares,
        "dichtste_vertrouwde": ["Chiro", "School", "School"],
        "afstand_m": [0.0, 0.0, 850.0],
        "inwoners": inhabitants,
        "inwoners_gedekt": inhabitants * shares,
        "witte_vlek": shares < 0.25,
        "buurpartners": [(), (), ()],
    }, geometry=[shapely.box(X0 + 1000 * i, Y0, X0 + 1000 * (i + 1), Y0 + 1000) for i in range(3)], crs=31370)


@pytest.fixture(scope="module")
def hand_made() -> gpd.GeoDataFrame:
    coverage = hand_made_coverage()
    assert list(coverage.columns) == list(CORE_COLUMNS)  # the same shape as the real thing
    return coverage


@pytest.fixture(scope="module")
def mechelen(boundaries) -> gpd.GeoDataFrame:
    """The real coverage of Mechelen's 12 wijken by the demo partners, default settings."""
    coverage = wijk_coverage(boundaries, "12025", demo_partners(boundaries), load_categories(), CoverageSettings())
    assert len(coverage) == 12
    assert coverage["witte_vlek"].any() and not coverage["witte_vlek"].all()
    return coverage


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline=""), delimiter=";"))


def read_back(data: bytes) -> pd.DataFrame:
    """The CSV as a spreadsheet user's pandas reads it (the sources line left off)."""
    return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", engine="python", skipfooter=1,
                       dtype={"wijk_code": str, "wijk_naam": str, "categorieen": str, "ontbrekende_categorieen": str,
                              "witte_vlek": str}, keep_default_na=False, na_values={"inwoners_gedekt": [""]})


# -- the table -------------------------------------------------------------------------------


def test_the_table_has_exactly_the_documented_columns_and_flat_values(hand_made):
    table = coverage_table(hand_made)

    assert list(table.columns) == EXPORT_COLUMNS
    assert list(table["wijk_code"]) == ["91001W01", "91001W02", "91001W03"]
    assert list(table["wijk_naam"]) == ["=cmd|x", "Oost", "Noord"]  # neutralised only when written as CSV
    assert list(table["partners"]) == [2, 1, 0]
    assert list(table["vertrouwde_partners"]) == [1, 1, 0]
    assert list(table["categorieen"]) == ["jeugdbeweging,school", "school", ""]
    assert list(table["ontbrekende_categorieen"]) == ["natuur_milieu", "jeugdbeweging,natuur_milieu",
                                                      "jeugdbeweging,natuur_milieu,school"]
    assert list(table["gedekt_aandeel"]) == [0.5, 1.0, 0.1235]
    assert list(table["witte_vlek"]) == ["false", "false", "true"]
    # Unknown stays empty (not 0); known counts stay whole numbers even next to an unknown one.
    assert table["inwoners_gedekt"].isna().tolist() == [True, False, False]
    assert table["inwoners_gedekt"].tolist()[1:] == [2000, 123]
    assert pd.api.types.is_integer_dtype(table["inwoners_gedekt"])


def test_the_table_of_a_real_municipality_follows_the_coverage(mechelen):
    table = coverage_table(mechelen)

    assert list(table.columns) == EXPORT_COLUMNS
    assert list(table["wijk_code"]) == list(mechelen["wijk_code"])
    assert list(table["witte_vlek"]) == ["true" if s else "false" for s in mechelen["witte_vlek"]]
    assert np.allclose(table["gedekt_aandeel"], mechelen["gedekt_aandeel"], atol=5e-5, rtol=0)
    assert list(table["categorieen"]) == [",".join(c) for c in mechelen["categorieen"]]
    assert table["inwoners_gedekt"].isna().all()  # no population table given


# -- CSV -------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_semicolons_and_the_sources_as_last_line(hand_made):
    data = coverage_csv(hand_made, ATTRIBUTION)

    rows = csv_rows(data)
    assert rows[0] == EXPORT_COLUMNS
    assert len(rows) == 1 + 3 + 1
    assert all(len(row) == len(EXPORT_COLUMNS) for row in rows[1:-1])
    last = data.decode("utf-8").rstrip("\r\n").splitlines()[-1]
    assert last.startswith("# Bronnen: ")
    assert ATTRIBUTION_WIJKEN in last and ATTRIBUTION_STATBEL in last
    assert "Wijken voor omgevingsanalyse" in last


@pytest.mark.parametrize(("decimal_comma", "half", "small"), [(True, "0,5", "0,1235"), (False, "0.5", "0.1235")])
def test_the_decimal_comma_can_be_switched_on_and_off(hand_made, decimal_comma, half, small):
    rows = csv_rows(coverage_csv(hand_made, ATTRIBUTION, decimal_comma=decimal_comma))

    share = EXPORT_COLUMNS.index("gedekt_aandeel")
    assert [row[share] for row in rows[1:4]] == [half, "1,0" if decimal_comma else "1.0", small]
    # The ';' separator keeps a decimal comma from splitting a field.
    assert all(len(row) == len(EXPORT_COLUMNS) for row in rows[1:4])


def test_inhabitants_are_whole_numbers_in_the_csv_and_empty_when_unknown(hand_made):
    for decimal_comma in (True, False):
        rows = csv_rows(coverage_csv(hand_made, ATTRIBUTION, decimal_comma=decimal_comma))

        people = EXPORT_COLUMNS.index("inwoners_gedekt")
        assert [row[people] for row in rows[1:4]] == ["", "2000", "123"]


def test_the_default_csv_uses_the_decimal_comma(hand_made):
    assert coverage_csv(hand_made, ATTRIBUTION) == coverage_csv(hand_made, ATTRIBUTION, decimal_comma=True)


def test_a_wijk_name_that_is_a_formula_is_neutralised_in_the_csv(hand_made):
    rows = csv_rows(coverage_csv(hand_made, ATTRIBUTION))

    name = EXPORT_COLUMNS.index("wijk_naam")
    assert rows[1][name] == "'=cmd|x"
    assert not any(field.startswith(("=", "+", "-", "@")) for row in rows for field in row)


def test_a_formula_from_a_real_coverage_run_is_neutralised(tmp_path):
    """Through :func:`wijk_coverage` on boundaries whose wijk names are formulas."""
    wijken = gpd.GeoDataFrame({"geoitem": ["91001W01", "91001W02"], "naam": ["=cmd|x", "+SUM(A1)"]}, crs=31370,
                              geometry=[shapely.box(X0, Y0, X0 + 1000, Y0 + 1000),
                                        shapely.box(X0 + 1000, Y0, X0 + 2000, Y0 + 1000)])
    gemeenten = gpd.GeoDataFrame({"geoitem": ["91001"], "naam": ["Aastad"]}, crs=31370,
                                 geometry=[shapely.box(X0, Y0, X0 + 2000, Y0 + 1000)])
    tiny = prepare_boundaries(wijken, gemeenten)
    lon, lat = to_wgs84_lonlat([X0 + 500], [Y0 + 500])
    neighbourhood = Partner(naam="@buurt", categorie="buurt", status="zet zich mee in", lat=float(lat[0]),
                            lon=float(lon[0]), id="p1")  # a buurtactor reaches its own wijk
    coverage = wijk_coverage(tiny, "91001", [neighbourhood], load_categories(), CoverageSettings())
    assert list(coverage["gedekt_aandeel"].round(6)) == [1.0, 0.0]

    rows = csv_rows(coverage_csv(coverage, tiny.attribution))
    name = EXPORT_COLUMNS.index("wijk_naam")
    assert [row[name] for row in rows[1:3]] == ["'=cmd|x", "'+SUM(A1)"]
    assert [row[EXPORT_COLUMNS.index("witte_vlek")] for row in rows[1:3]] == ["false", "true"]


def test_the_csv_reads_back_with_the_same_values(hand_made):
    back = read_back(coverage_csv(hand_made, ATTRIBUTION))
    table = coverage_table(hand_made)

    assert list(back.columns) == EXPORT_COLUMNS
    assert len(back) == 3
    assert list(back["wijk_code"]) == list(table["wijk_code"])
    assert list(back["wijk_naam"]) == ["'=cmd|x", "Oost", "Noord"]
    assert list(back["partners"]) == list(table["partners"])
    assert list(back["vertrouwde_partners"]) == list(table["vertrouwde_partners"])
    assert list(back["categorieen"]) == list(table["categorieen"])
    assert list(back["ontbrekende_categorieen"]) == list(table["ontbrekende_categorieen"])
    assert list(back["gedekt_aandeel"]) == [0.5, 1.0, 0.1235]
    assert list(back["witte_vlek"]) == ["false", "false", "true"]
    assert math.isnan(back["inwoners_gedekt"][0])
    assert list(back["inwoners_gedekt"][1:]) == [2000, 123]


def test_the_csv_of_mechelen_reads_back_with_the_same_shares(mechelen):
    back = read_back(coverage_csv(mechelen, ATTRIBUTION))
    table = coverage_table(mechelen)

    assert len(back) == 12
    assert list(back["wijk_naam"]) == list(table["wijk_naam"])
    assert list(back["gedekt_aandeel"]) == list(table["gedekt_aandeel"])
    assert list(back["witte_vlek"]) == list(table["witte_vlek"])


# -- GeoJSON ---------------------------------------------------------------------------------


def test_geojson_is_wgs84_with_the_table_per_wijk_and_the_sources(mechelen):
    document = json.loads(coverage_geojson(mechelen, ATTRIBUTION).decode("utf-8"))

    assert document["type"] == "FeatureCollection"
    assert document["bronnen"] == list(ATTRIBUTION)
    features = document["features"]
    assert len(features) == 12
    table = coverage_table(mechelen)
    for feature, expected in zip(features, table.to_dict("records")):
        properties = feature["properties"]
        assert set(EXPORT_COLUMNS) <= set(properties)
        assert properties["wijk_code"] == expected["wijk_code"]
        assert properties["wijk_naam"] == expected["wijk_naam"]
        assert properties["partners"] == expected["partners"]
        assert properties["vertrouwde_partners"] == expected["vertrouwde_partners"]
        assert properties["categorieen"] == expected["categorieen"]
        assert properties["gedekt_aandeel"] == expected["gedekt_aandeel"]
        assert properties["witte_vlek"] is (expected["witte_vlek"] == "true")
        assert properties["inwoners_gedekt"] is None
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        coordinates = np.array(shapely.get_coordinates(shapely.geometry.shape(feature["geometry"])))
        lon, lat = coordinates[:, 0], coordinates[:, 1]
        assert ((lon > 2.5) & (lon < 6.5)).all() and ((lat > 50.6) & (lat < 51.6)).all(), feature["properties"]


def test_geojson_geometry_is_the_wijk_itself(mechelen):
    """Back in Lambert 72, each feature has the wijk's area: reprojected, not simplified away."""
    back = gpd.read_file(io.BytesIO(coverage_geojson(mechelen, ATTRIBUTION))).to_crs(31370)

    assert np.allclose(back.area.to_numpy(), mechelen.area.to_numpy(), rtol=1e-4)


# -- GeoPackage ------------------------------------------------------------------------------


def test_geopackage_has_layer_dekking_in_lambert72_with_the_same_rows(mechelen, tmp_path):
    path = tmp_path / "dekking.gpkg"
    path.write_bytes(coverage_gpkg(mechelen, ATTRIBUTION))

    assert [layer[0] for layer in pyogrio.list_layers(path)] == ["dekking"]
    info = pyogrio.read_info(path, layer="dekking")
    assert info["features"] == 12
    assert info["layer_metadata"] == {"BRONNEN": " · ".join(ATTRIBUTION)}
    back = gpd.read_file(path, layer="dekking", engine="pyogrio")
    assert back.crs.to_epsg() == 31370
    assert set(EXPORT_COLUMNS) | {"bronnen"} <= set(back.columns)
    table = coverage_table(mechelen)
    assert list(back["wijk_code"]) == list(table["wijk_code"])
    assert list(back["wijk_naam"]) == list(table["wijk_naam"])
    assert list(back["partners"]) == list(table["partners"])
    assert list(back["vertrouwde_partners"]) == list(table["vertrouwde_partners"])
    assert list(back["categorieen"]) == list(table["categorieen"])
    assert list(back["ontbrekende_categorieen"]) == list(table["ontbrekende_categorieen"])
    assert list(back["gedekt_aandeel"]) == list(table["gedekt_aandeel"])
    assert list(back["witte_vlek"].astype(bool)) == list(mechelen["witte_vlek"])
    assert back["inwoners_gedekt"].isna().all()
    assert set(back["bronnen"]) == {" · ".join(ATTRIBUTION)}
    assert "Wijken voor omgevingsanalyse" in back["bronnen"][0]
    assert np.allclose(back.area.to_numpy(), mechelen.area.to_numpy(), rtol=1e-9)


def test_geopackage_keeps_known_inhabitants_and_leaves_unknown_empty(hand_made, tmp_path):
    path = tmp_path / "dekking.gpkg"
    path.write_bytes(coverage_gpkg(hand_made, ATTRIBUTION))

    back = gpd.read_file(path, layer="dekking", engine="pyogrio")
    assert back["inwoners_gedekt"].isna().tolist() == [True, False, False]
    assert list(back["inwoners_gedekt"][1:].astype(int)) == [2000, 123]
    assert list(back["gedekt_aandeel"]) == [0.5, 1.0, 0.1235]
    assert list(back["witte_vlek"].astype(bool)) == [False, False, True]
