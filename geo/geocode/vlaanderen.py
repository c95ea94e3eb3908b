"""The address-match API of the Flemish address register (Basisregisters Vlaanderen, ``GET {base}/v2/adresmatch``).

It answers with up to ten ``adresMatches``, each with a ``score`` (0–100) and an ``adresPositie``
whose geometry is a GML point in Belgian Lambert 72 (EPSG:31370), converted here to WGS84.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException
from typing import Callable

from geopy.adapters import get_retry_after

from geo import texts
from geo.config import GEOCODER_URLS, GEOCODER_USER_AGENT
from geo.geocode.records import (AMBIGUOUS, FOUND, NOT_FOUND, Address, GeocodeResult, Match, distinct_places,
                                 error_result, float_or_none, incomplete, main_number, pacer, seconds_text, short_wait)

VLAANDEREN_MIN_SCORE = 90.0
"""Lowest register score (0–100) accepted as a sure match."""
VLAANDEREN_CLOSE_SCORES = 5.0
"""Matches whose score is this close to the best one make the answer ambiguous."""
_GML_POS = re.compile(r"<(?:[\w-]+:)?pos\b[^>]*>\s*([^<]+?)\s*<", re.IGNORECASE)
_GML_COORDINATES = re.compile(r"<(?:[\w-]+:)?coordinates\b[^>]*>\s*([^<]+?)\s*<", re.IGNORECASE)
_GML_SRS = re.compile(r"srsName\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


class VlaanderenGeocoder:
    """The address-match API of the Flemish address register (``/v2/adresmatch``).

    A single best match scoring at least :data:`VLAANDEREN_MIN_SCORE` is ``gevonden``; other
    matches within :data:`VLAANDEREN_CLOSE_SCORES` points of it, or a best score below the
    threshold, make the answer ``dubbelzinnig``. ``min_delay`` keeps a polite pace between
    requests; ``clock`` and ``sleep`` are for tests, as in :class:`NominatimGeocoder`.
    """

    name = "vlaanderen"

    def __init__(self, base_url: str = GEOCODER_URLS["vlaanderen"], *, user_agent: str = GEOCODER_USER_AGENT,
                 timeout: float = 10.0, min_delay: float = 0.1, clock: Callable[[], float] | None = None,
                 sleep: Callable[[float], None] | None = None):
        parts = urllib.parse.urlsplit(base_url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"Geen geldig http(s)-adres voor het adressenregister: {base_url!r}")
        self.base_url = base_url.strip().rstrip("/")
        self.timeout = float(timeout)
        self.user_agent = user_agent
        self._sleep = sleep or time.sleep
        self._pacer = pacer(self.name, self.base_url, max(0.0, float(min_delay)), clock, sleep)
        self._opener = urllib.request.build_opener()

    def geocode(self, address: Address) -> GeocodeResult:
        if not address.is_complete():
            return incomplete(address)
        straat, nummer = address.street_and_number()
        postcode = address.postcode if re.fullmatch(r"\d{4}", address.postcode) else ""
        params = {"gemeentenaam": address.gemeente[:40], "postcode": postcode, "straatnaam": straat[:80],
                  "huisnummer": main_number(nummer)[:40]}
        url = f"{self.base_url}/v2/adresmatch?" + urllib.parse.urlencode({k: v for k, v in params.items() if v})
        request = urllib.request.Request(url, headers={
            "User-Agent": self.user_agent, "Accept": "application/ld+json, application/json;q=0.9"})
        dienst = texts.GEOCODE_DIENST_VLAANDEREN
        for attempt in (1, 2):
            self._pacer.wait()
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    body = response.read()
            except urllib.error.HTTPError as exc:
                with exc:
                    if exc.code == 429:
                        wait = _retry_after(exc.headers)
                        if attempt == 1 and short_wait(wait):
                            self._sleep(float(wait))
                            continue
                        return error_result(texts.GEOCODE_TE_VEEL_VRAGEN.format(dienst=dienst))
                    if exc.code == 400:
                        return error_result(texts.GEOCODE_GEWEIGERD.format(adres=address.label(), dienst=dienst,
                                                                    status=exc.code, uitleg=_problem(exc)))
                    return error_result(texts.GEOCODE_HTTP_FOUT.format(dienst=dienst, status=exc.code))
            except (OSError, HTTPException) as exc:  # timeouts and URLError are OSErrors
                return self._network_error(exc)
            try:
                payload = json.loads(body.decode("utf-8"))
            except ValueError:
                return error_result(texts.GEOCODE_ONGELDIG_ANTWOORD.format(dienst=dienst))
            return self._interpret(address, payload)
        raise AssertionError("unreachable")  # pragma: no cover

    def _interpret(self, address: Address, payload: object) -> GeocodeResult:
        dienst = texts.GEOCODE_DIENST_VLAANDEREN
        if not isinstance(payload, dict):
            return error_result(texts.GEOCODE_ONGELDIG_ANTWOORD.format(dienst=dienst))
        matches = []
        for item in _field(payload, "adresMatches") or []:
            if not isinstance(item, dict):
                continue
            position = adres_positie_to_wgs84(_field(item, "adresPositie"))
            if position is not None:
                score = float_or_none(_field(item, "score")) or 0.0
                matches.append(Match(_register_label(item), position[0], position[1], score, item))
        matches.sort(key=lambda m: -(m.score or 0.0))
        distinct = distinct_places(matches)
        if not distinct:
            notes = [str(_field(w, "message")) for w in _field(payload, "warnings") or []
                     if isinstance(w, dict) and _field(w, "message")]
            if notes:
                return GeocodeResult(NOT_FOUND, message=texts.GEOCODE_NIET_GEVONDEN_UITLEG.format(
                    adres=address.label(), dienst=dienst, uitleg=" ".join(notes)[:300]))
            return GeocodeResult(NOT_FOUND, message=texts.GEOCODE_NIET_GEVONDEN.format(
                adres=address.label(), dienst=dienst))
        best = distinct[0]
        close = [m for m in distinct[1:] if (best.score or 0.0) - (m.score or 0.0) <= VLAANDEREN_CLOSE_SCORES]
        score = (best.score or 0.0) / 100.0
        if close:
            options = [best, *close]
            return GeocodeResult(AMBIGUOUS, score=score, candidates=[m.candidate for m in options],
                                 message=texts.GEOCODE_DUBBELZINNIG.format(adres=address.label(), aantal=len(options)))
        if (best.score or 0.0) < VLAANDEREN_MIN_SCORE:
            message = texts.GEOCODE_ONZEKER.format(adres=address.label(), score=round(best.score or 0.0))
            return GeocodeResult(AMBIGUOUS, score=score, candidates=[m.candidate for m in distinct[:3]], message=message)
        return GeocodeResult(FOUND, lat=best.lat, lon=best.lon, label=best.label, score=score)

    def _network_error(self, exc: BaseException) -> GeocodeResult:
        dienst = texts.GEOCODE_DIENST_VLAANDEREN
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            return error_result(texts.GEOCODE_TIMEOUT.format(dienst=dienst, timeout=seconds_text(self.timeout)))
        if isinstance(exc, HTTPException):
            return error_result(texts.GEOCODE_ONGELDIG_ANTWOORD.format(dienst=dienst))
        return error_result(texts.GEOCODE_ONBEREIKBAAR.format(dienst=dienst, fout=str(reason)[:200]))


def adres_positie_to_wgs84(position: object) -> tuple[float, float] | None:
    """``(lat, lon)`` in WGS84 from an address register ``adresPositie``, or None.

    Reads the v2 form ``{"geometrie": {"type": "Point", "gml": "<gml:Point srsName=...>
    <gml:pos>x y</gml:pos></gml:Point>"}}`` and the v1 form ``{"point": {"coordinates":
    [x, y]}}``; coordinates are Lambert 72 unless the GML names another EPSG code.

    >>> gml = '<gml:Point srsName="https://www.opengis.net/def/crs/EPSG/0/31370"><gml:pos>157762.22 190873.91</gml:pos></gml:Point>'
    >>> [round(v, 4) for v in adres_positie_to_wgs84({"geometrie": {"type": "Point", "gml": gml}})]
    [51.028, 4.4794]
    """
    if not isinstance(position, dict):
        return None
    xy, epsg = None, 31370
    geometry = _field(position, "geometrie")
    if isinstance(geometry, dict):
        gml = _field(geometry, "gml")
        if isinstance(gml, str):
            xy, epsg = _gml_point(gml)
        elif _is_pair(_field(geometry, "coordinates")):
            xy = tuple(_field(geometry, "coordinates")[:2])
    if xy is None:
        point = _field(position, "point")
        if isinstance(point, dict) and _is_pair(_field(point, "coordinates")):
            xy = tuple(_field(point, "coordinates")[:2])
    if xy is None:
        return None
    try:
        x, y = float(xy[0]), float(xy[1])
    except (TypeError, ValueError):
        return None
    lon, lat = (x, y) if epsg == 4326 else _transformer(epsg).transform(x, y)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return float(lat), float(lon)


_TRANSFORMERS = threading.local()


def _transformer(epsg: int):
    """A cached pyproj transformer from ``epsg`` to WGS84 (x=lon, y=lat), one per thread."""
    cache = getattr(_TRANSFORMERS, "cache", None)
    if cache is None:
        cache = _TRANSFORMERS.cache = {}
    if epsg not in cache:
        from pyproj import Transformer

        cache[epsg] = Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)
    return cache[epsg]


def _gml_point(gml: str) -> tuple[tuple[str, str] | None, int]:
    """The point of a GML snippet in x/y (easting/northing, or lon/lat) order, and its EPSG code."""
    srs = _GML_SRS.search(gml)
    srs_name = srs.group(1) if srs else ""
    code = re.search(r"(\d{4,6})\s*$", srs_name)
    epsg = int(code.group(1)) if code else (4326 if "crs84" in srs_name.lower() else 31370)
    match = _GML_POS.search(gml)
    values = match.group(1).split() if match else []
    if not match:
        match = _GML_COORDINATES.search(gml)
        values = match.group(1).replace(",", " ").split() if match else []
    if len(values) < 2:
        return None, epsg
    if code and epsg == 4326:  # EPSG:4326 itself lists latitude first
        return (values[1], values[0]), epsg
    return (values[0], values[1]), epsg


def _register_label(item: dict) -> str:
    full = _spelling(_field(item, "volledigAdres"))
    if full:
        return full
    straat = _spelling(_field(_field(item, "straatnaam") or {}, "straatnaam"))
    gemeente = _spelling(_field(_field(item, "gemeente") or {}, "gemeentenaam"))
    postcode = str(_field(_field(item, "postinfo") or {}, "objectId") or "")
    nummer = str(_field(item, "huisnummer") or "")
    street = " ".join(part for part in (straat, nummer) if part)
    place = " ".join(part for part in (postcode, gemeente) if part)
    return ", ".join(part for part in (street, place) if part)


def _spelling(value: object) -> str:
    if not isinstance(value, dict):
        return ""
    name = _field(value, "geografischeNaam")
    spelling = _field(name, "spelling") if isinstance(name, dict) else _field(value, "spelling")
    return str(spelling) if spelling else ""


def _field(mapping: object, name: str):
    """``mapping[name]``, also accepting the PascalCase spelling the register uses in XML."""
    if not isinstance(mapping, dict):
        return None
    if name in mapping:
        return mapping[name]
    return mapping.get(name[:1].upper() + name[1:])


def _retry_after(headers) -> float | None:
    if headers is None:
        return None
    return get_retry_after({name.lower(): value for name, value in headers.items()})


def _problem(exc: urllib.error.HTTPError) -> str:
    """The explanation in an API problem-details answer (JSON with ``detail``/``title``)."""
    try:
        problem = json.loads(exc.read().decode("utf-8"))
    except (ValueError, OSError):
        return ""
    if not isinstance(problem, dict):
        return ""
    errors = problem.get("validationErrors")
    if isinstance(errors, dict):
        messages = [str(m.get("reason", m)) if isinstance(m, dict) else str(m)
                    for values in errors.values() for m in (values if isinstance(values, list) else [values])]
        if messages:
            return " ".join(messages)[:300]
    return str(problem.get("detail") or problem.get("title") or "")[:300]


def _is_pair(value: object) -> bool:
    return isinstance(value, (list, tuple)) and len(value) >= 2
