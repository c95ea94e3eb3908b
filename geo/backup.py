"""Backup and restore of the whole store as one GeoPackage.

A backup is a GeoPackage (``.gpkg``) that GIS software opens as it is: the layer
``partners`` holds every partner as a point (EPSG:4326, from lat/lon; a partner without
a location has no geometry) with all its columns, the layer ``context_objecten`` every
object of the context layers (shared cars, stations …) as a point the same way, the layer
``acties`` every joint action with a place (an action with only a wijk has no geometry), and every
other table of the store (:data:`geo.store.tables.BACKUP_TABLES`, ``context_laag``
included) is a non-spatial attribute table of the same name. A backup made before a table
existed (:data:`ADDED_IN_SCHEMA`) lacks it and restores with that table empty. A one-row
table ``partnerkaart_backup`` says what the file is: the app, the format version, when it
was made, the store's schema version, the rows per table, a SHA-256 checksum of the
content and the data sources. Values keep their type: text stays text (an empty text stays empty, a missing
one missing), whole numbers stay whole numbers, ``demo`` stays a boolean.

:func:`restore_gpkg` checks the file before anything is written and writes everything
in one transaction (:meth:`PartnerStore.load_tables`), only into an empty store. A file
whose content does not match its checksum (damaged, or changed after the backup was
made) is refused.

>>> from geo.store import open_store
>>> store = open_store(":memory:")
>>> data = backup_gpkg(store, "Eigen gegevens")
>>> backup_info(data).rijen["partner"]
0
>>> restore_gpkg(open_store(":memory:"), data, door="doctest")["partner"]
0
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping, Sequence

from geo import texts
from geo.store import PartnerStore
from geo.store.tables import BACKUP_TABLES
from geo.uploads.bounded import Budget, run_bounded

FORMAT_VERSION = 1
APP_NAME = "Partnerkaart"
INFO_LAYER = "partnerkaart_backup"
PARTNER_LAYER = "partners"
CONTEXT_LAYER = "context_objecten"
ACTION_LAYER = "acties"
POINT_LAYERS = {"partner": PARTNER_LAYER, "context_object": CONTEXT_LAYER, "actie": ACTION_LAYER}
LAYERS = {table: POINT_LAYERS.get(table, table) for table in BACKUP_TABLES}
# The schema version that added a table: a backup of an older schema holds no such table.
ADDED_IN_SCHEMA = {"context_laag": 7, "context_object": 7, "actie": 9, "actie_partner": 9, "partner_historiek": 10,
                   "kandidaat": 11, "kandidaat_zoektocht": 11, "kandidaat_afwijzing": 11, "partner_bron": 11,
                   "kandidaat_bron": 11}

_SQLITE_MAGIC = b"SQLite format 3\x00"
_GPKG_APPLICATION_IDS = (b"GPKG", b"GP10", b"GP11")


class BackupError(ValueError):
    """A file that cannot be restored; the message (Dutch) says why. Nothing was written."""


@dataclass(frozen=True)
class BackupInfo:
    """What the ``partnerkaart_backup`` table of a backup says about it."""

    formaat: int
    schemaversie: int
    aangemaakt: str
    bronnen: str
    app: str = APP_NAME
    rijen: dict[str, int] = field(default_factory=dict)
    controlesom: str = ""


def backup_gpkg(store: PartnerStore, attribution: str | Sequence[str] = "") -> bytes:
    """The whole store as a GeoPackage file (bytes), for download or ``python -m geo backup``.

    ``attribution`` names the data sources (a text, or several joined with `` · ``); it
    goes into the ``partnerkaart_backup`` table and the metadata of the ``partners`` layer.
    Without one, the sources of the official boundary data are named.
    """
    sources = _sources(attribution)
    tables = store.dump_tables()
    with tempfile.TemporaryDirectory(prefix="partnerkaart-backup-") as folder:
        path = Path(folder) / "backup.gpkg"
        for table in BACKUP_TABLES:
            rows = tables.get(table) or []
            if table == "partner":
                _write_points(path, PARTNER_LAYER, rows, sources)
            elif table == "context_object":
                _write_points(path, CONTEXT_LAYER, rows, _layer_sources(tables.get("context_laag") or []))
            elif table == "actie":
                _write_points(path, ACTION_LAYER, rows, sources)
            else:
                _write_table(path, LAYERS[table], rows)
        # The checksum is taken from the file as written, exactly as a restore will read it.
        written = {table: _read_rows(path, LAYERS[table]) for table in BACKUP_TABLES}
        info = BackupInfo(formaat=FORMAT_VERSION, schemaversie=int(store.schema_version()),
                          aangemaakt=datetime.now(timezone.utc).isoformat(timespec="seconds"), bronnen=sources,
                          rijen={table: len(rows) for table, rows in written.items()}, controlesom=_checksum(written))
        _write_table(path, INFO_LAYER, [_info_row(info)])
        return path.read_bytes()


def backup_info(data: bytes, max_bytes: int | None = None) -> BackupInfo:
    """Check that ``data`` is a complete Partnerkaart backup and return what it says about itself.

    Raises :class:`BackupError` (Dutch) for a file larger than ``max_bytes``, a file that
    is no GeoPackage, a damaged or truncated one, a GeoPackage that is no Partnerkaart
    backup, one made by a newer format, or one that lacks layers.
    """
    with _backup_file(data, max_bytes) as path:
        return _read_info(path)


def restore_gpkg(store: PartnerStore, data: bytes, door: str, max_bytes: int | None = None,
                 budget: Budget | None = None) -> dict[str, int]:
    """Restore a backup made by :func:`backup_gpkg` into an empty store; returns rows per table.

    The file is checked completely first (see :func:`backup_info`; a backup of a newer
    schema version than ``store`` is refused too), then written in one transaction: when
    anything is wrong nothing is written. ``door`` (who restores) goes into the audit log.
    A store that already holds partners, context layers, imports, audit lines or share links is refused
    (:class:`geo.store.StoreError`). With a ``budget`` (an upload in the app) the file is
    read in a worker process that stops at its time and memory limits.
    """
    if budget is None:
        info, tables = read_backup(data, max_bytes)
    else:
        try:
            info, tables = run_bounded(read_backup, data, max_bytes, budget=budget, filename="de backup")
        except BackupError:
            raise
        except ValueError as exc:  # the budget ran out (BudgetExceeded), or another failure: Dutch
            raise BackupError(str(exc)) from exc
    current = int(store.schema_version())
    if info.schemaversie > current:
        raise BackupError(texts.BACKUP_SCHEMA_NIEUWER.format(backup=info.schemaversie, hier=current))
    short = [LAYERS[t] for t in BACKUP_TABLES if t in info.rijen and len(tables[t]) != info.rijen[t]]
    if short:
        raise BackupError(texts.BACKUP_BESCHADIGD.format(fout=texts.BACKUP_RIJEN_ONTBREKEN.format(lagen=", ".join(short))))
    if info.controlesom != _checksum(tables, _held(info)):
        raise BackupError(texts.BACKUP_BESCHADIGD.format(fout=texts.BACKUP_CONTROLESOM))
    return store.load_tables(tables, door=door)


def read_backup(data: bytes, max_bytes: int | None = None) -> tuple[BackupInfo, dict[str, list[dict]]]:
    """The checked description and the rows per table of a backup, read without a store."""
    with _backup_file(data, max_bytes) as path:
        info = _read_info(path)
        held = _held(info)
        return info, {table: _read_rows(path, LAYERS[table]) if table in held else [] for table in BACKUP_TABLES}


def summary(counts: Mapping[str, int]) -> str:
    """Rows per table as Dutch text, one table a line: ``partners: 12`` …"""
    return "\n".join(f"  {texts.BACKUP_TABELNAMEN.get(table, table)}: {counts.get(table, 0)}"
                     for table in BACKUP_TABLES if table in counts)


# -- writing -------------------------------------------------------------------------------


def _sources(attribution: str | Sequence[str]) -> str:
    if not attribution:
        from geo.boundaries import ATTRIBUTION

        attribution = ATTRIBUTION
    return attribution if isinstance(attribution, str) else " · ".join(str(a) for a in attribution)


def _write_points(path: Path, layer: str, rows: list[dict], sources: str) -> None:
    """A point layer (EPSG:4326) from the rows' lon/lat, all columns kept; no location, no geometry."""
    import geopandas as gpd
    from shapely.geometry import Point

    frame = _frame(rows, list(rows[0]) if rows else _empty_columns(layer))
    geometry = [Point(row["lon"], row["lat"]) if row.get("lat") is not None and row.get("lon") is not None else None
                for row in rows]
    points = gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
    points.to_file(path, layer=layer, driver="GPKG", engine="pyogrio",
                   layer_metadata={"BRONNEN": sources} if sources else None)


