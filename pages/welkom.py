"""Welkom: what Partnerkaart is, the login form, why a share link did not open, and the
one-time setup link that makes the first beheerder (``?opzet=…``)."""

import streamlit as st

from geo import texts
from geo.accounts import MIN_PASSWORD, AccountError
from geo.setup_link import SETUP_PARAM, SetupLinkError, check_setup_token, create_first_admin
from geo.store import StoreError
from pages import auth, ui

ui.use_app_shell()
store = ui.partner_store_plain()


def _setup_form(token: str) -> None:
    """The form of a valid setup link: name, e-mail, password twice, the municipality to open."""
    st.subheader(texts.UI_OPZET_TITEL)
    st.markdown(texts.UI_OPZET_UITLEG.format(minimum=MIN_PASSWORD))
    official = ui.official_boundaries(explain=False)
    names = {} if official is None else dict(official.gemeente_list()[["nis", "naam"]].itertuples(index=False))
    with st.form("opzet", clear_on_submit=False):
        naam = st.text_input(texts.UI_OPZET_NAAM, max_chars=200, autocomplete="name")
        email = st.text_input(texts.UI_EMAIL, max_chars=254, autocomplete="username")
        password = st.text_input(texts.UI_WACHTWOORD, type="password", max_chars=256, autocomplete="new-password")
        again = st.text_input(texts.UI_OPZET_WACHTWOORD_HERHAAL, type="password", max_chars=256,
                              autocomplete="new-password")
        gemeente = st.selectbox(texts.UI_OPZET_GEMEENTE, list(names), index=None, format_func=names.__getitem__,
                                placeholder=texts.UI_TYP_GEMEENTE, help=texts.UI_OPZET_GEMEENTE_HULP) if names else None
        submitted = st.form_submit_button(texts.UI_OPZET_MAKEN, type="primary")
    if not submitted:
        return
    if names and gemeente is None:
        st.error(texts.UI_OPZET_KIES_GEMEENTE)
        return
    try:
        user = create_first_admin(store, token, naam, email, password, again, gemeente or "")
    except (AccountError, StoreError) as exc:
        st.error(ui.plain(exc))
        return
    auth.log_in_as(user)
    del st.query_params[SETUP_PARAM]
    if gemeente:
        st.query_params[ui.GEMEENTE_PARAM] = gemeente
    st.session_state[ui.WELCOME_KEY] = texts.UI_OPZET_GELUKT.format(naam=ui.plain(user.naam))
    st.rerun()


st.title(texts.APP_TITEL)
setup_token = st.query_params.get(SETUP_PARAM)
if setup_token:
    try:
        check_setup_token(store, setup_token)
    except SetupLinkError as exc:
        st.error(ui.plain(exc), icon=":material/link_off:")
    else:
        _setup_form(setup_token)
        st.stop()

st.markdown(texts.UI_WELKOM_UITLEG)
reason = auth.problem()
if reason:
    st.error(ui.plain(reason), icon=":material/link_off:")

if store.user_count() == 0:
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
