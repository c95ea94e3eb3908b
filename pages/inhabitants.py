"""Inhabitants per wijk for the pages: the table the organiser uploaded in this session, else the
built-in Statbel figures (:mod:`geo.population`), loaded once per server process."""

from __future__ import annotations

import time

import streamlit as st

from geo import texts
from geo.boundaries import Boundaries
from geo.config import Settings
from pages import ui


def population(code: str | None = None):
    """The population table of this session with its cache key: the table the organiser uploaded,
    else the built-in inhabitants per wijk (Statbel; not for an own area), else ``("", None)``."""
    table = st.session_state.get("inwoners_tabel")
    if table is not None or (code or "").startswith("eigen-"):
        return (st.session_state.get("inwoners_sleutel", ""), table)
    builtin = builtin_population()
    if builtin is None:
        return ("", None)
    return (f"statbel-{builtin.year}-{builtin.file}", builtin.table)


def builtin_population():
    """The built-in inhabitants (:class:`geo.population.BuiltinPopulation`), or None when they cannot
    be had (:func:`population_note` says why)."""
    return _builtin_state()[0]


def population_note(code: str | None = None) -> str:
    """A Dutch line (Markdown escaped) on where this session's inhabitants come from, or why there are none."""
    table = st.session_state.get("inwoners_tabel")
    if table is not None:
        return ui.plain(texts.UI_INWONERS_EIGEN.format(bestand=table.attrs.get("bestand", "")))
    if (code or "").startswith("eigen-"):
        return ""
    builtin, why = _builtin_state()
    if builtin is None:
        return ui.plain(why)
    return ui.plain(" ".join([texts.UI_INWONERS_INGEBOUWD.format(bron=builtin.source), builtin.note]).strip())


def _builtin_state():
    """``(BuiltinPopulation or None, why not)``: loaded once per server process and tried again
    after an hour (a download that failed may work by then)."""
    boundaries = ui.official_boundaries(explain=False)
    if boundaries is None:
        return None, ""
    config = ui.settings()
    return _builtin_population(config, boundaries, ui.settings_key(), boundaries.fingerprint,
                               int(time.time() // _POPULATION_RETRY_S))


_POPULATION_RETRY_S = 3600


@st.cache_resource(show_spinner="Inwoners per wijk laden…", max_entries=4)
def _builtin_population(_settings: Settings, _boundaries: Boundaries, key: str, fingerprint: str, hour: int):
    """``(BuiltinPopulation or None, Dutch note when None)``."""
    from geo.population.builtin import PopulationUnavailable, load_builtin

    try:
        return load_builtin(_settings, _boundaries), ""
    except PopulationUnavailable as exc:
        return None, texts.INWONERS_ONBESCHIKBAAR.format(fout=exc)
