"""Context per wijk (counts by kind, nearest shared car and station), the Dekking views *partner but
no car* and *car but no partner*, and the white-spot ranking option.

Counts and distances are checked on the real wijken of Mechelen (12025): points are placed at a
wijk's representative point plus whole-metre offsets (3-4-5 triangles), so the expected distances
are known by hand. Every representative point of Mechelen lies at least 380 m inside its wijk, so
offsets up to 200 m stay in the wijk. The ranking and the advice use the tiny made-up area of
``tests/geo/tiny_area.py``, whose square wijken have their representative point in the centre.
"""

from __future__ import annotations

import doctest
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import texts
from geo.advice import advise, white_spots
from geo.context import analysis
from geo.context.analysis import (CONTEXT_COLUMNS, align, context_points, format_distance, nearby_transport,
                                  wijk_context)
from geo.context.records import ContextObject
from geo.context.views import CAR_NO_PARTNER_COLUMNS, PARTNER_NO_CAR_COLUMNS, car_but_no_partner, partner_but_no_car
from geo.coverage import wijk_coverage
from geo.reach import CoverageSettings, to_lambert_xy, to_wgs84_lonlat
from tests.geo.tiny_area import X0, Y0, tiny_boundaries
from tests.geo.tiny_area import partner_at as tiny_partner

MECHELEN = "12025"
LAYERS = {1: "deelauto", 2: "station", 3: "mobipunt", 4: "laadpunt", 5: "ander"}
CAR, STATION, MOBIPUNT, LAADPUNT, ANDER = LAYERS


def objects_at(*placed: tuple[int, str, float, float]) -> list[ContextObject]:
    """Context objects from ``(layer, name, x, y)`` in Lambert 72, stored in WGS84 as the store does."""
    lon, lat = to_wgs84_lonlat([p[2] for p in placed], [p[3] for p in placed])
    return [ContextObject(laag_id=layer, naam=name, lon=float(lon[i]), lat=float(lat[i]))
            for i, (layer, name, _, _) in enumerate(placed)]


@pytest.fixture(scope="module")
def mechelen(boundaries) -> dict[str, tuple[float, float]]:
    """The representative point (x, y) of each wijk of Mechelen, by wijk code."""
    wijken = boundaries.wijken_of(MECHELEN)
    points = shapely.point_on_surface(wijken.geometry.values)
    return {code: (p.x, p.y) for code, p in zip(wijken["wijk_code"], points)}


def test_context_points_in_lambert_with_the_kind_of_their_layer():
    placed = objects_at((CAR, "Cambio", 157_000.0, 190_000.0), (STATION, "Mechelen", 157_500.0, 190_500.0))
    placed.append(ContextObject(laag_id=CAR, naam="zonder plaats", lon=float("nan"), lat=51.0))
    points = context_points(placed, LAYERS)
    assert isinstance(points, gpd.GeoDataFrame) and points.crs.to_epsg() == 31370
    assert list(points.columns) == list(analysis.POINT_COLUMNS)
    assert points["soort"].tolist() == ["deelauto", "station"]
    assert points["naam"].tolist() == ["Cambio", "Mechelen"]
    assert shapely.get_coordinates(points.geometry.values) == pytest.approx(
        np.array([[157_000.0, 190_000.0], [157_500.0, 190_500.0]]), abs=1e-3)
    assert points.attrs["zonder_locatie"] == 1
    table = pd.DataFrame({"laag_id": [CAR, STATION], "lon": [4.48, "4,5"], "lat": [51.02, 51.03]})
    from_table = context_points(table, LAYERS)
    assert from_table["soort"].tolist() == ["deelauto"] and from_table["naam"].tolist() == [""]
    x, y = to_lambert_xy([4.48], [51.02])
    assert from_table.geometry.iloc[0].x == pytest.approx(x[0]) and from_table.geometry.iloc[0].y == pytest.approx(y[0])
    result = doctest.testmod(analysis)
    assert result.failed == 0 and result.attempted >= 3


