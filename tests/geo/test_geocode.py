"""Geocoding against real local HTTP servers that answer in each service's own format.

The Flemish register answers like ``GET /v2/adresmatch`` of api.basisregisters.vlaanderen.be
(``adresMatches`` with ``score``, ``volledigAdres`` and a GML point in Lambert 72); Nominatim
answers like ``/search?format=json`` (a list of places with string ``lat``/``lon``). Time is
faked where the tests are about pacing, so nothing here waits a real second.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import warnings
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from geo import texts
from geo.config import SETTINGS, load_settings
from geo.geocode import (
    Address,
    CachedGeocoder,
    GeocodeResult,
    NominatimGeocoder,
    VlaanderenGeocoder,
    adres_positie_to_wgs84,
    geocode_many,
    make_geocoder,
)

# Grote Markt 21, 2800 Mechelen: (51.0280, 4.4794) in WGS84 is this point in Lambert 72.
MECHELEN_X, MECHELEN_Y = 157762.22, 190873.91
MECHELEN_LAT, MECHELEN_LON = 51.0280, 4.4794
GROTE_MARKT = Address(straat="Grote Markt", huisnummer="21", postcode="2800", gemeente="Mechelen")


# -- a real HTTP server with scripted answers ------------------------------------------------

@dataclass
class Reply:
    status: int = 200
    body: object = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class FakeService:
    """A ThreadingHTTPServer on 127.0.0.1 that records requests and answers from a queue."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.replies: list[Reply] = []
        self.default = Reply()
        self.clock = time.monotonic  # tests with fake time stamp requests in fake time
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                url = urlsplit(self.path)
                service.requests.append({"path": url.path, "at": service.clock(),
                                         "query": {k: v[0] for k, v in parse_qs(url.query).items()},
                                         "headers": dict(self.headers.items())})
                reply = service.replies.pop(0) if service.replies else service.default
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout test)

            def log_message(self, format, *args) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.handle_error = lambda request, address: None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"


class FakeTime:
    """A clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def service():
    fake = FakeService()
    thread = threading.Thread(target=fake.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def fake_time(service) -> FakeTime:
    fake = FakeTime()
    service.clock = fake.clock
    return fake


def vlaanderen(service: FakeService, fake_time: FakeTime, timeout: float = 2.0) -> VlaanderenGeocoder:
    return VlaanderenGeocoder(service.url, user_agent="Partnerkaart-test/1.0", timeout=timeout,
                              clock=fake_time.clock, sleep=fake_time.sleep)


def nominatim(service: FakeService, fake_time: FakeTime, timeout: float = 2.0) -> NominatimGeocoder:
    return NominatimGeocoder(service.url, user_agent="Partnerkaart-test/1.0", email="kaart@example.org",
                             timeout=timeout, clock=fake_time.clock, sleep=fake_time.sleep)


BUILDERS = {"vlaanderen": vlaanderen, "nominatim": nominatim}


# -- answers in the services' own formats ----------------------------------------------------

def register_match(label: str, x: float, y: float, score: float, object_id: str = "2078551") -> dict:
    """One v2 ``adresMatches`` item as the Flemish register returns it."""
    base = "https://api.basisregisters.vlaanderen.be/v2"
    straat, rest = label.split(" ", 1)[0], label
    return {
        "@type": "Adres",
        "identificator": {"id": f"https://data.vlaanderen.be/id/adres/{object_id}",
                          "naamruimte": "https://data.vlaanderen.be/id/adres", "objectId": object_id,
                          "versieId": "2023-03-14T18:20:12+01:00"},
        "detail": f"{base}/adressen/{object_id}",
        "gemeente": {"objectId": "12025", "detail": f"{base}/gemeenten/12025",
                     "gemeentenaam": {"geografischeNaam": {"spelling": "Mechelen", "taal": "nl"}}},
        "postinfo": {"objectId": "2800", "detail": f"{base}/postinfo/2800"},
        "straatnaam": {"objectId": "48127", "detail": f"{base}/straatnamen/48127",
                       "straatnaam": {"geografischeNaam": {"spelling": straat, "taal": "nl"}}},
        "huisnummer": "21",
        "volledigAdres": {"geografischeNaam": {"spelling": rest, "taal": "nl"}},
        "adresPositie": {
            "geometrie": {
                "type": "Point",
                "gml": ('<gml:Point srsName="https://www.opengis.net/def/crs/EPSG/0/31370" '
                        f'xmlns:gml="http://www.opengis.net/gml/3.2"><gml:pos>{x:.2f} {y:.2f}</gml:pos></gml:Point>'),
            },
            "positieGeometrieMethode": "aangeduidDoorBeheerder",
            "positieSpecificatie": "gebouweenheid",
        },
        "adresStatus": "inGebruik",
        "officieelToegekend": True,
        "score": score,
        "links": [{"href": f"{base}/percelen?adresobjectid={object_id}", "rel": "percelen", "type": "GET"}],
    }


def register_answer(*matches: dict, warnings: tuple[dict, ...] = ()) -> dict:
    return {"@context": "https://docs.basisregisters.vlaanderen.be/context/adres/adresmatch.jsonld",
            "adresMatches": list(matches), "warnings": list(warnings)}


def osm_place(display_name: str, lat: float, lon: float, osm_id: int = 1, place_rank: int = 30) -> dict:
    """One place of Nominatim's ``format=json`` search answer."""
    return {"place_id": 200000 + osm_id, "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
            "osm_type": "node", "osm_id": osm_id, "lat": f"{lat:.7f}", "lon": f"{lon:.7f}", "class": "place",
            "type": "house", "place_rank": place_rank, "importance": 0.00001, "addresstype": "place", "name": "",
            "display_name": display_name,
            "boundingbox": [f"{lat - 0.00005:.7f}", f"{lat + 0.00005:.7f}", f"{lon - 0.00005:.7f}", f"{lon + 0.00005:.7f}"]}


