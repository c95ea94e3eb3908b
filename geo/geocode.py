"""Addresses to coordinates: one geocoder interface, two services, a cache and a batch loop.

Two services stand behind :class:`Geocoder`:

* :class:`VlaanderenGeocoder`, the address-match endpoint of the Flemish address register
  (Basisregisters Vlaanderen, ``GET {base}/v2/adresmatch``). It answers with up to ten
  ``adresMatches``, each with a ``score`` (0–100) and an ``adresPositie`` whose geometry is a
  GML point in Belgian Lambert 72 (EPSG:31370), converted here to WGS84.
* :class:`NominatimGeocoder`, OpenStreetMap's Nominatim through geopy, with a structured query
  restricted to Belgium. Its usage policy allows at most one request per second and asks every
  application to identify itself with a User-Agent and a contact e-mail.

Every answer is a :class:`GeocodeResult` with a status (``gevonden``, ``dubbelzinnig``,
``niet_gevonden`` or ``fout``) and, when something went wrong, a Dutch message for the user.
Network trouble never raises: it becomes a ``fout`` result. :class:`CachedGeocoder` keeps the
lasting answers in the store so an address is asked only once, :func:`make_geocoder` builds the
configured geocoder and :func:`geocode_many` runs a batch with progress and a stop button.

Candidates closer together than :data:`SAME_PLACE_METRES` count as one place: the app assigns
partners to wijken, so two entrances of one building (or the flats of one house number) are not
an ambiguity worth asking the user about.

>>> address = Address(straat="Grote  Markt", huisnummer="21", postcode="2800", gemeente="Mechelen")
>>> address.query_key()
'grote markt|21|2800|mechelen'
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import warnings
from dataclasses import asdict, dataclass, field
from http.client import HTTPException
from typing import Callable, Iterable, Literal, Protocol, Sequence

from geopy.adapters import URLLibAdapter, get_retry_after
from geopy.exc import GeocoderParseError, GeocoderRateLimited, GeocoderTimedOut, GeopyError
from geopy.geocoders import Nominatim

from geo import texts
from geo.config import GEOCODER_URLS, GEOCODER_USER_AGENT, Settings
from geo.places import split_street

Status = Literal["gevonden", "dubbelzinnig", "niet_gevonden", "fout"]
FOUND: Status = "gevonden"
AMBIGUOUS: Status = "dubbelzinnig"
NOT_FOUND: Status = "niet_gevonden"
ERROR: Status = "fout"

SAME_PLACE_METRES = 50.0
"""Candidates within this distance of a better one are the same place (see the module docstring)."""
VLAANDEREN_MIN_SCORE = 90.0
"""Lowest register score (0–100) accepted as a sure match."""
VLAANDEREN_CLOSE_SCORES = 5.0
"""Matches whose score is this close to the best one make the answer ambiguous."""
NOMINATIM_MIN_DELAY = 1.0
"""Nominatim's usage policy: an absolute maximum of one request per second."""
MAX_RETRY_AFTER = 5.0
"""A 429 answer's Retry-After up to this many seconds is waited out once; longer means give up."""
NOMINATIM_CANDIDATES = 3
MAX_ERRORS_IN_A_ROW = 3
"""After this many service errors in a row (timeouts, 5xx, unreachable) a batch stops asking."""

Candidate = tuple[str, float, float]
Progress = Callable[[int, int, "float | None"], None]