def test_context_points_refuse_a_layer_without_a_kind_or_an_unknown_kind():
    placed = objects_at((7, "x", 157_000.0, 190_000.0))
    with pytest.raises(ValueError, match="Van laag 7 is de soort niet gegeven"):
        context_points(placed, LAYERS)
    with pytest.raises(ValueError, match="Onbekende soort 'fiets'"):
        context_points(placed, {7: "fiets"})
    with pytest.raises(ValueError, match="laag_id, lon en lat"):
        context_points(pd.DataFrame({"naam": ["x"]}), LAYERS)


def test_counts_and_distances_in_mechelen(boundaries, mechelen):
    cx, cy = mechelen["12025W03"]  # Centrum
    ax, ay = mechelen["12025W01"]  # Arsenaal
    points = context_points(objects_at(
        (CAR, "auto centrum", cx + 30, cy + 40),           # 50 m from Centrum's point
        (STATION, "station centrum", cx - 60, cy + 80),    # 100 m
        (MOBIPUNT, "mobipunt", cx + 10, cy),
        (LAADPUNT, "lader 1", cx, cy + 20),
        (LAADPUNT, "lader 2", cx, cy - 20),
        (ANDER, "iets", cx, cy),
        (CAR, "auto arsenaal", ax, ay + 120),              # 120 m from Arsenaal's point
        (CAR, "tweede auto arsenaal", ax + 120, ay + 160),  # 200 m
    ), LAYERS)
    context = wijk_context(boundaries, MECHELEN, points)
    assert list(context.columns) == list(CONTEXT_COLUMNS)
    assert context["wijk_code"].tolist() == boundaries.wijken_of(MECHELEN)["wijk_code"].tolist()
    by_code = context.set_index("wijk_code")
    centrum, arsenaal = by_code.loc["12025W03"], by_code.loc["12025W01"]
    assert [centrum[f"aantal_{k}"] for k in LAYERS.values()] == [1, 1, 1, 2, 1]
    assert [arsenaal[f"aantal_{k}"] for k in LAYERS.values()] == [2, 0, 0, 0, 0]
    assert context[[f"aantal_{k}" for k in LAYERS.values()]].to_numpy().sum() == 8
    assert centrum["afstand_deelauto_m"] == 50 and centrum["afstand_station_m"] == 100
    assert arsenaal["afstand_deelauto_m"] == 120
    # Arsenaal's nearest station is Centrum's: the distance between the two placed points.
    assert arsenaal["afstand_station_m"] == round(math.hypot(cx - 60 - ax, cy + 80 - ay))
    battel = by_code.loc["12025W02"]
    bx, by = mechelen["12025W02"]
    assert battel["afstand_deelauto_m"] == round(min(math.hypot(cx + 30 - bx, cy + 40 - by),
                                                     math.hypot(ax - bx, ay + 120 - by),
                                                     math.hypot(ax + 120 - bx, ay + 160 - by)))
    assert (context[["afstand_deelauto_m", "afstand_station_m"]].to_numpy() % 1 == 0).all()  # whole metres


def test_a_car_across_the_municipal_border_counts(boundaries, mechelen):
    # Walem's representative point is 462 m from the border of Mechelen (its own edge): a car
    # 40 m beyond that border, straight out, is 40 m further and stands in another municipality.
    wx, wy = mechelen["12025W12"]
    border = boundaries.gemeenten.set_index("gemeente_nis").geometry.loc[MECHELEN].exterior
    to_border = shapely.distance(shapely.Point(wx, wy), border)
    nearest = shapely.line_interpolate_point(border, shapely.line_locate_point(border, shapely.Point(wx, wy)))
    ux, uy = (nearest.x - wx) / to_border, (nearest.y - wy) / to_border
    car = (CAR, "over de grens", wx + (to_border + 40) * ux, wy + (to_border + 40) * uy)
    placed = objects_at(car)
    assert boundaries.locate(placed[0].lon, placed[0].lat)[0] != MECHELEN
    context = wijk_context(boundaries, MECHELEN, context_points(placed, LAYERS)).set_index("wijk_code")
    assert context.loc["12025W12", "afstand_deelauto_m"] == round(to_border + 40)
    assert context["aantal_deelauto"].sum() == 0  # counted in no wijk of Mechelen
    assert np.isnan(context.loc["12025W12", "afstand_station_m"])


