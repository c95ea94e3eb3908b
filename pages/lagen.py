"""Lagen (beheerders only): context layers beside the partners — shared cars, stations, mobipunten.

A layer comes from an uploaded file (CSV/Excel like the partner import, GeoJSON, GeoPackage,
a zipped Shapefile or a GTFS zip) or from a URL (GeoJSON, a GBFS feed, a GTFS zip) that the
server fetches, never the browser, or in one click from the list of known sources ("Kies een bron":
``data/bronnen.json``, for GBFS a system of MobilityData's catalogue). Adding, refreshing and removing go through
:mod:`geo.context.manage`, as ``python -m geo lagen`` does; every action runs in the script
after ``app.py`` checked this session's access. Below the layers, the sources of candidate
partners (:mod:`pages.candidate_sources`).
"""

from dataclasses import replace

import pandas as pd
import streamlit as st

from geo import texts
from geo.context.bronnen import catalogue_sources
from geo.context.catalogue import GbfsSystems, add_from_catalogue, gbfs_systems
from geo.context.fetch import FetchOptions, check_url
from geo.context.manage import add_layer, refresh_layer, replace_file
from geo.context.records import KIND_COLOURS, KINDS, ContextLayer
from geo.store import StoreError
from pages import ui
from pages.candidate_sources import candidate_sources_section

ui.use_app_shell()

FLASH = "lagen_melding"
FILE_TYPES = ["csv", "txt", "xlsx", "geojson", "json", "gpkg", "zip"]
URL_SOURCES = {"geojson": texts.UI_LAGEN_BRON_GEOJSON, "gbfs": texts.UI_LAGEN_BRON_GBFS,
               "gtfs": texts.UI_LAGEN_BRON_GTFS, "cambio": texts.UI_LAGEN_BRON_CAMBIO, "wfs": texts.UI_LAGEN_BRON_WFS,
               "csv": texts.UI_LAGEN_BRON_CSV}

st.title(texts.UI_LAGEN_TITEL)
st.caption(texts.UI_LAGEN_UITLEG)
access = ui.require_admin()
store = ui.partner_store_plain()
config = ui.settings()


def flash(message: str) -> None:
    """Show ``message`` as a success after the rerun that refreshes the list."""
    st.session_state[FLASH] = message
    st.rerun()


def done(layer: ContextLayer, verb: str) -> None:
    flash(texts.UI_LAGEN_KLAAR.format(naam=ui.plain(layer.naam), actie=verb, aantal=layer.objecten)
          + (f" {ui.plain(layer.melding)}" if layer.melding else ""))


@st.cache_data(ttl=600, show_spinner=False, max_entries=8)
def systems_of(_settings, bronnen: str, source_id: str) -> GbfsSystems:
    """The GBFS catalogue's systems (fetched at most every 10 minutes; the cache of geo keeps the last good copy)."""
    return gbfs_systems(_settings, source_id)


if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))

# -- the layers -----------------------------------------------------------------------------

layers = store.layer_list()
if not layers:
    st.info(texts.UI_LAGEN_GEEN)
else:
    st.dataframe(pd.DataFrame([{
        texts.UI_KOLOM_NAAM: layer.naam,
        texts.UI_LAGEN_SOORT: texts.LAAG_SOORTEN.get(layer.soort, layer.soort),
        texts.UI_LAGEN_BRON: layer.url or layer.bestand,
        texts.UI_LAGEN_OBJECTEN: layer.objecten,
        texts.UI_LAGEN_PUBLIEK: texts.UI_JA if layer.publiek else texts.UI_NEE,
        texts.UI_LAGEN_VERVERS: layer.ververs_minuten or "-",
        texts.UI_LAGEN_OPGEHAALD: layer.opgehaald[:16].replace("T", " "),
        texts.UI_LAGEN_MELDING: layer.melding,
    } for layer in layers]), hide_index=True, width="stretch")

