"""Eigen gebied: upload a boundary file of your own (GeoJSON, GeoPackage, zipped Shapefile)."""

import hashlib

import pandas as pd
import streamlit as st

from geo import texts
from geo.uploads.areas import build_area, delete_area, save_area
from geo.uploads.boundary_files import UploadedBoundaries, read_boundary_file
from geo.uploads.bounded import run_bounded
from geo.uploads.geometry_limits import BoundaryLimits
from pages import ui

ui.use_app_shell()

st.title(texts.UI_GEBIED_TITEL)
ui.require_edit()
st.markdown(texts.UI_GEBIED_UITLEG)
config = ui.settings()
limits = BoundaryLimits.from_settings(config)

if st.session_state.get("gebied_melding"):
    st.success(st.session_state.pop("gebied_melding"))

upload = st.file_uploader(texts.UI_GEBIED_UPLOAD, type=["geojson", "json", "gpkg", "zip"],
                          max_upload_size=int(config.max_upload_mb), key="gebied_upload",
                          help=ui.upload_limit())


def _read(data: bytes, filename: str) -> UploadedBoundaries:
    """The upload read and checked once per file, in a worker within the upload budget."""
    key = hashlib.sha256(data).hexdigest()
    cached = st.session_state.get("gebied_gelezen")
    if cached is None or cached[0] != key:
        with st.spinner(texts.UI_GEBIED_LEZEN):
            cached = (key, run_bounded(read_boundary_file, data, filename, config.max_upload_bytes, limits=limits,
                                       budget=ui.upload_budget(), filename=filename))
        st.session_state["gebied_gelezen"] = cached
    return cached[1]


if upload is None:
    st.session_state.pop("gebied_gelezen", None)
else:
    try:
        uploaded = _read(upload.getvalue(), upload.name)
    except ValueError as exc:  # BoundaryFileError, BudgetExceeded: Dutch, naming the limit
        st.session_state.pop("gebied_gelezen", None)
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
                    area = run_bounded(build_area, uploaded, name_field, title.strip() or upload.name, limits,
                                       budget=ui.upload_budget(), filename=upload.name)
                    code = save_area(area, ui.areas_folder())
                except ValueError as exc:  # BoundaryFileError, BudgetExceeded
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
