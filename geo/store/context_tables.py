"""SQL both stores share for context layers: shared cars, stations, mobipunten … beside the partners.

A layer (:class:`geo.context.records.ContextLayer`) is one row of ``context_laag``; its
objects (:class:`geo.context.records.ContextObject`) are rows of ``context_object`` that go
when the layer goes. How many objects a layer has (``objecten``) is counted when it is read.
Every write is one transaction, changes the data version (the pages cache on it) and, except
a note on a failed refresh, leaves an audit line without partner id ("laag toegevoegd" …).

Layers come from files and feeds outside the app, so their values are checked here, at the
store boundary, before anything is written: a kind from :data:`KINDS`, a source from
:data:`SOURCES`, finite coordinates in range, texts no longer than :data:`LAYER_LIMITS` and
:data:`OBJECT_LIMITS`; anything else is a :class:`StoreError` with a Dutch message.

Besides the hooks of :class:`geo.store.tables.SharedTables` each backend supplies two:
``_tuples`` (a read as plain tuples, cheap for 50,000 objects) and ``_insert_rows`` (a bulk
insert; PostgreSQL uses COPY).

>>> from geo.store import open_store
>>> store = open_store(":memory:")
>>> layer = store.layer_add(ContextLayer("Cambio Mechelen", "deelauto", bron="gbfs"),
...                         [ContextObject(0, "Station Mechelen", 4.4832, 51.0178)], door="an")
>>> (layer.id, layer.objecten, layer.versie)
(1, 1, 1)
>>> store.layer_objects([layer.id])[0].naam
'Station Mechelen'
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from geo import texts
from geo.context.records import KINDS, LAYER_FIELDS, OBJECT_FIELDS, SOURCES, ContextLayer, ContextObject
from geo.store.errors import ConcurrentEditError, NotFoundError, StoreError
from geo.store.records import AuditEntry
from geo.store.rows import bump
from geo.store.rows import now as _now

if TYPE_CHECKING:
    import pandas as pd

# The columns of both tables, as a backup holds them (``objecten`` is counted, not stored).
LAYER_COLUMNS = tuple(f for f in LAYER_FIELDS if f != "objecten")
OBJECT_COLUMNS = ("id", *OBJECT_FIELDS)
CONTEXT_COLUMNS = {"context_laag": LAYER_COLUMNS, "context_object": OBJECT_COLUMNS}
# What a beheerder may change on a layer (layer_update); the rest is the store's or the fetch's.
UPDATABLE = ("naam", "soort", "kleur", "symbool", "publiek", "ververs_minuten", "url", "bronvermelding", "melding")
# The longest text each field may hold (characters). ``melding`` is written by the app itself
# and is shortened instead of refused.
LAYER_LIMITS = {"naam": 200, "kleur": 7, "symbool": 50, "url": 2000, "bestand": 255, "bronvermelding": 500,
                "melding": 2000}
OBJECT_LIMITS = {"naam": 500, "detail": 200, "geometrie": 1_000_000, "eigenschappen": 20_000}
MAX_VERVERS_MINUTEN = 7 * 24 * 60
# The audit log's action of each layer write (the Logboek filters on these).
LAAG_TOEGEVOEGD, LAAG_GEWIJZIGD, LAAG_VERNIEUWD, LAAG_VERWIJDERD = (
    "laag toegevoegd", "laag gewijzigd", "laag vernieuwd", "laag verwijderd")
FRAME_COLUMNS = (*OBJECT_FIELDS, "soort")

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_COUNT = "(SELECT count(*) FROM context_object o WHERE o.laag_id = l.id) AS objecten"
_SELECT_LAYERS = f"SELECT {', '.join(f'l.{c}' for c in LAYER_COLUMNS)}, {_COUNT} FROM context_laag l"
_INSERT_LAYER = (f"INSERT INTO context_laag ({', '.join(c for c in LAYER_COLUMNS if c != 'id')}) "
                 f"VALUES ({', '.join('?' for c in LAYER_COLUMNS if c != 'id')}) RETURNING id")
_UPDATE_LAYER = (f"UPDATE context_laag SET {', '.join(f'{c} = ?' for c in UPDATABLE)}, versie = ?, gewijzigd = ? "
                 "WHERE id = ?")
_SELECT_OBJECTS = f"SELECT {', '.join(OBJECT_FIELDS)} FROM context_object"


class ContextTables:
    """Mixin for :class:`geo.store.sqlite.SQLiteStore` and :class:`geo.store.postgis.PostgisStore`.

    Placed before :class:`geo.store.tables.SharedTables`: it adds its ``publiek`` column to
    the backup's value handling (a boolean in every backup, whatever the backend stores).
    """

    # -- backend hooks (each store supplies its own) --------------------------------------

    def _tuples(self, sql: str, params: tuple = ()) -> list[tuple]:
        """A read whose rows are plain tuples (no mapping per row)."""
        raise NotImplementedError

    def _insert_rows(self, cur, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        """Insert many rows inside the caller's transaction."""
        cur.executemany(self._sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                                  f"({', '.join('?' for _ in columns)})"), rows)

    # -- reads --------------------------------------------------------------------------

    def layer_list(self) -> list[ContextLayer]:
        """Every context layer with its number of objects, by name (case-insensitive), then id."""
        layers = [_to_layer(row) for row in self._select(_SELECT_LAYERS)]
        return sorted(layers, key=lambda layer: (layer.naam.casefold(), layer.id))

    def layer_get(self, layer_id: int) -> ContextLayer | None:
        rows = self._select(f"{_SELECT_LAYERS} WHERE l.id = ?", (int(layer_id),))
        return _to_layer(rows[0]) if rows else None

    def layer_objects(self, layer_ids: Sequence[int] | None = None) -> list[ContextObject]:
        """The objects of the layers ``layer_ids`` (all layers when None), by layer, in stored order.

        One query; 50,000 objects take about 0.15 s (see :meth:`layer_objects_frame` for a
        table to compute with).
        """
        sql, params = _objects_query(_SELECT_OBJECTS, layer_ids, "")
        if sql is None:
            return []
        return [ContextObject(*row) for row in self._tuples(sql, params)]

    def layer_objects_frame(self, layer_ids: Sequence[int] | None = None) -> pd.DataFrame:
        """The objects as a table: :data:`FRAME_COLUMNS` (the layer's ``soort`` joined), for analysis.

        Same rows and order as :meth:`layer_objects`, with ``lon``/``lat`` as float64 and
        ``laag_id`` as int64 columns ready for numpy; a little faster to read than the objects
        (50,000: about 0.1 s against 0.15 s) and far faster than building a table from them.

        >>> from geo.store import open_store
        >>> open_store(":memory:").layer_objects_frame().columns.tolist()
        ['laag_id', 'naam', 'lon', 'lat', 'detail', 'geometrie', 'eigenschappen', 'soort']
        """
        import numpy as np
        import pandas as pd

        select = (f"SELECT {', '.join(f'o.{c}' for c in OBJECT_FIELDS)}, l.soort FROM context_object o "
                  "JOIN context_laag l ON l.id = o.laag_id")
        sql, params = _objects_query(select, layer_ids, "o.")
        rows = self._tuples(sql, params) if sql is not None else []
        frame = pd.DataFrame.from_records(rows, columns=list(FRAME_COLUMNS), nrows=len(rows))
        return frame.astype({"laag_id": np.int64, "lon": np.float64, "lat": np.float64})

    # -- writes -------------------------------------------------------------------------

    def layer_add(self, layer: ContextLayer, objects: Sequence[ContextObject], door: str = "") -> ContextLayer:
        """Store a new layer and its objects in one transaction.

        Returned with its new id, created and changed time, version 1 and number of objects;
        ``opgehaald`` is now unless given. The objects' ``laag_id`` is ignored (the new id is used).
        """
        layer = _checked_layer(layer)
        now = _now()
        layer = replace(layer, aangemaakt=now, gewijzigd=now, versie=1, opgehaald=layer.opgehaald or now)
        rows = _object_rows(objects)
        with self._transaction() as cur:
            values = tuple(self._layer_value(c, getattr(layer, c)) for c in LAYER_COLUMNS if c != "id")
            layer_id = int(cur.execute(self._sql(_INSERT_LAYER), values).fetchone()["id"])
            self._insert_objects(cur, layer_id, rows)
            stored = replace(layer, id=layer_id, objecten=len(rows))
            self._audit(cur, [_entry(LAAG_TOEGEVOEGD, door, stored, na={
                "soort": stored.soort, "bron": stored.bron, "objecten": stored.objecten})])
            bump(cur)
        return stored

    def layer_update(self, layer: ContextLayer, door: str = "") -> ContextLayer:
        """Save what a beheerder changed (the :data:`UPDATABLE` fields) of a layer.

        Refused (:class:`ConcurrentEditError`, with the stored layer as ``current``) when
        someone saved the layer since ``layer.versie``; :class:`NotFoundError` when it is gone.
        """
        layer = _checked_layer(layer)
        now = _now()
        with self._transaction() as cur:
            before = self._locked_layer(cur, layer.id)
            if before.versie != layer.versie:
                raise ConcurrentEditError(
                    texts.LAAG_INTUSSEN_GEWIJZIGD.format(naam=before.naam, gewijzigd=before.gewijzigd), current=before)
            after = replace(before, **{c: getattr(layer, c) for c in UPDATABLE}, versie=before.versie + 1,
                            gewijzigd=now)
            cur.execute(self._sql(_UPDATE_LAYER), (*(self._layer_value(c, getattr(after, c)) for c in UPDATABLE),
                                                   after.versie, now, after.id))
            changed = [c for c in UPDATABLE if getattr(before, c) != getattr(after, c)]
            self._audit(cur, [_entry(LAAG_GEWIJZIGD, door, after, voor={c: getattr(before, c) for c in changed},
                                     na={c: getattr(after, c) for c in changed})])
            bump(cur)
        return after

    def layer_replace_objects(self, layer_id: int, objects: Sequence[ContextObject], opgehaald: str,
                              melding: str = "", door: str = "") -> ContextLayer:
        """Replace every object of a layer by ``objects`` (a refresh), all or nothing.

        ``opgehaald`` is the time of this copy, ``melding`` a note on it ("" when all went
        well). When anything is wrong (a bad object, a database error) the old objects stay.
        The layer's ``versie`` does not change: a refresh does not conflict with an edit.
        An automatic refresh (``door`` empty) leaves no audit line: a feed refreshed every
        few minutes would otherwise fill the log.
        """
        rows = _object_rows(objects)
        melding = _note(melding)
        with self._transaction() as cur:
            before = self._locked_layer(cur, layer_id)
            cur.execute(self._sql("DELETE FROM context_object WHERE laag_id = ?"), (before.id,))
            self._insert_objects(cur, before.id, rows)
            cur.execute(self._sql("UPDATE context_laag SET opgehaald = ?, melding = ? WHERE id = ?"),
                        (opgehaald, melding, before.id))
            after = replace(before, opgehaald=opgehaald, melding=melding, objecten=len(rows))
            if door:
                self._audit(cur, [_entry(LAAG_VERNIEUWD, door, after, voor={"objecten": before.objecten},
                                         na={"objecten": after.objecten, "opgehaald": opgehaald})])
            bump(cur)
        return after

    def layer_note(self, layer_id: int, melding: str) -> None:
        """Keep a Dutch note on a failed refresh; the objects (the last good copy) stay.

        No audit line: a feed that is down for a day would otherwise fill the log.
        """
        with self._transaction() as cur:
            self._locked_layer(cur, layer_id)
            cur.execute(self._sql("UPDATE context_laag SET melding = ? WHERE id = ?"), (_note(melding), int(layer_id)))
            bump(cur)

    def layer_delete(self, layer_id: int, door: str = "") -> None:
        """Delete a layer with its objects; :class:`NotFoundError` when it does not exist."""
        with self._transaction() as cur:
            before = self._locked_layer(cur, layer_id)
            cur.execute(self._sql("DELETE FROM context_laag WHERE id = ?"), (before.id,))
            self._audit(cur, [_entry(LAAG_VERWIJDERD, door, before, voor=_layer_image(before),
                                     na={"objecten": before.objecten})])
            bump(cur)

    # -- backup -------------------------------------------------------------------------

    def dump_tables(self) -> dict[str, list[dict]]:
        dumped = super().dump_tables()  # type: ignore[misc]
        for row in dumped.get("context_laag", ()):
            row["publiek"] = bool(row["publiek"])
        return dumped

    def _backup_value(self, table: str, column: str, value: Any) -> Any:
        if table == "context_laag":
            return self._layer_value(column, value)
        return super()._backup_value(table, column, value)  # type: ignore[misc]

    # -- helpers ------------------------------------------------------------------------

    def _layer_value(self, column: str, value: Any) -> Any:
        return self._demo_value(bool(value)) if column == "publiek" else value

    def _locked_layer(self, cur, layer_id: int) -> ContextLayer:
        """The stored layer inside a write (writers take turns), or :class:`NotFoundError`."""
        row = cur.execute(self._sql(f"{_SELECT_LAYERS} WHERE l.id = ?"), (int(layer_id),)).fetchone()
        if row is None:
            raise NotFoundError(texts.LAAG_WEG)
        return _to_layer(row)

    def _insert_objects(self, cur, layer_id: int, rows: list[tuple]) -> None:
        if rows:
            self._insert_rows(cur, "context_object", OBJECT_FIELDS, [(layer_id, *row) for row in rows])


