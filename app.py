"""Partnerkaart: the app shell (page config, navigation, footer)."""

import streamlit as st

from geo import texts
from pages import ui

st.set_page_config(page_title=texts.APP_TITEL, page_icon="🗺️", layout="wide")
ui.static_assets()

navigation = st.navigation([
    st.Page("pages/kaart.py", title=texts.UI_NAV_KAART, icon=":material/map:", default=True),
    st.Page("pages/dekking.py", title=texts.UI_NAV_DEKKING, icon=":material/layers:"),
    st.Page("pages/witte_vlekken.py", title=texts.UI_NAV_WITTE_VLEKKEN, icon=":material/crisis_alert:"),
    st.Page("pages/vlaanderen.py", title=texts.UI_NAV_VLAANDEREN, icon=":material/public:"),
    st.Page("pages/partners.py", title=texts.UI_NAV_PARTNERS, icon=":material/groups:"),
    st.Page("pages/importeren.py", title=texts.UI_NAV_IMPORTEREN, icon=":material/table_view:"),
    st.Page("pages/gebied.py", title=texts.UI_NAV_GEBIED, icon=":material/upload_file:"),
    st.Page("pages/instellingen.py", title=texts.UI_NAV_INSTELLINGEN, icon=":material/tune:"),
])
st.sidebar.caption(ui.sources_text())
navigation.run()
