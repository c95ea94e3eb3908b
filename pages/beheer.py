"""Beheer (beheerders only): accounts (add, role and municipalities, password, remove), backup and restore.

Every action runs in the script itself, after ``app.py`` checked this session's access
again (never in a widget callback, which would run before that check). The rules live in
:mod:`geo.accounts` and :mod:`geo.backup`; passwords only pass through, the table never
shows a hash.
"""

from datetime import datetime

import pandas as pd
import streamlit as st

from geo import texts
from geo.accounts import MIN_PASSWORD, ROLES, AccountError, add_user, change_user, remove_user, set_password
from geo.backup import BackupError, backup_gpkg, backup_info, restore_gpkg
from geo.store import StoreError
from pages import ui

ui.use_app_shell()

FLASH = "beheer_melding"
RESTORED = "beheer_herstel_melding"
BACKUP = "beheer_backup"

st.title(texts.UI_BEHEER_TITEL)
access = ui.require_admin()
store = ui.partner_store_plain()  # not ui.partner_store(): opening Beheer must not load demo data
official = ui.official_boundaries()
config = ui.settings()

places = {} if official is None else {row.nis: f"{row.naam} ({row.nis})"
                                      for row in official.gemeente_list().itertuples(index=False)}
places.update({code: f"{title} (eigen gebied)" for code, title in ui.custom_areas()})
known = None if official is None else set(places)


def flash(message: str) -> None:
    """Show ``message`` as a success after the rerun that refreshes the table."""
    st.session_state[FLASH] = message
    st.rerun()


def describe(user) -> str:
    """The municipalities of an account as names with codes (a beheerder has them all)."""
    if user.rol == "beheerder":
        return texts.UI_BEHEER_ALLE_GEMEENTEN
    return ", ".join(places.get(code, code) for code in user.gemeenten)


# -- accounts ---------------------------------------------------------------------------

st.subheader(texts.UI_BEHEER_ACCOUNTS)
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))
users = store.user_list()
if not users:
    st.info(texts.UI_BEHEER_GEEN_ACCOUNTS)
else:
    st.dataframe(pd.DataFrame([{
        texts.UI_EMAIL: user.email, texts.UI_BEHEER_NAAM: user.naam, texts.UI_BEHEER_KOLOM_ROL: user.rol,
        texts.UI_BEHEER_KOLOM_GEMEENTEN: describe(user),
        texts.UI_BEHEER_KOLOM_AANGEMAAKT: user.aangemaakt} for user in users]), hide_index=True, width="stretch",
        key="accounts_tabel")

with st.expander(texts.UI_BEHEER_TOEVOEGEN_KOP, icon=":material/person_add:"):
    with st.form("account_toevoegen", clear_on_submit=True):  # passwords never stay in the form
        email = st.text_input(texts.UI_EMAIL, max_chars=254, key="nieuw_email")
        naam = st.text_input(texts.UI_BEHEER_NAAM, max_chars=200, key="nieuw_naam")
        rol = st.selectbox(texts.UI_BEHEER_ROL, ROLES, index=ROLES.index("organisator"), key="nieuw_rol")
        codes = st.multiselect(texts.UI_BEHEER_GEMEENTEN, list(places), format_func=places.__getitem__,
                               help=texts.UI_BEHEER_GEMEENTEN_HULP, placeholder=texts.UI_BEHEER_KIES_GEMEENTEN,
                               key="nieuw_gemeenten")
        password = st.text_input(texts.UI_BEHEER_WACHTWOORD.format(minimum=MIN_PASSWORD), type="password",
                                 autocomplete="new-password", key="nieuw_wachtwoord")
        again = st.text_input(texts.UI_BEHEER_WACHTWOORD_HERHAAL, type="password", autocomplete="new-password",
                              key="nieuw_wachtwoord_herhaal")
        added = st.form_submit_button(texts.UI_BEHEER_TOEVOEGEN, type="primary", key="account_toevoegen_knop")
    if added:
        if password != again:
            st.error(texts.WACHTWOORDEN_VERSCHILLEN)
        else:
            try:
                user = add_user(store, email, naam, password, rol, codes, known)
            except (AccountError, StoreError) as exc:
                st.error(ui.plain(exc))
            else:
                flash(texts.UI_BEHEER_TOEGEVOEGD.format(email=ui.plain(user.email), rol=user.rol))

st.markdown(f"**{texts.UI_BEHEER_WIJZIGEN_KOP}**")
by_email = {user.email: user for user in users}
chosen = st.selectbox(texts.UI_BEHEER_KIES_ACCOUNT, list(by_email), index=None,
                      placeholder=texts.UI_BEHEER_KIES_ACCOUNT_HINT, format_func=lambda e: f"{by_email[e].naam} ({e})",
                      key="beheer_account")
