"""Create, edit and delete partners: validation, placement and storage in one step.

The partner pages and the command line both call these functions.
"""

from __future__ import annotations

from typing import Any, Mapping

from geo.partners import Partner, place_partner, validate_partner
from geo.store.errors import StoreError


def save_partner(store, boundaries, data: Mapping[str, Any], base: Partner | None = None) -> tuple[Partner | None, list[str]]:
    """Validate ``data``, derive municipality and wijk, and add or update the partner.

    Returns the stored partner and no errors, or None and the Dutch error messages;
    nothing is stored when there is an error.
    """
    draft, errors = validate_partner(data, base=base)
    if errors:
        return None, errors
    placed, errors = place_partner(draft, boundaries)
    if errors:
        return None, errors
    try:
        stored = store.update_partner(placed) if base is not None else store.add_partner(placed)
    except StoreError as exc:
        return None, [str(exc)]
    return stored, []


def delete_partner(store, partner_id: str) -> list[str]:
    """Delete one partner; returns Dutch error messages (empty on success)."""
    try:
        store.delete_partner(partner_id)
    except StoreError as exc:
        return [str(exc)]
    return []
