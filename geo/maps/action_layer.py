"""Joint actions on a map: one toggleable layer of diamonds with each kind's colour and symbol.

A partner is a circle and a context object a square; an action is a diamond with its kind's
symbol upright (``data/actiesoorten.json``), so shape and symbol tell them apart without colour.
Its tooltip names the action, its popup the kind, the date or period, the state and the
partners with their role (the partners the viewer may see), the people reached and whether it
reaches its wijk. Every text comes from a user or a file: it is escaped here. Actions with only
a wijk (no point) are not drawn; Dekking shows the wijken they reach.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import folium
from folium.template import Template

from geo import texts
from geo.campaign.kinds import ActionKind
from geo.campaign.records import Action
from geo.maps.layers import add_markers_script, luminance

_ADD_ACTIONS = add_markers_script("pk-action-icon")


@dataclass(frozen=True)
class ActionMap:
    """The actions a map shows (already filtered for who looks), their kinds and the partners' names by id."""

    actions: tuple[Action, ...] = ()
    kinds: Mapping[str, ActionKind] = field(default_factory=dict, repr=False)
    partner_names: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def located(self) -> list[Action]:
        return [a for a in self.actions if a.has_location]


def action_icon(kind: ActionKind | None) -> str:
    """The HTML of an action marker: a diamond in the kind's colour with its symbol (also in the legend)."""
    colour = kind.kleur if kind is not None else "#999999"
    ink = "#ffffff" if luminance([int(colour[i:i + 2], 16) for i in (1, 3, 5)]) < 0.33 else "#000000"
    symbol = html.escape(kind.symbool if kind is not None else "?")
    return f'<span class="pk-action" style="background:{colour}"><span style="color:{ink}">{symbol}</span></span>'


def add_actions(fmap: folium.Map, shown: ActionMap | None) -> None:
    """Add the actions with a point as one toggleable layer (nothing without such actions)."""
    if shown is None or not shown.located:
        return
    ActionMarkers(shown, texts.KAART_LAAG_ACTIES.format(aantal=len(shown.located))).add_to(fmap)


def legend_rows(shown: ActionMap | None) -> str:
    """Legend rows: each kind of action on the map with its diamond and label (escaped)."""
    if shown is None or not shown.located:
        return ""
    present = {a.soort for a in shown.located}
    rows = [f'<div class="pk-row">{action_icon(kind)}{html.escape(kind.label)}</div>'
            for code, kind in shown.kinds.items() if code in present]
    return f'<div class="pk-title">{html.escape(texts.KAART_LEGENDE_ACTIES)}</div>{"".join(rows)}'


class ActionMarkers(folium.FeatureGroup):
    """The actions as diamond markers, sent as one compact array."""

    _template = Template("{% macro script(this, kwargs) %}var {{ this.get_name() }} = L.featureGroup();"
                         + _ADD_ACTIONS + "{% endmacro %}")

    def __init__(self, shown: ActionMap, name: str):
        super().__init__(name=html.escape(name), show=True)
        self.points = action_points(shown)


def action_points(shown: ActionMap) -> list[list]:
    """``[lat, lon, icon, tooltip, popup]`` per action with a point, every text escaped."""
    points = []
    for action in shown.located:
        kind = shown.kinds.get(action.soort)
        label = html.escape(kind.label if kind is not None else action.soort)
        title = html.escape(action.titel)
        named = [f"{html.escape(shown.partner_names[link.partner_id])} ({html.escape(link.rol)})"
                 for link in action.partners if link.partner_id in shown.partner_names]
        lines = [f"<b>{title}</b>", f"{label} · {html.escape(action.periode)} · {html.escape(action.status)}",
                 f"{html.escape(texts.KAART_ACTIE_POPUP_PARTNERS)}: "
                 f"{', '.join(named) or html.escape(texts.KAART_ACTIE_POPUP_GEEN_PARTNERS)}"]
        if action.bereikt is not None:
            lines.append(html.escape(texts.KAART_ACTIE_MENSEN.format(aantal=action.bereikt)))
        if action.bereikt_wijk:
            lines.append(html.escape(texts.KAART_ACTIE_BEREIKT_WIJK))
        points.append([round(action.lat, 6), round(action.lon, 6), action_icon(kind),
                       f"{title} ({html.escape(action.periode)})", "<br>".join(lines)])
    return points


def action_map(actions: Sequence[Action], kinds: Mapping[str, ActionKind], partners) -> ActionMap:
    """An :class:`ActionMap` of ``actions`` naming the ``partners`` (the ones the viewer may see)."""
    return ActionMap(tuple(actions), dict(kinds), {p.id: p.naam for p in partners})
