"""An Overpass API answer (OpenStreetMap) read as candidate partners.

The answer is ``{"version", "generator", "osm3s": {...}, "elements": [{"type", "id", "lat",
"lon" | "center": {"lat", "lon"}, "tags"}], "remark"?}``. Overpass answers HTTP 200 also when a
query ran out of time or memory: it then says so in ``remark`` ("runtime error: Query timed
out …") and the elements are incomplete. Such an answer is a failure
(:class:`CandidateError`), never "no candidates", so the last good list is kept.

>>> answer = b'{"elements": [{"type": "node", "id": 1, "lat": 51.03, "lon": 4.48,'
>>> answer += b' "tags": {"amenity": "school", "name": "De Zonnebloem"}}]}'
>>> [c.naam for c in read_overpass(answer, load_rules(), "12025")]
['De Zonnebloem']
"""

from __future__ import annotations

import json
import math
from typing import Sequence

from geo import texts
from geo.candidates.osm_tags import TagRule, kind_of, load_rules  # noqa: F401 (load_rules: the doctest)
from geo.candidates.records import OSM, Candidate

MAX_ELEMENTS = 200_000
MAX_NAME_CHARS = 200
_FAILED_REMARKS = ("runtime error", "timed out", "out of memory", "runtime remark")


class CandidateError(ValueError):
    """A source's answer could not be used; the message is Dutch."""


def read_overpass(data: bytes, rules: Sequence[TagRule], gemeente_nis: str) -> list[Candidate]:
    """The named objects of the answer that a rule makes candidates, with their address tags."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise CandidateError(texts.KANDIDATEN_OVERPASS_ONLEESBAAR) from exc
    if not isinstance(document, dict) or not isinstance(document.get("elements"), list):
        raise CandidateError(texts.KANDIDATEN_OVERPASS_ONLEESBAAR)
    remark = str(document.get("remark") or "")
    if any(word in remark.lower() for word in _FAILED_REMARKS):
        raise CandidateError(texts.KANDIDATEN_OVERPASS_ONVOLLEDIG.format(opmerking=remark[:200]))
    elements = document["elements"]
    if len(elements) > MAX_ELEMENTS:
        raise CandidateError(texts.KANDIDATEN_TE_VEEL.format(aantal=len(elements), max=MAX_ELEMENTS))
    found = []
    for element in elements:
        candidate = _candidate(element, rules, gemeente_nis)
        if candidate is not None:
            found.append(candidate)
    return found


def _candidate(element, rules: Sequence[TagRule], gemeente_nis: str) -> Candidate | None:
    if not isinstance(element, dict) or not isinstance(element.get("tags"), dict):
        return None
    tags = {str(k): str(v) for k, v in element["tags"].items()}
    rule = kind_of(tags, rules)
    point = element.get("center") if isinstance(element.get("center"), dict) else element
    lat, lon = _number(point.get("lat")), _number(point.get("lon"))
    if rule is None or lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return Candidate(gemeente_nis=gemeente_nis, bron=OSM, bron_id=f"{element.get('type')}/{element.get('id')}",
                     naam=_clean(tags["name"]), categorie=rule.categorie, lat=lat, lon=lon, detail=rule.label,
                     straat=_clean(tags.get("addr:street", "")), huisnummer=_clean(tags.get("addr:housenumber", "")),
                     postcode=_clean(tags.get("addr:postcode", "")), plaats=_clean(tags.get("addr:city", "")))


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _clean(text: str) -> str:
    """One line, control characters dropped, at most :data:`MAX_NAME_CHARS` characters."""
    return " ".join("".join(c for c in str(text) if c.isprintable() or c == " ").split())[:MAX_NAME_CHARS]