@dataclass(frozen=True)
class Address:
    """A postal address as typed by a user; every part may be empty.

    When ``huisnummer`` is empty and ``straat`` ends in a number (``"Grote Markt 21"``),
    the number is split off, so both spellings share one cache entry.
    """

    straat: str = ""
    huisnummer: str = ""
    postcode: str = ""
    gemeente: str = ""

    def __post_init__(self) -> None:
        for name in ("straat", "huisnummer", "postcode", "gemeente"):
            value = getattr(self, name)
            object.__setattr__(self, name, " ".join(str("" if value is None else value).split()))

    def street_and_number(self) -> tuple[str, str]:
        """The street name and house number, the number split off the street when needed."""
        if self.huisnummer:
            return self.straat, self.huisnummer
        return split_street(self.straat)

    def query_key(self) -> str:
        """The normalised cache key: case-folded, spaces collapsed, parts separated by ``|``."""
        straat, nummer = self.street_and_number()
        return "|".join(_normalise(part) for part in (straat, nummer, self.postcode, self.gemeente))

    def is_complete(self) -> bool:
        """Enough to look up: a street and a municipality or postcode."""
        return bool(self.street_and_number()[0] and (self.gemeente or self.postcode))

    def label(self) -> str:
        """The address as one line, e.g. ``Grote Markt 21, 2800 Mechelen``."""
        straat, nummer = self.street_and_number()
        place = " ".join(part for part in (self.postcode, self.gemeente) if part)
        return ", ".join(part for part in (" ".join(p for p in (straat, nummer) if p), place) if part)


