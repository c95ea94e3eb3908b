"""Create, edit and delete partners: validation, placement and storage in one step.

The partner pages and the command line both call these functions.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from geo import texts
from geo.partners import EDITABLE_FIELDS, Partner, place_partner, validate_partner
from geo.store.errors import ConcurrentEditError, StoreError


def save_partner(store, boundaries, data: Mapping[str, Any], base: Partner | None = None, door: str = "",
                 may_edit: Callable[[str], bool] | None = None) -> tuple[Partner | None, list[str]]:
    """Validate ``data``, derive municipality and wijk, and add or update the partner.

    Returns the stored partner and no errors, or None and the Dutch error messages;
    nothing is stored when there is an error. ``door`` (who) goes to the audit log;
    ``may_edit(nis)`` refuses a partner that is, or would land, in a municipality the
    user may not change.
    """
    if may_edit is not None and base is not None and not may_edit(base.gemeente_nis):
        return None, [texts.GEEN_RECHTEN_GEMEENTE.format(gemeente=base.gemeente_nis)]
    draft, errors = validate_partner(data, base=base)
    if errors:
        return None, errors
    placed, errors = place_partner(draft, boundaries)
    if errors:
        return None, errors
    if may_edit is not None and not may_edit(placed.gemeente_nis):
        return None, [texts.GEEN_RECHTEN_GEMEENTE.format(gemeente=placed.gemeente_nis)]
    try:
        stored = store.update_partner(placed, door) if base is not None else store.add_partner(placed, door)
    except ConcurrentEditError as exc:
        return None, [other_change(store, base, exc.current) if exc.current is not None else str(exc)]
    except StoreError as exc:
        return None, [str(exc)]
    return stored, []


def place_at(store, boundaries, partner: Partner, lat: float, lon: float, door: str = "",
             may_edit: Callable[[str], bool] | None = None) -> tuple[Partner | None, list[str]]:
    """Give ``partner`` (e.g. one imported without coordinates) the location (WGS84) clicked or found.

    Its wijk, and its municipality when the point lies in another one, follow from the point;
    every other field stays as it is. Returns what :func:`save_partner` returns.
    """
    data = {name: getattr(partner, name) for name in EDITABLE_FIELDS}
    return save_partner(store, boundaries, {**data, "lat": lat, "lon": lon}, base=partner, door=door, may_edit=may_edit)


def locate_by_address(store, boundaries, geocoder, partner: Partner, door: str = "",
                      may_edit: Callable[[str], bool] | None = None):
    """Look the partner's address up again (the service, not the cache) and store the location when found.

    Returns ``(result, stored partner or None, errors)``; for an ambiguous answer the caller
    offers ``result.candidates`` and calls :func:`place_at` with the one chosen.
    """
    from geo.geocode import Address

    result = geocoder.refresh(Address(straat=partner.straat, huisnummer=partner.huisnummer, postcode=partner.postcode,
                                      gemeente=partner.plaats))
    if not result.found:
        return result, None, []
    stored, errors = place_at(store, boundaries, partner, result.lat, result.lon, door, may_edit)
    return result, stored, errors


def delete_partner(store, partner_id: str, door: str = "", may_edit: Callable[[str], bool] | None = None) -> list[str]:
    """Delete one partner; returns Dutch error messages (empty on success)."""
    current = store.get_partner(partner_id) if may_edit is not None else None
    if current is not None and not may_edit(current.gemeente_nis):
        return [texts.GEEN_RECHTEN_GEMEENTE.format(gemeente=current.gemeente_nis)]
    try:
        store.delete_partner(partner_id, door)
    except StoreError as exc:
        return [str(exc)]
    return []


def other_change(store, opened: Partner, current: Partner) -> str:
    """Why a save was refused: who changed the partner since it was opened, and what (Dutch)."""
    who, changes = change_summary(store, opened, current, EDITABLE_FIELDS)
    return texts.PARTNER_INTUSSEN_DOOR.format(naam=current.naam, wie=who, gewijzigd=current.gewijzigd,
                                              wijzigingen=changes)


def change_summary(store, opened: Any, current: Any, names: Sequence[str]) -> tuple[str, str]:
    """Who saved ``current`` last (its audit lines carry its id) and which of the fields ``names``
    differ from ``opened``, as Dutch text (``naam: 'oud' → 'nieuw'; …``). Also for joint actions."""
    changes = [f"{name}: '{_shown(getattr(opened, name))}' → '{_shown(getattr(current, name))}'"
               for name in names if getattr(opened, name) != getattr(current, name)]
    edits = store.audit_list(partner_id=current.id, limit=1)
    who = edits[0].gebruiker if edits and edits[0].gebruiker else texts.IEMAND_ANDERS
    return who, "; ".join(changes) or texts.GEEN_VELDEN


def _shown(value: Any) -> str:
    if isinstance(value, tuple):  # e.g. the partners of an action
        value = ", ".join(map(str, value))
    text = "" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "…"
