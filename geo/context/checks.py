"""What every context layer's objects must satisfy, whatever their source, and how they are handed back.

The readers (:mod:`~geo.context.gbfs`, :mod:`~geo.context.gtfs`, :mod:`~geo.context.files`)
each find candidate objects in their own format; :class:`ObjectCollector` turns them into
:class:`~geo.context.records.ContextObject` records with the same rules for all: a point
in WGS84 with finite coordinates inside Belgium and a margin (an object elsewhere is
counted and left out, never stored), a name without control characters and of bounded
length (or ``Object <n>``), properties as a small JSON object, and at most
``max_objects`` objects in a layer (more refuses the layer: a partial layer would
mislead). A refusal is a :class:`LayerError` whose Dutch message is meant for the user.

>>> collector = ObjectCollector("haltes.csv", LayerLimits())
>>> collector.add("Station Mechelen", 4.4825, 51.0174, detail="station")
>>> collector.add("", 2.35, 48.85)            # Paris: outside Belgium
>>> parsed = collector.result("De Lijn")
>>> [o.naam for o in parsed.objects], parsed.warnings
(['Station Mechelen'], ('1 object(en) buiten België werden overgeslagen.',))
"""

from __future__ import annotations

import json
import math
import numbers
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from geo import texts
from geo.context.records import ContextObject
from geo.coordinates import BELGIUM, WGS84
from geo.uploads.geometry_limits import BoundaryLimits
from geo.uploads.refusals import MB
from geo.uploads.table_limits import TableLimits

MAX_OBJECTS = 100_000
MAX_NAME_CHARS = 500                # the store keeps names up to this length (geo.store.context_tables)
BELGIUM_MARGIN = 0.2                # degrees (about 15-20 km) around BELGIUM's box: a car just across the border
DECIMALS = 6                        # about 0.1 m: as precise as a map needs
MAX_PROPERTY_CHARS = 2_000          # the JSON text of one object's other properties
MAX_PROPERTY_VALUE_CHARS = 200
_WEST, _EAST, _SOUTH, _NORTH = BELGIUM[WGS84]
BELGIUM_BOX = (_WEST - BELGIUM_MARGIN, _EAST + BELGIUM_MARGIN, _SOUTH - BELGIUM_MARGIN, _NORTH + BELGIUM_MARGIN)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


class LayerError(ValueError):
    """A context layer's content cannot be used; the message is Dutch and meant for the user."""


@dataclass(frozen=True)
class LayerLimits:
    """The limits a layer's content is read within; plain data, so it travels to the worker process.

    ``max_bytes`` bounds one document (a fetched one: ``lagen_max_mb``; an upload:
    ``max_upload_mb``), ``max_objects`` the objects of a layer, ``max_name_chars`` one
    name (``max_naam_tekens``); ``boundary`` and ``table`` are the limits of the
    upload readers that GeoJSON/GeoPackage/Shapefile and CSV/Excel layers go through.
    """

    max_bytes: int = 50 * MB
    max_objects: int = MAX_OBJECTS
    max_name_chars: int = 500
    boundary: BoundaryLimits = BoundaryLimits()
    table: TableLimits = TableLimits()

    @classmethod
    def from_settings(cls, settings, uploaded: bool = False) -> "LayerLimits":
        """The limits of the settings: ``lagen_max_mb`` for a fetched document, ``max_upload_mb`` for an upload."""
        max_bytes = int(settings.max_upload_bytes if uploaded else settings.lagen_max_mb * MB)
        table = TableLimits.from_settings(settings)
        return cls(max_bytes=max_bytes, max_name_chars=int(settings.max_naam_tekens),
                   boundary=BoundaryLimits.from_settings(settings),
                   table=TableLimits(max_bytes=max_bytes, max_cells=table.max_cells, max_chars=table.max_chars,
                                     max_unpacked_bytes=table.max_unpacked_bytes))


@dataclass(frozen=True)
class ParsedLayer:
    """What a reader found: the objects (``laag_id`` 0: the caller sets it), the attribution and Dutch warnings."""

    objects: tuple[ContextObject, ...]
    attribution: str
    warnings: tuple[str, ...] = ()


