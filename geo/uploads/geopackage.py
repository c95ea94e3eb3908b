"""A GeoPackage looked at with SQLite alone, before GDAL may open it: no layer that runs code when read.

A GeoPackage is an SQLite database, and SQLite can store more than tables: a *view* is a
query that runs whenever it is read (a recursive one never ends: a 72 KB file kept
``pyogrio.read_info`` busy for minutes), a *virtual table* hands its reading to a module
that may do anything (GDAL's ``VirtualOGR`` opens other files), and a *virtual generated column* is
an expression computed for every row read. None of these belongs in a boundary file or a
backup, so :func:`check_geopackage` refuses a file that has any of them and lists the
layers of one that has none.

It reads the bytes with Python's ``sqlite3``: a private in-memory copy
(``Connection.deserialize``), ``PRAGMA query_only`` and ``trusted_schema=OFF``, and a
progress handler that interrupts any statement after :data:`MAX_STEPS` virtual-machine
steps, so the check itself cannot hang. It only reads the schema (``sqlite_master`` and
each table's column list), ``gpkg_contents``, ``gpkg_geometry_columns`` and
``gpkg_spatial_ref_sys``; nothing the file defines is executed. Triggers are allowed: they fire on writes only, and GDAL reads a user's
file read-only. The spatial index GDAL writes (an ``rtree`` virtual table beside each
layer) is allowed too; an rtree registered as a layer is not.

>>> layers = check_geopackage(data, "De GeoPackage 'wijken.gpkg'")  # doctest: +SKIP
>>> [(layer.name, layer.srs_id) for layer in layers]                # doctest: +SKIP
[('wijken', 31370)]
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from geo import texts
from geo.uploads.refusals import shown

SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_STEPS = 20_000_000          # SQLite virtual-machine steps for the whole check (well under a second)
UNDEFINED_SRS_IDS = (0, -1)     # the GeoPackage standard's "undefined geographic / Cartesian" systems
_STEPS_PER_CALL = 10_000
_SAFE_MODULES = ("rtree",)      # GDAL's spatial index: plain B-tree pages, no code
_VIRTUAL = re.compile(r"\s*CREATE\s+VIRTUAL\s+TABLE\b.*?\bUSING\s+([A-Za-z0-9_]+)", re.IGNORECASE | re.DOTALL)
_SQL_HEAD = 2_000               # a virtual table's module is named within its statement's first characters


class GeoPackageRefused(ValueError):
    """A GeoPackage that may not be opened; the message is Dutch.

    ``unreadable`` is True when SQLite could not read the file at all (damaged, or no
    database): callers then use their own wording for an unreadable file.
    """

    def __init__(self, message: str, unreadable: bool = False) -> None:
        super().__init__(message)
        self.unreadable = unreadable


class _Interrupted(Exception):
    """The progress handler stopped a statement: the file asks too much work to be checked."""


@dataclass(frozen=True)
class GeoPackageLayer:
    """One row of ``gpkg_contents``: a layer's table, its kind and its coordinate system as the file states it."""

    name: str
    data_type: str
    srs_id: int | None = None
    srs: str = ""  # the file's words for its coordinate system: "EPSG:31370", "Undefined geographic SRS" ...


def check_geopackage(data: bytes, what: str) -> list[GeoPackageLayer]:
    """Refuse a GeoPackage with a view, a virtual table or a computed column; else its layers.

    ``what`` names the file in the messages (``"De GeoPackage 'wijken.gpkg'"``, ``"De
    backup"``). Raises :class:`GeoPackageRefused`: with ``unreadable`` set when SQLite
    cannot read the bytes, else with a message that names the offending table.
    """
    connection = _open(data)
    try:
        return _check(connection, what)
    except _Interrupted as exc:
        raise GeoPackageRefused(texts.GPKG_TE_INGEWIKKELD.format(wat=what)) from exc
    finally:
        connection.close()