def found_reply(provider: str) -> Reply:
    if provider == "vlaanderen":
        return Reply(body=register_answer(register_match("Grote Markt 21, 2800 Mechelen", MECHELEN_X, MECHELEN_Y, 100)))
    return Reply(body=[osm_place("21, Grote Markt, Mechelen, Antwerpen, 2800, België / Belgique / Belgien",
                                 MECHELEN_LAT, MECHELEN_LON)])


# -- the address ----------------------------------------------------------------------------

def test_query_key_is_case_and_space_insensitive_and_splits_a_trailing_number():
    assert GROTE_MARKT.query_key() == "grote markt|21|2800|mechelen"
    assert Address("  grote   MARKT 21 ", "", "2800", "MECHELEN").query_key() == GROTE_MARKT.query_key()
    assert Address("Grote Markt", "21", "2800", "Mechelen").label() == "Grote Markt 21, 2800 Mechelen"
    assert not Address("Grote Markt", "21").is_complete()


def test_an_incomplete_address_is_not_sent(service, fake_time):
    result = vlaanderen(service, fake_time).geocode(Address(straat="", huisnummer="3", gemeente="Mechelen"))
    assert result.status == "niet_gevonden"
    assert "onvolledig" in result.message
    assert service.requests == []


# -- the Flemish address register -------------------------------------------------------------

def test_vlaanderen_found_converts_lambert72_to_wgs84(service, fake_time):
    service.replies.append(found_reply("vlaanderen"))
    result = vlaanderen(service, fake_time).geocode(GROTE_MARKT)
    assert result.status == "gevonden"
    assert result.lat == pytest.approx(MECHELEN_LAT, abs=0.001)
    assert result.lon == pytest.approx(MECHELEN_LON, abs=0.001)
    assert result.label == "Grote Markt 21, 2800 Mechelen"
    assert result.score == 1.0
    (request,) = service.requests
    assert request["path"] == "/v2/adresmatch"
    assert request["query"] == {"gemeentenaam": "Mechelen", "postcode": "2800", "straatnaam": "Grote Markt",
                                "huisnummer": "21"}
    assert request["headers"]["User-Agent"] == "Partnerkaart-test/1.0"


