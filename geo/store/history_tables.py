"""The partner history in both stores: kept at every partner write, rebuilt once, read per municipality.

Every method that writes partners calls :meth:`HistoryTables._keep_history` with the ids it
touched, inside its own transaction, so the history stands or falls with the write. The
rows themselves are decided in :mod:`geo.store.history`.
"""

from __future__ import annotations

import json
from typing import Iterable, Sequence

import pandas as pd

from geo.store.history import HISTORY_COLUMNS, TRACKED, changed_rows, reconstruct

HISTORY_SCHEMA = 10  # the migration that adds partner_historiek (and rebuilds it from the records)
_CHUNK = 500  # ids per IN (...) list


class HistoryTables:
    """Mixin for the SQLite and PostGIS stores (needs ``_sql``, ``_tuples``, ``_insert_rows``)."""

    def history_frame(self, gemeente_nis: str | None = None, bbox: tuple[float, float, float, float] | None = None,
                      reach_over: float | None = None) -> pd.DataFrame:
        """History rows, oldest first, as a DataFrame with ``id`` and :data:`HISTORY_COLUMNS`.

        With ``gemeente_nis``: every row of the partners that were ever in that municipality or,
        with ``bbox`` (min lon, min lat, max lon, max lat), ever located inside that box or, with
        ``reach_over`` (metres), ever given an own reach larger than that.
        """
        columns = ("id", *HISTORY_COLUMNS)
        sql = f"SELECT {', '.join(columns)} FROM partner_historiek"
        params: tuple = ()
        if gemeente_nis is not None:
            near = ""
            if bbox is not None:
                near = " OR (lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?)"
                params = (bbox[0], bbox[2], bbox[1], bbox[3])
            if reach_over is not None:
                near += " OR bereik_m > ?"
                params = (*params, float(reach_over))
            sql += (" WHERE partner_id IN (SELECT partner_id FROM partner_historiek WHERE gemeente_nis = ?"
                    f"{near})")
            params = (gemeente_nis, *params)
        rows = self._tuples(sql + " ORDER BY tijdstip, id", params)
        frame = pd.DataFrame(rows, columns=list(columns))
        frame["status"] = frame["status"].astype(object).where(frame["status"].notna(), None)  # a removal: None
        return frame

    def _keep_history(self, cur, partner_ids: Iterable[str], when: str) -> None:
        """Add a history row for each of these partners whose state changed (or that is gone)."""
        ids = sorted(set(partner_ids))
        fields = ", ".join(f for f in TRACKED)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            current = {row["id"]: row for row in cur.execute(
                self._sql(f"SELECT id, {fields} FROM partner WHERE id IN ({marks})"), chunk).fetchall()}
            latest = {row["partner_id"]: row for row in cur.execute(self._sql(
                f"SELECT partner_id, {fields} FROM partner_historiek WHERE id IN (SELECT max(id) FROM "
                f"partner_historiek WHERE partner_id IN ({marks}) GROUP BY partner_id)"), chunk).fetchall()}
            rows = changed_rows(chunk, current, latest, when)
            if rows:
                self._insert_rows(cur, "partner_historiek", HISTORY_COLUMNS, rows)

    def _keep_history_of_new(self, cur, partner_ids: Sequence[str], when: str) -> None:
        """History rows for partners this transaction added (no earlier rows to compare with),
        copied by the database in one statement (100,000 rows of an import in half a second)."""
        if not partner_ids:
            return
        fields = ", ".join(f for f in TRACKED)
        cur.execute(self._sql(f"INSERT INTO partner_historiek ({', '.join(HISTORY_COLUMNS)}) SELECT id, ?, {fields}, 0 "
                              f"FROM partner WHERE id {self._ID_SET}"), (when, self._id_set(partner_ids)))

    # One parameter holding many ids: SQLite reads a JSON array; PostgreSQL overrides both with = ANY(array).
    _ID_SET = "IN (SELECT value FROM json_each(?))"

    def _id_set(self, ids: Sequence[str]):
        return json.dumps(list(ids))

    def _after_migration(self, cur, version: int) -> None:
        """Work a migration needs beyond its SQL, in its transaction."""
        if version == HISTORY_SCHEMA:
            self._rebuild_history(cur)

    def _rebuild_history(self, cur) -> int:
        """Fill an empty history from the audit log, the import records and the partners."""
        audit = cur.execute("SELECT id, tijdstip, actie, partner_id, voor, na FROM audit "
                            "WHERE partner_id <> '' OR actie = 'demo verwijderd'").fetchall()
        runs = {int(r["id"]): r for r in cur.execute("SELECT id, tijdstip, ongedaan FROM import_run").fetchall()}
        changes = cur.execute("SELECT import_id, partner_id, actie, voor, na_versie FROM import_change").fetchall()
        partners = cur.execute(f"SELECT id, versie, aangemaakt, {', '.join(TRACKED)} FROM partner").fetchall()
        rows = reconstruct(audit, changes, runs, [_plain(r) for r in partners])
        rows.sort(key=lambda r: (r[1], r[0]))
        if rows:
            self._insert_rows(cur, "partner_historiek", HISTORY_COLUMNS, rows)
        return len(rows)


def _plain(row) -> dict:
    return {k: row[k] for k in row.keys()}
