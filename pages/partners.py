"""Partners: the sortable, filterable list of a municipality's partners; add, edit, delete."""

import pandas as pd
import streamlit as st

from geo import texts
from geo.demo import load_demo
from geo.editing import delete_partner, save_partner
from geo.export import csv_bytes, partner_frame
from geo.partners import STATUSES, Partner
from pages import ui
from pages.acties_partner import partner_actions
from pages.unplaced import unplaced_section

ui.use_app_shell()

FORM_FIELDS = ("naam", "categorie", "status", "organisatie", "straat", "huisnummer", "postcode", "plaats",
               "lat", "lon", "bereik_m", "contactpersoon", "email", "telefoon", "notities")

nis, boundaries, official, _ = ui.municipality_page(texts.UI_PARTNERS_TITEL)
access = ui.require_edit()
editable = access.can_edit(nis)
store = ui.partner_store()
categories = ui.categories()
if not editable:
    st.info(texts.UI_PARTNERS_ALLEEN_BEKIJKEN, icon=":material/visibility:")


def _start_editing(partner: Partner | None) -> None:
    """Fill the form's widgets from ``partner`` (or blank for a new one)."""
    st.session_state["bewerk"] = partner
    st.session_state["bewerk_actief"] = True
    st.session_state["bevestig_verwijderen"] = False
    for name in FORM_FIELDS:
        value = getattr(partner, name) if partner is not None else None
        st.session_state[f"f_{name}"] = "" if value is None else str(value)
    served = partner.bediend_gebied if partner is not None else ""
    st.session_state["f_gebied"] = "wijken" if served.startswith("wijken:") else served
    st.session_state["f_gebied_wijken"] = list(partner.served_wijken) if partner is not None else []
    if partner is None:
        st.session_state["f_categorie"] = "andere"
        st.session_state["f_status"] = STATUSES[0]


def _stop_editing(message: str | None = None) -> None:
    """Close the form and rerun so the list shows the change; ``message`` survives the rerun."""
    st.session_state["bewerk_actief"] = False
    st.session_state["bewerk"] = None
    if message:
        st.session_state["melding"] = message
    st.rerun()


if st.session_state.get("melding"):
    st.success(st.session_state.pop("melding"))


def _demo_controls() -> None:
    """Remove or (into an empty store) load the demo set: for a beheerder only."""
    with st.sidebar.expander(texts.UI_DEMO_KOP, expanded=False):
        if store.has_demo():
            st.caption(texts.UI_DEMO_UITLEG)
            if st.button(texts.UI_DEMO_VERWIJDEREN, key="demo_weg"):
                st.session_state["melding"] = texts.UI_DEMO_VERWIJDERD.format(aantal=store.remove_demo(access.wie))
                st.rerun()
        elif store.count_partners() == 0 and official is not None:
            if st.button(texts.UI_DEMO_LADEN, key="demo_laden"):
                st.session_state["melding"] = texts.UI_DEMO_GELADEN.format(aantal=load_demo(store, official, force=True))
                st.rerun()
        else:
            st.caption(texts.UI_DEMO_NIET_MOGELIJK)


if access.is_admin:
    _demo_controls()

partners = ui.partners(nis)
wijk_names = dict(zip(boundaries.wijk_table(nis)["wijk_code"], boundaries.wijk_table(nis)["wijk_naam"]))

filters = st.columns([2, 2, 3])
chosen_categories = filters[0].multiselect(texts.UI_FILTER_SOORT, list(categories), format_func=lambda c: categories[c].label)
chosen_statuses = filters[1].multiselect(texts.UI_FILTER_STATUS, list(STATUSES))
search = filters[2].text_input(texts.UI_FILTER_ZOEK, placeholder=texts.UI_FILTER_ZOEK_HINT).strip().casefold()
shown = [
    p for p in partners
    if (not chosen_categories or p.categorie in chosen_categories)
    and (not chosen_statuses or p.status in chosen_statuses)
    and (not search or search in f"{p.naam} {p.organisatie} {p.adres} {p.contactpersoon}".casefold())
]
table = pd.DataFrame([{
    texts.UI_KOLOM_NAAM: p.naam,
    texts.UI_KOLOM_SOORT: categories[p.categorie].label if p.categorie in categories else p.categorie,
    texts.UI_KOLOM_STATUS: p.status,
    texts.UI_KOLOM_KOEPEL: p.organisatie,
    texts.UI_KOLOM_ADRES: p.adres,
    texts.UI_KOLOM_WIJK: wijk_names.get(p.wijk_code, texts.UI_GEEN_LOCATIE if not p.has_location else p.wijk_code),
    **({texts.UI_KOLOM_CONTACT: p.contactpersoon, texts.UI_KOLOM_EMAIL: p.email, texts.UI_KOLOM_TELEFOON: p.telefoon}
       if editable else {}),
    texts.UI_KOLOM_DEMO: p.demo,
    texts.UI_KOLOM_GEWIJZIGD: p.gewijzigd,
} for p in shown])
st.caption(texts.UI_AANTAL_GETOOND.format(getoond=len(shown), totaal=len(partners)))
st.dataframe(table, hide_index=True, width="stretch", key=f"tabel-{nis}")
st.download_button(texts.UI_PARTNERS_DOWNLOAD, csv_bytes(partner_frame(shown), attribution=[*boundaries.attribution, *ui.partner_sources(shown)]),
                   file_name=f"partners-{nis}.csv", mime="text/csv", icon=":material/download:", key="partners_csv")

if not editable:
    ui.attribution_footer(boundaries, partners=shown)
    st.stop()
