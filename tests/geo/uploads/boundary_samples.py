"""Boundary files for the tests of geo.uploads, made at test time (nothing is checked in).

Two adjacent squares near Mechelen as GeoJSON, GeoPackage or zipped Shapefile; random
polygons whose edges cross everywhere; GeoPackages with hostile tables.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import mapping

from geo.uploads.boundary_files import BoundaryFileError, read_boundary_file

MB = 1024 * 1024
MAX = 20 * MB
SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "gebiedsniveaus"
SHAPEFILES = SHARED / "data_voor_swing" / "shapefiles"

# Two adjacent squares of about 0.7 × 1.1 km near Mechelen (WGS84), sharing the 4.48 meridian.
WEST = shapely.box(4.47, 51.02, 4.48, 51.03)
EAST = shapely.box(4.48, 51.02, 4.49, 51.03)
INSIDE_WEST = (4.475, 51.025)


def squares(names=("Centrum", "Nekkerspoel")) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": ["W1", "W2"], "naam": list(names), "inwoners": [1200, 3400]},
        geometry=[WEST, EAST], crs=4326)


def geojson_bytes(frame: gpd.GeoDataFrame | None = None, features: list | None = None, **extra) -> bytes:
    """A GeoJSON FeatureCollection without a "crs" member (RFC 7946: WGS84) unless ``extra`` gives one."""
    if features is None:
        frame = squares() if frame is None else frame
        features = [{
            "type": "Feature",
            "properties": {k: v for k, v in row.items() if k != "geometry"},
            "geometry": None if row["geometry"] is None else mapping(row["geometry"]),
        } for row in frame.to_dict("records")]
    return json.dumps({"type": "FeatureCollection", "features": features, **extra}).encode()


def polygon_geojson(rings: list, naam: str = "Vlak") -> bytes:
    """One polygon feature from ``rings`` (lists of [x, y] pairs), written as JSON allows (NaN too)."""
    feature = {"type": "Feature", "properties": {"naam": naam}, "geometry": {"type": "Polygon", "coordinates": rings}}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def circle_ring(vertices: int, radius_degrees: float = 0.01) -> list:
    """A valid (convex) ring of ``vertices`` points around Mechelen."""
    angles = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    ring = np.column_stack([4.475 + radius_degrees * np.cos(angles), 51.025 + radius_degrees * np.sin(angles) * 0.63])
    return np.vstack([ring, ring[:1]]).tolist()


def zip_bytes(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def shapefile_parts(frame: gpd.GeoDataFrame, folder: Path, stem: str = "wijken") -> dict[str, bytes]:
    """Write ``frame`` as a shapefile with pyogrio; return {extension: bytes}."""
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_file(folder / f"{stem}.shp", engine="pyogrio")
    return {path.suffix[1:]: path.read_bytes() for path in folder.glob(f"{stem}.*")}


def shapefile_zip(frame: gpd.GeoDataFrame, folder: Path, prefix: str = "", skip: tuple[str, ...] = (),
                  extra: dict[str, bytes] | None = None) -> bytes:
    parts = shapefile_parts(frame, folder)
    entries = dict(extra or {})
    entries.update({f"{prefix}wijken.{ext}": content for ext, content in parts.items() if ext not in skip})
    return zip_bytes(entries)


def squares_gpkg(path: Path, crs: int = 3812) -> Path:
    """The two squares as the layer ``wijken`` of a GeoPackage (in Lambert 2008 by default)."""
    squares().to_crs(crs).to_file(path, layer="wijken", engine="pyogrio")
    return path


def edited_gpkg(path: Path, *statements: str) -> bytes:
    """The GeoPackage at ``path`` after ``statements`` (run with sqlite3), as bytes."""
    with sqlite3.connect(path) as db:
        for statement in statements:
            db.execute(statement)
    db.close()
    return path.read_bytes()


def refused(data: bytes, filename: str, phrase: str, max_bytes: int = MAX, **options) -> str:
    """Assert that reading is refused with a message containing ``phrase``; return the message."""
    with pytest.raises(BoundaryFileError) as caught:
        read_boundary_file(data, filename, max_bytes, **options)
    message = str(caught.value)
    assert phrase in message, message
    return message
