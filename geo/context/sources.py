"""Where a context layer's objects come from: one entry point for the pages and the command line.

A layer's ``bron`` says how to get its objects: ``bestand`` (an uploaded file, the format
from its name: CSV/XLSX, GeoJSON, GeoPackage, a zipped Shapefile or a GTFS zip), or a URL
of a ``geojson`` document, a ``gbfs`` feed or a ``gtfs`` zip. Two steps, in two places:

- **fetching** stays in the caller's process (network I/O bounded by the timeout and
  size of :mod:`geo.context.fetch`);
- **parsing** of the bytes runs in the upload worker with its time and memory budget
  (:func:`geo.uploads.bounded.run_bounded`): :func:`parse_layer` is the module-level
  function given to it, with plain, picklable arguments and result. A GBFS feed takes two
  rounds: the discovery file (:func:`geo.context.gbfs.discover`) names the feeds, then
  those are fetched and parsed together.

:func:`refresh` fetches now. The documents are kept in the cache
(:mod:`geo.context.cache`) only after they were read without a refusal; when fetching or
reading fails, the layer is read from its last good copy with a Dutch note ("Vernieuwen
lukte niet (…); de kopie van … wordt getoond."). :func:`read_layer` reads an upload, or a
URL layer from its cache without touching the network (refreshing it when there is no
copy yet), so a layer works offline.

Every refusal is a ``ValueError`` with a Dutch message: :class:`~geo.context.fetch.FetchError`
(the network) or :class:`~geo.context.checks.LayerError` (the content; also a
budget that ran out).

>>> layer = ContextLayer(naam="Blue-bike", soort="station", bron="gbfs",
...                      url="https://api.delijn.be/gbfs/gbfs.json")
>>> data = refresh(layer, settings)                              # doctest: +SKIP
>>> data.attribution, len(data.objects), data.note               # doctest: +SKIP
('Blue-bike', 94, '')
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

from geo import texts
from geo.context import bronnen, cache, cambio, files, gbfs, gtfs, wfs
from geo.context.checks import LayerError, LayerLimits, ParsedLayer, host_of, shown
from geo.context.fetch import FetchError, FetchOptions, StatusError, fetch
from geo.context.records import KINDS, SOURCES, ContextLayer, ContextObject
from geo.uploads.bounded import Budget, run_bounded

URL_SOURCES = tuple(s for s in SOURCES if s != "bestand")  # geojson, gbfs, gtfs, cambio, wfs, csv
KEY_REFUSED = (401, 403)  # a keyed source's answer when its key is missing or wrong


@dataclass(frozen=True)
class LayerData:
    """A layer's objects as read now: ``objects`` (``laag_id`` 0: the caller sets it), the
    ``attribution`` to show, Dutch ``warnings`` about what was left out, ``fetched`` (ISO 8601,
    UTC: when the copy shown was fetched or uploaded) and ``note``: why an older copy is
    shown ("" when it is fresh). ``note`` and ``fetched`` fit ``ContextLayer.melding`` and
    ``ContextLayer.opgehaald``."""

    objects: tuple[ContextObject, ...]
    attribution: str
    warnings: tuple[str, ...]
    fetched: str
    note: str = ""


def read_layer(layer: ContextLayer, data: bytes | None, settings, *, in_worker: bool = True) -> LayerData:
    """The layer's objects: from ``data`` (an upload) when given, else from the cache of its URL.

    An upload is read as the layer's format: ``bestand`` by the name in ``layer.bestand``
    (a ``.zip`` holding ``stops.txt`` is a GTFS zip), ``geojson`` and ``gtfs`` as such (an
    uploaded copy of what the URL serves); a GBFS feed cannot be uploaded. A URL layer
    without ``data`` is read from its cache; without a good copy it is fetched
    (:func:`refresh`). ``in_worker=False`` parses in this process (tests, the command
    line's own budget).
    """
    _check(layer)
    if data is not None:
        if layer.bron == "gbfs":
            raise LayerError(texts.GBFS_GEEN_BESTAND)
        name = layer.bestand or layer.url
        limits = LayerLimits.from_settings(settings, uploaded=True)
        parsed = _run(parse_layer, layer.bron, bytes(data), name, layer.soort, limits,
                      settings=settings, in_worker=in_worker, label=name)
        return LayerData(parsed.objects, parsed.attribution, parsed.warnings, cache.now_iso())
    if layer.bron == "bestand":
        raise LayerError(texts.LAGEN_GEEN_BESTAND.format(naam=shown(layer.naam)))
    try:
        documents = _documents(layer, settings, in_worker, _cache_reader(settings))
    except _Missing:
        return refresh(layer, settings, in_worker=in_worker)
    parsed = _parse_documents(layer, documents, settings, in_worker)
    return LayerData(parsed.objects, parsed.attribution, parsed.warnings, _oldest(documents))


def refresh(layer: ContextLayer, settings, *, in_worker: bool = True) -> LayerData:
    """Fetch a URL layer now; when fetching or reading fails, its last good copy with a Dutch note.

    Raises the failure itself (:class:`~geo.context.fetch.FetchError` or
    :class:`~geo.context.checks.LayerError`) when there is no good copy; the message then
    also says when a kept copy was found damaged.
    """
    _check(layer)
    if layer.bron not in URL_SOURCES:
        raise LayerError(texts.LAGEN_BESTAND_VERNIEUWEN.format(naam=shown(layer.naam)))
    options = FetchOptions.from_settings(settings)
    keys = bronnen.key_headers(layer.url, settings)  # a listed source's key, for its own URL only
    try:
        documents = _documents(layer, settings, in_worker,
                               lambda url: _fetched(url, options, keys if url == layer.url else {}, settings))
        parsed = _parse_documents(layer, documents, settings, in_worker)
    except ValueError as error:
        return _fallback(layer, settings, in_worker, error)
    for copy in documents.values():
        cache.store_copy(copy.url, copy.data, settings, copy.fetched)
    return LayerData(parsed.objects, parsed.attribution, parsed.warnings, _oldest(documents))


def parse_layer(bron: str, data: bytes | Mapping[str, bytes], name: str, soort: str = "ander",
                limits: LayerLimits = LayerLimits()) -> ParsedLayer:
    """Read a layer's bytes: the function :func:`read_layer` and :func:`refresh` give to the worker.

    ``data`` is the document, or for ``gbfs`` the fetched feeds by name
    (``station_information``, ``vehicle_status``, …); ``name`` is the file name or the URL
    (messages, the attribution, a file's format). Raises
    :class:`~geo.context.checks.LayerError`.
    """
    if bron == "gbfs":
        if not isinstance(data, Mapping):
            raise LayerError(texts.GBFS_GEEN_BESTAND)
        return gbfs.read_gbfs(data, name, soort, limits)
    if not isinstance(data, (bytes, bytearray)):
        raise LayerError(texts.LAGEN_GEEN_BESTAND.format(naam=shown(name)))
    if bron == "gtfs" or (bron == "bestand" and _is_gtfs_zip(data, name)):
        attribution = host_of(name) if _is_url(name) else texts.LAGEN_BRON_BESTAND.format(bestand=shown(name))
        return gtfs.read_gtfs(bytes(data), name, limits, attribution)
    if bron == "geojson":
        return files.read_geodata_layer(bytes(data), _file_name(name, "geojson"), limits,
                                        attribution=host_of(name) if _is_url(name) else "")
    if bron in ("cambio", "wfs", "csv"):
        attribution = host_of(name) if _is_url(name) else texts.LAGEN_BRON_BESTAND.format(bestand=shown(name))
        if bron == "cambio":
            return cambio.read_cambio(bytes(data), name, limits, attribution)
        if bron == "wfs":
            return wfs.read_wfs(bytes(data), name, limits, attribution)
        return files.read_table_layer(bytes(data), _file_name(name, "csv"), limits, attribution)
    return files.read_layer_file(bytes(data), name, limits)


# The documents of a URL layer ------------------------------------------------------------------

class _Missing(Exception):
    """A document is not in the cache."""


def _documents(layer: ContextLayer, settings, in_worker: bool,
               get: Callable[[str], cache.CachedCopy]) -> dict[str, cache.CachedCopy]:
    """The layer's documents by role (``document``, or ``gbfs`` plus the feed names)."""
    first = get(layer.url)
    if layer.bron != "gbfs":
        return {"document": first}
    discovery = _run(gbfs.discover, first.data, layer.url, settings=settings, in_worker=in_worker, label=layer.url)
    return {"gbfs": first, **{name: get(url) for name, url in discovery.needed.items()}}


def _parse_documents(layer: ContextLayer, documents: dict[str, cache.CachedCopy], settings,
                     in_worker: bool) -> ParsedLayer:
    if layer.bron == "gbfs":
        data: Any = {name: copy.data for name, copy in documents.items() if name != "gbfs"}
    else:
        data = documents["document"].data
    return _run(parse_layer, layer.bron, data, layer.url, layer.soort, LayerLimits.from_settings(settings),
                settings=settings, in_worker=in_worker, label=layer.url)


def _fetched(url: str, options: FetchOptions, headers: Mapping[str, str], settings) -> cache.CachedCopy:
    """``url`` fetched now; a 401/403 of a listed keyed source says its key is missing or wrong."""
    try:
        data = fetch(url, options, headers=headers).data
    except StatusError as error:
        source = bronnen.keyed_source(url, settings) if error.status in KEY_REFUSED else None
        if source is None:
            raise
        raise StatusError(bronnen.key_refused(source, error.status), error.status) from error
    return cache.CachedCopy(url=url, data=data, fetched=cache.now_iso())


def _fallback(layer: ContextLayer, settings, in_worker: bool, error: ValueError) -> LayerData:
    """The layer from its last good copy, with the note why; the error itself when there is none."""
    try:
        documents = _documents(layer, settings, in_worker, _cache_reader(settings))
        parsed = _parse_documents(layer, documents, settings, in_worker)
    except (_Missing, ValueError):
        message = str(error)
        if cache.is_damaged(layer.url, settings):
            message = f"{message} {texts.LAGEN_KOPIE_BESCHADIGD.format(url=shown(layer.url))}"
        kind = type(error) if isinstance(error, (FetchError, LayerError)) else LayerError
        raise kind(message) from error
    fetched = _oldest(documents)
    return LayerData(parsed.objects, parsed.attribution, parsed.warnings, fetched, cache.fallback_note(str(error), fetched))


def _cache_reader(settings) -> Callable[[str], cache.CachedCopy]:
    def get(url: str) -> cache.CachedCopy:
        copy = cache.read_cached(url, settings)
        if copy is None:
            raise _Missing(url)
        return copy
    return get


def _oldest(documents: dict[str, cache.CachedCopy]) -> str:
    return min(copy.fetched for copy in documents.values())


# Helpers ---------------------------------------------------------------------------------------

def _run(function: Callable[..., Any], *args: Any, settings, in_worker: bool, label: str) -> Any:
    """``function(*args)`` in the upload worker (or here); a budget that runs out is a LayerError."""
    if not in_worker:
        return function(*args)
    try:
        return run_bounded(function, *args, budget=Budget.from_settings(settings), filename=shown(label))
    except (LayerError, FetchError):
        raise
    except ValueError as exc:
        raise LayerError(str(exc)) from exc


def _check(layer: ContextLayer) -> None:
    if layer.bron not in SOURCES:
        raise LayerError(texts.LAGEN_BRON_ONBEKEND.format(bron=shown(layer.bron, 40), bronnen=", ".join(SOURCES)))
    if layer.soort not in KINDS:
        raise LayerError(texts.LAGEN_SOORT_ONBEKEND.format(soort=shown(layer.soort, 40), soorten=", ".join(KINDS)))
    if layer.bron in URL_SOURCES and not layer.url.strip():
        raise LayerError(texts.LAGEN_GEEN_URL.format(naam=shown(layer.naam)))


def _is_url(name: str) -> bool:
    return urlsplit(str(name)).scheme.lower() in ("http", "https")


def _file_name(url: str, bron: str) -> str:
    """A file name for a URL's document, with the extension of its format (the readers go by it)."""
    last = PurePosixPath(urlsplit(str(url)).path).name if _is_url(url) else PurePosixPath(str(url)).name
    wanted = {"geojson": (".geojson", ".json"), "gtfs": (".zip",), "csv": (".csv", ".txt")}.get(bron, ())
    if wanted and not last.lower().endswith(wanted):
        last = f"{(host_of(url) if _is_url(url) else last) or 'laag'}{wanted[0]}"
    return last or "laag"


def _is_gtfs_zip(data: bytes, name: str) -> bool:
    """True for a ``.zip`` that holds ``stops.txt`` and no shapefile (names only; nothing is unpacked)."""
    if not str(name).lower().endswith(".zip"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
            names = [PurePosixPath(n.replace("\\", "/")).name.lower() for n in archive.namelist()[:1000]]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    return gtfs.STOPS in names and not any(n.endswith(".shp") for n in names)
