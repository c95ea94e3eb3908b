"""Boundary sources: a local folder, or a real HTTP server with a download cache."""

from __future__ import annotations

import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from geo import texts
from geo.boundaries import load_boundaries
from geo.config import load_settings
from geo.sources import (LAYER_FOLDER, SHAPEFILE_PARTS, BoundaryDataUnavailable, download_layer, download_root,
                         file_sha256, layer_files)

TIMEOUT = 10


class CountingHandler(SimpleHTTPRequestHandler):
    """Serves a folder and records every request path on the server."""

    def do_GET(self):
        self.server.requests.append(self.path)
        super().do_GET()

    def log_message(self, format, *args):
        pass


class FileServer:
    """A real HTTP server on 127.0.0.1 serving ``root``, in a background thread."""

    def __init__(self, root: Path):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(root)))
        self.httpd.requests = []
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.running = True

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests

    def stop(self) -> None:
        if self.running:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.thread.join()
            self.running = False


@pytest.fixture
def server(SHARED_GEBIEDEN):
    running = FileServer(SHARED_GEBIEDEN)
    yield running
    running.stop()


@pytest.fixture
def source_file(SHARED_GEBIEDEN):
    """The original file of one layer part in the shared folder."""
    return lambda layer, ext: SHARED_GEBIEDEN / LAYER_FOLDER / f"{layer}.{ext}"


def test_first_download_fills_cache_and_manifest(server, tmp_path, source_file):
    folder = download_layer(server.base_url, "ggw7", tmp_path, TIMEOUT)

    assert sorted(server.requests) == sorted(f"/{LAYER_FOLDER}/ggw7.{ext}" for ext in SHAPEFILE_PARTS)
    root = download_root(server.base_url, tmp_path)
    assert folder == root / LAYER_FOLDER
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest) == sorted(f"{LAYER_FOLDER}/ggw7.{ext}" for ext in SHAPEFILE_PARTS)
    for ext in SHAPEFILE_PARTS:
        original = source_file("ggw7", ext)
        entry = manifest[f"{LAYER_FOLDER}/ggw7.{ext}"]
        assert entry == {"size": original.stat().st_size, "sha256": file_sha256(original)}
        assert (folder / f"ggw7.{ext}").read_bytes() == original.read_bytes()
    assert not list(folder.glob(".download-*")), "no temporary files are left behind"


def test_cache_is_used_offline_without_any_request(server, tmp_path):
    first = layer_files(server.base_url, "ggw7", tmp_path, TIMEOUT)
    downloads = len(server.requests)
    server.stop()

    again = layer_files(server.base_url, "ggw7", tmp_path, TIMEOUT)

    assert len(server.requests) == downloads == len(SHAPEFILE_PARTS)
    assert again == first
    # The server really is gone: a cache for another layer cannot be filled now.
    with pytest.raises(BoundaryDataUnavailable, match="offline"):
        download_layer(server.base_url, "gemeente", tmp_path, TIMEOUT)


def corrupt(path: Path) -> None:
    """Overwrite some bytes, keeping the size, so only the checksum can tell."""
    data = bytearray(path.read_bytes())
    data[100:116] = b"\xff" * 16
    path.write_bytes(bytes(data))


def test_damaged_cache_file_is_downloaded_again(server, tmp_path, source_file):
    folder = download_layer(server.base_url, "ggw7", tmp_path, TIMEOUT)
    corrupt(folder / "ggw7.dbf")
    assert file_sha256(folder / "ggw7.dbf") != file_sha256(source_file("ggw7", "dbf"))
    server.requests.clear()

    download_layer(server.base_url, "ggw7", tmp_path, TIMEOUT)

    assert server.requests == [f"/{LAYER_FOLDER}/ggw7.dbf"]
    assert (folder / "ggw7.dbf").read_bytes() == source_file("ggw7", "dbf").read_bytes()


