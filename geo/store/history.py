"""The rows of a partner's history (table ``partner_historiek``), and their reconstruction.

A history row is the state of one partner from a moment on: the fields progress over time
needs (status for the funnel; name, kind, place and reach for coverage). A removal is a row
with status ``None``. :func:`changed_rows` decides which rows a write adds;
:func:`reconstruct` rebuilds the rows of the time before the history was kept, from what
the store already knew: the audit lines with their before- and after-images, the import
records (an import's before-images, and the version each partner had after it), the
undone imports and the partners as they are now.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

# What a history row keeps of a partner, after its id and time.
TRACKED = ("gemeente_nis", "status", "naam", "categorie", "lat", "lon", "wijk_code", "bereik_m", "bediend_gebied")
HISTORY_COLUMNS = ("partner_id", "tijdstip", *TRACKED, "gereconstrueerd")
_CREATED = ("toegevoegd", "hersteld")


_DEFAULTS = {"gemeente_nis": "", "naam": "", "categorie": "", "wijk_code": "", "bediend_gebied": ""}


def state_of(row: Mapping) -> tuple:
    """The tracked fields of a partner row, before-image or history row (removal: status None).

    A field an older before-image lacks, or holds as null text, gets its default.
    """
    keys = row.keys()
    values = []
    for name in TRACKED:
        value = row[name] if name in keys else None
        values.append(_DEFAULTS[name] if value is None and name in _DEFAULTS else value)
    return tuple(values)


def removal_of(state: tuple) -> tuple:
    """The state that records a removal: where the partner was, status None."""
    values = dict(zip(TRACKED, state))
    values.update(status=None)
    return tuple(values[f] for f in TRACKED)


def changed_rows(ids: Iterable[str], current: Mapping[str, Mapping], latest: Mapping[str, Mapping],
                 when: str) -> list[tuple]:
    """History rows (in :data:`HISTORY_COLUMNS` order) for partners whose state differs from
    their latest row: new ones, changed ones, and removed ones (in ``latest``, gone from ``current``)."""
    rows = []
    for partner_id in ids:
        before = state_of(latest[partner_id]) if partner_id in latest else None
        if partner_id in current:
            now = state_of(current[partner_id])
        elif before is not None and before[1] is not None:
            now = removal_of(before)
        else:
            continue
        if now != before:
            rows.append((partner_id, when, *now, 0))
    return rows


def reconstruct(audit: Iterable[Mapping], changes: Iterable[Mapping], runs: Mapping[int, Mapping],
                partners: Iterable[Mapping]) -> list[tuple]:
    """History rows (:data:`HISTORY_COLUMNS` order, ``gereconstrueerd`` 1) from the existing records.

    ``audit`` are audit lines, ``changes`` the rows of ``import_change``, ``runs`` the import
    runs by id, ``partners`` the current partner rows. A partner whose first known event is not
    its creation (it predates the audit log, or came with the demo set) starts at its
    ``aangemaakt`` time in the oldest state known of it.
    """
    images: dict[tuple[str, int], dict] = {}
    events: dict[str, list[tuple[str, int, str, tuple[str, int] | None, bool]]] = {}
    order = 0

    def image(text: Any) -> dict | None:
        if not text:
            return None
        try:
            found = json.loads(text)
        except ValueError:
            return None
        if not isinstance(found, dict) or not found.get("id") or "status" not in found:
            return None
        images.setdefault((found["id"], int(found.get("versie") or 0)), found)
        return found

    def event(partner_id: str, when: str, key: tuple[str, int] | None, removed: bool = False,
              created: bool = False) -> None:
        nonlocal order
        order += 1
        events.setdefault(partner_id, []).append((when, order, "c" if created else "", key, removed))

    for line in sorted(audit, key=lambda a: int(a["id"])):
        before, after = image(line["voor"]), image(line["na"])
        subject = line["partner_id"]
        if not subject:
            continue
        if line["actie"] == "verwijderd" and before is not None:
            event(subject, line["tijdstip"], (subject, int(before.get("versie") or 0)), removed=True)
        elif after is not None:
            event(subject, line["tijdstip"], (subject, int(after.get("versie") or 0)), created=line["actie"] in _CREATED)
    for change in sorted(changes, key=lambda c: (int(c["import_id"]), c["partner_id"])):
        run = runs.get(int(change["import_id"]))
        if run is None:
            continue
        before = image(change["voor"])
        subject = change["partner_id"]
        if change["actie"] == "verwijderd" and before is not None:
            event(subject, run["tijdstip"], (subject, int(before.get("versie") or 0)), removed=True)
        elif change["na_versie"] is not None:
            event(subject, run["tijdstip"], (subject, int(change["na_versie"])), created=change["actie"] == "toegevoegd")
        if run["ongedaan"]:
            if change["actie"] == "toegevoegd":
                event(subject, run["ongedaan"], (subject, int(change["na_versie"] or 1)), removed=True)
            elif before is not None:
                event(subject, run["ongedaan"], (subject, int(before.get("versie") or 0)), created=True)
    for row in partners:
        found = dict(row)
        images[(found["id"], int(found["versie"]))] = found
        events.setdefault(found["id"], [])

    versions: dict[str, list[int]] = {}
    for partner_id, version in images:
        versions.setdefault(partner_id, []).append(version)
    rows = []
    for partner_id, found in events.items():
        known = sorted(versions.get(partner_id, ()))
        if not known:
            continue
        found = sorted(found)
        if not found or not found[0][2]:
            oldest = images[(partner_id, known[0])]
            found.insert(0, (oldest.get("aangemaakt") or (found[0][0] if found else ""), 0, "c", (partner_id, known[0]),
                             False))
        previous = None
        for when, _, _, key, removed in found:
            if key not in images:
                continue
            state = state_of(images[key])
            state = removal_of(state) if removed else state
            if state != previous and (previous is not None or not removed):
                rows.append((partner_id, when, *state, 1))
            previous = state
    return rows
