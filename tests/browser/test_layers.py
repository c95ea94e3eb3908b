"""Context layers in Chromium (issue 11): a GBFS feed of shared cars added on Lagen through the
real form, its square markers, legend section, source and layer toggle on Kaart, the two car
views of Dekking, public and private layers behind a share link, and every text of the feed
shown as text.

A local HTTP server (:class:`tests.geo.context.layer_server.LayerServer`) speaks GBFS 3.0 with
objects placed in known wijken of Mechelen (12025). The app server fetches it, never the browser
(whose every request to another host would be blocked and counted), so the server runs with
``PARTNERKAART_LAGEN_PRIVE_ADRESSEN=ja``; the session server without that setting refuses the
same address. The store starts without demo data, with two trusted *buurt* partners (their reach
is exactly their own wijk): Centrum and Nekkerspoel are covered, every other wijk is a white spot.

The car feed ("Deelauto's Mechelen"):

- a station named ``<img src=x onerror=alert(1)>`` and a car 150 m from Centrum's representative
  point (so Centrum has a car near its partner);
- a car of a type named ``"><svg onload=alert(3)>`` at Hombeek's representative point (a white spot);
- a scooter (not a car: left out of a *deelauto* layer) and a disabled car in Nekkerspoel, so
  Nekkerspoel has a partner and no car: the one wijk of "Partner maar geen deelauto".
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urlencode

import geopandas as gpd
import pytest
import shapely
from playwright.sync_api import expect

from geo import texts
from geo.config import load_settings
from geo.context.manage import add_layer
from geo.context.records import ContextLayer
from geo.editing import save_partner
from geo.store import open_store
from tests.geo.context.layer_server import LayerServer
from tests.browser.conftest import choose, table_column

MECHELEN = "12025"
CENTRUM, HOMBEEK, NEKKERSPOEL = "12025W03", "12025W05", "12025W10"
NOW = "2026-01-01T00:00:00+01:00"

CAR_LAYER = "Deelauto's Mechelen"  # the apostrophe is escaped on the map too
PUBLIC_LAYER = "Mobipunten Mechelen"
PRIVATE_LAYER = "Laadpunten intern"
SYSTEM, OPERATOR = "Deelwagens Mechelen", "<i>Testdelen</i>"  # the operator is markup: shown as text
XSS_STATION = "<img src=x onerror=alert(1)>"
XSS_CAR_TYPE = '"><svg onload=alert(3)>'
INJECTED = "img[src='x'], img[onerror], svg[onload]"

CONTEXT_ICONS = ".leaflet-marker-icon.pk-context-icon"
VIEW_COLOUR = "#882255"  # METRIC_CLASSES["partner_geen_deelauto"]: "ja"
DEEL_TO_CENTRUM_M = 150.0  # the station and car of Centrum stand this far from its representative point
ZOOM = 16


# -- the places, the feeds, the server ----------------------------------------------------------


@pytest.fixture(scope="module")
def places(boundaries) -> dict:
    """Where everything stands: per object (lat, lon) and its Lambert 72 point; the wijken and their
    representative points (as the analysis measures from them)."""
    wijken = boundaries.wijken_of(MECHELEN).to_crs(31370).set_index("wijk_code")
    anchors = gpd.GeoSeries(shapely.point_on_surface(wijken.geometry.values), index=wijken.index, crs=31370)

    def at(code: str, dx: float = 0.0, dy: float = 0.0):
        point = shapely.Point(anchors[code].x + dx, anchors[code].y + dy)
        wgs = gpd.GeoSeries([point], crs=31370).to_crs(4326).iloc[0]
        return {"lat": round(wgs.y, 7), "lon": round(wgs.x, 7), "lambert": point}

    return {
        "wijken": wijken, "anchors": anchors,
        "station": at(CENTRUM, dy=DEEL_TO_CENTRUM_M), "car": at(CENTRUM, dx=DEEL_TO_CENTRUM_M),
        "xss_car": at(HOMBEEK), "scooter": at(NEKKERSPOEL, dy=50), "disabled": at(NEKKERSPOEL, dx=50),
        "partners": {CENTRUM: at(CENTRUM), NEKKERSPOEL: at(NEKKERSPOEL)},
        "mobipunten": [at("12025W08"), at("12025W11")], "laadpunt": at("12025W07"),
    }


def gbfs_30(server: LayerServer, prefix: str, stations: list[dict], vehicles: list[dict] = (),
            types: list[dict] = (), name: str = SYSTEM, operator: str = OPERATOR) -> str:
    """A GBFS 3.0 system at ``prefix`` (only the feeds that have content); its discovery URL."""
    def wrap(data: dict) -> dict:
        return {"last_updated": NOW, "ttl": 0, "version": "3.0", "data": data}

    documents = {"system_information": {"system_id": prefix.strip("/"), "languages": ["nl"], "timezone": "Europe/Brussels",
                                        "name": [{"text": name, "language": "nl"}],
                                        "operator": [{"text": operator, "language": "nl"}]},
                 "station_information": {"stations": stations}}
    if vehicles:
        documents["vehicle_status"] = {"vehicles": list(vehicles)}
        documents["vehicle_types"] = {"vehicle_types": list(types)}
    server.document(f"{prefix}/gbfs.json", wrap({"feeds": [{"name": n, "url": f"{n}.json"} for n in documents]}))
    for feed, data in documents.items():
        server.document(f"{prefix}/{feed}.json", wrap(data))
    return server.url(f"{prefix}/gbfs.json")


def _station(station_id: str, name: str, place: dict) -> dict:
    return {"station_id": station_id, "name": [{"text": name, "language": "nl"}], "lat": place["lat"], "lon": place["lon"]}


def _vehicle(vehicle_id: str, type_id: str, place: dict, disabled: bool = False) -> dict:
    return {"vehicle_id": vehicle_id, "lat": place["lat"], "lon": place["lon"], "is_reserved": False,
            "is_disabled": disabled, "vehicle_type_id": type_id, "last_reported": NOW}


@pytest.fixture(scope="module")
def feeds(places) -> Iterator[dict[str, str]]:
    """The three GBFS systems on a local server: their discovery URLs by layer name."""
    server = LayerServer().start()
    try:
        cars = gbfs_30(server, "/deelautos", [_station("s1", XSS_STATION, places["station"])], [
            _vehicle("v1", "zoe", places["car"]),
            _vehicle("v2", "xss", places["xss_car"]),
            _vehicle("v3", "step", places["scooter"]),                   # not a car: left out
            _vehicle("v4", "zoe", places["disabled"], disabled=True),    # out of service: left out
        ], [{"vehicle_type_id": "zoe", "form_factor": "car", "propulsion_type": "electric",
             "name": [{"text": "Renault Zoe", "language": "nl"}]},
            {"vehicle_type_id": "xss", "form_factor": "car", "propulsion_type": "combustion",
             "name": [{"text": XSS_CAR_TYPE, "language": "nl"}]},
            {"vehicle_type_id": "step", "form_factor": "scooter_standing", "propulsion_type": "electric"}])
        public = gbfs_30(server, "/mobipunten", [_station(f"m{i}", f"Mobipunt {i}", place)
                                                 for i, place in enumerate(places["mobipunten"], 1)],
                         name="Hoppin Mechelen", operator="Stad Mechelen")
        private = gbfs_30(server, "/laadpunten", [_station("l1", "Laadpaal stadhuis", places["laadpunt"])],
                          name="Interne laadpalen", operator="Stad Mechelen")
        yield {"server": server, CAR_LAYER: cars, PUBLIC_LAYER: public, PRIVATE_LAYER: private}
    finally:
        server.stop()


@pytest.fixture(scope="module")
def layer_app(start_streamlit, tmp_path_factory, boundaries, places, feeds):
    """A server that may fetch from 127.0.0.1, on a store with only the two buurt partners."""
    path = str(tmp_path_factory.mktemp("layers-db") / "partnerkaart.sqlite")
    with opened(path) as store:
        for code, place in places["partners"].items():
            stored, errors = save_partner(store, boundaries, {
                "naam": f"Buurtcomité {code[-2:]}", "categorie": "buurt", "status": "zet zich mee in",
                "plaats": "Mechelen", "lat": place["lat"], "lon": place["lon"], "gemeente_nis": MECHELEN})
            assert not errors, errors
            assert stored.wijk_code == code
    return start_streamlit(PARTNERKAART_DB=path, PARTNERKAART_DEMO="nee", PARTNERKAART_LAGEN_PRIVE_ADRESSEN="ja")


@contextmanager
def opened(db: str):
    store = open_store(db)
    try:
        yield store
    finally:
        store.close()


def layers_named(db: str, name: str) -> list[ContextLayer]:
    with opened(db) as store:
        return [layer for layer in store.layer_list() if layer.naam == name]


def stored_layer(db: str, name: str, url: str, soort: str, tmp_path_factory, fresh: bool = False) -> ContextLayer:
    """The layer ``name`` in the store, added from ``url`` as the page does when missing (or ``fresh``)."""
    with opened(db) as store:
        existing = [layer for layer in store.layer_list() if layer.naam == name]
        if existing and not fresh:
            return existing[0]
        for layer in existing:
            store.layer_delete(layer.id, door="test")
        cache = tmp_path_factory.mktemp("layer-cache")
        settings = load_settings({"PARTNERKAART_CACHE": str(cache), "PARTNERKAART_INSTELLINGEN": str(cache / "geen.toml"),
                                  "PARTNERKAART_LAGEN_PRIVE_ADRESSEN": "ja"})
        return add_layer(store, ContextLayer(naam=name, soort=soort, kleur="#AA3377", bron="gbfs", url=url), None,
                         settings, door="test")


@pytest.fixture
def car_layer(layer_app, feeds, tmp_path_factory) -> ContextLayer:
    """The car layer (as the first test adds it through the form, when that test did not run)."""
    return stored_layer(layer_app.db_path, CAR_LAYER, feeds[CAR_LAYER], "deelauto", tmp_path_factory)


# -- helpers in the browser -----------------------------------------------------------------------


def symbols(page, symbol: str):
    """The context markers with ``symbol`` (each layer has its own: A deelauto, M mobipunt, L laadpunt)."""
    return page.map.locator(CONTEXT_ICONS).filter(has_text=re.compile(rf"^\s*{symbol}\s*$"))


def overlay(page, name: str):
    """The layer control's entry of a layer (``<naam> (<aantal>)``)."""
    return page.map.locator(".leaflet-control-layers-overlays label").filter(has_text=name)


