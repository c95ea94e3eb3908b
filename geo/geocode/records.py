"""The records and small helpers every geocoder shares: an address, an answer, the pace of requests.

>>> Address(straat="Grote Markt 21", gemeente="Mechelen").street_and_number()
('Grote Markt', '21')
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Callable, Literal, Protocol, Sequence

from geo import texts
from geo.places import split_street

Status = Literal["gevonden", "dubbelzinnig", "niet_gevonden", "fout"]
FOUND: Status = "gevonden"
AMBIGUOUS: Status = "dubbelzinnig"
NOT_FOUND: Status = "niet_gevonden"
ERROR: Status = "fout"

SAME_PLACE_METRES = 50.0
"""Candidates within this distance of a better one are the same place (see :mod:`geo.geocode`)."""
MAX_RETRY_AFTER = 5.0
"""A 429 answer's Retry-After up to this many seconds is waited out once; longer means give up."""

Candidate = tuple[str, float, float]


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
        return cls(status=data["status"], lat=float_or_none(data.get("lat")), lon=float_or_none(data.get("lon")),
                   label=data.get("label"), score=float_or_none(data.get("score")),
                   candidates=[(str(c[0]), float(c[1]), float(c[2])) for c in data.get("candidates") or []],
                   message=str(data.get("message") or ""))


class Geocoder(Protocol):
    """Anything that turns an :class:`Address` into a :class:`GeocodeResult` without raising."""

    name: str

    def geocode(self, address: Address) -> GeocodeResult: ...


@dataclass(frozen=True)
class Match:
    label: str
    lat: float
    lon: float
    score: float | None
    raw: dict

    @property
    def candidate(self) -> Candidate:
        return (self.label, self.lat, self.lon)


def distinct_places(matches: Sequence[Match]) -> list[Match]:
    """Drop matches within :data:`SAME_PLACE_METRES` of a better (earlier) one."""
    kept: list[Match] = []
    for match in matches:
        if all(_metres(match, other) > SAME_PLACE_METRES for other in kept):
            kept.append(match)
    return kept


def _metres(a: Match, b: Match) -> float:
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6_371_000 * math.hypot(x, y)


def main_number(number: str) -> str:
    """``21`` from ``21 bus 3`` or ``21/3``, ``21A`` from ``21 a``: what the services match on."""
    match = re.match(r"\d+(?:\s*[A-Za-z](?![A-Za-z]))?", number.strip())
    return match.group(0).replace(" ", "").upper() if match else number.strip()


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def incomplete(address: Address) -> GeocodeResult:
    return GeocodeResult(NOT_FOUND, message=texts.GEOCODE_ONVOLLEDIG.format(adres=address.label()))


def error_result(message: str) -> GeocodeResult:
    return GeocodeResult(ERROR, message=message)


def short_wait(seconds: float | None) -> bool:
    return seconds is not None and 0 <= float(seconds) <= MAX_RETRY_AFTER


def seconds_text(value: float) -> str:
    return f"{value:g}"


def float_or_none(value: object) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


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


def pacer(provider: str, base_url: str, min_interval: float, clock, sleep) -> _Pacer:
    if clock is not None or sleep is not None:
        return _Pacer(min_interval, clock or time.monotonic, sleep or time.sleep)
    with _SHARED_PACERS_LOCK:  # one pace per server for the whole process (all sessions)
        pacer = _SHARED_PACERS.get((provider, base_url))
        if pacer is None or pacer.min_interval < min_interval:
            pacer = _SHARED_PACERS[(provider, base_url)] = _Pacer(min_interval, time.monotonic, time.sleep)
        return pacer