for layer in layers:
    with st.expander(texts.UI_LAGEN_LAAG.format(naam=ui.plain(layer.naam), aantal=layer.objecten)):
        if layer.melding:
            st.warning(ui.plain(layer.melding))
        with st.form(f"laag-{layer.id}"):
            columns = st.columns([3, 2, 1, 1])
            naam = columns[0].text_input(texts.UI_KOLOM_NAAM, value=layer.naam, max_chars=200)
            soort = columns[1].selectbox(texts.UI_LAGEN_SOORT, KINDS, index=KINDS.index(layer.soort),
                                         format_func=texts.LAAG_SOORTEN.__getitem__)
            kleur = columns[2].color_picker(texts.UI_LAGEN_KLEUR, value=layer.kleur)
            symbool = columns[3].text_input(texts.UI_LAGEN_SYMBOOL, value=layer.symbool, max_chars=2)
            publiek = st.checkbox(texts.UI_LAGEN_PUBLIEK_VRAAG, value=layer.publiek)
            ververs = st.number_input(texts.UI_LAGEN_VERVERS_VRAAG, min_value=0, max_value=10080, step=5,
                                      value=layer.ververs_minuten, disabled=layer.bron == "bestand")
            bronvermelding = st.text_input(texts.UI_LAGEN_BRONVERMELDING, value=layer.bronvermelding, max_chars=500)
            if st.form_submit_button(texts.UI_LAGEN_BEWAREN):
                try:
                    changed = store.layer_update(replace(layer, naam=naam.strip(), soort=soort, kleur=kleur,
                                                         symbool=symbool.strip(), publiek=publiek,
                                                         ververs_minuten=int(ververs),
                                                         bronvermelding=bronvermelding.strip()), door=access.wie)
                except StoreError as exc:
                    st.error(ui.plain(exc))
                else:
                    done(changed, texts.UI_LAGEN_GEWIJZIGD)
        actions = st.columns(3)
        if layer.bron != "bestand" and actions[0].button(texts.UI_LAGEN_VERNIEUWEN, key=f"vernieuw-{layer.id}",
                                                         icon=":material/refresh:"):
            try:
                with st.spinner(texts.UI_LAGEN_BEZIG):
                    refreshed = refresh_layer(store, layer, config, door=access.wie)
            except StoreError as exc:
                st.error(ui.plain(exc))
            else:
                done(refreshed, texts.UI_LAGEN_VERNIEUWD)
        if layer.bron == "bestand":
            upload = actions[0].file_uploader(texts.UI_LAGEN_NIEUW_BESTAND, type=FILE_TYPES, key=f"bestand-{layer.id}",
                                              max_upload_size=int(config.max_upload_mb), help=ui.upload_limit())
            if upload is not None and actions[0].button(texts.UI_LAGEN_VERVANGEN, key=f"vervang-{layer.id}"):
                try:
                    with st.spinner(texts.UI_LAGEN_BEZIG):
                        replaced = replace_file(store, layer, upload.getvalue(), upload.name, config, door=access.wie)
                except (ValueError, StoreError) as exc:
                    st.error(ui.plain(exc))
                else:
                    done(replaced, texts.UI_LAGEN_VERVANGEN_KLAAR)
        confirm = actions[2].checkbox(texts.UI_LAGEN_VERWIJDER_BEVESTIG, key=f"weg-ok-{layer.id}")
        if actions[2].button(texts.UI_VERWIJDEREN, key=f"weg-{layer.id}", disabled=not confirm, icon=":material/delete:"):
            try:
                store.layer_delete(layer.id, door=access.wie)
            except StoreError as exc:
                st.error(ui.plain(exc))
            else:
                flash(texts.UI_LAGEN_VERWIJDERD.format(naam=ui.plain(layer.naam)))

# -- a source from the list ("Kies een bron") ----------------------------------------------------

st.subheader(texts.UI_BRONNEN_TITEL)
st.caption(texts.UI_BRONNEN_UITLEG)
try:
    choices = {choice.source.id: choice for choice in catalogue_sources(config)}
except ValueError as exc:
    st.error(ui.plain(texts.UI_BRONNEN_ONLEESBAAR.format(fout=exc)))
    choices = {}
if choices:
    source_id = st.selectbox(texts.UI_BRONNEN_BRON, list(choices), key="bron_keuze", format_func=lambda i: (
        choices[i].source.naam if choices[i].enabled else texts.UI_BRONNEN_UIT.format(naam=choices[i].source.naam)))
    choice = choices[source_id]
    st.caption(ui.plain(texts.UI_BRONNEN_LICENTIE.format(
        licentie=choice.source.licentie or "-", bronvermelding=choice.source.bronvermelding or "-",
        soort=texts.LAAG_SOORTEN.get(choice.source.soort, choice.source.soort))))
    if not choice.enabled:
        st.info(ui.plain(choice.reason))
    system_id = None
    ready = choice.enabled
    if choice.enabled and choice.source.catalogus is not None:
        try:
            with st.spinner(texts.UI_LAGEN_BEZIG):
                found = systems_of(config, str(config.lagen_bronnen), source_id)
        except ValueError as exc:
            st.error(ui.plain(exc))
            ready = False
        else:
            if found.note:
                st.warning(ui.plain(found.note))
            systems = {system.system_id: system for system in found.systems}
            if not systems:
                st.info(texts.UI_BRONNEN_GEEN_SYSTEMEN)
                ready = False
            else:
                system_id = st.selectbox(texts.UI_BRONNEN_SYSTEEM, list(systems), key="bron_systeem", format_func=lambda i: (
                    texts.UI_BRONNEN_SYSTEEM_AUTO if systems[i].autodelen else texts.UI_BRONNEN_SYSTEEM_ANDER).format(
                        naam=systems[i].naam, plaats=systems[i].plaats or systems[i].system_id))
    bron_publiek = st.checkbox(texts.UI_BRONNEN_PUBLIEK, key="bron_publiek")
    if st.button(texts.UI_BRONNEN_TOEVOEGEN, key="bron_toevoegen", type="primary", disabled=not ready):
        try:
            with st.spinner(texts.UI_LAGEN_BEZIG):
                added = add_from_catalogue(store, config, source_id, system_id=system_id, publiek=bron_publiek,
                                           door=access.wie)
        except (ValueError, StoreError) as exc:  # FetchError, LayerError, a missing key: Dutch, nothing stored
            st.error(ui.plain(exc))
        else:
            done(added, texts.UI_LAGEN_TOEGEVOEGD)

