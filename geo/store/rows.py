"""Backend-neutral row handling shared by the SQLite and PostGIS stores.

Both backends hand rows out as mappings (``sqlite3.Row``, psycopg's ``dict_row``) and
take column tuples in the order of :data:`COLUMNS`; only the SQL dialect, the locking
and the type of the ``demo`` column differ.
"""

from __future__ import annotations

import json
import os
from dataclasses import fields
from operator import attrgetter
from datetime import datetime, timezone
from importlib import resources
from typing import Any, Callable, Mapping, Sequence

from geo import texts
from geo.partners import PARTNER_FIELDS, Partner
from geo.store.records import IMPORT_RUN_FIELDS, ImportRun

COLUMNS = PARTNER_FIELDS
UPDATABLE = tuple(c for c in COLUMNS if c not in ("id", "aangemaakt"))
DEFAULTS = {f.name: f.default for f in fields(Partner)}  # for before-images older than a column
_DEMO = COLUMNS.index("demo")
_UPDATABLE_INDEX = tuple(COLUMNS.index(c) for c in UPDATABLE)
_GIVEN_ON_INSERT = ("id", "versie", "aangemaakt", "gewijzigd")  # a new row gets these from the store
# The columns of a new row in the order new_rows builds them: the partner's own, then demo, then the store's.
NEW_COLUMNS = tuple(c for c in COLUMNS if c not in ("demo", *_GIVEN_ON_INSERT)) + ("demo", *_GIVEN_ON_INSERT)
_OWN_VALUES = attrgetter(*NEW_COLUMNS[:NEW_COLUMNS.index("demo")])


def column_values(partner: Partner, demo_type: Callable[[bool], Any] = bool, **overrides) -> tuple:
    """The partner's values in :data:`COLUMNS` order; ``overrides`` replace single columns."""
    values = [overrides[c] if c in overrides else getattr(partner, c) for c in COLUMNS]
    values[_DEMO] = demo_type(bool(values[_DEMO]))
    return tuple(values)


def new_rows(partners: Sequence[Partner], ids: Sequence[str], now: str,
             demo_type: Callable[[bool], Any] = bool) -> list[tuple]:
    """Rows in :data:`NEW_COLUMNS` order for partners stored for the first time.

    Each gets its id from ``ids``, version 1 and ``now`` as created and changed time: the
    values of ``column_values(p, demo_type, id=…, versie=1, aangemaakt=now, gewijzigd=now)``,
    built with one attribute getter per partner (an import writes 100,000 of them).
    """
    own = _OWN_VALUES
    return [own(p) + (demo_type(bool(p.demo)), id_, 1, now, now) for p, id_ in zip(partners, ids, strict=True)]


def new_ids(count: int) -> list[str]:
    """``count`` random ids, each exactly what ``uuid.uuid4().hex`` gives, made in one go.

    Random bytes with the version (4) and variant (RFC 4122) bits set as :func:`uuid.uuid4`
    sets them, as 32 lower-case hex digits.
    """
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])
    text = raw.hex()
    return [text[start:start + 32] for start in range(0, 32 * count, 32)]


def update_values(partner: Partner, demo_type: Callable[[bool], Any] = bool) -> tuple:
    """The values of the :data:`UPDATABLE` columns, for ``UPDATE … WHERE id = ?``."""
    values = column_values(partner, demo_type)
    return tuple(values[i] for i in _UPDATABLE_INDEX)


def restored_values(before_json: str, demo_type: Callable[[bool], Any] = bool) -> tuple:
    """A before-image (see :func:`row_json`) as column values; newer columns get defaults."""
    before = json.loads(before_json)
    values = [before.get(c, DEFAULTS.get(c)) for c in COLUMNS]
    values[_DEMO] = demo_type(bool(values[_DEMO]))
    return tuple(values)


def row_json(row: Mapping) -> str:
    """A partner row as JSON text, the before-image kept for undo."""
    return json.dumps({c: row[c] for c in COLUMNS}, ensure_ascii=False)


def to_partner(row: Mapping) -> Partner:
    values = {c: row[c] for c in COLUMNS}
    values["demo"] = bool(values["demo"])
    return Partner(**values)


def to_run(row: Mapping) -> ImportRun:
    return ImportRun(**{f: row[f] for f in IMPORT_RUN_FIELDS})


def undo_conflict(change: Mapping, current: Mapping | None) -> str | None:
    """Why an import change cannot be undone (Dutch), or None when the partner is untouched."""
    if change["actie"] == "verwijderd":
        return texts.IMPORT_ONGEDAAN_CONFLICT.format(naam=current["naam"]) if current is not None else None
    if current is None or int(current["versie"]) != int(change["na_versie"]):
        name = current["naam"] if current is not None else change["partner_id"]
        return texts.IMPORT_ONGEDAAN_CONFLICT.format(naam=name)
    return None


def bump(cursor) -> None:
    """Count one more write (caches key on the data version)."""
    cursor.execute("UPDATE data_version SET version = version + 1 WHERE id = 1")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def migrations(package: str) -> list[tuple[int, str, str]]:
    """``(version, file name, SQL)`` of the migration scripts in ``package``, in order."""
    found = []
    for item in resources.files(package).iterdir():
        if item.name.endswith(".sql"):
            found.append((int(item.name.split("_", 1)[0]), item.name, item.read_text(encoding="utf-8")))
    return sorted(found)
