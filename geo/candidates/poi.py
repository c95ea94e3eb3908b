"""The Flemish points of interest (Digitaal Vlaanderen's POI service) read as candidate partners: schools.

The service is a WFS without key; asked for its ``POI`` features of the categories
*Basisonderwijs* and *Secundair onderwijs* (``CQL_FILTER``) in GeoJSON, it answers in Belgian
Lambert 72. The answer is read by :func:`geo.context.wfs.read_wfs`, the reader of WFS context
layers (coordinate system from the answer or the URL, else recognised; names, limits), so a
point of interest meets the same checks as a Hoppinpunt. Every feature becomes a candidate of
kind ``school``; its category is the detail, its address comes from the usual property names
when present, and its id from the feature's id property (else its place and name, so a refresh
finds the same candidate again).

>>> read_poi(answer, settings.kandidaten_poi_url, "12025")[0].categorie     # doctest: +SKIP
'school'
"""

from __future__ import annotations

import json
from typing import Mapping

from geo.candidates.overpass import CandidateError
from geo.candidates.records import POI, Candidate
from geo.context.checks import LayerError, LayerLimits
from geo.context.wfs import read_wfs

_ID_KEYS = ("id", "poi_id", "objectid", "oidn", "uidn", "fid")
_ADDRESS_KEYS = {"straat": ("straat", "straatnaam", "adres_straat"), "huisnummer": ("huisnummer", "huisnr"),
                 "postcode": ("postcode", "postnummer"), "plaats": ("gemeente", "plaats", "deelgemeente")}


def read_poi(data: bytes, url: str, gemeente_nis: str, limits: LayerLimits = LayerLimits()) -> list[Candidate]:
    """The features of a POI answer as candidates of kind ``school``; a :class:`CandidateError` (Dutch) otherwise."""
    try:
        parsed = read_wfs(data, url, limits)
    except LayerError as error:
        raise CandidateError(str(error)) from error
    found = []
    for item in parsed.objects:
        properties = _properties(item.eigenschappen)
        address = {field: _first(properties, keys) for field, keys in _ADDRESS_KEYS.items()}
        found.append(Candidate(gemeente_nis=gemeente_nis, bron=POI, bron_id=_id(properties, item), naam=item.naam,
                               categorie="school", lat=item.lat, lon=item.lon, detail=item.detail or "school",
                               **address))
    return found


def _properties(text: str) -> dict[str, str]:
    try:
        values = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k).lower(): str(v).strip() for k, v in values.items() if v is not None} if isinstance(values, dict) else {}


def _first(properties: Mapping[str, str], keys: tuple[str, ...]) -> str:
    return next((properties[k][:200] for k in keys if properties.get(k)), "")


def _id(properties: Mapping[str, str], item) -> str:
    own = _first(properties, _ID_KEYS)
    return own or f"{item.lat:.6f},{item.lon:.6f}:{item.naam[:80]}"
