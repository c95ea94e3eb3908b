"""Recognise and convert the coordinates in an uploaded table.

Partner files come with WGS84 degrees (sometimes with latitude and longitude swapped),
Belgian Lambert 72 (EPSG:31370) or Lambert 2008 (EPSG:3812) metres. The system is
decided by the values, not the headers: whichever fits Belgium for most rows wins.
Numbers may use a decimal point or a decimal comma, as in :func:`geo.partners.parse_number`.

>>> guess = detect_coordinates(["51,0259", "51.03"], ["4,4776", "4.48"])
>>> guess.crs, guess.swapped, guess.confidence
('EPSG:4326', False, 1.0)
>>> lat, lon, problems = to_wgs84(["157636"], ["190640"], "EPSG:31370")
>>> round(float(lat[0]), 3), round(float(lon[0]), 3), problems
(51.026, 4.478, [None])
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

import numpy as np
import pandas as pd

from geo import texts

WGS84 = "EPSG:4326"
LAMBERT72 = "EPSG:31370"
LAMBERT2008 = "EPSG:3812"
CRS_CHOICES = (WGS84, LAMBERT72, LAMBERT2008)

#: Where Belgium lies in each system: (east min, east max, north min, north max).
BELGIUM = {
    WGS84: (2.4, 6.5, 49.4, 51.6),
    LAMBERT72: (20_000.0, 300_000.0, 150_000.0, 250_000.0),
    LAMBERT2008: (520_000.0, 800_000.0, 650_000.0, 750_000.0),
}
#: Flanders and Brussels in WGS84 (lon min, lon max, lat min, lat max): the check without boundaries.
FLANDERS_BRUSSELS = (2.52, 5.95, 50.67, 51.51)
MAJORITY = 0.5
_SURE = 0.95
_DECIMALS = 7
_SHOWN_CHARS = 40

@dataclass(frozen=True)
class CoordinateGuess:
    """The coordinate system of two columns.

    The columns are read as (latitude, longitude) for EPSG:4326 and as (x, y) for the
    Lambert systems; ``swapped`` means the values only fit with the two columns
    exchanged. ``confidence`` is the share of the filled rows that fit.
    """

    crs: str | None
    swapped: bool
    confidence: float
    message_nl: str


def parse_numbers(values: Iterable[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Floats from text cells, vectorised: NaN for blanks, and a mask of the cells that are no number.

    A single comma without a point is a decimal comma (``51,0259``); spaces and
    non-breaking spaces are ignored, as is a degree sign.

    >>> numbers, bad = parse_numbers(["51,0259", "4.4776", "", "abc"])
    >>> numbers.tolist()[:2], bad.tolist()
    ([51.0259, 4.4776], [False, False, False, True])
    """
    series = pd.Series(values if isinstance(values, (pd.Series, np.ndarray)) else list(values), dtype=object)
    text = series.fillna("").astype(str).str.strip()
    if text.str.contains("[\u00a0 °\u2212]", regex=True).any():
        text = (text.str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
                .str.replace("°", "", regex=False).str.replace("\u2212", "-", regex=False))
    blank = (text == "").to_numpy()
    decimal_comma = (text.str.count(",") == 1) & ~text.str.contains(".", regex=False)
    if decimal_comma.any():
        text = text.where(~decimal_comma, text.str.replace(",", ".", regex=False))
    numbers = np.array(pd.to_numeric(text.where(~blank, None), errors="coerce"), dtype=float)
    bad = ~blank & ~np.isfinite(numbers)
    numbers[bad] = np.nan
    return numbers, bad


Parsed = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
"""Both columns through :func:`parse_numbers`, for callers that detect and convert the same cells."""


def detect_coordinates(first: Iterable[Any], second: Iterable[Any], parsed: Parsed | None = None) -> CoordinateGuess:
    """Which system two coordinate columns are in, decided by the majority of the filled rows.

    ``first``/``second`` are the raw cells of the lat/lon (or x/y) columns (``parsed``: the
    same, already through :func:`parse_numbers`). Rows where either is blank or no number
    do not vote. Less than half fitting any system gives ``crs=None``.

    >>> detect_coordinates(["4.4776"], ["51.0259"]).swapped
    True
    """
    (a, _), (b, _) = parsed or (parse_numbers(first), parse_numbers(second))
    filled = np.isfinite(a) & np.isfinite(b)
    count = int(filled.sum())
    if count == 0:
        return CoordinateGuess(None, False, 0.0, texts.COORD_GEEN)
    a, b = a[filled], b[filled]
    best: tuple[float, str | None, bool] = (0.0, None, False)
    for crs in CRS_CHOICES:
        for swapped in (False, True):
            east, north = _east_north(a, b, crs, swapped)
            share = float(_inside(east, north, BELGIUM[crs]).mean())
            if share > best[0]:  # strictly better: the unswapped reading and WGS84 win ties
                best = (share, crs, swapped)
    share, crs, swapped = best
    if crs is None or share < MAJORITY:
        return CoordinateGuess(None, False, 0.0, texts.COORD_ONBEKEND)
    message = {WGS84: texts.COORD_WGS84, LAMBERT72: texts.COORD_LAMBERT72, LAMBERT2008: texts.COORD_LAMBERT2008}[crs]
    if swapped:
        message += " " + texts.COORD_OMGEWISSELD
    if share < _SURE:
        message += " " + texts.COORD_DEELS.format(procent=round(share * 100), aantal=count)
    return CoordinateGuess(crs, swapped, round(share, 4), message)


