"""SQL both stores share for joint actions (acties) and the partners taking part in them.

An action (:class:`geo.campaign.records.Action`) is one row of ``actie``; its partners with
their role are rows of ``actie_partner`` that go when the action goes. Every write is one
transaction: it checks the version (optimistic concurrency, as for partners), writes an audit
line in the same transaction and changes the data version (the pages cache on it).

Audit lines about an action carry the action's id in ``partner_id`` (the subject of the
line) and its municipality, so the Logboek filters them like partner lines; their ``actie``
is one of ``actie toegevoegd``, ``actie gewijzigd``, ``actie verwijderd`` and ``actie
hersteld``. The before-image of a deletion (JSON, partners included) lets
:meth:`ActionTables.action_restore` put the action back exactly.

>>> from geo.store import open_store
>>> from geo.campaign.records import Action, ActionPartner
>>> store = open_store(":memory:")
>>> added = store.action_add(Action("Infoavond", "infomoment", "2026-03-12", "12025",
...                                 partners=(ActionPartner("p1", "organiseert mee"),)), door="an")
>>> stored = store.action_get(added.id)
>>> (stored.versie, stored.partners[0].rol)
(1, 'organiseert mee')
"""

from __future__ import annotations

import json
import uuid
from dataclasses import fields, replace
from typing import Any, Iterable, Mapping, Sequence

from geo import texts
from geo.campaign.records import ACTION_COLUMNS, Action, ActionPartner
from geo.store.errors import ConcurrentEditError, NotFoundError, StoreError
from geo.store.records import AuditEntry
from geo.store.rows import bump
from geo.store.rows import now as _now

PARTNER_LINK_COLUMNS = ("actie_id", "partner_id", "rol", "volgorde")
ACTION_TABLE_COLUMNS = {"actie": ACTION_COLUMNS, "actie_partner": PARTNER_LINK_COLUMNS}
ADDED, CHANGED, DELETED, RESTORED = (texts.ACTIE_TOEGEVOEGD, texts.ACTIE_GEWIJZIGD, texts.ACTIE_VERWIJDERD,
                                     texts.ACTIE_HERSTELD)
_UPDATABLE = tuple(c for c in ACTION_COLUMNS if c not in ("id", "aangemaakt"))
_SELECT = f"SELECT {', '.join(ACTION_COLUMNS)} FROM actie"
_ORDER = " ORDER BY datum DESC, titel, id"
_INSERT = f"INSERT INTO actie ({', '.join(ACTION_COLUMNS)}) VALUES ({', '.join('?' for _ in ACTION_COLUMNS)})"
_UPDATE = f"UPDATE actie SET {', '.join(f'{c} = ?' for c in _UPDATABLE)} WHERE id = ?"
_INSERT_LINK = (f"INSERT INTO actie_partner ({', '.join(PARTNER_LINK_COLUMNS)}) "
                f"VALUES ({', '.join('?' for _ in PARTNER_LINK_COLUMNS)})")


