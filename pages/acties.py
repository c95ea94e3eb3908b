"""Acties: the joint actions of a municipality with its partners; filter, add, edit, delete, import, export."""

from datetime import date

import pandas as pd
import streamlit as st

from geo import texts
from geo.campaign.actions import delete_action, save_action
from geo.campaign.records import ROLES, STATES, Action, ActionPartner
from geo.campaign.table_io import action_frame, export_bytes, import_actions
from geo.campaign.views import filter_actions
from pages import ui

ui.use_app_shell()

FLASH = "acties_melding"
TEXT_FIELDS = ("titel", "lat", "lon", "bereikt", "financiering", "bedrag", "notities")

nis, boundaries, _, _ = ui.municipality_page(texts.UI_ACTIES_TITEL)
access = ui.require_edit()
editable = access.can_edit(nis)
store = ui.partner_store()
kinds = ui.action_kinds()
st.caption(texts.UI_ACTIES_UITLEG)
if not editable:
    st.info(texts.UI_ACTIES_ALLEEN_BEKIJKEN, icon=":material/visibility:")
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))

actions = ui.actions(nis)
partners = {p.id: p for p in ui.partners()}
local = {p.id: p for p in partners.values() if p.gemeente_nis == nis}
wijk_table = boundaries.wijk_table(nis)
wijk_names = dict(zip(wijk_table["wijk_code"], wijk_table["wijk_naam"]))


def _start_editing(action: Action | None) -> None:
    """Fill the form's widgets from ``action`` (or blank for a new one)."""
    st.session_state["actie_bewerk"] = action
    st.session_state["actie_bewerk_actief"] = True
    st.session_state["actie_bevestig"] = False
    for name in TEXT_FIELDS:
        value = getattr(action, name) if action is not None else None
        st.session_state[f"a_{name}"] = "" if value is None else str(value).replace(".", ",") if name in (
            "lat", "lon", "bedrag") else str(value)
    st.session_state["a_soort"] = action.soort if action else next(iter(kinds))
    st.session_state["a_status"] = action.status if action else STATES[0]
    st.session_state["a_datum"] = date.fromisoformat(action.datum) if action else date.today()
    st.session_state["a_einddatum"] = date.fromisoformat(action.einddatum) if action and action.einddatum else None
    st.session_state["a_wijk"] = action.wijk_code if action and action.wijk_code and not action.has_location else None
    st.session_state["a_bereikt_wijk"] = bool(action and action.bereikt_wijk)
    links = action.partners if action else ()
    st.session_state["a_organiseert"] = [p.partner_id for p in links if p.rol == ROLES[1] and p.partner_id in partners]
    st.session_state["a_communiceert"] = [p.partner_id for p in links if p.rol == ROLES[0] and p.partner_id in partners]


def _stop_editing(message: str | None = None) -> None:
    st.session_state["actie_bewerk_actief"] = False
    st.session_state["actie_bewerk"] = None
    if message:
        st.session_state[FLASH] = message
    st.rerun()


def _partner_names(action: Action) -> str:
    return "; ".join(f"{partners[p.partner_id].naam} ({p.rol})" if p.partner_id in partners
                     else f"{texts.ACTIE_VERWIJDERDE_PARTNER} ({p.rol})" for p in action.partners)


def _place(action: Action) -> str:
    wijk = wijk_names.get(action.wijk_code, action.wijk_code)
    if action.has_location:
        return f"{wijk} ({action.lat:.5f}, {action.lon:.5f})"
    return wijk or "-"


# -- the list -----------------------------------------------------------------------------------
filters = st.columns([2, 2, 2, 3])
chosen_kinds = filters[0].multiselect(texts.UI_ACTIES_FILTER_SOORT, list(kinds), format_func=lambda c: kinds[c].label,
                                      key="actie_filter_soort")
chosen_states = filters[1].multiselect(texts.UI_ACTIES_FILTER_STATUS, list(STATES), key="actie_filter_status")
period = filters[2].date_input(texts.UI_ACTIES_FILTER_PERIODE, value=(), format="DD/MM/YYYY", key="actie_filter_periode")
involved = sorted({link.partner_id for a in actions for link in a.partners if link.partner_id in partners},
                  key=lambda i: partners[i].naam.casefold())
# Without partners in any action the filter is left out: Streamlit would draw an empty one greyed out (disabled),
# in a contrast below WCAG AA, for a choice that does not exist.
chosen_partner = filters[3].selectbox(texts.UI_ACTIES_FILTER_PARTNER, involved, index=None,
                                      format_func=lambda i: partners[i].naam,
                                      key="actie_filter_partner") if involved else None
start = period[0].isoformat() if len(period) > 0 else ""
end = period[1].isoformat() if len(period) > 1 else ""
shown = filter_actions(actions, chosen_kinds, chosen_states, start, end, chosen_partner or "")
st.caption(texts.UI_ACTIES_AANTAL.format(getoond=len(shown), totaal=len(actions)))
if not actions:
    st.info(texts.UI_ACTIES_GEEN)
