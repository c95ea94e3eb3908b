"""Shared Streamlit plumbing for the pages: cached resources, the municipality picker.

This is the UI boundary: ``st.cache_resource`` wraps the plain loaders of ``geo/`` so
a rerun or a page switch neither reloads nor reprojects anything.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd
import streamlit as st

from geo import texts
from geo.access import Access, visible_partners
from geo.assets import APP_CSS, install_assets
from geo.boundaries import Boundaries, load_boundaries
from geo.candidates.records import partner_attribution
from geo.categories import Category, load_categories
from geo.config import Settings, load_settings
from geo.demo import load_demo
from geo.html_table import html_table
from geo.sources import BoundaryDataUnavailable
from geo.partners import Partner
from geo.context.manage import refresh_due_in_background
from geo.context.per_wijk import WijkContext, load_context, municipality_context
from geo.maps.context_layers import MapContext
from geo.store import PartnerStore, StoreError, open_store
from geo.uploads.tables import TableLimits
from geo.uploads.bounded import Budget
from geo.uploads.areas import list_areas, load_area

GEMEENTE_PARAM = "gemeente"
ACCESS_KEY = "toegang"
WELCOME_KEY = "welkom_melding"  # shown once at the top of the next page (after the setup link)
_HOME_KEY = "standaard_gemeente"
_MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|~$:")


def use_app_shell() -> None:
    """Make sure a page runs inside ``app.py``'s navigation.

    On a fresh server, Streamlit runs a file in ``pages/`` directly (its first multipage
    mode) when the very first visit opens a sub-page URL such as ``/partners``; the shell
    (navigation, settings, sidebar) would then be missing until someone opens ``/``.
    Switching that mode off and rerunning lets ``app.py`` route to the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def settings_key() -> str:
    """A short fingerprint of the settings, for cache keys (the settings are read once per process)."""
    import hashlib

    return hashlib.sha256(repr(sorted(settings().as_dict().items())).encode()).hexdigest()[:16]


@st.cache_resource(show_spinner=False)
def static_assets() -> str:
    return str(install_assets())


@st.cache_resource(show_spinner="Gebiedsgrenzen laden…")
def _official_boundaries(_settings: Settings, key: str) -> Boundaries:
    return load_boundaries(_settings)


@st.cache_resource(show_spinner=False)
def store(url: str) -> PartnerStore:
    return open_store(url)


@st.cache_resource(show_spinner=False)
def _custom_area(folder: str, code: str) -> Boundaries:
    return load_area(folder, code)


@st.cache_data(show_spinner="Dekking berekenen…", max_entries=64)
def _coverage(code: str, settings_key: str, data_version: int, population_key: str, access_key: str,
              _access: Access, _coverage_settings, _population):
    from geo.coverage import wijk_coverage

    boundaries = boundaries_for(code)
    partners = visible_partners(_access, partner_store().list_partners())
    return wijk_coverage(boundaries, code, partners, categories(), _coverage_settings, _population)


def coverage(code: str, settings_key: str, data_version: int, population_key: str, coverage_settings, population_table):
    """Coverage per wijk of the partners this session may see, cached per (municipality,
    settings, data version, population, access)."""
    current = access()
    return _coverage(code, settings_key, data_version, population_key, current.key, current, coverage_settings,
                     population_table)


@st.cache_data(show_spinner=False, max_entries=64)
def _reach(code: str, settings_key: str, data_version: int, access_key: str, _access: Access, _coverage_settings):
    from geo.reach import reach_areas

    partners = visible_partners(_access, partner_store().list_partners())
    return reach_areas(partners, boundaries_for(code), categories(), _coverage_settings).areas


def reach(code: str, settings_key: str, data_version: int, coverage_settings):
    """The reach areas (EPSG:31370) of the trusted partners this session may see, cached like :func:`coverage`."""
    current = access()
    return _reach(code, settings_key, data_version, current.key, current, coverage_settings)


def access() -> Access:
    """This session's access (resolved by ``app.py`` at the start of every run)."""
    current = st.session_state.get(ACCESS_KEY)
    if current is None:
        st.stop()
    return current