class ActionTables:
    """Mixin for :class:`geo.store.sqlite.SQLiteStore` and :class:`geo.store.postgis.PostgisStore`."""

    # -- reads --------------------------------------------------------------------------

    def action_list(self, gemeente_nis: str | None = None) -> list[Action]:
        """The actions (of one municipality, or all), newest date first, with their partners."""
        if gemeente_nis is None:
            rows = self._select(_SELECT + _ORDER)
            links = self._select("SELECT * FROM actie_partner ORDER BY actie_id, volgorde")
        else:
            rows = self._select(f"{_SELECT} WHERE gemeente_nis = ?{_ORDER}", (gemeente_nis,))
            links = self._select("SELECT ap.* FROM actie_partner ap JOIN actie a ON a.id = ap.actie_id "
                                 "WHERE a.gemeente_nis = ? ORDER BY ap.actie_id, ap.volgorde", (gemeente_nis,))
        return _with_partners(rows, links)

    def action_get(self, action_id: str) -> Action | None:
        rows = self._select(f"{_SELECT} WHERE id = ?", (action_id,))
        if not rows:
            return None
        links = self._select("SELECT * FROM actie_partner WHERE actie_id = ? ORDER BY volgorde", (action_id,))
        return _with_partners(rows, links)[0]

    def actions_of_partner(self, partner_id: str) -> list[Action]:
        """The actions a partner takes part in, newest first (a partner's detail shows them)."""
        rows = self._select(f"{_SELECT} WHERE id IN (SELECT actie_id FROM actie_partner WHERE partner_id = ?){_ORDER}",
                            (partner_id,))
        links = self._select("SELECT * FROM actie_partner WHERE actie_id IN "
                             "(SELECT actie_id FROM actie_partner WHERE partner_id = ?) ORDER BY actie_id, volgorde",
                             (partner_id,))
        return _with_partners(rows, links)

    # -- writes -------------------------------------------------------------------------

    def action_add(self, action: Action, door: str = "") -> Action:
        """Store a new action: a new id, version 1 and timestamps."""
        return self.action_add_many([action], door)[0]

    def action_add_many(self, actions: Sequence[Action], door: str = "") -> list[Action]:
        """Store new actions in one transaction (an import): all of them, or none."""
        now = _now()
        stored = [replace(_checked(a), id=uuid.uuid4().hex, versie=1, aangemaakt=now, gewijzigd=now) for a in actions]
        with self._transaction() as cur:
            for action in stored:
                self._write_action(cur, action, insert=True)
            self._audit(cur, [_entry(ADDED, door, action, na=action) for action in stored])
            bump(cur)
        return stored

    def action_update(self, action: Action, door: str = "") -> Action:
        """Save an edited action; refused (:class:`ConcurrentEditError`, with the stored action as
        ``current``) when someone saved it since ``action.versie``; :class:`NotFoundError` when gone."""
        action = _checked(action)
        with self._transaction() as cur:
            before = self._locked_action(cur, action.id)
            if before.versie != action.versie:
                raise ConcurrentEditError(texts.ACTIE_INTUSSEN_KORT.format(naam=before.titel, gewijzigd=before.gewijzigd),
                                          current=before)
            after = replace(action, versie=before.versie + 1, gewijzigd=_now(), aangemaakt=before.aangemaakt)
            self._write_action(cur, after, insert=False)
            self._audit(cur, [_entry(CHANGED, door, after, voor=before, na=after)])
            bump(cur)
        return after

    def action_delete(self, action_id: str, door: str = "") -> None:
        """Delete an action with its partner links; the audit line keeps it whole for a restore."""
        with self._transaction() as cur:
            before = self._locked_action(cur, action_id)
            cur.execute(self._sql("DELETE FROM actie WHERE id = ?"), (before.id,))
            self._audit(cur, [_entry(DELETED, door, before, voor=before)])
            bump(cur)

    def action_restore(self, entry_id: int, door: str = "") -> Action:
        """Bring back the action that audit line ``entry_id`` deleted, as it was then (its version + 1).

        Refused when the line is no deletion of an action, or when the action exists again.
        """
        entry = self.audit_get(entry_id)
        if entry is None or entry.actie != DELETED or not entry.voor:
            raise NotFoundError(texts.ACTIE_HERSTEL_GEEN_VERWIJDERING.format(id=entry_id))
        before = action_from_json(entry.voor)
        action = replace(before, versie=before.versie + 1, gewijzigd=_now())
        with self._transaction() as cur:
            if cur.execute(self._sql("SELECT 1 FROM actie WHERE id = ?"), (action.id,)).fetchone() is not None:
                raise StoreError(texts.ACTIE_HERSTEL_BESTAAT_AL.format(naam=action.titel))
            self._write_action(cur, action, insert=True)
            self._audit(cur, [_entry(RESTORED, door, action, na=action)])
            bump(cur)
        return action

    # -- helpers ------------------------------------------------------------------------

    def _locked_action(self, cur, action_id: str) -> Action:
        """The stored action inside a write (writers take turns), or :class:`NotFoundError`."""
        row = cur.execute(self._sql(f"{_SELECT} WHERE id = ?"), (str(action_id),)).fetchone()
        if row is None:
            raise NotFoundError(texts.ACTIE_WEG)
        links = cur.execute(self._sql("SELECT * FROM actie_partner WHERE actie_id = ? ORDER BY volgorde"),
                            (str(action_id),)).fetchall()
        return _with_partners([row], links)[0]

    def _write_action(self, cur, action: Action, insert: bool) -> None:
        values = _values(action)
        if insert:
            cur.execute(self._sql(_INSERT), tuple(values[c] for c in ACTION_COLUMNS))
        else:
            cur.execute(self._sql(_UPDATE), (*(values[c] for c in _UPDATABLE), action.id))
            cur.execute(self._sql("DELETE FROM actie_partner WHERE actie_id = ?"), (action.id,))
        for order, link in enumerate(action.partners):
            cur.execute(self._sql(_INSERT_LINK), (action.id, link.partner_id, link.rol, order))