def add_gbfs_layer(page, name: str, url: str) -> None:
    """Fill in "Nieuwe laag" on Lagen for a GBFS feed by its URL and submit it."""
    page.goto("/lagen")
    heading = page.page.get_by_role("heading", name=texts.UI_LAGEN_NIEUW)
    expect(heading).to_be_visible(timeout=60_000)
    page.idle()
    page.page.get_by_role("radiogroup", name=texts.UI_LAGEN_HERKOMST).get_by_text(texts.UI_LAGEN_VAN_URL).click()
    form = page.page.locator('[data-testid="stForm"]').filter(  # Lagen also has the form of candidate sources
        has=page.page.get_by_role("button", name=texts.UI_LAGEN_TOEVOEGEN))
    expect(form.get_by_role("textbox", name=texts.UI_LAGEN_URL, exact=True)).to_be_visible()
    page.idle()
    form.get_by_role("textbox", name=texts.UI_KOLOM_NAAM, exact=True).fill(name)
    expect(form.get_by_role("combobox", name=texts.UI_LAGEN_SOORT, exact=True)).to_have_value(
        texts.LAAG_SOORTEN["deelauto"])
    choose(page, form.get_by_role("combobox", name=texts.UI_LAGEN_BRON, exact=True), texts.UI_LAGEN_BRON_GBFS)
    form.get_by_role("textbox", name=texts.UI_LAGEN_URL, exact=True).fill(url)
    form.get_by_role("button", name=texts.UI_LAGEN_TOEVOEGEN).click()


