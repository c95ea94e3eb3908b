"""An uploaded (or fetched GeoJSON) layer file: a table with coordinates, or a geodata file.

Two families, each through the readers the rest of Partnerkaart already trusts:

- **CSV/TXT/XLSX** through :func:`geo.uploads.tables.read_table` (encodings, separators,
  Excel's zip and XML checked, limits counted while reading), the columns recognised by
  :func:`geo.columns.detect_mapping` (the same Dutch, French and English headers as the
  partner import: a name (else the address or identifier column), ``lat``/``lon`` or
  Lambert ``x``/``y``, a kind as detail), the
  coordinate system decided by :func:`geo.coordinates.detect_coordinates` (WGS84,
  Lambert 72 or 2008, swapped columns) and converted by
  :func:`~geo.coordinates.to_wgs84`. A row without a name is ``Object <n>``; a row without
  usable coordinates is reported in the warnings (with its line), never stored.
  Addresses are not geocoded: a context layer needs coordinates.
- **GeoJSON, GeoPackage, zipped Shapefile** through
  :func:`geo.uploads.boundary_files.read_boundary_file` with ``keep="all"``: the same
  format checks, GeoPackage pre-check with SQLite, zip checks, vertex limits, repair of
  polygons and refusal of an unknown CRS, but points and lines are kept too. Points
  become ``lon``/``lat``; lines and polygons keep their shape as GeoJSON (WGS84,
  simplified by 1 m in Lambert 72, coordinates to 6 decimals; more when the text would not
  fit the store, and only the point when even 100 m is too detailed) with their
  representative point as ``lon``/``lat``.

Everywhere an object outside Belgium (with a margin) is counted in the warnings, not
stored (:class:`~geo.context.checks.ObjectCollector`).

>>> read_layer_file(b"naam;lat;lon\\nStation;51,0174;4,4825\\n", "haltes.csv").objects[0].lat
51.0174
"""

from __future__ import annotations

from pathlib import PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import texts
from geo.boundaries import LAMBERT72, WGS84
from geo.columns import detect_mapping
from geo.context.checks import LayerError, LayerLimits, ObjectCollector, ParsedLayer, shown
from geo.coordinates import detect_coordinates, parse_numbers, to_wgs84
from geo.uploads.refusals import BoundaryFileError
from geo.uploads.boundary_files import read_boundary_file
from geo.uploads.tables import CSV_EXTENSIONS, EXCEL_EXTENSIONS, TableError, read_table

TABLE_EXTENSIONS = CSV_EXTENSIONS + EXCEL_EXTENSIONS
GEODATA_EXTENSIONS = (".geojson", ".json", ".gpkg", ".zip")
SIMPLIFY_M = (1.0, 10.0, 100.0)   # tolerances in Lambert 72 metres for a line or zone's shape, tried in turn ...
MAX_SHAPE_CHARS = 1_000_000       # ... until its GeoJSON fits the store (geo.store.context_tables); else only its point
GRID_DEGREES = 1e-6               # coordinates of a shape to 6 decimals (about 0.1 m)
MAX_PROBLEMS_SHOWN = 5
NAME_FIELDS = ("naam", "adres", "id")  # a table's name column, else its address ("Locatie") or its identifier


def read_layer_file(data: bytes, filename: str, limits: LayerLimits = LayerLimits(), layer: str | None = None,
                    attribution: str = "") -> ParsedLayer:
    """A layer from a file; the format follows the extension. ``layer`` picks a GeoPackage layer.

    ``attribution`` defaults to ``Eigen bestand <name>``. Raises
    :class:`~geo.context.checks.LayerError` (Dutch) when the file cannot be used.
    """
    name = PurePosixPath(str(filename).replace("\\", "/")).name
    extension = PurePosixPath(name).suffix.lower()
    attribution = attribution or texts.LAGEN_BRON_BESTAND.format(bestand=shown(name))
    if extension in TABLE_EXTENSIONS:
        return read_table_layer(data, name, limits, attribution)
    if extension in GEODATA_EXTENSIONS:
        return read_geodata_layer(data, name, limits, layer, attribution)
    raise LayerError(texts.LAGEN_BESTANDSTYPE.format(bestand=shown(name), extensie=shown(extension or name, 20)))


