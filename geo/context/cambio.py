"""Cambio's station list (round-trip shared cars) as a context layer.

Cambio publishes no GBFS feed; its public station list needs no key:
``https://cwapi.cambio-carsharing.com/pub/{VLA|BXL|WAL}/stations`` (documented by the
repository ubahnverleih/WoBike, ``Cambio.md``). Each station is an object with ``id``,
``displayName``, ``address`` (``streetAddress``, ``streetNumber``, ``postalCode``,
``addressLocation``), ``geoposition`` (``latitude``, ``longitude``), ``stationType`` and
``vehicleClasses`` (a list of ``{id, displayName}``), as mapped by the repository
mobidata-bw/x2gbfs (``docs/mappings/cambio_gbfs_2.3_mapping.md``).

Each station becomes one object: its name, its point, the vehicle classes as the detail
("Klein, Midden") and the address, station type and id as properties. The answer is a
list of stations; a list under ``stations`` or ``data`` is accepted too.

>>> read_cambio(b'[{"id": "1", "displayName": "Mechelen Station", "geoposition": '
...             b'{"latitude": 51.0175, "longitude": 4.4827}, "vehicleClasses": [{"displayName": "Klein"}]}]',
...             "https://cwapi.cambio-carsharing.com/pub/VLA/stations").objects[0].detail
'Klein'
"""

from __future__ import annotations

import json

from geo import texts
from geo.context.checks import LayerError, LayerLimits, ObjectCollector, ParsedLayer, clean_text, host_of, shown


def read_cambio(data: bytes, url: str, limits: LayerLimits = LayerLimits(), attribution: str = "") -> ParsedLayer:
    """The stations of a Cambio station list; ``attribution`` defaults to the URL's host.

    Raises :class:`~geo.context.checks.LayerError` (Dutch) for an answer that is no list of stations.
    """
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise LayerError(texts.CAMBIO_GEEN_LIJST.format(url=shown(url))) from exc
    if isinstance(document, dict):
        document = next((document[k] for k in ("stations", "data") if isinstance(document.get(k), list)), None)
    if not isinstance(document, list):
        raise LayerError(texts.CAMBIO_GEEN_LIJST.format(url=shown(url)))
    if len(document) > limits.max_objects:
        raise LayerError(texts.LAGEN_TE_VEEL_OBJECTEN.format(bron=shown(url), max=f"{limits.max_objects:,}".replace(",", ".")))
    collector = ObjectCollector(url, limits)
    for station in document:
        if not isinstance(station, dict):
            collector.skip()
            continue
        position = station.get("geoposition") if isinstance(station.get("geoposition"), dict) else {}
        classes = [clean_text(c.get("displayName"), 60) for c in station.get("vehicleClasses") or []
                   if isinstance(c, dict)] if isinstance(station.get("vehicleClasses"), list) else []
        collector.add(station.get("displayName"), _number(position.get("longitude")), _number(position.get("latitude")),
                      detail=", ".join(dict.fromkeys(c for c in classes if c)),
                      properties={"id": clean_text(station.get("id"), 100), "adres": _address(station.get("address")),
                                  "type": clean_text(station.get("stationType"), 100)})
    return collector.result(attribution or host_of(url))


def _address(address: object) -> str:
    """``Stationsplein 1, 2800 Mechelen`` from Cambio's address parts ("" when there are none)."""
    if not isinstance(address, dict):
        return ""
    part = (lambda key: clean_text(address.get(key), 100))
    street = " ".join(p for p in (part("streetAddress"), part("streetNumber")) if p)
    place = " ".join(p for p in (part("postalCode"), part("addressLocation")) if p)
    return ", ".join(p for p in (street, place) if p)


def _number(value: object) -> object:
    """A coordinate: a number, or a text holding one (Cambio's documents use numbers; a text is tolerated)."""
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            return None
    return value
