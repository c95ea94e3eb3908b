"""The actions of one partner, shown in its detail on the Partners page (not a page of its own)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import texts
from geo.campaign.views import visible_actions
from geo.partners import Partner
from pages import ui


def partner_actions(store, partner: Partner) -> None:
    """A small table of the actions ``partner`` takes part in, with its role in each."""
    kinds = ui.action_kinds()
    found = [a for a in visible_actions(ui.access(), store.actions_of_partner(partner.id), ui.partners())
             if partner.id in a.partner_ids()]
    with st.expander(texts.UI_PARTNER_ACTIES_KOP, expanded=bool(found)):
        st.subheader(texts.UI_PARTNER_ACTIES_KOP)
        if not found:
            st.caption(texts.UI_PARTNER_ACTIES_GEEN)
            return
        st.dataframe(pd.DataFrame([{
            texts.UI_ACTIES_KOLOM_TITEL: a.titel,
            texts.UI_ACTIES_KOLOM_SOORT: kinds[a.soort].label if a.soort in kinds else a.soort,
            texts.UI_ACTIES_KOLOM_DATUM: a.periode,
            texts.UI_ACTIES_KOLOM_STATUS: a.status,
            texts.UI_ACTIES_KOLOM_ROL: next(link.rol for link in a.partners if link.partner_id == partner.id),
        } for a in found]), hide_index=True, width="stretch")
