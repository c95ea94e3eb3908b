"""Candidate partners from open data on the organiser pages: the map layer, the search, the list per
white spot with "Voeg toe als te contacteren" and "Geen kandidaat". Never for a share link or a
session that may not edit the municipality."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import texts
from geo.candidates.adding import add_candidates, dismiss_candidates
from geo.candidates.listing import as_partners, municipality_candidates, open_candidates, spot_candidates
from geo.candidates.records import ATTRIBUTION, Candidate
from geo.candidates.search import enabled_sources, is_fresh, search_candidates
from geo.context.cache import shown_time
from pages import ui

_MESSAGE = "kandidaten_melding"


@st.cache_data(show_spinner=False, max_entries=16)
def _frame(url: str, data_version: int, nis: str) -> pd.DataFrame:
    return municipality_candidates(ui.partner_store(), nis)


def open_frame(nis: str) -> pd.DataFrame | None:
    """The open candidates of ``nis`` (not a partner, not dismissed, not added); None for a session
    that may not edit it (a share link never sees candidates)."""
    if not ui.access().can_edit(nis):
        return None
    store = ui.partner_store()
    return open_candidates(_frame(ui.settings().db, store.data_version(), nis))


def search_panel(nis: str, boundaries) -> None:
    """How many candidates there are and from when, a failed refresh's reason, and the button that fetches them."""
    if not ui.access().can_edit(nis):
        return
    store = ui.partner_store()
    settings = ui.settings()
    st.subheader(texts.UI_KANDIDATEN_TITEL)
    message = st.session_state.pop(_MESSAGE, None)
    if message:
        (st.success if message[0] else st.warning)(ui.plain(message[1]))
    searches = [(bron, store.candidate_search(nis, bron)) for bron in enabled_sources(settings)]
    done = [(bron, search) for bron, search in searches if search is not None and search.opgehaald]
    if not done:
        st.caption(texts.UI_KANDIDATEN_NOG_NIET)
    for bron, search in done:
        st.caption(texts.UI_KANDIDATEN_STAND.format(aantal=search.aantal, tijd=shown_time(search.opgehaald),
                                                    bron=ATTRIBUTION[bron])
                   + ("" if is_fresh(search, settings) else " " + texts.UI_KANDIDATEN_OUD))
    for _, search in searches:
        if search is not None and search.melding:
            st.warning(ui.plain(search.melding))
    _known_and_dismissed(nis, store)
    label = texts.UI_KANDIDATEN_VERNIEUWEN if done else texts.UI_KANDIDATEN_ZOEKEN
    if st.button(label, key="kandidaten_zoeken", icon=":material/travel_explore:"):
        with st.spinner(texts.UI_KANDIDATEN_BEZIG):
            outcome = search_candidates(store, boundaries, nis, settings)
        # a source that failed says why in its own note (kept in the store, shown below the counts): not twice
        if outcome.found or not outcome.failed:
            st.session_state[_MESSAGE] = (True, texts.UI_KANDIDATEN_GEVONDEN.format(aantal=outcome.found))
        st.rerun()