def test_no_car_gives_nan(boundaries, mechelen):
    cx, cy = mechelen["12025W03"]
    only_stations = wijk_context(boundaries, MECHELEN, context_points(objects_at((STATION, "s", cx, cy)), LAYERS))
    assert only_stations["afstand_deelauto_m"].isna().all()
    assert only_stations["afstand_station_m"].notna().all()
    nothing = wijk_context(boundaries, [MECHELEN, "Bonheiden"], context_points([], LAYERS))
    assert nothing[["afstand_deelauto_m", "afstand_station_m"]].isna().all().all()
    assert (nothing[[f"aantal_{k}" for k in LAYERS.values()]] == 0).all().all()
    assert set(nothing["gemeente_nis"]) == {MECHELEN, boundaries.find_gemeente("Bonheiden")}


def test_all_of_flanders_and_the_checks(boundaries, mechelen):
    cx, cy = mechelen["12025W03"]
    points = context_points(objects_at((CAR, "a", cx, cy)), LAYERS)
    everything = wijk_context(boundaries, None, points)
    assert len(everything) == len(boundaries.wijken) and everything["aantal_deelauto"].sum() == 1
    with pytest.raises(ValueError, match="Lambert 72"):
        wijk_context(boundaries, MECHELEN, points.to_crs(4326))
    with pytest.raises(ValueError, match="Lambert 72"):
        wijk_context(boundaries, MECHELEN, pd.DataFrame(points.drop(columns="geometry")))
    with pytest.raises(ValueError, match="geen gekende gemeente"):
        wijk_context(boundaries, "Atlantis", points)


# The Dekking views --------------------------------------------------------------------------------

def constructed_context(**distances: tuple[float, float, int]) -> pd.DataFrame:
    """A wijk_context table: per wijk code (car metres, station metres, cars inside)."""
    rows = []
    for code, (car_m, station_m, cars) in distances.items():
        rows.append({"wijk_code": code, "wijk_naam": f"Wijk {code[-1]}", "gemeente_nis": "91001",
                     **{f"aantal_{k}": 0 for k in LAYERS.values()}, "aantal_deelauto": cars,
                     "afstand_deelauto_m": car_m, "afstand_station_m": station_m})
    return pd.DataFrame(rows, columns=CONTEXT_COLUMNS)


def test_partner_but_no_car():
    coverage = pd.DataFrame({
        "wijk_code": ["W1", "W2", "W3", "W4", "W5"], "wijk_naam": [f"Wijk {i}" for i in "12345"],
        "gemeente_nis": "91001", "gedekt_aandeel": [0.8, 0.8, 0.6, 0.1, 1.0],
        "vertrouwde_partners": [2, 0, 1, 0, 3], "witte_vlek": [False, False, False, True, False]})
    context = constructed_context(W1=(1240.0, 300.0, 0), W2=(np.nan, np.nan, 0), W3=(700.0, 50.0, 1),
                                  W4=(5000.0, 80.0, 0), W5=(500.0, 900.0, 1), W9=(10.0, 10.0, 3))
    view = partner_but_no_car(coverage, context)
    assert list(view.columns) == list(PARTNER_NO_CAR_COLUMNS)
    # W4 is a white spot, W5 has a car at exactly 500 m; best covered first, then no car known.
    assert view["wijk_code"].tolist() == ["W2", "W1", "W3"]
    assert view["uitleg"].tolist() == [
        "voor 80 % gedekt door vertrouwde partners; geen deelauto gekend",
        "voor 80 % gedekt door vertrouwde partners (2 in de wijk); dichtstbijzijnde deelauto op 1,2 km",
        "voor 60 % gedekt door vertrouwde partners (1 in de wijk); dichtstbijzijnde deelauto op 700 m",
    ]
    assert view["aantal_deelauto"].tolist() == [0, 0, 1]
    assert partner_but_no_car(coverage, context, distance_m=1000)["wijk_code"].tolist() == ["W2", "W1"]
    without_count = partner_but_no_car(coverage.drop(columns="vertrouwde_partners"), context)
    assert without_count["vertrouwde_partners"].isna().all()
    with pytest.raises(ValueError, match="missen 1 wijk"):
        partner_but_no_car(coverage, context[context["wijk_code"] != "W3"])
    with pytest.raises(ValueError, match="positief aantal meter"):
        partner_but_no_car(coverage, context, distance_m=0)
    with pytest.raises(ValueError, match="dekkingstabel"):
        partner_but_no_car(coverage.drop(columns="witte_vlek"), context)


