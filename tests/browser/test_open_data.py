"""Belgian open data in one click, in Chromium (issue 16): Cambio's stations picked from the list of
sources on Lagen, drawn on Kaart with their attribution; Witte vlekken ranked by the built-in
inhabitants per wijk and Dekking's legend naming their source and year.

The list of sources (setting ``lagen_bronnen``) is written by the test with its addresses on a local
HTTP server that speaks Cambio's station API (:func:`tests.geo.context.source_fixtures.cambio_stations`:
two stations in Mechelen, one in Gent, one without a position, one in Paris). The app server fetches
it (so it runs with ``PARTNERKAART_LAGEN_PRIVE_ADRESSEN=ja``); the browser never does.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from geo import texts
from geo.advice import white_spots
from geo.categories import load_categories
from geo.config import load_settings
from geo.coverage import wijk_coverage
from geo.population import load_builtin
from geo.preferences import load_coverage_settings
from geo.store import open_store
from tests.browser.conftest import choose, table_column
from tests.geo.context.layer_server import LayerServer
from tests.geo.context.source_fixtures import cambio_stations, write_sources

MECHELEN = "12025"
CAMBIO = "Cambio-stations Vlaanderen"
CAMBIO_CREDIT = "Cambio (cambio-carsharing.com)"
CONTEXT_ICONS = ".leaflet-marker-icon.pk-context-icon"


@pytest.fixture(scope="module")
def cambio_server():
    server = LayerServer().start()
    try:
        cambio_stations(server)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def sources_app(start_streamlit, tmp_path_factory, cambio_server):
    folder = tmp_path_factory.mktemp("bronnen")
    sources = write_sources(folder, cambio_server)
    return start_streamlit(PARTNERKAART_DEMO="nee", PARTNERKAART_LAGEN_PRIVE_ADRESSEN="ja",
                           PARTNERKAART_LAGEN_BRONNEN=str(sources))


def test_cambio_picked_on_lagen_shows_its_stations_and_attribution_on_kaart(open_page, sources_app, cambio_server):
    page = open_page(sources_app.url, server=sources_app)
    page.goto("/lagen")
    expect(page.page.get_by_role("heading", name=texts.UI_BRONNEN_TITEL)).to_be_visible(timeout=60_000)
    choose(page, page.page.get_by_role("combobox", name=texts.UI_BRONNEN_BRON, exact=True), CAMBIO)
    expect(page.page.get_by_text(CAMBIO_CREDIT, exact=False).first).to_be_visible()  # licence and credit shown
    page.page.get_by_role("button", name=texts.UI_BRONNEN_TOEVOEGEN).click()
    success = page.page.locator('[data-testid="stAlert"]').filter(has_text=CAMBIO)
    expect(success).to_be_visible(timeout=60_000)
    assert cambio_server.hits("/pub/VLA/stations") >= 1  # fetched by the app server

    store = open_store(sources_app.db_path)
    try:
        [layer] = store.layer_list()
        stored = store.layer_objects([layer.id])
    finally:
        store.close()
    assert (layer.naam, layer.soort, layer.bron, layer.bronvermelding) == (CAMBIO, "deelauto", "cambio", CAMBIO_CREDIT)
    # Stored once for the region: Mechelen's two and Gent's; the one without a position cannot be, and
    # Paris lies outside Belgium (the message counts it).
    assert sorted(o.naam for o in stored) == ["Gent Sint-Pieters", "Mechelen <b>Veemarkt</b>", "Mechelen Station"]
    expect(success).to_contain_text(texts.LAGEN_BUITEN_BELGIE.format(aantal=1))
    page.idle()
    page.assert_clean()

    # Kaart of Mechelen: only its two stations (Gent and Paris lie outside it and its margin), the
    # layer's legend row and its attribution; the station name's markup stays text.
    page.goto(f"/?gemeente={MECHELEN}")
    page.wait_for_map()
    stations = page.map.locator(CONTEXT_ICONS)
    expect(stations).to_have_count(2)
    expect(page.map.locator(".partnerkaart-legend")).to_contain_text(f"{CAMBIO} ({texts.LAAG_SOORTEN['deelauto']})")
    attribution = page.map.locator(".leaflet-control-attribution")
    expect(attribution).to_contain_text(texts.LAAG_BRON.format(naam=CAMBIO, bron=CAMBIO_CREDIT))
    assert page.map.locator("b").filter(has_text=re.compile("Veemarkt")).count() == 0
    page.idle()
    page.assert_clean()


# -- inhabitants per wijk, built in ------------------------------------------------------------


@pytest.fixture(scope="module")
def population_app(start_streamlit, statbel_sector_file):
    """A server with the built-in inhabitants of 2025 (a generated sector file) and the demo partners."""
    return start_streamlit(PARTNERKAART_BEVOLKING_PAD=str(statbel_sector_file))


def test_witte_vlekken_ranks_by_inhabitants_and_dekking_names_the_year(open_page, population_app, boundaries,
                                                                        statbel_sector_file, SHARED_GEBIEDEN,
                                                                        boundary_cache, tmp_path):
    page = open_page(population_app.url, server=population_app)
    page.goto(f"/witte_vlekken?gemeente={MECHELEN}")
    page.wait_for_map()
    table = page.page.locator('[data-testid="stDataFrame"]').first
    expect(table.locator("thead")).to_contain_text(texts.UI_KOLOM_ONGEDEKT_INWONERS)

    # The order geo computes with those inhabitants, on the server's own store (demo partners); it
    # differs from the order by area, so a page ranking by area fails here.
    settings = load_settings({"PARTNERKAART_BEVOLKING_PAD": str(statbel_sector_file),
                              "PARTNERKAART_GEBIEDEN": str(SHARED_GEBIEDEN), "PARTNERKAART_CACHE": str(boundary_cache),
                              "PARTNERKAART_INSTELLINGEN": str(tmp_path / "geen.toml")})
    population = load_builtin(settings, boundaries).table
    store = open_store(population_app.db_path)
    try:
        partners, coverage_settings = store.list_partners(), load_coverage_settings(store)
    finally:
        store.close()
    categories = load_categories()

    def ranked(people) -> list[str]:
        coverage = wijk_coverage(boundaries, MECHELEN, partners, categories, coverage_settings, people)
        return list(white_spots(coverage, partners, boundaries, coverage_settings)["wijk_naam"])

    by_people = ranked(population)
    assert by_people != ranked(None)
    assert table_column(table, 2) == by_people
    page.idle()
    page.assert_clean()

    page.goto(f"/dekking?gemeente={MECHELEN}")
    page.wait_for_map()
    legend = page.map.locator(".partnerkaart-legend")
    expect(legend).to_contain_text(texts.INWONERS_BRON.format(jaar=2025))
    page.idle()
    page.assert_clean()
