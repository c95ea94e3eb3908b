"""The PostgreSQL + PostGIS store: one database for several app replicas.

The same repository as :mod:`geo.store.sqlite`, with the same semantics and Dutch errors:
every write is one transaction (all or nothing), a partner carries a version number for
optimistic concurrency, and an import keeps the before-image of every partner it touched
so it can be undone exactly. Where SQLite lets one writer in at a time (``BEGIN
IMMEDIATE``), a writer here first locks the single row of ``data_version`` (``SELECT …
FOR UPDATE``) and then the partner rows it checks, so a version check and the write that
follows it can never interleave with another replica's write. Each partner also has a
PostGIS point ``geom`` (SRID 4326) that the database derives from lat/lon.

One connection per store object, guarded by a lock (a Streamlit server shares one store
between its sessions). A dropped connection is replaced on the next call; a read that
finds its connection dead is tried once more on a new one.

>>> store = PostgisStore("postgresql://partnerkaart:geheim@db.example:5432/partnerkaart")  # doctest: +SKIP
>>> store.server  # doctest: +SKIP
'db.example:5432/partnerkaart'
"""

from __future__ import annotations

import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Iterable, Iterator, Sequence

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

try:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict
    from psycopg.rows import dict_row, tuple_row
except ImportError as exc:  # a deployment without the runtime requirements
    raise StoreError(texts.POSTGIS_PSYCOPG_ONTBREEKT) from exc

MIGRATIONS_PACKAGE = "geo.store.migrations.postgis"
MIGRATION_LOCK = 0x5041_5254  # pg_advisory_xact_lock key: replicas starting together migrate one at a time
IDLE_CHECK_S = 10.0  # a connection idle this long is checked before a write starts on it
_COLUMNS = COLUMNS


