"""Instellingen: reach radius per kind of partner, which statuses count as trusted, the threshold."""

import streamlit as st

from geo import texts
from geo.partners import STATUSES
from geo.preferences import load_coverage_settings, save_coverage_settings
from geo.reach import CoverageSettings
from geo.store import StoreError
from pages import ui

ui.use_app_shell()

st.title(texts.UI_INSTELLINGEN_TITEL)
st.caption(texts.UI_INSTELLINGEN_UITLEG)
ui.require_admin()  # the settings hold for every municipality
store = ui.partner_store()
categories = ui.categories()
saved = load_coverage_settings(store)
overrides = dict(saved.radius_overrides)

if st.session_state.get("instellingen_melding"):
    st.success(st.session_state.pop("instellingen_melding"))

with st.form("instellingen"):
    trusted = st.multiselect(texts.UI_VERTROUWDE_STATUSSEN, list(STATUSES), default=list(saved.trusted_statuses))
    threshold = st.slider(texts.UI_DREMPEL, min_value=0, max_value=100, value=round(saved.threshold * 100), step=5,
                          format="%d %%")
    st.markdown(f"**{texts.UI_STRALEN}**")
    radii = {}
    columns = st.columns(3)
    for index, (code, category) in enumerate(categories.items()):
        radii[code] = columns[index % 3].number_input(
            category.label, min_value=50, max_value=50_000, step=50, value=int(overrides.get(code, category.bereik_m)),
            help=texts.UI_STRAAL_HULP.format(standaard=category.bereik_m, type=category.bereik_type), key=f"straal-{code}")
    if st.form_submit_button(texts.UI_BEWAREN, type="primary"):
        if not trusted:
            st.error(texts.UI_MINSTENS_EEN_STATUS)
        else:
            changed = {code: int(m) for code, m in radii.items() if int(m) != categories[code].bereik_m}
            chosen = CoverageSettings(trusted_statuses=tuple(trusted), radius_overrides=changed, threshold=threshold / 100)
            try:
                save_coverage_settings(store, chosen, ui.current_user())
            except StoreError as exc:
                st.error(ui.plain(exc))
            else:
                st.session_state["instellingen_melding"] = texts.UI_INSTELLINGEN_BEWAARD
                st.rerun()
if st.button(texts.UI_STANDAARD_HERSTELLEN, key="standaard"):
    try:
        save_coverage_settings(store, CoverageSettings(), ui.current_user())
    except StoreError as exc:
        st.error(ui.plain(exc))
    else:
        st.session_state["instellingen_melding"] = texts.UI_INSTELLINGEN_HERSTELD
        st.rerun()
