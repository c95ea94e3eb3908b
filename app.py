"""Partnerkaart: the app shell (page config, access, navigation, footer).

Who is using the session decides which pages exist: nobody gets the landing page with the
login form; a share link gets the read-only map pages of its municipality; organisers and
beheerders get everything they may use. A page that is not in the navigation cannot be
opened by URL either.
"""

import streamlit as st

from geo import texts
from pages import auth, ui

st.set_page_config(page_title=texts.APP_TITEL, page_icon="🗺️", layout="wide")
ui.static_assets()
ui.page_style()

access = auth.current_access()
st.session_state[ui.ACCESS_KEY] = access
auth.sync_cookie()

kaart = st.Page("pages/kaart.py", title=texts.UI_NAV_KAART, icon=":material/map:", default=access is not None)
map_pages = [
    kaart,
    st.Page("pages/dekking.py", title=texts.UI_NAV_DEKKING, icon=":material/layers:"),
    st.Page("pages/witte_vlekken.py", title=texts.UI_NAV_WITTE_VLEKKEN, icon=":material/crisis_alert:"),
    st.Page("pages/voortgang.py", title=texts.UI_NAV_VOORTGANG, icon=":material/trending_up:"),
]
if access is None:
    pages = [st.Page("pages/welkom.py", title=texts.UI_NAV_WELKOM, icon=":material/login:", default=True)]
elif access.read_only:
    pages = map_pages
else:
    pages = map_pages + [
        st.Page("pages/vlaanderen.py", title=texts.UI_NAV_VLAANDEREN, icon=":material/public:"),
        st.Page("pages/partners.py", title=texts.UI_NAV_PARTNERS, icon=":material/groups:"),
        st.Page("pages/acties.py", title=texts.UI_NAV_ACTIES, icon=":material/event:"),
        st.Page("pages/importeren.py", title=texts.UI_NAV_IMPORTEREN, icon=":material/table_view:"),
        st.Page("pages/gebied.py", title=texts.UI_NAV_GEBIED, icon=":material/upload_file:"),
        st.Page("pages/delen.py", title=texts.UI_NAV_DELEN, icon=":material/share:"),
        st.Page("pages/logboek.py", title=texts.UI_NAV_LOGBOEK, icon=":material/history:"),
    ]
    if access.is_admin:
        pages += [
            st.Page("pages/instellingen.py", title=texts.UI_NAV_INSTELLINGEN, icon=":material/tune:"),
            st.Page("pages/lagen.py", title=texts.UI_NAV_LAGEN, icon=":material/stacks:"),
            st.Page("pages/beheer.py", title=texts.UI_NAV_BEHEER, icon=":material/admin_panel_settings:"),
        ]
navigation = st.navigation(pages)
if access is not None:
    ui.account_box(access, auth.log_out)
    if ui.WELCOME_KEY in st.session_state:  # the first beheerder, just made through the setup link
        st.success(st.session_state.pop(ui.WELCOME_KEY), icon=":material/waving_hand:")
    if auth.problem():  # e.g. an organiser opened an expired share link
        st.warning(ui.plain(auth.problem()), icon=":material/link_off:")
    st.sidebar.caption(ui.sources_text())  # Welkom names the sources itself: no sidebar without navigation
navigation.run()
