"""Create, edit and delete joint actions: validation, placement and storage in one step.

The page *Acties*, its import and the command line call these functions, as
:mod:`geo.editing` does for partners: ``may_edit(nis)`` refuses an action in a municipality
the user may not change, and a save over someone else's newer version is refused with who
changed what.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from geo import texts
from geo.campaign.records import EDITABLE_FIELDS, Action, place_action, validate_action
from geo.editing import change_summary
from geo.store.errors import ConcurrentEditError, StoreError


def save_action(store, boundaries, data: Mapping[str, Any], base: Action | None = None, door: str = "",
                may_edit: Callable[[str], bool] | None = None) -> tuple[Action | None, list[str]]:
    """Validate ``data``, derive municipality and wijk, and add or update the action.

    Returns the stored action and no errors, or None and the Dutch error messages; nothing
    is stored when there is an error. Every partner named must exist.
    """
    if may_edit is not None and base is not None and not may_edit(base.gemeente_nis):
        return None, [texts.ACTIE_GEEN_RECHTEN.format(gemeente=base.gemeente_nis)]
    placed, errors = prepared_action(data, boundaries, base, may_edit)
    if errors:
        return None, errors
    known = set(base.partner_ids() if base is not None else ())
    missing = [p for p in placed.partner_ids() if p not in known and store.get_partner(p) is None]
    if missing:
        return None, [texts.ACTIE_PARTNER_ONBEKEND.format(waarde=m) for m in missing]
    try:
        stored = store.action_update(placed, door) if base is not None else store.action_add(placed, door)
    except ConcurrentEditError as exc:
        return None, [other_change(store, base, exc.current) if exc.current is not None else str(exc)]
    except StoreError as exc:
        return None, [str(exc)]
    return stored, []


def prepared_action(data: Mapping[str, Any], boundaries, base: Action | None = None,
                    may_edit: Callable[[str], bool] | None = None, kinds=None) -> tuple[Action | None, list[str]]:
    """``data`` validated and placed (municipality and wijk), refused where ``may_edit`` says no; nothing stored."""
    draft, errors = validate_action(data, kinds, base=base)
    if errors:
        return None, errors
    placed, errors = place_action(draft, boundaries)
    if errors:
        return None, errors
    if may_edit is not None and not may_edit(placed.gemeente_nis):
        return None, [texts.ACTIE_GEEN_RECHTEN.format(gemeente=placed.gemeente_nis)]
    return placed, []


def delete_action(store, action_id: str, door: str = "", may_edit: Callable[[str], bool] | None = None) -> list[str]:
    """Delete one action; returns Dutch error messages (empty on success). The Logboek can put it back."""
    current = store.action_get(action_id)
    if current is None:
        return [texts.ACTIE_WEG]
    if may_edit is not None and not may_edit(current.gemeente_nis):
        return [texts.ACTIE_GEEN_RECHTEN.format(gemeente=current.gemeente_nis)]
    try:
        store.action_delete(action_id, door)
    except StoreError as exc:
        return [str(exc)]
    return []


def form_values(action: Action) -> dict[str, Any]:
    """The editable fields of an action as :func:`save_action` takes them (to change one field)."""
    return {name: getattr(action, name) for name in EDITABLE_FIELDS}


def other_change(store, opened: Action, current: Action) -> str:
    """Why a save was refused: who changed the action since it was opened, and what (Dutch)."""
    who, changes = change_summary(store, opened, current, EDITABLE_FIELDS)
    return texts.ACTIE_INTUSSEN_GEWIJZIGD.format(naam=current.titel, wie=who, gewijzigd=current.gewijzigd,
                                                 wijzigingen=changes)
