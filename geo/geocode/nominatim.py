"""OpenStreetMap's Nominatim through geopy, with a structured query restricted to Belgium.

Its usage policy allows at most one request per second and asks every application to identify
itself with a User-Agent and a contact e-mail.
"""

from __future__ import annotations

import time
import urllib.parse
import warnings
from typing import Callable

from geopy.adapters import URLLibAdapter
from geopy.exc import GeocoderParseError, GeocoderRateLimited, GeocoderTimedOut, GeopyError
from geopy.geocoders import Nominatim

from geo import texts
from geo.config import GEOCODER_URLS, GEOCODER_USER_AGENT
from geo.geocode.records import (AMBIGUOUS, FOUND, NOT_FOUND, Address, GeocodeResult, Match, distinct_places,
                                 error_result, incomplete, main_number, pacer, seconds_text, short_wait)

NOMINATIM_MIN_DELAY = 1.0
"""Nominatim's usage policy: an absolute maximum of one request per second."""
NOMINATIM_CANDIDATES = 3


class NominatimGeocoder:
    """OpenStreetMap's Nominatim through geopy, at most one request per second.

    The contact ``email`` travels as Nominatim's ``email`` query parameter, the ``user_agent``
    as the User-Agent header. ``clock`` and ``sleep`` replace :func:`time.monotonic` and
    :func:`time.sleep` (tests pass a fake clock); without them every Nominatim geocoder in
    the process towards the same server shares one pace.

    >>> geocoder = NominatimGeocoder("http://127.0.0.1:8080", email="info@example.org")
    >>> geocoder.name
    'nominatim'
    """

    name = "nominatim"

    def __init__(self, base_url: str = GEOCODER_URLS["nominatim"], *, user_agent: str = GEOCODER_USER_AGENT,
                 email: str = "", timeout: float = 10.0, clock: Callable[[], float] | None = None,
                 sleep: Callable[[float], None] | None = None):
        parts = urllib.parse.urlsplit(base_url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"Geen geldig http(s)-adres voor Nominatim: {base_url!r}")
        self.base_url = base_url.strip().rstrip("/")
        self.timeout = float(timeout)
        self.email = email.strip()
        if parts.netloc.lower() == urllib.parse.urlsplit(GEOCODER_URLS["nominatim"]).netloc and not self.email:
            warnings.warn(texts.GEOCODE_NOMINATIM_ZONDER_EMAIL, UserWarning, stacklevel=2)
        self._sleep = sleep or time.sleep
        self._pacer = pacer(self.name, self.base_url, NOMINATIM_MIN_DELAY, clock, sleep)
        # urllib instead of geopy's requests adapter: that one retries failed requests by
        # itself, outside the pacer, which could break the one-request-per-second rule.
        self._nominatim = _NominatimWithEmail(
            email=self.email, domain=parts.netloc + parts.path.rstrip("/"), scheme=parts.scheme,
            user_agent=user_agent, timeout=self.timeout, adapter_factory=URLLibAdapter)

    def geocode(self, address: Address) -> GeocodeResult:
        if not address.is_complete():
            return incomplete(address)
        straat, nummer = address.street_and_number()
        query = {"street": " ".join(p for p in (main_number(nummer), straat) if p), "country": "Belgium"}
        if address.postcode:
            query["postalcode"] = address.postcode
        if address.gemeente:
            query["city"] = address.gemeente
        for attempt in (1, 2):
            self._pacer.wait()
            try:
                places = self._nominatim.geocode(query, exactly_one=False, limit=NOMINATIM_CANDIDATES,
                                                 country_codes="be")
            except GeocoderRateLimited as exc:
                if attempt == 1 and short_wait(exc.retry_after):
                    self._sleep(float(exc.retry_after))
                    continue
                return error_result(texts.GEOCODE_TE_VEEL_VRAGEN.format(dienst=texts.GEOCODE_DIENST_NOMINATIM))
            except GeopyError as exc:
                return self._error(exc)
            return self._interpret(address, places or [])
        raise AssertionError("unreachable")  # pragma: no cover

    def _interpret(self, address: Address, places) -> GeocodeResult:
        points = [Match(place.address or address.label(), place.latitude, place.longitude, None,
                         place.raw if isinstance(place.raw, dict) else {})
                  for place in places if place.latitude is not None and place.longitude is not None]
        distinct = distinct_places(points)
        if not distinct:
            return GeocodeResult(NOT_FOUND, message=texts.GEOCODE_NIET_GEVONDEN.format(
                adres=address.label(), dienst=texts.GEOCODE_DIENST_NOMINATIM))
        if len(distinct) > 1:
            return GeocodeResult(AMBIGUOUS, candidates=[m.candidate for m in distinct],
                                 message=texts.GEOCODE_DUBBELZINNIG.format(adres=address.label(), aantal=len(distinct)))
        best = distinct[0]
        rank = best.raw.get("place_rank")
        rough = isinstance(rank, (int, float)) and rank < 30  # 30 is house/building level
        return GeocodeResult(FOUND, lat=best.lat, lon=best.lon, label=best.label,
                             message=texts.GEOCODE_ENKEL_STRAAT.format(adres=address.label()) if rough else "")

    def _error(self, exc: Exception) -> GeocodeResult:
        dienst = texts.GEOCODE_DIENST_NOMINATIM
        status = getattr(exc.__cause__, "status_code", None)  # geopy chains the HTTP error
        if status in (401, 403):
            return error_result(texts.GEOCODE_GEEN_TOEGANG.format(dienst=dienst, status=status))
        if status is not None:
            return error_result(texts.GEOCODE_HTTP_FOUT.format(dienst=dienst, status=status))
        if isinstance(exc, GeocoderTimedOut):
            return error_result(texts.GEOCODE_TIMEOUT.format(dienst=dienst, timeout=seconds_text(self.timeout)))
        if isinstance(exc, GeocoderParseError):
            return error_result(texts.GEOCODE_ONGELDIG_ANTWOORD.format(dienst=dienst))
        return error_result(texts.GEOCODE_ONBEREIKBAAR.format(dienst=dienst, fout=str(exc)[:200]))


class _NominatimWithEmail(Nominatim):
    """geopy's Nominatim plus the ``email`` parameter, which geopy does not offer.

    ``_construct_url`` is the hook geopy documents for Nominatim-based geocoders that need
    extra URL parameters.
    """

    def __init__(self, *, email: str = "", **kwargs):
        super().__init__(**kwargs)
        self.email = email

    def _construct_url(self, base_api, params):
        if self.email:
            params = {**params, "email": self.email}
        return super()._construct_url(base_api, params)