def _layer_sources(layers: list[dict]) -> str:
    """The attributions of the context layers, each once."""
    return " · ".join(dict.fromkeys(str(row.get("bronvermelding") or "") for row in layers if row.get("bronvermelding")))


def _write_table(path: Path, layer: str, rows: list[dict]) -> None:
    """A non-spatial GeoPackage table (data type ``attributes``)."""
    import pyogrio

    columns = list(rows[0]) if rows else _empty_columns(layer)
    pyogrio.write_dataframe(_frame(rows, columns), path, layer=layer, driver="GPKG")


def _empty_columns(layer: str) -> list[str]:
    """The columns of an empty table, so that even an empty layer shows its shape."""
    from geo.store import tables

    if layer == INFO_LAYER:
        return list(_info_row(BackupInfo(0, 0, "", "")))
    table = next(t for t, name in LAYERS.items() if name == layer)
    return list(tables._columns(table))  # the store's own column list (shared with dump_tables)


def _frame(rows: list[dict], columns: list[str]):
    """Rows as a DataFrame whose column types follow the values (see :func:`_column`)."""
    import pandas as pd

    return pd.DataFrame({c: _column([row.get(c) for row in rows]) for c in columns}, index=pd.RangeIndex(len(rows)))


def _column(values: list[Any]):
    """One column with a faithful type: bool, nullable int, float (missing = NaN = NULL) or text."""
    import numpy as np
    import pandas as pd

    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present) and len(present) == len(values):
        return np.array(values, dtype=bool)
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.array(values, dtype="Int64")
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return np.array([math.nan if v is None else float(v) for v in values], dtype=float)
    return np.array([v if v is None or isinstance(v, str) else _text(v) for v in values], dtype=object)


