"""Vlaanderen: all wijken of Flanders and Brussels with clustered partners."""

import pandas as pd
import streamlit as st

from geo import texts
from geo.maps import flanders_map
from pages import ui
from pages.folium_map import show_map

ui.use_app_shell()

st.title(texts.UI_VLAANDEREN_TITEL)
st.caption(texts.UI_VLAANDEREN_UITLEG)
boundaries = ui.official_boundaries()
if boundaries is None:
    st.stop()
store = ui.partner_store()


partners = ui.partners()
context = ui.map_context()
clicked = show_map(lambda: flanders_map(boundaries, partners, ui.categories(), ui.settings(), context=context),
                   ui.view_key("vlaanderen", "", boundaries), key="vlaanderen", height=650,
                   returned_objects=["last_active_drawing"])
feature = (clicked or {}).get("last_active_drawing") or {}
code = str((feature.get("properties") or {}).get("gemeente_nis", ""))
if boundaries.find_gemeente(code):
    st.session_state["gemeente"] = code
    st.switch_page("pages/kaart.py", query_params={"gemeente": code})

counts = pd.Series([p.gemeente_nis for p in partners], dtype="object").value_counts()
table = boundaries.gemeente_list()
table["partners"] = table["nis"].map(counts).fillna(0).astype(int)
st.subheader(texts.UI_GEMEENTEN_TABEL)
st.dataframe(
    table.rename(columns={"nis": texts.UI_KOLOM_NIS, "naam": texts.UI_KOLOM_GEMEENTE, "wijken": texts.UI_WIJKEN,
                          "partners": texts.UI_PARTNERS}),
    hide_index=True, width="stretch",
)
ui.attribution_footer(boundaries, context)