unplaced_section(nis, boundaries, partners)
actions = st.columns([3, 1, 1])
by_id = {p.id: p for p in shown}
chosen_id = actions[0].selectbox(texts.UI_KIES_PARTNER, list(by_id), index=None, placeholder=texts.UI_KIES_PARTNER_HINT,
                                 format_func=lambda i: f"{by_id[i].naam} — {by_id[i].adres or texts.UI_GEEN_ADRES}",
                                 label_visibility="collapsed", key=f"kies-{nis}")
if actions[1].button(texts.UI_BEWERK_PARTNER, icon=":material/edit:", key="bewerk_knop", disabled=chosen_id is None, width="stretch"):
    _start_editing(store.get_partner(chosen_id))
if actions[2].button(texts.UI_NIEUWE_PARTNER, icon=":material/add:", key="nieuw", width="stretch"):
    _start_editing(None)

if st.session_state.get("bewerk_actief"):
    base: Partner | None = st.session_state.get("bewerk")
    st.subheader(texts.UI_BEWERK_TITEL.format(naam=ui.plain(base.naam)) if base else texts.UI_NIEUW_TITEL)
    if base is not None:  # the partner's detail: the joint actions it takes part in
        partner_actions(store, base)
    st.caption(texts.UI_KLIK_OP_KAART)
    ui.pick_location(boundaries, nis, f"locatie-{nis}", "f_lat", "f_lon", "laatste_klik")

    with st.form("partner_form"):
        first = st.columns(3)
        first[0].text_input(texts.UI_KOLOM_NAAM + " *", key="f_naam", max_chars=200)
        first[1].selectbox(texts.UI_KOLOM_SOORT, list(categories), key="f_categorie",
                           format_func=lambda c: categories[c].label)
        first[2].selectbox(texts.UI_KOLOM_STATUS, list(STATUSES), key="f_status")
        second = st.columns([3, 3, 1, 1, 2])
        second[0].text_input(texts.UI_KOLOM_KOEPEL, key="f_organisatie", help=texts.UI_KOEPEL_HULP, max_chars=200)
        second[1].text_input(texts.UI_VELD_STRAAT, key="f_straat", max_chars=200)
        second[2].text_input(texts.UI_VELD_HUISNUMMER, key="f_huisnummer", max_chars=200)
        second[3].text_input(texts.UI_VELD_POSTCODE, key="f_postcode", max_chars=200)
        second[4].text_input(texts.UI_VELD_PLAATS, key="f_plaats", max_chars=200)
        third = st.columns(3)
        third[0].text_input(texts.UI_VELD_LAT, key="f_lat", help=texts.UI_COORD_HULP)
        third[1].text_input(texts.UI_VELD_LON, key="f_lon", help=texts.UI_COORD_HULP)
        third[2].text_input(texts.UI_VELD_BEREIK, key="f_bereik_m", help=texts.UI_BEREIK_HULP)
        served = st.columns([1, 2])
        served[0].selectbox(texts.UI_VELD_GEBIED, ["", "cirkel", "gemeente", "wijken"], key="f_gebied",
                            format_func=texts.UI_GEBIED_KEUZES.__getitem__, help=texts.UI_GEBIED_HULP)
        served[1].multiselect(texts.UI_VELD_GEBIED_WIJKEN, list(wijk_names), key="f_gebied_wijken",
                              format_func=lambda code: wijk_names.get(code, code))
        fourth = st.columns(3)
        fourth[0].text_input(texts.UI_KOLOM_CONTACT, key="f_contactpersoon", max_chars=200)
        fourth[1].text_input(texts.UI_KOLOM_EMAIL, key="f_email", max_chars=200)
        fourth[2].text_input(texts.UI_KOLOM_TELEFOON, key="f_telefoon", max_chars=200)
        st.text_area(texts.UI_VELD_NOTITIES, key="f_notities", max_chars=2000)
        saved = st.form_submit_button(texts.UI_BEWAREN, type="primary")
    if saved:
        data = {name: st.session_state.get(f"f_{name}") for name in FORM_FIELDS}
        data["gemeente_nis"] = base.gemeente_nis if base else nis
        kind = st.session_state.get("f_gebied", "")
        data["bediend_gebied"] = ("wijken:" + ",".join(st.session_state.get("f_gebied_wijken", []))) if kind == "wijken" \
            else kind
        stored, errors = save_partner(store, boundaries, data, base=base, door=access.wie, may_edit=access.can_edit)
        if errors:
            for error in errors:
                st.error(ui.plain(error))
        elif stored.gemeente_nis != nis:
            _stop_editing(texts.UI_ANDERE_GEMEENTE.format(naam=ui.plain(stored.naam), gemeente=stored.gemeente_nis))
        else:
            _stop_editing(texts.UI_BEWAARD.format(naam=ui.plain(stored.naam)))
    buttons = st.columns([1, 1, 4])
    if buttons[0].button(texts.UI_ANNULEREN, key="annuleren"):
        _stop_editing()
    if base is not None and buttons[1].button(texts.UI_VERWIJDEREN, key="verwijderen", icon=":material/delete:"):
        st.session_state["bevestig_verwijderen"] = True
    if base is not None and st.session_state.get("bevestig_verwijderen"):
        st.warning(texts.UI_VERWIJDEREN_VRAAG.format(naam=ui.plain(base.naam)))
        if st.button(texts.UI_VERWIJDEREN_JA, key="verwijderen_ja", type="primary"):
            errors = delete_partner(store, base.id, access.wie, may_edit=access.can_edit)
            for error in errors:
                st.error(ui.plain(error))
            if not errors:
                _stop_editing(texts.UI_VERWIJDERD.format(naam=ui.plain(base.naam)))
