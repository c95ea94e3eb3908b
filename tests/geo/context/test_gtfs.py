"""Tests for geo.context.gtfs: the stops of a GTFS zip that the test builds, from a local server or an upload."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from geo.context.checks import LayerError, LayerLimits
from geo.context.gtfs import read_gtfs
from geo.context.records import ContextLayer
from geo.context.sources import read_layer, refresh
from tests.geo.context.layer_server import MB, layer_settings
from tests.geo.context.source_fixtures import gtfs_zip as gtfs_file

REPO = Path(__file__).resolve().parents[3]

STOPS = (
    "stop_id,stop_code,stop_name,stop_lat,stop_lon,location_type,parent_station\n"
    "8822004,,Mechelen,51.017648,4.482785,1,\n"
    "8822004_1,,Mechelen perron 1,51.0175,4.4826,0,8822004\n"
    "8822004_2,,Mechelen perron 2,51.0176,4.4827,0,8822004\n"
    "8822004_E,,Ingang Mechelen,51.0177,4.4828,2,8822004\n"
    "108061,108061,Mechelen Grote Markt,51.028,4.4801,0,\n"
    "108062,108062,\"Muizen, Kerk\",51.0086,4.5117,,\n"
    "108063,108063,Zonder ligging,,,0,\n"
    "900001,900001,Amsterdam Centraal,52.3791,4.9003,0,\n"
)


def gtfs_zip(stops: str | bytes | None = STOPS, folder: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """A GTFS feed as a zip: agency, routes, trips and stop_times beside ``stops.txt`` (left out when None)."""
    files = {
        "agency.txt": b"agency_id,agency_name,agency_url,agency_timezone\nDL,De Lijn,https://delijn.be,Europe/Brussels\n",
        "routes.txt": b"route_id,agency_id,route_short_name,route_type\nR1,DL,1,3\n",
        "trips.txt": b"route_id,service_id,trip_id\nR1,S,T1\n",
        "stop_times.txt": b"trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,108061,1\n",
        **(extra or {}),
    }
    if stops is not None:
        files["stops.txt"] = stops.encode("utf-8") if isinstance(stops, str) else stops
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(folder + name, content)
    return buffer.getvalue()


def test_stations_stand_for_their_platforms(layer_server, tmp_path):
    layer_server.document("/gtfs/static", gtfs_zip(), headers={"Content-Type": "application/zip"})
    layer = ContextLayer(naam="De Lijn", soort="station", bron="gtfs", url=layer_server.url("/gtfs/static"))
    data = refresh(layer, layer_settings(tmp_path), in_worker=False)
    assert [(o.naam, o.detail, o.lon, o.lat) for o in data.objects] == [
        ("Mechelen", "station", 4.482785, 51.017648),
        ("Mechelen Grote Markt", "halte", 4.4801, 51.028),
        ("Muizen, Kerk", "halte", 4.5117, 51.0086),
    ]
    assert json.loads(data.objects[0].eigenschappen) == {"id": "8822004"}
    assert data.attribution == "127.0.0.1"
    assert data.warnings == (
        "2 perron(s) of halte(s) van 1 station(s) worden als één object per station getoond.",
        "1 object(en) zonder geldige coördinaten werden overgeslagen.",
        "1 object(en) buiten België werden overgeslagen.",
    )


def test_an_uploaded_gtfs_zip_is_recognised_by_its_stops(tmp_path):
    layer = ContextLayer(naam="NMBS", soort="station", bron="bestand", bestand="nmbs-gtfs.zip")
    data = read_layer(layer, gtfs_zip(), layer_settings(tmp_path), in_worker=True)
    assert [o.naam for o in data.objects] == ["Mechelen", "Mechelen Grote Markt", "Muizen, Kerk"]
    assert data.attribution == "Eigen bestand nmbs-gtfs.zip"


def test_stops_without_stations_bom_spaces_and_one_folder():
    stops = "\ufeffstop_id, stop_name, stop_lat, stop_lon\nA,Halte A,51.0,4.4\nB,,51.1,4.5\n"
    parsed = read_gtfs(gtfs_zip(stops, folder="feed/"), "feed.zip")
    assert [(o.naam, o.detail) for o in parsed.objects] == [("Halte A", "halte"), ("Object 2", "halte")]


def test_missing_columns_are_named():
    with pytest.raises(LayerError) as refused:
        read_gtfs(gtfs_zip("stop_id,stop_name,lat,lon\nA,Halte,51,4\n"), "kapot.zip")
    assert str(refused.value) == "stops.txt in 'kapot.zip' mist de kolom(men) stop_lat, stop_lon."


@pytest.mark.parametrize("data, message", [
    (gtfs_zip(None), "De GTFS-zip 'x.zip' bevat geen stops.txt."),
    (b"PK\x03\x04 geen echte zip", "'x.zip' is geen leesbare GTFS-zip."),
    (gtfs_zip(""), "stops.txt in 'x.zip' kon niet gelezen worden als CSV (UTF-8, gescheiden door komma's)."),
    (gtfs_zip("stop_id,stop_name,stop_lat,stop_lon\n"), "'x.zip' bevat geen bruikbare objecten."),
])
def test_unusable_zips_are_refused_in_dutch(data, message):
    with pytest.raises(LayerError) as refused:
        read_gtfs(data, "x.zip")
    assert str(refused.value) == message


def test_a_stops_bomb_is_refused_before_it_is_unpacked():
    header = "stop_id,stop_name,stop_lat,stop_lon\n"
    bomb = header + "A,Halte,51.0,4.4\n" + " " * (30 * MB)
    with pytest.raises(LayerError, match="verdacht sterk gecomprimeerd"):
        read_gtfs(gtfs_zip(bomb), "bom.zip", LayerLimits())
    with pytest.raises(LayerError, match="pakt uit tot"):
        read_gtfs(gtfs_zip(header + "A,Halte,51.0,4.4\n" * 200_000), "groot.zip", LayerLimits(max_bytes=MB // 4))


def test_only_stops_txt_counts_toward_the_unpacked_limit():
    """De Lijn's stop_times.txt unpacks to far more than the limit; it is never opened."""
    rows = "".join(f"T{n},08:00:00,08:00:00,{n},{n}\n" for n in range(200_000)).encode()
    feed = gtfs_zip(extra={"stop_times.txt": b"trip_id,arrival_time,departure_time,stop_id,stop_sequence\n" + rows})
    parsed = read_gtfs(feed, "delijn.zip", LayerLimits(max_bytes=MB // 2))
    assert len(parsed.objects) == 3


def test_too_many_entries_are_refused():
    extra = {f"extra_{n}.txt": b"x" for n in range(120)}
    with pytest.raises(LayerError, match="bevat 125 bestanden; het maximum is 100"):
        read_gtfs(gtfs_zip(extra=extra), "veel.zip")


# -- De Lijn's size: a 200 MB stop_times.txt that is never read -------------------------------------

# The peak resident memory of this process's own address space (VmHWM, kB): unlike ru_maxrss, it does not
# carry over the parent's size from before the exec.
BIG_READ = """
import sys
from geo.context.gtfs import read_gtfs
def peak_mb():
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    return int(line.split()[1]) // 1024
data = open(sys.argv[1], "rb").read()
before = peak_mb()
parsed = read_gtfs(data, "delijn.zip")
print(len(parsed.objects), before, peak_mb())
"""


@pytest.fixture(scope="module")
def big_gtfs(tmp_path_factory):
    """A GTFS zip whose stop_times.txt unpacks to 200 MB (written in chunks; the zip itself stays small)."""
    path = gtfs_file(tmp_path_factory.mktemp("gtfs") / "delijn.zip", stop_times_mb=200)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("stop_times.txt").file_size >= 200 * MB
    assert path.stat().st_size < 5 * MB
    return path


def test_a_200_mb_stop_times_is_never_read_and_memory_stays_under_300_mb(big_gtfs):
    """Reading the zip's stops in a fresh process: the peak (VmHWM) stays under 300 MB and grows by far
    less than stop_times.txt would take (200 MB) if it were unpacked."""
    done = subprocess.run([sys.executable, "-c", BIG_READ, str(big_gtfs)], cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    objects, before_mb, after_mb = map(int, done.stdout.split())
    assert objects == 2
    assert after_mb < 300, f"peak {after_mb} MB"
    assert after_mb - before_mb < 50, f"reading the stops took {after_mb - before_mb} MB"


def test_only_stops_txt_is_opened(big_gtfs, monkeypatch):
    opened: list[str] = []
    original = zipfile.ZipFile.open

    def recording(self, name, *args, **kwargs):
        opened.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording)
    parsed = read_gtfs(big_gtfs.read_bytes(), "delijn.zip")
    assert [o.naam for o in parsed.objects] == ["Mechelen Grote Markt", "Muizen, Kerk"]
    assert opened == ["stops.txt"]


def test_a_large_feed_from_a_url_is_read_in_the_worker_within_a_small_memory_budget(big_gtfs, layer_server, tmp_path):
    """The worker may take 100 MB beyond its start: enough for stops.txt, not for stop_times.txt."""
    layer_server.document("/delijn/static", big_gtfs.read_bytes(), headers={"Content-Type": "application/zip"})
    layer = ContextLayer(naam="De Lijn", soort="halte", bron="gtfs", url=layer_server.url("/delijn/static"))
    data = refresh(layer, layer_settings(tmp_path, upload_geheugen_mb="100"), in_worker=True)
    assert [(o.naam, o.detail) for o in data.objects] == [("Mechelen Grote Markt", "halte"), ("Muizen, Kerk", "halte")]