def view_table(page, title: str):
    """The table under the bold ``title`` in "Deelauto's en partners" on Dekking."""
    return page.page.locator(
        f'xpath=//div[@data-testid="stElementContainer"][.//strong[normalize-space()="{title}"]]'
        '/following-sibling::div[@data-testid="stElementContainer"][1]//div[@data-testid="stDataFrame"]')


def no_injected_elements(page) -> None:
    for frame in page.page.frames:
        assert frame.locator(INJECTED).count() == 0, frame.url


def hover_object(page, place: dict, label: str):
    """Zoom in on an object (Leaflet's setView), hover it: its tooltip, which must show ``label``."""
    tooltip = page.map.locator(".leaflet-tooltip").filter(has_text=label)
    for _ in range(3):  # if Streamlit re-renders the map meanwhile, the view starts over
        page.map_frame().evaluate("([lat, lon, zoom]) => map.setView([lat, lon], zoom, {animate: false})",
                                  [place["lat"], place["lon"], ZOOM])
        page.page.mouse.move(0, 0)
        page.page.mouse.move(*page.point_of(place["lat"], place["lon"]))
        try:
            expect(tooltip).to_have_count(1, timeout=10_000)
            return tooltip
        except AssertionError:
            continue
    raise AssertionError(f"no tooltip {label!r} at {place}; tooltips: "
                         f"{page.map.locator('.leaflet-tooltip').all_inner_texts()}")