def _objects_query(select: str, layer_ids: Sequence[int] | None, prefix: str) -> tuple[str | None, tuple]:
    """The query for the objects of ``layer_ids`` (None: all), in layer order; None for no layers."""
    order = f" ORDER BY {prefix}laag_id, {prefix}id"
    if layer_ids is None:
        return select + order, ()
    ids = tuple(int(i) for i in layer_ids)
    if not ids:
        return None, ()
    return f"{select} WHERE {prefix}laag_id IN ({', '.join('?' for _ in ids)}){order}", ids


def _to_layer(row: Mapping) -> ContextLayer:
    values = {c: row[c] for c in LAYER_FIELDS}
    values.update(publiek=bool(values["publiek"]), id=int(values["id"]), objecten=int(values["objecten"]))
    return ContextLayer(**values)


def _checked_layer(layer: ContextLayer) -> ContextLayer:
    """The layer with its texts stripped and its note shortened, or a Dutch :class:`StoreError`."""
    for name in LAYER_LIMITS:
        if not isinstance(getattr(layer, name), str):
            raise StoreError(texts.LAAG_GEEN_TEKST.format(veld=name))
    layer = replace(layer, naam=layer.naam.strip(), url=layer.url.strip(), melding=_note(layer.melding))
    if not layer.naam:
        raise StoreError(texts.LAAG_NAAM_LEEG)
    if layer.soort not in KINDS:
        raise StoreError(texts.LAAG_SOORT_ONGELDIG.format(soort=layer.soort, soorten=", ".join(KINDS)))
    if layer.bron not in SOURCES:
        raise StoreError(texts.LAAG_BRON_ONGELDIG.format(bron=layer.bron, bronnen=", ".join(SOURCES)))
    if not _COLOUR.fullmatch(layer.kleur):
        raise StoreError(texts.LAAG_KLEUR_ONGELDIG.format(kleur=_short(layer.kleur)))
    for name, limit in LAYER_LIMITS.items():
        if len(getattr(layer, name)) > limit:
            raise StoreError(texts.LAAG_TEKST_TE_LANG.format(veld=name, lengte=len(getattr(layer, name)), max=limit))
    if layer.url and not layer.url.lower().startswith(("http://", "https://")):
        raise StoreError(texts.LAAG_URL_ONGELDIG)
    minutes = layer.ververs_minuten
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= MAX_VERVERS_MINUTEN:
        raise StoreError(texts.LAAG_VERVERS_ONGELDIG.format(max=MAX_VERVERS_MINUTEN))
    return replace(layer, publiek=bool(layer.publiek))


