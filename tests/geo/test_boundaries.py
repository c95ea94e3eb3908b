"""Boundaries on the real wijk and municipality layers, and on small hand-made shapes."""

from __future__ import annotations

import itertools
import shutil

import geopandas as gpd
import pandas as pd
import numpy as np
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from pyproj import Transformer
from shapely.geometry import GeometryCollection, LineString, Point, Polygon, box

from geo import texts
from geo.boundaries import (LAMBERT72, WGS84, assign_to_gemeenten, load_boundaries, prepare_boundaries, read_layer,
                            repair, to_lambert)
from geo.config import load_settings

TO_WGS84 = Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)
WIJK_COLUMNS = ["wijk_code", "wijk_naam", "gemeente_nis", "gemeente_naam", "oppervlakte_km2", "geometry"]

# -- the real data -------------------------------------------------------------------------


@pytest.mark.parametrize("nis,naam,wijken", [("12025", "Mechelen", 12), ("11050", "Wijnegem", 2),
                                             ("11002", "Antwerpen", 67), ("44021", "Gent", 25)])
def test_wijk_counts(boundaries, nis, naam, wijken):
    assert len(boundaries.wijken_of(nis)) == wijken
    assert len(boundaries.web_wijken_of(nis)) == wijken
    assert len(boundaries.wijk_table(nis)) == wijken
    assert boundaries.gemeente_naam(nis) == naam
    assert boundaries.gemeenten.set_index("gemeente_nis").loc[nis, "wijken"] == wijken


def test_antwerpen_gets_its_merged_wijken_by_location(boundaries):
    # Wijk codes still carry the pre-2025 municipality (Borsbeek, 11007, merged into
    # Antwerpen): a prefix match would find 64 wijken, the spatial link finds all 67.
    codes = boundaries.wijken["wijk_code"]
    assert codes.str.startswith("11002").sum() == 64
    antwerpen = boundaries.wijken_of("11002")["wijk_code"]
    assert sorted(c for c in antwerpen if not c.startswith("11002")) == ["11007A01", "11007A02", "11007A03"]
    assert "11007" not in set(boundaries.gemeenten["gemeente_nis"])


def test_totals(boundaries):
    assert len(boundaries.gemeenten) == 304
    assert len(boundaries.wijken) == 2767
    assert boundaries.wijken["wijk_code"].is_unique
    assert boundaries.gemeenten["wijken"].sum() == 2767
    assert (boundaries.gemeenten["wijken"] > 0).all()
    assert boundaries.wijken.area.sum() / 1e6 == pytest.approx(13_788, abs=1)
    assert boundaries.wijken["oppervlakte_km2"].sum() == pytest.approx(13_788, abs=1)
    assert list(boundaries.wijken.columns) == WIJK_COLUMNS
    assert boundaries.wijken.geometry.is_valid.all()


def test_every_wijk_lies_in_exactly_one_municipality(boundaries):
    wijken, gemeenten = boundaries.wijken, boundaries.gemeenten
    points = gpd.GeoDataFrame(geometry=wijken.representative_point(), crs=wijken.crs)
    joined = gpd.sjoin(points, gemeenten, predicate="within")
    assert joined.index.is_unique and len(joined) == len(wijken)
    assert (joined.sort_index()["gemeente_nis"].to_numpy() == wijken["gemeente_nis"].to_numpy()).all()
    # ... and (practically) all of its area lies in that municipality.
    owner = gemeenten.set_index("gemeente_nis").geometry.loc[wijken["gemeente_nis"]].to_numpy()
    inside = shapely.area(shapely.intersection(wijken.geometry.to_numpy(), owner)) / wijken.area.to_numpy()
    assert inside.min() > 0.999


def test_crs(boundaries):
    assert boundaries.wijken.crs.to_epsg() == 31370
    assert boundaries.gemeenten.crs.to_epsg() == 31370
    assert boundaries.wijken_web.crs.to_epsg() == 4326
    assert boundaries.wijken_overview.crs.to_epsg() == 4326


def test_esri_projection_file_is_read_as_epsg_31370(SHARED_GEBIEDEN):
    frame = read_layer(SHARED_GEBIEDEN / "data_voor_swing" / "shapefiles" / "gemeente.shp")
    assert frame.crs == LAMBERT72


def test_web_layer_is_correctly_reprojected(boundaries):
    full = boundaries.wijken_of("12025").union_all().centroid
    expected_lon, expected_lat = TO_WGS84.transform(full.x, full.y)
    web = boundaries.web_wijken_of("12025").union_all().centroid
    assert (web.x, web.y) == pytest.approx((expected_lon, expected_lat), abs=1e-4)  # about 10 m
    assert (web.y, web.x) == pytest.approx((51.03, 4.45), abs=0.01)


