"""Where boundary files come from: a local folder, or an http(s) base address with a cache.

The official repository (``provinciesincijfers/gebiedsniveaus``) is laid out as
``data_voor_swing/shapefiles/<layer>.{shp,shx,dbf,prj,cpg}``; a local folder or any
mirror with the same relative paths works the same way.

Downloads land in ``<cache>/downloads/<hash of the base address>/`` with a
``manifest.json`` that records each file's size and SHA-256 on first download. Later
loads use the cache without touching the network, after checking it against the
manifest; a damaged file is fetched again, or reported when the server is unreachable.
:func:`table_file` gives other files of the same source (the sector → wijk link table) and
:func:`cached_download` any single file (Statbel's sector file) the same way.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from geo import texts

LAYER_FOLDER = "data_voor_swing/shapefiles"
SHAPEFILE_PARTS = ("shp", "shx", "dbf", "prj", "cpg")
_CHUNK = 1 << 20


class BoundaryDataUnavailable(RuntimeError):
    """Boundary data cannot be had; the message is Dutch and meant for the user."""


@dataclass(frozen=True)
class LayerFiles:
    """The local ``.shp`` of a layer plus a fingerprint of all of its parts."""

    shp: Path
    fingerprint: str


def layer_files(source: str, layer: str, cache: Path, timeout: float = 60) -> LayerFiles:
    """Return the local files of ``layer`` from ``source`` (folder or http(s) base).

    >>> layer_files("../shared/data/gebiedsniveaus", "ggw7", Path("/tmp")).shp.name
    'ggw7.shp'
    """
    if is_remote(source):
        folder = download_layer(source, layer, cache, timeout)
    else:
        folder = Path(source).expanduser() / LAYER_FOLDER
    missing = [f"{layer}.{ext}" for ext in SHAPEFILE_PARTS if not (folder / f"{layer}.{ext}").is_file()]
    if missing:
        raise BoundaryDataUnavailable(texts.GEBIEDEN_ONTBREKEN.format(bron=source, bestanden=", ".join(missing)))
    fingerprint = hashlib.sha256()
    for ext in SHAPEFILE_PARTS:
        fingerprint.update(file_sha256(folder / f"{layer}.{ext}").encode())
    return LayerFiles(folder / f"{layer}.shp", fingerprint.hexdigest())


def is_remote(source: str) -> bool:
    return urllib.parse.urlparse(source).scheme in ("http", "https")


def download_layer(base_url: str, layer: str, cache: Path, timeout: float = 60) -> Path:
    """Download the parts of ``layer`` once into the cache and return their folder.

    Files already in the cache whose size and hash match the manifest are reused
    without any network request.
    """
    root = download_root(base_url, cache)
    folder = root / LAYER_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(root)
    for ext in SHAPEFILE_PARTS:
        relative = f"{LAYER_FOLDER}/{layer}.{ext}"
        target = root / relative
        recorded = manifest.get(relative)
        if recorded and _matches(target, recorded):
            continue
        damaged = recorded is not None and target.exists()
        try:
            manifest[relative] = _fetch(urllib.parse.urljoin(_with_slash(base_url), relative), target, timeout)
        except BoundaryDataUnavailable as exc:
            if damaged:
                raise BoundaryDataUnavailable(texts.CACHE_BESCHADIGD.format(bestand=relative, fout=exc)) from exc
            raise
        _write_manifest(root, manifest)
    return folder


def table_file(source: str, relative: str, cache: Path, timeout: float = 60) -> Path:
    """The local copy of one more file of the boundary source (e.g. the link table
    ``data_voor_swing/aggregatietabellen/statsec_ggw7.xlsx``): from the folder, or
    downloaded once into the same cache as the layers and reused offline."""
    if not is_remote(source):
        return Path(source).expanduser() / relative
    return cached_download(urllib.parse.urljoin(_with_slash(source), relative), cache, timeout,
                           root=download_root(source, cache), relative=relative)


def cached_download(url: str, cache: Path, timeout: float = 60, max_bytes: int | None = None, *,
                    root: Path | None = None, relative: str | None = None) -> Path:
    """Download ``url`` once into the cache (size and SHA-256 in the manifest) and return its path.

    A copy that matches the manifest is reused without any network request. ``max_bytes``
    stops a download that grows past it. Raises :class:`BoundaryDataUnavailable` (Dutch)
    when there is no good copy and the download fails.
    """
    if root is None or relative is None:
        folder, _, name = url.rpartition("/")
        root, relative = download_root(folder, cache), name
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(root)
    recorded = manifest.get(relative)
    if recorded and _matches(target, recorded):
        return target
    damaged = recorded is not None and target.exists()
    try:
        manifest[relative] = _fetch(url, target, timeout, max_bytes)
    except BoundaryDataUnavailable as exc:
        if damaged:
            raise BoundaryDataUnavailable(texts.CACHE_BESCHADIGD.format(bestand=relative, fout=exc)) from exc
        raise
    _write_manifest(root, _read_manifest(root) | {relative: manifest[relative]})
    return target


def download_root(base_url: str, cache: Path) -> Path:
    """The cache folder for one base address."""
    digest = hashlib.sha256(_with_slash(base_url).encode()).hexdigest()[:16]
    return Path(cache) / "downloads" / digest


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _matches(path: Path, recorded: dict) -> bool:
    return path.is_file() and path.stat().st_size == recorded["size"] and file_sha256(path) == recorded["sha256"]


def _fetch(url: str, target: Path, timeout: float, max_bytes: int | None = None) -> dict:
    """Download ``url`` into ``target`` (atomically); with ``max_bytes`` a larger file is refused
    (the messages then speak of a file, not of the boundaries)."""
    request = urllib.request.Request(url, headers={"User-Agent": "Partnerkaart"})
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".download-")
    http, offline = ((texts.DOWNLOAD_HTTP, texts.DOWNLOAD_OFFLINE) if max_bytes is None else
                     (texts.INWONERS_DOWNLOAD_HTTP, texts.INWONERS_DOWNLOAD_OFFLINE))
    try:
        digest, size = hashlib.sha256(), 0
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(request, timeout=timeout) as response:
            for block in iter(lambda: response.read(_CHUNK), b""):
                size += len(block)
                if max_bytes is not None and size > max_bytes:
                    raise BoundaryDataUnavailable(texts.INWONERS_DOWNLOAD_TE_GROOT.format(
                        url=url, mb=f"{max_bytes / _CHUNK:g}"))
                out.write(block)
                digest.update(block)
        os.replace(tmp, target)
    except urllib.error.HTTPError as exc:
        raise BoundaryDataUnavailable(http.format(url=url, status=exc.code)) from exc
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise BoundaryDataUnavailable(offline.format(url=url, fout=exc)) from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return {"size": size, "sha256": digest.hexdigest()}


def _read_manifest(root: Path) -> dict:
    path = root / "manifest.json"
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_manifest(root: Path, manifest: dict) -> None:
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".manifest-")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(manifest, out, indent=1, sort_keys=True)
    os.replace(tmp, root / "manifest.json")
