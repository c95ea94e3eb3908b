"""SQL both stores share: the demo set, caches and settings, accounts, login sessions, share
links, the audit log and backups.

The SQL here is written once, with ``?`` placeholders; each backend supplies
``_sql`` (its placeholder style), ``_select`` (a read), ``_small_transaction`` (a write
that does not touch partners) and ``_transaction`` (a partner write). Only the dump and
load of a backup need one backend hook (``_after_load``: PostgreSQL's identity counters).
"""

from __future__ import annotations

import json
import uuid
from contextlib import AbstractContextManager
from typing import Any, Iterable, Mapping

from geo import texts
from geo.partners import Partner
from geo.store.action_tables import ACTION_TABLE_COLUMNS
from geo.store.candidate_tables import CANDIDATE_TABLE_COLUMNS
from geo.store.context_tables import CONTEXT_COLUMNS
from geo.store.errors import NotFoundError, StoreError
from geo.store.history import HISTORY_COLUMNS
from geo.store.records import (AUDIT_FIELDS, SESSION_FIELDS, SHARE_LINK_FIELDS, USER_FIELDS, AuditEntry, SessionRecord,
                               ShareLinkRecord, UserRecord)
from geo.store.rows import COLUMNS, bump, column_values, restored_values, row_json, to_partner
from geo.store.rows import now as _now

# What a backup holds, in the order a restore writes it (parents before children).
BACKUP_TABLES = ("partner", "import_run", "import_change", "audit", "meta", "column_mapping", "gebruiker", "deellink",
                 "context_laag", "context_object", "actie", "actie_partner", "partner_historiek", "kandidaat",
                 "kandidaat_zoektocht", "kandidaat_afwijzing", "partner_bron", "kandidaat_bron")
# What must be empty before a restore: accounts may exist (the operator who restores), and
# so may the fictional demo set and its log lines (a fresh installation loads it on first start).
RESTORE_MUST_BE_EMPTY = {
    "partner": "SELECT 1 FROM partner WHERE NOT (demo = ?) LIMIT 1",
    "import_run": "SELECT 1 FROM import_run LIMIT 1",
    "audit": "SELECT 1 FROM audit WHERE actie NOT IN ('demo geladen', 'demo verwijderd') LIMIT 1",
    "deellink": "SELECT 1 FROM deellink LIMIT 1", "context_laag": "SELECT 1 FROM context_laag LIMIT 1",
    "actie": "SELECT 1 FROM actie LIMIT 1",
}
_IDENTITY_TABLES = ("import_run", "audit", "gebruiker", "deellink", "context_laag", "context_object", "partner_historiek",
                    "kandidaat_bron")
_PARTNER_INSERT = f"INSERT INTO partner ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"
_PUT_META = "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
_AUDIT_INSERT = (f"INSERT INTO audit ({', '.join(f for f in AUDIT_FIELDS if f != 'id')}) "
                 f"VALUES ({', '.join('?' for f in AUDIT_FIELDS if f != 'id')})")