if chosen is not None:
    user = by_email[chosen]
    own = user.email == access.wie
    choices = {**places, **{code: code for code in user.gemeenten if code not in places}}
    role_tab, password_tab, remove_tab = st.tabs([texts.UI_BEHEER_TAB_ROL, texts.UI_BEHEER_TAB_WACHTWOORD,
                                                  texts.UI_BEHEER_TAB_VERWIJDEREN])
    with role_tab, st.form(f"account_rol_{user.id}"):
        new_role = st.selectbox(texts.UI_BEHEER_ROL, ROLES, index=ROLES.index(user.rol) if user.rol in ROLES else 0,
                                key=f"rol_{user.id}")
        new_codes = st.multiselect(texts.UI_BEHEER_GEMEENTEN, list(choices), default=list(user.gemeenten),
                                   format_func=choices.__getitem__, help=texts.UI_BEHEER_GEMEENTEN_HULP,
                                   placeholder=texts.UI_BEHEER_KIES_GEMEENTEN, key=f"gemeenten_{user.id}")
        if st.form_submit_button(texts.UI_BEHEER_ROL_BEWAREN, type="primary", key="rol_bewaren"):
            if own and new_role != user.rol:
                st.error(texts.UI_BEHEER_EIGEN_ROL)
            else:
                try:
                    allowed = None if known is None else set(choices)
                    changed = change_user(store, user.email, new_role, new_codes, allowed)
                except (AccountError, StoreError) as exc:
                    st.error(ui.plain(exc))
                else:
                    scope = f": {describe(changed)}" if changed.gemeenten else ""
                    flash(texts.UI_BEHEER_ROL_GEWIJZIGD.format(email=ui.plain(changed.email), rol=changed.rol,
                                                               gemeenten=ui.plain(scope)))
    with password_tab, st.form(f"account_wachtwoord_{user.id}", clear_on_submit=True):
        password = st.text_input(texts.UI_BEHEER_NIEUW_WACHTWOORD.format(minimum=MIN_PASSWORD), type="password",
                                 autocomplete="new-password", key="wachtwoord_nieuw")
        again = st.text_input(texts.UI_BEHEER_WACHTWOORD_HERHAAL, type="password", autocomplete="new-password",
                              key="wachtwoord_herhaal")
        if st.form_submit_button(texts.UI_BEHEER_WACHTWOORD_BEWAREN, type="primary", key="wachtwoord_bewaren"):
            if password != again:
                st.error(texts.WACHTWOORDEN_VERSCHILLEN)
            else:
                try:
                    set_password(store, user.email, password)
                except (AccountError, StoreError) as exc:
                    st.error(ui.plain(exc))
                else:
                    flash(texts.UI_BEHEER_WACHTWOORD_GEWIJZIGD.format(email=ui.plain(user.email)))
    with remove_tab:
        confirmed = st.checkbox(texts.UI_BEHEER_VERWIJDEREN_BEVESTIG, key="verwijder_bevestig")
        if st.button(texts.UI_BEHEER_VERWIJDEREN, icon=":material/person_remove:", key="verwijder_account"):
            if own:
                st.error(texts.UI_BEHEER_EIGEN_ACCOUNT)
            elif not confirmed:
                st.error(texts.UI_BEHEER_VERWIJDEREN_NIET_BEVESTIGD)
            else:
                try:
                    remove_user(store, user.email)
                except (AccountError, StoreError) as exc:
                    st.error(ui.plain(exc))
                else:
                    del st.session_state["beheer_account"]
                    flash(texts.UI_BEHEER_VERWIJDERD.format(email=ui.plain(user.email)))

# -- backup and restore -----------------------------------------------------------------

st.subheader(texts.UI_BEHEER_BACKUP_KOP)
st.caption(texts.UI_BEHEER_BACKUP_UITLEG)
if st.button(texts.UI_BEHEER_BACKUP_MAKEN, icon=":material/database:", key="backup_maken"):
    try:
        made = backup_gpkg(store, official.attribution if official is not None else "")
    except StoreError as exc:
        st.error(ui.plain(exc))
    else:
        st.session_state[BACKUP] = (datetime.now(), backup_info(made).rijen.get("partner", 0), made)
if BACKUP in st.session_state:
    when, count, made = st.session_state[BACKUP]
    st.caption(texts.UI_BEHEER_BACKUP_KLAAR.format(tijd=when.strftime("%H:%M"), partners=count))
    st.download_button(texts.UI_BEHEER_BACKUP_DOWNLOAD, made, file_name=f"partnerkaart-backup-{when:%Y-%m-%d}.gpkg",
                       mime="application/geopackage+sqlite3", icon=":material/download:", on_click="ignore",
                       key="backup_download")

st.markdown(texts.UI_BEHEER_HERSTEL_UITLEG)
upload = st.file_uploader(texts.UI_BEHEER_HERSTEL_BESTAND, type=["gpkg"], max_upload_size=int(config.max_upload_mb),
                          key="herstel_bestand", help=ui.upload_limit())
confirmed = st.checkbox(texts.UI_BEHEER_HERSTEL_BEVESTIG, key="herstel_bevestig")
if st.button(texts.UI_BEHEER_HERSTEL, icon=":material/settings_backup_restore:", key="herstel_knop"):
    if upload is None:
        st.error(texts.UI_BEHEER_HERSTEL_GEEN_BESTAND)
    elif not confirmed:
        st.error(texts.UI_BEHEER_HERSTEL_NIET_BEVESTIGD)
    else:
        try:
            counts = restore_gpkg(store, upload.getvalue(), door=access.wie, max_bytes=config.max_upload_bytes,
                                  budget=ui.upload_budget())
        except (BackupError, StoreError) as exc:
            st.error(ui.plain(exc))
        else:  # rerun: the accounts table above then lists the restored accounts too
            st.session_state[RESTORED] = "\n".join([texts.UI_BEHEER_HERSTELD] + [
                f"- {texts.BACKUP_TABELNAMEN.get(table, table)}: {count}" for table, count in counts.items()])
            del st.session_state["herstel_bevestig"]
            st.rerun()
if RESTORED in st.session_state:
    st.success(st.session_state.pop(RESTORED))
ui.attribution_footer(official)
