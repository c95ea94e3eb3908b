"""Dekking: a choropleth of coverage per wijk, white spots outlined, reach toggleable, exports."""

import hashlib

import pandas as pd
import streamlit as st

from geo import texts
from geo.campaign.views import coverage_with_actions, reached_wijken
from geo.context.per_wijk import context_line, coverage_with_context
from geo.population.upload import read_population
from geo.export import coverage_csv, coverage_geojson, coverage_gpkg
from geo.maps import coverage_map
from geo.population import population_source
from geo.population.builtin import label_upload
from geo.partners import STATUSES
from geo.report import coverage_report, render_pdf, render_png
from geo.viewstate import DEFAULT_METRIC, LAYERS, ViewOptions
from pages import inhabitants, ui, viewstate
from pages.candidates import open_frame
from pages.folium_map import show_map

ui.use_app_shell()
CAR_METRICS = {"partner_geen_deelauto": texts.UI_METRIEK_PARTNER_GEEN_AUTO,
               "deelauto_geen_partner": texts.UI_METRIEK_AUTO_GEEN_PARTNER}

nis, boundaries, _, link_slot = ui.municipality_page(texts.UI_DEKKING_TITEL)  # link_slot: "Kopieer link"
store = ui.partner_store()
categories = ui.categories()


def _population_upload() -> None:
    """The population table (wijk code + inhabitants) for this session, in the sidebar."""
    with st.sidebar.expander(texts.UI_INWONERS_KOP, expanded=False):
        st.caption(texts.UI_INWONERS_UITLEG)
        upload = st.file_uploader(texts.UI_INWONERS_BESTAND, type=["csv", "txt"], key="inwoners_upload",
                                  max_upload_size=int(ui.settings().max_upload_mb), help=ui.upload_limit())
        if upload is not None:
            key = hashlib.sha256(upload.getvalue()).hexdigest()[:16]
            if st.session_state.get("inwoners_sleutel") != key:
                try:
                    st.session_state["inwoners_tabel"] = label_upload(read_population(
                        upload.getvalue(), upload.name, boundaries, limits=ui.table_limits(), budget=ui.upload_budget()),
                        upload.name)
                    st.session_state["inwoners_sleutel"] = key
                except ValueError as exc:
                    st.error(ui.plain(exc))
        elif st.session_state.get("inwoners_sleutel"):
            st.session_state.pop("inwoners_tabel", None)
            st.session_state.pop("inwoners_sleutel", None)
        st.caption(inhabitants.population_note(nis))


if not ui.access().read_only:  # a share link shows the stored data only: no uploads
    _population_upload()

metrics = {"gedekt_aandeel": texts.UI_METRIEK_AANDEEL, "vertrouwde_partners": texts.UI_VERTROUWD,
           "partners": texts.UI_PARTNERS}
population_key, known_population = inhabitants.population(nis)
if known_population is not None:  # uploaded, else built in (Statbel)
    metrics["inwoners_gedekt"] = texts.UI_METRIEK_INWONERS
per_wijk = ui.wijk_context(nis, boundaries)
if per_wijk is not None and per_wijk.has_cars:  # the two views only say something where shared cars are known
    metrics.update(CAR_METRICS)
municipality_actions = ui.actions(nis)
if reached_wijken(municipality_actions):  # the view of the joint actions, once one reaches a wijk
    metrics["actie_bereikt"] = texts.UI_METRIEK_ACTIE_BEREIKT
wijk_key = f"wijk-{nis}"
viewstate.from_url("dekking", ViewOptions(metrics=list(metrics), categories=list(categories), statuses=STATUSES,
                               wijken=list(boundaries.wijk_table(nis)["wijk_code"]), layers=LAYERS),
                   {"metriek": "metriek", "soorten": "filter_soorten", "statussen": "filter_statussen", "wijk": wijk_key,
                    "bereik": "dekking_bereik", "partners": "dekking_partners"})

coverage, coverage_settings, population = ui.current_coverage(nis)
coverage, views = coverage_with_context(coverage, per_wijk, ui.settings().lagen_afstand_m)
coverage = coverage_with_actions(coverage, municipality_actions)
population_label = (population_source(population) or ("", ""))[0]
partners = ui.partners()

