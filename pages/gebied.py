"""Eigen gebied: upload a boundary file of your own (GeoJSON, GeoPackage, zipped Shapefile)."""

import pandas as pd
import streamlit as st

from geo import texts
from geo.userfiles import BoundaryFileError, build_area, delete_area, read_boundary_file, save_area
from pages import ui

ui.use_app_shell()

st.title(texts.UI_GEBIED_TITEL)
ui.require_edit()
st.markdown(texts.UI_GEBIED_UITLEG)
config = ui.settings()

if st.session_state.get("gebied_melding"):
    st.success(st.session_state.pop("gebied_melding"))

upload = st.file_uploader(texts.UI_GEBIED_UPLOAD, type=["geojson", "json", "gpkg", "zip"],
                          max_upload_size=int(config.max_upload_mb), key="gebied_upload",
                          help=ui.upload_limit())
if upload is not None:
    try:
        uploaded = read_boundary_file(upload.getvalue(), upload.name, config.max_upload_bytes)
    except BoundaryFileError as exc:
        st.error(ui.plain(exc))
    else:
        for warning in uploaded.warnings:
            st.warning(ui.plain(warning))
        st.write(texts.UI_GEBIED_GELEZEN.format(aantal=len(uploaded.frame), crs=uploaded.source_crs))
        with st.form("gebied_form"):
            name_field = st.selectbox(texts.UI_GEBIED_NAAMVELD, uploaded.name_fields or list(uploaded.frame.columns.drop("geometry")))
            title = st.text_input(texts.UI_GEBIED_NAAM, value=upload.name.rsplit(".", 1)[0], max_chars=100)
            preview = pd.DataFrame(uploaded.frame.drop(columns="geometry")).head(20)
            st.dataframe(preview, hide_index=True, width="stretch")
            if st.form_submit_button(texts.UI_GEBIED_BEWAREN, type="primary"):
                try:
                    code = save_area(build_area(uploaded, name_field, title.strip() or upload.name), ui.areas_folder())
                except BoundaryFileError as exc:
                    st.error(ui.plain(exc))
                else:
                    st.session_state["gemeente"] = code
                    st.switch_page("pages/kaart.py", query_params={"gemeente": code})

areas = ui.custom_areas()
if areas:
    st.subheader(texts.UI_GEBIED_LIJST)
    for code, title in areas:
        row = st.columns([4, 1, 1])
        row[0].text(title)
        row[1].page_link("pages/kaart.py", label=texts.UI_OPENEN, query_params={"gemeente": code})
        if row[2].button(texts.UI_VERWIJDEREN, key=f"weg-{code}"):
            delete_area(ui.areas_folder(), code)
            st.session_state["gebied_melding"] = texts.UI_GEBIED_VERWIJDERD.format(naam=ui.plain(title))
            st.rerun()
