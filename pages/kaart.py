"""Kaart: the wijken of one municipality with its partner organisations."""

import pandas as pd
import streamlit as st

from geo import texts
from geo.maps import municipality_map, percent
from geo.partners import TRUSTED_STATUSES
from geo.viewstate import PARTNERS, ViewOptions
from pages import ui, viewstate
from pages.folium_map import show_map
from pages.candidates import open_frame
from pages.unplaced import unplaced_section

ui.use_app_shell()

nis, boundaries, _, link_slot = ui.municipality_page(texts.UI_KAART_TITEL, overview_link=True)
viewstate.from_url("", ViewOptions(layers=[PARTNERS]), {PARTNERS: "kaart_partners"})
partners = ui.partners(nis)
located = [p for p in partners if p.has_location]
wijken = boundaries.wijk_table(nis)

coverage, coverage_settings, _ = ui.current_coverage(nis, filters=False)
shares = dict(zip(coverage["wijk_code"], coverage["gedekt_aandeel"]))
with st.container(horizontal=True, vertical_alignment="center"):  # wraps onto two lines on a phone
    ui.summary([(texts.UI_WIJKEN, len(wijken)), (texts.UI_PARTNERS, len(partners)),
                (texts.UI_VERTROUWD, sum(p.status in TRUSTED_STATUSES for p in partners)),
                (texts.UI_ZONDER_LOCATIE, len(partners) - len(located))])
    show_partners = st.toggle(texts.UI_LAAG_PARTNERS, key="kaart_partners")
context = ui.map_context().within(boundaries.bounds_of(nis))
viewstate.to_url({PARTNERS: show_partners})
with link_slot:
    viewstate.copy_link("", nis, {PARTNERS: show_partners})
show_map(lambda: municipality_map(boundaries, nis, partners, ui.categories(), ui.settings(), show_partners=show_partners,
                                  shares=shares, context=context, actions=ui.action_layer(nis),
                                  candidates=open_frame(nis)),
         ui.view_key("kaart", nis, boundaries, coverage_settings.key(), show_partners),
         key=f"kaart-{nis}", height=560, returned_objects=[])
if any(p.demo for p in partners):
    st.caption(texts.UI_DEMO_ACTIEF)
unplaced_section(nis, boundaries, partners)

per_wijk = pd.Series([p.wijk_code for p in located], dtype="object").value_counts()
trusted = pd.Series([p.wijk_code for p in located if p.status in TRUSTED_STATUSES], dtype="object").value_counts()
table = pd.DataFrame({
    texts.UI_KOLOM_WIJK: wijken["wijk_naam"],
    texts.UI_KOLOM_CODE: wijken["wijk_code"],
    texts.UI_KOLOM_OPPERVLAKTE: wijken["oppervlakte_km2"].round(2),
    texts.UI_PARTNERS: wijken["wijk_code"].map(per_wijk).fillna(0).astype(int),
    texts.UI_VERTROUWD: wijken["wijk_code"].map(trusted).fillna(0).astype(int),
    texts.UI_METRIEK_AANDEEL: [percent(shares.get(code)) for code in wijken["wijk_code"]],
})
st.subheader(texts.UI_WIJKEN_TABEL)
ui.overview_table(table, texts.UI_WIJKEN_TABEL)
ui.attribution_footer(boundaries, context, partners=partners)
