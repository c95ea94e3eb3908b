"""``python -m geo lagen lijst|toevoegen|vernieuwen|verwijderen`` as a user runs them, and the context
layers in ``dekking`` and ``rapport``: real subprocesses with their own store; URL layers from a real
local HTTP server (private addresses allowed with the setting, as a beheerder would for an intranet)."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pdfplumber
import pytest
import shapely

from geo import texts
from geo.context.records import KINDS
from geo.demo import load_demo
from geo.reach import to_lambert_xy
from geo.store import open_store
from tests.geo.context.gbfs_feeds import feeds_23
from tests.geo.context.layer_server import layer_server  # noqa: F401 (a fixture)
from tests.geo.uploads.table_files import csv_bytes

PRIVATE_OK = {"PARTNERKAART_LAGEN_PRIVE_ADRESSEN": "ja"}
CARS = [("Cambio Station Mechelen", 51.0175, 4.4827), ("Cambio Veemarkt", 51.0290, 4.4790),
        ("Cambio Nekkerspoel", 51.0300, 4.4930), ("Cambio Gent", 51.0359, 3.7108)]
HOPPIN = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"naam": "Hoppin Mechelen Station"},
     "geometry": {"type": "Point", "coordinates": [4.4825, 51.0174]}},
    {"type": "Feature", "properties": {"naam": "Hoppin Muizen"},
     "geometry": {"type": "Point", "coordinates": [4.5117, 51.0086]}},
]}


def read(cli, what):
    store = open_store(str(cli.db))
    try:
        return what(store)
    finally:
        store.close()


def listed(cli) -> list[dict]:
    done = cli.run("lagen", "lijst", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def cars_csv(tmp_path):
    path = tmp_path / "cambio.csv"
    path.write_bytes(csv_bytes([["naam", "lat", "lon"], *[[n, str(lat), str(lon)] for n, lat, lon in CARS]]))
    return path


def add_cars(cli, path, *more: str):
    done = cli.run("lagen", "toevoegen", "--naam", "Cambio", "--soort", "deelauto", "--bestand", str(path),
                   "--kleur", "#117733", *more)
    assert done.returncode == 0, done.stderr
    return done


# -- toevoegen and lijst ---------------------------------------------------------------------


def test_a_file_layer_is_added_and_listed(cli, cars_csv):
    done = add_cars(cli, cars_csv, "--publiek", "--symbool", "C")

    assert done.stdout.splitlines() == [texts.CLI_LAAG_TOEGEVOEGD.format(id=1, naam="Cambio", objecten=4)]
    [layer] = listed(cli)
    assert layer == {"id": 1, "naam": "Cambio", "soort": "deelauto", "bron": "bestand", "url": "",
                     "bestand": "cambio.csv", "objecten": 4, "publiek": True, "ververs_minuten": 0,
                     "opgehaald": layer["opgehaald"], "melding": ""}
    assert layer["opgehaald"]
    stored = read(cli, lambda s: s.layer_get(1))
    assert (stored.kleur, stored.symbool, stored.bronvermelding) == ("#117733", "C", "Eigen bestand cambio.csv")
    assert [(o.naam, o.lat, o.lon) for o in read(cli, lambda s: s.layer_objects([1]))] == CARS
    [entry] = read(cli, lambda s: s.audit_list(actie="laag toegevoegd"))
    assert (entry.gebruiker, entry.naam) == ("opdrachtregel", "Cambio")


def test_lijst_as_csv(cli, cars_csv):
    add_cars(cli, cars_csv)

    done = cli.run("lagen", "lijst")

    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == ["id", "naam", "soort", "bron", "url", "bestand", "objecten", "publiek", "ververs_minuten",
                             "opgehaald", "melding"]
    assert (rows[0]["naam"], rows[0]["objecten"], rows[0]["publiek"]) == ("Cambio", "4", "false")


def test_an_empty_list(cli):
    assert listed(cli) == []
    assert cli.run("lagen", "lijst").stdout.strip() == ",".join(
        ["id", "naam", "soort", "bron", "url", "bestand", "objecten", "publiek", "ververs_minuten", "opgehaald",
         "melding"])


def test_a_geojson_url_layer(cli, layer_server):
    layer_server.document("/hoppin.json", HOPPIN)
    url = layer_server.url("/hoppin.json")

    done = cli.run("lagen", "toevoegen", "--naam", "Hoppinpunten", "--soort", "mobipunt", "--url", url,
                   "--bron", "geojson", "--ververs-minuten", "60", "--gebruiker", "an@voorbeeld.be", env=PRIVATE_OK)

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [texts.CLI_LAAG_TOEGEVOEGD.format(id=1, naam="Hoppinpunten", objecten=2)]
    [layer] = listed(cli)
    assert (layer["bron"], layer["url"], layer["bestand"], layer["ververs_minuten"]) == ("geojson", url, "", 60)
    assert [o.naam for o in read(cli, lambda s: s.layer_objects())] == ["Hoppin Mechelen Station", "Hoppin Muizen"]
    assert read(cli, lambda s: s.audit_list(actie="laag toegevoegd"))[0].gebruiker == "an@voorbeeld.be"


def test_a_gbfs_url_layer_prints_its_note(cli, layer_server):
    url = feeds_23(layer_server)

    done = cli.run("lagen", "toevoegen", "--naam", "Deelauto's", "--soort", "deelauto", "--url", url, "--bron", "gbfs",
                   env=PRIVATE_OK)

    assert done.returncode == 0, done.stderr
    note = ("1 voertuig(en) die geen auto zijn werden weggelaten (laag van soort deelauto). 1 voertuig(en) buiten dienst "
            "werden weggelaten. 1 object(en) zonder geldige coördinaten werden overgeslagen. 1 object(en) buiten België "
            "werden overgeslagen.")  # what the feed of feeds_23 leaves out
    assert done.stdout.splitlines() == [texts.CLI_LAAG_TOEGEVOEGD.format(id=1, naam="Deelauto's", objecten=3),
                                        texts.CLI_LAAG_MELDING.format(melding=note)]
    assert [(o.naam, o.detail) for o in read(cli, lambda s: s.layer_objects())] == [
        ("Station Mechelen", "station"), ("Gent-Sint-Pieters", "station"), ("Renault Zoe", "car")]
    [layer] = listed(cli)
    assert (layer["bron"], layer["objecten"], layer["melding"]) == ("gbfs", 3, note)
    assert read(cli, lambda s: s.layer_get(1)).bronvermelding == "Blue-bike (Blue-mobility)"


# -- vernieuwen ------------------------------------------------------------------------------


@pytest.fixture
def hoppin(cli, layer_server):
    """A GeoJSON layer (id 1) from the local server, fetched once; returns its URL."""
    layer_server.document("/hoppin.json", HOPPIN)
    url = layer_server.url("/hoppin.json")
    done = cli.run("lagen", "toevoegen", "--naam", "Hoppinpunten", "--soort", "mobipunt", "--url", url,
                   "--bron", "geojson", env=PRIVATE_OK)
    assert done.returncode == 0, done.stderr
    return url


def test_vernieuwen_fetches_every_url_layer(cli, layer_server, hoppin, cars_csv):
    add_cars(cli, cars_csv)  # a file layer: not fetched
    layer_server.document("/hoppin.json", {**HOPPIN, "features": HOPPIN["features"][:1]})

    done = cli.run("lagen", "vernieuwen", env=PRIVATE_OK)

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [texts.CLI_LAAG_VERNIEUWD.format(id=1, naam="Hoppinpunten", objecten=1)]
    assert [layer["objecten"] for layer in listed(cli)] == [4, 1]  # by name: Cambio, Hoppinpunten
    assert read(cli, lambda s: s.audit_list(actie="laag vernieuwd"))[0].gebruiker == "opdrachtregel"


def test_a_failed_refresh_keeps_the_objects_and_says_so(cli, layer_server, hoppin):
    layer_server.document("/hoppin.json", "storing", status=500)

    done = cli.run("lagen", "vernieuwen", "1", env=PRIVATE_OK)

    assert done.returncode == 0, done.stderr  # the last good copy is shown
    lines = done.stdout.splitlines()
    assert lines[0] == texts.CLI_LAAG_KOPIE.format(id=1, naam="Hoppinpunten", objecten=2)
    assert lines[1].startswith(texts.CLI_LAAG_MELDING.format(
        melding=f"Vernieuwen lukte niet ('{hoppin}' antwoordde met HTTP-status 500); de kopie van "))
    assert lines[2] == texts.CLI_LAGEN_KOPIE_GETOOND.format(aantal=1)
    [layer] = listed(cli)
    assert layer["objecten"] == 2 and layer["melding"].startswith("Vernieuwen lukte niet (")
    assert [o.naam for o in read(cli, lambda s: s.layer_objects())] == ["Hoppin Mechelen Station", "Hoppin Muizen"]


def test_a_layer_that_cannot_be_read_at_all_exits_2_and_keeps_its_objects(cli, layer_server, hoppin, tmp_path):
    layer_server.document("/hoppin.json", "storing", status=500)
    without_copy = {**PRIVATE_OK, "PARTNERKAART_CACHE": str(tmp_path / "lege-cache")}  # a server without the copy

    done = cli.run("lagen", "vernieuwen", env=without_copy)

    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    reason = f"'{hoppin}' antwoordde met HTTP-status 500."
    assert done.stderr.splitlines() == [texts.CLI_LAAG_MISLUKT.format(id=1, naam="Hoppinpunten", objecten=2),
                                        texts.CLI_LAAG_MELDING.format(melding=reason),
                                        texts.CLI_LAGEN_NIET_GELEZEN.format(aantal=1)]
    [layer] = listed(cli)
    assert (layer["objecten"], layer["melding"]) == (2, reason)


def test_a_file_layer_gets_a_new_file(cli, cars_csv, tmp_path):
    add_cars(cli, cars_csv)
    newer = tmp_path / "cambio-2.csv"
    newer.write_bytes(csv_bytes([["naam", "lat", "lon"], ["Cambio Station Mechelen", "51.0175", "4.4827"]]))

    refused = cli.run("lagen", "vernieuwen", "1")
    done = cli.run("lagen", "vernieuwen", "1", "--bestand", str(newer))

    assert refused.returncode == 2 and refused.stderr.strip() == "Fout: " + texts.CLI_LAAG_UIT_BESTAND.format(
        id=1, naam="Cambio")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [texts.CLI_LAAG_VERNIEUWD_BESTAND.format(id=1, naam="Cambio",
                                                                                bestand="cambio-2.csv", objecten=1)]
    assert [o.naam for o in read(cli, lambda s: s.layer_objects())] == ["Cambio Station Mechelen"]


def test_without_url_layers_there_is_nothing_to_refresh(cli):
    done = cli.run("lagen", "vernieuwen")

    assert (done.returncode, done.stdout.strip()) == (0, texts.CLI_LAGEN_GEEN_URL)


# -- verwijderen -----------------------------------------------------------------------------


def test_verwijderen(cli, cars_csv):
    add_cars(cli, cars_csv)

    done = cli.run("lagen", "verwijderen", "1")
    again = cli.run("lagen", "verwijderen", "1")

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == texts.CLI_LAAG_VERWIJDERD.format(id=1, naam="Cambio", objecten=4)
    assert listed(cli) == [] and read(cli, lambda s: s.layer_objects()) == []
    assert read(cli, lambda s: s.audit_list(actie="laag verwijderd"))[0].gebruiker == "opdrachtregel"
    assert again.returncode == 2 and again.stderr.strip() == "Fout: " + texts.CLI_LAAG_ONBEKEND.format(id=1)


# -- refusals --------------------------------------------------------------------------------


def test_refusals_write_nothing(cli, layer_server, cars_csv, tmp_path):
    layer_server.document("/hoppin.json", HOPPIN)
    url = layer_server.url("/hoppin.json")
    big = tmp_path / "groot.csv"
    big.write_bytes(b"naam;lat;lon\n" + b"Cambio;51.0175;4.4827\n" * 100)
    cases = [
        (["--soort", "fiets", "--bestand", str(cars_csv)], {},
         texts.LAAG_SOORT_ONGELDIG.format(soort="fiets", soorten=", ".join(KINDS))),
        (["--soort", "deelauto", "--url", url, "--bron", "geojson"], {},
         "Het adres '127.0.0.1' leidt naar 127.0.0.1, de server zelf (loopback)."),
        (["--soort", "deelauto", "--bestand", str(big)], {"PARTNERKAART_MAX_UPLOAD_MB": "0.001"},
         texts.CLI_BESTAND_TE_GROOT.format(bestand=big, max="0.001")),
        (["--soort", "deelauto", "--bestand", str(cars_csv), "--url", url, "--bron", "geojson"], {},
         texts.CLI_LAGEN_EEN_BRON),
        (["--soort", "deelauto"], {}, texts.CLI_LAGEN_EEN_BRON),
        (["--soort", "deelauto", "--url", url], PRIVATE_OK,
         texts.CLI_LAGEN_BRON_NODIG.format(bronnen="geojson, gbfs, gtfs, cambio, wfs, csv")),
        (["--soort", "deelauto", "--url", url, "--bron", "ftp"], PRIVATE_OK,
         texts.CLI_LAGEN_BRON_ONBEKEND.format(bron="ftp", bronnen="geojson, gbfs, gtfs, cambio, wfs, csv")),
        (["--soort", "deelauto", "--bestand", str(cars_csv), "--bron", "geojson"], {}, texts.CLI_LAGEN_BRON_BIJ_BESTAND),
        (["--soort", "deelauto", "--bestand", str(cars_csv), "--kleur", "rood"], {},
         texts.LAAG_KLEUR_ONGELDIG.format(kleur="rood")),
    ]
    for arguments, env, message in cases:
        done = cli.run("lagen", "toevoegen", "--naam", "Proef", *arguments, env=env)

        assert done.returncode == 2, (arguments, done.stdout)
        assert message in done.stderr, (arguments, done.stderr)
        assert "Traceback" not in done.stderr and done.stdout == ""
    assert layer_server.hits("/hoppin.json") == 0  # the private address was never asked
    assert listed(cli) == []
    assert read(cli, lambda s: s.audit_list()) == []
    for arguments in (["vernieuwen", "7"], ["verwijderen", "7"]):
        done = cli.run("lagen", *arguments)
        assert (done.returncode, done.stderr.strip()) == (2, "Fout: " + texts.CLI_LAAG_ONBEKEND.format(id=7))


# -- dekking and rapport with a layer --------------------------------------------------------


@pytest.fixture
def mechelen_with_cars(cli, boundaries, cars_csv):
    """The CLI's store with the demo partners and the car layer."""
    read(cli, lambda s: load_demo(s, boundaries, force=True))
    add_cars(cli, cars_csv)
    return cli


