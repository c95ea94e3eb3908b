"""The view in the URL, Streamlit side: a link's view into the widgets, the widgets into the URL,
and the "Kopieer link" button. The checks and the link itself are :mod:`geo.viewstate`.

:func:`from_url` runs before the widgets and :func:`to_url` after them. Streamlit's own
``bind="query-params"`` is not used: it writes an option's *label* into the URL (``?metriek=Partners``,
the Dutch wording, not the stable code), a widget's key must be the URL name (the wijk picker's key
is per municipality), and a bound switch with the same key on two pages (``partners`` on Kaart and
Dekking) returned its old value after a page switch while showing the URL's value.

Every value in the URL is checked by :func:`geo.viewstate.parse_view`: an invalid value from a
link gets a Dutch warning and the default, never an exception.
"""

from __future__ import annotations

import html
import json
from typing import Mapping

import streamlit as st

from geo import texts
from geo.viewstate import ViewOptions, app_base, encode_view, parse_view, share_url
from geo.sharing import SHARE_PARAM
from pages.auth import share_token
from pages.ui import plain

_SEEN = "_url_gezien"
"""Session key: every URL parameter as this session last saw or wrote it (name → tuple of values)."""
_PAGE = "_url_pagina"
"""Session key: the page of the previous run."""


def from_url(page: str, options: ViewOptions, keys: Mapping[str, str]) -> dict[str, object]:
    """Before the widgets: put the URL's view into the widgets and warn about invalid values.

    ``page`` is the page's URL path, ``keys`` maps a URL parameter (``metriek``, ``soorten``,
    ``statussen``, ``wijk``, ``bereik``, ``partners``) to the key of the widget that shows it
    (create that widget without a default: its value is put in ``st.session_state`` here).

    A value that is new in the URL (a link, a typed address, the browser's back button) wins
    over the widget; an invalid one gets a Dutch warning and the default. Otherwise the widget
    keeps its value; a widget that is new (another page, another municipality's wijk picker)
    gets the URL's value, else the value its key had on the previous page (the filters), else
    the default, silently. Returns the checked URL values of the page's parameters.
    """
    seen: dict[str, tuple[str, ...]] = st.session_state.get(_SEEN, {})
    page_switch = st.session_state.get(_PAGE) != page
    query = {name: tuple(st.query_params.get_all(name)) for name in st.query_params}
    new = {name: values for name, values in query.items() if seen.get(name) != values}
    linked, warnings = parse_view({name: list(values) for name, values in new.items()}, options)
    for warning in warnings:
        st.warning(plain(warning), icon=":material/link_off:")
    current, _ = parse_view({name: list(values) for name, values in query.items()}, options)
    for name, key in keys.items():
        removed = name in seen and name not in query and not page_switch
        if name in new or removed:
            value = linked[name]
        elif page_switch or key not in st.session_state:
            value = current[name]
            if name not in query and key in st.session_state:  # carried over from the previous page
                carried, _ = parse_view(encode_view({name: st.session_state[key]}), options)
                value = carried[name]
        else:
            continue
        st.session_state[key] = _widget_value(value)
    st.session_state[_SEEN] = query
    st.session_state[_PAGE] = page
    return current


def to_url(values: Mapping[str, object]) -> None:
    """After the widgets: write the page's view values into the URL (defaults left out)."""
    encoded = encode_view(values)
    seen: dict[str, tuple[str, ...]] = st.session_state.setdefault(_SEEN, {})
    for name in values:
        wanted = encoded.get(name)
        wanted_list = [] if wanted is None else [wanted] if isinstance(wanted, str) else list(wanted)
        if st.query_params.get_all(name) != wanted_list:
            if wanted_list:
                st.query_params[name] = wanted
            else:
                del st.query_params[name]
        if wanted_list:
            seen[name] = tuple(wanted_list)
        else:
            seen.pop(name, None)


def copy_link(page_path: str, gemeente: str, values: Mapping[str, object]) -> str:
    """The "Kopieer link" button: shows the link to the current view and copies it on a click.

    ``page_path`` is the page's URL path (``""`` for the default page), ``values`` the page's view
    values; a read-only share session's token goes along as ``deel``. Returns the link.
    """
    params: dict[str, str | list[str]] = {"gemeente": gemeente, **encode_view(values)}
    token = share_token()  # a read-only share session: its links carry the token
    if token:
        params[SHARE_PARAM] = str(token)
    url = share_url(app_base(st.context.url or "", page_path), page_path, params)
    st.html(_button_html(url), unsafe_allow_javascript=True)
    return url


def _widget_value(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _button_html(url: str) -> str:
    """A button that copies ``url`` (Clipboard API, falling back to selecting the text and
    ``execCommand('copy')``), beside the link itself and a status line.

    It is part of the page, not a frame of its own: the page's styles (``.pk-link`` in
    ``geo/web/app.css``) and theme apply, and a phone loads no extra document.
    """
    messages = json.dumps({"ok": texts.UI_LINK_GEKOPIEERD, "fout": texts.UI_LINK_NIET_GEKOPIEERD})
    messages = messages.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"""<div class="pk-link" role="group" aria-label="{html.escape(texts.UI_LINK_KADER)}">
<button type="button" title="{html.escape(texts.UI_LINK_UITLEG)}">{html.escape(texts.UI_KOPIEER_LINK)}</button>
<input type="text" readonly aria-label="{html.escape(texts.UI_LINK_KADER)}" value="{html.escape(url)}">
<span role="status" aria-live="polite"></span></div>
<script>
(() => {{
  const row = document.currentScript && document.currentScript.previousElementSibling;
  if (!row) return;
  const messages = {messages};
  const field = row.querySelector("input");
  const status = row.querySelector("[role=status]");
  field.addEventListener("focus", () => field.select());
  row.querySelector("button").addEventListener("click", async () => {{
    let copied = false;
    try {{
      await navigator.clipboard.writeText(field.value);
      copied = true;
    }} catch (error) {{
      field.focus();
      field.select();
      try {{ copied = document.execCommand("copy"); }} catch (ignored) {{ copied = false; }}
    }}
    status.textContent = copied ? messages.ok : messages.fout;
  }});
}})();
</script>"""
