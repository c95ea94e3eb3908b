"""Objects read by the layer readers (:mod:`geo.context`) as candidates: id, address and kind from their properties.

The Flemish points of interest and the sources a beheerder adds are read by the readers of
context layers (WFS with its coordinate system, GeoJSON, CSV/XLSX with the partner import's
column recognition), which give :class:`~geo.context.records.ContextObject` items: a name, a
point, a detail (a kind column, a category) and the other properties as JSON. Here they become
candidates: the id from the usual id properties (else the place and name, so the same object
keeps its id on every refresh), the address from the usual address properties.

>>> from geo.context.records import ContextObject
>>> item = ContextObject(0, "Chiro Sint-Jan", 4.48, 51.03, "chiro", "", '{"ID": 7, "Postcode": "2800"}')
>>> as_candidate(item, "eigen:1", "12025", "jeugdbeweging")
Candidate(gemeente_nis='12025', bron='eigen:1', bron_id='7', naam='Chiro Sint-Jan', categorie='jeugdbeweging', lat=51.03, lon=4.48, detail='chiro', straat='', huisnummer='', postcode='2800', plaats='', wijk_code='')
"""

from __future__ import annotations

import json
from typing import Mapping

from geo.candidates.records import Candidate

ID_KEYS = ("id", "poi_id", "objectid", "oidn", "uidn", "fid")
ADDRESS_KEYS = {"straat": ("straat", "straatnaam", "adres_straat", "adres"), "huisnummer": ("huisnummer", "huisnr", "nr"),
                "postcode": ("postcode", "postnummer"), "plaats": ("gemeente", "plaats", "deelgemeente", "stad")}


def as_candidate(item, bron: str, gemeente_nis: str, categorie: str, detail: str = "") -> Candidate:
    """One context object as a candidate of kind ``categorie``."""
    properties = properties_of(item.eigenschappen)
    address = {field: first(properties, keys) for field, keys in ADDRESS_KEYS.items()}
    return Candidate(gemeente_nis=gemeente_nis, bron=bron, bron_id=stable_id(properties, item), naam=item.naam,
                     categorie=categorie, lat=item.lat, lon=item.lon, detail=detail or item.detail, **address)


def properties_of(text: str) -> dict[str, str]:
    """An object's properties (JSON text) with lower-case keys and text values."""
    try:
        values = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k).lower(): str(v).strip() for k, v in values.items() if v is not None} if isinstance(values, dict) else {}


def first(properties: Mapping[str, str], keys: tuple[str, ...]) -> str:
    """The first non-empty value of ``keys`` (at most 200 characters), else ""."""
    return next((properties[k][:200] for k in keys if properties.get(k)), "")


def stable_id(properties: Mapping[str, str], item) -> str:
    """The object's own id, else its place and name."""
    return first(properties, ID_KEYS) or f"{item.lat:.6f},{item.lon:.6f}:{item.naam[:80]}"
