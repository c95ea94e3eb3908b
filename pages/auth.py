"""Who is using this session: a share link, a login (form or OpenID Connect), or nobody.

Resolved again on every run, so a revoked link, an expired session or a removed account
stops working at the next click. The rules themselves live in :mod:`geo.access`,
:mod:`geo.accounts` and :mod:`geo.sharing`; this module only keeps Streamlit state.

A login survives a page reload through a cookie that holds a random session token (the
store keeps its hash). Streamlit can read cookies (``st.context.cookies``) but not set
them, so a hidden same-origin frame (``st.iframe``) sets or clears it in the browser.
"""

from __future__ import annotations

import json

import streamlit as st

from geo import texts
from geo.access import Access
from geo.accounts import SESSION_COOKIE, AccountError, authenticate, end_session, resume_session, start_session
from geo.sharing import SHARE_PARAM, ShareLinkError, check_token
from geo.store.records import UserRecord
from pages import ui

_LOGIN = "login_token"
_SHARE = "deellink_token"
_PROBLEM = "toegang_probleem"
_COOKIE_TODO = "cookie_todo"
COOKIE_FRAME = "sessiecookie"  # the container key of the frame that sets or clears the cookie


def current_access() -> Access | None:
    """This session's access, or None (then only the landing page is shown).

    A ``?deel=`` token in the URL wins (an organiser may open a share link to see what the
    council sees); otherwise the login of this session or of the session cookie.
    """
    st.session_state.pop(_PROBLEM, None)
    store = ui.partner_store_plain()
    token = st.query_params.get(SHARE_PARAM) or st.session_state.get(_SHARE)
    if token:
        try:
            link = check_token(store, token, st.query_params.get(ui.GEMEENTE_PARAM) or None)
        except ShareLinkError as exc:
            st.session_state.pop(_SHARE, None)
            st.session_state[_PROBLEM] = str(exc)
            return _logged_in(store)  # a logged-in organiser keeps their own access
        st.session_state[_SHARE] = token
        return Access.reader(link.gemeente_nis, f"deellink {link.id}")
    return _logged_in(store)


def _logged_in(store) -> Access | None:
    config = ui.settings()
    token = st.session_state.get(_LOGIN) or _cookie()
    if token:
        user = resume_session(store, token, config.sessie_inactief_minuten)
        if user is not None:
            st.session_state[_LOGIN] = token
            return Access.for_user(user)
        if st.session_state.pop(_LOGIN, None):
            st.session_state[_PROBLEM] = texts.UI_SESSIE_VERLOPEN
        st.session_state[_COOKIE_TODO] = ""
    return _oidc_user(store)


def _cookie() -> str | None:
    """The session cookie of this browser, if any (Streamlit's test runner has no browser)."""
    value = st.context.cookies.get(SESSION_COOKIE)
    return value if isinstance(value, str) else None


def _oidc_user(store) -> Access | None:
    """The account of a user logged in with OpenID Connect (``st.login``), if configured."""
    if not oidc_configured():
        return None
    user = st.user
    if not user.get("is_logged_in", False):
        return None
    account = store.user_get(str(user.get("email") or "").strip().lower())
    if account is None:
        st.session_state[_PROBLEM] = texts.UI_OIDC_GEEN_ACCOUNT.format(email=user.get("email") or "?")
        return None
    return Access.for_user(account)


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False
    except Exception:  # noqa: BLE001 - an unreadable secrets file means: no OIDC
        return False


def problem() -> str | None:
    """Why the last access check failed (Dutch), if it did."""
    return st.session_state.get(_PROBLEM)


def log_in(email: str, password: str) -> str | None:
    """Check the password and start a session; returns the Dutch error, or None on success."""
    try:
        user = authenticate(ui.partner_store_plain(), email, password)
    except AccountError as exc:
        return str(exc)
    log_in_as(user)
    return None


def log_in_as(user: UserRecord) -> None:
    """Start a login session for ``user`` (just authenticated, or just created by a setup link)."""
    token = start_session(ui.partner_store_plain(), user, ui.settings().sessie_uren)
    st.session_state[_LOGIN] = token
    st.session_state[_COOKIE_TODO] = token
    st.session_state.pop(_SHARE, None)


def log_out() -> None:
    end_session(ui.partner_store_plain(), st.session_state.pop(_LOGIN, "") or _cookie() or "")
    for key in list(st.session_state):
        if key != _COOKIE_TODO:
            del st.session_state[key]
    st.session_state[_COOKIE_TODO] = ""
    if oidc_configured() and st.user.get("is_logged_in", False):
        st.logout()


def share_token() -> str | None:
    """The share-link token of this session (for "Kopieer link"), if it is a read-only one."""
    return st.session_state.get(_SHARE)


def sync_cookie() -> None:
    """Set or clear the session cookie in the browser when a login or logout asked for it."""
    if _COOKIE_TODO not in st.session_state:
        return
    token = st.session_state.pop(_COOKIE_TODO)
    hours = ui.settings().sessie_uren
    age = int(hours * 3600) if token else 0
    script = (
        "<script>"
        f"const secure = window.parent.location.protocol === 'https:' ? '; Secure' : '';"
        f"window.parent.document.cookie = {json.dumps(SESSION_COOKIE)} + '=' + {json.dumps(token)} + "
        f"'; Path=/; Max-Age={age}; SameSite=Strict' + secure;"
        "</script>"
    )
    with st.container(key=COOKIE_FRAME):  # hidden by geo/web/app.css; the script still runs
        st.iframe(script, height=1, alt=texts.UI_SESSIECOOKIE)