def spot_section(nis: str, boundaries, spots: pd.DataFrame, frame: pd.DataFrame | None, coverage_settings) -> None:
    """Per white spot the candidates in it or reaching it, missing kinds first; add or dismiss the chosen ones."""
    if frame is None or spots.empty:
        return
    categories = ui.categories()
    per_spot = spot_candidates(frame, spots, boundaries, categories, coverage_settings)
    names = dict(zip(spots["wijk_code"], spots["wijk_naam"]))
    ranks = dict(zip(spots["wijk_code"], spots["rang"]))
    options = [code for code in spots["wijk_code"] if len(per_spot[code])]
    if not options:
        st.info(texts.UI_KANDIDATEN_GEEN_IN_VLEKKEN)
        return
    code = st.selectbox(texts.UI_KANDIDATEN_VLEK, options, key="kandidaten_vlek",
                        format_func=lambda c: texts.UI_KANDIDATEN_VLEK_OPTIE.format(
                            rang=ranks[c], wijk=names[c], aantal=len(per_spot[c])))
    rows = per_spot[code]
    labels = {code: category.label for code, category in categories.items()}
    st.dataframe(pd.DataFrame({
        texts.UI_KOLOM_NAAM: rows["naam"].to_numpy(),
        texts.UI_KOLOM_SOORT: [labels.get(c, c) for c in rows["categorie"]],
        texts.UI_KANDIDATEN_KOLOM_ONTBREEKT: [texts.UI_JA if m else texts.UI_NEE for m in rows["ontbrekend"]],
        texts.UI_KANDIDATEN_KOLOM_AFSTAND: [texts.UI_KANDIDATEN_BINNEN if d == 0 else f"{d:.0f} m"
                                            for d in rows["afstand_m"]],
        texts.UI_KANDIDATEN_KOLOM_ADRES: rows["adres"].to_numpy(),
        texts.UI_KANDIDATEN_KOLOM_WAAROM: rows["detail"].to_numpy(),
    }), hide_index=True, width="stretch")
    st.caption(texts.UI_KANDIDATEN_BRON.format(bron="; ".join(sorted(set(rows["bronvermelding"])))))
    by_key = {f"{b}:{i}": (b, i) for b, i in zip(rows["bron"], rows["bron_id"])}
    shown = dict(zip(by_key, rows["naam"]))
    chosen = st.multiselect(texts.UI_KANDIDATEN_KIES, list(by_key), key=f"kandidaten_keuze_{code}",
                            format_func=lambda key: shown[key], placeholder=texts.UI_KANDIDATEN_KIES_HINT)
    with st.container(horizontal=True):
        add = st.button(texts.UI_KANDIDATEN_TOEVOEGEN, key="kandidaten_toevoegen", type="primary",
                        disabled=not chosen, icon=":material/person_add:")
        dismiss = st.button(texts.UI_KANDIDATEN_AFWIJZEN, key="kandidaten_afwijzen", disabled=not chosen,
                            icon=":material/visibility_off:")
    if add or dismiss:
        picked = _candidates(ui.partner_store(), nis, [by_key[k] for k in chosen])
        _act(picked, boundaries, add)


def _known_and_dismissed(nis: str, store) -> None:
    """Folded: the candidates that are already partners (with why), and the dismissed ones, which can come back."""
    frame = _frame(ui.settings().db, store.data_version(), nis)
    known = frame[frame["match_id"] != ""]
    if len(known):
        with st.expander(texts.UI_KANDIDATEN_AL_PARTNER.format(aantal=len(known)), icon=":material/link:"):
            st.dataframe(pd.DataFrame({
                texts.UI_KOLOM_NAAM: known["naam"].to_numpy(),
                texts.UI_KANDIDATEN_KOLOM_BRON: known["bronvermelding"].to_numpy(),
                texts.UI_KANDIDATEN_KOLOM_WAAROM_AL: known["match_uitleg"].to_numpy(),
            }), hide_index=True, width="stretch")
    dismissed = store.dismissals(nis)
    if not dismissed:
        return
    with st.expander(texts.UI_KANDIDATEN_AFGEWEZEN_KOP.format(aantal=len(dismissed)), icon=":material/visibility_off:"):
        names = {f"{d.bron}:{d.bron_id}": d.naam for d in dismissed}
        chosen = st.multiselect(texts.UI_KANDIDATEN_TERUG_KIES, list(names), key="kandidaten_terug_keuze",
                                format_func=lambda key: names[key], placeholder=texts.UI_KANDIDATEN_KIES_HINT)
        if st.button(texts.UI_KANDIDATEN_TERUGZETTEN, key="kandidaten_terugzetten", disabled=not chosen):
            for key in chosen:
                bron, bron_id = key.split(":", 1)
                store.candidate_undismiss(bron, bron_id, door=ui.access().wie)
            st.session_state[_MESSAGE] = (True, texts.UI_KANDIDATEN_TERUGGEZET.format(aantal=len(chosen)))
            st.rerun()


def advice_prospects(frame: pd.DataFrame | None) -> list:
    """The open candidates as prospects for the advice (ids ``kandidaat:…``); none without candidates."""
    return [] if frame is None or frame.empty else as_partners(frame)


def _candidates(store, nis: str, keys: list[tuple[str, str]]) -> list[Candidate]:
    wanted = set(keys)
    return [c for c in store.candidate_list(nis) if c.key in wanted]


def _act(picked: list[Candidate], boundaries, add: bool) -> None:
    store = ui.partner_store()
    door = ui.access().wie
    if add:
        try:
            run = add_candidates(store, boundaries, picked, door=door, categories=ui.categories())
        except ValueError as error:
            st.session_state[_MESSAGE] = (False, str(error))
        else:
            st.session_state[_MESSAGE] = (True, texts.UI_KANDIDATEN_TOEGEVOEGD.format(
                aantal=run.toegevoegd if run else 0))
    else:
        count = dismiss_candidates(store, picked, door=door)
        st.session_state[_MESSAGE] = (True, texts.UI_KANDIDATEN_AFGEWEZEN.format(aantal=count))
    st.rerun()