class PostgisStore(HistoryTables, CandidateTables, ActionTables, ContextTables, SharedTables):
    """A :class:`geo.store.PartnerStore` on PostgreSQL with PostGIS (``postgresql://…``)."""

    def __init__(self, url: str, timeout: float = 10.0):
        self.url = url
        self.timeout = timeout
        try:
            params = conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise StoreError(texts.POSTGIS_NIET_OPEN.format(server=_redacted(url), fout=_message(exc))) from exc
        self.server = _describe(params)
        params.setdefault("connect_timeout", max(2, round(timeout)))
        params.setdefault("application_name", "partnerkaart")
        params.setdefault("client_encoding", "UTF8")
        self._params = params
        self._lock = threading.RLock()
        self._conn: psycopg.Connection | None = None
        self._used = 0.0
        try:
            self.migrate()
        except BaseException:
            self.close()
            raise

    # -- schema -------------------------------------------------------------------------

    def migrate(self) -> int:
        """Apply every migration not applied yet, each in its own transaction.

        An advisory lock makes replicas that start at the same time take turns; an
        up-to-date database is recognised without taking it.
        """
        if {version for version, _, _ in migrations(MIGRATIONS_PACKAGE)} <= self._applied():
            return self.schema_version()
        while True:
            with self._transaction(exclusive=False) as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                            "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
                applied = {row["version"] for row in cur.execute("SELECT version FROM schema_migrations")}
                pending = [m for m in migrations(MIGRATIONS_PACKAGE) if m[0] not in applied]
                if not pending:
                    break
                version, name, sql = pending[0]
                try:
                    cur.execute(sql)
                except psycopg.Error as exc:
                    if "extension" in _message(exc):
                        raise StoreError(texts.POSTGIS_ONTBREEKT.format(server=self.server, fout=_message(exc))) from exc
                    raise
                self._after_migration(cur, version)
                cur.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, %s)",
                            (version, name, _now()))
        return self.schema_version()

    def schema_version(self) -> int:
        return int(self._read("SELECT coalesce(max(version), 0) AS v FROM schema_migrations", one=True)["v"])

    # -- reads --------------------------------------------------------------------------

    def list_partners(self, gemeente_nis: str | None = None) -> list[Partner]:
        if gemeente_nis is None:
            rows = self._read(f"{_SELECT} ORDER BY {_BY_NAME}")
        else:
            rows = self._read(f"{_SELECT} WHERE gemeente_nis = %s ORDER BY {_BY_NAME}", (gemeente_nis,))
        return [_to_partner(row) for row in rows]

    def get_partner(self, partner_id: str) -> Partner | None:
        row = self._read(f"{_SELECT} WHERE id = %s", (partner_id,), one=True)
        return _to_partner(row) if row else None

    def count_partners(self, gemeente_nis: str | None = None) -> int:
        if gemeente_nis is None:
            return int(self._read("SELECT count(*) AS n FROM partner", one=True)["n"])
        return int(self._read("SELECT count(*) AS n FROM partner WHERE gemeente_nis = %s", (gemeente_nis,), one=True)["n"])

    def has_demo(self) -> bool:
        return self._read("SELECT 1 AS ja FROM partner WHERE demo LIMIT 1", one=True) is not None

    def data_version(self) -> int:
        return int(self._read("SELECT version FROM data_version WHERE id = 1", one=True)["version"])

    # -- writes -------------------------------------------------------------------------

    def add_partner(self, partner: Partner, door: str = "") -> Partner:
        return self.add_partners([partner], door)[0]

    def add_partners(self, partners: Iterable[Partner], door: str = "") -> list[Partner]:
        """Insert partners in one transaction; each gets a new id, version 1 and timestamps."""
        now = _now()
        stored = [partner.with_changes(id=uuid.uuid4().hex, versie=1, aangemaakt=now, gewijzigd=now) for partner in partners]
        with self._transaction() as cur:
            _insert(cur, stored)
            self._keep_history_of_new(cur, [p.id for p in stored], now)
            self._audit(cur, [audit_entry("toegevoegd", door, after=p, when=now) for p in stored])
            _bump(cur)
        return stored

    def update_partner(self, partner: Partner, door: str = "") -> Partner:
        """Save an edited partner; refused when someone saved it since ``partner.versie``."""
        updated = partner.with_changes(versie=partner.versie + 1, gewijzigd=_now())
        with self._transaction() as cur:
            current = cur.execute(f"{_SELECT} WHERE id = %s FOR UPDATE", (partner.id,)).fetchone()
            if current is None:
                raise NotFoundError(texts.PARTNER_WEG)
            if int(current["versie"]) != partner.versie:
                raise ConcurrentEditError(texts.PARTNER_INTUSSEN_GEWIJZIGD.format(naam=current["naam"], gewijzigd=current["gewijzigd"]),
                                          current=_to_partner(current))
            cur.execute(_UPDATE, (*update_values(updated), partner.id))
            self._keep_history(cur, [partner.id], updated.gewijzigd)
            updated = updated.with_changes(aangemaakt=current["aangemaakt"])
            self._audit(cur, [audit_entry("gewijzigd", door, before=current, after=updated, when=updated.gewijzigd)])
            _bump(cur)
        return updated

    def delete_partner(self, partner_id: str, door: str = "") -> None:
        with self._transaction() as cur:
            now = _now()  # inside: a time taken before waiting for another writer would precede its write
            before = cur.execute(f"{_SELECT} WHERE id = %s FOR UPDATE", (partner_id,)).fetchone()
            if before is None:
                raise NotFoundError(texts.PARTNER_WEG)
            cur.execute("DELETE FROM partner WHERE id = %s", (partner_id,))
            self._keep_history(cur, [partner_id], now)
            self._audit(cur, [audit_entry("verwijderd", door, before=before, when=now)])
            _bump(cur)

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
        rows = new_rows(added, ids, now)
        with self._transaction() as cur:
            import_id = int(cur.execute(
                "INSERT INTO import_run (gebruiker, tijdstip, bestand, gemeente_nis, modus, toegevoegd, bijgewerkt, "
                "verwijderd, geweigerd) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (run.gebruiker, now, run.bestand, run.gemeente_nis, run.modus, len(rows), len(updated),
                 len(deleted), run.geweigerd)).fetchone()["id"])
            changes = []
            for partner in updated:
                before = cur.execute(f"{_SELECT} WHERE id = %s FOR UPDATE", (partner.id,)).fetchone()
                if before is None or int(before["versie"]) != partner.versie:
                    raise ConcurrentEditError(texts.IMPORT_INTUSSEN_GEWIJZIGD.format(naam=partner.naam))
                after = partner.with_changes(versie=partner.versie + 1, gewijzigd=now, aangemaakt=before["aangemaakt"])
                cur.execute(_UPDATE, (*update_values(after), partner.id))
                changes.append((import_id, partner.id, "bijgewerkt", _row_json(before), after.versie))
            for partner_id in deleted:
                before = cur.execute(f"{_SELECT} WHERE id = %s FOR UPDATE", (partner_id,)).fetchone()
                if before is None:
                    raise ConcurrentEditError(texts.PARTNER_WEG)
                cur.execute("DELETE FROM partner WHERE id = %s", (partner_id,))
                changes.append((import_id, partner_id, "verwijderd", _row_json(before), None))
            if rows:
                cur.executemany(_INSERT_NEW, rows)
            if changes:
                cur.executemany("INSERT INTO import_change (import_id, partner_id, actie, voor, na_versie) "
                                "VALUES (%s, %s, %s, %s, %s)", changes)
            if ids:  # the added partners in one statement, in key order (the index grows at one end)
                cur.execute("INSERT INTO import_change (import_id, partner_id, actie, voor, na_versie) "
                            "SELECT %s, id, 'toegevoegd', NULL, 1 FROM unnest(%s::text[]) AS id",
                            (import_id, sorted(ids)))
            self._link_sources(cur, ids, sources)
            self._keep_history_of_new(cur, sorted(ids), now)
            self._keep_history(cur, [c[1] for c in changes], now)
            self._audit(cur, [import_entry(run, import_id, len(rows), len(updated), len(deleted), now)])
            _bump(cur)
        return replace(run, id=import_id, tijdstip=now, toegevoegd=len(rows), bijgewerkt=len(updated),
                       verwijderd=len(deleted))

    def undo_import(self, import_id: int, door: str = "") -> ImportRun:
        """Restore exactly the state before import ``import_id``, in one transaction.

        Refused (nothing changes) when a partner the import wrote was edited or deleted
        afterwards, or when the import was already undone.
        """
        with self._transaction() as cur:
            run = cur.execute("SELECT * FROM import_run WHERE id = %s FOR UPDATE", (import_id,)).fetchone()
            if run is None:
                raise NotFoundError(texts.IMPORT_ONBEKEND.format(id=import_id))
            if run["ongedaan"]:
                raise StoreError(texts.IMPORT_AL_ONGEDAAN.format(id=import_id, tijdstip=run["ongedaan"]))
            changes = cur.execute("SELECT * FROM import_change WHERE import_id = %s ORDER BY partner_id",
                                  (import_id,)).fetchall()
            for change in changes:
                current = cur.execute("SELECT versie, naam FROM partner WHERE id = %s FOR UPDATE",
                                      (change["partner_id"],)).fetchone()
                conflict = undo_conflict(change, current)
                if conflict:
                    raise ConcurrentEditError(conflict)
            for change in changes:
                cur.execute("DELETE FROM partner WHERE id = %s", (change["partner_id"],))
                if change["actie"] != "toegevoegd":
                    cur.execute(_INSERT, restored_values(change["voor"]))
            now = _now()
            self._keep_history(cur, [c["partner_id"] for c in changes], now)
            run = cur.execute("UPDATE import_run SET ongedaan = %s WHERE id = %s RETURNING *", (now, import_id)).fetchone()
            self._audit(cur, [audit_entry("import ongedaan", door, gemeente_nis=run["gemeente_nis"], import_id=import_id,
                                          extra={"bestand": run["bestand"], "partners": len(changes)})])
            _bump(cur)
        return _to_run(run)

    def list_imports(self, gemeente_nis: str | None = None) -> list[ImportRun]:
        """The import history, newest first."""
        if gemeente_nis is None:
            rows = self._read("SELECT * FROM import_run ORDER BY id DESC")
        else:
            rows = self._read("SELECT * FROM import_run WHERE gemeente_nis = %s ORDER BY id DESC", (gemeente_nis,))
        return [_to_run(row) for row in rows]

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __del__(self) -> None:
        # A store dropped without close() (e.g. a cleared Streamlit cache) gives its server connection back.
        conn = getattr(self, "_conn", None)
        if conn is not None and not conn.closed:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - nothing to report to at garbage collection
                pass

    # -- hooks of the shared tables (geo.store.tables) ----------------------------------

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def _select(self, sql: str, params: tuple = ()) -> list[dict]:
        return self._read(self._sql(sql), params)

    def _small_transaction(self):
        return self._transaction(exclusive=False)

    _ID_SET = "= ANY(?)"

    def _id_set(self, ids) -> list[str]:
        return list(ids)

    def _tuples(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self._read(self._sql(sql), params, row_factory=tuple_row)

    def _insert_rows(self, cur, table: str, columns, rows: list[tuple]) -> None:
        with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # 10x executemany
            for row in rows:
                copy.write_row(row)

    def _after_load(self, cur, tables) -> None:
        for table in tables:  # identity counters continue after the restored ids
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}")

    # -- connection and transactions -----------------------------------------------------

    def _connection(self, check: bool = False) -> psycopg.Connection:
        """The open connection; a new one when it is missing or broken.

        With ``check``, a connection that sat idle for a while is tested first, so a write
        after a database restart does not fail on the old, dead connection.
        """
        conn = self._conn
        if conn is not None and not conn.closed and not conn.broken:
            if not check or time.monotonic() - self._used < IDLE_CHECK_S:
                return conn
            try:
                conn.execute("SELECT 1")
                return conn
            except psycopg.Error:
                conn.close()
        elif conn is not None:
            conn.close()
        self._conn = None
        try:
            conn = psycopg.connect(**self._params, autocommit=True, row_factory=dict_row)
        except psycopg.Error as exc:
            raise StoreError(texts.POSTGIS_NIET_OPEN.format(server=self.server, fout=_message(exc))) from exc
        try:
            conn.execute(f"SET lock_timeout = {int(self.timeout * 1000)}")
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(texts.POSTGIS_NIET_OPEN.format(server=self.server, fout=_message(exc))) from exc
        self._conn = conn
        self._used = time.monotonic()
        return conn

    def _applied(self) -> set[int]:
        """The migrations this database has had."""
        if self._read("SELECT to_regclass('schema_migrations') AS t", one=True)["t"] is None:
            return set()
        return {row["version"] for row in self._read("SELECT version FROM schema_migrations")}

    def _read(self, sql: str, params: tuple = (), one: bool = False, row_factory=None) -> Any:
        """Run one query outside a transaction; once more on a new connection if the old one died."""
        with self._lock:
            for attempt in (1, 2):
                conn = self._connection()
                try:
                    cursor = conn.cursor(row_factory=row_factory or dict_row).execute(sql, params)
                    return cursor.fetchone() if one else cursor.fetchall()
                except psycopg.Error as exc:
                    if attempt == 1 and conn.broken:
                        continue
                    raise StoreError(self._explain(exc)) from exc
                finally:
                    self._used = time.monotonic()

    @contextmanager
    def _transaction(self, exclusive: bool = True) -> Iterator[psycopg.Cursor]:
        """One transaction; an ``exclusive`` one first waits for every other writer to finish.

        Any database error rolls everything back and becomes a :class:`StoreError`.
        """
        with self._lock:
            conn = self._connection(check=True)
            committing = False
            try:
                with conn.transaction():
                    cursor = conn.cursor()
                    if exclusive:
                        cursor.execute("SELECT version FROM data_version WHERE id = 1 FOR UPDATE")
                    yield cursor
                    committing = True
            except psycopg.Error as exc:
                raise StoreError(self._explain(exc, committing)) from exc
            finally:
                self._used = time.monotonic()

    def _explain(self, exc: psycopg.Error, committing: bool = False) -> str:
        state = exc.sqlstate or ""
        fout = _message(exc)
        if isinstance(exc, psycopg.OperationalError) and (self._conn is None or self._conn.broken or self._conn.closed):
            template = texts.POSTGIS_VERBINDING_WEG_BIJ_BEWAREN if committing else texts.POSTGIS_VERBINDING_WEG
            return template.format(server=self.server, fout=fout)
        if state in ("55P03", "40P01", "40001", "57014"):  # lock timeout, deadlock, serialisation, cancelled
            return texts.STORE_BEZET
        if state == "25006":  # a read-only server (e.g. a standby)
            return texts.STORE_ALLEEN_LEZEN.format(pad=self.server)
        if state == "53100":  # disk full
            return texts.STORE_VOL
        if isinstance(exc, (psycopg.IntegrityError, psycopg.DataError)):
            return texts.STORE_ONGELDIG.format(fout=fout)
        return texts.STORE_FOUT.format(fout=fout)