def test_damaged_cache_file_while_offline_is_reported(server, tmp_path):
    folder = download_layer(server.base_url, "ggw7", tmp_path, TIMEOUT)
    server.stop()
    corrupt(folder / "ggw7.shp")

    with pytest.raises(BoundaryDataUnavailable) as caught:
        layer_files(server.base_url, "ggw7", tmp_path, TIMEOUT)

    message = str(caught.value)
    assert "beschadigd" in message
    assert f"{LAYER_FOLDER}/ggw7.shp" in message


def test_missing_remote_file_reports_http_status(tmp_path):
    empty = tmp_path / "leeg"
    empty.mkdir()
    server = FileServer(empty)
    try:
        with pytest.raises(BoundaryDataUnavailable) as caught:
            layer_files(server.base_url, "ggw7", tmp_path / "cache", TIMEOUT)
    finally:
        server.stop()
    message = str(caught.value)
    assert "404" in message
    assert message.startswith("De gebiedsgrenzen konden niet gedownload worden")
    folder = download_root(server.base_url, tmp_path / "cache") / LAYER_FOLDER
    assert list(folder.iterdir()) == [], "a failed download leaves no (partial) file"


def test_local_folder_is_used_in_place(tmp_path, source_file, SHARED_GEBIEDEN):
    files = layer_files(str(SHARED_GEBIEDEN), "ggw7", tmp_path)
    assert files.shp == source_file("ggw7", "shp")
    assert not (tmp_path / "downloads").exists()


def test_local_folder_with_missing_files(tmp_path):
    folder = tmp_path / "gebieden" / LAYER_FOLDER
    folder.mkdir(parents=True)
    (folder / "ggw7.shp").write_bytes(b"")
    (folder / "ggw7.shx").write_bytes(b"")

    with pytest.raises(BoundaryDataUnavailable) as caught:
        layer_files(str(tmp_path / "gebieden"), "ggw7", tmp_path / "cache")

    message = str(caught.value)
    assert "ggw7.dbf, ggw7.prj, ggw7.cpg" in message
    assert "ggw7.shp" not in message
    assert message == texts.GEBIEDEN_ONTBREKEN.format(bron=str(tmp_path / "gebieden"),
                                                      bestanden="ggw7.dbf, ggw7.prj, ggw7.cpg")


def test_fingerprint_changes_with_content(tmp_path, source_file, SHARED_GEBIEDEN):
    copy = tmp_path / "kopie" / LAYER_FOLDER
    copy.mkdir(parents=True)
    for ext in SHAPEFILE_PARTS:
        (copy / f"gemeente.{ext}").write_bytes(source_file("gemeente", ext).read_bytes())
    original = layer_files(str(SHARED_GEBIEDEN), "gemeente", tmp_path).fingerprint
    assert layer_files(str(tmp_path / "kopie"), "gemeente", tmp_path).fingerprint == original
    (copy / "gemeente.cpg").write_bytes(b"LATIN1")
    assert layer_files(str(tmp_path / "kopie"), "gemeente", tmp_path).fingerprint != original


def test_load_boundaries_from_http_source(server, tmp_path, boundaries):
    settings = load_settings({
        "PARTNERKAART_GEBIEDEN": server.base_url,
        "PARTNERKAART_CACHE": str(tmp_path),
        "PARTNERKAART_TEGELS": "none",
        "PARTNERKAART_DOWNLOAD_TIMEOUT": str(TIMEOUT),
        "PARTNERKAART_INSTELLINGEN": str(tmp_path / "geen.toml"),
    })

    downloaded = load_boundaries(settings)

    assert len(downloaded.wijken) == 2767
    assert len(downloaded.gemeenten) == 304
    assert len(server.requests) == 3 * len(SHAPEFILE_PARTS)  # wijken, municipalities, deelgemeenten
    # Byte-identical files give the same fingerprint as the local folder.
    assert downloaded.fingerprint == boundaries.fingerprint
    assert (tmp_path / "prepared" / downloaded.fingerprint / "wijken.parquet").is_file()