# -- the tests ------------------------------------------------------------------------------------


def test_a_gbfs_layer_added_on_lagen_shows_markers_legend_and_source_on_kaart_and_toggles(
        open_page, layer_app, feeds, tmp_path_factory):
    for layer in layers_named(layer_app.db_path, CAR_LAYER):  # a fresh start, also when run again
        with opened(layer_app.db_path) as store:
            store.layer_delete(layer.id, door="test")
    page = open_page(layer_app.url, server=layer_app)

    add_gbfs_layer(page, CAR_LAYER, feeds[CAR_LAYER])
    success = page.page.locator('[data-testid="stAlert"]').filter(
        has_text=texts.UI_LAGEN_KLAAR.format(naam=CAR_LAYER, actie=texts.UI_LAGEN_TOEGEVOEGD, aantal=3))
    expect(success).to_be_visible(timeout=60_000)
    expect(success).to_contain_text(texts.GBFS_GEEN_AUTO.format(aantal=1))  # the scooter
    expect(success).to_contain_text(texts.GBFS_BUITEN_DIENST.format(aantal=1))
    [layer] = layers_named(layer_app.db_path, CAR_LAYER)
    assert (layer.soort, layer.bron, layer.url, layer.objecten, layer.publiek) == (
        "deelauto", "gbfs", feeds[CAR_LAYER], 3, False)
    assert layer.bronvermelding == f"{SYSTEM} ({OPERATOR})"
    assert feeds["server"].hits("/deelautos/vehicle_status.json") >= 1  # fetched by the server
    page.idle()
    page.assert_clean()

    # Kaart: three square markers of the layer, its legend row, its source; toggled off and on.
    page.goto(f"/?gemeente={MECHELEN}")
    page.wait_for_map()
    cars = symbols(page, "A")
    expect(cars).to_have_count(3)
    expect(page.map.locator(f"{CONTEXT_ICONS} .pk-context")).to_have_count(3)
    expect(page.partner_markers).to_have_count(2)
    legend = page.map.locator(".partnerkaart-legend")
    expect(legend).to_contain_text(texts.KAART_LEGENDE_CONTEXT)
    expect(legend).to_contain_text(f"{CAR_LAYER} ({texts.LAAG_SOORTEN['deelauto']})")
    attribution = page.map.locator(".leaflet-control-attribution")
    expect(attribution).to_contain_text(texts.LAAG_BRON.format(naam=CAR_LAYER, bron=f"{SYSTEM} ({OPERATOR})"))
    assert attribution.locator("i").count() == 0  # the operator's markup stayed text

    toggle = overlay(page, texts.LAAG_OP_KAART.format(naam=CAR_LAYER, aantal=3))
    expect(toggle).to_have_count(1)
    expect(toggle.locator("input")).to_be_checked()
    toggle.locator("input").click()
    expect(cars).to_have_count(0)
    expect(page.partner_markers).to_have_count(2)  # only the layer went
    toggle.locator("input").click()
    expect(cars).to_have_count(3)
    page.idle()
    page.assert_clean()