def test_car_but_no_partner(boundaries, mechelen):
    wijken = boundaries.wijken_of(MECHELEN)
    white = {"12025W01": 0.12, "12025W02": 0.0, "12025W10": 0.2}  # the others are covered
    coverage = gpd.GeoDataFrame({
        "wijk_code": wijken["wijk_code"].to_numpy(), "wijk_naam": wijken["wijk_naam"].to_numpy(),
        "gemeente_nis": MECHELEN,
        "gedekt_aandeel": [white.get(c, 0.9) for c in wijken["wijk_code"]],
        "witte_vlek": [c in white for c in wijken["wijk_code"]]}, geometry=wijken.geometry.values, crs=wijken.crs)
    ax, ay = mechelen["12025W01"]
    arsenaal = wijken.set_index("wijk_code").geometry.loc["12025W01"]
    # Straight out of Arsenaal from its point, 100 m past its border.
    edge = shapely.line_interpolate_point(arsenaal.exterior,
                                          shapely.line_locate_point(arsenaal.exterior, shapely.Point(ax, ay)))
    inward = shapely.distance(shapely.Point(ax, ay), edge)
    outside = (ax + (edge.x - ax) * (inward + 100) / inward, ay + (edge.y - ay) * (inward + 100) / inward)
    cx, cy = mechelen["12025W03"]
    points = context_points(objects_at(
        (CAR, "in arsenaal", ax, ay + 120), (CAR, "naast arsenaal", *outside), (STATION, "station", ax, ay),
        (CAR, "in centrum", cx, cy)), LAYERS)
    assert 0 < shapely.distance(arsenaal, points.geometry.iloc[1]) <= 100.001
    context = wijk_context(boundaries, MECHELEN, points)
    view = car_but_no_partner(coverage, context, points)
    assert list(view.columns) == list(CAR_NO_PARTNER_COLUMNS)
    row = view.set_index("wijk_code").loc["12025W01"]
    assert (row["deelautos_in_wijk"], row["deelautos_nabij"]) == (1, 1)
    assert row["deelautos"] == ("in arsenaal", "naast arsenaal")
    assert row["uitleg"] == "witte vlek, voor 12 % gedekt; 1 deelauto in de wijk; 1 deelauto binnen 500 m van de wijk"
    assert view["wijk_code"].iloc[0] == "12025W01"  # most cars in the wijk first
    assert "12025W02" not in set(view["wijk_code"])  # a white spot without cars near it
    assert "12025W03" not in set(view["wijk_code"])  # cars, but covered
    assert car_but_no_partner(coverage, context, points, distance_m=50)["deelautos_nabij"].tolist()[0] == 0
    with pytest.raises(ValueError, match="dekkingstabel"):
        car_but_no_partner(pd.DataFrame(coverage.drop(columns="geometry")), context, points)


# Ranking white spots and the advice -----------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny():
    return tiny_boundaries()


def ranked_spots(tiny, categories, **option) -> pd.DataFrame:
    partners = [
        tiny_partner("Vertrouwd", 3500, 500, bereik_m=490),                         # 91002W02 covered
        tiny_partner("Half", 2500, 500, status="communiceert mee", bereik_m=380),   # 91002W01 weakly covered
        tiny_partner("Dichtbij", 1200, 500, status="te contacteren"),
    ]
    settings = CoverageSettings()
    coverage = wijk_coverage(tiny, ["91001", "91002"], partners, categories, settings)
    return white_spots(coverage, partners, tiny, settings, **option)