def partners(gemeente_nis: str | None = None) -> list[Partner]:
    """The partners this session may see (private fields only where it may edit)."""
    return visible_partners(access(), partner_store().list_partners(gemeente_nis))


def require_edit(gemeente_nis: str | None = None) -> Access:
    """Stop the page unless this session may edit (``gemeente_nis``, or anything)."""
    current = access()
    allowed = not current.read_only if gemeente_nis is None else current.can_edit(gemeente_nis)
    if not allowed:
        st.error(texts.UI_GEEN_RECHTEN)
        st.stop()
    return current


def require_admin() -> Access:
    """Stop the page unless a beheerder uses it (the navigation hides such pages too)."""
    current = access()
    if not current.is_admin:
        st.error(texts.UI_GEEN_RECHTEN)
        st.stop()
    return current


def coverage_settings():
    """The saved coverage settings plus this session's filters."""
    from dataclasses import replace

    from geo.preferences import load_coverage_settings

    saved = load_coverage_settings(partner_store())
    return replace(saved, categories=st.session_state.get("filter_soorten") or None,
                   statuses=st.session_state.get("filter_statussen") or None)


def coverage_filters() -> None:
    """Category and status filters in the sidebar, shared by the coverage pages."""
    from geo.partners import STATUSES

    known = categories()
    with st.sidebar.expander(texts.UI_DEKKING_FILTERS, expanded=False):
        st.multiselect(texts.UI_FILTER_SOORT, list(known), key="filter_soorten", format_func=lambda c: known[c].label)
        st.multiselect(texts.UI_FILTER_STATUS, list(STATUSES), key="filter_statussen")


def categories() -> dict[str, Category]:
    return load_categories(settings().categorieen)


def official_boundaries(explain: bool = True) -> Boundaries | None:
    """The official boundaries, or None after showing why they are unavailable (unless not ``explain``)."""
    config = settings()
    try:
        return _official_boundaries(config, settings_key())
    except BoundaryDataUnavailable as exc:
        if explain:
            st.error(plain(exc))
            st.page_link("pages/gebied.py", label=texts.UI_NAAR_EIGEN_GEBIED, icon=":material/upload_file:")
        return None


def partner_store() -> PartnerStore:
    """The store, with the demo set loaded on first start when the settings ask for it."""
    config = settings()
    current = store(config.db)
    if config.demo and "demo_checked" not in st.session_state:
        boundaries = official_boundaries()
        if boundaries is not None:
            load_demo(current, boundaries)
        st.session_state["demo_checked"] = True
    return current


def partner_store_plain() -> PartnerStore:
    """The store without the demo check (for login and share links, before any boundaries load)."""
    return store(settings().db)


def custom_areas() -> list[tuple[str, str]]:
    return list_areas(areas_folder())


def areas_folder():
    return settings().cache / "eigen-gebieden"


def boundaries_for(code: str) -> Boundaries | None:
    """The boundaries that hold municipality or custom area ``code``."""
    if code.startswith("eigen-"):
        return _custom_area(str(areas_folder()), code)
    return official_boundaries()


def municipality_page(title: str, overview_link: bool = False):
    """The start of every page about one municipality: title, a row with the picker, its boundaries.

    Returns ``(code, boundaries, official boundaries, beside the picker)``: the last is the
    rest of the picker's row (for "Kopieer link"), so the map starts high on a laptop screen.
    Stops the page with a hint until a municipality is chosen (or when its boundaries are
    unavailable).
    """
    st.title(title)
    official = official_boundaries()
    picker, beside = st.columns([2, 3], vertical_alignment="bottom")
    with picker:
        code = choose_gemeente(official)
    if code is None:
        st.info(texts.UI_KIES_EERST_GEMEENTE)
        if overview_link:
            st.page_link("pages/vlaanderen.py", label=texts.UI_NAAR_VLAANDEREN, icon=":material/map:")
        st.stop()
    boundaries = boundaries_for(code)
    if boundaries is None:
        st.stop()
    return code, boundaries, official, beside


