"""The last good copy of every fetched layer document, checked before it is used.

Every document that :func:`~geo.context.fetch.fetch` brought back and that was read
without a refusal is kept under ``<cache>/lagen/`` (the setting ``cache``): one file per
URL, named by the SHA-256 of its content, and ``manifest.json`` mapping each URL to its
file, the SHA-256 and size of the content and when it was fetched (ISO 8601, UTC). A copy is used only when its size and
SHA-256 match the manifest: a file changed or damaged on disk is ignored, never shown.

Only :mod:`geo.context.sources` decides what is good: it stores a layer's documents with
:func:`store_copy` after they were read without a refusal, and falls back to
:func:`read_cached` when a refresh fails (a timeout, an HTTP error, a refused address,
too large, malformed), with a note worded by :func:`fallback_note`. So a malformed answer
never replaces the last good copy, and a layer keeps working offline.

Files are written to a temporary name and renamed, the manifest is updated under a lock
(``fcntl``) so replicas sharing the cache do not lose each other's entries. A cache that
cannot be written (a read-only volume) still gives the fresh document; it is then just
not kept.

>>> store_copy("https://example.org/gbfs.json", b"{}", settings)          # doctest: +SKIP
>>> read_cached("https://example.org/gbfs.json", settings).data           # doctest: +SKIP
b'{}'
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

from geo import texts

FOLDER = "lagen"
MANIFEST = "manifest.json"
SHOWN_TIMEZONE = ZoneInfo("Europe/Brussels")


@dataclass(frozen=True)
class CachedCopy:
    """A kept document: its URL, its bytes and when it was fetched (ISO 8601, UTC)."""

    url: str
    data: bytes
    fetched: str


def read_cached(url: str, settings) -> CachedCopy | None:
    """The last good copy of ``url`` when there is one whose size and SHA-256 match; nothing is fetched."""
    return _lookup(cache_root(settings), url)[0]


def is_damaged(url: str, settings) -> bool:
    """True when a copy of ``url`` is recorded but its file is missing or does not match its SHA-256."""
    return _lookup(cache_root(settings), url)[1]


def store_copy(url: str, data: bytes, settings, fetched: str | None = None) -> None:
    """Keep ``data`` as the good copy of ``url``; a cache that cannot be written is left as it is."""
    try:
        store(cache_root(settings), url, data, fetched or now_iso())
    except OSError:
        pass  # a read-only cache: the fresh document is still shown, it is just not kept


def fallback_note(reason: str, fetched: str) -> str:
    """The Dutch note shown with an older copy.

    >>> fallback_note("De server antwoordde met HTTP-status 500.", "2026-05-12T12:03:00+00:00")
    'Vernieuwen lukte niet (De server antwoordde met HTTP-status 500); de kopie van 12-05-2026 14:03 wordt getoond.'
    """
    return texts.LAGEN_OUDE_KOPIE.format(reden=str(reason).strip().rstrip("."), tijd=shown_time(fetched))


def cache_root(settings) -> Path:
    """``<cache>/lagen``."""
    return Path(settings.cache) / FOLDER


def store(root: Path, url: str, data: bytes, fetched: str) -> None:
    """Keep ``data`` as the copy of ``url`` (atomically) and record it in the manifest."""
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()
    name = f"{digest[:40]}.bin"  # named by content: the manifest switches to a new copy in one step
    fd, temporary = tempfile.mkstemp(dir=root, prefix=".nieuw-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, root / name)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    entry = {"file": name, "sha256": digest, "size": len(data), "fetched": fetched}
    with _locked(root):
        manifest = _read_manifest(root)
        previous = manifest.get(url)
        manifest[url] = entry
        _write_manifest(root, manifest)
        old = previous.get("file") if isinstance(previous, dict) else None
        if isinstance(old, str) and old != name and (root / old).parent == root and all(
                not isinstance(e, dict) or e.get("file") != old for e in manifest.values()):
            (root / old).unlink(missing_ok=True)


def now_iso() -> str:
    """Now, UTC, ISO 8601 to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def shown_time(iso: str) -> str:
    """An ISO 8601 time as Belgians read it: ``12-05-2026 14:03`` (Brussels time).

    >>> shown_time("2026-05-12T12:03:00+00:00")
    '12-05-2026 14:03'
    """
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(SHOWN_TIMEZONE).strftime("%d-%m-%Y %H:%M")


def _lookup(root: Path, url: str) -> tuple[CachedCopy | None, bool]:
    """(the good copy or None, whether a copy was recorded but did not match)."""
    entry = _read_manifest(root).get(url)
    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
        return None, False
    path = root / entry["file"]
    if path.parent != root or not path.is_file():
        return None, True
    try:
        data = path.read_bytes()
    except OSError:
        return None, True
    if len(data) != entry.get("size") or hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        return None, True
    return CachedCopy(url=url, data=data, fetched=str(entry.get("fetched", ""))), False


def _read_manifest(root: Path) -> dict:
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _write_manifest(root: Path, manifest: dict) -> None:
    fd, temporary = tempfile.mkstemp(dir=root, prefix=".manifest-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(temporary, root / MANIFEST)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Hold ``<root>/.lock`` exclusively while the manifest is read and rewritten."""
    with open(root / ".lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
