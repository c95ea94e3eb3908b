"""Logboek: every change with who and when, filterable; a deleted partner can be restored."""

import json

import pandas as pd
import streamlit as st

from geo import texts
from geo.store import StoreError
from pages import ui

ui.use_app_shell()

ACTIONS = ("toegevoegd", "gewijzigd", "verwijderd", "hersteld", "import", "import ongedaan", "demo geladen",
           "demo verwijderd", "instelling gewijzigd", "hersteld uit backup", "laag toegevoegd", "laag gewijzigd",
           "laag vernieuwd", "laag verwijderd", texts.ACTIE_TOEGEVOEGD, texts.ACTIE_GEWIJZIGD, texts.ACTIE_VERWIJDERD,
           texts.ACTIE_HERSTELD)

FLASH = "logboek_melding"

st.title(texts.UI_LOGBOEK_TITEL)
access = ui.require_edit()
if FLASH in st.session_state:  # the restore of the last run, now in the table below
    st.success(st.session_state.pop(FLASH))
store = ui.partner_store()
official = ui.official_boundaries()
municipalities = None if official is None else official.gemeente_list()
names = {} if municipalities is None else dict(zip(municipalities["nis"], municipalities["naam"]))
own = None if access.gemeenten is None else sorted(access.gemeenten)

filters = st.columns(4)
gemeente = filters[0].selectbox(texts.UI_LOGBOEK_GEMEENTE, own or sorted(names), index=None,
                                format_func=lambda c: f"{names.get(c, c)} ({c})", placeholder=texts.UI_LOGBOEK_ALLE)
action = filters[1].selectbox(texts.UI_LOGBOEK_ACTIE, ACTIONS, index=None, placeholder=texts.UI_LOGBOEK_ALLE)
person = filters[2].text_input(texts.UI_LOGBOEK_WIE, max_chars=254).strip().lower() or None
limit = filters[3].number_input(texts.UI_LOGBOEK_AANTAL, min_value=10, max_value=5000, value=200, step=50)

# An organiser sees the lines of their own municipalities; a beheerder everything, also the
# lines without a municipality (imports for all of Flanders, settings, backups).
entries = store.audit_list([gemeente] if gemeente else own, action, person, limit=int(limit))


def _summary(entry) -> str:
    if entry.actie in (texts.ACTIE_TOEGEVOEGD, texts.ACTIE_VERWIJDERD, texts.ACTIE_HERSTELD):
        return ""  # the whole action is the image: its title is in the row
    if entry.actie in ("gewijzigd", texts.ACTIE_GEWIJZIGD) and entry.voor and entry.na:
        before, after = json.loads(entry.voor), json.loads(entry.na)
        changed = [k for k in after if k not in ("versie", "gewijzigd") and before.get(k) != after.get(k)]
        return texts.UI_LOGBOEK_VELDEN.format(velden=", ".join(changed) or "-")
    if entry.na and entry.actie not in ("toegevoegd", "hersteld"):
        return ", ".join(f"{k}: {v}" for k, v in json.loads(entry.na).items())
    return ""


if not entries:
    st.info(texts.UI_LOGBOEK_LEEG)
else:
    st.dataframe(pd.DataFrame([{
        texts.UI_KOLOM_NR: e.id, texts.UI_LOGBOEK_TIJDSTIP: e.tijdstip, texts.UI_LOGBOEK_WIE: e.gebruiker,
        texts.UI_LOGBOEK_ACTIE: e.actie, texts.UI_KOLOM_NAAM: e.naam,
        texts.UI_LOGBOEK_GEMEENTE: names.get(e.gemeente_nis, e.gemeente_nis), texts.UI_LOGBOEK_DETAILS: _summary(e)}
        for e in entries]), hide_index=True, width="stretch")


def _restore_section(deleted, heading: str, label: str, button: str, restore, title, key: str | None = None) -> None:
    """A picker of the deleted things (their audit lines) and a button that puts the chosen one back."""
    if not deleted:
        return
    st.subheader(heading)
    chosen = st.selectbox(label, [e.id for e in deleted], index=None, key=f"{key}_kies" if key else None,
                          format_func=lambda i: next(f"{e.naam} ({e.tijdstip}, {e.gebruiker or '-'})"
                                                     for e in deleted if e.id == i))
    if st.button(button, disabled=chosen is None, key=key, icon=":material/restore_from_trash:"):
        try:
            restored = restore(chosen, door=access.wie)
        except StoreError as exc:
            st.error(ui.plain(exc))
        else:
            st.session_state[FLASH] = texts.UI_LOGBOEK_HERSTELD.format(naam=ui.plain(title(restored)))
            st.rerun()  # so the table shows the restore and the picker no longer offers it


_restore_section([e for e in entries if e.actie == "verwijderd" and e.voor and access.can_edit(e.gemeente_nis)
                  and store.get_partner(e.partner_id) is None],  # not the ones restored (or back) already
                 texts.UI_LOGBOEK_HERSTELLEN, texts.UI_LOGBOEK_HERSTEL_KIES, texts.UI_LOGBOEK_HERSTEL,
                 store.restore_partner, lambda partner: partner.naam)
# A deleted action comes back the same way (geo.store.action_tables.ActionTables.action_restore).
_restore_section([e for e in entries if e.actie == texts.ACTIE_VERWIJDERD and e.voor and access.can_edit(e.gemeente_nis)
                  and store.action_get(e.partner_id) is None],
                 texts.UI_LOGBOEK_ACTIE_HERSTELLEN, texts.UI_LOGBOEK_ACTIE_HERSTEL_KIES, texts.UI_LOGBOEK_ACTIE_HERSTEL,
                 store.action_restore, lambda action: action.titel, key="actie_herstel")
ui.attribution_footer(official)