def _check(connection: sqlite3.Connection, what: str) -> list[GeoPackageLayer]:
    schema = _query(connection, "SELECT type, name, sql FROM sqlite_master")
    objects = {str(name).lower(): (str(kind), str(sql or "")) for kind, name, sql in schema}
    for kind, name, sql in schema:
        if kind == "view":
            raise GeoPackageRefused(texts.GPKG_VIEW.format(wat=what, naam=shown(name)))
        module = _virtual_module(str(sql or ""))
        if kind == "table" and module is not None and module not in _SAFE_MODULES:
            raise GeoPackageRefused(texts.GPKG_VIRTUELE_TABEL.format(wat=what, naam=shown(name)))
    if objects.get("gpkg_contents", ("", ""))[0] != "table":
        raise GeoPackageRefused(texts.GPKG_GEEN_INHOUD.format(wat=what))
    layers = _layers(connection, objects)
    for layer in layers:
        _, sql = objects.get(layer.name.lower(), ("table", ""))
        if _virtual_module(sql) is not None:  # a spatial index registered as a layer
            raise GeoPackageRefused(texts.GPKG_VIRTUELE_TABEL.format(wat=what, naam=shown(layer.name)))
    computed = _query(connection, "SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_xinfo(m.name) AS c "
                                  "WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%' AND c.hidden = 2")
    if computed:
        table, column = computed[0]
        raise GeoPackageRefused(texts.GPKG_BEREKENDE_KOLOM.format(wat=what, naam=shown(table), kolom=shown(column)))
    return layers


def _open(data: bytes) -> sqlite3.Connection:
    """A private, read-only, step-limited copy of the database in memory."""
    data = bytes(data)
    if not data.startswith(SQLITE_MAGIC) or len(data) < 100:
        raise GeoPackageRefused("", unreadable=True)
    if data[18:20] == b"\x02\x02":
        # WAL mode (QGIS leaves it on): an in-memory copy has no -wal file, so read it as a rollback database.
        data = data[:18] + b"\x01\x01" + data[20:]
    connection = sqlite3.connect(":memory:")
    steps = [0]

    def progress() -> int:
        steps[0] += 1
        return 1 if steps[0] * _STEPS_PER_CALL > MAX_STEPS else 0

    try:
        connection.deserialize(data)
        connection.set_progress_handler(progress, _STEPS_PER_CALL)
        connection.execute("PRAGMA query_only = ON")
        connection.execute("PRAGMA trusted_schema = OFF")
    except sqlite3.Error as exc:
        connection.close()
        raise GeoPackageRefused(str(exc), unreadable=True) from exc
    return connection


def _query(connection: sqlite3.Connection, sql: str, parameters: tuple = ()) -> list[tuple]:
    try:
        return connection.execute(sql, parameters).fetchall()
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise _Interrupted from exc
        raise GeoPackageRefused(str(exc), unreadable=True) from exc
    except sqlite3.Error as exc:
        raise GeoPackageRefused(str(exc), unreadable=True) from exc


def _layers(connection: sqlite3.Connection, objects: dict[str, tuple[str, str]]) -> list[GeoPackageLayer]:
    """The rows of ``gpkg_contents``, with each feature layer's coordinate system from the other tables."""
    rows = _query(connection, "SELECT table_name, data_type, srs_id FROM gpkg_contents ORDER BY rowid")
    srs_of: dict[str, object] = {}
    if objects.get("gpkg_geometry_columns", ("",))[0] == "table":
        srs_of = {str(table).lower(): srs for table, srs in
                  _query(connection, "SELECT table_name, srs_id FROM gpkg_geometry_columns")}
    names: dict[object, str] = {}
    if objects.get("gpkg_spatial_ref_sys", ("",))[0] == "table":
        systems = _query(connection, "SELECT srs_id, srs_name, organization, organization_coordsys_id "
                                     "FROM gpkg_spatial_ref_sys")
        for srs_id, name, organisation, code in systems:
            known = str(organisation or "").upper() not in ("", "NONE") and code is not None
            names[srs_id] = f"{organisation}:{code}" if known else str(name or "")
    layers = []
    for table, data_type, contents_srs in rows:
        srs_id = srs_of.get(str(table).lower(), contents_srs)
        srs_id = srs_id if isinstance(srs_id, int) else None
        label = names.get(srs_id, "") if srs_id is not None else ""
        layers.append(GeoPackageLayer(name=str(table), data_type=str(data_type or ""), srs_id=srs_id,
                                      srs=label or ("" if srs_id is None else f"srs_id {srs_id}")))
    return layers


def _virtual_module(sql: str) -> str | None:
    """The module of a ``CREATE VIRTUAL TABLE`` statement (lower case), None for anything else."""
    match = _VIRTUAL.match(sql[:_SQL_HEAD])
    if match:
        return match.group(1).lower()
    return "?" if re.match(r"\s*CREATE\s+VIRTUAL\b", sql[:_SQL_HEAD], re.IGNORECASE) else None