def view_key(page: str, code: str, boundaries: Boundaries, *view: object) -> tuple:
    """The cache key of what ``page`` shows of ``code`` to this session (:func:`pages.folium_map.show_map`):
    the boundaries, the access, the store's data version (moved by every write, on any replica)
    and ``view``, the rest the page's map depends on (switches, metric, coverage settings, population)."""
    return (page, code, boundaries.fingerprint, access().key, partner_store().data_version(), *view)


def summary(items) -> None:
    """Key figures on one line ("Wijken: **12** · Partners: **26** · …"): compact above a map."""
    st.markdown(" · ".join(f"{label}: **{value}**" for label, value in items))


def overview_table(frame: pd.DataFrame, label: str) -> None:
    """A table of a page's figures: interactive (sort, search, download) for organisers; for a
    share link, a static table (:func:`geo.html_table.html_table`), light on a phone."""
    if access().read_only:
        st.html(html_table(frame, label))
    else:
        st.dataframe(frame, hide_index=True, width="stretch")


def page_style() -> None:
    """Partnerkaart's page styles (``geo/web/app.css``: a compact top, so maps start on the first
    screen; readable contrast) and the page's language, Dutch (Streamlit's page says English)."""
    st.html(f"<style>{_page_css()}</style><script>document.documentElement.lang = 'nl';</script>",
            unsafe_allow_javascript=True)


@st.cache_resource(show_spinner=False)
def _page_css() -> str:
    return APP_CSS.read_text(encoding="utf-8")


def current_coverage(code: str, filters: bool = True):
    """Coverage of ``code`` with the saved settings, this session's filters and population.

    Returns ``(coverage, coverage settings, population table or None)``; ``filters`` shows the
    filters in the sidebar (the coverage pages), else they apply as set there.
    """
    if filters:
        coverage_filters()
    from pages.inhabitants import population

    chosen = coverage_settings()
    population_key, table = population(code)
    result = coverage(code, chosen.key(), partner_store().data_version(), population_key, chosen, table)
    return result, chosen, table


def choose_gemeente(boundaries: Boundaries | None, label: str = texts.UI_KIES_GEMEENTE) -> str | None:
    """The municipality picker, kept in the URL as ``?gemeente=<NIS>`` (a name works too).

    Returns the chosen code, or None when nothing is chosen yet.
    """
    options = {} if boundaries is None else dict(_gemeente_labels(boundaries.fingerprint, boundaries))
    for code, title in custom_areas():
        options[code] = f"{title} (eigen gebied)"
    viewer = access()
    if viewer.read_only:  # a share link opens its own municipality only
        options = {code: title for code, title in options.items() if viewer.can_view(code)}
    requested = st.query_params.get(GEMEENTE_PARAM) or st.session_state.get("gemeente") or _home_municipality()
    current = _resolve(requested, boundaries, options)
    if requested and current is None:
        st.warning(texts.UI_GEMEENTE_ONBEKEND.format(waarde=requested))
    codes = list(options)
    if viewer.read_only and len(codes) == 1:
        # A share link of one municipality: nothing to choose, so its name instead of a picker
        # (whose script a phone would otherwise load first).
        chosen = codes[0]
        st.markdown(texts.UI_GEMEENTE_VAST.format(label=label, naam=plain(options[chosen])))
    else:
        chosen = st.selectbox(label, codes, index=codes.index(current) if current in codes else None,
                              format_func=options.__getitem__, placeholder=texts.UI_TYP_GEMEENTE)
    if chosen is None:
        if GEMEENTE_PARAM in st.query_params:
            del st.query_params[GEMEENTE_PARAM]
        return None
    st.session_state["gemeente"] = chosen
    if st.query_params.get(GEMEENTE_PARAM) != chosen:
        st.query_params[GEMEENTE_PARAM] = chosen
    _remember_home(chosen)
    return chosen


