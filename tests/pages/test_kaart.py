"""The Kaart page (the default page): municipality from the URL or the picker, metrics, map, wijk table."""

from __future__ import annotations

import html
import json
import re
import socket

from streamlit.testing.v1 import AppTest

from geo import texts
from geo.partners import TRUSTED_STATUSES
from tests.pages.helpers import figures


def metrics(at: AppTest) -> dict[str, str]:
    return figures(at)


def drawn_names(script: str) -> list[str]:
    """The names of the partner markers in the map's script (tooltips are "name (kind)")."""
    points = [point for match in re.finditer(r"var points = (\[.*?\]);\n", script) for point in json.loads(match.group(1))]
    return [point[3].rsplit(" (", 1)[0] for point in points]


def the_map(at: AppTest):
    """The st_folium component of the run (AppTest cannot render it; its arguments hold the map HTML)."""
    components = [c for c in at.get("component_instance") if "st_folium" in c.proto.component_name]
    assert len(components) == 1, components
    return json.loads(components[0].proto.json_args)


def test_mechelen_from_the_url_shows_wijken_demo_partners_and_map(app, demo, boundaries, open_db):
    at = app({"gemeente": "12025"})

    mechelen = [p for p in demo if p.gemeente_nis == "12025"]
    assert mechelen
    shown = metrics(at)
    assert shown[texts.UI_WIJKEN] == "12"
    assert shown[texts.UI_PARTNERS] == str(len(mechelen))
    assert shown[texts.UI_VERTROUWD] == str(sum(p.status in TRUSTED_STATUSES for p in mechelen))
    assert shown[texts.UI_ZONDER_LOCATIE] == "0"
    assert texts.UI_DEMO_ACTIEF in [c.value for c in at.caption]
    assert at.query_params["gemeente"] == "12025"
    assert at.selectbox[0].value == "12025"

    table = at.dataframe[0].value
    assert len(table) == 12
    assert set(table[texts.UI_KOLOM_CODE]) == set(boundaries.wijk_table("12025")["wijk_code"])
    per_wijk = table.set_index(texts.UI_KOLOM_CODE)[texts.UI_PARTNERS]
    for code, count in per_wijk.items():
        assert count == sum(p.wijk_code == code for p in mechelen), code

    script = the_map(at)["script"]
    for name in boundaries.wijk_table("12025")["wijk_naam"]:
        assert name in script
    stored = open_db().list_partners("12025")
    assert len(stored) == len(mechelen)
    assert sorted(drawn_names(script)) == sorted(html.escape(p.naam) for p in stored)
    assert texts.UI_BRONNEN_FOOTER in [c.value for c in at.caption]


def test_a_municipality_name_in_the_url_becomes_its_nis_code(app):
    at = app({"gemeente": "Mechelen"})

    assert at.query_params["gemeente"] == "12025"
    assert metrics(at)[texts.UI_WIJKEN] == "12"
    assert not at.warning


def test_an_unknown_municipality_is_named_in_a_dutch_warning_without_map(app):
    at = app({"gemeente": "onbestaand"})

    warnings = [w.value for w in at.warning]
    assert warnings == [texts.UI_GEMEENTE_ONBEKEND.format(waarde="onbestaand")]
    assert "onbestaand" in warnings[0]
    assert not figures(at) and not at.metric
    assert not at.dataframe
    assert not at.get("component_instance")
    assert [i.value for i in at.info] == [texts.UI_KIES_EERST_GEMEENTE]
    assert "gemeente" not in at.query_params


def test_without_municipality_the_page_asks_to_choose_one(app):
    at = app()

    assert [i.value for i in at.info] == [texts.UI_KIES_EERST_GEMEENTE]
    assert at.selectbox[0].value is None
    assert len(at.selectbox[0].options) == 304
    assert not figures(at) and not at.metric
    assert not at.get("component_instance")
    links = at.get("page_link")
    assert [link.proto.label for link in links] == [texts.UI_NAAR_VLAANDEREN]


def test_choosing_a_municipality_updates_url_metrics_and_table(app, demo, open_db):
    at = app({"gemeente": "12025"})

    at.selectbox[0].set_value("11050").run()

    assert not at.exception
    assert at.query_params["gemeente"] == "11050"
    shown = metrics(at)
    assert shown[texts.UI_WIJKEN] == "2"
    assert shown[texts.UI_PARTNERS] == str(sum(p.gemeente_nis == "11050" for p in demo))
    assert set(at.dataframe[0].value[texts.UI_KOLOM_WIJK]) == {"Centrum (Wijnegem)", "Moorsel (Wijnegem)"}
    script = the_map(at)["script"]
    assert "Moorsel (Wijnegem)" in script and "Arsenaal (Mechelen)" not in script
    assert sorted(drawn_names(script)) == sorted(html.escape(p.naam) for p in open_db().list_partners("11050"))


def test_without_demo_setting_an_empty_store_stays_empty(app, monkeypatch, open_db):
    monkeypatch.setenv("PARTNERKAART_DEMO", "nee")

    at = app({"gemeente": "12025"})

    shown = metrics(at)
    assert shown[texts.UI_WIJKEN] == "12"
    assert shown[texts.UI_PARTNERS] == "0"
    assert texts.UI_DEMO_ACTIEF not in [i.value for i in at.info]
    assert (at.dataframe[0].value[texts.UI_PARTNERS] == 0).all()
    assert open_db().count_partners() == 0


def test_offline_without_cache_says_so_and_links_to_the_upload(app, monkeypatch, tmp_path):
    with socket.socket() as unreachable:  # bound, never listening: every connection is refused
        unreachable.bind(("127.0.0.1", 0))
        monkeypatch.setenv("PARTNERKAART_GEBIEDEN", f"http://127.0.0.1:{unreachable.getsockname()[1]}/")
        monkeypatch.setenv("PARTNERKAART_CACHE", str(tmp_path / "lege-cache"))
        monkeypatch.setenv("PARTNERKAART_DOWNLOAD_TIMEOUT", "5")

        at = app({"gemeente": "12025"})

    errors = [e.value for e in at.error]
    assert len(errors) == 1
    assert "offline" in errors[0] or "niet gedownload" in errors[0]
    links = at.get("page_link")
    assert texts.UI_NAAR_EIGEN_GEBIED in [link.proto.label for link in links]
    upload_link = next(link for link in links if link.proto.label == texts.UI_NAAR_EIGEN_GEBIED)
    assert upload_link.proto.page.endswith("gebied")
    assert not figures(at) and not at.metric
    assert not at.get("component_instance")