@dataclass(frozen=True)
class GeocodeResult:
    """The answer of a geocoder for one address.

    ``lat``/``lon`` (WGS84) and ``label`` are set only for ``gevonden``; ``candidates`` lists
    ``(label, lat, lon)`` for ``dubbelzinnig``; ``score`` is the match quality from 0 to 1 when
    the service gives one; ``message`` explains in Dutch what the user should know.
    """

    status: Status
    lat: float | None = None
    lon: float | None = None
    label: str | None = None
    score: float | None = None
    candidates: list[Candidate] = field(default_factory=list)
    message: str = ""

    @property
    def found(self) -> bool:
        return self.status == FOUND and self.lat is not None and self.lon is not None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> GeocodeResult:
        """Read :meth:`to_json` output back; raises ``ValueError`` for anything else."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("status") not in (FOUND, AMBIGUOUS, NOT_FOUND, ERROR):
            raise ValueError(f"not a geocode result: {text[:80]!r}")
        return cls(status=data["status"], lat=_float_or_none(data.get("lat")), lon=_float_or_none(data.get("lon")),
                   label=data.get("label"), score=_float_or_none(data.get("score")),
                   candidates=[(str(c[0]), float(c[1]), float(c[2])) for c in data.get("candidates") or []],
                   message=str(data.get("message") or ""))


class Geocoder(Protocol):
    """Anything that turns an :class:`Address` into a :class:`GeocodeResult` without raising."""

    name: str

    def geocode(self, address: Address) -> GeocodeResult: ...


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
        self._pacer = _pacer(self.name, self.base_url, NOMINATIM_MIN_DELAY, clock, sleep)
        # urllib instead of geopy's requests adapter: that one retries failed requests by
        # itself, outside the pacer, which could break the one-request-per-second rule.
        self._nominatim = _NominatimWithEmail(
            email=self.email, domain=parts.netloc + parts.path.rstrip("/"), scheme=parts.scheme,
            user_agent=user_agent, timeout=self.timeout, adapter_factory=URLLibAdapter)

    def geocode(self, address: Address) -> GeocodeResult:
        if not address.is_complete():
            return _incomplete(address)
        straat, nummer = address.street_and_number()
        query = {"street": " ".join(p for p in (_main_number(nummer), straat) if p), "country": "Belgium"}
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
                if attempt == 1 and _short(exc.retry_after):
                    self._sleep(float(exc.retry_after))
                    continue
                return _error(texts.GEOCODE_TE_VEEL_VRAGEN.format(dienst=texts.GEOCODE_DIENST_NOMINATIM))
            except GeopyError as exc:
                return self._error(exc)
            return self._interpret(address, places or [])
        raise AssertionError("unreachable")  # pragma: no cover

    def _interpret(self, address: Address, places) -> GeocodeResult:
        points = [_Match(place.address or address.label(), place.latitude, place.longitude, None,
                         place.raw if isinstance(place.raw, dict) else {})
                  for place in places if place.latitude is not None and place.longitude is not None]
        distinct = _distinct(points)
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
            return _error(texts.GEOCODE_GEEN_TOEGANG.format(dienst=dienst, status=status))
        if status is not None:
            return _error(texts.GEOCODE_HTTP_FOUT.format(dienst=dienst, status=status))
        if isinstance(exc, GeocoderTimedOut):
            return _error(texts.GEOCODE_TIMEOUT.format(dienst=dienst, timeout=_seconds(self.timeout)))
        if isinstance(exc, GeocoderParseError):
            return _error(texts.GEOCODE_ONGELDIG_ANTWOORD.format(dienst=dienst))
        return _error(texts.GEOCODE_ONBEREIKBAAR.format(dienst=dienst, fout=str(exc)[:200]))


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
        self._pacer = _pacer(self.name, self.base_url, max(0.0, float(min_delay)), clock, sleep)
        self._opener = urllib.request.build_opener()

    def geocode(self, address: Address) -> GeocodeResult:
        if not address.is_complete():
            return _incomplete(address)
        straat, nummer = address.street_and_number()
        postcode = address.postcode if re.fullmatch(r"\d{4}", address.postcode) else ""
        params = {"gemeentenaam": address.gemeente[:40], "postcode": postcode, "straatnaam": straat[:80],
                  "huisnummer": _main_number(nummer)[:40]}
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
                        if attempt == 1 and _short(wait):
                            self._sleep(float(wait))
                            continue
                        return _error(texts.GEOCODE_TE_VEEL_VRAGEN.format(dienst=dienst))
                    if exc.code == 400:
                        return _error(texts.GEOCODE_GEWEIGERD.format(adres=address.label(), dienst=dienst,
                                                                    status=exc.code, uitleg=_problem(exc)))
                    return _error(texts.GEOCODE_HTTP_FOUT.format(dienst=dienst, status=exc.code))
            except (OSError, HTTPException) as exc:  # timeouts and URLError are OSErrors
                return self._network_error(exc)
            try:
                payload = json.loads(body.decode("utf-8"))
            except ValueError:
                return _error(texts.GEOCODE_ONGELDIG_ANTWOORD.format(dienst=dienst))
            return self._interpret(address, payload)
        raise AssertionError("unreachable")  # pragma: no cover

    def _interpret(self, address: Address, payload: object) -> GeocodeResult:
        dienst = texts.GEOCODE_DIENST_VLAANDEREN
        if not isinstance(payload, dict):
            return _error(texts.GEOCODE_ONGELDIG_ANTWOORD.format(dienst=dienst))
        matches = []
        for item in _field(payload, "adresMatches") or []:
            if not isinstance(item, dict):
                continue
            position = adres_positie_to_wgs84(_field(item, "adresPositie"))
            if position is not None:
                score = _float_or_none(_field(item, "score")) or 0.0
                matches.append(_Match(_register_label(item), position[0], position[1], score, item))
        matches.sort(key=lambda m: -(m.score or 0.0))
        distinct = _distinct(matches)
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
            return _error(texts.GEOCODE_TIMEOUT.format(dienst=dienst, timeout=_seconds(self.timeout)))
        if isinstance(exc, HTTPException):
            return _error(texts.GEOCODE_ONGELDIG_ANTWOORD.format(dienst=dienst))
        return _error(texts.GEOCODE_ONBEREIKBAAR.format(dienst=dienst, fout=str(reason)[:200]))


class CachedGeocoder:
    """Wraps a geocoder and keeps its lasting answers in the store.

    Results with status ``fout`` are transient (a timeout, a busy server) and never cached.
    ``queried`` counts the addresses passed on to the wrapped geocoder, ``from_cache`` those
    answered from the store.
    """

    def __init__(self, geocoder: Geocoder, store, cache_only: bool = False):
        self.geocoder = geocoder
        self.store = store
        self.name = geocoder.name
        self.cache_only = cache_only
        self.queried = 0
        self.from_cache = 0
        self.skipped = 0

    def cached(self, address: Address) -> GeocodeResult | None:
        """The stored answer for ``address``, or None (a damaged entry counts as none)."""
        text = self.store.geocode_get(self.name, address.query_key())
        if text is None:
            return None
        try:
            return GeocodeResult.from_json(text)
        except (ValueError, TypeError, IndexError):
            return None

    def geocode(self, address: Address) -> GeocodeResult:
        result = self.cached(address)
        if result is not None:
            self.from_cache += 1
            return result
        if self.cache_only:
            self.skipped += 1
            return _error(texts.IMPORT_GEOCODE_GESTOPT)
        return self.refresh(address)

    def refresh(self, address: Address) -> GeocodeResult:
        """Ask the service itself, not the cache (e.g. "zoek het adres opnieuw"); a lasting answer replaces the cached one."""
        self.queried += 1
        result = self.geocoder.geocode(address)
        if result.status != ERROR:
            self.store.geocode_put(self.name, address.query_key(), result.to_json())
        return result


def make_geocoder(settings: Settings, store, cache_only: bool = False) -> CachedGeocoder | None:
    """The configured geocoder (``PARTNERKAART_GEOCODER``) behind the store's cache, or None for 'none'.

    With ``cache_only`` nothing is sent to the service: only earlier answers are used (after
    the user stopped the lookup, what was found so far is kept).
    """
    if settings.geocoder == "none":
        return None
    if settings.geocoder == "nominatim":
        inner: Geocoder = NominatimGeocoder(settings.geocoder_url, user_agent=settings.geocoder_user_agent,
                                            email=settings.geocoder_email, timeout=settings.geocoder_timeout)
    elif settings.geocoder == "vlaanderen":
        inner = VlaanderenGeocoder(settings.geocoder_url, user_agent=settings.geocoder_user_agent,
                                   timeout=settings.geocoder_timeout)
    else:
        raise ValueError(f"Instelling geocoder moet 'vlaanderen', 'nominatim' of 'none' zijn, "
                         f"niet {settings.geocoder!r}")
    return CachedGeocoder(inner, store, cache_only=cache_only)


def geocode_many(geocoder: Geocoder, addresses: Iterable[Address], progress: Progress | None = None,
                 should_stop: Callable[[], bool] | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 max_errors_in_a_row: int = MAX_ERRORS_IN_A_ROW) -> list[GeocodeResult | None]:
    """Geocode ``addresses`` in order; entries not reached after a stop stay None.

    A service that fails ``max_errors_in_a_row`` times in a row (status ``fout`` from a real
    request, not from the cache) is not asked any further: a batch of 400 addresses does
    not wait 400 timeouts for a server that is down. The rest stays None, as after a stop.

    ``progress(done, total, eta_seconds)`` is called after every address; the estimate is the
    average time of the addresses that really went to the service so far, times the number of
    uncached addresses still to do (None until the first one was timed). ``should_stop()`` is
    asked before every address, so a stop takes effect between requests; what was found so
    far is kept.
    """
    todo = list(addresses)
    total = len(todo)
    results: list[GeocodeResult | None] = [None] * total
    pending = _uncached_count(geocoder, todo)
    spent, timed, errors = 0.0, 0, 0
    for index, address in enumerate(todo):
        if (should_stop is not None and should_stop()) or errors >= max_errors_in_a_row:
            break
        asked_before = getattr(geocoder, "queried", None)
        start = clock()
        results[index] = geocoder.geocode(address)
        if asked_before is None or geocoder.queried > asked_before:
            spent += clock() - start
            timed += 1
            pending = max(pending - 1, 0)
            errors = errors + 1 if results[index].status == ERROR else 0
        if progress is not None:
            eta = spent / timed * pending if timed else (0.0 if pending == 0 else None)
            progress(index + 1, total, eta)
    return results


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


# -- helpers -------------------------------------------------------------------------------

_GML_POS = re.compile(r"<(?:[\w-]+:)?pos\b[^>]*>\s*([^<]+?)\s*<", re.IGNORECASE)
_GML_COORDINATES = re.compile(r"<(?:[\w-]+:)?coordinates\b[^>]*>\s*([^<]+?)\s*<", re.IGNORECASE)
_GML_SRS = re.compile(r"srsName\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


@dataclass(frozen=True)
class _Match:
    label: str
    lat: float
    lon: float
    score: float | None
    raw: dict

    @property
    def candidate(self) -> Candidate:
        return (self.label, self.lat, self.lon)


class _Pacer:
    """At least ``min_interval`` seconds between the starts of consecutive requests."""

    def __init__(self, min_interval: float, clock: Callable[[], float], sleep: Callable[[float], None]):
        self.min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._last: float | None = None
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:  # held while sleeping: concurrent callers queue up behind each other
            if self._last is not None:
                remaining = self.min_interval - (self._clock() - self._last)
                if remaining > 0:
                    self._sleep(remaining)
            self._last = self._clock()


_SHARED_PACERS: dict[tuple[str, str], _Pacer] = {}
_SHARED_PACERS_LOCK = threading.Lock()


def _pacer(provider: str, base_url: str, min_interval: float, clock, sleep) -> _Pacer:
    if clock is not None or sleep is not None:
        return _Pacer(min_interval, clock or time.monotonic, sleep or time.sleep)
    with _SHARED_PACERS_LOCK:  # one pace per server for the whole process (all sessions)
        pacer = _SHARED_PACERS.get((provider, base_url))
        if pacer is None or pacer.min_interval < min_interval:
            pacer = _SHARED_PACERS[(provider, base_url)] = _Pacer(min_interval, time.monotonic, time.sleep)
        return pacer


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


def _distinct(matches: Sequence[_Match]) -> list[_Match]:
    """Drop matches within :data:`SAME_PLACE_METRES` of a better (earlier) one."""
    kept: list[_Match] = []
    for match in matches:
        if all(_metres(match, other) > SAME_PLACE_METRES for other in kept):
            kept.append(match)
    return kept


def _metres(a: _Match, b: _Match) -> float:
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6_371_000 * math.hypot(x, y)


def _main_number(number: str) -> str:
    """``21`` from ``21 bus 3`` or ``21/3``, ``21A`` from ``21 a``: what the services match on."""
    match = re.match(r"\d+(?:\s*[A-Za-z](?![A-Za-z]))?", number.strip())
    return match.group(0).replace(" ", "").upper() if match else number.strip()


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _uncached_count(geocoder: Geocoder, addresses: Sequence[Address]) -> int:
    if not isinstance(geocoder, CachedGeocoder):
        return len(addresses)
    keys = {address.query_key(): address for address in addresses}
    return sum(1 for address in keys.values() if geocoder.cached(address) is None)


def _incomplete(address: Address) -> GeocodeResult:
    return GeocodeResult(NOT_FOUND, message=texts.GEOCODE_ONVOLLEDIG.format(adres=address.label()))


def _error(message: str) -> GeocodeResult:
    return GeocodeResult(ERROR, message=message)


def _retry_after(headers) -> float | None:
    if headers is None:
        return None
    return get_retry_after({name.lower(): value for name, value in headers.items()})


def _short(seconds: float | None) -> bool:
    return seconds is not None and 0 <= float(seconds) <= MAX_RETRY_AFTER


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


def _float_or_none(value: object) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _is_pair(value: object) -> bool:
    return isinstance(value, (list, tuple)) and len(value) >= 2


def _seconds(value: float) -> str:
    return f"{value:g}"
