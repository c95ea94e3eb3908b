"""The SQLite store: one file, WAL journal, foreign keys, versioned migrations.

Every write runs in one ``BEGIN IMMEDIATE`` transaction, so a crash or a failed
statement leaves the file exactly as it was before.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from geo import texts
from geo.partners import Partner
from geo.store.errors import ConcurrentEditError, NotFoundError, StoreError
from geo.store.records import ImportRun
from geo.store.rows import COLUMNS, NEW_COLUMNS, UPDATABLE, column_values, migrations, new_ids, new_rows, restored_values
from geo.store.rows import undo_conflict, update_values
from geo.store.rows import bump as _bump
from geo.store.rows import now as _now
from geo.store.rows import row_json as _row_json
from geo.store.rows import to_partner as _to_partner
from geo.store.rows import to_run as _to_run
from geo.store.action_tables import ActionTables
from geo.store.candidate_tables import CandidateTables
from geo.store.context_tables import ContextTables
from geo.store.history_tables import HistoryTables
from geo.store.tables import SharedTables, audit_entry, import_entry

MIGRATIONS_PACKAGE = "geo.store.migrations.sqlite"
IMPORT_CACHE_KIB = 16_384  # SQLite page cache while an import is written (see SQLiteStore._import_cache)
_COLUMNS = COLUMNS


class SQLiteStore(HistoryTables, CandidateTables, ActionTables, ContextTables, SharedTables):
    """A :class:`geo.store.PartnerStore` on an SQLite file."""

    def __init__(self, path: str | Path, timeout: float = 10.0):
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
        except OSError as exc:
            raise StoreError(texts.STORE_NIET_OPEN.format(pad=self.path, fout=exc.strerror or exc)) from exc
        except sqlite3.Error as exc:
            if "readonly" in str(exc).lower():
                raise StoreError(texts.STORE_ALLEEN_LEZEN.format(pad=self.path)) from exc
            raise StoreError(texts.STORE_NIET_OPEN.format(pad=self.path, fout=exc)) from exc
        self._lock = threading.RLock()
        self.migrate()

    # -- schema -------------------------------------------------------------------------

    def migrate(self) -> int:
        """Apply every migration not applied yet, each in its own transaction."""
        with self._transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                       "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        applied = {row[0] for row in self._db.execute("SELECT version FROM schema_migrations")}
        for version, name, sql in migrations(MIGRATIONS_PACKAGE):
            if version in applied:
                continue
            with self._transaction() as db:
                for statement in _statements(sql):
                    db.execute(statement)
                self._after_migration(db, version)
                db.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                           (version, name, _now()))
        return self.schema_version()

    def schema_version(self) -> int:
        row = self._db.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
        return int(row[0])

    # -- reads --------------------------------------------------------------------------

    def list_partners(self, gemeente_nis: str | None = None) -> list[Partner]:
        with self._lock:
            if gemeente_nis is None:
                rows = self._db.execute("SELECT * FROM partner ORDER BY naam COLLATE NOCASE, id").fetchall()
            else:
                rows = self._db.execute("SELECT * FROM partner WHERE gemeente_nis = ? ORDER BY naam COLLATE NOCASE, id",
                                        (gemeente_nis,)).fetchall()
        return [_to_partner(row) for row in rows]

    def get_partner(self, partner_id: str) -> Partner | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM partner WHERE id = ?", (partner_id,)).fetchone()
        return _to_partner(row) if row else None

    def count_partners(self, gemeente_nis: str | None = None) -> int:
        with self._lock:
            if gemeente_nis is None:
                return int(self._db.execute("SELECT count(*) FROM partner").fetchone()[0])
            return int(self._db.execute("SELECT count(*) FROM partner WHERE gemeente_nis = ?", (gemeente_nis,)).fetchone()[0])

    def has_demo(self) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM partner WHERE demo = 1 LIMIT 1").fetchone() is not None

    def data_version(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT version FROM data_version WHERE id = 1").fetchone()[0])

    # -- writes -------------------------------------------------------------------------

    def add_partner(self, partner: Partner, door: str = "") -> Partner:
        return self.add_partners([partner], door)[0]

    def add_partners(self, partners: Iterable[Partner], door: str = "") -> list[Partner]:
        """Insert partners in one transaction; each gets a new id, version 1 and timestamps."""
        now = _now()
        stored = [partner.with_changes(id=uuid.uuid4().hex, versie=1, aangemaakt=now, gewijzigd=now) for partner in partners]
        with self._transaction() as db:
            db.executemany(_INSERT, [_to_row(p) for p in stored])
            self._keep_history_of_new(db, [p.id for p in stored], now)
            self._audit(db, [audit_entry("toegevoegd", door, after=p, when=now) for p in stored])
            _bump(db)
        return stored

    def update_partner(self, partner: Partner, door: str = "") -> Partner:
        """Save an edited partner; refused when someone saved it since ``partner.versie``."""
        updated = partner.with_changes(versie=partner.versie + 1, gewijzigd=_now())
        with self._transaction() as db:
            current = db.execute("SELECT * FROM partner WHERE id = ?", (partner.id,)).fetchone()
            if current is None:
                raise NotFoundError(texts.PARTNER_WEG)
            if int(current["versie"]) != partner.versie:
                raise ConcurrentEditError(texts.PARTNER_INTUSSEN_GEWIJZIGD.format(naam=current["naam"], gewijzigd=current["gewijzigd"]),
                                          current=_to_partner(current))
            db.execute(_UPDATE, (*_update_values(updated), partner.id))
            self._keep_history(db, [partner.id], updated.gewijzigd)
            updated = updated.with_changes(aangemaakt=current["aangemaakt"])
            self._audit(db, [audit_entry("gewijzigd", door, before=current, after=updated, when=updated.gewijzigd)])
            _bump(db)
        return updated

    def delete_partner(self, partner_id: str, door: str = "") -> None:
        with self._transaction() as db:
            now = _now()  # inside: a time taken before waiting for another writer would precede its write
            before = db.execute("SELECT * FROM partner WHERE id = ?", (partner_id,)).fetchone()
            if before is None:
                raise NotFoundError(texts.PARTNER_WEG)
            db.execute("DELETE FROM partner WHERE id = ?", (partner_id,))
            self._keep_history(db, [partner_id], now)
            self._audit(db, [audit_entry("verwijderd", door, before=before, when=now)])
            _bump(db)

    # -- imports ------------------------------------------------------------------------

    def apply_import(self, run: ImportRun, added: list[Partner], updated: list[Partner], deleted: list[str],
                     sources: Sequence[tuple[str, str]] | None = None) -> ImportRun:
        """Write one import in a single transaction and record it for undo.

        ``updated`` partners carry the version they were read at; when any of them was
        changed since, or a partner to delete is gone, nothing is written
        (:class:`ConcurrentEditError`). Before-images of every touched partner are kept.
        ``sources`` (parallel to ``added``) records the candidate each new partner came from.
        """
        now = _now()
        ids = new_ids(len(added))
        rows = new_rows(added, ids, now, int)
        with self._lock, self._import_cache(), self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO import_run (gebruiker, tijdstip, bestand, gemeente_nis, modus, toegevoegd, bijgewerkt, "
                "verwijderd, geweigerd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run.gebruiker, now, run.bestand, run.gemeente_nis, run.modus, len(rows), len(updated),
                 len(deleted), run.geweigerd))
            import_id = int(cursor.lastrowid)
            changes = []
            for partner in updated:
                before = db.execute("SELECT * FROM partner WHERE id = ?", (partner.id,)).fetchone()
                if before is None or int(before["versie"]) != partner.versie:
                    raise ConcurrentEditError(texts.IMPORT_INTUSSEN_GEWIJZIGD.format(naam=partner.naam))
                after = partner.with_changes(versie=partner.versie + 1, gewijzigd=now, aangemaakt=before["aangemaakt"])
                db.execute(_UPDATE, (*_update_values(after), partner.id))
                changes.append((import_id, partner.id, "bijgewerkt", _row_json(before), after.versie))
            for partner_id in deleted:
                before = db.execute("SELECT * FROM partner WHERE id = ?", (partner_id,)).fetchone()
                if before is None:
                    raise ConcurrentEditError(texts.PARTNER_WEG)
                db.execute("DELETE FROM partner WHERE id = ?", (partner_id,))
                changes.append((import_id, partner_id, "verwijderd", _row_json(before), None))
            db.executemany(_INSERT_NEW, rows)
            db.executemany("INSERT INTO import_change (import_id, partner_id, actie, voor, na_versie) VALUES (?, ?, ?, ?, ?)",
                           changes)
            # The added partners in one statement (a JSON array read by SQLite itself), in key order: the
            # (import_id, partner_id) index then grows at one end. A third of the time of a row per partner.
            db.execute("INSERT INTO import_change (import_id, partner_id, actie, voor, na_versie) "
                       "SELECT ?, value, 'toegevoegd', NULL, 1 FROM json_each(?)", (import_id, json.dumps(sorted(ids))))
            self._link_sources(db, ids, sources)
            self._keep_history_of_new(db, sorted(ids), now)
            self._keep_history(db, [c[1] for c in changes], now)
            self._audit(db, [import_entry(run, import_id, len(rows), len(updated), len(deleted), now)])
            _bump(db)
        return replace(run, id=import_id, tijdstip=now, toegevoegd=len(rows), bijgewerkt=len(updated),
                       verwijderd=len(deleted))

    def undo_import(self, import_id: int, door: str = "") -> ImportRun:
        """Restore exactly the state before import ``import_id``, in one transaction.

        Refused (nothing changes) when a partner the import wrote was edited or deleted
        afterwards, or when the import was already undone.
        """
        with self._transaction() as db:
            run = db.execute("SELECT * FROM import_run WHERE id = ?", (import_id,)).fetchone()
            if run is None:
                raise NotFoundError(texts.IMPORT_ONBEKEND.format(id=import_id))
            if run["ongedaan"]:
                raise StoreError(texts.IMPORT_AL_ONGEDAAN.format(id=import_id, tijdstip=run["ongedaan"]))
            changes = db.execute("SELECT * FROM import_change WHERE import_id = ?", (import_id,)).fetchall()
            for change in changes:
                current = db.execute("SELECT versie, naam FROM partner WHERE id = ?", (change["partner_id"],)).fetchone()
                conflict = undo_conflict(change, current)
                if conflict:
                    raise ConcurrentEditError(conflict)
            for change in changes:
                db.execute("DELETE FROM partner WHERE id = ?", (change["partner_id"],))
                if change["actie"] != "toegevoegd":
                    db.execute(_INSERT, restored_values(change["voor"], int))
            now = _now()
            self._keep_history(db, [c["partner_id"] for c in changes], now)
            db.execute("UPDATE import_run SET ongedaan = ? WHERE id = ?", (now, import_id))
            self._audit(db, [audit_entry("import ongedaan", door, gemeente_nis=run["gemeente_nis"], import_id=import_id,
                                         extra={"bestand": run["bestand"], "partners": len(changes)})])
            _bump(db)
            run = db.execute("SELECT * FROM import_run WHERE id = ?", (import_id,)).fetchone()
        return _to_run(run)

    def list_imports(self, gemeente_nis: str | None = None) -> list[ImportRun]:
        """The import history, newest first."""
        with self._lock:
            if gemeente_nis is None:
                rows = self._db.execute("SELECT * FROM import_run ORDER BY id DESC").fetchall()
            else:
                rows = self._db.execute("SELECT * FROM import_run WHERE gemeente_nis = ? ORDER BY id DESC",
                                        (gemeente_nis,)).fetchall()
        return [_to_run(row) for row in rows]

    def close(self) -> None:
        self._db.close()

    # -- helpers ------------------------------------------------------------------------

    def _select(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(_explain(exc, self.path)) from exc

    def _tuples(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            cursor = self._db.cursor()
            cursor.row_factory = None
            try:
                return cursor.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(_explain(exc, self.path)) from exc

    def _small_transaction(self):
        return self._transaction()

    def _demo_value(self, value: bool) -> int:
        return int(value)

    @contextmanager
    def _import_cache(self) -> Iterator[None]:
        """A larger page cache for one import, the previous size restored after (memory only).

        The random ids of 100,000 new partners land all over the primary key indexes; with
        the default 2 MB cache SQLite keeps writing half-finished pages to the WAL and reading
        them back before the commit. Durability is unchanged: journal and sync stay as set.
        """
        previous = int(self._db.execute("PRAGMA cache_size").fetchone()[0])
        self._db.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
        try:
            yield
        finally:
            self._db.execute(f"PRAGMA cache_size = {previous}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(_explain(exc, self.path)) from exc
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:  # SQLite rolls back by itself after e.g. SQLITE_FULL
                    self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(_explain(exc, self.path)) from exc
                raise


_UPDATE = f"UPDATE partner SET {', '.join(f'{c} = ?' for c in UPDATABLE)} WHERE id = ?"
_INSERT = f"INSERT INTO partner ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})"
_INSERT_NEW = f"INSERT INTO partner ({', '.join(NEW_COLUMNS)}) VALUES ({', '.join('?' for _ in NEW_COLUMNS)})"


def _to_row(partner: Partner, **overrides) -> tuple:
    """The partner's column values in table order (``demo`` as 0/1; ``overrides`` replace columns)."""
    return column_values(partner, int, **overrides)


def _update_values(partner: Partner) -> tuple:
    return update_values(partner, int)


def _statements(sql: str) -> list[str]:
    """Split a migration script on ``;`` at line ends (no semicolons inside literals)."""
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _explain(exc: sqlite3.Error, path: str) -> str:
    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        return texts.STORE_BEZET
    if "readonly" in message or "read-only" in message:
        return texts.STORE_ALLEEN_LEZEN.format(pad=path)
    if "full" in message:
        return texts.STORE_VOL
    if "constraint" in message:
        return texts.STORE_ONGELDIG.format(fout=exc)
    return texts.STORE_FOUT.format(fout=exc)