def test_bounds_of_municipality(boundaries):
    (south, west), (north, east) = boundaries.bounds_of("12025")
    assert 50.98 < south < 51.0 < 51.07 < north < 51.09
    assert 4.36 < west < 4.38 < 4.54 < east < 4.56


def test_find_gemeente(boundaries):
    assert boundaries.find_gemeente("12025") == "12025"
    assert boundaries.find_gemeente(" 12025 ") == "12025"
    assert boundaries.find_gemeente("Mechelen") == "12025"
    assert boundaries.find_gemeente("  mEcHeLeN ") == "12025"
    assert boundaries.find_gemeente("Méchelen") == "12025"
    assert boundaries.find_gemeente("wijnegem") == "11050"
    assert boundaries.find_gemeente("Sint-Pieters-Leeuw") == boundaries.gemeenten.set_index(
        "gemeente_naam").loc["Sint-Pieters-Leeuw", "gemeente_nis"]
    assert boundaries.find_gemeente("Atlantis") is None
    assert boundaries.find_gemeente("99999") is None
    assert boundaries.find_gemeente("") is None
    assert boundaries.find_gemeente(None) is None


def test_gemeente_list_sorted_by_name(boundaries):
    table = boundaries.gemeente_list()
    assert list(table.columns) == ["nis", "naam", "wijken"]
    assert len(table) == 304
    assert list(table["naam"]) == sorted(table["naam"], key=str.casefold)
    assert table.set_index("nis").loc["12025", "wijken"] == 12


def test_locate(boundaries):
    assert boundaries.locate(4.4801, 51.0279) == ("12025", "12025W03")  # Grote Markt, Mechelen
    assert boundaries.locate(2.3522, 48.8566) is None  # Paris
    assert boundaries.locate(51.0279, 4.4801) is None  # swapped coordinates: in the ocean


def test_locate_finds_the_wijk_of_every_point_inside_it(boundaries):
    wijken = boundaries.wijken_of("44021")
    points = wijken.representative_point()
    lons, lats = TO_WGS84.transform(points.x.to_numpy(), points.y.to_numpy())
    found = boundaries.locate_many(np.asarray(lons), np.asarray(lats))
    assert found == [("44021", code) for code in wijken["wijk_code"]]


def vertices(frame: gpd.GeoDataFrame) -> int:
    return int(shapely.get_num_coordinates(frame.geometry.to_numpy()).sum())


def test_web_geometry_is_simplified(boundaries):
    full = vertices(boundaries.wijken)
    assert full > 150_000
    # The source is already coarse (median vertex spacing > 100 m), so the 12 m
    # detail tolerance removes little; the overview removes most vertices.
    assert vertices(boundaries.wijken_web) < full
    assert vertices(boundaries.wijken_overview) < full / 4
    for frame in (boundaries.wijken_web, boundaries.wijken_overview):
        assert len(frame) == 2767
        assert frame.geometry.is_valid.all()
        assert not frame.geometry.is_empty.any()
        assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
        assert list(frame["wijk_code"]) == list(boundaries.wijken["wijk_code"])


@pytest.mark.parametrize("layer,decimals", [("wijken_web", 5), ("wijken_overview", 4)])
def test_web_coordinates_are_quantised(boundaries, layer, decimals):
    coordinates = shapely.get_coordinates(getattr(boundaries, layer).geometry.to_numpy())
    assert np.abs(coordinates - np.round(coordinates, decimals)).max() < 1e-9
    assert np.abs(coordinates - np.round(coordinates, decimals - 1)).max() > 1e-6


def test_simplified_neighbours_still_share_borders(boundaries):
    full = boundaries.wijken_of("12025").geometry.to_list()
    web_lambert = boundaries.web_wijken_of("12025").to_crs(LAMBERT72)
    web = web_lambert.geometry.to_list()

    # No gaps and no overlaps: the union is one piece without holes, as large as the parts together.
    union = web_lambert.union_all()
    assert union.geom_type == "Polygon"
    assert shapely.get_num_interior_rings(union) == 0
    assert union.area == pytest.approx(web_lambert.area.sum(), rel=1e-7)
    assert union.area == pytest.approx(boundaries.wijken_of("12025").area.sum(), rel=1e-3)

    shared_borders = 0
    for i, j in itertools.combinations(range(len(full)), 2):
        border = full[i].intersection(full[j]).length
        if border > 50:
            shared_borders += 1
            simplified = web[i].intersection(web[j])
            assert simplified.geom_type in ("LineString", "MultiLineString"), (i, j, simplified.geom_type)
            assert simplified.length == pytest.approx(border, rel=0.2)
    assert shared_borders >= 15


