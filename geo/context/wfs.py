"""A WFS ``GetFeature`` answer in GeoJSON (e.g. the Hoppinpunten of the Flemish government) as a context layer.

A WFS serves its features in the coordinate system it is asked for or its own, often Belgian
Lambert 72 (EPSG:31370), and says which in one of two ways, both honoured here:

1. the GeoJSON's (pre-RFC 7946) ``crs`` member, ``{"type": "name", "properties": {"name":
   "urn:ogc:def:crs:EPSG::31370"}}`` (also ``EPSG:31370``, ``http://www.opengis.net/def/crs/EPSG/0/31370``
   and ``urn:ogc:def:crs:OGC:1.3:CRS84``), as GeoServer writes it;
2. else the ``srsName`` asked for in the URL.

Without either, the coordinates themselves decide, and only when that is unambiguous: all
within Belgium's box in WGS84, in Lambert 72 or in Lambert 2008 metres
(:data:`geo.coordinates.BELGIUM`); otherwise the layer is refused with a Dutch message rather
than guessed. EPSG:4326 in axis order latitude, longitude (as WFS 2.0 may answer for an URN)
is recognised because Belgian latitudes (49-52) and longitudes (2-7) do not overlap.

The features are converted to WGS84 and read as an RFC 7946 GeoJSON by
:func:`geo.context.files.read_geodata_layer` (points, lines and zones; names, details,
properties, limits), so a WFS layer meets the same checks as an uploaded GeoJSON.

>>> crs_of({"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::31370"}}}, "")
31370
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import shapely
from pyproj import Transformer

from geo import texts
from geo.context.checks import LayerError, LayerLimits, ParsedLayer, host_of, shown
from geo.context.files import read_geodata_layer
from geo.coordinates import BELGIUM, LAMBERT2008, LAMBERT72, WGS84

_EPSG = re.compile(r"(?:EPSG(?::[\d.]*)?:+|/EPSG/\d+/)(\d{4,6})\s*$", re.IGNORECASE)
_CRS84 = re.compile(r"CRS:?84$", re.IGNORECASE)
_SAMPLE = 1_000  # coordinates looked at to recognise the system when the answer does not name it
_BOXES = ((4326, BELGIUM[WGS84]), (31370, BELGIUM[LAMBERT72]), (3812, BELGIUM[LAMBERT2008]))
_MARGIN = {4326: 0.3, 31370: 30_000.0, 3812: 30_000.0}


def read_wfs(data: bytes, url: str, limits: LayerLimits = LayerLimits(), attribution: str = "") -> ParsedLayer:
    """The features of a WFS GeoJSON answer, converted to WGS84; ``attribution`` defaults to the URL's host.

    Raises :class:`~geo.context.checks.LayerError` (Dutch) for an answer that is no GeoJSON
    (a WFS error report, say), has too many features, or whose coordinate system is unknown.
    """
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise LayerError(texts.WFS_GEEN_GEOJSON.format(url=shown(url))) from exc
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise LayerError(texts.WFS_GEEN_GEOJSON.format(url=shown(url)))
    if len(features) > limits.max_objects:
        raise LayerError(texts.LAGEN_TE_VEEL_OBJECTEN.format(bron=shown(url), max=f"{limits.max_objects:,}".replace(",", ".")))
    geometries = [_geometry(f) for f in features]
    epsg = crs_of(document, url) or _recognised(geometries, url)
    converted = _to_wgs84(geometries, epsg, url)
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": f.get("properties") if isinstance(f, dict) and isinstance(f.get("properties"), dict)
         else {}, "geometry": json.loads(g) if g is not None else None} for f, g in zip(features, converted)]}
    return read_geodata_layer(json.dumps(collection).encode(), "wfs.geojson", limits,
                              attribution=attribution or host_of(url))


def crs_of(document: dict, url: str) -> int | None:
    """The EPSG code the answer names (its ``crs`` member, else the URL's ``srsName``); CRS84 is 4326."""
    crs = document.get("crs") if isinstance(document, dict) else None
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) and isinstance(crs.get("properties"), dict) else None
    if not isinstance(name, str):
        name = next((v for k, v in parse_qsl(urlsplit(url).query) if k.lower() == "srsname"), None)
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip()
    if _CRS84.search(name):
        return 4326
    found = _EPSG.search(name)
    if found is None:
        raise LayerError(texts.WFS_CRS_ONBEKEND.format(url=shown(url), crs=shown(name, 80)))
    return int(found.group(1))


# Helpers ----------------------------------------------------------------------------------------

def _geometry(feature: object) -> shapely.Geometry | None:
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(geometry, dict):
        return None
    try:
        return shapely.from_geojson(json.dumps(geometry))
    except (shapely.errors.GEOSException, ValueError, TypeError):
        return None


def _coordinates(geometries: list) -> np.ndarray:
    usable = [g for g in geometries if g is not None and not g.is_empty]
    return shapely.get_coordinates(usable)[:, :2] if usable else np.zeros((0, 2))


def _recognised(geometries: list, url: str) -> int:
    """The system of coordinates that all lie within Belgium's box in exactly one system (EPSG code)."""
    sample = _coordinates(geometries)[:_SAMPLE]
    if not len(sample):
        raise LayerError(texts.LAGEN_LEEG.format(bron=shown(url)))
    fits = [epsg for epsg, box in _BOXES if _inside(sample, box, _MARGIN[epsg])
            or (epsg == 4326 and _inside(sample[:, ::-1], box, _MARGIN[epsg]))]
    if len(fits) != 1:
        raise LayerError(texts.WFS_CRS_ONDUIDELIJK.format(url=shown(url)))
    return fits[0]


def _inside(points: np.ndarray, box: tuple[float, float, float, float], margin: float) -> bool:
    west, east, south, north = box
    return bool(np.all((points[:, 0] >= west - margin) & (points[:, 0] <= east + margin)
                       & (points[:, 1] >= south - margin) & (points[:, 1] <= north + margin)))


def _to_wgs84(geometries: list, epsg: int, url: str) -> list[str | None]:
    """GeoJSON texts of the geometries in WGS84 (longitude, latitude); None for a missing one."""
    if epsg == 4326:
        west, east, south, north = BELGIUM[WGS84]
        sample = _coordinates(geometries)[:_SAMPLE]
        swapped = len(sample) and _inside(sample[:, ::-1], (west, east, south, north), _MARGIN[4326]) \
            and not _inside(sample, (west, east, south, north), _MARGIN[4326])
        transform = (lambda xy: xy[:, ::-1]) if swapped else None
    else:
        try:
            transformer = Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)
        except Exception as exc:  # noqa: BLE001 - pyproj's CRSError and friends: an unknown code
            raise LayerError(texts.WFS_CRS_ONBEKEND.format(url=shown(url), crs=f"EPSG:{epsg}")) from exc
        transform = (lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))
    result: list[str | None] = []
    for geometry in geometries:
        if geometry is None:
            result.append(None)
            continue
        moved = shapely.transform(geometry, transform) if transform is not None else geometry
        result.append(shapely.to_geojson(moved))
    return result
