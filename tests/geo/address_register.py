"""A real HTTP server that speaks the Flemish address register's ``/v2/adresmatch``, for tests."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from pyproj import Transformer

TO_LAMBERT = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True)
MECHELEN = "12025"


class AddressRegister:
    """A real HTTP server answering ``GET /v2/adresmatch`` like api.basisregisters.vlaanderen.be."""

    def __init__(self, addresses: dict[tuple[str, str], tuple[float, float]]):
        self.addresses = addresses  # (straatnaam, huisnummer) lower case -> (lat, lon)
        self.requests: list[dict[str, str]] = []
        register = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                register.requests.append(query)
                body = json.dumps(register.answer(query) if url.path == "/v2/adresmatch" else {}).encode()
                self.send_response(200 if url.path == "/v2/adresmatch" else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, query: dict[str, str]) -> dict:
        street, number = query.get("straatnaam", ""), query.get("huisnummer", "")
        found = self.addresses.get((street.lower(), number))
        matches = [] if found is None else [self.match(street, number, query.get("postcode", ""), *found)]
        warnings = [] if found else [{"code": "AdresNietGevonden", "message": "Onbekend adres."}]
        return {"@context": "https://docs.basisregisters.vlaanderen.be/context/adres/adresmatch.jsonld",
                "adresMatches": matches, "warnings": warnings}

    @staticmethod
    def match(street: str, number: str, postcode: str, lat: float, lon: float) -> dict:
        x, y = TO_LAMBERT.transform(lon, lat)
        gml = ('<gml:Point srsName="https://www.opengis.net/def/crs/EPSG/0/31370" '
               f'xmlns:gml="http://www.opengis.net/gml/3.2"><gml:pos>{x:.2f} {y:.2f}</gml:pos></gml:Point>')
        return {"@type": "Adres", "identificator": {"objectId": "1", "naamruimte": "https://data.vlaanderen.be/id/adres"},
                "gemeente": {"objectId": MECHELEN, "gemeentenaam": {"geografischeNaam": {"spelling": "Mechelen"}}},
                "postinfo": {"objectId": postcode or "2800"}, "huisnummer": number,
                "straatnaam": {"straatnaam": {"geografischeNaam": {"spelling": street, "taal": "nl"}}},
                "volledigAdres": {"geografischeNaam": {"spelling": f"{street} {number}, {postcode or 2800} Mechelen"}},
                "adresPositie": {"geometrie": {"type": "Point", "gml": gml},
                                 "positieGeometrieMethode": "aangeduidDoorBeheerder"},
                "adresStatus": "inGebruik", "score": 100.0}

    def __enter__(self) -> "AddressRegister":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
