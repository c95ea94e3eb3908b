"""Coverage per wijk: exact shares against hand-computed circle areas, the columns,
neighbouring partners, the fast all-of-Flanders path against the naive one, population.

Made-up world (Lambert 72): Aastad 91001 = wijken 91001W01 (x 0–1 km) and 91001W02
(x 1–2 km), Beedorp 91002 = 91002W01 (x 2–3 km) and 91002W02 (x 3–4 km), all 1 km high,
relative to (X0, Y0). Every wijk is 1 km², so a share is an area in km².
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.boundaries import Boundaries
from geo import circle_cover
from geo.circle_cover import covered_area
from geo.coverage import COVERAGE_COLUMNS, coverage_all, wijk_coverage
from geo.partners import Partner
from geo.population.upload import read_population
from geo.reach import CoverageSettings, circle_polygons, partner_frame, to_wgs84_lonlat
from tests.geo.tiny_area import partner_at, tiny_boundaries

PP = 1e-3  # 0.1 percentage point, as a share




def segment(r: float, h: float) -> float:
    """Area of the part of a circle of radius r beyond a line at distance h from its centre."""
    return r * r * math.acos(h / r) - h * math.sqrt(r * r - h * h)


def lens(r: float, d: float) -> float:
    """Area common to two circles of radius r whose centres are d apart."""
    return 2 * r * r * math.acos(d / (2 * r)) - d / 2 * math.sqrt(4 * r * r - d * d)


@pytest.fixture(scope="module")
def tiny() -> Boundaries:
    return tiny_boundaries()


def shares(table: pd.DataFrame) -> dict[str, float]:
    return dict(zip(table["wijk_code"], table["gedekt_aandeel"]))


def test_circle_inside_one_wijk(tiny, categories):
    table = wijk_coverage(tiny, "91001", [partner_at("Chiro", 500, 400, bereik_m=300)], categories, CoverageSettings())
    assert list(table.columns) == list(COVERAGE_COLUMNS)
    assert isinstance(table, gpd.GeoDataFrame) and table.crs.to_epsg() == 31370
    got = shares(table)
    assert got["91001W01"] == pytest.approx(math.pi * 300 ** 2 / 1e6, abs=PP)
    assert got["91001W01"] == pytest.approx(math.pi * 300 ** 2 / 1e6, abs=1e-9)  # exact, in fact
    assert got["91001W02"] == 0.0
    assert table.set_index("wijk_code").loc["91001W01", "gedekt_km2"] == pytest.approx(math.pi * 0.09, abs=1e-9)


def test_circle_straddling_two_wijken(tiny, categories):
    partners = [partner_at("School", 800, 500, bereik_m=400)]  # 200 m from the border at x = 1000
    got = shares(wijk_coverage(tiny, "91001", partners, categories, CoverageSettings()))
    beyond = segment(400, 200)
    assert got["91001W02"] == pytest.approx(beyond / 1e6, abs=PP)
    assert got["91001W01"] == pytest.approx((math.pi * 400 ** 2 - beyond) / 1e6, abs=PP)
    assert got["91001W01"] + got["91001W02"] == pytest.approx(math.pi * 0.16, abs=1e-9)


def test_overlapping_circles_count_once(tiny, categories):
    partners = [partner_at("A", 400, 500, bereik_m=300), partner_at("B", 600, 500, bereik_m=300)]
    got = shares(wijk_coverage(tiny, "91001", partners, categories, CoverageSettings()))
    assert got["91001W01"] == pytest.approx((2 * math.pi * 300 ** 2 - lens(300, 200)) / 1e6, abs=PP)
    same_place = [partner_at("A", 500, 500, bereik_m=300), partner_at("B", 500, 500, bereik_m=300)]
    got = shares(wijk_coverage(tiny, "91001", same_place, categories, CoverageSettings()))
    assert got["91001W01"] == pytest.approx(math.pi * 0.09, abs=1e-9)


def test_partner_serving_the_whole_municipality(tiny, categories):
    partners = [partner_at("Stad Aastad", 1500, 500, categorie="gemeente")]
    settings = CoverageSettings()
    aastad = wijk_coverage(tiny, "91001", partners, categories, settings)
    assert aastad["gedekt_aandeel"].tolist() == [1.0, 1.0]
    assert not aastad["witte_vlek"].any()
    beedorp = wijk_coverage(tiny, "91002", partners, categories, settings)
    assert beedorp["gedekt_aandeel"].tolist() == [0.0, 0.0]
    # Sharing a border is not reaching into a wijk.
    assert beedorp["buurpartners"].tolist() == [(), ()]
    assert beedorp["witte_vlek"].all()


def test_partner_without_location_is_ignored(tiny, categories):
    partners = [partner_at("Zonder adres", None, None, gemeente_nis="91001")]
    table = wijk_coverage(tiny, "91001", partners, categories, CoverageSettings())
    assert table["gedekt_aandeel"].tolist() == [0.0, 0.0]
    assert table["partners"].tolist() == [0, 0]
    assert table["dichtste_vertrouwde"].tolist() == [None, None]
    assert table["afstand_m"].isna().all()


def test_counts_categories_and_missing_kinds(tiny, categories):
    partners = [
        partner_at("School", 300, 300, bereik_m=100),
        partner_at("Chiro", 700, 700, categorie="jeugdbeweging", status="communiceert mee", bereik_m=100),
        partner_at("Prospect", 500, 500, categorie="mobiliteit", status="te contacteren", bereik_m=2000),
        partner_at("Afgehaakt", 1500, 500, categorie="natuur_milieu", status="haakt af"),
    ]
    table = wijk_coverage(tiny, "91001", partners, categories, CoverageSettings()).set_index("wijk_code")
    assert table.loc["91001W01", "partners"] == 3 and table.loc["91001W01", "vertrouwde_partners"] == 2
    assert table.loc["91001W02", "partners"] == 1 and table.loc["91001W02", "vertrouwde_partners"] == 0
    assert table.loc["91001W01", "categorieen"] == ("jeugdbeweging", "school")
    assert table.loc["91001W02", "categorieen"] == ()  # only trusted partners bring a kind
    missing = table.loc["91001W01", "ontbrekende_categorieen"]
    assert "mobiliteit" in missing and "school" not in missing and "andere" not in missing
    assert list(missing) == sorted(missing)


def test_nearest_trusted_partner_distance(tiny, categories):
    partners = [partner_at("Ver weg", 2500, 500, bereik_m=50), partner_at("Prospect", 1500, 500, status="gecontacteerd")]
    table = wijk_coverage(tiny, "91001", partners, categories, CoverageSettings()).set_index("wijk_code")
    assert table.loc["91001W01", "dichtste_vertrouwde"] == "Ver weg"
    # Locations go through WGS84 and back, which costs well under a millimetre.
    assert table.loc["91001W01", "afstand_m"] == pytest.approx(1500, abs=1e-2)
    assert table.loc["91001W02", "afstand_m"] == pytest.approx(500, abs=1e-2)
    inside = wijk_coverage(tiny, "91002", partners, categories, CoverageSettings()).set_index("wijk_code")
    assert inside.loc["91002W01", "afstand_m"] == 0.0
    assert inside.loc["91002W02", "afstand_m"] == pytest.approx(500, abs=1e-2)


def test_category_and_status_filters(tiny, categories):
    partners = [partner_at("School", 500, 500, bereik_m=300),
                partner_at("Chiro", 1500, 500, categorie="jeugdbeweging", status="communiceert mee", bereik_m=300)]
    only_youth = wijk_coverage(tiny, "91001", partners, categories, CoverageSettings(categories=["jeugdbeweging"]))
    assert shares(only_youth) == {"91001W01": 0.0, "91001W02": pytest.approx(math.pi * 0.09, abs=1e-9)}
    assert only_youth["partners"].tolist() == [0, 1]
    assert only_youth["ontbrekende_categorieen"].tolist() == [("jeugdbeweging",), ()]
    engaged = wijk_coverage(tiny, "91001", partners, categories, CoverageSettings(statuses=["zet zich mee in"]))
    assert shares(engaged) == {"91001W01": pytest.approx(math.pi * 0.09, abs=1e-9), "91001W02": 0.0}
    stricter = CoverageSettings(trusted_statuses=["zet zich mee in"])
    table = wijk_coverage(tiny, "91001", partners, categories, stricter)
    assert table["vertrouwde_partners"].tolist() == [1, 0] and table["partners"].tolist() == [1, 1]


def test_neighbouring_partner_across_the_border(tiny, categories):
    partners = [partner_at("Scouts Beedorp", 2100, 500, categorie="jeugdbeweging", bereik_m=300)]
    table = wijk_coverage(tiny, "91001", partners, categories, CoverageSettings()).set_index("wijk_code")
    assert table.loc["91001W02", "gedekt_aandeel"] == pytest.approx(segment(300, 100) / 1e6, abs=PP)
    assert table.loc["91001W02", "buurpartners"] == ("Scouts Beedorp",)
    assert table.loc["91001W02", "categorieen"] == ("jeugdbeweging",)
    assert table.loc["91001W02", "partners"] == 0
    assert table.loc["91001W01", "buurpartners"] == () and table.loc["91001W01", "gedekt_aandeel"] == 0.0
    home = wijk_coverage(tiny, "91002", partners, categories, CoverageSettings()).set_index("wijk_code")
    assert home.loc["91002W01", "buurpartners"] == ()


def test_population_and_threshold(tiny, categories):
    population = pd.DataFrame({"wijk_code": ["91001W01", "91001W02"], "inwoners": [1000.0, 4000.0]})
    partners = [partner_at("School", 500, 500, bereik_m=400)]
    settings = CoverageSettings(threshold=0.5)
    table = wijk_coverage(tiny, "91001", partners, categories, settings, population).set_index("wijk_code")
    assert table.loc["91001W01", "inwoners_gedekt"] == pytest.approx(1000 * math.pi * 0.16)
    assert table.loc["91001W02", "inwoners"] == 4000 and table.loc["91001W02", "inwoners_gedekt"] == 0
    assert table["witte_vlek"].tolist() == [False, True]  # π·0.16 ≈ 0.503
    without = wijk_coverage(tiny, "91001", partners, categories, settings)
    assert without["inwoners"].isna().all()


def test_boundaries_must_be_lambert(tiny, categories):
    from dataclasses import replace

    in_degrees = replace(tiny, wijken=tiny.wijken.to_crs(4326))
    with pytest.raises(ValueError, match="Lambert 72"):
        wijk_coverage(in_degrees, "91001", [], categories, CoverageSettings())
    with pytest.raises(ValueError, match="Lambert 72"):
        coverage_all(in_degrees, [], categories, CoverageSettings())


def test_several_municipalities_and_unknown_one(tiny, categories):
    table = wijk_coverage(tiny, ["91001", "Beedorp"], [], categories, CoverageSettings())
    assert table["wijk_code"].tolist() == ["91001W01", "91001W02", "91002W01", "91002W02"]
    assert table["witte_vlek"].all()
    with pytest.raises(ValueError, match="99999"):
        wijk_coverage(tiny, "99999", [], categories, CoverageSettings())


def test_coverage_all_matches_wijk_coverage(tiny, categories):
    partners = [partner_at("A", 800, 500, bereik_m=400), partner_at("B", 2100, 500, bereik_m=300),
                partner_at("Wijkcomité", 3500, 500, categorie="buurt"),
                partner_at("Prospect", 500, 500, status="te contacteren")]
    settings = CoverageSettings()
    everything = coverage_all(tiny, partners, categories, settings).set_index("wijk_code")["gedekt_aandeel"]
    for nis in ("91001", "91002"):
        for code, share in shares(wijk_coverage(tiny, nis, partners, categories, settings)).items():
            assert everything[code] == pytest.approx(share, abs=1e-12)
    assert everything["91002W02"] == 1.0


def test_covered_area_against_geos_on_random_circles():
    """Random circles on polygons with a hole, a multipolygon, vertices on circles."""
    rng = np.random.default_rng(7)
    polygons = np.array([
        shapely.box(0, 0, 1000, 1000),
        shapely.Polygon([(0, 1000), (2000, 1000), (1000, 2500)], holes=[[(800, 1200), (1200, 1200), (1000, 1500)]]),
        shapely.MultiPolygon([shapely.box(3000, 0, 3500, 500), shapely.box(3600, 0, 4000, 800)]),
    ], dtype=object)
    worst = 0.0
    for case in range(150):
        n = int(rng.integers(1, 8))
        x, y, r = rng.uniform(-500, 4500, n), rng.uniform(-500, 2500, n), rng.uniform(50, 1200, n)
        if case % 3 == 0:  # round numbers: circles through vertices, tangent to edges, coinciding
            x, y, r = np.round(x, -2), np.round(y, -2), np.round(r, -2)
        if case % 5 == 0 and n > 1:
            x[1], y[1], r[1] = x[0], y[0], r[0]
        fine = shapely.union_all(shapely.buffer(shapely.points(x, y), r, quad_segs=1024))
        expected = shapely.area(shapely.intersection(polygons, fine))
        got = covered_area(polygons, x, y, r)
        worst = max(worst, float(np.max(np.abs(got - expected) / shapely.area(polygons))))
    assert worst < 1e-4  # 0.01 percentage point; the rest is the 4096-gon
    square = [shapely.box(0, 0, 1000, 1000)]
    assert covered_area(square, [500.0], [500.0], [500.0])[0] == pytest.approx(math.pi * 500 ** 2)  # tangent
    assert covered_area(square, [500.0], [500.0], [500 * math.sqrt(2)])[0] == pytest.approx(1e6)  # through corners
    assert covered_area(square, [1000.0], [500.0], [500.0])[0] == pytest.approx(math.pi * 500 ** 2 / 2)
    assert covered_area(square, [], [], []).tolist() == [0.0]
    assert covered_area(square, [5000.0], [5000.0], [10.0]).tolist() == [0.0]


def test_coverage_all_agrees_with_the_naive_way(boundaries, categories):
    """Real wijken, 400 partners of mixed radii in the province of Antwerpen."""
    rng = np.random.default_rng(11)
    area = boundaries.wijken[boundaries.wijken["gemeente_nis"].str.startswith("1")]
    minx, miny, maxx, maxy = area.total_bounds
    x, y = rng.uniform(minx, maxx, 400), rng.uniform(miny, maxy, 400)
    radius = rng.choice([300, 500, 1000, 1500, 3000], 400)
    lon, lat = to_wgs84_lonlat(x, y)
    table = pd.DataFrame({"naam": [f"P{i}" for i in range(400)], "categorie": "school", "status": "zet zich mee in",
                          "lat": lat, "lon": lon, "bereik_m": radius})
    fast = coverage_all(boundaries, table, categories, CoverageSettings())
    frame = partner_frame(table)
    union = shapely.union_all(circle_polygons(frame["x"], frame["y"], frame["bereik_m"]))
    polygons = boundaries.wijken.geometry.values
    naive = shapely.area(shapely.intersection(polygons, union)) / shapely.area(polygons)
    assert np.max(np.abs(fast["gedekt_aandeel"].to_numpy() - naive)) < PP
    assert 0 < fast["gedekt_aandeel"].mean() < 1
    assert len(fast) == len(boundaries.wijken)


def test_flanders_in_parts_on_threads_equals_one_part(boundaries, monkeypatch):
    """Many wijken and circles are split west to east, one thread per part: same shares as one part."""
    rng = np.random.default_rng(5)
    polygons = boundaries.wijken.geometry.values
    minx, miny, maxx, maxy = boundaries.wijken.total_bounds
    count = circle_cover._PARALLEL_CIRCLES + 500
    x, y = rng.uniform(minx, maxx, count), rng.uniform(miny, maxy, count)
    radius = rng.choice([300.0, 1000.0, 5000.0], count)
    x[1], y[1], radius[1] = x[0], y[0], radius[0]  # two partners at one address
    monkeypatch.setattr(circle_cover, "_THREADS", 3)
    parts = covered_area(polygons, x, y, radius)
    monkeypatch.setattr(circle_cover, "_THREADS", 1)
    whole = covered_area(polygons, x, y, radius)
    assert len(polygons) >= circle_cover._PARALLEL_POLYGONS
    assert np.max(np.abs(parts - whole) / shapely.area(polygons)) < 1e-9
    assert 0 < (whole > 0).mean() < 1


def test_a_part_that_no_circle_reaches_is_uncovered(monkeypatch):
    monkeypatch.setattr(circle_cover, "_THREADS", 2)
    monkeypatch.setattr(circle_cover, "_PARALLEL_POLYGONS", 2)
    monkeypatch.setattr(circle_cover, "_PARALLEL_CIRCLES", 1)
    west = [shapely.box(0, 0, 1000, 1000), shapely.box(1000, 0, 2000, 1000)]
    east = [shapely.box(100_000, 0, 101_000, 1000), shapely.box(101_000, 0, 102_000, 1000)]
    polygons = np.array(west + east, dtype=object)
    got = covered_area(polygons, [500.0, 1500.0], [500.0, 500.0], [100.0, 100.0])
    assert got == pytest.approx([math.pi * 100 ** 2] * 2 + [0.0, 0.0])


def test_the_same_wijk_with_a_new_shape_is_computed_anew():
    """Kept edges are found by the geometry objects, so a changed polygon is never served stale."""
    polygons = np.array([shapely.box(0, 0, 1000, 1000), shapely.box(1000, 0, 2000, 1000)], dtype=object)
    assert covered_area(polygons, [1000.0], [500.0], [300.0]) == pytest.approx([math.pi * 300 ** 2 / 2] * 2)
    polygons[1] = shapely.box(1000, 0, 1100, 1000)
    assert covered_area(polygons, [1000.0], [500.0], [300.0])[1] == pytest.approx(
        100 * math.sqrt(300 ** 2 - 100 ** 2) + 300 ** 2 * math.asin(100 / 300), rel=1e-9)  # a 100 m strip of it


def test_every_wijk_of_wijnegem_covered(boundaries, categories):
    wijken = boundaries.wijken_of("11050")
    points = wijken.geometry.representative_point()
    partners = []
    for code, point, polygon in zip(wijken["wijk_code"], points, wijken.geometry):
        reach = float(np.max(np.hypot(*(shapely.get_coordinates(polygon) - [point.x, point.y]).T))) + 10
        lon, lat = to_wgs84_lonlat([point.x], [point.y])
        partners.append(Partner(naam=f"Partner {code}", categorie="school", status="zet zich mee in",
                                lat=float(lat[0]), lon=float(lon[0]), bereik_m=int(math.ceil(reach))))
    table = wijk_coverage(boundaries, "11050", partners, categories, CoverageSettings())
    assert table["gedekt_aandeel"].min() == pytest.approx(1.0, abs=1e-9)
    assert not table["witte_vlek"].any()
    assert (table["vertrouwde_partners"] >= 1).all() and (table["afstand_m"] == 0).all()
    council = [Partner(naam="Gemeente Wijnegem", categorie="gemeente", status="communiceert mee", gemeente_nis="11050")]
    assert not wijk_coverage(boundaries, "11050", council, categories, CoverageSettings())["witte_vlek"].any()


def test_a_wijk_covered_entirely_is_no_white_spot_at_a_threshold_of_100_percent(boundaries, categories):
    """Full coverage is 1.0, not 0.9999999999999997 (which would be a white spot at 100 %)."""
    wijken = boundaries.wijken_of("11050")
    point = shapely.unary_union(wijken.geometry.values).centroid
    lon, lat = to_wgs84_lonlat([point.x], [point.y])
    big = Partner(naam="Heel Wijnegem", categorie="school", status="zet zich mee in", lat=float(lat[0]),
                  lon=float(lon[0]), bereik_m=20_000)
    full = CoverageSettings(threshold=1.0)

    table = wijk_coverage(boundaries, "11050", [big], categories, full)
    assert (table["gedekt_aandeel"] == 1.0).all()
    assert not table["witte_vlek"].any()
    everywhere = coverage_all(boundaries, [big], categories, full)
    assert not everywhere.loc[everywhere["gemeente_nis"] == "11050", "witte_vlek"].any()


def test_moving_one_partner_changes_only_the_wijken_it_reaches(boundaries, categories):
    wijken = boundaries.wijken_of("12025")
    points = wijken.geometry.representative_point()
    xs, ys = points.x.to_numpy(), points.y.to_numpy()
    settings = CoverageSettings()

    def partners_at(x, y):
        lon, lat = to_wgs84_lonlat(x, y)
        return [Partner(naam=f"P{i}", categorie="school", status="zet zich mee in", lat=float(lat[i]),
                        lon=float(lon[i]), bereik_m=800) for i in range(len(x))]

    before = wijk_coverage(boundaries, "12025", partners_at(xs, ys), categories, settings)
    moved_x = xs.copy()
    moved_x[0] += 600
    after = wijk_coverage(boundaries, "12025", partners_at(moved_x, ys), categories, settings)
    changed = set(before["wijk_code"][np.abs(before["gedekt_aandeel"] - after["gedekt_aandeel"]) > 1e-12])
    old_reach = shapely.Point(xs[0], ys[0]).buffer(800, quad_segs=64)
    new_reach = shapely.Point(moved_x[0], ys[0]).buffer(800, quad_segs=64)
    touched = set(wijken["wijk_code"][shapely.intersects(wijken.geometry.values, old_reach)
                                      | shapely.intersects(wijken.geometry.values, new_reach)])
    assert changed and changed <= touched
    assert len(touched) < len(wijken)


def test_read_population(boundaries):
    text = "wijk_code;inwoners\n12025W01;1.234\n12025W02;2500\n99999W99;10\n12025W03;-5\n12025W04;veel\n"
    table = read_population(text.encode(), "bevolking.csv", boundaries)
    assert dict(zip(table["wijk_code"], table["inwoners"])) == {"12025W01": 1234.0, "12025W02": 2500.0}
    messages = " ".join(table.attrs["meldingen"])
    assert "99999W99" in messages and "negatief" in messages and "'veel'" in messages
    sectors = "sector,wijkcode,bevolking\n12025A00-,12025W01,100\n12025A01-,12025W01,50\n12025B00-,12025W02,7\n"
    table = read_population(sectors.encode(), "sectoren.csv", boundaries)
    assert dict(zip(table["wijk_code"], table["inwoners"])) == {"12025W01": 150.0, "12025W02": 7.0}
    assert table.attrs["meldingen"] == []
    with pytest.raises(ValueError, match="sector"):
        read_population(b"sector;inwoners\n11050A00-;100\n", "s.csv", boundaries)
    with pytest.raises(ValueError, match="wijkcode"):
        read_population(b"naam;inwoners\nx;100\n", "s.csv", boundaries)
    with pytest.raises(ValueError, match="inwoners"):
        read_population(b"wijk_code;naam\n11050W01;x\n", "s.csv", boundaries)
    with pytest.raises(ValueError, match="bruikbare"):
        read_population(b"wijk_code;inwoners\n99999W99;100\n", "s.csv", boundaries)