_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM partner"
# As SQLite's ``COLLATE NOCASE``: only ASCII letters folded, then byte (code point) order.
_BY_NAME = 'lower(naam COLLATE "C") COLLATE "C", id COLLATE "C"'
_UPDATE = f"UPDATE partner SET {', '.join(f'{c} = %s' for c in UPDATABLE)} WHERE id = %s"
_INSERT = f"INSERT INTO partner ({', '.join(_COLUMNS)}) VALUES ({', '.join('%s' for _ in _COLUMNS)})"
_INSERT_NEW = f"INSERT INTO partner ({', '.join(NEW_COLUMNS)}) VALUES ({', '.join('%s' for _ in NEW_COLUMNS)})"


def _insert(cur: psycopg.Cursor, partners: list[Partner]) -> None:
    if partners:
        cur.executemany(_INSERT, [column_values(p) for p in partners])




















def _message(exc: BaseException) -> str:
    """The first line of a database error, without DETAIL (which can hold a whole row)."""
    diag = getattr(exc, "diag", None)
    primary = diag.message_primary if diag is not None else None
    text = primary or str(exc)
    return " ".join(text.split())


def _describe(params: dict) -> str:
    """``host:port/database`` for messages: never the user's password."""
    host = params.get("host") or params.get("hostaddr") or "localhost"
    port = params.get("port") or "5432"
    return f"{host}:{port}/{params.get('dbname') or params.get('user') or ''}"


def _redacted(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rsplit('@', 1)[-1]}"
