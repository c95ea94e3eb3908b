"""Lagen, for beheerders: the sources of candidate partners they add (a federation's list of local
groups, as a file or a URL), listed with their number of candidates, and removed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import texts
from geo.candidates.own import add_source
from geo.candidates.records import CandidateSource
from geo.context.cache import shown_time
from geo.context.fetch import FetchOptions, check_url
from geo.store import StoreError
from pages import ui

FILE_TYPES = ["csv", "txt", "xlsx", "geojson", "json", "gpkg", "zip"]
URL_FORMATS = {"geojson": texts.UI_LAGEN_BRON_GEOJSON, "wfs": texts.UI_LAGEN_BRON_WFS, "csv": texts.UI_LAGEN_BRON_CSV}
_MESSAGE = "kandidaatbronnen_melding"
_FROM_COLUMN = ""  # the kind choice that means "a column gives it"


def candidate_sources_section(boundaries) -> None:
    """The list of added sources with "Verwijderen", and the form that adds one (nothing without boundaries)."""
    if boundaries is None:
        return
    access = ui.require_admin()
    store = ui.partner_store_plain()
    categories = ui.categories()
    st.subheader(texts.UI_KANDIDAATBRONNEN_TITEL)
    st.caption(texts.UI_KANDIDAATBRONNEN_UITLEG)
    message = st.session_state.pop(_MESSAGE, None)
    if message:
        (st.success if message[0] else st.warning)(ui.plain(message[1]))
    sources = store.candidate_sources()
    if sources:
        st.dataframe(pd.DataFrame({
            texts.UI_KOLOM_NAAM: [s.naam for s in sources],
            texts.UI_KANDIDAATBRONNEN_HERKOMST: [s.url or s.bestand for s in sources],
            texts.UI_KOLOM_SOORT: [categories[s.categorie].label if s.categorie in categories
                                   else texts.UI_KANDIDAATBRONNEN_UIT_KOLOM.format(kolom=s.kolom) for s in sources],
            texts.UI_KANDIDAATBRONNEN_AANTAL: [s.aantal for s in sources],
            texts.UI_KANDIDAATBRONNEN_OPGEHAALD: [shown_time(s.opgehaald) for s in sources],
            texts.UI_LAGEN_BRONVERMELDING: [s.attribution for s in sources],
            texts.UI_KANDIDAATBRONNEN_MELDING: [s.melding for s in sources],
        }), hide_index=True, width="stretch")
        with st.container(horizontal=True, vertical_alignment="bottom"):
            gone = st.selectbox(texts.UI_KANDIDAATBRONNEN_KIES, [s.id for s in sources], key="kandidaatbron_weg",
                                format_func={s.id: s.naam for s in sources}.__getitem__)
            if st.button(texts.UI_KANDIDAATBRONNEN_VERWIJDEREN, key="kandidaatbron_verwijderen",
                         icon=":material/delete:"):
                store.candidate_source_delete(int(gone), door=access.wie)
                st.session_state[_MESSAGE] = (True, texts.UI_KANDIDAATBRONNEN_VERWIJDERD)
                st.rerun()
    _add_form(store, boundaries, categories, access)


def _add_form(store, boundaries, categories, access) -> None:
    config = ui.settings()
    from_url = st.radio(texts.UI_KANDIDAATBRONNEN_HERKOMST_VRAAG, [False, True], horizontal=True, key="kandidaatbron_herkomst",
                        format_func=lambda url: texts.UI_LAGEN_VAN_URL if url else texts.UI_LAGEN_VAN_BESTAND)
    with st.form("nieuwe_kandidaatbron", clear_on_submit=False):
        columns = st.columns([3, 2, 2])
        naam = columns[0].text_input(texts.UI_KANDIDAATBRONNEN_NAAM, max_chars=200, key="kandidaatbron_naam")
        soort = columns[1].selectbox(texts.UI_KANDIDAATBRONNEN_SOORT, [_FROM_COLUMN, *categories],
                                     key="kandidaatbron_soort",
                                     format_func=lambda c: categories[c].label if c else texts.UI_KANDIDAATBRONNEN_KOLOM_KEUZE)
        kolom = columns[2].text_input(texts.UI_KANDIDAATBRONNEN_KOLOM, value="soort", max_chars=100,
                                      key="kandidaatbron_kolom", help=texts.UI_KANDIDAATBRONNEN_KOLOM_HULP)
        if from_url:
            formaat = st.selectbox(texts.UI_KANDIDAATBRONNEN_FORMAAT, list(URL_FORMATS), format_func=URL_FORMATS.__getitem__,
                                   key="kandidaatbron_formaat")
            url = st.text_input(texts.UI_KANDIDAATBRONNEN_URL, key="kandidaatbron_url", placeholder="https://…", max_chars=2000)
            upload = None
        else:
            formaat, url = "bestand", ""
            upload = st.file_uploader(texts.UI_KANDIDAATBRONNEN_BESTAND, type=FILE_TYPES, key="kandidaatbron_bestand",
                                      max_upload_size=int(config.max_upload_mb), help=ui.upload_limit())
        bronvermelding = st.text_input(texts.UI_KANDIDAATBRONNEN_VERMELDING, max_chars=500, key="kandidaatbron_vermelding",
                                       help=texts.UI_KANDIDAATBRONNEN_VERMELDING_HULP)
        if not st.form_submit_button(texts.UI_KANDIDAATBRONNEN_TOEVOEGEN, type="primary"):
            return
    source = CandidateSource(naam=naam, formaat=formaat, url=url, bestand=upload.name if upload is not None else "",
                             categorie=soort, kolom="" if soort else kolom, bronvermelding=bronvermelding)
    if not from_url and upload is None:
        st.error(texts.UI_LAGEN_BESTAND_NODIG)
        return
    try:
        if from_url:
            check_url(source.url, FetchOptions.from_settings(config))
        with st.spinner(texts.UI_LAGEN_BEZIG):
            stored, warnings = add_source(store, boundaries, source, upload.getvalue() if upload is not None else None,
                                          config, categories, door=access.wie)
    except (ValueError, StoreError) as exc:  # Dutch; nothing stored
        st.error(ui.plain(exc))
        return
    st.session_state[_MESSAGE] = (True, " ".join([texts.UI_KANDIDAATBRONNEN_TOEGEVOEGD.format(
        naam=stored.naam, aantal=stored.aantal), *warnings]))
    st.rerun()