def test_dekking_has_the_context_columns_and_the_views(mechelen_with_cars, boundaries):
    done = mechelen_with_cars.run("dekking", "--gemeente", "12025")

    assert done.returncode == 0, done.stderr
    reader = csv.DictReader(io.StringIO(done.stdout))
    rows = {row["wijk_code"]: row for row in reader}
    assert reader.fieldnames == [
        "wijk_code", "wijk_naam", "partners", "vertrouwde_partners", "categorieen", "ontbrekende_categorieen",
        "gedekt_aandeel", "witte_vlek", "inwoners_gedekt", "aantal_deelauto", "aantal_station", "aantal_mobipunt",
        "aantal_laadpunt", "aantal_halte", "aantal_deelfiets", "aantal_ander", "afstand_deelauto_m", "afstand_station_m",
        "partner_geen_deelauto", "deelauto_geen_partner"]
    wijken = boundaries.wijken[boundaries.wijken["gemeente_nis"] == "12025"].set_index("wijk_code")
    x, y = to_lambert_xy(np.array([c[2] for c in CARS]), np.array([c[1] for c in CARS]))
    cars = shapely.points(x, y)
    assert set(rows) == set(wijken.index)
    for code, polygon in wijken.geometry.items():  # measured here, independently of geo.context
        row = rows[code]
        inside = int(shapely.contains(polygon, cars).sum())
        nearest = round(min(shapely.point_on_surface(polygon).distance(car) for car in cars))
        assert (int(row["aantal_deelauto"]), int(row["afstand_deelauto_m"])) == (inside, nearest), code
        assert (row["aantal_station"], row["afstand_station_m"]) == ("0", "")
        covered = row["witte_vlek"] == "false"
        assert row["partner_geen_deelauto"] == ("true" if covered and nearest > 500 else "false"), code
        near = min(polygon.distance(car) for car in cars) <= 500
        assert row["deelauto_geen_partner"] == ("true" if not covered and near else "false"), code
    centre = wijken.index[wijken["wijk_naam"] == "Centrum (Mechelen)"][0]
    assert int(rows[centre]["aantal_deelauto"]) >= 1 and int(rows[centre]["afstand_deelauto_m"]) < 1000
    assert sum(int(row["aantal_deelauto"]) for row in rows.values()) == 3  # Gent is not in Mechelen