def _object_rows(objects: Sequence[ContextObject]) -> list[tuple]:
    """``(naam, lon, lat, detail, geometrie, eigenschappen)`` per object, checked; a Dutch
    :class:`StoreError` for the first bad one (then nothing is written)."""
    rows = []
    append = rows.append
    limits = tuple(OBJECT_LIMITS.items())
    for number, obj in enumerate(objects, 1):
        try:
            lon, lat = float(obj.lon), float(obj.lat)
        except (TypeError, ValueError):
            lon = lat = math.nan
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):  # NaN fails every comparison
            raise StoreError(texts.LAAG_OBJECT_LIGGING.format(nummer=number, naam=_short(obj.naam),
                                                              lon=_coordinate(obj.lon), lat=_coordinate(obj.lat)))
        for name, limit in limits:
            value = getattr(obj, name)
            if type(value) is not str:
                raise StoreError(texts.LAAG_OBJECT_GEEN_TEKST.format(veld=name, nummer=number))
            if len(value) > limit:
                raise StoreError(texts.LAAG_OBJECT_TE_LANG.format(veld=name, nummer=number, lengte=len(value),
                                                                  max=limit))
        append((obj.naam, lon, lat, obj.detail, obj.geometrie, obj.eigenschappen))
    return rows


def _note(melding: str) -> str:
    limit = LAYER_LIMITS["melding"]
    melding = str(melding or "")
    return melding if len(melding) <= limit else melding[:limit - 1] + "…"


def _coordinate(value: Any) -> str:
    """A coordinate as a message shows it: ``leeg`` for none, ``geen getal`` for NaN."""
    if value is None or value == "":
        return texts.LAAG_WAARDE_LEEG
    if isinstance(value, float) and math.isnan(value):
        return texts.LAAG_WAARDE_GEEN_GETAL
    return _short(value, 30)


def _short(text: Any, limit: int = 60) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _layer_image(layer: ContextLayer) -> dict:
    return {c: getattr(layer, c) for c in LAYER_COLUMNS}


def _entry(actie: str, door: str, layer: ContextLayer, voor: Mapping | None = None,
           na: Mapping | None = None) -> AuditEntry:
    """An audit line about a layer: its name, no partner and no municipality."""
    return AuditEntry(tijdstip=_now(), gebruiker=door or "", actie=actie, naam=layer.naam,
                      voor=json.dumps(voor, ensure_ascii=False) if voor is not None else None,
                      na=json.dumps(na, ensure_ascii=False) if na is not None else None)