def read_table_layer(data: bytes, filename: str, limits: LayerLimits = LayerLimits(),
                     attribution: str = "") -> ParsedLayer:
    """Objects from a CSV/XLSX table with a name and coordinates per row."""
    attribution = attribution or texts.LAGEN_BRON_BESTAND.format(bestand=shown(filename))
    try:
        table = read_table(data, filename, limits=limits.table)
    except TableError as exc:
        raise LayerError(str(exc)) from exc
    mapping = detect_mapping(table.columns)
    column_of = {field: column for column, field in mapping.items() if field}
    if "lat" in column_of and "lon" in column_of:
        pair = ("lat", "lon")
    elif "x" in column_of and "y" in column_of:
        pair = ("x", "y")
    else:
        raise LayerError(texts.LAGEN_GEEN_COORDINATENKOLOMMEN.format(bestand=shown(filename)))
    index = {column: position for position, column in enumerate(table.columns)}
    first = [row[index[column_of[pair[0]]]] for row in table.rows]
    second = [row[index[column_of[pair[1]]]] for row in table.rows]
    parsed = parse_numbers(first), parse_numbers(second)
    guess = detect_coordinates(first, second, parsed)
    crs = guess.crs or ("EPSG:4326" if pair[0] == "lat" else "EPSG:31370")
    # Belgium (with a margin) is checked by the collector, as for every other source: to_wgs84's own
    # check (a box around Flanders and Brussels without boundaries) is given a region that takes every point.
    lat, lon, problems = to_wgs84(first, second, crs, guess.swapped, _ANYWHERE, parsed=parsed)

    name_field = next((f for f in NAME_FIELDS if f in column_of), None)
    used = {column_of[f] for f in (name_field, "categorie", *pair) if f in column_of}
    others = [(position, column) for column, position in index.items() if column not in used]
    collector = ObjectCollector(filename, limits)
    if guess.crs is None or guess.swapped:
        collector.notes.append(guess.message_nl)
    skipped: list[str] = []
    for position, row in enumerate(table.rows):
        problem = table.row_problems.get(position)
        if problem is None and not (np.isfinite(lat[position]) and np.isfinite(lon[position])):
            problem = problems[position] or texts.LAGEN_RIJ_ZONDER_COORDINATEN
        if problem is not None:
            skipped.append(texts.LAGEN_RIJ.format(lijn=table.row_numbers[position], probleem=problem))
            continue
        cell = (lambda f: row[index[column_of[f]]] if f in column_of else "")
        collector.add(cell(name_field), float(lon[position]), float(lat[position]), detail=cell("categorie"),
                      properties={column: row[i] for i, column in others})
    if skipped:
        examples = "; ".join(skipped[:MAX_PROBLEMS_SHOWN]) + ("; …" if len(skipped) > MAX_PROBLEMS_SHOWN else "")
        collector.notes.append(texts.LAGEN_RIJEN_OVERGESLAGEN.format(aantal=len(skipped), voorbeelden=examples))
    collector.notes.extend(table.warnings)
    return collector.result(attribution)


def read_geodata_layer(data: bytes, filename: str, limits: LayerLimits = LayerLimits(), layer: str | None = None,
                       attribution: str = "") -> ParsedLayer:
    """Objects from a GeoJSON, GeoPackage or zipped Shapefile: points, lines and zones."""
    attribution = attribution or texts.LAGEN_BRON_BESTAND.format(bestand=shown(filename))
    try:
        uploaded = read_boundary_file(data, filename, limits.max_bytes, layer=layer, limits=limits.boundary,
                                      keep="all", max_features=limits.max_objects)
    except BoundaryFileError as exc:
        raise LayerError(str(exc)) from exc
    frame = uploaded.frame
    geometries = np.asarray(frame.geometry.values, dtype=object)
    points = shapely.get_type_id(geometries) == shapely.GeometryType.POINT
    representative = _to_wgs84(shapely.point_on_surface(geometries))
    shapes = np.full(len(geometries), "", dtype=object)
    shapes[~points], too_detailed = _shapes(geometries[~points])
    names = uploaded.name_fields[0] if uploaded.name_fields else None
    detail = next((column for column, field in detect_mapping([c for c in frame.columns if c != "geometry"]).items()
                   if field == "categorie" and column != names), None)
    others = [column for column in frame.columns if column not in ("geometry", names, detail)]
    collector = ObjectCollector(filename, limits)
    collector.notes.extend(uploaded.warnings)
    if too_detailed:
        collector.notes.append(texts.LAGEN_VORM_VEREENVOUDIGD.format(aantal=too_detailed))
    lons, lats = shapely.get_x(representative), shapely.get_y(representative)
    blank = [""] * len(frame)
    name_values = frame[names].tolist() if names else blank
    detail_values = frame[detail].tolist() if detail else blank
    records = pd.DataFrame(frame[others]).to_dict("records")
    for position, record in enumerate(records):
        collector.add(_plain(name_values[position]), float(lons[position]), float(lats[position]),
                      detail=_plain(detail_values[position]), geometry=shapes[position],
                      properties={str(column): _plain(value) for column, value in record.items()})
    return collector.result(attribution)


class _Anywhere:
    """A region for :func:`geo.coordinates.to_wgs84` that every point lies in."""

    @staticmethod
    def locate_many(lons: np.ndarray, lats: np.ndarray) -> list[bool]:
        return [True] * len(lons)


_ANYWHERE = _Anywhere()


def _shapes(geometries: np.ndarray) -> tuple[np.ndarray, int]:
    """GeoJSON texts (WGS84, 6 decimals) of lines and zones simplified just enough to fit; "" and a count for the rest."""
    result = np.full(len(geometries), "", dtype=object)
    todo = np.arange(len(geometries))
    for tolerance in SIMPLIFY_M:
        if not len(todo):
            break
        simplified = _to_wgs84(shapely.simplify(geometries[todo], tolerance, preserve_topology=True))
        text = shapely.to_geojson(shapely.set_precision(simplified, GRID_DEGREES, mode="pointwise"))
        fits = np.array([len(t) <= MAX_SHAPE_CHARS for t in text], dtype=bool)
        result[todo[fits]] = text[fits]
        todo = todo[~fits]
    return result, len(todo)


def _to_wgs84(geometries: np.ndarray) -> np.ndarray:
    return np.asarray(gpd.GeoSeries(geometries, crs=LAMBERT72).to_crs(WGS84).values, dtype=object)


def _plain(value: object) -> object:
    """A cell as plain Python: numpy scalars unwrapped, missing values as None, anything else as text."""
    if value is None or (not isinstance(value, (list, dict, np.ndarray)) and pd.isna(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