table = pd.DataFrame([{
    texts.UI_ACTIES_KOLOM_TITEL: a.titel,
    texts.UI_ACTIES_KOLOM_SOORT: kinds[a.soort].label if a.soort in kinds else a.soort,
    texts.UI_ACTIES_KOLOM_DATUM: a.periode,
    texts.UI_ACTIES_KOLOM_STATUS: a.status,
    texts.UI_ACTIES_KOLOM_PLAATS: _place(a),
    texts.UI_ACTIES_KOLOM_BEREIKT_WIJK: a.bereikt_wijk,
    texts.UI_ACTIES_KOLOM_PARTNERS: _partner_names(a),
    texts.UI_ACTIES_KOLOM_BEREIKT: a.bereikt,
    **({texts.UI_ACTIES_KOLOM_FINANCIERING: a.financiering, texts.UI_ACTIES_KOLOM_BEDRAG: a.bedrag} if editable else {}),
} for a in shown], columns=[texts.UI_ACTIES_KOLOM_TITEL, texts.UI_ACTIES_KOLOM_SOORT, texts.UI_ACTIES_KOLOM_DATUM,
                            texts.UI_ACTIES_KOLOM_STATUS, texts.UI_ACTIES_KOLOM_PLAATS,
                            texts.UI_ACTIES_KOLOM_BEREIKT_WIJK, texts.UI_ACTIES_KOLOM_PARTNERS,
                            texts.UI_ACTIES_KOLOM_BEREIKT]
           + ([texts.UI_ACTIES_KOLOM_FINANCIERING, texts.UI_ACTIES_KOLOM_BEDRAG] if editable else []))
st.dataframe(table, hide_index=True, width="stretch", key=f"acties-{nis}")
export = action_frame(shown, partners, include_private=editable)
downloads = st.columns([1, 1, 4])
downloads[0].download_button("CSV", export_bytes(export, "csv", boundaries.attribution), file_name=f"acties-{nis}.csv",
                             mime="text/csv", icon=":material/download:", key="acties_csv", help=texts.UI_ACTIES_EXPORT)