@st.cache_resource(show_spinner=False, max_entries=4)
def _gemeente_labels(fingerprint: str, _boundaries: Boundaries) -> dict[str, str]:
    """The picker's options, "Name (NIS)" by NIS code in name order (shared: copy before changing)."""
    return {row.nis: f"{row.naam} ({row.nis})" for row in _boundaries.gemeente_list().itertuples(index=False)}


def _home_municipality() -> str | None:
    """The municipality this account opened last (read once per session); None for a share link."""
    viewer = access()
    if viewer.read_only:
        return None
    if _HOME_KEY not in st.session_state:
        user = partner_store_plain().user_get(viewer.wie)
        st.session_state[_HOME_KEY] = user.standaard_gemeente if user is not None else ""
    return st.session_state[_HOME_KEY] or None


def _remember_home(code: str) -> None:
    """Keep ``code`` as the account's municipality for its next visits (written only when it changes)."""
    viewer = access()
    if viewer.read_only or _home_municipality() == code:
        return
    try:
        partner_store_plain().user_update(viewer.wie, standaard_gemeente=code)
    except StoreError:  # e.g. the account was removed meanwhile: nothing to remember it for
        return
    st.session_state[_HOME_KEY] = code


def _resolve(requested: str | None, boundaries: Boundaries | None, options: dict[str, str]) -> str | None:
    if not requested:
        return None
    if requested in options:
        return requested
    if boundaries is not None:
        return boundaries.find_gemeente(requested)
    return None


def upload_budget() -> Budget:
    """The time and memory one upload may take to be read (settings upload_seconden, upload_geheugen_mb)."""
    return Budget.from_settings(settings())


def table_limits() -> TableLimits:
    """The size, cell and character limits of an uploaded table."""
    return TableLimits.from_settings(settings())


def upload_limit() -> str:
    """The upload limit in Dutch, as help next to every file upload (the widget's own refusal is English)."""
    return texts.UI_UPLOAD_LIMIET.format(mb=f"{settings().max_upload_mb:g}")


def sources_text() -> str:
    """The data sources, with the basemap's only when tiles are shown."""
    config = settings()
    if not config.tiles_enabled:
        return texts.UI_BRONNEN_FOOTER
    return texts.UI_BRONNEN_FOOTER + texts.UI_BRONNEN_TEGELS.format(bron=_strip_tags(config.tegels_attributie))


@st.cache_data(show_spinner=False, max_entries=8)
def _partner_source_tables(url: str, data_version: int) -> tuple[dict, dict]:
    """Where partners came from and the added sources' names, read once per data version (every footer asks)."""
    store = partner_store()
    return store.partner_sources(), store.candidate_source_names()


def partner_sources(partners: Sequence[Partner]) -> list[str]:
    """The attribution of the open data that some of ``partners`` came from (candidates added as partners)."""
    if not partners:
        return []
    sources, names = _partner_source_tables(settings().db, partner_store().data_version())
    return partner_attribution(sources, [p.id for p in partners], names)


def attribution_footer(boundaries: Boundaries | None, context: MapContext | None = None, population=None,
                       partners: Sequence[Partner] = ()) -> None:
    """The data sources under a page: the boundaries, the basemap, the inhabitants (``population``,
    a table carrying its source), the context layers shown and the open data some ``partners`` came from."""
    from geo.population import population_source

    st.divider()
    st.caption(sources_text())
    came_from = partner_sources(partners)
    if came_from:
        st.caption(plain(texts.UI_BRONNEN_PARTNERS.format(bronnen="; ".join(came_from))))
    if population_source(population) is not None:
        st.caption(plain(population_source(population)[1]))
    if context is not None and context.attribution():
        st.caption(plain(texts.UI_BRONNEN_LAGEN.format(bronnen="; ".join(context.attribution()))))


@st.cache_resource(show_spinner=False, max_entries=8)
def _map_context(url: str, data_version: int, public_only: bool) -> MapContext:
    """The context layers and their objects as of ``data_version`` (immutable; shared by sessions)."""
    return MapContext(*load_context(store(url), public_only))


