"""A context layer and its objects, as the store keeps them and the pages show them.

A layer is something a beheerder adds on the page *Lagen*: shared cars, stations,
mobipunten (Hoppinpunten), chargers, stops, shared bikes or anything else, from an uploaded
file or a URL (GeoJSON, a GBFS feed, a GTFS zip, a Cambio station list, a WFS, a CSV), often
picked from the list of sources (``data/bronnen.json``, :mod:`geo.context.bronnen`). Its
objects are points in WGS84 (``lon``, ``lat``); a zone or a line keeps its shape as GeoJSON
text in ``geometrie`` and its representative point in ``lon``/``lat``. Every text here comes
from outside: escape it wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

KINDS = ("deelauto", "station", "mobipunt", "laadpunt", "halte", "deelfiets", "ander")
# an uploaded file, or the format of a URL: a GeoJSON, a GBFS feed, a GTFS zip, a Cambio station list, a WFS
# answering GeoJSON, a CSV table with coordinates (geo/context/formats/, migration 0008)
SOURCES = ("bestand", "geojson", "gbfs", "gtfs", "cambio", "wfs", "csv")
KIND_COLOURS = {"deelauto": "#AA3377", "station": "#4477AA", "mobipunt": "#228833", "laadpunt": "#CCBB44",
                "halte": "#66CCEE", "deelfiets": "#EE7733", "ander": "#666666"}  # a new layer's colour by kind


@dataclass(frozen=True)
class ContextLayer:
    """One context layer: what it is, where it comes from, and how its last fetch went.

    ``bron`` is one of :data:`SOURCES`; ``url`` is empty for an uploaded file, whose name is
    in ``bestand``. ``ververs_minuten`` = 0: refreshed only by hand. ``opgehaald`` is the
    time (ISO 8601, UTC) of the last good copy; ``melding`` a Dutch note on the last attempt
    ("" when it went well). ``publiek``: shown on share links too. ``bronvermelding`` is the
    attribution shown on every map and export that shows the layer.
    """

    naam: str
    soort: str
    kleur: str = "#CC6677"
    symbool: str = ""
    bron: str = "bestand"
    url: str = ""
    bestand: str = ""
    publiek: bool = False
    ververs_minuten: int = 0
    bronvermelding: str = ""
    opgehaald: str = ""
    melding: str = ""
    objecten: int = 0
    id: int = 0
    aangemaakt: str = ""
    gewijzigd: str = ""
    versie: int = 1


@dataclass(frozen=True)
class ContextObject:
    """One object of a layer: a point in WGS84, a name, a detail (e.g. ``car`` or a station
    type), the shape of a zone or line as GeoJSON ("" for a point) and its other properties
    as a JSON object text."""

    laag_id: int
    naam: str
    lon: float
    lat: float
    detail: str = ""
    geometrie: str = ""
    eigenschappen: str = "{}"


LAYER_FIELDS = tuple(f.name for f in fields(ContextLayer))
OBJECT_FIELDS = tuple(f.name for f in fields(ContextObject))
