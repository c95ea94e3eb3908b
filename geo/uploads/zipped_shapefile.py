"""A zipped Shapefile: the zip checked before anything is unpacked, its one shapefile repacked in memory.

A shapefile is several files (``.shp``, ``.shx``, ``.dbf``, ``.prj``, ``.cpg``), so users
upload them as one zip. A zip can lie: entry names that climb out of a folder (``../``),
thousands of entries, a few kilobytes that unpack to gigabytes. :func:`shapefile_from_zip`
decides on the zip's central directory alone, then reads only the shapefile's own parts,
each within the size its header declared, into a flat uncompressed zip that GDAL reads
from memory. Nothing is ever written to disk.

>>> shapefile_from_zip(zip_bytes, "wijken.zip", 20 * MB)  # doctest: +SKIP
b'PK\\x03\\x04...'
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import PurePosixPath

from geo import texts
from geo.uploads.refusals import MB, BoundaryFileError, megabytes, unreadable

MAX_ZIP_ENTRIES = 100
ZIP_EXPANSION = 10                 # a zip may unpack to at most ZIP_EXPANSION × max_bytes ...
ZIP_UNPACKED_CAP = 500 * MB        # ... and never to more than this (or the caller's smaller limit)
MAX_COMPRESSION_RATIO = 250        # a real .dbf reaches about 45; zeros reach about 1,000
RATIO_CHECK_FROM = 1 * MB          # tiny entries may compress as well as they like

_SHAPEFILE_PARTS = ("shp", "shx", "dbf", "prj", "cpg")
_REQUIRED_PARTS = ("shp", "shx", "dbf")
_CHUNK = 1 << 20


def shapefile_from_zip(data: bytes, filename: str, max_bytes: int, max_unpacked_bytes: int = ZIP_UNPACKED_CAP) -> bytes:
    """Check a zip, then repack its one shapefile, flat and uncompressed, in memory.

    Every entry name, the entry count, the total unpacked size (at most
    ``ZIP_EXPANSION × max_bytes`` and at most ``max_unpacked_bytes``) and each entry's
    compression ratio are checked on the central directory before anything is
    decompressed; only the shapefile's own parts are ever read, each with a hard byte
    budget. The repacked zip holds nothing but ``upload.shp/.shx/.dbf/.prj/.cpg``, which
    pyogrio reads through GDAL's in-memory zip support. Raises
    :class:`~geo.uploads.refusals.BoundaryFileError` with the reason.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise unreadable(filename, "zip") from exc
    with archive:
        entries = archive.infolist()
        check_zip_directory(entries, filename, min(ZIP_EXPANSION * max_bytes, max_unpacked_bytes, ZIP_UNPACKED_CAP))
        files = [e for e in entries if not e.is_dir() and not _is_junk(e.filename)]
        shapefiles = [e for e in files if e.filename.lower().endswith(".shp")]
        if not shapefiles:
            raise BoundaryFileError(texts.ZIP_GEEN_SHAPEFILE.format(bestand=filename))
        if len(shapefiles) > 1:
            raise BoundaryFileError(texts.ZIP_MEERDERE_SHAPEFILES.format(
                bestand=filename, namen=", ".join(PurePosixPath(e.filename).name for e in shapefiles[:10])))
        stem = shapefiles[0].filename[:-len(".shp")].lower()
        by_name = {e.filename.lower(): e for e in files}
        parts = {ext: by_name.get(f"{stem}.{ext}") for ext in _SHAPEFILE_PARTS}
        missing = [f".{ext}" for ext in _REQUIRED_PARTS if parts[ext] is None]
        if missing:
            raise BoundaryFileError(texts.ZIP_ONVOLLEDIG.format(
                naam=PurePosixPath(shapefiles[0].filename).name, ontbrekend=", ".join(missing)))

        flat = io.BytesIO()
        with zipfile.ZipFile(flat, "w", compression=zipfile.ZIP_STORED) as repacked:
            for ext, entry in parts.items():
                if entry is not None:
                    repacked.writestr(f"upload.{ext}", read_zip_entry(archive, entry, filename))
        return flat.getvalue()


def check_zip_directory(entries: list[zipfile.ZipInfo], filename: str, limit: int) -> None:
    """Names, count, unpacked size, compression ratio and encryption, from the central directory.

    Also used for the one entry a GTFS zip is read for (:mod:`geo.context.gtfs`).
    """
    if len(entries) > MAX_ZIP_ENTRIES:
        raise BoundaryFileError(texts.ZIP_TE_VEEL_BESTANDEN.format(
            bestand=filename, aantal=len(entries), max=MAX_ZIP_ENTRIES))
    for entry in entries:
        if _unsafe_name(entry.filename):
            raise BoundaryFileError(texts.ZIP_ONVEILIGE_NAAM.format(bestand=filename, naam=entry.filename[:200]))
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limit:
        raise BoundaryFileError(texts.ZIP_TE_GROOT.format(
            bestand=filename, grootte=megabytes(unpacked, above=limit), max=megabytes(limit)))
    for entry in entries:
        if entry.file_size > RATIO_CHECK_FROM and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
            raise BoundaryFileError(texts.ZIP_COMPRESSIE.format(
                bestand=filename, naam=entry.filename[:200], verhouding=entry.file_size // max(entry.compress_size, 1)))
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise BoundaryFileError(texts.ZIP_VERSLEUTELD.format(bestand=filename))


def read_zip_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, filename: str) -> bytes:
    """Decompress one entry, never past the size its header declared."""
    chunks, size = [], 0
    try:
        with archive.open(entry) as handle:
            while block := handle.read(_CHUNK):
                size += len(block)
                if size > entry.file_size:
                    raise unreadable(filename, "zip")
                chunks.append(block)
    except BoundaryFileError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error) as exc:
        raise unreadable(filename, "zip") from exc
    return b"".join(chunks)


def _unsafe_name(name: str) -> bool:
    """True for an absolute path, a drive letter, a NUL byte or a ``..`` component."""
    normal = name.replace("\\", "/")
    if normal.startswith("/") or re.match(r"[A-Za-z]:", normal) or "\x00" in normal:
        return True
    return ".." in normal.split("/")


def _is_junk(name: str) -> bool:
    """macOS resource forks (``__MACOSX/``, ``._name``) that Finder adds to a zip."""
    parts = name.replace("\\", "/").split("/")
    return "__MACOSX" in parts or parts[-1].startswith("._")