def test_whole_region_stays_a_coverage(boundaries):
    web = boundaries.wijken_web.to_crs(LAMBERT72)
    overlap_m2 = web.area.sum() - web.union_all().area
    assert 0 <= overlap_m2 < 1_000
    assert web.area.sum() / 1e6 == pytest.approx(13_788, abs=1)


def test_second_load_reads_prepared_cache(boundaries, settings):
    folder = settings.cache / "prepared" / boundaries.fingerprint
    assert sorted(p.name for p in folder.iterdir()) == [
        "deelgemeenten.parquet", "gemeenten.parquet", "wijken.parquet", "wijken_overview.parquet", "wijken_web.parquet"]

    again = load_boundaries(settings)

    assert again.fingerprint == boundaries.fingerprint
    for part in ("wijken", "gemeenten", "wijken_web", "wijken_overview"):
        assert_geodataframe_equal(getattr(again, part), getattr(boundaries, part), check_less_precise=False)
    pd.testing.assert_frame_equal(again.deelgemeenten, boundaries.deelgemeenten)
    assert again.find_gemeente("Gent") == "44021"


def test_every_deelgemeente_lies_in_one_2025_municipality(boundaries):
    table = boundaries.deelgemeenten.set_index("deelgemeente_naam")

    assert len(table) == 1119 and table["gemeente_nis"].nunique() == 304
    assert set(table["gemeente_nis"]) == set(boundaries.gemeenten["gemeente_nis"])
    assert table.loc["Sint-Andries (Brugge)", "gemeente_nis"] == "31005"
    assert table.loc["Kortessem (Hasselt)", "gemeente_nis"] == "71072"  # merged into Hasselt in 2025
    assert table.loc["Oostham (Tessenderlo-Ham)", "gemeente_nis"] == "71071"


def cache_copy(boundaries, settings, tmp_path):
    """Settings whose cache holds a copy of the session's prepared layers."""
    shutil.copytree(settings.cache / "prepared" / boundaries.fingerprint,
                    tmp_path / "prepared" / boundaries.fingerprint)
    return load_settings({"PARTNERKAART_GEBIEDEN": settings.gebieden, "PARTNERKAART_CACHE": str(tmp_path),
                          "PARTNERKAART_INSTELLINGEN": str(tmp_path / "geen.toml")})


def test_prepared_cache_is_what_is_read(boundaries, settings, tmp_path):
    copy = cache_copy(boundaries, settings, tmp_path)
    folder = tmp_path / "prepared" / boundaries.fingerprint
    boundaries.wijken_overview.head(3).to_parquet(folder / "wijken_overview.parquet")

    loaded = load_boundaries(copy)

    assert len(loaded.wijken_overview) == 3  # not prepared again from the source files


def test_damaged_prepared_cache_is_rebuilt(boundaries, settings, tmp_path):
    copy = cache_copy(boundaries, settings, tmp_path)
    damaged = tmp_path / "prepared" / boundaries.fingerprint / "wijken.parquet"
    damaged.write_bytes(b"geen parquet")

    rebuilt = load_boundaries(copy)

    assert_geodataframe_equal(rebuilt.wijken, boundaries.wijken)
    # The damaged copy was replaced, so the next start reads the cache again.
    assert_geodataframe_equal(gpd.read_parquet(damaged), boundaries.wijken)
    assert [p.name for p in (tmp_path / "prepared").iterdir()] == [boundaries.fingerprint]


# -- small hand-made shapes ----------------------------------------------------------------

X0, Y0 = 157_000, 190_000  # near Mechelen, in Lambert 72


def square(x: float, y: float, width: float, height: float | None = None) -> Polygon:
    return box(X0 + x, Y0 + y, X0 + x + width, Y0 + y + (height if height is not None else width))


@pytest.fixture
def two_gemeenten() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"geoitem": ["90001", "90002"], "naam": ["Westdorp", "Oostdorp"]},
                            geometry=[square(0, 0, 1000), square(1000, 0, 1000)], crs="EPSG:31370")


@pytest.fixture
def three_wijken() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"geoitem": ["90001W01", "90002W01", "90001W02"], "naam": [" West ", "Oost", "Grens"]},
        geometry=[
            square(0, 0, 600, 1000),
            square(1300, 0, 700, 1000),
            square(600, 0, 700, 1000),  # 400 m in Westdorp, 300 m in Oostdorp
        ], crs="EPSG:31370")


def test_assign_to_gemeenten(two_gemeenten, three_wijken):
    owner = assign_to_gemeenten(three_wijken, two_gemeenten)
    assert owner.tolist() == [0, 1, 0]