def tiny_context(tiny) -> pd.DataFrame:
    # Representative points at (X0 + 500 + 1000 i, Y0 + 500): a car 300 m north of 91001W02's,
    # a station 1,2 km north of 91001W01's and a car 400 m south of 91002W01's.
    placed = objects_at((CAR, "auto", X0 + 1500, Y0 + 800), (STATION, "station", X0 + 500, Y0 + 1700),
                        (CAR, "auto 2", X0 + 2500, Y0 + 100))
    return wijk_context(tiny, ["91001", "91002"], context_points(placed, LAYERS))


def test_white_spots_favour_wijken_with_a_car_or_station_nearby(tiny, categories):
    plain = ranked_spots(tiny, categories)
    assert plain["wijk_code"].tolist() == ["91001W01", "91001W02", "91002W01"]  # biggest gap first (equal: code)
    context = tiny_context(tiny)
    # Without the option: the same table, the distances beside it, nothing favoured.
    informed = ranked_spots(tiny, categories, context=context)
    pd.testing.assert_frame_equal(informed[list(plain.columns)], plain)
    assert informed["afstand_deelauto_m"].tolist() == [round(math.hypot(1000, 300)), 300, 400]
    assert not informed["nabij"].any() and (informed["nabij_uitleg"] == "").all()
    # Within 500 m: 91001W02 (car at 300 m) goes before 91001W01; the weakly covered 91002W01 has a
    # car at 400 m too, but stays after the white spots.
    near = ranked_spots(tiny, categories, context=context, favour_nearby_m=500)
    assert near["wijk_code"].tolist() == ["91001W02", "91001W01", "91002W01"]
    assert near["rang"].tolist() == [1, 2, 3]
    assert near["nabij"].tolist() == [True, False, True]
    assert near["nabij_uitleg"].tolist() == ["deelauto op 300 m", "", "deelauto op 400 m"]
    # Within 1,5 km both white spots have something nearby: the usual order among them.
    wide = ranked_spots(tiny, categories, context=context, favour_nearby_m=1500)
    assert wide["wijk_code"].tolist() == ["91001W01", "91001W02", "91002W01"]
    assert wide["nabij_uitleg"].tolist()[:2] == ["deelauto op 1,0 km en station op 1,2 km", "deelauto op 300 m"]
    with pytest.raises(ValueError, match="wijk_context"):
        ranked_spots(tiny, categories, favour_nearby_m=500)


def test_the_advice_mentions_a_nearby_car(tiny, categories):
    partners = [tiny_partner("Chiro Oost", 1500, 500, categorie="jeugdbeweging", status="te contacteren",
                             bereik_m=400)]
    plain = advise(tiny, "91001", partners, categories, CoverageSettings(), k=1)
    assert plain[0].reason.startswith("Dekt 50 % van wijk Oost (Aastad), waar")
    context = tiny_context(tiny)
    explained = advise(tiny, "91001", partners, categories, CoverageSettings(), k=1, context=context,
                       favour_nearby_m=500)
    assert explained[0].reason.startswith("Dekt 50 % van wijk Oost (Aastad) (deelauto op 300 m), waar")
    assert explained[0].reason.replace(" (deelauto op 300 m)", "") == plain[0].reason
    far = advise(tiny, "91001", partners, categories, CoverageSettings(), k=1, context=context, favour_nearby_m=200)
    assert far[0].reason == plain[0].reason


def test_nearby_transport_and_distances_in_dutch():
    context = constructed_context(W1=(230.0, 1240.0, 0), W2=(np.nan, 90.0, 0), W3=(501.0, np.nan, 0))
    near, why = nearby_transport(context, ["W3", "W1", "W2"], 500)
    assert near.tolist() == [False, True, True]
    assert why == ["", "deelauto op 230 m", "station op 90 m"]
    assert align(context, ["W2"])["wijk_code"].tolist() == ["W2"]
    with pytest.raises(ValueError, match="wijk_context"):
        align(context.drop(columns="afstand_station_m"), ["W1"])
    assert [format_distance(m) for m in (0, 230.4, 999.6, 1240, 12_345)] == ["0 m", "230 m", "1,0 km", "1,2 km",
                                                                              "12,3 km"]
    assert texts.CONTEXT_DEELAUTO_OP.format(afstand=format_distance(230)) == "deelauto op 230 m"