# -- a new layer ----------------------------------------------------------------------------

st.subheader(texts.UI_LAGEN_NIEUW)
from_url = st.radio(texts.UI_LAGEN_HERKOMST, [False, True], horizontal=True, key="laag_herkomst",
                    format_func=lambda url: texts.UI_LAGEN_VAN_URL if url else texts.UI_LAGEN_VAN_BESTAND)
with st.form("nieuwe_laag", clear_on_submit=False):
    columns = st.columns([3, 2, 1, 1])
    naam = columns[0].text_input(texts.UI_KOLOM_NAAM, max_chars=200, key="laag_naam")
    soort = columns[1].selectbox(texts.UI_LAGEN_SOORT, KINDS, format_func=texts.LAAG_SOORTEN.__getitem__,
                                 key="laag_soort")
    kleur = columns[2].color_picker(texts.UI_LAGEN_KLEUR, value=KIND_COLOURS["deelauto"], key="laag_kleur",
                                    help=texts.UI_LAGEN_KLEUR_HULP)
    symbool = columns[3].text_input(texts.UI_LAGEN_SYMBOOL, max_chars=2, key="laag_symbool",
                                    help=texts.UI_LAGEN_SYMBOOL_HULP)
    if from_url:
        bron = st.selectbox(texts.UI_LAGEN_BRON, list(URL_SOURCES), format_func=URL_SOURCES.__getitem__,
                            key="laag_bron")
        url = st.text_input(texts.UI_LAGEN_URL, key="laag_url", placeholder="https://…", max_chars=2000)
        ververs = st.number_input(texts.UI_LAGEN_VERVERS_VRAAG, min_value=0, max_value=10080, step=5, value=0,
                                  key="laag_ververs")
        upload = None
    else:
        bron, url, ververs = "bestand", "", 0
        upload = st.file_uploader(texts.UI_LAGEN_BESTAND, type=FILE_TYPES, key="laag_bestand",
                                  max_upload_size=int(config.max_upload_mb), help=ui.upload_limit())
    publiek = st.checkbox(texts.UI_LAGEN_PUBLIEK_VRAAG, key="laag_publiek")
    bronvermelding = st.text_input(texts.UI_LAGEN_BRONVERMELDING, max_chars=500, key="laag_bronvermelding",
                                   help=texts.UI_LAGEN_BRONVERMELDING_HULP)
    if st.form_submit_button(texts.UI_LAGEN_TOEVOEGEN, type="primary"):
        layer = ContextLayer(naam=naam.strip(), soort=soort, kleur=kleur, symbool=symbool.strip(), bron=bron,
                             url=url.strip(), bestand=upload.name if upload is not None else "", publiek=publiek,
                             ververs_minuten=int(ververs), bronvermelding=bronvermelding.strip())
        if not layer.naam:
            st.error(texts.UI_LAGEN_NAAM_NODIG)
        elif from_url and not layer.url:
            st.error(texts.UI_LAGEN_URL_NODIG)
        elif not from_url and upload is None:
            st.error(texts.UI_LAGEN_BESTAND_NODIG)
        else:
            try:
                if from_url:
                    check_url(layer.url, FetchOptions.from_settings(config))
                with st.spinner(texts.UI_LAGEN_BEZIG):
                    added = add_layer(store, layer, upload.getvalue() if upload is not None else None, config,
                                      door=access.wie)
            except (ValueError, StoreError) as exc:  # FetchError, LayerError: Dutch, nothing stored
                st.error(ui.plain(exc))
            else:
                done(added, texts.UI_LAGEN_TOEGEVOEGD)
candidate_sources_section(ui.official_boundaries(explain=False))
ui.attribution_footer(None)