def test_the_same_address_is_refused_without_the_private_addresses_setting(page, app_server, feeds):
    """The session server runs without PARTNERKAART_LAGEN_PRIVE_ADRESSEN: the feed is never asked."""
    asked = len(feeds["server"].requests)
    add_gbfs_layer(page, "Mag niet", feeds[CAR_LAYER])
    error = page.page.locator('[data-testid="stAlert"]').filter(has_text="PARTNERKAART_LAGEN_PRIVE_ADRESSEN=ja")
    expect(error).to_be_visible(timeout=60_000)
    expect(error).to_contain_text("127.0.0.1")
    expect(error).to_contain_text(texts.OPHALEN_SOORT_LOOPBACK)
    assert layers_named(app_server.db_path, "Mag niet") == []
    assert len(feeds["server"].requests) == asked
    page.idle()
    page.assert_clean()


def test_dekking_shows_partner_but_no_car_and_car_but_no_partner(open_page, layer_app, car_layer, places):
    # What the feed and the two partners make, measured here in Lambert 72 (cars: the station and
    # the two cars; covered: the two buurt wijken).
    wijken, anchors = places["wijken"], places["anchors"]
    cars = [places[key]["lambert"] for key in ("station", "car", "xss_car")]
    covered = {CENTRUM, NEKKERSPOEL}
    no_car = [code for code in covered if min(anchors[code].distance(car) for car in cars) > 500]
    car_no_partner = [code for code in wijken.index if code not in covered
                      and any(wijken.geometry[code].distance(car) <= 500 for car in cars)]
    assert no_car == [NEKKERSPOEL] and HOMBEEK in car_no_partner  # as the feed was built
    name = wijken["wijk_naam"].to_dict()

    page = open_page(layer_app.url, server=layer_app)
    page.goto(f"/dekking?gemeente={MECHELEN}")
    page.wait_for_map()
    page.idle()
    metric = page.page.get_by_role("radiogroup", name=texts.UI_METRIEK)
    expect(metric.get_by_role("radio", name=texts.UI_METRIEK_AUTO_GEEN_PARTNER, exact=True)).to_be_visible()
    metric.get_by_role("radio", name=texts.UI_METRIEK_PARTNER_GEEN_AUTO, exact=True).click()
    page.page.wait_for_url(re.compile(r"[?&]metriek=partner_geen_deelauto(&|$)"))
    expect(metric.get_by_role("radio", name=texts.UI_METRIEK_PARTNER_GEEN_AUTO, exact=True)).to_have_attribute(
        "aria-checked", "true")

    # The map redrew for the view: its legend says so, one wijk in the view's colour, cars on it.
    legend = page.map.locator(".partnerkaart-legend")
    expect(legend).to_contain_text(texts.UI_METRIEK_PARTNER_GEEN_AUTO)
    expect(legend).to_contain_text(texts.KAART_LEGENDE_CONTEXT)
    page.wait_for_map()
    expect(page.map.locator(f'path.leaflet-interactive[fill="{VIEW_COLOUR}"]')).to_have_count(len(no_car))
    expect(symbols(page, "A")).to_have_count(3)

    # "Deelauto's en partners": both views list the wijken the feed and the partners make.
    expect(page.page.get_by_role("heading", name=texts.UI_DEELAUTO_KOP)).to_be_visible()
    page.idle()
    assert table_column(view_table(page, texts.UI_METRIEK_PARTNER_GEEN_AUTO), 1) == [name[NEKKERSPOEL]]
    listed = table_column(view_table(page, texts.UI_METRIEK_AUTO_GEEN_PARTNER), 1)
    assert sorted(listed) == sorted(name[code] for code in car_no_partner)
    assert name[CENTRUM] not in listed and name[NEKKERSPOEL] not in listed
    page.assert_clean()