def to_wgs84(first: Iterable[Any], second: Iterable[Any], crs: str, swapped: bool = False, boundaries=None, *,
             area_name: str | None = None, parsed: Parsed | None = None) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
    """Latitudes, longitudes (WGS84) and a Dutch problem (or None) for every row.

    ``first``/``second`` (and ``parsed``) are read as in :func:`detect_coordinates`. A row has a problem
    when a cell is no number, when only one of the two is filled, when the point cannot
    exist, or when it lies outside Flanders and Brussels: inside no wijk of
    ``boundaries`` when given (name a custom area with ``area_name``), else outside a box
    around Flanders and Brussels. Latitude and longitude are NaN for blank rows and for
    every row with a problem, so a finite value is always usable.

    >>> lat, lon, problems = to_wgs84(["51,0259", "abc", ""], ["4,4776", "4.5", ""], "EPSG:4326")
    >>> lat.tolist()[0], problems
    (51.0259, [None, "'abc' is geen getal.", None])
    """
    if crs not in CRS_CHOICES:
        raise ValueError(f"Unknown coordinate system {crs!r}; expected one of {', '.join(CRS_CHOICES)}")
    raw_first, raw_second = list(first), list(second)
    if len(raw_first) != len(raw_second):
        raise ValueError("The two coordinate columns must have the same length")
    (a, bad_a), (b, bad_b) = parsed or (parse_numbers(raw_first), parse_numbers(raw_second))
    problems: list[str | None] = [None] * len(a)
    for index in np.flatnonzero(bad_a | bad_b):
        shown = [raw for raw, bad in ((raw_first[index], bad_a[index]), (raw_second[index], bad_b[index])) if bad]
        problems[index] = " ".join(texts.COORD_GEEN_GETAL.format(waarde=str(raw).strip()[:_SHOWN_CHARS])
                                   for raw in shown)
    for index in np.flatnonzero((np.isfinite(a) != np.isfinite(b)) & ~(bad_a | bad_b)):
        problems[index] = texts.COORD_HALF
    east, north = _east_north(a, b, crs, swapped)
    usable = np.isfinite(east) & np.isfinite(north)
    lat = np.full(len(a), np.nan)
    lon = np.full(len(a), np.nan)
    if crs == WGS84:
        lon[usable], lat[usable] = east[usable], north[usable]
        for index in np.flatnonzero(usable & ((np.abs(lat) > 90) | (np.abs(lon) > 180))):
            problems[index] = texts.COORDINAAT_BEREIK.format(lat=lat[index], lon=lon[index])
    elif usable.any():
        lon[usable], lat[usable] = _transformer(crs).transform(east[usable], north[usable])
        for index in np.flatnonzero(usable & ~(np.isfinite(lat) & np.isfinite(lon))):
            problems[index] = texts.COORD_ONMOGELIJK.format(x=east[index], y=north[index])
    placed = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon) & np.array([p is None for p in problems], dtype=bool))
    lat, lon = np.round(lat, _DECIMALS), np.round(lon, _DECIMALS)
    for index in placed[_outside(lat[placed], lon[placed], boundaries)]:
        if area_name:
            problems[index] = texts.COORD_BUITEN_EIGEN_GEBIED.format(lat=lat[index], lon=lon[index], gebied=area_name)
        else:
            problems[index] = texts.COORD_BUITEN_GEBIED.format(lat=lat[index], lon=lon[index])
    failed = np.array([p is not None for p in problems], dtype=bool)
    lat[failed] = lon[failed] = np.nan
    return lat, lon, problems


def _east_north(first: np.ndarray, second: np.ndarray, crs: str, swapped: bool) -> tuple[np.ndarray, np.ndarray]:
    """(east, north): WGS84 columns are (lat, lon), Lambert columns (x, y), unless swapped."""
    east, north = (second, first) if crs == WGS84 else (first, second)
    return (north, east) if swapped else (east, north)


def _inside(x: np.ndarray, y: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    west, east, south, north = box
    return (x >= west) & (x <= east) & (y >= south) & (y <= north)


def _outside(lat: np.ndarray, lon: np.ndarray, boundaries) -> np.ndarray:
    """Mask of the points in no wijk (or outside the Flanders-Brussels box without boundaries)."""
    if len(lat) == 0:
        return np.zeros(0, dtype=bool)
    if boundaries is None:
        return ~_inside(lon, lat, FLANDERS_BRUSSELS)
    found = boundaries.locate_many(lon, lat)
    return np.array([place is None for place in found], dtype=bool)


@lru_cache(maxsize=4)
def _transformer(crs: str):
    from pyproj import Transformer

    return Transformer.from_crs(crs, WGS84, always_xy=True)
