"""Show a folium map through streamlit-folium, built and rendered once per view of the same data.

``st_folium`` renders its folium map (Jinja templates, several passes) on every run, and the
page builds the map before that: together more than half of the server's work for a view of a
share link. When the whole mobility council opens that link at once, nothing on the map differs
between the first member and the tenth. :func:`show_map` therefore keeps the component's
arguments in a process-wide cache under a key the page gives: the page, the municipality, the
session's access, the store's data version and the view (switches, metric, filters). Every write
to the store moves the data version (an edit, an import, a setting, a layer refresh, on any
replica: the version lives in the store), so a changed map is never served from the cache.

The rendering repeats the first half of ``st_folium`` (streamlit-folium 0.27.4, pinned) with its
own helpers and hands the result to its component, so the browser gets exactly what
``st_folium`` sends; ``tests/pages/test_folium_map.py`` checks that they stay equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Hashable, Iterable

import folium
import folium.elements
import streamlit as st
from streamlit_folium import (_component_func, _get_header, _get_html, _get_map_string, generate_js_hash,
                              get_full_id)

_RETURNED = ("last_clicked", "last_object_clicked", "last_object_clicked_count", "last_object_clicked_tooltip",
             "last_object_clicked_popup", "all_drawings", "last_active_drawing", "bounds", "zoom",
             "last_circle_radius", "last_circle_polygon", "selected_layers", "selected_tags", "last_geocoder_result")


@dataclass(frozen=True)
class RenderedMap:
    """What streamlit-folium's component needs of one map, rendered (read-only; shared by sessions)."""

    script: str
    header: str
    html: str
    map_id: str
    hash_key: str
    defaults: dict
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def render_map(fmap: folium.Map, key: str, returned_objects: Iterable[str] | None) -> RenderedMap:
    """Render ``fmap`` as ``st_folium(fmap, key=key, returned_objects=…)`` does before it calls its component."""
    fmap.get_root().render()
    fmap.render()
    html = _get_html(fmap)
    header = _get_header(fmap)
    script = _get_map_string(fmap)
    wanted = None if returned_objects is None else set(returned_objects)
    defaults = {name: None for name in _RETURNED if wanted is None or name in wanted}
    if "bounds" in defaults:
        defaults["bounds"] = _bounds_dict(fmap.get_bounds())
    if "zoom" in defaults:
        defaults["zoom"] = fmap.options.get("zoom")
    css, js = _links(fmap)
    return RenderedMap(script, header, html, get_full_id(fmap), generate_js_hash(script, key, False), defaults,
                       css, js)


def show_map(build: Callable[[], folium.Map], cache_key: Hashable, *, key: str, height: int,
             returned_objects: list[str] | None = None) -> dict | None:
    """Show the map ``build()`` makes, full width, and return what the user did on it (as ``st_folium``).

    The map is built and rendered once per ``cache_key`` and process: the key must hold everything
    the map shows (data version, access, view; :func:`pages.ui.view_key`).
    """
    returned = None if returned_objects is None else tuple(returned_objects)
    rendered = _rendered(cache_key, key, returned, build)

    def remember_interaction() -> None:  # as st_folium: the component's value under the page's key
        st.session_state[key] = st.session_state.get(rendered.hash_key, {})

    return _component_func(script=rendered.script, header=rendered.header, html=rendered.html, id=rendered.map_id,
                           key=rendered.hash_key, height=height, width=None, returned_objects=returned_objects,
                           default=dict(rendered.defaults), zoom=None, center=None, feature_group=None,
                           return_on_hover=False, layer_control=None, pixelated=False,
                           css_links=list(rendered.css_links), js_links=list(rendered.js_links),
                           on_change=remember_interaction, wrap_longitude=False)


@st.cache_resource(show_spinner=False, max_entries=128, ttl=3600)  # maps of older data versions age out
def _rendered(cache_key: Hashable, key: str, returned_objects: tuple[str, ...] | None,
              _build: Callable[[], folium.Map]) -> RenderedMap:
    return render_map(_build(), key, returned_objects)


def _bounds_dict(bounds: list) -> dict[str, dict[str, float | None]]:
    (south, west), (north, east) = bounds
    return {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}


def _links(fmap: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The CSS and JavaScript files the map's elements ask for, in order, without repeats.

    (``st_folium`` would add d3 from a CDN for a branca colour map; the app's maps have none.)
    """
    css: list[str] = []
    js: list[str] = []
    for element in _elements(fmap):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def _elements(element):
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _elements(child)
