"""The Eigen gebied page: upload an own boundary file, save it, open it like a municipality."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import texts
from geo.uploads.areas import list_areas
from tests.pages.helpers import figures, shown

SUBMIT = "FormSubmitter:gebied_form-" + texts.UI_GEBIED_BEWAREN


def square(west: float, south: float, size: float = 0.01) -> list[list[list[float]]]:
    east, north = west + size, south + size
    return [[[west, south], [east, south], [east, north], [west, north], [west, south]]]


def geojson(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def feature(geometry_type: str, coordinates, **properties) -> dict:
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": geometry_type, "coordinates": coordinates}}


# Two adjacent squares near Mechelen, WGS84 (a GeoJSON without CRS is WGS84).
TWO_WIJKEN = geojson(
    feature("Polygon", square(4.47, 51.02), naam="Noordwijk", nummer=1),
    feature("Polygon", square(4.48, 51.02), naam="Zuidwijk", nummer=2),
)
ONLY_POINTS = geojson(
    feature("Point", [4.47, 51.02], naam="Punt A"),
    feature("Point", [4.48, 51.03], naam="Punt B"),
)


@pytest.fixture
def areas(monkeypatch, tmp_path, boundary_cache, boundaries) -> Path:
    """This test's own cache (so saved areas stay in the test); the prepared layers are copied in."""
    cache = tmp_path / "cache"
    shutil.copytree(boundary_cache / "prepared", cache / "prepared")
    monkeypatch.setenv("PARTNERKAART_CACHE", str(cache))
    return cache / "eigen-gebieden"


def upload_page(app) -> AppTest:
    at = app()
    at.switch_page("pages/gebied.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == texts.UI_GEBIED_TITEL
    return at


def upload(at: AppTest, filename: str, data: bytes) -> AppTest:
    at = at.file_uploader[0].set_value([(filename, data, "application/geo+json")]).run()
    assert not at.exception, at.exception
    return at


def test_an_uploaded_area_is_saved_and_opened_on_the_map(app, areas):
    at = upload(upload_page(app), "wijken.geojson", TWO_WIJKEN)

    assert not at.error, [e.value for e in at.error]
    assert texts.UI_GEBIED_GELEZEN.format(aantal=2, crs="EPSG:4326") in [m.value for m in at.markdown]
    name_field = next(s for s in at.selectbox if s.label == texts.UI_GEBIED_NAAMVELD)
    assert "naam" in name_field.options
    assert name_field.value == "naam"
    assert list(at.dataframe[0].value["naam"]) == ["Noordwijk", "Zuidwijk"]
    title = next(t for t in at.text_input if t.label == texts.UI_GEBIED_NAAM)
    assert title.value == "wijken"
    title.input("Testgebied Mechelen")
    assert list_areas(areas) == []

    at = at.button(key=SUBMIT).click().run()

    assert not at.exception, at.exception
    saved = list_areas(areas)
    assert len(saved) == 1
    code, saved_title = saved[0]
    assert code.startswith("eigen-") and saved_title == "Testgebied Mechelen"
    # the app is now on the Kaart page of the new area
    assert at.title[0].value == texts.UI_KAART_TITEL
    assert at.query_params["gemeente"] == code
    assert at.selectbox[0].value == code
    assert figures(at)[texts.UI_WIJKEN] == "2"
    assert set(at.dataframe[0].value[texts.UI_KOLOM_WIJK]) == {"Noordwijk", "Zuidwijk"}

    # and it can be opened again from the URL in a new session
    again = app({"gemeente": code})
    assert figures(again)[texts.UI_WIJKEN] == "2"
    assert not again.warning


def test_a_saved_area_is_listed_and_can_be_deleted(app, areas):
    at = upload(upload_page(app), "wijken.geojson", TWO_WIJKEN)
    at = at.button(key=SUBMIT).click().run()
    [(code, title)] = list_areas(areas)

    at = upload_page(app)
    assert title in [e.value for e in [*at.text, *at.markdown]]
    links = [link.proto for link in at.get("page_link")]
    assert any(link.label == texts.UI_OPENEN and code in link.query_string for link in links), links

    at = at.button(key=f"weg-{code}").click().run()

    assert not at.exception, at.exception
    assert list_areas(areas) == []
    assert shown(at.success) == [texts.UI_GEBIED_VERWIJDERD.format(naam=title)]


@pytest.mark.parametrize("filename, data, message", [
    ("leeg.geojson", b"", texts.UPLOAD_LEEG.format(bestand="leeg.geojson")),
    ("punten.geojson", ONLY_POINTS, "bevat geen vlakken"),
    ("kapot.geojson", b'{"type": "FeatureCollection", "features": [', "kon niet gelezen worden"),
])
def test_an_unusable_file_is_refused_in_dutch_and_nothing_is_saved(app, areas, filename, data, message):
    at = upload(upload_page(app), filename, data)

    errors = shown(at.error)
    assert len(errors) == 1
    assert message in errors[0]
    assert filename in errors[0]
    assert SUBMIT not in [b.key for b in at.button]
    assert list_areas(areas) == []
    assert not areas.exists() or not any(areas.iterdir())