def test_witte_vlekken_and_advies_name_the_nearby_cars(mechelen_with_cars):
    spots = mechelen_with_cars.run("witte-vlekken", "--gemeente", "12025", "--nabij", "--format", "json")

    assert spots.returncode == 0, spots.stderr
    rows = json.loads(spots.stdout)
    assert rows and all({"afstand_deelauto_m", "afstand_station_m", "nabij", "nabij_uitleg"} <= set(row) for row in rows)
    for row in rows:
        assert row["nabij"] == (row["afstand_deelauto_m"] is not None and row["afstand_deelauto_m"] <= 500)
        assert row["nabij_uitleg"].startswith("deelauto op ") == row["nabij"]


def test_rapport_shows_the_layer(mechelen_with_cars, tmp_path):
    out = tmp_path / "rapport.pdf"

    done = mechelen_with_cars.run("rapport", "--gemeente", "12025", "--out", str(out))

    assert done.returncode == 0, done.stderr
    with pdfplumber.open(out) as document:
        pages = [" ".join(page.extract_text().split()) for page in document.pages]
    assert "Cambio (deelauto)" in pages[0]  # the legend
    assert texts.RAPPORT_KOLOM_DEELAUTO in " ".join(pages[1:])
    for text in pages:
        assert "Cambio: Eigen bestand cambio.csv" in text  # the layer's source, on every page