def _text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _info_row(info: BackupInfo) -> dict:
    return {"app": info.app, "formaat": info.formaat, "schemaversie": info.schemaversie, "aangemaakt": info.aangemaakt,
            "bronnen": info.bronnen, "rijen": json.dumps(info.rijen), "controlesom": info.controlesom}


def _checksum(tables: Mapping[str, list[dict]], held: Sequence[str] | None = None) -> str:
    """SHA-256 of the rows (in file order) of every table the backup holds (all by default), as canonical JSON."""
    canonical = json.dumps({t: tables[t] for t in held or BACKUP_TABLES}, sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"), allow_nan=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# -- reading -------------------------------------------------------------------------------


class _backup_file:
    """``with _backup_file(data, max_bytes) as path``: the checked bytes in a temporary file."""

    def __init__(self, data: bytes, max_bytes: int | None) -> None:
        _check_bytes(data, max_bytes)
        self._folder = tempfile.TemporaryDirectory(prefix="partnerkaart-herstel-")
        self.path = Path(self._folder.name) / "backup.gpkg"
        self.path.write_bytes(data)

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *exc) -> None:
        self._folder.cleanup()


def _check_bytes(data: bytes, max_bytes: int | None) -> None:
    """Size, GeoPackage header, completeness and safe tables, from the bytes alone (before any reader)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("restore_gpkg: data must be bytes")
    data = bytes(data)
    if max_bytes is not None and len(data) > max_bytes:
        raise BackupError(texts.BACKUP_TE_GROOT.format(grootte=_mb(len(data)), max=_mb(max_bytes)))
    if len(data) < 100 or not data.startswith(_SQLITE_MAGIC) or data[68:72] not in _GPKG_APPLICATION_IDS:
        raise BackupError(texts.BACKUP_GEEN_GEOPACKAGE)
    # The SQLite header knows the file's length: page size x page count (valid when the
    # "version-valid-for" number equals the change counter, as every recent SQLite writes).
    page_size = struct.unpack(">H", data[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages = struct.unpack(">II", data[24:32])
    valid_for = struct.unpack(">I", data[92:96])[0]
    if valid_for == change_counter and pages and len(data) < page_size * pages:
        raise BackupError(texts.BACKUP_BESCHADIGD.format(
            fout=texts.BACKUP_TE_KORT.format(bytes=len(data), verwacht=page_size * pages)))
    _check_tables(data)


def _check_tables(data: bytes) -> None:
    """No view, virtual table or computed column, seen by SQLite alone before pyogrio opens the file.

    A view over a recursive query keeps GDAL busy for ever; see :mod:`geo.uploads.geopackage`.
    """
    from geo.uploads.geopackage import GeoPackageRefused, check_geopackage

    try:
        check_geopackage(data, texts.GPKG_WAT_BACKUP)
    except GeoPackageRefused as exc:
        if exc.unreadable:
            raise BackupError(texts.BACKUP_BESCHADIGD.format(fout=_reason(exc))) from exc
        raise BackupError(texts.BACKUP_ONVEILIG.format(reden=str(exc))) from exc


def _read_info(path: Path) -> BackupInfo:
    import pyogrio

    try:
        layers = {str(name) for name, _ in pyogrio.list_layers(path)}
    except Exception as exc:  # pyogrio raises DataSourceError and friends; all mean "unreadable"
        raise BackupError(texts.BACKUP_BESCHADIGD.format(fout=_reason(exc))) from exc
    if INFO_LAYER not in layers:
        raise BackupError(texts.BACKUP_GEEN_PARTNERKAART)
    rows = _read_rows(path, INFO_LAYER)
    row = rows[0] if len(rows) == 1 else {}
    try:
        info = BackupInfo(formaat=int(row["formaat"]), schemaversie=int(row["schemaversie"]),
                          aangemaakt=str(row.get("aangemaakt") or ""), bronnen=str(row.get("bronnen") or ""),
                          app=str(row["app"]), rijen={str(k): int(v) for k, v in json.loads(row["rijen"]).items()},
                          controlesom=str(row.get("controlesom") or ""))
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(texts.BACKUP_GEEN_PARTNERKAART) from exc
    if info.app != APP_NAME:
        raise BackupError(texts.BACKUP_GEEN_PARTNERKAART)
    if info.formaat > FORMAT_VERSION:
        raise BackupError(texts.BACKUP_FORMAAT_NIEUWER.format(backup=info.formaat, hier=FORMAT_VERSION))
    missing = [LAYERS[t] for t in _held(info) if LAYERS[t] not in layers]
    if missing:
        raise BackupError(texts.BACKUP_LAGEN_ONTBREKEN.format(lagen=", ".join(missing)))
    return info


def _held(info: BackupInfo) -> tuple[str, ...]:
    """The tables a backup of ``info.schemaversie`` holds: those the schema had then."""
    return tuple(t for t in BACKUP_TABLES if ADDED_IN_SCHEMA.get(t, 0) <= info.schemaversie)


def _read_rows(path: Path, layer: str) -> list[dict]:
    """Every row of one layer as plain Python values (None for NULL), without geometry."""
    import pyogrio

    try:
        _, table = pyogrio.read_arrow(path, layer=layer, read_geometry=False)
        rows = table.to_pylist()
    except Exception as exc:
        raise BackupError(texts.BACKUP_BESCHADIGD.format(fout=_reason(exc))) from exc
    return [{k: _plain(v) for k, v in row.items()} for row in rows]


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _reason(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")

