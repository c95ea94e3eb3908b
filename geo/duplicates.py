"""Which rows of an import are the same organisation: within the file, and with stored partners.

Names are compared after :func:`normalise_name`. Within a file, a later row repeats an earlier
one when the names match and the two are at the same place: the same postcode, or within
:data:`NEARBY_M` of each other, or (without postcode and location) the same municipality. A
repeat whose every cell is the same is an exact duplicate (merged into the first); one whose
cells differ (an id, a house number, a box) is only a *possible* duplicate, for the reviewer.
A row matches a stored partner by id, else by name and postcode, else by name within 50 m.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from geo.partners import Partner

NEARBY_M = 50.0
_NON_ALNUM_ASCII = re.compile(r"[^0-9A-Za-z]+")  # NFKD can make "A" of "𝓐"
_ASCII_NAME_BYTES = bytes(c if chr(c).isascii() and (chr(c).isalnum() or c == 10) else 32 for c in range(256))
_SPACE_RUNS = re.compile(rb"  +")
_SPACES_AT_NEWLINES = re.compile(rb" ?\n ?")
_UPDATED_FIELDS = ("naam", "categorie", "status", "organisatie", "straat", "huisnummer", "postcode", "plaats",
                   "contactpersoon", "email", "telefoon", "notities", "bereik_m")


@dataclass(frozen=True)
class Duplicate:
    """Row ``index`` repeats the earlier row ``first``; ``differences`` are the fields whose cells differ."""

    index: int
    first: int
    differences: tuple[str, ...]

    @property
    def exact(self) -> bool:
        return not self.differences


def normalise_name(name: str) -> str:
    """Case, accents and punctuation ignored: ``"Chiro  Sint-Jan!"`` and ``"chiro sint jan"`` are one name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    if decomposed.isascii():  # the usual case, the same result without a loop over the characters
        return " ".join(_NON_ALNUM_ASCII.sub(" ", decomposed).split())
    return " ".join(decomposed.translate(_NAME_CHARACTERS).split())


def normalise_names(names: Sequence[str]) -> list[str]:
    """:func:`normalise_name` for a whole column: the plain-ASCII names (most) in one pass.

    The rule works character by character, and NFKD leaves ASCII alone, so joining those
    names with newlines, normalising once (a byte table, then collapsing spaces) and
    splitting again gives the same names, as long as no name holds a newline itself. The
    other names go one by one.
    """
    result = [""] * len(names)
    plain = [i for i, name in enumerate(names) if name.isascii()]
    joined = "\n".join([names[i] for i in plain]).lower().encode("ascii")
    if joined.count(b"\n") == len(plain) - 1:
        spaced = joined.translate(_ASCII_NAME_BYTES)
        if b"  " in spaced:
            spaced = _SPACE_RUNS.sub(b" ", spaced)
        if b" \n" in spaced or b"\n " in spaced:
            spaced = _SPACES_AT_NEWLINES.sub(b"\n", spaced)
        for index, line in zip(plain, spaced.strip(b" ").decode("ascii").split("\n")):
            result[index] = line
        rest = [i for i, name in enumerate(names) if not name.isascii()]
    else:
        rest = range(len(names))
    for index in rest:
        result[index] = normalise_name(names[index])
    return result


def file_duplicates(partners: Sequence[Partner | None], names: Sequence[str],
                    cells: Mapping[str, Sequence[str]]) -> list[Duplicate]:
    """The rows that repeat an earlier row of the same file, in row order.

    ``partners`` holds the validated row (None for a refused one), ``names`` its normalised
    name and ``cells`` the file's text per field, for telling exact from possible duplicates.
    Only names that occur more than once cost any work.
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for index, (partner, name) in enumerate(zip(partners, names)):
        if partner is not None and name:
            groups[name].append(index)
    repeated = [indices for indices in groups.values() if len(indices) > 1]
    if not repeated:
        return []
    xy = _lambert_points(partners, [i for indices in repeated for i in indices])
    found = []
    for indices in repeated:
        firsts: list[int] = []
        for index in indices:
            first = next((f for f in firsts if _same_place(partners[f], partners[index], xy.get(f), xy.get(index))), None)
            if first is None:
                firsts.append(index)
            else:
                found.append(Duplicate(index, first, _differences(cells, first, index)))
    return sorted(found, key=lambda d: d.index)


def find_match(partner: Partner, name: str, row_id: str, by_id: Mapping[str, Partner],
               by_key: Mapping[tuple[str, str], Partner], by_name: Mapping[str, list[Partner]]) -> Partner | None:
    """The stored partner a row updates: by id, else by name (normalised) + postcode, else by name within 50 m."""
    if row_id and row_id in by_id:
        return by_id[row_id]
    match = by_key.get((name, partner.postcode))
    if match is not None:
        return match
    if partner.has_location:
        for candidate in by_name.get(name, ()):
            if candidate.has_location and distance_m(candidate, partner) <= NEARBY_M:
                return candidate
    return None


def merged(existing: Partner, incoming: Partner) -> Partner:
    """``existing`` with every non-empty field of ``incoming`` (id, version, created kept)."""
    changes = {name: getattr(incoming, name) for name in _UPDATED_FIELDS if getattr(incoming, name) not in ("", None)}
    if incoming.has_location:
        changes.update(lat=incoming.lat, lon=incoming.lon, gemeente_nis=incoming.gemeente_nis, wijk_code=incoming.wijk_code)
    return existing.with_changes(**changes)


def distance_m(a: Partner, b: Partner) -> float:
    """Distance in metres, computed in Lambert 72 (never in degrees)."""
    from geo.reach import to_lambert_xy

    x, y = to_lambert_xy(np.array([a.lon, b.lon], dtype=float), np.array([a.lat, b.lat], dtype=float))
    return math.hypot(x[0] - x[1], y[0] - y[1])


def _same_place(a: Partner, b: Partner, a_xy, b_xy) -> bool:
    if a.postcode and a.postcode == b.postcode:
        return True
    if a_xy is not None and b_xy is not None:
        return math.hypot(a_xy[0] - b_xy[0], a_xy[1] - b_xy[1]) <= NEARBY_M
    return not a.postcode and not b.postcode and a_xy is None and b_xy is None and a.gemeente_nis == b.gemeente_nis


def _lambert_points(partners: Sequence[Partner | None], indices: list[int]) -> dict[int, tuple[float, float]]:
    """Lambert 72 coordinates of the located rows among ``indices``, in one transformation."""
    from geo.reach import to_lambert_xy

    located = [i for i in indices if partners[i].has_location]
    if not located:
        return {}
    x, y = to_lambert_xy(np.array([partners[i].lon for i in located], dtype=float),
                         np.array([partners[i].lat for i in located], dtype=float))
    return {i: (float(a), float(b)) for i, a, b in zip(located, x, y)}


def _differences(cells: Mapping[str, Sequence[str]], first: int, index: int) -> tuple[str, ...]:
    return tuple(name for name, values in cells.items() if str(values[first]).strip() != str(values[index]).strip())


class _NameCharacters(dict):
    """A ``str.translate`` table for :func:`normalise_name`, filled as characters are met.

    Accents (combining marks) are dropped, letters and digits kept, anything else becomes a
    space: the rule applied per character by one call in C instead of a Python loop.
    """

    def __missing__(self, code: int) -> str | None:
        character = chr(code)
        value = None if unicodedata.combining(character) else character if character.isalnum() else " "
        if len(self) < 10_000:  # a hostile file cannot make the table grow without end
            self[code] = value
        return value


_NAME_CHARACTERS = _NameCharacters()