def test_vlaanderen_close_scores_at_different_places_are_ambiguous(service, fake_time):
    service.replies.append(Reply(body=register_answer(
        register_match("Kerkstraat 1, 2800 Mechelen", MECHELEN_X, MECHELEN_Y, 100, "1"),
        register_match("Kerkstraat 1, 2801 Heffen", MECHELEN_X + 4000, MECHELEN_Y - 3000, 97, "2"),
        register_match("Kerkstraat 10, 2800 Mechelen", MECHELEN_X + 900, MECHELEN_Y, 70, "3"))))
    result = vlaanderen(service, fake_time).geocode(Address("Kerkstraat", "1", "", "Mechelen"))
    assert result.status == "dubbelzinnig"
    assert result.lat is None and result.lon is None
    assert [c[0] for c in result.candidates] == ["Kerkstraat 1, 2800 Mechelen", "Kerkstraat 1, 2801 Heffen"]
    assert result.candidates[1][1] == pytest.approx(51.0, abs=0.1)
    assert "2 verschillende plaatsen" in result.message


def test_vlaanderen_flats_of_one_house_are_one_place(service, fake_time):
    service.replies.append(Reply(body=register_answer(
        register_match("Grote Markt 21 bus 1, 2800 Mechelen", MECHELEN_X, MECHELEN_Y, 100, "1"),
        register_match("Grote Markt 21 bus 2, 2800 Mechelen", MECHELEN_X + 3, MECHELEN_Y, 100, "2"))))
    result = vlaanderen(service, fake_time).geocode(GROTE_MARKT)
    assert result.status == "gevonden"
    assert result.label == "Grote Markt 21 bus 1, 2800 Mechelen"


def test_vlaanderen_a_low_score_is_not_taken_for_sure(service, fake_time):
    service.replies.append(Reply(body=register_answer(
        register_match("Grote Markt 12, 2800 Mechelen", MECHELEN_X, MECHELEN_Y, 71.5))))
    result = vlaanderen(service, fake_time).geocode(Address("Grote Mark", "21", "2800", "Mechelen"))
    assert result.status == "dubbelzinnig"
    assert result.score == pytest.approx(0.715)
    assert len(result.candidates) == 1
    assert "72 op 100" in result.message


def test_vlaanderen_empty_answer_is_not_found_with_the_registers_explanation(service, fake_time):
    street_only = {"@type": "Adres", "straatnaam": {"objectId": "48127", "straatnaam": {
        "geografischeNaam": {"spelling": "Grote Markt", "taal": "nl"}}}, "score": 70}
    service.replies.append(Reply(body=register_answer(
        street_only, warnings=({"code": "10", "message": "Onbekende 'Huisnummer'."},))))
    service.replies.append(Reply(body=register_answer()))
    geocoder = vlaanderen(service, fake_time)
    result = geocoder.geocode(Address("Grote Markt", "999", "2800", "Mechelen"))
    assert result.status == "niet_gevonden"
    assert "Onbekende 'Huisnummer'." in result.message
    assert geocoder.geocode(Address("Nergensstraat", "1", "2800", "Mechelen")).status == "niet_gevonden"


def test_vlaanderen_keeps_a_polite_pace(service, fake_time):
    service.default = found_reply("vlaanderen")
    geocoder = vlaanderen(service, fake_time)
    geocoder.geocode(GROTE_MARKT)
    geocoder.geocode(GROTE_MARKT)
    first, second = service.requests
    assert second["at"] - first["at"] >= 0.1


def test_address_positions_in_v1_form_and_garbage():
    assert adres_positie_to_wgs84({"point": {"coordinates": [MECHELEN_X, MECHELEN_Y]}}) == pytest.approx(
        (MECHELEN_LAT, MECHELEN_LON), abs=0.001)
    wgs84 = '<gml:Point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><gml:pos>51.028 4.4794</gml:pos></gml:Point>'
    assert adres_positie_to_wgs84({"geometrie": {"gml": wgs84}}) == pytest.approx((51.028, 4.4794))
    for garbage in (None, {}, {"geometrie": {"gml": "<gml:Point/>"}}, {"point": {"coordinates": ["x", "y"]}}):
        assert adres_positie_to_wgs84(garbage) is None


