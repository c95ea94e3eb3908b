"""The Lagen page: a beheerder adds context layers from a file or a URL, refreshes, edits and removes them."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import texts
from geo.store import open_store
from tests.geo.context.gbfs_feeds import feeds_23
from tests.geo.context.layer_server import layer_server  # noqa: F401 (fixture: a real local GBFS server)
from tests.pages.helpers import run, shown
from tests.pages.test_beheer import visit

PAGE = "pages/lagen.py"
CARS_CSV = ("naam;lat;lon;soort\n"
            "Cambio Mechelen Station;51,0175;4,4827;auto\n"
            "Cambio Mechelen Grote Markt;51,0280;4,4795;auto\n"
            "Zonder ligging;;;auto\n").encode("utf-8")


def lagen(app, who: str = "beheerder") -> AppTest:
    at = app({"gemeente": "12025"}, who=who)
    return run(visit(at, PAGE))


def stored(db_url: str):
    store = open_store(db_url)
    try:
        layers = store.layer_list()
        return layers, store.layer_objects([layer.id for layer in layers]) if layers else []
    finally:
        store.close()


def fill_new_layer(at: AppTest, naam: str, soort: str = "deelauto") -> AppTest:
    at.text_input(key="laag_naam").set_value(naam)
    at.selectbox(key="laag_soort").set_value(soort)
    return at


def submit(at: AppTest) -> AppTest:
    button = next(b for b in at.button if b.label == texts.UI_LAGEN_TOEVOEGEN)
    return run(button.click())


def test_a_beheerder_adds_a_layer_from_a_csv_file(app, db_url):
    at = lagen(app)
    assert texts.UI_LAGEN_GEEN in [i.value for i in at.info]
    at = fill_new_layer(at, "Cambio <b>Mechelen</b>")
    at.get("file_uploader")[0].set_value([("cambio.csv", CARS_CSV, "text/csv")])
    at = submit(at)

    assert not at.error, [e.value for e in at.error]
    [message] = shown(at.success)
    assert "Cambio <b>Mechelen</b>" in message and "2 objecten" in message
    layers, objects = stored(db_url)
    assert [(layer.naam, layer.soort, layer.bron, layer.bestand, layer.objecten) for layer in layers] == [
        ("Cambio <b>Mechelen</b>", "deelauto", "bestand", "cambio.csv", 2)]
    assert sorted(o.naam for o in objects) == ["Cambio Mechelen Grote Markt", "Cambio Mechelen Station"]
    assert layers[0].melding  # the row without a location is named in the layer's note
    table = at.dataframe[0].value
    assert list(table[texts.UI_LAGEN_OBJECTEN]) == [2]


def test_a_gbfs_feed_is_added_by_its_url_and_refreshed(app, db_url, layer_server, monkeypatch):
    monkeypatch.setenv("PARTNERKAART_LAGEN_PRIVE_ADRESSEN", "ja")  # the test's feed runs on 127.0.0.1
    url = feeds_23(layer_server)
    at = lagen(app)
    at = run(at.radio(key="laag_herkomst").set_value(True))
    at = fill_new_layer(at, "Blue-bike", "station")
    at.selectbox(key="laag_bron").set_value("gbfs")
    at.text_input(key="laag_url").set_value(url)
    at = submit(at)

    assert not at.error, [e.value for e in at.error]
    [layer], objects = stored(db_url)
    assert (layer.bron, layer.url, layer.bronvermelding) == ("gbfs", url, "Blue-bike (Blue-mobility)")
    assert "Station Mechelen" in {o.naam for o in objects}

    layer_server.document("/v2/station_information.json", "kapot", status=500)  # the feed breaks
    at = run(next(b for b in at.button if b.label == texts.UI_LAGEN_VERNIEUWEN).click())
    [after], objects_after = stored(db_url)
    assert after.objecten == layer.objecten and sorted(o.naam for o in objects_after) == sorted(o.naam for o in objects)
    assert after.melding.startswith("Vernieuwen lukte niet")
    assert any("Vernieuwen lukte niet" in message for message in shown(at.success) + shown(at.warning))


def test_a_url_on_the_servers_own_network_is_refused(app, db_url, layer_server):
    url = feeds_23(layer_server)  # 127.0.0.1, and the setting that allows it is off
    at = lagen(app)
    at = run(at.radio(key="laag_herkomst").set_value(True))
    at = fill_new_layer(at, "Intern")
    at.selectbox(key="laag_bron").set_value("gbfs")
    at.text_input(key="laag_url").set_value(url)
    at = submit(at)

    [error] = shown(at.error)
    assert "127.0.0.1" in error and "PARTNERKAART_LAGEN_PRIVE_ADRESSEN" in error
    assert stored(db_url) == ([], [])
    assert layer_server.requests == []  # nothing reached the server


def test_a_layer_is_made_public_then_removed(app, db_url):
    at = lagen(app)
    at = fill_new_layer(at, "Laadpalen", "laadpunt")
    at.get("file_uploader")[0].set_value([("laadpalen.csv", CARS_CSV, "text/csv")])
    at = submit(at)
    [layer], _ = stored(db_url)
    assert not layer.publiek

    public = next(c for c in at.checkbox if c.label == texts.UI_LAGEN_PUBLIEK_VRAAG and c.value is False
                  and c.key != "laag_publiek")
    public.check()
    at = run(next(b for b in at.button if b.label == texts.UI_LAGEN_BEWAREN).click())
    [layer], _ = stored(db_url)
    assert layer.publiek

    at = run(at.checkbox(key=f"weg-ok-{layer.id}").check())  # the button is enabled only after the check
    at = run(at.button(key=f"weg-{layer.id}").click())
    assert texts.UI_LAGEN_VERWIJDERD.format(naam="Laadpalen") in shown(at.success)
    assert stored(db_url) == ([], [])


@pytest.mark.parametrize("who", ["organisator:12025", "lezer:12025"])
def test_an_organiser_or_a_reader_cannot_open_lagen(app, db_url, who):
    at = lagen(app, who=who)
    assert [t.value for t in at.title] == [texts.UI_KAART_TITEL]  # the navigation has no Lagen: the default page
    assert not at.get("file_uploader") and texts.UI_LAGEN_TOEVOEGEN not in [b.label for b in at.button]


def test_a_file_that_cannot_be_read_stores_nothing(app, db_url):
    at = lagen(app)
    at = fill_new_layer(at, "Kapot")
    at.get("file_uploader")[0].set_value([("kapot.xlsx", b"geen excel", "application/octet-stream")])
    at = submit(at)
    assert at.error and "kapot.xlsx" in shown(at.error)[0]
    assert stored(db_url) == ([], [])


# -- Kies een bron ----------------------------------------------------------------------------


@pytest.fixture
def listed_sources(layer_server, tmp_path, monkeypatch):
    """A list of sources on the test's own server (private addresses allowed), as data/bronnen.json is."""
    from tests.geo.context.source_fixtures import cambio_stations, getaround_30, systems_csv, write_sources

    cambio_stations(layer_server)
    systems_csv(layer_server, getaround_30(layer_server), feeds_23(layer_server))
    monkeypatch.setenv("PARTNERKAART_LAGEN_PRIVE_ADRESSEN", "ja")
    monkeypatch.setenv("PARTNERKAART_LAGEN_BRONNEN", str(write_sources(tmp_path, layer_server)))
    return layer_server