downloads[1].download_button("XLSX", export_bytes(export, "xlsx", boundaries.attribution),
                             file_name=f"acties-{nis}.xlsx", icon=":material/download:", key="acties_xlsx",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
if not editable:
    ui.attribution_footer(boundaries)
    st.stop()

# -- add, edit, delete --------------------------------------------------------------------------
row = st.columns([3, 1, 1])
by_id = {a.id: a for a in shown}
chosen_id = row[0].selectbox(texts.UI_ACTIES_KIES, list(by_id), index=None, placeholder=texts.UI_ACTIES_KIES_HINT,
                             format_func=lambda i: f"{by_id[i].titel} — {by_id[i].periode}",
                             label_visibility="collapsed", key=f"kies-actie-{nis}")
if row[1].button(texts.UI_ACTIES_BEWERK, icon=":material/edit:", key="actie_bewerk_knop", disabled=chosen_id is None,
                 width="stretch"):
    _start_editing(store.action_get(chosen_id))
if row[2].button(texts.UI_ACTIES_NIEUW, icon=":material/add:", key="actie_nieuw", width="stretch"):
    _start_editing(None)

if st.session_state.get("actie_bewerk_actief"):
    base: Action | None = st.session_state.get("actie_bewerk")
    st.subheader(texts.UI_ACTIES_BEWERK_TITEL.format(naam=ui.plain(base.titel)) if base else texts.UI_ACTIES_NIEUW_TITEL)
    st.caption(texts.UI_ACTIES_KLIK)
    ui.pick_location(boundaries, nis, f"actie-locatie-{nis}", "a_lat", "a_lon", "actie_laatste_klik", clear=("a_wijk",))
    choices = sorted(set(local) | {p for p in st.session_state.get("a_organiseert", []) + st.session_state.get(
        "a_communiceert", []) if p in partners}, key=lambda i: partners[i].naam.casefold())
    with st.form("actie_form"):
        first = st.columns([3, 2, 1])
        first[0].text_input(texts.UI_ACTIES_KOLOM_TITEL + " *", key="a_titel", max_chars=200)
        first[1].selectbox(texts.UI_ACTIES_KOLOM_SOORT, list(kinds), key="a_soort", format_func=lambda c: kinds[c].label)
        first[2].selectbox(texts.UI_ACTIES_KOLOM_STATUS, list(STATES), key="a_status")
        second = st.columns(4)
        second[0].date_input(texts.UI_ACTIES_KOLOM_DATUM + " *", key="a_datum", format="DD/MM/YYYY")
        second[1].date_input(texts.UI_ACTIES_VELD_EINDDATUM, key="a_einddatum", format="DD/MM/YYYY")
        second[2].text_input(texts.UI_VELD_LAT, key="a_lat", help=texts.UI_COORD_HULP)
        second[3].text_input(texts.UI_VELD_LON, key="a_lon", help=texts.UI_COORD_HULP)
        third = st.columns([2, 1])
        third[0].selectbox(texts.UI_ACTIES_VELD_WIJK, list(wijk_names), index=None, key="a_wijk",
                           format_func=lambda code: wijk_names.get(code, code))
        third[1].checkbox(texts.UI_ACTIES_VELD_BEREIKT_WIJK, key="a_bereikt_wijk")
        fourth = st.columns(2)
        fourth[0].multiselect(texts.UI_ACTIES_VELD_ORGANISEERT, choices, key="a_organiseert",
                              format_func=lambda i: partners[i].naam)
        fourth[1].multiselect(texts.UI_ACTIES_VELD_COMMUNICEERT, choices, key="a_communiceert",
                              format_func=lambda i: partners[i].naam)
        fifth = st.columns(3)
        fifth[0].text_input(texts.UI_ACTIES_VELD_BEREIKT, key="a_bereikt")
        fifth[1].text_input(texts.UI_ACTIES_VELD_FINANCIERING, key="a_financiering", max_chars=200)
        fifth[2].text_input(texts.UI_ACTIES_VELD_BEDRAG, key="a_bedrag")
        st.text_area(texts.UI_VELD_NOTITIES, key="a_notities", max_chars=2000)
        saved = st.form_submit_button(texts.UI_BEWAREN, type="primary")
    if saved:
        state = st.session_state
        kept = [p for p in (base.partners if base else ()) if p.partner_id not in partners]  # not shown: kept as they are
        data = {name: state.get(f"a_{name}") for name in TEXT_FIELDS}
        data.update(soort=state.get("a_soort"), status=state.get("a_status"), datum=state.get("a_datum"),
                    einddatum=state.get("a_einddatum"), bereikt_wijk=state.get("a_bereikt_wijk"),
                    wijk_code=state.get("a_wijk") or (base.wijk_code if base and not data["lat"] else "") or "",
                    gemeente_nis=base.gemeente_nis if base else nis,
                    partners=[ActionPartner(i, ROLES[1]) for i in state.get("a_organiseert", [])]
                    + [ActionPartner(i, ROLES[0]) for i in state.get("a_communiceert", [])] + kept)
        if data["lat"]:
            data["wijk_code"] = ""  # follows from the point
        stored, errors = save_action(store, boundaries, data, base=base, door=access.wie, may_edit=access.can_edit)
        if errors:
            for error in errors:
                st.error(ui.plain(error))
        elif stored.gemeente_nis != nis:
            _stop_editing(texts.UI_ACTIES_ANDERE_GEMEENTE.format(naam=ui.plain(stored.titel), gemeente=stored.gemeente_nis))
        else:
            _stop_editing(texts.UI_ACTIES_BEWAARD.format(naam=ui.plain(stored.titel)))
    buttons = st.columns([1, 1, 4])
    if buttons[0].button(texts.UI_ANNULEREN, key="actie_annuleren"):
        _stop_editing()
    if base is not None and buttons[1].button(texts.UI_VERWIJDEREN, key="actie_verwijderen", icon=":material/delete:"):
        st.session_state["actie_bevestig"] = True
    if base is not None and st.session_state.get("actie_bevestig"):
        st.warning(texts.UI_VERWIJDEREN_VRAAG.format(naam=ui.plain(base.titel)))
        if st.button(texts.UI_VERWIJDEREN_JA, key="actie_verwijderen_ja", type="primary"):
            errors = delete_action(store, base.id, access.wie, may_edit=access.can_edit)
            for error in errors:
                st.error(ui.plain(error))
            if not errors:
                _stop_editing(texts.UI_ACTIES_VERWIJDERD.format(naam=ui.plain(base.titel)))

# -- import -------------------------------------------------------------------------------------
with st.expander(texts.UI_ACTIES_IMPORT_KOP, expanded=False):
    st.caption(texts.UI_ACTIES_IMPORT_UITLEG)
    upload = st.file_uploader(texts.UI_ACTIES_IMPORT_BESTAND, type=["csv", "txt", "xlsx"], key="acties_upload",
                              max_upload_size=int(ui.settings().max_upload_mb), help=ui.upload_limit())
    if st.button(texts.UI_ACTIES_IMPORT_KNOP, key="acties_inlezen", disabled=upload is None,
                 icon=":material/upload:"):
        try:
            added = import_actions(store, boundaries, upload.getvalue(), upload.name, nis, door=access.wie,
                                   may_edit=access.can_edit, limits=ui.table_limits(), budget=ui.upload_budget())
        except ValueError as exc:
            st.error(ui.plain(exc))
        else:
            st.session_state[FLASH] = texts.ACTIE_IMPORT_KLAAR.format(aantal=len(added))
            st.rerun()
ui.attribution_footer(boundaries)