# -- Nominatim --------------------------------------------------------------------------------

def test_nominatim_found_with_a_structured_query(service, fake_time):
    service.replies.append(found_reply("nominatim"))
    result = nominatim(service, fake_time).geocode(GROTE_MARKT)
    assert result.status == "gevonden"
    assert (result.lat, result.lon) == pytest.approx((MECHELEN_LAT, MECHELEN_LON))
    assert result.label.startswith("21, Grote Markt, Mechelen")
    assert result.message == ""
    (request,) = service.requests
    assert request["path"] == "/search"
    assert request["query"] == {"street": "21 Grote Markt", "postalcode": "2800", "city": "Mechelen",
                                "country": "Belgium", "countrycodes": "be", "limit": "3", "format": "json",
                                "email": "kaart@example.org"}


def test_nominatim_at_most_one_request_per_second_and_identifies_itself(service, fake_time):
    service.default = found_reply("nominatim")
    geocoder = nominatim(service, fake_time)
    geocoder.geocode(GROTE_MARKT)
    geocoder.geocode(Address("Bruul", "1", "2800", "Mechelen"))
    first, second = service.requests
    assert second["at"] - first["at"] >= 1.0
    assert fake_time.sleeps == [pytest.approx(1.0)]
    for request in service.requests:
        assert request["headers"]["User-Agent"] == "Partnerkaart-test/1.0"
        assert request["query"]["email"] == "kaart@example.org"


def test_nominatim_places_far_apart_are_ambiguous_close_ones_are_one(service, fake_time):
    service.replies.append(Reply(body=[osm_place("Kerkstraat 1, Mechelen", 51.03, 4.48, 1),
                                       osm_place("Kerkstraat 1, Heffen", 51.05, 4.42, 2)]))
    service.replies.append(Reply(body=[osm_place("Grote Markt 21 (node)", MECHELEN_LAT, MECHELEN_LON, 3),
                                       osm_place("Grote Markt 21 (building)", MECHELEN_LAT + 0.0001, MECHELEN_LON, 4)]))
    geocoder = nominatim(service, fake_time)
    ambiguous = geocoder.geocode(Address("Kerkstraat", "1", "", "Mechelen"))
    assert ambiguous.status == "dubbelzinnig"
    assert [c[0] for c in ambiguous.candidates] == ["Kerkstraat 1, Mechelen", "Kerkstraat 1, Heffen"]
    assert ambiguous.candidates[1][1:] == pytest.approx((51.05, 4.42))
    one = geocoder.geocode(GROTE_MARKT)
    assert one.status == "gevonden" and one.label == "Grote Markt 21 (node)"


def test_nominatim_street_level_only_is_found_with_a_warning(service, fake_time):
    service.replies.append(Reply(body=[osm_place("Grote Markt, Mechelen", 51.0281, 4.4795, place_rank=26)]))
    result = nominatim(service, fake_time).geocode(Address("Grote Markt", "999", "2800", "Mechelen"))
    assert result.status == "gevonden"
    assert "enkel de straat" in result.message


def test_nominatim_empty_answer_is_not_found(service, fake_time):
    service.replies.append(Reply(body=[]))
    result = nominatim(service, fake_time).geocode(Address("Nergensstraat", "1", "2800", "Mechelen"))
    assert result.status == "niet_gevonden"
    assert "niet gevonden" in result.message


def test_public_nominatim_without_email_warns():
    with pytest.warns(UserWarning, match="PARTNERKAART_GEOCODER_EMAIL"):
        NominatimGeocoder()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        NominatimGeocoder(email="kaart@example.org")


# -- failures, for both services ----------------------------------------------------------------

@pytest.mark.parametrize("provider", BUILDERS)
def test_429_without_retry_after_gives_up_at_once(service, fake_time, provider):
    service.replies.append(Reply(429, body={"error": "Too many requests"}))
    result = BUILDERS[provider](service, fake_time).geocode(GROTE_MARKT)
    assert result.status == "fout"
    assert "HTTP 429" in result.message and "later opnieuw" in result.message
    assert len(service.requests) == 1


