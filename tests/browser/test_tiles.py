"""A configured basemap: tiles come from the configured server, and from nowhere else."""

from __future__ import annotations

import io
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

TILE_PATH = re.compile(r"^/(\d+)/(\d+)/(\d+)\.png$")


def _tile_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 220, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


class TileServer:
    """A local tile server: a 256×256 PNG for every /{z}/{x}/{y}.png; it counts the tiles asked."""

    def __init__(self) -> None:
        png = _tile_png()
        self.tiles: list[str] = []
        self.other: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = urlsplit(self.path).path
                if TILE_PATH.match(path):
                    server.tiles.append(path)
                    self.send_response(200)
                    self.send_header("Content-Type", "image/png")
                    self.send_header("Content-Length", str(len(png)))
                    self.end_headers()
                    self.wfile.write(png)
                else:
                    server.other.append(path)
                    self.send_error(404)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.host = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.template = f"http://{self.host}/{{z}}/{{x}}/{{y}}.png"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def tile_server() -> Iterator[TileServer]:
    server = TileServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def tiled_app(start_streamlit, tile_server):
    """A second Streamlit server whose basemap comes from the local tile server."""
    server = start_streamlit(PARTNERKAART_TEGELS=tile_server.template,
                             PARTNERKAART_TEGELS_ATTRIBUTIE="Testtegels")
    yield server
    server.stop()


def test_basemap_tiles_come_only_from_the_configured_server(open_page, tiled_app, tile_server):
    page = open_page(tiled_app.url, extra_hosts=(tile_server.host,), server=tiled_app)
    page.goto("/?gemeente=12025")
    page.wait_for_map()
    expect(page.wijk_paths).to_have_count(12)
    expect(page.map.locator("img.leaflet-tile-loaded").first).to_be_attached()
    expect(page.map.locator(".leaflet-control-attribution")).to_contain_text("Testtegels")
    page.idle()

    assert len(tile_server.tiles) >= 1
    assert tile_server.other == []
    tile_requests = [url for url in page.requests if urlsplit(url).netloc == tile_server.host]
    assert tile_requests and all(TILE_PATH.match(urlsplit(url).path) for url in tile_requests)
    hosts = {urlsplit(url).netloc for url in page.requests if urlsplit(url).scheme in ("http", "https")}
    assert hosts == {urlsplit(tiled_app.url).netloc, tile_server.host}
    assert page.blocked == []
    page.assert_clean()