def test_a_gbfs_system_is_picked_from_the_catalogue_car_sharing_first(app, db_url, listed_sources):
    at = lagen(app)
    assert at.selectbox(key="bron_keuze").value == "cambio-vlaanderen"
    assert listed_sources.requests == []  # nothing is fetched before a source is chosen
    at = run(at.selectbox(key="bron_keuze").set_value("gbfs"))
    systems = at.selectbox(key="bron_systeem")
    assert systems.options[0] == texts.UI_BRONNEN_SYSTEEM_AUTO.format(naam="Getaround Gent", plaats="Gent, BE")
    at = run(systems.set_value("getaround_gent"))
    at.checkbox(key="bron_publiek").check()
    at = run(at.button(key="bron_toevoegen").click())

    assert not at.error, shown(at.error)
    [layer], objects = stored(db_url)
    assert (layer.naam, layer.soort, layer.bron, layer.publiek) == ("Getaround Gent", "deelauto", "gbfs", True)
    assert layer.bronvermelding == "Getaround Gent, via de GBFS-catalogus van MobilityData"
    assert sorted(o.detail for o in objects) == ["car", "car", "station"]
    assert any("Getaround Gent" in message for message in shown(at.success))


def test_a_source_that_needs_a_key_is_explained_and_cannot_be_added(app, db_url, listed_sources):
    at = lagen(app)
    at = run(at.selectbox(key="bron_keuze").set_value("delijn-haltes"))

    assert any("lagen_gtfs_sleutel" in message and "data.belgianmobility.io" in message for message in shown(at.info))
    assert at.button(key="bron_toevoegen").disabled
    assert stored(db_url) == ([], [])


def test_cambio_is_added_in_one_click_with_its_attribution(app, db_url, listed_sources):
    at = lagen(app)
    at = run(at.button(key="bron_toevoegen").click())

    assert not at.error, shown(at.error)
    [layer], objects = stored(db_url)
    assert (layer.naam, layer.bron, layer.bronvermelding, layer.publiek) == (
        "Cambio-stations Vlaanderen", "cambio", "Cambio (cambio-carsharing.com)", False)
    assert "Mechelen <b>Veemarkt</b>" in {o.naam for o in objects}
