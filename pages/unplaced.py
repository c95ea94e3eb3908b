"""Partners without a location, listed on Kaart and Partners: place one by clicking on a map, or
look its address up again. Only for those who may edit the municipality."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from geo import texts
from geo.editing import locate_by_address, place_at
from geo.geocode import make_geocoder
from geo.maps import location_map
from geo.partners import Partner
from pages import ui

MAX_SHOWN = 25
_PLACING = "plaatsen_partner"  # id of the partner whose location is being picked
_CLICKED = "plaatsen_klik"  # (lat, lon) clicked on the picking map
_CHOICES = "plaatsen_keuzes"  # (partner id, candidates) of an ambiguous address answer
_MESSAGE = "plaatsen_melding"


def unplaced_section(nis: str, boundaries, partners: list[Partner]) -> None:
    """The municipality's partners without a location, each with "Plaats op de kaart" and
    "Zoek het adres opnieuw"; nothing for a session that may not edit ``nis``."""
    if not ui.access().can_edit(nis):
        return
    message = st.session_state.pop(_MESSAGE, None)  # the outcome of the last action, shown once
    if message:
        (st.success if message[0] else st.warning)(ui.plain(message[1]))
    waiting = [p for p in partners if not p.has_location and p.gemeente_nis == nis]
    if not waiting:
        return
    busy = st.session_state.get(_PLACING) in {p.id for p in waiting} or st.session_state.get(_CHOICES) is not None
    with st.expander(texts.UI_ONGEPLAATST_KOP.format(aantal=len(waiting)), expanded=busy,
                     icon=":material/wrong_location:"):
        st.caption(texts.UI_ONGEPLAATST_UITLEG)
        settings = ui.settings()
        for partner in waiting[:MAX_SHOWN]:
            row = st.columns([4, 2, 2], vertical_alignment="center")
            row[0].markdown(f"**{ui.plain(partner.naam)}**  \n{ui.plain(partner.adres or texts.UI_GEEN_ADRES)}")
            if row[1].button(texts.UI_PLAATS_OP_KAART, key=f"plaats-{partner.id}", icon=":material/add_location_alt:"):
                st.session_state[_PLACING] = partner.id
                st.session_state.pop(_CLICKED, None)
            searchable = bool(partner.straat and (partner.postcode or partner.plaats))
            if row[2].button(texts.UI_ZOEK_ADRES_OPNIEUW, key=f"zoek-{partner.id}", icon=":material/travel_explore:",
                             disabled=settings.geocoder == "none" or not searchable,
                             help=texts.UI_ZOEK_ADRES_UIT if settings.geocoder == "none" else
                             None if searchable else texts.UI_ZOEK_ADRES_GEEN):
                _look_up(partner, boundaries)
            _choose_candidate(partner, boundaries)
        if len(waiting) > MAX_SHOWN:
            st.caption(texts.UI_ONGEPLAATST_MEER.format(aantal=len(waiting) - MAX_SHOWN))
        placing = next((p for p in waiting if p.id == st.session_state.get(_PLACING)), None)
        if placing is not None:
            _pick_on_map(placing, nis, boundaries)


def _pick_on_map(partner: Partner, nis: str, boundaries) -> None:
    st.markdown(texts.UI_PLAATS_KLIK.format(naam=ui.plain(partner.naam)))
    point = st.session_state.get(_CLICKED)
    picked = st_folium(location_map(boundaries, nis, ui.settings(), point), key=f"plaats-kaart-{partner.id}",
                       height=380, use_container_width=True, returned_objects=["last_clicked"])
    clicked = (picked or {}).get("last_clicked")
    if clicked and (clicked["lat"], clicked["lng"]) != point:
        st.session_state[_CLICKED] = (clicked["lat"], clicked["lng"])
        st.rerun()
    buttons = st.columns([2, 1, 3])
    if point is not None:
        buttons[2].caption(texts.UI_PLAATS_GEKOZEN.format(lat=f"{point[0]:.6f}", lon=f"{point[1]:.6f}"))
    if buttons[0].button(texts.UI_PLAATS_BEWAREN, key="plaats-bewaren", type="primary", disabled=point is None):
        stored, errors = place_at(ui.partner_store(), boundaries, partner, point[0], point[1], ui.current_user(),
                                  may_edit=ui.access().can_edit)
        _done(stored, errors, texts.UI_PLAATS_GELUKT.format(naam=partner.naam, wijk=stored.wijk_code) if stored else "")
    if buttons[1].button(texts.UI_PLAATS_ANNULEREN, key="plaats-annuleren"):
        _done(None, [], "")


def _look_up(partner: Partner, boundaries) -> None:
    store = ui.partner_store()
    result, stored, errors = locate_by_address(store, boundaries, make_geocoder(ui.settings(), store), partner,
                                               ui.current_user(), may_edit=ui.access().can_edit)
    if stored is not None or errors:
        _done(stored, errors, texts.UI_ADRES_GEVONDEN.format(naam=partner.naam, adres=result.label,
                                                             wijk=stored.wijk_code) if stored else "")
    elif result.candidates:
        st.session_state[_CHOICES] = (partner.id, result.candidates)
    else:
        st.session_state[_MESSAGE] = (False, texts.UI_ADRES_NIET_GEVONDEN.format(naam=partner.naam,
                                                                                   uitleg=result.message))
        st.rerun()


def _choose_candidate(partner: Partner, boundaries) -> None:
    """For an ambiguous address answer: one button per place the service offered."""
    owner, candidates = st.session_state.get(_CHOICES) or ("", [])
    if owner != partner.id:
        return
    st.caption(texts.UI_ADRES_KIES.format(naam=ui.plain(partner.naam)))
    for index, (label, lat, lon) in enumerate(candidates):
        if st.button(label, key=f"kandidaat-{partner.id}-{index}"):
            stored, errors = place_at(ui.partner_store(), boundaries, partner, lat, lon, ui.current_user(),
                                      may_edit=ui.access().can_edit)
            _done(stored, errors, texts.UI_ADRES_GEVONDEN.format(naam=partner.naam, adres=label,
                                                                 wijk=stored.wijk_code) if stored else "")


def _done(stored: Partner | None, errors: list[str], success: str) -> None:
    """Close the picking and choosing, keep the outcome for the next run, and rerun."""
    for key in (_PLACING, _CLICKED, _CHOICES):
        st.session_state.pop(key, None)
    if errors:
        st.session_state[_MESSAGE] = (False, " ".join(errors))
    elif stored is not None:
        st.session_state[_MESSAGE] = (True, success)
    st.rerun()
