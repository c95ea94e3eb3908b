"""A GBFS feed (versions 2.x and 3.0) as a context layer: its stations and its free-floating vehicles.

GBFS, the open standard of shared-mobility operators, starts at an auto-discovery file
``gbfs.json`` that names the other feeds: in 2.x per language (``data.<lang>.feeds``,
Dutch preferred, then English, then the first), in 3.0 directly (``data.feeds``), each
``{"name", "url"}``. Partnerkaart reads four of them:

- ``system_information``: the system's ``name`` and ``operator``, for the attribution
  (plain texts in 2.x, lists of ``{text, language}`` in 3.0);
- ``station_information``: ``data.stations`` with ``station_id``, ``name``, ``lat``,
  ``lon`` and optionally ``address``, ``short_name``, ``capacity``;
- ``vehicle_status`` (3.0) or ``free_bike_status`` (2.x): ``data.vehicles`` or
  ``data.bikes``, with ``lat``/``lon`` for a free-floating vehicle (one with a
  ``station_id`` stands at a station and is shown by it), ``vehicle_type_id``,
  ``is_reserved`` and ``is_disabled`` (disabled vehicles are left out);
- ``vehicle_types``: ``form_factor`` (``car``, ``bicycle``, ``moped``, …) and a name.

Stations become objects with detail ``station``, vehicles objects whose detail is their
form factor. A layer of kind ``deelauto`` keeps only the vehicles that are cars (when
``vehicle_types`` says so) and the stations, a layer of kind ``deelfiets`` only the bikes
(``bicycle``, ``cargo_bicycle``) and the stations. Localized texts prefer Dutch (``nl``).

The fetching stays with the caller (:mod:`geo.context.sources`, through the safe
:mod:`geo.context.fetch`): :func:`discover` reads the discovery file, :func:`read_gbfs`
the fetched feeds; both are plain module-level functions on bytes, so they run in the
upload worker (:func:`geo.uploads.bounded.run_bounded`). The GBFS clients on PyPI
(``gbfs-client``, ``gbfs-analytics``, ``bicidata``) fetch by themselves, which would bypass
the address and size checks, and assume 2.x; the few fields needed here are read directly.

>>> discover(b'{"version": "3.0", "data": {"feeds": [{"name": "vehicle_status", "url": "v.json"}]}}',
...          "https://example.org/gbfs/gbfs.json").feeds
{'vehicle_status': 'https://example.org/gbfs/v.json'}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import urljoin

from geo import texts
from geo.context.checks import LayerError, LayerLimits, ObjectCollector, ParsedLayer, clean_text, host_of, shown

WANTED = ("system_information", "station_information", "vehicle_status", "free_bike_status", "vehicle_types")
LANGUAGES = ("nl", "en")
CAR = "car"
BIKES = ("bicycle", "cargo_bicycle")
KEPT = {"deelauto": ((CAR,), texts.GBFS_GEEN_AUTO), "deelfiets": (BIKES, texts.GBFS_GEEN_FIETS)}  # kind: form factors kept


@dataclass(frozen=True)
class Discovery:
    """What ``gbfs.json`` says: the version and the URLs of the feeds Partnerkaart reads."""

    version: str
    feeds: dict[str, str] = field(default_factory=dict)

    @property
    def needed(self) -> dict[str, str]:
        """The feeds to fetch: the vehicle feed of the version (``vehicle_status`` before ``free_bike_status``)."""
        feeds = dict(self.feeds)
        if "vehicle_status" in feeds:
            feeds.pop("free_bike_status", None)
        return feeds


def discover(data: bytes, url: str) -> Discovery:
    """The feeds that the discovery file ``data`` (fetched from ``url``) names; relative URLs resolved.

    Raises :class:`~geo.context.checks.LayerError` for a file that is no GBFS discovery
    file or names neither stations nor vehicles.
    """
    document = _json(data, url, "gbfs.json")
    payload = document.get("data")
    if not isinstance(payload, dict):
        raise LayerError(texts.GBFS_GEEN_ONTDEKKING.format(url=shown(url)))
    if isinstance(payload.get("feeds"), list):
        listed = payload["feeds"]
    else:
        languages = [key for key, value in payload.items() if isinstance(value, dict) and isinstance(value.get("feeds"), list)]
        if not languages:
            raise LayerError(texts.GBFS_GEEN_ONTDEKKING.format(url=shown(url)))
        chosen = next((lang for want in LANGUAGES for lang in languages if lang.lower().startswith(want)), languages[0])
        listed = payload[chosen]["feeds"]
    feeds: dict[str, str] = {}
    for feed in listed:
        if not isinstance(feed, dict):
            continue
        name, link = feed.get("name"), feed.get("url")
        if name in WANTED and isinstance(link, str) and link.strip() and name not in feeds:
            feeds[name] = urljoin(url, link.strip())
    if not {"station_information", "vehicle_status", "free_bike_status"} & set(feeds):
        raise LayerError(texts.GBFS_GEEN_FEEDS.format(url=shown(url)))
    version = document.get("version")
    return Discovery(version=str(version) if isinstance(version, (str, int, float)) else "", feeds=feeds)


def read_gbfs(documents: Mapping[str, bytes], url: str, soort: str = "ander",
              limits: LayerLimits = LayerLimits()) -> ParsedLayer:
    """Stations and free-floating vehicles from the fetched feeds (name → bytes) of the system at ``url``.

    Raises :class:`~geo.context.checks.LayerError` (Dutch) for a feed that is no JSON, has
    the wrong structure, or holds more than ``limits.max_objects`` objects.
    """
    collector = ObjectCollector(url, limits)
    attribution = _attribution(documents.get("system_information"), url)
    types = _vehicle_types(documents.get("vehicle_types"), url)
    stations = _list(documents.get("station_information"), "station_information", ("stations",), url)
    vehicles = _list(documents.get("vehicle_status") or documents.get("free_bike_status"),
                     "vehicle_status" if "vehicle_status" in documents else "free_bike_status", ("vehicles", "bikes"), url)
    if len(stations) + len(vehicles) > limits.max_objects:
        raise LayerError(texts.LAGEN_TE_VEEL_OBJECTEN.format(bron=shown(url), max=f"{limits.max_objects:,}".replace(",", ".")))
    for station in stations:
        if not isinstance(station, dict):
            collector.skip()
            continue
        collector.add(_text(station.get("name")), station.get("lon"), station.get("lat"), detail="station",
                      properties={"id": _text(station.get("station_id")), "korte_naam": _text(station.get("short_name")),
                                  "adres": _text(station.get("address")), "capaciteit": _number(station.get("capacity"))})
    not_cars = disabled = 0
    for vehicle in vehicles:
        if not isinstance(vehicle, dict):
            collector.skip()
            continue
        if vehicle.get("station_id") not in (None, ""):
            continue  # docked: its station stands for it
        if vehicle.get("is_disabled") in (True, 1):
            disabled += 1
            continue
        type_id = _text(vehicle.get("vehicle_type_id"))
        form_factor, type_name = types.get(type_id, ("", ""))
        if soort in KEPT and types and form_factor not in KEPT[soort][0]:
            not_cars += 1
            continue
        name = type_name or texts.GBFS_VOERTUIGEN.get(form_factor, texts.GBFS_VOERTUIG)
        collector.add(name, vehicle.get("lon"), vehicle.get("lat"), detail=form_factor,
                      properties={"id": _text(vehicle.get("vehicle_id") or vehicle.get("bike_id")), "type": type_id,
                                  "gereserveerd": vehicle.get("is_reserved") in (True, 1)})
    if not_cars:
        collector.notes.append(KEPT[soort][1].format(aantal=not_cars))
    if disabled:
        collector.notes.append(texts.GBFS_BUITEN_DIENST.format(aantal=disabled))
    return collector.result(attribution)


def localized(value: object) -> str:
    """A GBFS text: a plain string (2.x) or a list of ``{text, language}`` (3.0), Dutch preferred.

    >>> localized([{"text": "Station", "language": "en"}, {"text": "Statie", "language": "nl-BE"}])
    'Statie'
    """
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return ""
    texts_by_language = [(str(item.get("language", "")).lower(), item.get("text")) for item in value
                         if isinstance(item, dict) and isinstance(item.get("text"), str)]
    for want in LANGUAGES:
        for language, text in texts_by_language:
            if language.startswith(want):
                return text
    return texts_by_language[0][1] if texts_by_language else ""


def _json(data: bytes | None, url: str, feed: str) -> dict:
    try:
        document = json.loads(data) if data is not None else None
    except (ValueError, RecursionError) as exc:
        raise LayerError(texts.GBFS_GEEN_JSON.format(feed=feed, url=shown(url))) from exc
    if not isinstance(document, dict):
        raise LayerError(texts.GBFS_GEEN_JSON.format(feed=feed, url=shown(url)))
    return document


def _list(data: bytes | None, feed: str, keys: tuple[str, ...], url: str) -> list:
    """The list under ``data.<key>`` of a feed ([] when the feed was not fetched)."""
    if data is None:
        return []
    payload = _json(data, url, feed).get("data")
    found = next((payload[key] for key in keys if isinstance(payload, dict) and key in payload), None)
    if not isinstance(found, list):
        raise LayerError(texts.GBFS_STRUCTUUR.format(feed=feed, url=shown(url), veld=f"data.{keys[0]}"))
    return found


def _vehicle_types(data: bytes | None, url: str) -> dict[str, tuple[str, str]]:
    """vehicle_type_id → (form factor, name); empty when the feed is absent."""
    found: dict[str, tuple[str, str]] = {}
    for item in _list(data, "vehicle_types", ("vehicle_types",), url):
        if isinstance(item, dict) and item.get("vehicle_type_id") not in (None, ""):
            form_factor = item.get("form_factor")
            found[_text(item.get("vehicle_type_id"))] = (
                clean_text(form_factor, 40) if isinstance(form_factor, str) else "", _text(item.get("name")))
    return found


def _attribution(data: bytes | None, url: str) -> str:
    """``name (operator)`` of system_information, else the feed's host."""
    if data is None:
        return host_of(url)
    payload = _json(data, url, "system_information").get("data")
    if not isinstance(payload, dict):
        return host_of(url)
    name, operator = _text(payload.get("name")), _text(payload.get("operator"))
    if name and operator and operator.casefold() not in name.casefold():
        return f"{name} ({operator})"
    return name or operator or host_of(url)


def _text(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return clean_text(localized(value), 500)


def _number(value: object) -> int | float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
