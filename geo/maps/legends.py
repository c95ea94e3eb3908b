"""Legends drawn over the maps: the kinds of partner and their engagement, the classes of a
choropleth, the outlines of white spots and weakly covered wijken, the numbered prospects.
"""

from __future__ import annotations

import html
from typing import Iterable

from branca.element import MacroElement
from folium.template import Template

from geo import texts
from geo.categories import Category
from geo.maps.action_layer import ActionMap
from geo.maps.action_layer import legend_rows as action_rows
from geo.maps.candidate_layer import legend_rows as candidate_rows
from geo.maps.context_layers import MapContext, legend_rows
from geo.maps.layers import PROSPECT_REACH_STYLE, STATUS_STYLE, partner_icon, rank_icon
from geo.partners import TRUSTED_STATUSES

# The symbols of the outlines in a legend, drawn like the map draws them.
LEGEND_SYMBOLS = {
    texts.ADVIES_WITTE_VLEK: '<span class="pk-box pk-spot"></span>',
    texts.ADVIES_ZWAK_GEDEKT: '<span class="pk-box" style="background:#ffffff;border:2.5px dotted #000000"></span>',
    "bereik": (f'<span class="pk-box" style="background:{PROSPECT_REACH_STYLE["fillColor"]}26;'
               f'border:1.5px solid {PROSPECT_REACH_STYLE["color"]}"></span>'),  # 26: a light fill, as on the map
}


class Legend(MacroElement):
    """A legend of the categories on the map and of the fill used for engagement."""

    _template = Template("""
        {% macro html(this, kwargs) %}{% endmacro %}
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "partnerkaart-legend");
                div.innerHTML = {{ this.markup|tojson }};
                L.DomEvent.disableClickPropagation(div);
                var details = div.querySelector("details");
                if (details && window.innerWidth < 640) { details.open = false; }  // a phone: folded over the map
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, categories: dict[str, Category], present: Iterable[str], open_: bool = True,
                 context: MapContext | None = None, actions: ActionMap | None = None, candidates=None):
        super().__init__()
        self._name = "Legend"
        self.markup = legend_html(categories, set(present), open_,
                                  legend_rows(context) + action_rows(actions) + candidate_rows(candidates))


class ClassLegend(Legend):
    """The classed legend of a choropleth, with the white-spot outline explained."""

    def __init__(self, title: str, classes, context: MapContext | None = None, note: str = "",
                 actions: ActionMap | None = None, candidates=None):
        MacroElement.__init__(self)
        self._name = "ClassLegend"
        rows = "".join(f'<div class="pk-row"><span class="pk-box" style="background:{colour}"></span>{html.escape(label)}</div>'
                       for _, colour, label in classes)
        source = f'<div class="pk-row pk-note" style="font-size:0.85em">{html.escape(note)}</div>' if note else ""
        self.markup = (f'<div class="pk-title">{html.escape(title)}</div>{rows}{_legend_row(texts.ADVIES_WITTE_VLEK)}'
                       f'{source}{legend_rows(context)}{action_rows(actions)}{candidate_rows(candidates)}')


class SpotLegend(Legend):
    """The legend of the white-spot map: both outlines and, with advice, the numbered
    markers and their reach."""

    def __init__(self, with_prospects: bool = True, context: MapContext | None = None, candidates=None):
        MacroElement.__init__(self)
        self._name = "SpotLegend"
        rows = [_legend_row(texts.ADVIES_WITTE_VLEK), _legend_row(texts.ADVIES_ZWAK_GEDEKT)]
        if with_prospects:
            rows += [_legend_row(texts.KAART_LEGENDE_KANDIDAAT, rank_icon(1)),
                     _legend_row(texts.KAART_LEGENDE_BEREIK, LEGEND_SYMBOLS["bereik"])]
        self.markup = (f'<details open><summary>{html.escape(texts.KAART_LEGENDE)}</summary>'
                       f'<div class="pk-title">{html.escape(texts.UI_WITTE_VLEKKEN)}</div>{"".join(rows)}'
                       f'{legend_rows(context)}{candidate_rows(candidates)}</details>')


def _legend_row(label: str, symbol: str | None = None) -> str:
    """One legend row: a symbol (by default that of ``label``) and the escaped label."""
    return f'<div class="pk-row">{LEGEND_SYMBOLS[label] if symbol is None else symbol}{html.escape(label)}</div>'


def legend_html(categories: dict[str, Category], present: set[str], open_: bool = True, extra: str = "") -> str:
    """Legend markup: every category with its symbol (those without partners here dimmed), the
    fill of each status, and ``extra`` rows (markup, e.g. the context layers)."""
    rows = []
    for category in categories.values():
        style = "" if category.code in present else ' style="opacity:0.45"'
        icon = partner_icon(category.kleur, html.escape(category.symbool), "zet zich mee in")
        rows.append(f'<div class="pk-row"{style}>{icon}{html.escape(category.label)}</div>')
    statuses = []
    for status in STATUS_STYLE:
        statuses.append(f'<div class="pk-row">{partner_icon("#333333", "", status)}'
                        f'{html.escape(status)}{" (vertrouwd)" if status in TRUSTED_STATUSES else ""}</div>')
    return (f'<details{" open" if open_ else ""}><summary>Legende</summary>'
            f'<div class="pk-title">Soort partner</div>{"".join(rows)}'
            f'<div class="pk-title">Betrokkenheid</div>{"".join(statuses)}{extra}</details>')
