"""Welkom: what Partnerkaart is, the login form, and why a share link did not open."""

import streamlit as st

from geo import texts
from pages import auth, ui

ui.use_app_shell()

st.title(texts.APP_TITEL)
st.markdown(texts.UI_WELKOM_UITLEG)
reason = auth.problem()
if reason:
    st.error(ui.plain(reason), icon=":material/link_off:")

if ui.partner_store_plain().user_count() == 0:
    st.info(texts.UI_EERSTE_BEHEERDER, icon=":material/person_add:")

st.subheader(texts.UI_AANMELDEN)
with st.form("aanmelden", clear_on_submit=False):
    email = st.text_input(texts.UI_EMAIL, max_chars=254, autocomplete="username")
    password = st.text_input(texts.UI_WACHTWOORD, type="password", max_chars=256, autocomplete="current-password")
    submitted = st.form_submit_button(texts.UI_AANMELDEN, type="primary")
if submitted:
    error = auth.log_in(email, password)
    if error:
        st.error(ui.plain(error))
    else:
        st.rerun()
if auth.oidc_configured():
    st.button(texts.UI_AANMELDEN_OIDC, on_click=st.login, key="oidc")
st.caption(texts.UI_DEELLINK_UITLEG)
st.divider()
st.caption(ui.sources_text())
