"""Delen: read-only share links of a municipality for the mobility council (make, list, revoke)."""

from datetime import date, timedelta
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from geo import texts
from geo.sharing import ShareLinkError, create_link, link_state, link_url, revoke_link
from geo.store import StoreError
from pages import ui

ui.use_app_shell()

nis, boundaries, _, _ = ui.municipality_page(texts.UI_DELEN_TITEL)
access = ui.require_edit(nis)
store = ui.partner_store()
st.caption(texts.UI_DELEN_UITLEG)

with st.form("deellink_maken"):
    description = st.text_input(texts.UI_DELEN_OMSCHRIJVING, max_chars=200, placeholder=texts.UI_DELEN_OMSCHRIJVING_HINT)
    expires = st.toggle(texts.UI_DELEN_MET_EINDDATUM, value=True)
    last_day = st.date_input(texts.UI_DELEN_EINDDATUM, value=date.today() + timedelta(days=90), min_value=date.today(),
                             format="DD/MM/YYYY")
    made = st.form_submit_button(texts.UI_DELEN_MAKEN, type="primary", icon=":material/add_link:")
if made:
    try:
        link, token = create_link(store, nis, access.wie, last_day if expires else None, description)
    except (ShareLinkError, StoreError) as exc:
        st.error(ui.plain(exc))
    else:
        parts = urlsplit(st.context.url or ui.settings().basis_url)
        base = f"{parts.scheme}://{parts.netloc}/{st.get_option('server.baseUrlPath').strip('/')}"
        st.success(texts.UI_DELEN_GEMAAKT, icon=":material/link:")
        st.code(link_url(base, nis, token), language=None, wrap_lines=True)

links = store.share_list([nis])
st.subheader(texts.UI_DELEN_LIJST)
if not links:
    st.info(texts.UI_DELEN_GEEN)
else:
    st.dataframe(pd.DataFrame([{
        texts.UI_KOLOM_NR: link.id, texts.UI_DELEN_OMSCHRIJVING: link.omschrijving, texts.UI_KOLOM_STATUS: link_state(link),
        texts.UI_DELEN_EINDDATUM: link.verloopt or "-", texts.UI_DELEN_DOOR: link.aangemaakt_door,
        texts.UI_DELEN_AANGEMAAKT: link.aangemaakt} for link in links]), hide_index=True, width="stretch")
    active = [link for link in links if link_state(link) == "actief"]
    if active:
        chosen = st.selectbox(texts.UI_DELEN_INTREKKEN_KIES, [link.id for link in active], index=None,
                              format_func=lambda i: next(f"{x.id}: {x.omschrijving or '-'}" for x in active if x.id == i))
        if st.button(texts.UI_DELEN_INTREKKEN, disabled=chosen is None, icon=":material/link_off:"):
            try:
                revoke_link(store, chosen, [nis])
            except (ShareLinkError, StoreError) as exc:
                st.error(ui.plain(exc))
            else:
                st.rerun()
ui.attribution_footer(boundaries)
