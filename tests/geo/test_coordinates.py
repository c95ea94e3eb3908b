"""Recognising and converting coordinates: WGS84 (also swapped), Lambert 72 and Lambert 2008."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from pyproj import Transformer

from geo import texts
from geo.coordinates import (
    LAMBERT72, LAMBERT2008, WGS84, CoordinateGuess, detect_coordinates, parse_numbers, to_wgs84,
)
from geo.partners import parse_number

# Real places: (lat, lon).
MECHELEN = (51.0259, 4.4776)  # Grote Markt
PLACES = [MECHELEN, (51.2194, 4.4025), (51.0543, 3.7174), (50.8467, 4.3525), (50.9307, 5.3325),
          (51.2093, 3.2247), (50.8798, 4.7005), (51.1656, 4.1437)]  # Antwerpen, Gent, Brussel, Hasselt, ...
NAMUR = (50.4669, 4.8675)
LIEGE = (50.6326, 5.5797)
PARIS = (48.8566, 2.3522)


def projected(places, epsg: int, decimal_comma: bool = False) -> tuple[list[str], list[str]]:
    transformer = Transformer.from_crs(4326, epsg, always_xy=True)
    xs, ys = [], []
    for lat, lon in places:
        x, y = transformer.transform(lon, lat)
        xs.append(f"{x:.2f}".replace(".", "," if decimal_comma else "."))
        ys.append(f"{y:.2f}".replace(".", "," if decimal_comma else "."))
    return xs, ys


def metres_apart(lat1, lon1, lat2, lon2) -> float:
    transformer = Transformer.from_crs(4326, 31370, always_xy=True)
    x1, y1 = transformer.transform(lon1, lat1)
    x2, y2 = transformer.transform(lon2, lat2)
    return math.hypot(x1 - x2, y1 - y2)


# Parsing ---------------------------------------------------------------------------------------

def test_numbers_with_point_or_decimal_comma():
    values = ["51,0259", "4.4776", " 51 ", "", "   ", None, "abc", "1.234,5", "nan", "inf", "-3,5", "51\u00a0,02",
              "4,47°", "1e3", "\u22124,5"]
    numbers, bad = parse_numbers(values)
    assert numbers[:3].tolist() == [51.0259, 4.4776, 51.0]
    assert np.isnan(numbers[3:6]).all() and not bad[3:6].any()
    assert bad[6:10].all() and np.isnan(numbers[6:10]).all()
    assert numbers[10:].tolist() == [-3.5, 51.02, 4.47, 1000.0, -4.5]


def test_parsing_agrees_with_the_partner_model():
    for text in ["51,0259", "4.4776", "51", "-0,5", " 4,47 ", "1 000,5"]:
        assert parse_numbers([text])[0][0] == parse_number(text), text


def test_parsing_takes_arrays_and_series():
    import pandas as pd

    assert parse_numbers(np.array(["1,5", "2"]))[0].tolist() == [1.5, 2.0]
    assert parse_numbers(pd.Series(["1,5", None]))[1].tolist() == [False, False]


# Detection -------------------------------------------------------------------------------------

def test_wgs84_with_decimal_commas():
    lats = [f"{lat}".replace(".", ",") for lat, _ in PLACES]
    lons = [f"{lon}".replace(".", ",") for _, lon in PLACES]
    guess = detect_coordinates(lats, lons)
    assert guess == CoordinateGuess(WGS84, False, 1.0, texts.COORD_WGS84)


def test_swapped_latitude_and_longitude_are_offered_as_a_fix():
    lats = [str(lat) for lat, _ in PLACES]
    lons = [str(lon) for _, lon in PLACES]
    guess = detect_coordinates(lons, lats)
    assert (guess.crs, guess.swapped, guess.confidence) == (WGS84, True, 1.0)
    assert guess.message_nl == texts.COORD_WGS84 + " " + texts.COORD_OMGEWISSELD
    lat, lon, problems = to_wgs84(lons, lats, guess.crs, guess.swapped)
    assert lat.tolist() == [p[0] for p in PLACES] and lon.tolist() == [p[1] for p in PLACES]
    assert problems == [None] * len(PLACES)


def test_lambert72_in_mechelen_round_trips_within_a_metre(boundaries):
    xs, ys = projected([MECHELEN], 31370, decimal_comma=True)
    guess = detect_coordinates(xs, ys)
    assert (guess.crs, guess.swapped) == (LAMBERT72, False)
    assert guess.message_nl == texts.COORD_LAMBERT72
    lat, lon, problems = to_wgs84(xs, ys, guess.crs, guess.swapped, boundaries)
    assert problems == [None]
    assert metres_apart(lat[0], lon[0], *MECHELEN) < 1.0
    assert boundaries.locate(lon[0], lat[0])[0] == "12025"  # Mechelen


def test_lambert72_across_flanders():
    xs, ys = projected(PLACES, 31370)
    guess = detect_coordinates(xs, ys)
    assert (guess.crs, guess.swapped, guess.confidence) == (LAMBERT72, False, 1.0)
    lat, lon, problems = to_wgs84(xs, ys, LAMBERT72)
    assert problems == [None] * len(PLACES)
    for (want_lat, want_lon), got_lat, got_lon in zip(PLACES, lat, lon):
        assert metres_apart(got_lat, got_lon, want_lat, want_lon) < 1.0


def test_swapped_lambert72_is_recognised_when_the_values_tell():
    xs, ys = projected(PLACES, 31370)  # Gent and Brugge have x < 150,000: they do not fit as y
    guess = detect_coordinates(ys, xs)
    assert (guess.crs, guess.swapped) == (LAMBERT72, True)
    lat, _, problems = to_wgs84(ys, xs, LAMBERT72, True)
    assert problems == [None] * len(PLACES)
    assert abs(lat[0] - MECHELEN[0]) < 1e-4


def test_lambert2008():
    xs, ys = projected(PLACES, 3812)
    guess = detect_coordinates(xs, ys)
    assert (guess.crs, guess.swapped, guess.confidence) == (LAMBERT2008, False, 1.0)
    assert guess.message_nl == texts.COORD_LAMBERT2008
    lat, lon, problems = to_wgs84(xs, ys, LAMBERT2008)
    assert problems == [None] * len(PLACES)
    for (want_lat, want_lon), got_lat, got_lon in zip(PLACES, lat, lon):
        assert metres_apart(got_lat, got_lon, want_lat, want_lon) < 1.0


def test_majority_decides_and_confidence_shows_the_share():
    lats = ["51.02", "51.03", "51.04", "200", "abc", ""]
    lons = ["4.47", "4.48", "4.49", "4.5", "4.5", "4.5"]
    guess = detect_coordinates(lats, lons)
    assert (guess.crs, guess.swapped, guess.confidence) == (WGS84, False, 0.75)  # 3 of the 4 numeric pairs
    assert guess.message_nl.endswith(texts.COORD_DEELS.format(procent=75, aantal=4))


def test_no_majority_or_nothing_filled():
    assert detect_coordinates(["1", "2", "51.0"], ["1", "2", "4.4"]) == CoordinateGuess(
        None, False, 0.0, texts.COORD_ONBEKEND)
    assert detect_coordinates(["", "abc"], ["", "4.4"]) == CoordinateGuess(None, False, 0.0, texts.COORD_GEEN)
    assert detect_coordinates([], []).crs is None


# Conversion problems ---------------------------------------------------------------------------

def test_problems_per_row():
    lats = ["51,0259", "abc", "", "51.02", "95", "", "x"]
    lons = ["4,4776", "4.47", "", "", "4.4", "4.4", "y"]
    lat, lon, problems = to_wgs84(lats, lons, WGS84)
    assert problems == [
        None,
        texts.COORD_GEEN_GETAL.format(waarde="abc"),
        None,
        texts.COORD_HALF,
        texts.COORDINAAT_BEREIK.format(lat=95.0, lon=4.4),
        texts.COORD_HALF,
        texts.COORD_GEEN_GETAL.format(waarde="x") + " " + texts.COORD_GEEN_GETAL.format(waarde="y"),
    ]
    assert (lat[0], lon[0]) == MECHELEN
    assert np.isnan(lat[1:]).all() and np.isnan(lon[1:]).all()  # finite means usable


def test_outside_flanders_and_brussels_with_real_boundaries(boundaries):
    places = [MECHELEN, LIEGE, NAMUR, PARIS, (50.8467, 4.3525)]
    lat, lon, problems = to_wgs84([str(p[0]) for p in places], [str(p[1]) for p in places], WGS84, False,
                                  boundaries)
    assert problems[0] is None and problems[4] is None  # Mechelen, Brussel
    assert problems[1:4] == [texts.COORD_BUITEN_GEBIED.format(lat=p[0], lon=p[1]) for p in (LIEGE, NAMUR, PARIS)]
    assert np.isnan(lat[1:4]).all() and lat[4] == 50.8467


def test_outside_without_boundaries_uses_a_box():
    places = [MECHELEN, NAMUR, PARIS]
    _, _, problems = to_wgs84([str(p[0]) for p in places], [str(p[1]) for p in places], WGS84)
    assert problems == [None, texts.COORD_BUITEN_GEBIED.format(lat=NAMUR[0], lon=NAMUR[1]),
                        texts.COORD_BUITEN_GEBIED.format(lat=PARIS[0], lon=PARIS[1])]


class OneWijk:
    """A stand-in for an uploaded area: only points north of 51.0 lie in it."""

    def locate_many(self, lons, lats):
        return [("eigen", "w1") if lat > 51.0 else None for lat in lats]


def test_outside_an_uploaded_area():
    _, _, problems = to_wgs84(["51.02", "50.9"], ["4.47", "4.4"], WGS84, boundaries=OneWijk(), area_name="Mijn wijk")
    assert problems == [None, texts.COORD_BUITEN_EIGEN_GEBIED.format(lat=50.9, lon=4.4, gebied="Mijn wijk")]


def test_garbage_lambert_values_end_up_outside():
    _, _, problems = to_wgs84(["5", "157636"], ["7", "190640"], LAMBERT72)
    assert problems[0].startswith("De locatie (") and problems[1] is None


def test_wrong_use_raises_value_error():
    with pytest.raises(ValueError):
        to_wgs84(["1"], ["2"], "EPSG:28992")
    with pytest.raises(ValueError):
        to_wgs84(["1"], ["2", "3"], WGS84)


def test_hundred_thousand_rows_are_fast():
    count = 100_000
    rng = np.random.default_rng(1)
    lats = [f"{v:.6f}".replace(".", ",") for v in rng.uniform(50.8, 51.3, count)]
    lons = [f"{v:.6f}".replace(".", ",") for v in rng.uniform(3.5, 5.5, count)]
    started = time.process_time()
    guess = detect_coordinates(lats, lons)
    lat, lon, problems = to_wgs84(lats, lons, guess.crs, guess.swapped)
    elapsed = time.process_time() - started
    assert guess.crs == WGS84 and np.isfinite(lat).all() and problems.count(None) == count
    assert elapsed < 1.5, f"{elapsed:.2f} s of CPU for 100,000 coordinates"
