"""What a session sees of the actions, the list's filters, and the wijken actions reach.

Who sees what (the same rule as for partners, :mod:`geo.access`): a session that may edit a
municipality sees its actions whole. Anyone else (an organiser looking at another
municipality, a share link for its own) sees them read-only, without the private fields
(:data:`geo.campaign.records.PRIVATE_FIELDS`: notes, funding source and amount), without
cancelled actions, and naming only the partners that session may see (those that agreed to
take part); a share link sees nothing outside its municipality.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Sequence

from geo.access import Access
from geo.campaign.records import Action
from geo.partners import Partner

COUNTED_STATES = ("gepland", "gedaan")  # a cancelled action reaches nobody


def visible_actions(access: Access, actions: Iterable[Action], visible: Iterable[Partner]) -> list[Action]:
    """The actions this session may see, each with only what it may see.

    ``visible`` are the partners the session may see (:func:`geo.access.visible_partners`);
    links to other partners are left out of the actions it may not edit.
    """
    partner_ids = {p.id for p in visible}
    shown = []
    for action in actions:
        if access.can_edit(action.gemeente_nis):
            shown.append(action)
        elif action.status != "geannuleerd" and access.can_view(action.gemeente_nis):
            kept = tuple(link for link in action.partners if link.partner_id in partner_ids)
            shown.append(replace(action.public_copy(), partners=kept))
    return shown


def filter_actions(actions: Sequence[Action], kinds: Sequence[str] = (), states: Sequence[str] = (),
                   start: str = "", end: str = "", partner_id: str = "") -> list[Action]:
    """The actions of the chosen kinds and states, overlapping the period ``start``–``end``
    (ISO dates, either may be empty), with ``partner_id`` among their partners."""
    return [a for a in actions
            if (not kinds or a.soort in kinds) and (not states or a.status in states)
            and (not start or a.laatste_dag >= start) and (not end or a.datum <= end)
            and (not partner_id or partner_id in a.partner_ids())]


def reached_wijken(actions: Iterable[Action]) -> dict[str, list[Action]]:
    """The wijken reached by an action (planned or done, marked *reaches its wijk*), with those actions."""
    reached: dict[str, list[Action]] = {}
    for action in actions:
        if action.bereikt_wijk and action.wijk_code and action.status in COUNTED_STATES:
            reached.setdefault(action.wijk_code, []).append(action)
    return reached


def partner_names(action: Action, partners: dict[str, Partner]) -> list[str]:
    """``naam (rol)`` of each partner of the action that ``partners`` knows (by id)."""
    return [f"{partners[link.partner_id].naam} ({link.rol})" for link in action.partners
            if link.partner_id in partners]


# Dekking's view "bereikt door een actie": per wijk, covered by trusted partners and/or reached.
NEITHER, PARTNERS_ONLY, ACTION_ONLY, BOTH = 0, 1, 2, 3


def coverage_with_actions(coverage, actions: Iterable[Action]):
    """``coverage`` (one row per wijk, with ``witte_vlek``) with ``actie_bereikt`` and ``acties``.

    ``actie_bereikt`` is :data:`NEITHER`, :data:`PARTNERS_ONLY` (covered by trusted partners,
    no white spot), :data:`ACTION_ONLY` (a white spot reached by an action) or :data:`BOTH`;
    ``acties`` the titles of the actions reaching the wijk. The choropleth of Dekking shows the
    first, the table beside it both.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"wijk_code": ["A", "B"], "witte_vlek": [True, False]})
    >>> reached = Action("Stand", "stand", "2026-05-01", "1", wijk_code="A", bereikt_wijk=True)
    >>> coverage_with_actions(table, [reached])["actie_bereikt"].tolist()
    [2, 1]
    """
    reached = reached_wijken(actions)
    result = coverage.copy()
    covered = ~result["witte_vlek"].astype(bool)
    by_action = result["wijk_code"].isin(list(reached))
    result["actie_bereikt"] = (covered.astype(int) * PARTNERS_ONLY + by_action.astype(int) * ACTION_ONLY).astype(int)
    result["acties"] = [[a.titel for a in reached.get(code, [])] for code in result["wijk_code"]]
    return result
