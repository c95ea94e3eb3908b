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
    runs by id, ``partners`` the current partner rows. An edit's state is its after-image; an
    import's is the first before-image of the version it wrote, seen at or after it, or the
    partner as it is now. What nothing recorded is left out: the state an undone import wrote,
    and so a partner that only such an import added. A partner whose first known event is not its
    creation (it predates the audit log, or came with the demo set) starts at its ``aangemaakt``
    time in the oldest state known of it; a demo partner gone without a line of its own left at
    the next "demo verwijderd".
    """
    oldest: dict[str, dict] = {}  # partner → the image of its lowest version seen
    seen_before: dict[tuple[str, int], list[tuple[str, dict]]] = {}  # (partner, version) → (time, before-image)
    events: dict[str, list[tuple]] = {}  # partner → (time, order, created, state or (version, time) to find, removed)
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
        keep = oldest.get(found["id"])
        if keep is None or _version(found) < _version(keep):
            oldest[found["id"]] = found
        return found

    def before(found: dict | None, when: str) -> None:
        if found is not None:
            seen_before.setdefault((found["id"], _version(found)), []).append((when, found))

    def event(partner_id: str, when: str, state, removed: bool = False, created: bool = False) -> None:
        nonlocal order
        order += 1
        events.setdefault(partner_id, []).append((when, order, created, state, removed))

    demo_removed = []
    for line in sorted(audit, key=lambda a: int(a["id"])):
        if line["actie"] == "demo verwijderd":
            demo_removed.append(line["tijdstip"])
            continue
        prior, after = image(line["voor"]), image(line["na"])
        before(prior, line["tijdstip"])
        if not line["partner_id"]:
            continue
        if line["actie"] == "verwijderd" and prior is not None:
            event(line["partner_id"], line["tijdstip"], prior, removed=True)
        elif after is not None:
            event(line["partner_id"], line["tijdstip"], after, created=line["actie"] in _CREATED)
    for change in sorted(changes, key=lambda c: (int(c["import_id"]), c["partner_id"])):
        run = runs.get(int(change["import_id"]))
        if run is None:
            continue
        prior = image(change["voor"])
        before(prior, run["tijdstip"])
        subject = change["partner_id"]
        if change["actie"] == "verwijderd" and prior is not None:
            event(subject, run["tijdstip"], prior, removed=True)
        elif change["na_versie"] is not None and not run["ongedaan"]:  # an undone import's state: never recorded
            event(subject, run["tijdstip"], (int(change["na_versie"]), run["tijdstip"]),
                  created=change["actie"] == "toegevoegd")
        if run["ongedaan"] and change["actie"] != "toegevoegd" and prior is not None:
            event(subject, run["ongedaan"], prior, created=change["actie"] == "verwijderd")
    current = {}
    for row in partners:
        found = dict(row)
        current[found["id"]] = found
        keep = oldest.get(found["id"])
        if keep is None or _version(found) < _version(keep):
            oldest[found["id"]] = found
        events.setdefault(found["id"], [])

    rows = []
    for partner_id, found in events.items():
        found = sorted(found, key=lambda e: (e[0], e[1]))
        resolved = []
        for when, _, created, state, removed in found:
            if isinstance(state, tuple):  # an import: the version it wrote, looked up
                state = _written(partner_id, *state, seen_before, current)
                if state is None:
                    continue
            resolved.append((when, created, state, removed))
        if partner_id not in oldest:
            continue
        if not resolved or not resolved[0][1]:
            first = oldest[partner_id]
            resolved.insert(0, (first.get("aangemaakt") or (resolved[0][0] if resolved else ""), True, first, False))
        last_when, _, last_state, last_removed = resolved[-1]
        if partner_id not in current and not last_removed and last_state.get("demo"):
            gone = next((t for t in sorted(demo_removed) if t >= last_when), None)
            if gone is not None:
                resolved.append((gone, False, last_state, True))
        previous = None
        for when, _, found_state, removed in resolved:
            state = removal_of(state_of(found_state)) if removed else state_of(found_state)
            if state != previous and (previous is not None or not removed):
                rows.append((partner_id, when, *state, 1))
            previous = state
    return rows


def _version(found: Mapping) -> int:
    return int(found.get("versie") or 0)


def _written(partner_id: str, version: int, when: str, seen_before: Mapping, current: Mapping) -> dict | None:
    """The state an import wrote (``version`` at ``when``): the first before-image of that version
    seen at or after ``when``, else the partner now if it still has that version, else unknown."""
    later = [(t, found) for t, found in seen_before.get((partner_id, version), ()) if t >= when]
    if later:
        return min(later, key=lambda seen: seen[0])[1]
    now = current.get(partner_id)
    return now if now is not None and _version(now) == version else None