def test_assign_uses_largest_overlap_when_point_falls_outside(two_gemeenten):
    # Mostly outside both municipalities (a sliver at the region's edge); the part inside
    # lies in Oostdorp.
    wijken = gpd.GeoDataFrame({"wijk_code": ["X"]}, geometry=[square(1500, 900, 200, 400)], crs="EPSG:31370")
    assert not two_gemeenten.contains(wijken.representative_point().iloc[0]).any()
    assert assign_to_gemeenten(wijken, two_gemeenten).tolist() == [1]


def test_wijk_outside_every_municipality_is_refused(two_gemeenten):
    wijken = gpd.GeoDataFrame({"wijk_code": ["90009W01"]}, geometry=[square(5000, 5000, 100)], crs="EPSG:31370")
    with pytest.raises(ValueError) as caught:
        assign_to_gemeenten(wijken, two_gemeenten)
    assert str(caught.value) == texts.WIJK_ZONDER_GEMEENTE.format(wijk="90009W01")


def test_prepare_boundaries(two_gemeenten, three_wijken):
    prepared = prepare_boundaries(three_wijken, two_gemeenten, fingerprint="abc")

    wijken = prepared.wijken
    assert list(wijken.columns) == WIJK_COLUMNS
    assert wijken.crs == LAMBERT72
    assert wijken["wijk_code"].tolist() == ["90001W01", "90001W02", "90002W01"]  # sorted by municipality
    assert wijken["wijk_naam"].tolist() == ["West", "Grens", "Oost"]  # stripped
    assert wijken["gemeente_nis"].tolist() == ["90001", "90001", "90002"]
    assert wijken["gemeente_naam"].tolist() == ["Westdorp", "Westdorp", "Oostdorp"]
    assert wijken["oppervlakte_km2"].tolist() == [0.6, 0.7, 0.7]
    assert prepared.gemeenten.set_index("gemeente_nis")["wijken"].to_dict() == {"90001": 2, "90002": 1}
    assert prepared.fingerprint == "abc"
    assert prepared.find_gemeente("oostdorp") == "90002"
    assert prepared.wijken_web.crs == WGS84
    lon, lat = TO_WGS84.transform(X0 + 300, Y0 + 500)
    assert prepared.web_wijken_of("90001").geometry.iloc[0].contains(Point(lon, lat))
    assert prepared.locate(lon, lat) == ("90001", "90001W01")


def test_prepare_boundaries_accepts_other_crs(two_gemeenten, three_wijken):
    prepared = prepare_boundaries(three_wijken.to_crs(WGS84), two_gemeenten.to_crs(WGS84))
    assert prepared.wijken.crs == LAMBERT72
    assert prepared.wijken["gemeente_nis"].tolist() == ["90001", "90001", "90002"]
    assert prepared.wijken["oppervlakte_km2"].tolist() == pytest.approx([0.6, 0.7, 0.7], abs=1e-3)


def test_repair_bow_tie():
    bow_tie = Polygon([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)])
    assert not bow_tie.is_valid
    repaired = repair(gpd.GeoSeries([bow_tie, square(0, 0, 10)], index=[7, 8], crs=LAMBERT72))
    assert repaired.index.tolist() == [7, 8]
    assert repaired.crs == LAMBERT72
    assert repaired.is_valid.all()
    assert repaired.iloc[0].geom_type == "MultiPolygon"
    assert repaired.iloc[0].area == pytest.approx(2.0)
    assert repaired.iloc[1].equals(square(0, 0, 10))


def test_repair_keeps_only_polygonal_parts():
    mixed = GeometryCollection([box(0, 0, 1, 1), LineString([(5, 5), (6, 6)]), Point(9, 9)])
    repaired = repair(gpd.GeoSeries([mixed, None], crs=LAMBERT72))
    assert repaired.iloc[0].equals(box(0, 0, 1, 1))
    assert repaired.iloc[1].is_empty
    assert set(repaired.geom_type) <= {"Polygon", "MultiPolygon"}


def test_to_lambert_refuses_frame_without_crs():
    with pytest.raises(ValueError, match="coördinatensysteem"):
        to_lambert(gpd.GeoDataFrame(geometry=[Point(4.48, 51.03)]))


def test_to_lambert_reprojects_wgs84():
    frame = gpd.GeoDataFrame(geometry=[Point(4.4801, 51.0279)], crs="EPSG:4326")
    lambert = to_lambert(frame)
    assert lambert.crs.to_epsg() == 31370
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True).transform(4.4801, 51.0279)
    assert (lambert.geometry.iloc[0].x, lambert.geometry.iloc[0].y) == pytest.approx((x, y), abs=0.01)
    assert 150_000 < x < 165_000 and 185_000 < y < 195_000


def test_to_lambert_keeps_lambert_coordinates():
    frame = gpd.GeoDataFrame(geometry=[Point(157_000, 190_000)], crs="EPSG:31370")
    assert to_lambert(frame).geometry.iloc[0].equals(Point(157_000, 190_000))