@dataclass
class ObjectCollector:
    """Collects a layer's objects under the common rules; :meth:`result` hands them back.

    ``source`` names the file or URL in messages. Objects outside Belgium (with a margin
    of :data:`BELGIUM_MARGIN` degrees) or without finite coordinates are counted, not
    kept; one past ``limits.max_objects`` refuses the whole layer.
    """

    source: str
    limits: LayerLimits
    objects: list[ContextObject] = field(default_factory=list)
    outside: int = 0
    unplaced: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, name: object, lon: object, lat: object, detail: str = "", geometry: str = "",
            properties: dict | None = None) -> None:
        """Keep one object when its point is usable; ``name`` empty gives ``Object <n>``."""
        point = _point(lon, lat)
        if point is None:
            self.unplaced += 1
            return
        if not inside_belgium(*point):
            self.outside += 1
            return
        if len(self.objects) >= self.limits.max_objects:
            raise LayerError(texts.LAGEN_TE_VEEL_OBJECTEN.format(bron=shown(self.source), max=_whole(self.limits.max_objects)))
        number = len(self.objects) + 1
        self.objects.append(ContextObject(
            laag_id=0, naam=clean_text(name, min(self.limits.max_name_chars, MAX_NAME_CHARS))
            or texts.LAGEN_OBJECT_ZONDER_NAAM.format(nummer=number),
            lon=round(point[0], DECIMALS), lat=round(point[1], DECIMALS), detail=clean_text(detail, 100),
            geometrie=geometry, eigenschappen=properties_json(properties or {})))

    def skip(self, count: int = 1) -> None:
        """Count objects without usable coordinates that the reader left out itself."""
        self.unplaced += count

    def result(self, attribution: str) -> ParsedLayer:
        """The objects and the warnings; refused when nothing usable is left."""
        warnings = list(self.notes)
        if self.unplaced:
            warnings.append(texts.LAGEN_ZONDER_COORDINATEN.format(aantal=_whole(self.unplaced)))
        if self.outside:
            warnings.append(texts.LAGEN_BUITEN_BELGIE.format(aantal=_whole(self.outside)))
        if not self.objects:
            raise LayerError(" ".join([texts.LAGEN_LEEG.format(bron=shown(self.source)), *warnings]))
        return ParsedLayer(tuple(self.objects), clean_text(attribution, 300), tuple(warnings))


def inside_belgium(lon: float, lat: float) -> bool:
    """True for a WGS84 point within Belgium's box and its margin.

    >>> inside_belgium(4.4825, 51.0174), inside_belgium(2.35, 48.85)
    (True, False)
    """
    west, east, south, north = BELGIUM_BOX
    return west <= lon <= east and south <= lat <= north


def clean_text(value: object, limit: int) -> str:
    """A text from outside as it may be stored: control characters as spaces, stripped, at most ``limit`` long.

    Escaping for HTML or Markdown is the job of whoever shows it.

    >>> clean_text("  Station\\nGent ", 50), clean_text(None, 5), clean_text(float("nan"), 5)
    ('Station Gent', '', '')
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    text = _CONTROL.sub(" ", str(value)).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def properties_json(properties: dict) -> str:
    """The object's other properties as a JSON object text, short values only, at most :data:`MAX_PROPERTY_CHARS`.

    >>> properties_json({"id": "s1", "leeg": "", "capaciteit": 12})
    '{"id": "s1", "capaciteit": 12}'
    """
    kept: dict[str, object] = {}
    size = 2
    for key, value in properties.items():
        if value is None or value == "" or (isinstance(value, float) and not math.isfinite(value)):
            continue
        if not isinstance(value, (bool, int, float)):
            value = clean_text(value, MAX_PROPERTY_VALUE_CHARS)
        key = clean_text(key, 100)
        piece = len(json.dumps({key: value}, ensure_ascii=False))
        if size + piece > MAX_PROPERTY_CHARS:
            break
        kept[key] = value
        size += piece
    return json.dumps(kept, ensure_ascii=False)


def host_of(url: str) -> str:
    """The host of a URL, for an attribution when the source names none.

    >>> host_of("https://api.delijn.be/gbfs/gbfs.json")
    'api.delijn.be'
    """
    return urlsplit(url).hostname or url


def shown(text: object, limit: int = 100) -> str:
    """A file name or URL as it may appear in a message."""
    return clean_text(text, limit)


def _point(lon: object, lat: object) -> tuple[float, float] | None:
    """(lon, lat) as floats when both are finite numbers in range; booleans and texts are no numbers."""
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in (lon, lat)):
        return None
    x, y = float(lon), float(lat)  # type: ignore[arg-type]
    if not (math.isfinite(x) and math.isfinite(y)) or abs(x) > 180 or abs(y) > 90:
        return None
    return x, y


def _whole(number: int) -> str:
    return f"{int(number):,}".replace(",", ".")