@pytest.mark.parametrize("provider", BUILDERS)
def test_429_with_a_short_retry_after_is_waited_out_once(service, fake_time, provider):
    service.replies += [Reply(429, headers={"Retry-After": "2"}), found_reply(provider)]
    result = BUILDERS[provider](service, fake_time).geocode(GROTE_MARKT)
    assert result.status == "gevonden"
    assert len(service.requests) == 2
    assert 2.0 in fake_time.sleeps
    assert service.requests[1]["at"] - service.requests[0]["at"] >= 2.0


@pytest.mark.parametrize("provider", BUILDERS)
def test_429_twice_or_with_a_long_retry_after_gives_up(service, fake_time, provider):
    service.replies += [Reply(429, headers={"Retry-After": "1"}), Reply(429, headers={"Retry-After": "1"})]
    geocoder = BUILDERS[provider](service, fake_time)
    assert geocoder.geocode(GROTE_MARKT).status == "fout"
    assert len(service.requests) == 2
    service.replies.append(Reply(429, headers={"Retry-After": "3600"}))
    assert geocoder.geocode(GROTE_MARKT).status == "fout"
    assert len(service.requests) == 3
    assert 3600 not in fake_time.sleeps


@pytest.mark.parametrize("provider", BUILDERS)
def test_server_error_is_a_failure(service, fake_time, provider):
    service.replies.append(Reply(500, body={"title": "Internal Server Error"}))
    result = BUILDERS[provider](service, fake_time).geocode(GROTE_MARKT)
    assert result.status == "fout"
    assert "HTTP 500" in result.message
    assert len(service.requests) == 1


@pytest.mark.parametrize("provider", BUILDERS)
def test_a_slow_server_times_out_with_a_dutch_message(service, fake_time, provider):
    service.replies.append(Reply(delay=1.0, body=found_reply(provider).body))
    started = time.monotonic()
    result = BUILDERS[provider](service, fake_time, timeout=0.5).geocode(GROTE_MARKT)
    assert time.monotonic() - started < 0.95
    assert result.status == "fout"
    assert result.message == texts.GEOCODE_TIMEOUT.format(dienst=getattr(texts, f"GEOCODE_DIENST_{provider.upper()}"),
                                                          timeout="0.5")
    assert len(service.requests) == 1


def test_an_unreadable_answer_is_a_failure(service, fake_time):
    service.replies.append(Reply(body=b"<html>onderhoud</html>"))
    result = vlaanderen(service, fake_time).geocode(GROTE_MARKT)
    assert result.status == "fout"
    assert "Onverwacht antwoord" in result.message


# -- the cache ---------------------------------------------------------------------------------

def test_cache_answers_the_second_lookup_without_a_request(service, fake_time, store):
    service.default = found_reply("vlaanderen")
    geocoder = CachedGeocoder(vlaanderen(service, fake_time), store)
    first = geocoder.geocode(GROTE_MARKT)
    second = geocoder.geocode(Address("  grote markt 21", "", "2800", "MECHELEN"))
    assert len(service.requests) == 1
    assert second == first
    assert (geocoder.queried, geocoder.from_cache) == (1, 1)
    assert GeocodeResult.from_json(store.geocode_get("vlaanderen", GROTE_MARKT.query_key())) == first


def test_cache_keeps_not_found_and_ambiguous_answers(service, fake_time, store):
    service.replies.append(Reply(body=register_answer()))
    geocoder = CachedGeocoder(vlaanderen(service, fake_time), store)
    nowhere = Address("Nergensstraat", "1", "2800", "Mechelen")
    assert geocoder.geocode(nowhere).status == "niet_gevonden"
    assert geocoder.geocode(nowhere).status == "niet_gevonden"
    assert len(service.requests) == 1


def test_failures_are_not_cached(service, fake_time, store):
    service.replies += [Reply(500), found_reply("vlaanderen")]
    geocoder = CachedGeocoder(vlaanderen(service, fake_time), store)
    assert geocoder.geocode(GROTE_MARKT).status == "fout"
    assert store.geocode_get("vlaanderen", GROTE_MARKT.query_key()) is None
    assert geocoder.geocode(GROTE_MARKT).status == "gevonden"
    assert geocoder.geocode(GROTE_MARKT).status == "gevonden"
    assert len(service.requests) == 2
    assert (geocoder.queried, geocoder.from_cache) == (2, 1)