def action_json(action: Action) -> str:
    """An action as JSON text (with its partners): the images of the audit log."""
    return json.dumps(action.to_dict(), ensure_ascii=False)


def action_from_json(text: str) -> Action:
    """An action from :func:`action_json`; fields added later get their defaults."""
    values = json.loads(text)
    known = {f.name for f in fields(Action)}
    values = {k: v for k, v in values.items() if k in known}
    values["partners"] = tuple(ActionPartner(p["partner_id"], p["rol"]) for p in values.get("partners") or ())
    return Action(**values)


def _values(action: Action) -> dict[str, Any]:
    values = {c: getattr(action, c) for c in ACTION_COLUMNS}
    values["bereikt_wijk"] = int(bool(action.bereikt_wijk))
    return values


def _checked(action: Action) -> Action:
    """The store's own check: an action is built by :func:`geo.campaign.records.validate_action`."""
    if not isinstance(action.titel, str) or not action.titel.strip():
        raise StoreError(texts.ACTIE_ONGELDIG_BEWAARD.format(fout=texts.ACTIE_TITEL_VERPLICHT))
    if not action.gemeente_nis:
        raise StoreError(texts.ACTIE_ONGELDIG_BEWAARD.format(fout=texts.ACTIE_GEMEENTE_NODIG))
    return action


def _with_partners(rows: Iterable[Mapping], links: Iterable[Mapping]) -> list[Action]:
    by_action: dict[str, list[ActionPartner]] = {}
    for link in links:
        by_action.setdefault(link["actie_id"], []).append(ActionPartner(link["partner_id"], link["rol"]))
    actions = []
    for row in rows:
        values = {c: row[c] for c in ACTION_COLUMNS}
        values["bereikt_wijk"] = bool(values["bereikt_wijk"])
        values["versie"] = int(values["versie"])
        if values["bereikt"] is not None:
            values["bereikt"] = int(values["bereikt"])
        for name in ("lat", "lon", "bedrag"):
            if values[name] is not None:
                values[name] = float(values[name])
        actions.append(Action(**values, partners=tuple(by_action.get(values["id"], ()))))
    return actions


def _entry(actie: str, door: str, action: Action, voor: Action | None = None, na: Action | None = None) -> AuditEntry:
    """An audit line about an action: its id as the subject, its title and municipality."""
    return AuditEntry(tijdstip=_now(), gebruiker=door or "", actie=actie, partner_id=action.id,
                      gemeente_nis=action.gemeente_nis, naam=action.titel,
                      voor=action_json(voor) if voor is not None else None,
                      na=action_json(na) if na is not None else None)
