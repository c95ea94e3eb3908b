"""The demo set: about 40 fictional partners in Mechelen and Wijnegem.

It is loaded only into an empty store, is marked ``demo`` in the store, and can be
removed with one call (one click in the app).
"""

from __future__ import annotations

import csv
from pathlib import Path

from geo.config import PROJECT_ROOT
from geo.partners import Partner, place_partner, validate_partner

DEMO_FILE = PROJECT_ROOT / "data" / "demo_partners.csv"
DEMO_GEMEENTEN = ("12025", "11050")


def demo_partners(boundaries, path: Path = DEMO_FILE) -> list[Partner]:
    """The demo partners, validated and placed in their wijk."""
    partners = []
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            draft, errors = validate_partner({**row, "demo": True})
            placed, place_errors = place_partner(draft, boundaries) if draft else (None, [])
            if errors or place_errors or placed is None:
                raise ValueError(f"Demopartner {row.get('naam')!r} is ongeldig: {errors + place_errors}")
            partners.append(placed)
    return partners


def load_demo(store, boundaries, force: bool = False) -> int:
    """Load the demo set into an empty store; returns the number added.

    Without ``force`` the set is offered once per store (on first start); with it, an
    empty store gets the set again (the "Demogegevens laden" button).
    """
    if store.count_partners() > 0:
        return 0
    return store.load_demo(demo_partners(boundaries), force=force)