# -- batches ----------------------------------------------------------------------------------

def test_geocode_many_reports_progress_with_an_estimate(service, fake_time, store):
    service.default = found_reply("vlaanderen")
    geocoder = CachedGeocoder(vlaanderen(service, fake_time), store)
    bruul = Address("Bruul", "1", "2800", "Mechelen")
    calls = []
    ticks = itertools.count()
    results = geocode_many(geocoder, [GROTE_MARKT, bruul, GROTE_MARKT],
                           progress=lambda *args: calls.append(args), clock=lambda: float(next(ticks)))
    assert [r.status for r in results] == ["gevonden"] * 3
    assert len(service.requests) == 2
    # one second per uncached lookup (the ticking clock); after the first, one is left to ask
    assert calls == [(1, 3, 1.0), (2, 3, 0.0), (3, 3, 0.0)]


def test_geocode_many_stops_between_requests_and_keeps_what_was_found(service, fake_time, store):
    service.default = found_reply("vlaanderen")
    geocoder = CachedGeocoder(vlaanderen(service, fake_time), store)
    addresses = [Address("Straat", str(n), "2800", "Mechelen") for n in range(1, 6)]
    done = []
    results = geocode_many(geocoder, addresses, progress=lambda d, t, eta: done.append(d),
                           should_stop=lambda: len(done) >= 2)
    assert [r is not None for r in results] == [True, True, False, False, False]
    assert len(service.requests) == 2


# -- settings and construction ---------------------------------------------------------------

def test_geocoder_settings_defaults_and_validation(tmp_path):
    no_file = {"PARTNERKAART_INSTELLINGEN": str(tmp_path / "geen.toml")}
    settings = load_settings(no_file)
    assert settings.geocoder == "vlaanderen"
    assert settings.geocoder_url == "https://api.basisregisters.vlaanderen.be"
    assert settings.geocoder_user_agent == "Partnerkaart (autodelen-partners)"
    assert settings.geocoder_email == ""
    assert settings.geocoder_timeout == 10.0
    osm = load_settings({**no_file, "PARTNERKAART_GEOCODER": "Nominatim"})
    assert osm.geocoder_url == "https://nominatim.openstreetmap.org"
    with pytest.raises(ValueError, match="Instelling geocoder moet"):
        load_settings({**no_file, "PARTNERKAART_GEOCODER": "google"})
    with pytest.raises(ValueError, match="geocoder_email"):
        load_settings({**no_file, "PARTNERKAART_GEOCODER_EMAIL": "geen adres"})
    with pytest.raises(ValueError, match="geocoder_timeout"):
        load_settings({**no_file, "PARTNERKAART_GEOCODER_TIMEOUT": "0"})


def test_make_geocoder_follows_the_settings(service, store, tmp_path):
    env = {"PARTNERKAART_INSTELLINGEN": str(tmp_path / "geen.toml"), "PARTNERKAART_GEOCODER_URL": service.url}
    assert make_geocoder(load_settings({**env, "PARTNERKAART_GEOCODER": "none"}), store) is None
    flemish = make_geocoder(load_settings(env), store)
    assert isinstance(flemish.geocoder, VlaanderenGeocoder) and flemish.geocoder.base_url == service.url
    osm = make_geocoder(load_settings({**env, "PARTNERKAART_GEOCODER": "nominatim",
                                       "PARTNERKAART_GEOCODER_EMAIL": "kaart@example.org",
                                       "PARTNERKAART_GEOCODER_TIMEOUT": "3"}), store)
    assert isinstance(osm.geocoder, NominatimGeocoder) and osm.name == "nominatim"
    assert (osm.geocoder.email, osm.geocoder.timeout) == ("kaart@example.org", 3.0)


def test_readme_documents_the_geocoder_settings():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        if setting.name.startswith("geocoder"):
            assert f"`{setting.env}`" in readme, setting.env