def test_a_share_link_shows_the_public_layer_and_not_the_private_one(open_page, layer_app, feeds, car_layer,
                                                                        tmp_path_factory):
    for name, soort in ((PUBLIC_LAYER, "mobipunt"), (PRIVATE_LAYER, "laadpunt")):
        layer = stored_layer(layer_app.db_path, name, feeds[name], soort, tmp_path_factory, fresh=True)
        assert not layer.publiek

    # The beheerder marks one public through its form on Lagen.
    admin = open_page(layer_app.url, server=layer_app)
    admin.goto("/lagen")
    expander = admin.page.get_by_test_id("stExpander").filter(
        has_text=texts.UI_LAGEN_LAAG.format(naam=PUBLIC_LAYER, aantal=2))
    expect(expander).to_have_count(1, timeout=60_000)
    admin.idle()
    expander.locator("summary").click()
    public = expander.get_by_role("checkbox", name=texts.UI_LAGEN_PUBLIEK_VRAAG, exact=True)
    expect(public).not_to_be_checked()
    expander.get_by_text(texts.UI_LAGEN_PUBLIEK_VRAAG, exact=True).click()
    expect(public).to_be_checked()
    expander.get_by_role("button", name=texts.UI_LAGEN_BEWAREN).click()
    expect(admin.page.locator('[data-testid="stAlert"]').filter(has_text=texts.UI_LAGEN_KLAAR.format(
        naam=PUBLIC_LAYER, actie=texts.UI_LAGEN_GEWIJZIGD, aantal=2))).to_be_visible(timeout=60_000)
    assert [layer.publiek for layer in layers_named(layer_app.db_path, PUBLIC_LAYER)] == [True]
    assert [layer.publiek for layer in layers_named(layer_app.db_path, PRIVATE_LAYER)] == [False]
    admin.idle()
    admin.assert_clean()

    # The beheerder's own map shows all three layers …
    admin.goto(f"/?gemeente={MECHELEN}")
    admin.wait_for_map()
    expect(symbols(admin, "M")).to_have_count(2)
    expect(symbols(admin, "L")).to_have_count(1)
    expect(symbols(admin, "A")).to_have_count(3)

    # … a share link only the public one: its markers, toggle, legend row and source.
    reader = open_page(layer_app.url, server=layer_app, who=f"lezer:{MECHELEN}")
    reader.goto(f"/?{urlencode(reader.share_params)}")
    reader.wait_for_map()
    expect(symbols(reader, "M")).to_have_count(2)
    expect(reader.map.locator(CONTEXT_ICONS)).to_have_count(2)  # no laadpunt, no car
    expect(overlay(reader, texts.LAAG_OP_KAART.format(naam=PUBLIC_LAYER, aantal=2))).to_have_count(1)
    expect(overlay(reader, PRIVATE_LAYER)).to_have_count(0)
    expect(overlay(reader, CAR_LAYER)).to_have_count(0)
    legend = reader.map.locator(".partnerkaart-legend")
    expect(legend).to_contain_text(texts.KAART_LEGENDE_CONTEXT)
    expect(legend).to_contain_text(PUBLIC_LAYER)
    expect(legend).not_to_contain_text(PRIVATE_LAYER)
    expect(legend).not_to_contain_text(CAR_LAYER)
    attribution = reader.map.locator(".leaflet-control-attribution")
    expect(attribution).to_contain_text(texts.LAAG_BRON.format(naam=PUBLIC_LAYER, bron="Hoppin Mechelen (Stad Mechelen)"))
    expect(attribution).not_to_contain_text(PRIVATE_LAYER)
    expect(attribution).not_to_contain_text(CAR_LAYER)
    reader.idle()
    reader.assert_clean()


def test_texts_from_the_feed_stay_text_in_tooltips_and_popups(open_page, layer_app, car_layer, places):
    page = open_page(layer_app.url, server=layer_app)
    page.goto(f"/?gemeente={MECHELEN}")
    page.wait_for_map()
    expect(symbols(page, "A")).to_have_count(3)
    page.center_map()
    page.map.locator(".partnerkaart-legend summary").click()  # fold the legend off the markers
    page.idle()

    for place, name in ((places["station"], XSS_STATION), (places["xss_car"], XSS_CAR_TYPE)):
        tooltip = hover_object(page, place, name)
        assert tooltip.inner_text().strip() == f"{name} ({CAR_LAYER})"
        assert tooltip.locator("img, script, svg").count() == 0
        page.page.mouse.click(*page.point_of(place["lat"], place["lon"]))
        popup = page.map.locator(".leaflet-popup-content")
        expect(popup).to_contain_text(name)
        expect(popup).to_contain_text(f"{CAR_LAYER} ({texts.LAAG_SOORTEN['deelauto']})")
        expect(popup).to_contain_text(texts.LAAG_BRON_KORT.format(bron=f"{SYSTEM} ({OPERATOR})"))
        assert popup.locator("img, script, svg, i").count() == 0
        page.map.locator(".leaflet-popup-close-button").click()
        expect(popup).to_have_count(0)
    no_injected_elements(page)
    page.idle()
    assert page.dialogs == []
    page.assert_clean()
