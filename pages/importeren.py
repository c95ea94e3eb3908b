"""Importeren: read organisations from CSV or Excel, review every row, commit, undo."""

import hashlib

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import texts
from geo.columns import FIELDS, detect_mapping
from geo.geocode import make_geocoder
from geo.importer import (MODES, ImportFileError, ImportOptions, commit_import, plan_import, read_upload_table,
                          remembered_mapping)
from geo.maps import preview_map
from geo.store import StoreError
from pages import ui

ui.use_app_shell()
MAX_CHOICES = 50  # doubtful rows offered a choice on the page; the rest keep the proposed municipality

st.title(texts.UI_IMPORT_TITEL)
st.markdown(texts.UI_IMPORT_UITLEG)
official = ui.official_boundaries()
if official is None:
    st.stop()
config = ui.settings()
access = ui.require_edit()
store = ui.partner_store()
limits = ui.table_limits()

if st.session_state.get("import_melding"):
    st.success(st.session_state.pop("import_melding"))

nis = ui.choose_gemeente(official, label=texts.UI_IMPORT_GEMEENTE)
if not access.is_admin and (nis is None or not access.can_edit(nis)):
    st.info(texts.UI_IMPORT_EIGEN_GEMEENTE)  # an organiser imports into one of their own municipalities
    st.stop()
upload = st.file_uploader(texts.UI_IMPORT_BESTAND, type=["csv", "txt", "xlsx"], max_upload_size=int(config.max_upload_mb),
                          key="import_upload", help=ui.upload_limit())
if upload is None:
    st.session_state.pop("import_tabel", None)  # the last file's table is kept only while it is uploaded

def _read(data: bytes, filename: str, digest: str, options: ImportOptions):
    """The upload as a table, read once per file and reading options (in a worker within the budget)."""
    key = (digest, options.encoding, options.delimiter, options.sheet)
    cached = st.session_state.get("import_tabel")
    if cached is None or cached[0] != key:
        with st.spinner(texts.UI_IMPORT_LEZEN):
            cached = (key, read_upload_table(data, filename, options, limits, ui.upload_budget()))
        st.session_state["import_tabel"] = cached
    return cached[1]


def _municipality_choices(digest: str) -> dict[int, str]:
    """The municipalities chosen for doubtful rows of this file (row number -> NIS code)."""
    prefix = f"keuze-{digest}-"
    return {int(key[len(prefix):]): value for key, value in st.session_state.items()
            if isinstance(key, str) and key.startswith(prefix) and value}


def _doubtful_rows(plan, digest: str) -> None:
    """A choice per row whose address fits several municipalities (the first is the default)."""
    doubtful = plan.doubtful()
    if not doubtful:
        return
    names = official.places.names
    st.subheader(texts.UI_IMPORT_TWIJFEL_KOP)
    st.caption(texts.UI_IMPORT_TWIJFEL_UITLEG)
    for report in doubtful[:MAX_CHOICES]:
        candidates = list(report.gemeente_kandidaten)
        st.selectbox(texts.UI_IMPORT_TWIJFEL_RIJ.format(rij=report.row, naam=report.naam), candidates,
                     index=candidates.index(report.gemeente_nis) if report.gemeente_nis in candidates else 0,
                     format_func=lambda code: names.get(code, code), key=f"keuze-{digest}-{report.row}")
    if len(doubtful) > MAX_CHOICES:
        st.caption(texts.UI_IMPORT_TWIJFEL_MEER.format(aantal=len(doubtful) - MAX_CHOICES))