# -- sources in one click ---------------------------------------------------------------------


def test_bronnen_lists_the_sources_and_toevoegen_uit_lijst_adds_one_attributed_in_the_report(cli, layer_server,
                                                                                             boundaries, tmp_path):
    from tests.geo.context.gbfs_feeds import feeds_23 as bluebike
    from tests.geo.context.source_fixtures import cambio_stations, getaround_30, systems_csv, write_sources

    cambio_stations(layer_server)
    systems_csv(layer_server, getaround_30(layer_server), bluebike(layer_server))
    env = {**PRIVATE_OK, "PARTNERKAART_LAGEN_BRONNEN": str(write_sources(tmp_path, layer_server))}

    sources = cli.run("lagen", "bronnen", "--format", "json", env=env)
    assert sources.returncode == 0, sources.stderr
    rows = {row["id"]: row for row in json.loads(sources.stdout)}
    assert list(rows) == ["cambio-vlaanderen", "gbfs", "hoppinpunten", "nmbs-stations", "delijn-haltes"]
    assert rows["cambio-vlaanderen"]["beschikbaar"] is True and rows["delijn-haltes"]["beschikbaar"] is False
    assert "lagen_gtfs_sleutel" in rows["delijn-haltes"]["reden"]
    systems = cli.run("lagen", "bronnen", "--gbfs", "--format", "json", env=env)
    assert systems.returncode == 0, systems.stderr
    assert [(s["systeem"], s["autodelen"]) for s in json.loads(systems.stdout)] == [
        ("getaround_gent", True), ("blue-bike", False), ("dott_brussels", False)]

    refused = cli.run("lagen", "toevoegen", "--uit-lijst", "delijn-haltes", env=env)
    assert refused.returncode == 2 and "vraagt een sleutel" in refused.stderr and listed(cli) == []
    for arguments in (["--uit-lijst", "gbfs", "--systeem", "getaround_gent"], ["--uit-lijst", "cambio-vlaanderen"]):
        done = cli.run("lagen", "toevoegen", *arguments, env=env)
        assert done.returncode == 0, done.stderr
    assert [(r["naam"], r["soort"], r["bron"], r["objecten"]) for r in listed(cli)] == [
        ("Cambio-stations Vlaanderen", "deelauto", "cambio", 3), ("Getaround Gent", "deelauto", "gbfs", 3)]

    read(cli, lambda s: load_demo(s, boundaries, force=True))
    out = tmp_path / "rapport.pdf"
    done = cli.run("rapport", "--gemeente", "12025", "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(out) as document:
        pages = [" ".join(page.extract_text().split()) for page in document.pages]
    for text in pages:  # Cambio's Mechelen stations are in the report, with the list's attribution
        assert "Cambio-stations Vlaanderen: Cambio (cambio-carsharing.com)" in text
        assert "Getaround Gent: Getaround Gent, via de GBFS-catalogus" not in text  # nothing of Gent in Mechelen
