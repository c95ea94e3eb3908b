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

import time
from typing import Callable, Iterable, Sequence

from geo import texts
from geo.config import Settings
from geo.geocode.nominatim import NOMINATIM_MIN_DELAY, NominatimGeocoder
from geo.geocode.records import (AMBIGUOUS, ERROR, FOUND, NOT_FOUND, SAME_PLACE_METRES, Address, Candidate,
                                 GeocodeResult, Geocoder, Status, error_result)
from geo.geocode.vlaanderen import (VLAANDEREN_CLOSE_SCORES, VLAANDEREN_MIN_SCORE, VlaanderenGeocoder,
                                    adres_positie_to_wgs84)

MAX_ERRORS_IN_A_ROW = 3
"""After this many service errors in a row (timeouts, 5xx, unreachable) a batch stops asking."""

Progress = Callable[[int, int, "float | None"], None]

__all__ = ["Address", "GeocodeResult", "Geocoder", "Candidate", "Status", "FOUND", "AMBIGUOUS", "NOT_FOUND", "ERROR",
           "SAME_PLACE_METRES", "MAX_ERRORS_IN_A_ROW", "NOMINATIM_MIN_DELAY", "VLAANDEREN_MIN_SCORE",
           "VLAANDEREN_CLOSE_SCORES", "NominatimGeocoder", "VlaanderenGeocoder", "CachedGeocoder", "make_geocoder",
           "geocode_many", "adres_positie_to_wgs84"]


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
            return error_result(texts.IMPORT_GEOCODE_GESTOPT)
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


def _uncached_count(geocoder: Geocoder, addresses: Sequence[Address]) -> int:
    if not isinstance(geocoder, CachedGeocoder):
        return len(addresses)
    keys = {address.query_key(): address for address in addresses}
    return sum(1 for address in keys.values() if geocoder.cached(address) is None)
