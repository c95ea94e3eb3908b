"""Witte vlekken: the wijken without a trusted partner, and whom to contact first, on a map."""

import pandas as pd
import streamlit as st

from geo import texts
from geo.advice import advise, white_spots
from geo.candidates.listing import is_prospect_candidate, source_of_prospect
from geo.maps import white_spot_map
from geo.partners import STATUSES
from geo.viewstate import ViewOptions
from pages import candidates, inhabitants, ui, viewstate
from pages.folium_map import show_map

ui.use_app_shell()

nis, boundaries, _, link_slot = ui.municipality_page(texts.UI_WITTE_VLEKKEN_TITEL)  # link_slot: "Kopieer link"
store = ui.partner_store()
categories = ui.categories()
viewstate.from_url("witte_vlekken", ViewOptions(categories=list(categories), statuses=STATUSES),
                   {"soorten": "filter_soorten", "statussen": "filter_statussen"})
coverage, coverage_settings, population = ui.current_coverage(nis)
view = {"soorten": st.session_state.get("filter_soorten") or [], "statussen": st.session_state.get("filter_statussen") or []}
viewstate.to_url(view)
with link_slot:
    viewstate.copy_link("witte_vlekken", nis, view)
population_key = inhabitants.population(nis)[0]
partners = ui.partners()
labels = {code: category.label for code, category in categories.items()}

per_wijk = ui.wijk_context(nis, boundaries)
distance = ui.settings().lagen_afstand_m
favour = per_wijk is not None and st.toggle(texts.UI_VLEKKEN_NABIJ.format(afstand=f"{distance:g}"), key="vlekken_nabij",
                                            help=texts.UI_VLEKKEN_NABIJ_HULP)
nearby = {"context": per_wijk.table if per_wijk is not None else None, "favour_nearby_m": distance if favour else None}


@st.cache_data(show_spinner=False, max_entries=32)
def _white_spots(view: tuple, _coverage, _partners, _settings, _nearby):
    """The white spots, found once per ``view`` (:func:`ui.view_key`: data version, access, settings, population)."""
    return white_spots(_coverage, _partners, boundaries, _settings, **_nearby)


spots = _white_spots(ui.view_key("witte_vlekken-vlekken", nis, boundaries, coverage_settings.key(), population_key,
                                 favour), coverage, partners, coverage_settings, nearby)
read_only = ui.access().read_only  # whom to contact next is the organisers' working list: not for share links
st.caption(texts.UI_WITTE_VLEKKEN_UITLEG.format(drempel=round(coverage_settings.threshold * 100),
                                                 maat=texts.UI_MAAT_INWONERS if population is not None else
                                                 texts.UI_MAAT_OPPERVLAKTE) + " " + inhabitants.population_note(nis))
map_slot = st.container()  # the map, drawn below once the advice (numbered on it) is known
if spots.empty:
    st.success(texts.UI_GEEN_WITTE_VLEKKEN)
else:
    st.dataframe(pd.DataFrame({
        "#": spots["rang"],
        texts.UI_KOLOM_WIJK: spots["wijk_naam"],
        texts.UI_KOLOM_SOORT_VLEK: spots["soort"],
        texts.UI_METRIEK_AANDEEL: (spots["gedekt_aandeel"] * 100).round(0).astype(int).astype(str) + " %",
        (texts.UI_KOLOM_ONGEDEKT_INWONERS if population is not None else texts.UI_KOLOM_ONGEDEKT_KM2):
        spots["ongedekte_inwoners"].round(0) if population is not None else spots["ongedekt_km2"].round(2),
        texts.UI_KOLOM_ONTBREKEND: [", ".join(labels.get(c, c) for c in codes) for codes in spots["ontbrekende_categorieen"]],
        texts.UI_KOLOM_KANDIDATEN: [", ".join(f"{n} ({d:.0f} m)" for n, d in zip(names, dists))
                                    for names, dists in zip(spots["prospecten"], spots["prospect_afstanden_m"])],
        **({texts.UI_KOLOM_NABIJ: spots["nabij_uitleg"]} if "nabij_uitleg" in spots else {}),
    }), hide_index=True, width="stretch")


open_candidates = candidates.open_frame(nis)  # None for a share link or a reader
candidates.search_panel(nis, boundaries)
candidates.spot_section(nis, boundaries, spots, open_candidates, coverage_settings)


@st.cache_data(show_spinner="Advies berekenen…", max_entries=32)
def _advice(code: str, settings_key: str, data_version: int, population_key: str, access_key: str, k: int, favour: bool,
            with_candidates: bool, _settings, _population, _nearby, _prospects):
    return advise(boundaries, code, ui.partners() + _prospects, categories, _settings, k, _population, **_nearby)


advice = []
prospects = []  # the candidates the advice may propose, as partners 'te contacteren'
if not read_only:
    st.subheader(texts.UI_ADVIES_TITEL)
    st.caption(texts.UI_ADVIES_UITLEG)
    k = st.number_input(texts.UI_ADVIES_K, min_value=1, max_value=25, value=5, step=1, key="advies_k")
    with_candidates = (open_candidates is not None and not open_candidates.empty
                       and st.toggle(texts.UI_ADVIES_MET_KANDIDATEN, value=True, key="advies_kandidaten"))
    prospects = candidates.advice_prospects(open_candidates) if with_candidates else []
    advice = _advice(nis, coverage_settings.key(), store.data_version(), population_key, ui.access().key, int(k),
                     bool(favour), with_candidates, coverage_settings, population, nearby, prospects)
    if not advice:
        st.info(texts.UI_GEEN_ADVIES)
    else:
        wijk_names = dict(zip(coverage["wijk_code"], coverage["wijk_naam"]))
        names = store.candidate_source_names()
        st.dataframe(pd.DataFrame([{
            "#": rank,
            texts.UI_KOLOM_NAAM: a.naam,
            texts.UI_KOLOM_SOORT: labels.get(a.categorie, a.categorie),
            texts.UI_KOLOM_STATUS: texts.ADVIES_KANDIDAAT_STATUS if is_prospect_candidate(a.partner_id) else a.status,
            texts.UI_KOLOM_WINST: f"{a.gain:,.0f} inwoners".replace(",", ".") if a.eenheid == "inwoners"
            else f"{a.gain:.2f} km²".replace(".", ","),
            texts.UI_KOLOM_NIEUW_GEDEKT: ", ".join(wijk_names.get(c, c) for c in a.wijken_nieuw_gedekt),
            texts.UI_KOLOM_REDEN: f"{a.reason} {texts.ADVIES_KANDIDAAT_REDEN.format(bron=source_of_prospect(a.partner_id, names))}"
            if is_prospect_candidate(a.partner_id) else a.reason,
        } for rank, a in enumerate(advice, start=1)]), hide_index=True, width="stretch")
context = ui.map_context().within(boundaries.bounds_of(nis))
with map_slot:
    show_map(lambda: white_spot_map(boundaries, nis, coverage, spots, advice, partners + prospects, categories,
                                    ui.settings(), coverage_settings, context=context, candidates=open_candidates),
             ui.view_key("witte_vlekken", nis, boundaries, coverage_settings.key(), population_key, favour,
                         *(() if read_only else (int(k), with_candidates))),
             key=f"witte-vlekken-{nis}", height=520, returned_objects=[])
ui.attribution_footer(boundaries, context, population, partners=partners)
