"""Adding, refreshing and removing context layers: what the page *Lagen*, the command line
(``python -m geo lagen …``) and the automatic refresh all call.

Reading (:mod:`geo.context.sources`) and storing (the store's ``layer_*`` methods) meet here:
a layer is stored only once its objects were read, a refresh replaces its objects in one
transaction, and a refresh that fails keeps the objects and stores the Dutch note.

>>> layer = add_layer(store, ContextLayer(naam="Cambio", soort="deelauto", bron="bestand",
...                                       bestand="cambio.csv"), data, settings, door="an")  # doctest: +SKIP
>>> refresh_layer(store, layer, settings, door="an").melding                                 # doctest: +SKIP
''
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Iterable

from geo.context.records import ContextLayer
from geo.context.sources import LayerData, read_layer, refresh

FRESH, FROM_COPY, FAILED = "vers", "kopie", "mislukt"  # how a refresh went (refresh_layer_outcome)
_REFRESHING: set[tuple[str, int]] = set()  # (store url, layer id) being refreshed in the background
_ATTEMPTED: dict[tuple[str, int], datetime] = {}  # when this process last started one (a failed one keeps the old time)
_REFRESHING_LOCK = threading.Lock()


def add_layer(store, layer: ContextLayer, data: bytes | None, settings, door: str = "") -> ContextLayer:
    """Read the layer (``data``: an uploaded file; None: fetch its URL) and store it with its objects.

    Raises a Dutch ``ValueError`` when nothing can be read; nothing is stored then. The
    attribution the source gives is kept unless the beheerder typed one.
    """
    read = read_layer(layer, data, settings) if data is not None else refresh(layer, settings)
    stored = replace(layer, bronvermelding=layer.bronvermelding or read.attribution, opgehaald=read.fetched,
                     melding=_note(read))
    return store.layer_add(stored, read.objects, door=door)


def replace_file(store, layer: ContextLayer, data: bytes, filename: str, settings, door: str = "") -> ContextLayer:
    """A new upload for a file layer: its objects replaced in one transaction."""
    read = read_layer(replace(layer, bestand=filename), data, settings)
    return store.layer_replace_objects(layer.id, read.objects, opgehaald=read.fetched, melding=_note(read), door=door)


def refresh_layer(store, layer: ContextLayer, settings, door: str = "") -> ContextLayer:
    """Fetch a URL layer now; on failure the last good copy (or the stored objects) stays, with a note."""
    return refresh_layer_outcome(store, layer, settings, door)[0]


def refresh_layer_outcome(store, layer: ContextLayer, settings, door: str = "") -> tuple[ContextLayer, str]:
    """:func:`refresh_layer`, and how it went: :data:`FRESH`, :data:`FROM_COPY` (fetching or reading
    failed; the last good copy is shown, the note says why) or :data:`FAILED` (nothing could be
    read and no copy was kept: the stored objects stay, the note says why)."""
    try:
        read = refresh(layer, settings)
    except ValueError as error:  # nothing could be read and no copy was kept: the stored objects stay
        store.layer_note(layer.id, str(error))
        return store.layer_get(layer.id) or layer, FAILED
    stored = store.layer_replace_objects(layer.id, read.objects, opgehaald=read.fetched, melding=_note(read), door=door)
    return stored, FROM_COPY if read.note else FRESH


def due_for_refresh(layers: Iterable[ContextLayer], now: datetime | None = None) -> list[ContextLayer]:
    """The URL layers whose refresh interval has passed since their last good copy."""
    now = now or datetime.now(timezone.utc)
    due = []
    for layer in layers:
        if layer.bron == "bestand" or layer.ververs_minuten <= 0:
            continue
        fetched = _parse_time(layer.opgehaald)
        if fetched is None or now - fetched >= timedelta(minutes=layer.ververs_minuten):
            due.append(layer)
    return due


def refresh_due_in_background(store, url: str, layers: Iterable[ContextLayer], settings) -> list[int]:
    """Start one background refresh per due layer not already being refreshed; returns their ids.

    The page that notices a layer is due is not kept waiting: the refresh runs in a thread,
    writes through the store (its data version changes) and the next page run shows it.
    Refreshes without a user leave no audit line (``door`` empty). A refresh that failed keeps the
    layer's old fetch time, so the layer stays due: it is tried again once its interval has passed
    since the attempt, not at every page run (each attempt would also rewrite the layer's note).
    """
    started = []
    now = datetime.now(timezone.utc)
    for layer in due_for_refresh(layers, now):
        key = (url, layer.id)
        with _REFRESHING_LOCK:
            attempted = _ATTEMPTED.get(key)
            if key in _REFRESHING or (attempted and now - attempted < timedelta(minutes=layer.ververs_minuten)):
                continue  # running, or tried within its interval: a source that is down is not asked at every page run
            _REFRESHING.add(key)
            _ATTEMPTED[key] = now
        threading.Thread(target=_refresh_then_release, args=(store, layer, settings, key), daemon=True,
                         name=f"laag-{layer.id}").start()
        started.append(layer.id)
    return started


def _refresh_then_release(store, layer: ContextLayer, settings, key: tuple[str, int]) -> None:
    try:
        refresh_layer(store, layer, settings)
    except Exception:  # noqa: BLE001 - a background refresh must never take the server down; the note says why
        pass
    finally:
        with _REFRESHING_LOCK:
            _REFRESHING.discard(key)


def _note(read: LayerData) -> str:
    """The layer's note: why an older copy is shown, else what was left out."""
    return read.note or " ".join(read.warnings)


def _parse_time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
