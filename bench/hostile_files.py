"""Small files that once took the server down (issue 15), made on demand: the benchmark
``python -m bench bestanden`` reads them, and tests build them from here too.

Every maker is deterministic (fixed seeds) and returns the file's bytes, except
:func:`sparse_csv`, which writes a file (5 GB of holes take no disk space).
"""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path
from typing import Iterable

import numpy as np

MECHELEN = (4.45, 51.0, 4.50, 51.05)  # lon/lat box the polygons are drawn in

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_WORKBOOK_PARTS = {
    "[Content_Types].xml": (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
    "_rels/.rels": (
        f'{_XML}<Relationships xmlns="{_RELATIONSHIPS}"><Relationship Id="rId1" '
        f'Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_OFFICE}">'
        '<sheets><sheet name="Partners" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        f'{_XML}<Relationships xmlns="{_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_OFFICE}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
}
_CHUNK_ROWS = 10_000


def random_ring(vertices: int, seed: int = 1) -> list:
    """A closed ring of ``vertices`` random points around Mechelen: its edges cross everywhere."""
    west, south, east, north = MECHELEN
    rng = np.random.default_rng(seed)
    ring = np.column_stack([rng.uniform(west, east, vertices), rng.uniform(south, north, vertices)])
    return np.vstack([ring, ring[:1]]).round(6).tolist()


def self_intersecting_geojson(vertices: int, seed: int = 1) -> bytes:
    """One polygon whose ``vertices`` random vertices make edges that cross everywhere."""
    return _feature_collection([{"naam": "Kriskras"}], [{"type": "Polygon", "coordinates": [random_ring(vertices, seed)]}])


def nan_coordinate_geojson() -> bytes:
    """A square wijk with one NaN coordinate (JSON's ``NaN``, which Python and GDAL read)."""
    west, south, _, _ = MECHELEN
    ring = [[west, south], [west + 0.01, south], [float("nan"), south + 0.01], [west, south + 0.01], [west, south]]
    return _feature_collection([{"naam": "Nergens"}], [{"type": "Polygon", "coordinates": [ring]}])


def view_geopackage() -> bytes:
    """A GeoPackage whose only layer is a VIEW over a recursive query that never ends."""
    with tempfile.TemporaryDirectory(prefix="pk-vijandig-") as folder:
        path = Path(folder) / "wijken.gpkg"
        _write_square_geopackage(path)
        with sqlite3.connect(path) as db:
            triggers = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
            for name in triggers:
                db.execute(f'DROP TRIGGER "{name}"')
            db.execute("DROP TABLE wijken")
            if _has_table(db, "gpkg_extensions"):
                db.execute("DELETE FROM gpkg_extensions WHERE table_name = 'wijken'")
            db.execute("CREATE VIEW wijken AS WITH RECURSIVE r(fid, geom, naam) AS "
                       "(SELECT 1, NULL, 'x' UNION ALL SELECT fid + 1, geom, naam FROM r) SELECT * FROM r")
        db.close()
        return path.read_bytes()


def shared_string_xlsx(cells: int, length: int, columns: int = 10) -> bytes:
    """``cells`` cells (``columns`` per row) that all point at one shared text of ``length`` characters.

    A million cells of a 3,000-character text pack into about 90 KB.
    """
    rows = -(-cells // columns)
    row = "<row>" + '<c t="s"><v>0</v></c>' * columns + "</row>"
    shared = f'<sst xmlns="{_MAIN}" count="{cells}" uniqueCount="1"><si><t>{"x" * length}</t></si></sst>'
    return workbook_bytes(shared, (row for _ in range(rows)))


def inflated_xlsx(sheet_bytes: int) -> bytes:
    """A workbook whose sheet XML unpacks to about ``sheet_bytes`` bytes of one inline text per row
    (it packs to about 1/300)."""
    row = f'<row><c t="inlineStr"><is><t>{"Chiro Ter Elst " * 60}</t></is></c></row>'
    empty = f'<sst xmlns="{_MAIN}" count="0" uniqueCount="0"/>'
    return workbook_bytes(empty, (row for _ in range(sheet_bytes // len(row) + 1)))


def entity_bomb_xlsx(part: str) -> bytes:
    """A workbook whose shared strings (``part="sharedStrings"``) or sheet (``"sheet"``) expand one
    entity to a billion characters (the "billion laughs")."""
    doctype = '<!DOCTYPE lol [<!ENTITY l0 "lollollollol">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 9)) + "]>"
    shared = f'<sst xmlns="{_MAIN}" count="2" uniqueCount="2"><si><t>naam</t></si><si><t>KSA</t></si></sst>'
    sheet = '<row><c t="s"><v>0</v></c></row><row><c t="s"><v>1</v></c></row>'
    if part == "sharedStrings":
        return workbook_bytes(doctype + shared.replace("KSA", "&l8;"), sheet)
    bomb = '<row><c t="inlineStr"><is><t>&l8;</t></is></c></row>'
    return workbook_bytes(shared, sheet + bomb, sheet_doctype=doctype)


def workbook_bytes(shared_strings: str, sheet_rows: str | Iterable[str], *, sheet_doctype: str = "") -> bytes:
    """A minimal one-sheet workbook ("Partners"); ``sheet_rows`` may be a generator (streamed into the zip)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _WORKBOOK_PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/sharedStrings.xml", _XML + shared_strings)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'{_XML}{sheet_doctype}<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            rows = [sheet_rows] if isinstance(sheet_rows, str) else sheet_rows
            chunk: list[str] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) == _CHUNK_ROWS:
                    sheet.write("".join(chunk).encode())
                    chunk.clear()
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    return buffer.getvalue()


def sparse_csv(path: Path, size: int) -> Path:
    """A CSV of ``size`` bytes on disk: a header and then holes (which read as NUL bytes)."""
    with path.open("wb") as handle:
        handle.write("naam;postcode;gemeente\n".encode("utf-8"))
        handle.truncate(size)
    return path


def _feature_collection(properties: list[dict], geometries: list[dict]) -> bytes:
    features = [{"type": "Feature", "properties": p, "geometry": g} for p, g in zip(properties, geometries)]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode("utf-8")


def _write_square_geopackage(path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import box

    west, south, _, _ = MECHELEN
    frame = gpd.GeoDataFrame({"naam": ["Vierkant"]}, geometry=[box(west, south, west + 0.01, south + 0.01)],
                             crs="EPSG:4326")
    frame.to_file(path, layer="wijken", driver="GPKG", engine="pyogrio", SPATIAL_INDEX="NO")


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None