def map_context() -> MapContext:
    """The context layers this session may see: a share link sees only the public ones.

    A URL layer whose refresh interval has passed is refreshed in the background; the next
    run of the page shows the new copy.
    """
    shown = _map_context(settings().db, partner_store().data_version(), access().read_only)
    refresh_due_in_background(partner_store(), settings().db, shown.layers, settings())
    return shown


@st.cache_resource(show_spinner=False, max_entries=32)
def _wijk_context(url: str, data_version: int, public_only: bool, code: str, _boundaries: Boundaries):
    shown = _map_context(url, data_version, public_only)
    return municipality_context(_boundaries, code, shown.layers, shown.objects)


def wijk_context(code: str, boundaries: Boundaries) -> WijkContext | None:
    """The context layers counted and measured per wijk of ``code`` (None without layers)."""
    return _wijk_context(settings().db, partner_store().data_version(), access().read_only, code, boundaries)


def _strip_tags(markup: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def plain(text: object) -> str:
    """Escape Markdown in text a user typed, for elements that render Markdown.

    ``st.markdown`` already escapes HTML, but a name such as ``[klik](https://…)`` or
    ``**x**`` would still become a link or bold text in a title or message.
    """
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in str(text))


def current_user() -> str:
    """Who is working (an e-mail address), for the audit log and the import history."""
    return access().wie


def account_box(current: Access, log_out) -> None:
    """Who is logged in (or which share link is open), with the logout button, in the sidebar."""
    with st.sidebar.container(border=True):
        if current.read_only:
            st.caption(texts.UI_ALLEEN_LEZEN)
            return
        st.caption(texts.UI_AANGEMELD_ALS.format(naam=plain(current.naam or current.wie), rol=current.rol))
        if st.button(texts.UI_AFMELDEN, key="afmelden", icon=":material/logout:"):
            log_out()
            st.rerun()


# -- joint actions (geo/campaign) ---------------------------------------------------------


def action_kinds():
    """The kinds of joint action (``data/actiesoorten.json`` or the setting ``actiesoorten``)."""
    from geo.campaign.kinds import load_action_kinds

    return load_action_kinds(settings().actiesoorten)


def actions(gemeente_nis: str | None = None):
    """The actions this session may see (read-only ones without notes and funding, see
    :func:`geo.campaign.views.visible_actions`)."""
    from geo.campaign.views import visible_actions

    current = access()
    return visible_actions(current, partner_store().action_list(gemeente_nis), partners())


def action_layer(gemeente_nis: str, shown: list | None = None):
    """The actions of ``gemeente_nis`` this session may see, ready for a map (:mod:`geo.maps.action_layer`);
    ``shown``: those actions when the page has already read them with :func:`actions`."""
    from geo.maps.action_layer import action_map

    return action_map(actions(gemeente_nis) if shown is None else shown, action_kinds(), partners())


def pick_location(boundaries: Boundaries, nis: str, map_key: str, lat_key: str, lon_key: str, click_key: str,
                  clear: tuple[str, ...] = ()) -> None:
    """The map to pick a location on (Partners, Acties): it shows the point typed in the widgets
    ``lat_key``/``lon_key``; a click fills them (and empties the widgets ``clear``) and reruns."""
    from streamlit_folium import st_folium

    from geo.maps import location_map
    from geo.partners import parse_number

    try:
        lat, lon = parse_number(st.session_state.get(lat_key)), parse_number(st.session_state.get(lon_key))
        point = (lat, lon) if lat is not None and lon is not None else None
    except ValueError:
        point = None
    picked = st_folium(location_map(boundaries, nis, settings(), point), key=map_key, height=380,
                       use_container_width=True, returned_objects=["last_clicked"])
    clicked = (picked or {}).get("last_clicked")
    if clicked and clicked != st.session_state.get(click_key):
        st.session_state[click_key] = clicked
        st.session_state[lat_key] = f"{clicked['lat']:.6f}"
        st.session_state[lon_key] = f"{clicked['lng']:.6f}"
        for key in clear:
            st.session_state[key] = None
        st.rerun()
