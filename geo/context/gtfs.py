"""The stops of a GTFS zip (a timetable, e.g. De Lijn or NMBS) as a context layer.

Only ``stops.txt`` is read: its columns ``stop_id``, ``stop_name``, ``stop_lat``,
``stop_lon`` and the optional ``location_type`` and ``parent_station``. Stations
(``location_type`` 1) are kept, and stops or platforms (0 or empty) unless their parent
station is kept: a station with ten platforms is one object. Entrances, generic nodes
and boarding areas (2, 3, 4) are left out.

The zip gets the same checks as an uploaded Shapefile zip
(:func:`geo.uploads.zipped_shapefile.check_zip_directory` and
:func:`~geo.uploads.zipped_shapefile.read_zip_entry`): the entry count; and for
``stops.txt``, the one entry that is ever decompressed, its name, unpacked size,
compression ratio and encryption, from the central directory, then a hard byte budget
while it is read. Nothing is written to disk. The other entries (De Lijn's
``stop_times.txt`` unpacks to far more than ``max_uitgepakt_mb``) are never opened, so
their size does not count.

pandas reads ``stops.txt``: ``gtfs-kit`` (maintained) pulls in geopandas, folium and
requests and reads the whole feed, ``partridge`` has been idle since 2023; a stops layer
needs neither.

>>> parsed = read_gtfs(zip_bytes, "delijn.zip", LayerLimits())  # doctest: +SKIP
>>> parsed.objects[0].detail                                     # doctest: +SKIP
'station'
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

import pandas as pd

from geo import texts
from geo.context.checks import LayerError, LayerLimits, ObjectCollector, ParsedLayer, shown
from geo.uploads.refusals import BoundaryFileError
from geo.uploads.zipped_shapefile import MAX_ZIP_ENTRIES, check_zip_directory, read_zip_entry

STOPS = "stops.txt"
REQUIRED = ("stop_id", "stop_name", "stop_lat", "stop_lon")
OPTIONAL = ("location_type", "parent_station")
MAX_STOP_ROWS = 1_000_000            # stops.txt rows read at most (platforms, entrances and nodes included)
DETAILS = {"0": "halte", "1": "station"}


def read_gtfs(data: bytes, name: str, limits: LayerLimits = LayerLimits(), attribution: str = "") -> ParsedLayer:
    """The stations and stops in a GTFS zip's ``stops.txt``; ``name`` (file name or URL) appears in messages.

    ``attribution`` defaults to ``name``. Raises :class:`~geo.context.checks.LayerError`
    (Dutch) for a zip that fails its checks, has no ``stops.txt`` or lacks a column.
    """
    frame = _stops_frame(stops_text(data, name, limits), name)
    kind = frame["location_type"].str.strip() if "location_type" in frame else pd.Series("", index=frame.index)
    kind = kind.replace("", "0")
    parents = frame["parent_station"].str.strip() if "parent_station" in frame else pd.Series("", index=frame.index)
    stations = set(frame.loc[kind == "1", "stop_id"].str.strip())
    keep = (kind == "1") | ((kind == "0") & ~parents.isin(stations - {""}))
    kept = frame[keep]
    lat = pd.to_numeric(kept["stop_lat"].str.strip(), errors="coerce")
    lon = pd.to_numeric(kept["stop_lon"].str.strip(), errors="coerce")
    collector = ObjectCollector(name, limits)
    for stop_id, stop_name, x, y, code in zip(kept["stop_id"], kept["stop_name"], lon, lat, kind[keep]):
        collector.add(stop_name, float(x), float(y), detail=DETAILS[code], properties={"id": stop_id.strip()})
    merged = int(((kind == "0") & ~keep).sum())
    if merged:
        collector.notes.append(texts.GTFS_PERRONS.format(aantal=merged, stations=len(stations)))
    return collector.result(attribution or name)


def stops_text(data: bytes, name: str, limits: LayerLimits) -> bytes:
    """The bytes of ``stops.txt`` (at the zip's root or in its one folder), after the zip checks."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise LayerError(texts.GTFS_GEEN_ZIP.format(bron=shown(name))) from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise LayerError(texts.ZIP_TE_VEEL_BESTANDEN.format(bestand=shown(name), aantal=len(entries),
                                                                max=MAX_ZIP_ENTRIES))
        found = [e for e in entries if not e.is_dir() and PurePosixPath(e.filename.replace("\\", "/")).name.lower() == STOPS
                 and e.filename.replace("\\", "/").count("/") <= 1]
        if not found:
            raise LayerError(texts.GTFS_GEEN_STOPS.format(bron=shown(name)))
        entry = min(found, key=lambda e: e.filename.count("/"))
        try:
            check_zip_directory([entry], shown(name), min(limits.boundary.max_unpacked_bytes, 10 * limits.max_bytes))
        except BoundaryFileError as exc:
            raise LayerError(str(exc)) from exc
        try:
            return read_zip_entry(archive, entry, shown(name))
        except BoundaryFileError as exc:  # damaged: its message would name the Shapefile format
            raise LayerError(texts.GTFS_GEEN_ZIP.format(bron=shown(name))) from exc


def _stops_frame(raw: bytes, name: str) -> pd.DataFrame:
    """``stops.txt`` as text columns (UTF-8, a BOM allowed), the required columns checked."""
    try:
        frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8-sig",
                            encoding_errors="replace", skipinitialspace=True, nrows=MAX_STOP_ROWS + 1,
                            usecols=lambda column: column.strip() in REQUIRED + OPTIONAL, engine="c")
    except (ValueError, pd.errors.ParserError, UnicodeError) as exc:  # EmptyDataError is a ValueError
        raise LayerError(texts.GTFS_STOPS_ONLEESBAAR.format(bron=shown(name))) from exc
    frame.columns = [str(column).strip() for column in frame.columns]
    missing = [column for column in REQUIRED if column not in frame.columns]
    if missing:
        raise LayerError(texts.GTFS_KOLOMMEN.format(bron=shown(name), kolommen=", ".join(missing)))
    if len(frame) > MAX_STOP_ROWS:
        raise LayerError(texts.GTFS_TE_VEEL_RIJEN.format(bron=shown(name), max=f"{MAX_STOP_ROWS:,}".replace(",", ".")))
    return frame
