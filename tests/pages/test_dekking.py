"""The coverage pages under AppTest: Dekking (metrics, choropleth, wijk details, downloads,
report, population upload, filters), Witte vlekken (ranking, advice) and Instellingen
(radius, threshold, trusted statuses, reset), each against the ``geo`` functions called
in this process with the same partners and settings."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace

import geopandas as gpd
import pandas as pd
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from geo import texts
from geo.advice import advise, white_spots
from geo.categories import load_categories
from geo.coverage import wijk_coverage
from geo.export import coverage_table
from geo.maps import metric_class
from geo.population.upload import read_population
from geo.preferences import load_coverage_settings, save_coverage_settings
from geo.reach import CoverageSettings
from pages.ui import plain
from tests.pages.helpers import RecordingMediaStorage, figures, record_media, map_script, run  # noqa: F401 (fixture)

MECHELEN = "12025"
MUNICIPALITY_WIDE = ("adviesraad", "gemeente")  # one such prospect covers all of Mechelen at once


pytestmark = pytest.mark.usefixtures("record_media")


def open_page(app, page: str, gemeente: str = MECHELEN) -> AppTest:
    at = app({"gemeente": gemeente})
    return run(at.switch_page(page))


def metrics(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def summary(at: AppTest) -> dict[str, str]:
    """The key figures on one line above the map."""
    return figures(at)


def downloads(at: AppTest) -> dict[str, bytes]:
    """label → the bytes the download button serves (from the run's media storage)."""
    storage = RecordingMediaStorage.made[-1]
    return {button.proto.label: storage.get_file(button.proto.url.rsplit("/", 1)[1]).content
            for button in at.get("download_button")}


def choropleth(at: AppTest) -> dict[str, dict]:
    """wijk_code → the properties of the coverage layer's feature, as the map received them."""
    script = map_script(at)
    decoder = json.JSONDecoder()
    for match in re.finditer(r"geo_json_\w+_add\(", script):
        data, _ = decoder.raw_decode(script, match.end())
        features = data.get("features", [])
        if features and "kleur" in features[0]["properties"]:
            return {f["properties"]["wijk_code"]: f["properties"] for f in features}
    raise AssertionError("no coverage layer in the map")


def legend_title(at: AppTest) -> str:
    script = map_script(at)
    for match in re.finditer(r'div\.innerHTML = ("(?:[^"\\]|\\.)*");', script):
        markup = json.loads(match.group(1))
        found = re.search(r'<div class="pk-title">(.*?)</div>', markup)
        if found:
            return found.group(1)
    raise AssertionError("no legend in the map")


def coverage_of(boundaries, open_db, settings: CoverageSettings | None = None, population=None) -> gpd.GeoDataFrame:
    """The coverage of Mechelen computed here, on the app's store and its saved settings."""
    store = open_db()
    chosen = settings if settings is not None else load_coverage_settings(store)
    return wijk_coverage(boundaries, MECHELEN, store.list_partners(), load_categories(), chosen, population)


def population_file(boundaries) -> bytes:
    codes = boundaries.wijk_table(MECHELEN)["wijk_code"]
    return ("wijkcode;inwoners\n" + "".join(f"{c};{1000 + 500 * i}\n" for i, c in enumerate(codes))).encode()


# -- Dekking ---------------------------------------------------------------------------------


def test_dekking_shows_the_wijken_and_the_white_spots_computed_by_geo(app, boundaries, open_db):
    at = open_page(app, "pages/dekking.py")

    expected = coverage_of(boundaries, open_db, CoverageSettings())
    shown = summary(at)
    assert shown[texts.UI_WIJKEN] == "12"
    assert shown[texts.UI_WITTE_VLEKKEN] == str(int(expected["witte_vlek"].sum()))
    assert 0 < expected["witte_vlek"].sum() < 12
    assert shown[texts.UI_VERTROUWD] == str(int(expected["vertrouwde_partners"].sum()))
    area = expected["oppervlakte_km2"].sum()
    assert shown[texts.UI_METRIEK_AANDEEL] == f"{expected['gedekt_km2'].sum() / area * 100:.0f} %"
    assert at.title[0].value == texts.UI_DEKKING_TITEL


def test_the_map_colours_each_wijk_by_its_share_and_marks_the_white_spots(app, boundaries, open_db):
    at = open_page(app, "pages/dekking.py")

    expected = coverage_of(boundaries, open_db).set_index("wijk_code")
    features = choropleth(at)
    assert set(features) == set(expected.index)
    for code, properties in features.items():
        assert properties["kleur"] == metric_class("gedekt_aandeel", expected.loc[code, "gedekt_aandeel"])[0], code
        assert properties["witte_vlek"] is bool(expected.loc[code, "witte_vlek"]), code
    assert legend_title(at) == texts.UI_METRIEK_AANDEEL


@pytest.mark.parametrize("metric", ["vertrouwde_partners", "partners"])
def test_switching_the_metric_recolours_the_map(app, boundaries, open_db, metric):
    at = open_page(app, "pages/dekking.py")
    control = at.pills[0]
    assert control.label == texts.UI_METRIEK
    assert control.value == "gedekt_aandeel"
    before = {code: p["kleur"] for code, p in choropleth(at).items()}

    at = run(control.set_value(metric))

    assert at.pills[0].value == metric
    labels = {"vertrouwde_partners": texts.UI_VERTROUWD, "partners": texts.UI_PARTNERS}
    assert legend_title(at) == labels[metric]
    expected = coverage_of(boundaries, open_db).set_index("wijk_code")
    for code, properties in choropleth(at).items():
        assert (properties["kleur"], properties["klasse"]) == metric_class(metric, expected.loc[code, metric]), code
        assert properties["witte_vlek"] is bool(expected.loc[code, "witte_vlek"])  # outlines stay
    assert {code: p["kleur"] for code, p in choropleth(at).items()} != before


def test_choosing_a_wijk_shows_its_details_and_its_partners(app, boundaries, open_db, demo):
    at = open_page(app, "pages/dekking.py")
    wijk = at.selectbox(key=f"wijk-{MECHELEN}")
    assert wijk.label == texts.UI_KIES_WIJK and wijk.value is None

    at = run(wijk.set_value("12025W01"))

    expected = coverage_of(boundaries, open_db).set_index("wijk_code").loc["12025W01"]
    assert [h.value for h in at.subheader][0] == plain(expected["wijk_naam"])
    details = metrics(at)  # the chosen wijk's figures
    assert (texts.UI_METRIEK_AANDEEL, f"{expected['gedekt_aandeel'] * 100:.0f} %") in details
    assert (texts.UI_VERTROUWD, str(int(expected["vertrouwde_partners"]))) in details
    assert (texts.UI_PARTNERS, str(int(expected["partners"]))) in details
    partners = at.dataframe[0].value
    in_wijk = sorted(p.naam for p in demo if p.wijk_code == "12025W01")
    assert len(in_wijk) >= 2
    assert sorted(partners[texts.UI_KOLOM_NAAM]) == in_wijk
    labels = load_categories()
    present = ", ".join(labels[c].label for c in expected["categorieen"])
    assert texts.UI_AANWEZIG.format(soorten=present) in [t.value for t in at.text]


def test_the_downloads_are_the_coverage_as_csv_geojson_and_geopackage(app, boundaries, open_db, tmp_path):
    at = open_page(app, "pages/dekking.py")

    files = downloads(at)
    assert list(files) == ["CSV", "GeoJSON", "GeoPackage"]
    expected = coverage_table(coverage_of(boundaries, open_db))
    assert files["CSV"].startswith(b"\xef\xbb\xbf")
    csv = pd.read_csv(io.BytesIO(files["CSV"]), sep=";", decimal=",", encoding="utf-8-sig", engine="python",
                      skipfooter=1, dtype={"wijk_code": str})
    assert list(csv["wijk_code"]) == list(expected["wijk_code"])
    assert list(csv["gedekt_aandeel"]) == list(expected["gedekt_aandeel"])  # decimal comma is on by default
    assert files["CSV"].decode("utf-8-sig").rstrip().splitlines()[-1].startswith("# Bronnen: ")
    geojson = json.loads(files["GeoJSON"])
    assert [f["properties"]["wijk_code"] for f in geojson["features"]] == list(expected["wijk_code"])
    path = tmp_path / "dekking.gpkg"
    path.write_bytes(files["GeoPackage"])
    layer = gpd.read_file(path, layer="dekking")
    assert layer.crs.to_epsg() == 31370 and list(layer["wijk_code"]) == list(expected["wijk_code"])


def test_the_decimal_comma_toggle_changes_the_csv(app):
    at = open_page(app, "pages/dekking.py")
    with_comma = downloads(at)["CSV"].decode("utf-8-sig")

    at = run(at.toggle(key="decimale_komma").set_value(False))
    with_point = downloads(at)["CSV"].decode("utf-8-sig")

    assert re.search(r";0,\d+;", with_comma) and not re.search(r";0\.\d+;", with_comma)
    assert re.search(r";0\.\d+;", with_point) and not re.search(r";0,\d+;", with_point)


def test_rapport_maken_offers_the_report_as_pdf_and_png(app):
    at = open_page(app, "pages/dekking.py")
    assert "PDF" not in downloads(at)

    at = run(at.button(key="rapport_maken").click())

    files = downloads(at)
    assert {"PDF", "PNG"} <= set(files)
    pdf = PdfReader(io.BytesIO(files["PDF"]))
    assert len(pdf.pages) >= 2
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Dekking door vertrouwde partners" in text and "Mechelen" in text
    assert files["PNG"].startswith(b"\x89PNG\r\n\x1a\n")
    # The report stays offered on the next run (it belongs to this municipality and data).
    at = run(at.toggle(key="decimale_komma").set_value(False))
    assert {"PDF", "PNG"} <= set(downloads(at))


def test_a_population_file_adds_the_covered_inhabitants(app, boundaries, open_db):
    at = open_page(app, "pages/dekking.py")
    assert at.pills[0].options == [texts.UI_METRIEK_AANDEEL, texts.UI_VERTROUWD, texts.UI_PARTNERS]
    data = population_file(boundaries)

    at = run(at.file_uploader(key="inwoners_upload").set_value([("inwoners.csv", data, "text/csv")]))

    assert not at.error
    assert texts.UI_METRIEK_INWONERS in at.pills[0].options
    at = run(at.pills[0].set_value("inwoners_gedekt"))
    assert legend_title(at) == texts.UI_METRIEK_INWONERS
    population = read_population(data, "inwoners.csv", boundaries)
    expected = coverage_of(boundaries, open_db, population=population).set_index("wijk_code")
    for code, properties in choropleth(at).items():
        assert properties["kleur"] == metric_class("inwoners_gedekt", expected.loc[code, "inwoners_gedekt"])[0]
    csv = pd.read_csv(io.BytesIO(downloads(at)["CSV"]), sep=";", decimal=",", encoding="utf-8-sig",
                      engine="python", skipfooter=1, dtype={"wijk_code": str})
    assert list(csv["inwoners_gedekt"]) == list(coverage_table(expected.reset_index())["inwoners_gedekt"])


def test_a_bad_population_file_shows_a_dutch_error(app):
    at = open_page(app, "pages/dekking.py")

    at = run(at.file_uploader(key="inwoners_upload").set_value(
        [("fout.csv", b"wijkcode;iets\n12025W01;5\n", "text/csv")]))

    assert [e.value for e in at.error] == [plain(texts.BEVOLKING_KOLOM_INWONERS.format(bestand="fout.csv"))]
    assert texts.UI_METRIEK_INWONERS not in at.pills[0].options
    assert summary(at)[texts.UI_WIJKEN] == "12"  # the page still works


@pytest.mark.parametrize(("widget", "chosen", "filters"), [
    ("filter_soorten", ["school", "jeugdbeweging"], {"categories": ("school", "jeugdbeweging")}),
    ("filter_statussen", ["zet zich mee in"], {"statuses": ("zet zich mee in",)}),
])
def test_the_sidebar_filters_change_the_coverage(app, boundaries, open_db, widget, chosen, filters):
    at = open_page(app, "pages/dekking.py")
    before = summary(at)

    at = run(at.multiselect(key=widget).set_value(chosen))

    expected = coverage_of(boundaries, open_db, CoverageSettings(**filters))
    shown = summary(at)
    assert shown[texts.UI_WITTE_VLEKKEN] == str(int(expected["witte_vlek"].sum()))
    assert shown[texts.UI_VERTROUWD] == str(int(expected["vertrouwde_partners"].sum()))
    assert shown != before
    features = choropleth(at)
    assert all(features[c]["witte_vlek"] is bool(s) for c, s in zip(expected["wijk_code"], expected["witte_vlek"]))


# -- Witte vlekken ---------------------------------------------------------------------------


def test_witte_vlekken_lists_the_spots_in_the_order_of_geo(app, boundaries, open_db):
    at = open_page(app, "pages/witte_vlekken.py")

    store = open_db()
    settings = load_coverage_settings(store)
    coverage = coverage_of(boundaries, open_db)
    spots = white_spots(coverage, store.list_partners(), boundaries, settings)
    assert len(spots) >= 1
    table = at.dataframe[0].value
    assert list(table[texts.UI_KOLOM_WIJK]) == list(spots["wijk_naam"])
    assert list(table["#"]) == list(range(1, len(spots) + 1))
    assert list(table[texts.UI_KOLOM_SOORT_VLEK]) == list(spots["soort"])
    white = list(table[texts.UI_KOLOM_SOORT_VLEK]).count(texts.ADVIES_WITTE_VLEK)
    assert white == int(coverage["witte_vlek"].sum())


def test_the_advice_has_at_most_k_rows_and_follows_k(app, boundaries, open_db):
    at = open_page(app, "pages/witte_vlekken.py")
    kinds = [c for c in load_categories() if c not in MUNICIPALITY_WIDE]
    at = run(at.multiselect(key="filter_soorten").set_value(kinds))
    settings = replace(load_coverage_settings(open_db()), categories=tuple(kinds))
    partners = open_db().list_partners()

    tables = {}
    for k in (5, 2):
        at = run(at.number_input(key="advies_k").set_value(k))
        tables[k] = at.dataframe[-1].value
        expected = advise(boundaries, MECHELEN, partners, load_categories(), settings, k)
        assert len(tables[k]) == len(expected) <= k
        assert list(tables[k][texts.UI_KOLOM_NAAM]) == [a.naam for a in expected]
        assert list(tables[k]["#"]) == list(range(1, len(expected) + 1))
    assert len(tables[5]) > len(tables[2]) == 2
    assert list(tables[5][texts.UI_KOLOM_NAAM])[:2] == list(tables[2][texts.UI_KOLOM_NAAM])


# -- Instellingen ----------------------------------------------------------------------------


def settings_page(app) -> AppTest:
    return open_page(app, "pages/instellingen.py")


def test_saved_radius_and_threshold_are_used_by_the_dekking_page(app, boundaries, open_db):
    at = settings_page(app)
    assert at.number_input(key="straal-jeugdbeweging").value == load_categories()["jeugdbeweging"].bereik_m

    at.number_input(key="straal-jeugdbeweging").set_value(4000)
    at.slider[0].set_value(100)
    at = run(at.button[0].click())

    assert [s.value for s in at.success] == [texts.UI_INSTELLINGEN_BEWAARD]
    saved = load_coverage_settings(open_db())
    assert saved.radius_overrides == (("jeugdbeweging", 4000),)
    assert saved.threshold == 1.0
    assert saved.trusted_statuses == CoverageSettings().trusted_statuses
    assert at.number_input(key="straal-jeugdbeweging").value == 4000
    assert at.slider[0].value == 100

    at = run(at.switch_page("pages/dekking.py"))
    expected = coverage_of(boundaries, open_db, saved)
    default = coverage_of(boundaries, open_db, CoverageSettings())
    spots = int(expected["witte_vlek"].sum())
    assert summary(at)[texts.UI_WITTE_VLEKKEN] == str(spots)
    assert spots == int((expected["gedekt_aandeel"] < 1).sum())
    assert spots > int(default["witte_vlek"].sum())
    # The larger reach of the youth movements covers more: some wijken are now fully covered.
    assert (expected["gedekt_aandeel"] >= default["gedekt_aandeel"] - 1e-12).all()
    assert (expected["gedekt_aandeel"] == 1.0).sum() > (default["gedekt_aandeel"] == 1.0).sum()
    assert all(choropleth(at)[c]["witte_vlek"] is bool(s) for c, s in zip(expected["wijk_code"], expected["witte_vlek"]))


def test_without_a_trusted_status_nothing_is_saved(app, open_db):
    at = settings_page(app)

    at.multiselect[0].set_value([])
    at.slider[0].set_value(50)
    at = run(at.button[0].click())

    assert [e.value for e in at.error] == [texts.UI_MINSTENS_EEN_STATUS]
    assert not at.success
    assert open_db().setting_get("dekking") is None
    assert load_coverage_settings(open_db()) == CoverageSettings()


def test_standaardwaarden_herstellen_resets_the_saved_settings(app, open_db):
    save_coverage_settings(open_db(), CoverageSettings(trusted_statuses=("zet zich mee in",), threshold=0.5,
                                                       radius_overrides={"school": 2500}))
    at = settings_page(app)
    assert at.multiselect[0].value == ["zet zich mee in"]
    assert at.slider[0].value == 50
    assert at.number_input(key="straal-school").value == 2500

    at = run(at.button(key="standaard").click())

    assert [s.value for s in at.success] == [texts.UI_INSTELLINGEN_HERSTELD]
    assert load_coverage_settings(open_db()) == CoverageSettings()
    assert at.slider[0].value == round(CoverageSettings().threshold * 100)
    assert at.multiselect[0].value == list(CoverageSettings().trusted_statuses)