if upload is not None:
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:16]
    with st.expander(texts.UI_IMPORT_LEESOPTIES, expanded=False):
        read_columns = st.columns(3)
        encoding = read_columns[0].selectbox(texts.UI_IMPORT_CODERING, [None, "utf-8", "utf-8-sig", "cp1252", "latin-1"],
                                             format_func=lambda v: v or texts.UI_AUTOMATISCH, key=f"enc-{digest}")
        delimiter = read_columns[1].selectbox(texts.UI_IMPORT_SCHEIDINGSTEKEN, [None, ";", ",", "\t", "|"],
                                              format_func=lambda v: texts.UI_AUTOMATISCH if v is None else
                                              {"\t": "tab"}.get(v, v), key=f"sep-{digest}")
    try:
        table = _read(data, upload.name, digest, ImportOptions(encoding=encoding, delimiter=delimiter,
                                                               sheet=st.session_state.get(f"sheet-{digest}")))
    except ImportFileError as exc:
        st.session_state.pop("import_tabel", None)
        st.error(ui.plain(exc))
        st.stop()
    if table.sheets and len(table.sheets) > 1:
        st.selectbox(texts.UI_IMPORT_WERKBLAD, table.sheets, key=f"sheet-{digest}")
    st.caption(texts.UI_IMPORT_GELEZEN.format(rijen=len(table.rows), kolommen=len(table.columns),
                                              codering=table.encoding or "-", scheiding=table.delimiter or "-"))
    for warning in table.warnings:
        st.warning(ui.plain(warning))

    st.subheader(texts.UI_IMPORT_KOLOMMEN)
    detected = remembered_mapping(store, table.columns) or detect_mapping(table.columns)
    field_options = [""] + list(FIELDS)
    mapping_table = pd.DataFrame({
        texts.UI_IMPORT_KOLOM: table.columns,
        texts.UI_IMPORT_VELD: [detected.get(c) or "" for c in table.columns],
        texts.UI_IMPORT_VOORBEELD: [next((row[i] for row in table.rows[:20] if i < len(row) and row[i]), "")[:60]
                                    for i in range(len(table.columns))],
    })
    edited = st.data_editor(
        mapping_table, hide_index=True, width="stretch", key=f"mapping-{digest}",
        disabled=[texts.UI_IMPORT_KOLOM, texts.UI_IMPORT_VOORBEELD],
        column_config={texts.UI_IMPORT_VELD: st.column_config.SelectboxColumn(options=field_options, required=False)},
    )
    mapping = {column: (value or None) for column, value in zip(table.columns, edited[texts.UI_IMPORT_VELD])}

    settings_columns = st.columns(3)
    modus = settings_columns[0].radio(texts.UI_IMPORT_MODUS, MODES, horizontal=True, key=f"modus-{digest}",
                                      captions=[texts.UI_MODUS_TOEVOEGEN, texts.UI_MODUS_BIJWERKEN, texts.UI_MODUS_VERVANGEN])
    crs_choice = settings_columns[1].selectbox(
        texts.UI_IMPORT_CRS, [None, "EPSG:4326", "EPSG:31370", "EPSG:3812"], key=f"crs-{digest}",
        format_func=lambda v: texts.UI_AUTOMATISCH if v is None else texts.CRS_LABELS[v])
    swapped_choice = settings_columns[2].selectbox(
        texts.UI_IMPORT_OMGEWISSELD, [None, False, True], key=f"swap-{digest}",
        format_func=lambda v: texts.UI_AUTOMATISCH if v is None else (texts.UI_JA if v else texts.UI_NEE))
    use_geocoder = st.checkbox(texts.UI_IMPORT_GEOCODEREN, value=config.geocoder != "none", key=f"geo-{digest}",
                               disabled=config.geocoder == "none")
    duplicates = st.radio(texts.UI_IMPORT_DUBBELS, list(texts.UI_IMPORT_DUBBELS_KEUZES), horizontal=True,
                          format_func=texts.UI_IMPORT_DUBBELS_KEUZES.__getitem__, key=f"dubbels-{digest}")

    options = ImportOptions(modus=modus, gemeente_nis=nis, mapping=mapping, coordinate_crs=crs_choice,
                            swapped=swapped_choice, encoding=encoding, delimiter=delimiter,
                            sheet=st.session_state.get(f"sheet-{digest}"), geocode=use_geocoder,
                            duplicates=duplicates)
    plan_key = (digest, repr(options))
    options.gemeente_keuzes = _municipality_choices(digest)  # made on the review itself: no new "Nakijken"
    buttons = st.columns([1, 1, 3])
    if buttons[0].button(texts.UI_IMPORT_NAKIJKEN, type="primary", key="nakijken"):
        st.session_state["import_stop"] = False
        st.session_state["import_plan_key"] = plan_key
    stop = buttons[1].button(texts.UI_IMPORT_STOPPEN, key="stoppen", help=texts.UI_IMPORT_STOPPEN_HULP)
    if stop:
        st.session_state["import_stop"] = True

    if st.session_state.get("import_plan_key") == plan_key:
        progress_bar = st.progress(0.0, text=texts.UI_IMPORT_BEZIG)

        def _progress(done: int, total: int, eta: float | None) -> None:
            eta_text = texts.UI_IMPORT_ETA.format(seconden=round(eta)) if eta else ""
            progress_bar.progress(done / total if total else 1.0,
                                  text=texts.UI_IMPORT_VOORTGANG.format(klaar=done, totaal=total, eta=eta_text))

        geocoder = make_geocoder(config, store, cache_only=bool(st.session_state.get("import_stop"))) \
            if use_geocoder else None
        try:
            plan = plan_import(data, upload.name, store, official, options, geocoder=geocoder, limits=limits,
                               progress=_progress, table=table)
        except (ImportFileError, StoreError) as exc:  # StoreError: the geocoder cache could not be written
            progress_bar.empty()
            st.error(ui.plain(exc))
            st.stop()
        progress_bar.empty()
        counts = plan.counts
        metrics = st.columns(7)
        metrics[0].metric(texts.UI_IMPORT_RIJEN, counts["rows"])
        metrics[1].metric(texts.UI_IMPORT_OK, counts["accepted"] - counts["warnings"])
        metrics[2].metric(texts.UI_IMPORT_WAARSCHUWING, counts["warnings"])
        metrics[3].metric(texts.UI_IMPORT_GEWEIGERD, counts["rejected"])
        metrics[4].metric(texts.UI_IMPORT_SAMENGEVOEGD, counts["merged"])
        metrics[5].metric(texts.UI_IMPORT_ZONDER_LOCATIE, counts["needs_location"])
        metrics[6].metric(texts.UI_IMPORT_GEOCODEERD, counts["geocoded"])
        if plan.coordinate_message:
            st.info(plan.coordinate_message)
        if plan.geocode_stopped:
            st.warning(texts.UI_IMPORT_GESTOPT)
        for warning in plan.warnings[len(table.warnings):]:  # e.g. the address service did not answer
            st.warning(ui.plain(warning))
        st.write(texts.UI_IMPORT_ACTIES.format(toevoegen=len(plan.added), bijwerken=len(plan.updated),
                                               verwijderen=len(plan.deleted)))
        report = plan.report_frame()
        status_filter = st.multiselect(texts.UI_IMPORT_TOON, ["ok", "waarschuwing", "geweigerd"],
                                       default=["waarschuwing", "geweigerd"], key="rapportfilter")
        st.dataframe(report[report["status"].isin(status_filter)], hide_index=True, width="stretch")
        st.download_button(texts.UI_IMPORT_RAPPORT, plan.report_csv(), file_name=f"importrapport-{upload.name}.csv",
                           mime="text/csv", key="rapport_download")
        _doubtful_rows(plan, digest)
        located = [p for p in plan.added + plan.updated if p.has_location]
        if located:
            st.caption(texts.UI_IMPORT_VOORBEELDKAART)
            st_folium(preview_map(official, located, ui.categories(), config, nis), key=f"voorbeeld-{digest}",
                      height=420, use_container_width=True, returned_objects=[])
        confirmed = True
        elsewhere = [p for p in plan.added + plan.updated if not access.can_edit(p.gemeente_nis)]
        if elsewhere:
            confirmed = False
            st.error(texts.UI_IMPORT_BUITEN_RECHTEN.format(aantal=len(elsewhere),
                                                           namen=ui.plain(", ".join(p.naam for p in elsewhere[:5]))))
        if modus == "vervangen" and not elsewhere:
            confirmed = st.checkbox(texts.UI_IMPORT_VERVANGEN_OK.format(aantal=len(plan.deleted)), key="vervangen_ok")
        if st.button(texts.UI_IMPORT_INLEZEN, type="primary", key="inlezen",
                     disabled=not confirmed or not (plan.added or plan.updated or plan.deleted)):
            try:
                run = commit_import(store, plan, user=ui.current_user(), confirm_replace=confirmed)
            except (ImportFileError, StoreError) as exc:
                st.error(ui.plain(exc))
            else:
                st.session_state["import_plan_key"] = None
                st.session_state["import_melding"] = texts.UI_IMPORT_GELUKT.format(
                    toegevoegd=run.toegevoegd, bijgewerkt=run.bijgewerkt, verwijderd=run.verwijderd)
                st.rerun()

st.subheader(texts.UI_IMPORT_GESCHIEDENIS)
history = [run for run in store.list_imports() if access.is_admin or access.can_edit(run.gemeente_nis)]
if not history:
    st.caption(texts.UI_IMPORT_GEEN_GESCHIEDENIS)
for run in history[:20]:
    row = st.columns([5, 1])
    row[0].text(texts.UI_IMPORT_REGEL.format(id=run.id, tijdstip=run.tijdstip, bestand=run.bestand, modus=run.modus,
                                              gebruiker=run.gebruiker or "-", toegevoegd=run.toegevoegd,
                                              bijgewerkt=run.bijgewerkt, verwijderd=run.verwijderd,
                                              geweigerd=run.geweigerd)
                 + (texts.UI_IMPORT_ONGEDAAN_OP.format(tijdstip=run.ongedaan) if run.ongedaan else ""))
    if not run.ongedaan and row[1].button(texts.UI_IMPORT_ONGEDAAN_MAKEN, key=f"undo-{run.id}"):
        try:
            store.undo_import(run.id, access.wie)
        except StoreError as exc:
            st.error(ui.plain(exc))
        else:
            st.session_state["import_melding"] = texts.UI_IMPORT_ONGEDAAN.format(id=run.id)
            st.rerun()