with st.container(horizontal=True, vertical_alignment="bottom"):  # wraps on a phone instead of stacking
    metric = st.pills(texts.UI_METRIEK, list(metrics), format_func=metrics.__getitem__,
                      key="metriek") or DEFAULT_METRIC
    show_reach = st.toggle(texts.UI_LAAG_BEREIK, key="dekking_bereik", help=texts.UI_LAAG_BEREIK_HULP)
    show_partners = st.toggle(texts.UI_LAAG_PARTNERS, key="dekking_partners")
area = coverage["oppervlakte_km2"].sum()
ui.summary([(texts.UI_WIJKEN, len(coverage)), (texts.UI_WITTE_VLEKKEN, int(coverage["witte_vlek"].sum())),
            (texts.UI_METRIEK_AANDEEL, f"{coverage['gedekt_km2'].sum() / area * 100:.0f} %" if area else "-"),
            (texts.UI_VERTROUWD, int(coverage["vertrouwde_partners"].sum()))])

reach = ui.reach(nis, coverage_settings.key(), store.data_version(), coverage_settings)
reaching_here = set(reach.get("partner_id", pd.Series(dtype=str)))
shown_partners = [p for p in partners if p.has_location and (p.gemeente_nis == nis or p.id in reaching_here)]
context = ui.map_context().within(boundaries.bounds_of(nis))
clicked = show_map(lambda: coverage_map(boundaries, nis, coverage, metric, reach, shown_partners, categories, ui.settings(),
                                         metrics[metric], show_reach=show_reach, show_partners=show_partners,
                                         context=context, population_source=population_label or None,
                                         actions=ui.action_layer(nis, municipality_actions), candidates=open_frame(nis)),
                   ui.view_key("dekking", nis, boundaries, coverage_settings.key(), population_key, metric, show_reach,
                               show_partners),
                   key=f"dekking-{nis}-{metric}", height=560, returned_objects=["last_active_drawing"])
feature = (clicked or {}).get("last_active_drawing") or {}
clicked_code = (feature.get("properties") or {}).get("wijk_code")
codes = list(coverage["wijk_code"])
if clicked_code in codes and st.session_state.get(f"{wijk_key}-klik") != clicked_code:  # a new click on the map
    st.session_state[f"{wijk_key}-klik"] = st.session_state[wijk_key] = clicked_code
selected_code = st.selectbox(texts.UI_KIES_WIJK, codes,
                             format_func=dict(zip(coverage["wijk_code"], coverage["wijk_naam"])).__getitem__,
                             placeholder=texts.UI_KIES_WIJK_HINT, index=None, key=wijk_key)
view = {"metriek": metric, "soorten": st.session_state.get("filter_soorten") or [],
        "statussen": st.session_state.get("filter_statussen") or [], "wijk": selected_code,
        "bereik": show_reach, "partners": show_partners}
viewstate.to_url(view)
with link_slot:
    viewstate.copy_link("dekking", nis, view)
if selected_code:
    row = coverage.set_index("wijk_code").loc[selected_code]
    st.subheader(ui.plain(row["wijk_naam"]))
    details = st.columns(4)
    details[0].metric(texts.UI_METRIEK_AANDEEL, f"{row['gedekt_aandeel'] * 100:.0f} %")
    details[1].metric(texts.UI_VERTROUWD, int(row["vertrouwde_partners"]))
    details[2].metric(texts.UI_PARTNERS, int(row["partners"]))
    details[3].metric(texts.UI_DICHTSTE, "-" if pd.isna(row["afstand_m"]) else f"{row['afstand_m']:.0f} m")
    st.text(texts.UI_AANWEZIG.format(soorten=", ".join(categories[c].label for c in row["categorieen"] if c in categories) or "-"))
    st.text(texts.UI_ONTBREKEND.format(soorten=", ".join(categories[c].label for c in row["ontbrekende_categorieen"]
                                                       if c in categories) or "-"))
    if per_wijk is not None:
        st.text(context_line(row))
    if row["buurpartners"]:
        st.text(texts.UI_BUURPARTNERS.format(namen=", ".join(row["buurpartners"])))
    in_wijk = [p for p in partners if p.wijk_code == selected_code]
    st.dataframe(pd.DataFrame([{texts.UI_KOLOM_NAAM: p.naam, texts.UI_KOLOM_SOORT: categories[p.categorie].label
                                if p.categorie in categories else p.categorie, texts.UI_KOLOM_STATUS: p.status}
                               for p in in_wijk], columns=[texts.UI_KOLOM_NAAM, texts.UI_KOLOM_SOORT, texts.UI_KOLOM_STATUS]),
                 hide_index=True, width="stretch")