class SharedTables:
    """Mixin for :class:`geo.store.sqlite.SQLiteStore` and :class:`geo.store.postgis.PostgisStore`."""

    # -- backend hooks (overridden) ------------------------------------------------------

    def _sql(self, sql: str) -> str:
        return sql

    def _select(self, sql: str, params: tuple = ()) -> list[Mapping]:
        raise NotImplementedError

    def _small_transaction(self) -> AbstractContextManager:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager:
        raise NotImplementedError

    def _after_load(self, cur, tables: Iterable[str]) -> None:
        """Called at the end of a restore, inside its transaction."""

    # -- demo set, geocoder cache, column mappings, settings ---------------------------

    def load_demo(self, partners: Iterable[Partner], force: bool = False, door: str = "") -> int:
        """Insert the demo set into an empty store; returns how many were added.

        Without ``force`` the set is offered only once: after it was removed it does not
        come back by itself. Replicas starting together add it once (writers take turns).
        """
        now = _now()
        rows = [column_values(p.with_changes(id=uuid.uuid4().hex, versie=1, aangemaakt=now, gewijzigd=now, demo=True),
                              self._demo_value) for p in partners]
        with self._transaction() as cur:
            if cur.execute("SELECT 1 FROM partner LIMIT 1").fetchone() is not None:
                return 0
            offered = cur.execute("SELECT 1 FROM meta WHERE key = 'demo_aangeboden'").fetchone() is not None
            if offered and not force:
                return 0
            if rows:
                cur.executemany(self._sql(_PARTNER_INSERT), rows)
                self._keep_history_of_new(cur, [row[COLUMNS.index("id")] for row in rows], now)
            cur.execute(self._sql(_PUT_META), ("demo_aangeboden", now))
            self._audit(cur, [audit_entry("demo geladen", door, extra={"aantal": len(rows)}, when=now)])
            bump(cur)
        return len(rows)

    def remove_demo(self, door: str = "") -> int:
        with self._transaction() as cur:
            now = _now()
            ids = [row["id"] for row in cur.execute(self._sql("SELECT id FROM partner WHERE demo = ?"),
                                                    (self._demo_value(True),)).fetchall()]
            removed = cur.execute(self._sql("DELETE FROM partner WHERE demo = ?"), (self._demo_value(True),)).rowcount
            self._keep_history(cur, ids, now)
            self._audit(cur, [audit_entry("demo verwijderd", door, extra={"aantal": removed}, when=now)])
            bump(cur)
        return removed

    def geocode_get(self, provider: str, query: str) -> str | None:
        """The cached geocoder answer (JSON text) for ``query``, or None."""
        rows = self._select("SELECT antwoord FROM geocode_cache WHERE provider = ? AND vraag = ?", (provider, query))
        return rows[0]["antwoord"] if rows else None

    def geocode_put(self, provider: str, query: str, answer: str) -> None:
        with self._small_transaction() as cur:
            cur.execute(self._sql("INSERT INTO geocode_cache (provider, vraag, antwoord, tijdstip) VALUES (?, ?, ?, ?) "
                                  "ON CONFLICT (provider, vraag) DO UPDATE SET antwoord = excluded.antwoord, "
                                  "tijdstip = excluded.tijdstip"), (provider, query, answer, _now()))

    def mapping_get(self, columns_key: str) -> str | None:
        rows = self._select("SELECT mapping FROM column_mapping WHERE kolommen = ?", (columns_key,))
        return rows[0]["mapping"] if rows else None

    def mapping_put(self, columns_key: str, mapping: str) -> None:
        with self._small_transaction() as cur:
            cur.execute(self._sql("INSERT INTO column_mapping (kolommen, mapping, tijdstip) VALUES (?, ?, ?) "
                                  "ON CONFLICT (kolommen) DO UPDATE SET mapping = excluded.mapping, "
                                  "tijdstip = excluded.tijdstip"), (columns_key, mapping, _now()))

    def setting_get(self, key: str) -> str | None:
        """A value the users saved in the app (e.g. coverage settings), or None."""
        rows = self._select("SELECT value FROM meta WHERE key = ?", ("instelling:" + key,))
        return rows[0]["value"] if rows else None

    def setting_put(self, key: str, value: str, door: str = "") -> None:
        with self._transaction() as cur:
            cur.execute(self._sql(_PUT_META), ("instelling:" + key, value))
            self._audit(cur, [audit_entry("instelling gewijzigd", door, extra={key: value})])
            bump(cur)

    # -- accounts -----------------------------------------------------------------------

    def user_add(self, user: UserRecord) -> UserRecord:
        """Store a new account; refused (Dutch) when the e-mail address is taken."""
        with self._small_transaction() as cur:
            if cur.execute(self._sql("SELECT 1 FROM gebruiker WHERE email = ?"), (user.email,)).fetchone():
                raise StoreError(texts.GEBRUIKER_BESTAAT.format(email=user.email))
            return self._insert_user(cur, user)

    def user_get(self, email: str) -> UserRecord | None:
        rows = self._select("SELECT * FROM gebruiker WHERE email = ?", (email,))
        return _to_user(rows[0]) if rows else None

    def user_by_id(self, user_id: int) -> UserRecord | None:
        rows = self._select("SELECT * FROM gebruiker WHERE id = ?", (user_id,))
        return _to_user(rows[0]) if rows else None

    def user_list(self) -> list[UserRecord]:
        return [_to_user(row) for row in self._select("SELECT * FROM gebruiker ORDER BY email")]

    def user_update(self, email: str, keep_sessions: bool = False, **changes: Any) -> UserRecord:
        """Change ``naam``, ``wachtwoord`` (a hash), ``rol``, ``gemeenten`` or ``standaard_gemeente`` of one account.

        A new password ends every session of the account, unless ``keep_sessions`` (the
        same password hashed again with newer parameters).
        """
        allowed = {"naam", "wachtwoord", "rol", "gemeenten", "standaard_gemeente"}
        if not changes or set(changes) - allowed:
            raise ValueError(f"user_update: only {sorted(allowed)}")
        values = {k: ",".join(v) if k == "gemeenten" else v for k, v in changes.items()}
        with self._small_transaction() as cur:
            row = cur.execute(self._sql("SELECT * FROM gebruiker WHERE email = ?"), (email,)).fetchone()
            if row is None:
                raise NotFoundError(texts.GEBRUIKER_ONBEKEND.format(email=email))
            assignments = ", ".join(f"{k} = ?" for k in values)
            cur.execute(self._sql(f"UPDATE gebruiker SET {assignments}, gewijzigd = ? WHERE id = ?"),
                        (*values.values(), _now(), row["id"]))
            if "wachtwoord" in changes and not keep_sessions:
                cur.execute(self._sql("DELETE FROM sessie WHERE gebruiker_id = ?"), (row["id"],))
            updated = cur.execute(self._sql("SELECT * FROM gebruiker WHERE id = ?"), (row["id"],)).fetchone()
        return _to_user(updated)

    def user_delete(self, email: str) -> None:
        """Remove an account and its sessions."""
        with self._small_transaction() as cur:
            row = cur.execute(self._sql("SELECT id FROM gebruiker WHERE email = ?"), (email,)).fetchone()
            if row is None:
                raise NotFoundError(texts.GEBRUIKER_ONBEKEND.format(email=email))
            cur.execute(self._sql("DELETE FROM sessie WHERE gebruiker_id = ?"), (row["id"],))
            cur.execute(self._sql("DELETE FROM gebruiker WHERE id = ?"), (row["id"],))

    def user_count(self) -> int:
        return int(self._select("SELECT count(*) AS n FROM gebruiker")[0]["n"])

    def _insert_user(self, cur, user: UserRecord) -> UserRecord:
        now = _now()
        row = cur.execute(self._sql(
            "INSERT INTO gebruiker (email, naam, wachtwoord, rol, gemeenten, aangemaakt, gewijzigd, standaard_gemeente) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
            (user.email, user.naam, user.wachtwoord, user.rol, ",".join(user.gemeenten), now, now,
             user.standaard_gemeente)).fetchone()
        return UserRecord(**{**_user_values(user), "id": int(row["id"]), "aangemaakt": now, "gewijzigd": now})

    # -- one-time setup links (the first beheerder, see geo.setup_link) -------------------

    def setup_token_add(self, token_hash: str, created: str, expires: str) -> None:
        """Remember the hash of a new setup link; links that expired meanwhile are dropped."""
        with self._small_transaction() as cur:
            cur.execute(self._sql("DELETE FROM opzet_token WHERE verloopt <= ?"), (created,))
            cur.execute(self._sql("INSERT INTO opzet_token (token_hash, aangemaakt, verloopt) VALUES (?, ?, ?)"),
                        (token_hash, created, expires))

    def setup_token_expiry(self, token_hash: str) -> str | None:
        """When the setup link with this hash expires (ISO time), or None for an unknown (or used) one."""
        rows = self._select("SELECT verloopt FROM opzet_token WHERE token_hash = ?", (token_hash,))
        return rows[0]["verloopt"] if rows else None

    def first_admin_add(self, token_hash: str, now: str, user: UserRecord) -> UserRecord:
        """Store the first account through a setup link, in one transaction with every check.

        Refused (:class:`StoreError`, Dutch) when an account exists already or the link is
        unknown or expired at ``now``; on success every setup link is used up. Writers take
        turns, so two browsers with the same link cannot both make a beheerder.
        """
        with self._transaction() as cur:
            if cur.execute("SELECT 1 FROM gebruiker LIMIT 1").fetchone() is not None:
                raise StoreError(texts.OPZET_AL_GEBRUIKT)
            if cur.execute(self._sql("SELECT 1 FROM opzet_token WHERE token_hash = ? AND verloopt > ?"),
                           (token_hash, now)).fetchone() is None:
                raise StoreError(texts.OPZET_ONGELDIG)
            cur.execute("DELETE FROM opzet_token")
            return self._insert_user(cur, user)

    # -- failed logins (throttling) ------------------------------------------------------

    def login_failures(self, key: str) -> tuple[int, str | None]:
        """How many logins failed in a row for ``key`` (an e-mail address), and the last time."""
        rows = self._select("SELECT mislukt, laatste FROM login_poging WHERE sleutel = ?", (key,))
        return (int(rows[0]["mislukt"]), rows[0]["laatste"]) if rows else (0, None)

    def login_failed(self, key: str, when: str) -> int:
        """Count one more failed login for ``key``; returns the new count."""
        with self._small_transaction() as cur:
            row = cur.execute(self._sql("SELECT mislukt FROM login_poging WHERE sleutel = ?"), (key,)).fetchone()
            count = (int(row["mislukt"]) if row else 0) + 1
            if row:
                cur.execute(self._sql("UPDATE login_poging SET mislukt = ?, laatste = ? WHERE sleutel = ?"), (count, when, key))
            else:
                cur.execute(self._sql("INSERT INTO login_poging (sleutel, mislukt, laatste) VALUES (?, ?, ?)"), (key, count, when))
        return count

    def login_succeeded(self, key: str) -> None:
        with self._small_transaction() as cur:
            cur.execute(self._sql("DELETE FROM login_poging WHERE sleutel = ?"), (key,))

    # -- login sessions -----------------------------------------------------------------

    def session_add(self, session: SessionRecord) -> None:
        with self._small_transaction() as cur:
            cur.execute(self._sql(f"INSERT INTO sessie ({', '.join(SESSION_FIELDS)}) VALUES "
                                  f"({', '.join('?' for _ in SESSION_FIELDS)})"),
                        tuple(getattr(session, f) for f in SESSION_FIELDS))

    def session_get(self, token_hash: str) -> SessionRecord | None:
        rows = self._select("SELECT * FROM sessie WHERE token_hash = ?", (token_hash,))
        return SessionRecord(**{f: rows[0][f] for f in SESSION_FIELDS}) if rows else None

    def session_touch(self, token_hash: str, when: str) -> None:
        with self._small_transaction() as cur:
            cur.execute(self._sql("UPDATE sessie SET laatst_gezien = ? WHERE token_hash = ?"), (when, token_hash))

    def session_delete(self, token_hash: str) -> None:
        with self._small_transaction() as cur:
            cur.execute(self._sql("DELETE FROM sessie WHERE token_hash = ?"), (token_hash,))

    def sessions_purge(self, before: str) -> int:
        """Delete the sessions that expired before ``before`` (ISO time); returns how many."""
        with self._small_transaction() as cur:
            return cur.execute(self._sql("DELETE FROM sessie WHERE verloopt < ?"), (before,)).rowcount

    # -- share links --------------------------------------------------------------------

    def share_add(self, link: ShareLinkRecord) -> ShareLinkRecord:
        now = _now()
        with self._small_transaction() as cur:
            row = cur.execute(self._sql(
                "INSERT INTO deellink (token_hash, gemeente_nis, omschrijving, aangemaakt, aangemaakt_door, verloopt) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
                (link.token_hash, link.gemeente_nis, link.omschrijving, now, link.aangemaakt_door, link.verloopt)).fetchone()
        return ShareLinkRecord(**{**{f: getattr(link, f) for f in SHARE_LINK_FIELDS}, "id": int(row["id"]),
                                  "aangemaakt": now})

    def share_get(self, token_hash: str) -> ShareLinkRecord | None:
        rows = self._select("SELECT * FROM deellink WHERE token_hash = ?", (token_hash,))
        return _to_link(rows[0]) if rows else None

    def share_list(self, gemeenten: Iterable[str] | None = None) -> list[ShareLinkRecord]:
        """Share links, newest first; only those of ``gemeenten`` when given."""
        links = [_to_link(row) for row in self._select("SELECT * FROM deellink ORDER BY id DESC")]
        if gemeenten is None:
            return links
        allowed = set(gemeenten)
        return [link for link in links if link.gemeente_nis in allowed]

    def share_revoke(self, link_id: int, when: str | None = None) -> ShareLinkRecord:
        """Revoke a share link (it stops working at once); revoking twice keeps the first time."""
        with self._small_transaction() as cur:
            row = cur.execute(self._sql("SELECT * FROM deellink WHERE id = ?"), (link_id,)).fetchone()
            if row is None:
                raise NotFoundError(texts.DEELLINK_ONBEKEND.format(id=link_id))
            if not row["ingetrokken"]:
                cur.execute(self._sql("UPDATE deellink SET ingetrokken = ? WHERE id = ?"), (when or _now(), link_id))
            row = cur.execute(self._sql("SELECT * FROM deellink WHERE id = ?"), (link_id,)).fetchone()
        return _to_link(row)

    # -- audit log ----------------------------------------------------------------------

    def audit_list(self, gemeenten: Iterable[str] | None = None, actie: str | None = None,
                   gebruiker: str | None = None, partner_id: str | None = None, limit: int = 1000) -> list[AuditEntry]:
        """The audit log, newest first, filtered; ``gemeenten`` limits it to those municipalities."""
        where, params = [], []
        if gemeenten is not None:
            codes = list(gemeenten)
            if not codes:
                return []
            where.append(f"gemeente_nis IN ({', '.join('?' for _ in codes)})")
            params.extend(codes)
        for column, value in (("actie", actie), ("gebruiker", gebruiker), ("partner_id", partner_id)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._select(f"SELECT * FROM audit{clause} ORDER BY id DESC LIMIT ?", (*params, int(limit)))
        return [AuditEntry(**{f: row[f] for f in AUDIT_FIELDS}) for row in rows]

    def audit_get(self, entry_id: int) -> AuditEntry | None:
        rows = self._select("SELECT * FROM audit WHERE id = ?", (entry_id,))
        return AuditEntry(**{f: rows[0][f] for f in AUDIT_FIELDS}) if rows else None

    def _audit(self, cur, entries: Iterable[AuditEntry]) -> None:
        """Write audit lines inside the caller's transaction (so they stand or fall with it)."""
        rows = [tuple(getattr(e, f) for f in AUDIT_FIELDS if f != "id") for e in entries]
        if rows:
            cur.executemany(self._sql(_AUDIT_INSERT), rows)

    # -- backup -------------------------------------------------------------------------

    def dump_tables(self) -> dict[str, list[dict]]:
        """Every row of the tables a backup holds (see :data:`BACKUP_TABLES`), as plain dicts."""
        dumped = {}
        for table in BACKUP_TABLES:
            columns = _columns(table)
            rows = self._select(f"SELECT {', '.join(columns)} FROM {table}")
            dumped[table] = [{c: row[c] for c in columns} for row in rows]
        for row in dumped["partner"]:
            row["demo"] = bool(row["demo"])
        return dumped

    def load_tables(self, tables: Mapping[str, list[Mapping]], door: str = "") -> dict[str, int]:
        """Restore a backup into an empty store, in one transaction; returns rows per table.

        Refused (nothing written) when the store already holds partners, imports, audit
        lines or share links; the demo set (and its log lines) is replaced. Accounts already
        present (the operator restoring) are kept; accounts from the backup with the same
        e-mail address are skipped.
        """
        counts = {}
        with self._transaction() as cur:
            for check in RESTORE_MUST_BE_EMPTY.values():
                params = (self._demo_value(True),) if "?" in check else ()
                if cur.execute(self._sql(check), params).fetchone() is not None:
                    raise StoreError(texts.HERSTEL_NIET_LEEG)
            cur.execute("DELETE FROM partner")  # only demo partners are left
            cur.execute("DELETE FROM audit")
            cur.execute("DELETE FROM partner_historiek")
            existing = {row["email"] for row in cur.execute("SELECT email FROM gebruiker").fetchall()}
            for table in BACKUP_TABLES:
                rows = list(tables.get(table) or [])
                columns = _columns(table)
                if table == "gebruiker":  # new ids: the operator's own account may hold a restored one
                    rows = [r for r in rows if r.get("email") not in existing]
                    columns = tuple(c for c in columns if c != "id")
                if table == "meta":
                    cur.execute("DELETE FROM meta")
                values = [tuple(self._backup_value(table, c, row.get(c)) for c in columns) for row in rows]
                if values:
                    cur.executemany(self._sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                                              f"({', '.join('?' for _ in columns)})"), values)
                counts[table] = len(values)
            if not counts.get("partner_historiek"):  # a backup from before the history was kept
                counts["partner_historiek"] = self._rebuild_history(cur)
            self._after_load(cur, _IDENTITY_TABLES)
            self._audit(cur, [AuditEntry(tijdstip=_now(), gebruiker=door, actie="hersteld uit backup",
                                         na=json.dumps(counts))])
            bump(cur)
        return counts

    def _backup_value(self, table: str, column: str, value: Any) -> Any:
        if table == "partner" and column == "demo":
            return self._demo_value(bool(value))
        if table == "gebruiker" and column == "standaard_gemeente":
            return value or ""  # backups made before schema 5 have no such column
        return value

    def _demo_value(self, value: bool) -> Any:
        return value

    # -- restoring a deleted partner -----------------------------------------------------

    def restore_partner(self, entry_id: int, door: str = "") -> Partner:
        """Bring back the partner that audit line ``entry_id`` deleted, as it was then.

        Refused when the line is not a deletion, or when the partner exists again.
        """
        entry = self.audit_get(entry_id)
        if entry is None or entry.actie != "verwijderd" or not entry.voor:
            raise NotFoundError(texts.HERSTEL_GEEN_VERWIJDERING.format(id=entry_id))
        values = dict(zip(COLUMNS, restored_values(entry.voor)))
        now = _now()
        values.update(versie=int(values["versie"] or 0) + 1, gewijzigd=now)
        partner = to_partner(values)
        with self._transaction() as cur:
            if cur.execute(self._sql("SELECT 1 FROM partner WHERE id = ?"), (partner.id,)).fetchone() is not None:
                raise StoreError(texts.HERSTEL_BESTAAT_AL.format(naam=partner.naam))
            cur.execute(self._sql(_PARTNER_INSERT),
                        tuple(self._demo_value(v) if c == "demo" else v for c, v in values.items()))
            self._keep_history(cur, [partner.id], now)
            self._audit(cur, [audit_entry("hersteld", door, partner=partner, after=partner, when=now)])
            bump(cur)
        return partner


def audit_entry(actie: str, door: str, partner: Partner | None = None, before: Any = None,
                after: Partner | None = None, gemeente_nis: str = "", import_id: int | None = None,
                extra: Mapping | None = None, when: str | None = None) -> AuditEntry:
    """One audit line; ``before`` is a stored row (any mapping) or a partner, ``after`` a partner."""
    if before is not None and not isinstance(before, Partner):
        before = to_partner(dict(before))
    subject = partner or after or before
    return AuditEntry(
        tijdstip=when or _now(), gebruiker=door or "", actie=actie, partner_id=subject.id if subject else "",
        gemeente_nis=gemeente_nis or (subject.gemeente_nis if subject else ""), naam=subject.naam if subject else "",
        voor=_image(before), na=json.dumps(extra, ensure_ascii=False) if extra else _image(after), import_id=import_id)


def import_entry(run, import_id: int, added: int, updated: int, deleted: int, when: str) -> AuditEntry:
    """The audit line of one import (the partners it touched are in ``import_change``)."""
    return audit_entry("import", run.gebruiker, gemeente_nis=run.gemeente_nis, import_id=import_id, when=when,
                       extra={"bestand": run.bestand, "modus": run.modus, "toegevoegd": added, "bijgewerkt": updated,
                              "verwijderd": deleted})


def _image(partner: Partner | None) -> str | None:
    """A partner as JSON text (the shape of the import before-images, see :func:`row_json`)."""
    if partner is None:
        return None
    return row_json({c: getattr(partner, c) for c in COLUMNS})


def _columns(table: str) -> tuple[str, ...]:
    if table == "partner":
        return COLUMNS
    return _TABLE_COLUMNS[table]


_TABLE_COLUMNS = {
    "import_run": ("id", "gebruiker", "tijdstip", "bestand", "gemeente_nis", "modus", "toegevoegd", "bijgewerkt",
                   "verwijderd", "geweigerd", "ongedaan"),
    "import_change": ("import_id", "partner_id", "actie", "voor", "na_versie"),
    "audit": AUDIT_FIELDS,
    "meta": ("key", "value"),
    "column_mapping": ("kolommen", "mapping", "tijdstip"),
    "gebruiker": USER_FIELDS,
    "deellink": SHARE_LINK_FIELDS, **CONTEXT_COLUMNS, **ACTION_TABLE_COLUMNS,
    "partner_historiek": ("id", *HISTORY_COLUMNS), **CANDIDATE_TABLE_COLUMNS,
}


def _user_values(user: UserRecord) -> dict:
    return {f: getattr(user, f) for f in USER_FIELDS}


def _to_user(row: Mapping) -> UserRecord:
    values = {f: row[f] for f in USER_FIELDS}
    values["gemeenten"] = tuple(c for c in (values["gemeenten"] or "").split(",") if c)
    return UserRecord(**values)


def _to_link(row: Mapping) -> ShareLinkRecord:
    return ShareLinkRecord(**{f: row[f] for f in SHARE_LINK_FIELDS})