if views is not None:
    st.subheader(texts.UI_DEELAUTO_KOP)
    st.caption(texts.UI_DEELAUTO_UITLEG.format(afstand=f"{ui.settings().lagen_afstand_m:g}"))
    for title, view in zip(CAR_METRICS.values(), views):
        st.markdown(f"**{title}**")
        if view.empty:
            st.caption(texts.UI_DEELAUTO_GEEN)
        else:
            st.dataframe(pd.DataFrame({texts.UI_KOLOM_WIJK: view["wijk_naam"], texts.UI_KOLOM_UITLEG: view["uitleg"]}),
                         hide_index=True, width="stretch")

if "actie_bereikt" in metrics:  # the wijken reached by an action, next to those covered by trusted partners
    st.subheader(texts.UI_DEKKING_ACTIES_KOP)
    st.caption(texts.UI_DEKKING_ACTIES_UITLEG)
    reached = coverage[coverage["acties"].map(bool)]
    st.dataframe(pd.DataFrame({texts.UI_KOLOM_WIJK: reached["wijk_naam"],
                               texts.UI_DEKKING_KOLOM_ACTIES: reached["acties"].map("; ".join),
                               texts.UI_DEKKING_KOLOM_GEDEKT: ~reached["witte_vlek"].astype(bool)}),
                 hide_index=True, width="stretch", key="dekking_acties")

st.subheader(texts.UI_EXPORT_KOP)
decimal_comma = st.toggle(texts.UI_DECIMALE_KOMMA, value=True, key="decimale_komma")
exports = st.columns(5)
sources = [*boundaries.attribution, *([population_source(population)[1]] if population_label else []),
           *context.attribution(), *ui.partner_sources(partners)]


@st.cache_data(show_spinner=False, max_entries=32)
def _exports(view: tuple, decimal_comma: bool, _coverage, _sources):
    """The CSV, GeoJSON and GeoPackage of the coverage, made once per ``view`` (:func:`ui.view_key`)."""
    return (coverage_csv(_coverage, _sources, decimal_comma), coverage_geojson(_coverage, _sources),
            coverage_gpkg(_coverage, _sources))


csv_file, geojson_file, gpkg_file = _exports(
    ui.view_key("dekking-export", nis, boundaries, coverage_settings.key(), population_key), decimal_comma,
    coverage, sources)
exports[0].download_button("CSV", csv_file, file_name=f"dekking-{nis}.csv", mime="text/csv", key="dl_csv")
exports[1].download_button("GeoJSON", geojson_file, file_name=f"dekking-{nis}.geojson", mime="application/geo+json",
                           key="dl_geojson")
exports[2].download_button("GeoPackage", gpkg_file, file_name=f"dekking-{nis}.gpkg",
                           mime="application/geopackage+sqlite3", key="dl_gpkg")


@st.cache_data(show_spinner="Rapport maken…", max_entries=8)
def _report(code: str, settings_key: str, data_version: int, population_key: str, access_key: str, k: int, _settings,
            _population, _context, _actions=()):  # _context, _actions: what this session may see (data_version, access_key)
    shown = ui.partners()
    content = coverage_report(boundaries, code, shown, categories, _settings, k, _population, context=_context,
                              actions=_actions, sources=ui.partner_sources(shown))
    return render_pdf(content), render_png(content)


if exports[3].button(texts.UI_RAPPORT_MAKEN, key="rapport_maken"):
    st.session_state["rapport_klaar"] = (nis, coverage_settings.key(), store.data_version(), population_key)
if st.session_state.get("rapport_klaar") == (nis, coverage_settings.key(), store.data_version(), population_key):
    pdf, png = _report(nis, coverage_settings.key(), store.data_version(), population_key, ui.access().key, 5,
                       coverage_settings, population, per_wijk, municipality_actions)
    exports[3].download_button("PDF", pdf, file_name=f"rapport-{nis}.pdf", mime="application/pdf", key="dl_pdf")
    exports[4].download_button("PNG", png, file_name=f"rapport-{nis}.png", mime="image/png", key="dl_png")
ui.attribution_footer(boundaries, context, population, partners=partners)
