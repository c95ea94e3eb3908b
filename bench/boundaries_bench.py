"""Boundaries and maps: load time, bytes to the browser, map build time, server memory.

Each figure is printed next to the naive way measured in the same run: reading the
shapefiles and reprojecting on every load, and folium ``GeoJson`` of the unsimplified
layer. Targets: Flanders overview ≤ 1.0 MB and Antwerpen ≤ 50 KB (issue 18; 1.5 MB and 150 KB in
issue 2), boundaries from cache ≤ 0.5 s, server memory with all of Flanders loaded ≤ 400 MB.

For the server memory, a real Streamlit server runs on the benchmark's temporary store; the
headless browser logs in with the session cookie of a throwaway beheerder made in that store
and opens ``/vlaanderen``. When the login form, an exception or an error shows instead of the
map, the benchmark fails at once with what appeared and the tail of the server's stderr.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.common import add_session_cookie, bench_environment, report, rss_mb, throwaway_admin_token, timed, wait_for_map
from bench.streamlit_server import StreamlitServer

ANTWERPEN = "11002"
FLANDERS_POLYGONS = 2001  # the map counts as drawn from this many polygons on
MAP_WAIT_MS = 120_000  # only when nothing at all appears


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pk-bench-") as tmp:
        cache = Path(tmp)
        os.environ.update(bench_environment(cache))
        _run(cache)


def _run(cache: Path) -> None:
    import folium
    import geopandas as gpd

    from geo.boundaries import GEMEENTE_LAYER, WIJK_LAYER, load_boundaries, read_layer
    from geo.categories import load_categories
    from geo.config import load_settings
    from geo.demo import demo_partners
    from geo.maps import flanders_map, html_bytes, municipality_map
    from geo.sources import layer_files

    settings = load_settings()
    start = time.perf_counter()
    boundaries = load_boundaries(settings)
    prepare_s = time.perf_counter() - start
    cached_s, _ = timed(lambda: load_boundaries(settings))

    def naive_load():
        wijken = read_layer(layer_files(settings.gebieden, WIJK_LAYER, settings.cache).shp)
        gemeenten = read_layer(layer_files(settings.gebieden, GEMEENTE_LAYER, settings.cache).shp)
        joined = gpd.sjoin(wijken.set_geometry(wijken.representative_point()), gemeenten, predicate="within")
        return wijken.to_crs(4326), joined

    naive_s, _ = timed(naive_load)
    report("Grenzen laden", [
        ("eerste keer voorbereiden (koude cache)", f"{prepare_s:.2f} s", "-", "-"),
        ("laden uit cache", f"{cached_s:.3f} s", f"{naive_s:.3f} s (shapefiles lezen + herprojecteren)", "≤ 0,5 s"),
    ])

    categories = load_categories()
    partners = demo_partners(boundaries)

    def naive_map(frame) -> folium.Map:
        fmap = folium.Map(location=(51.05, 4.45), zoom_start=9, tiles=None)
        folium.GeoJson(frame.to_crs(4326)[["wijk_code", "wijk_naam", "geometry"]].to_json(),
                       tooltip=folium.GeoJsonTooltip(["wijk_naam"])).add_to(fmap)
        return fmap

    antwerpen_s, antwerpen_map = timed(lambda: municipality_map(boundaries, ANTWERPEN, [], categories, settings))
    naive_antwerpen_s, naive_antwerpen = timed(lambda: naive_map(boundaries.wijken_of(ANTWERPEN)))
    flanders_s, flanders = timed(lambda: flanders_map(boundaries, partners, categories, settings), repeat=3)
    naive_flanders_s, naive_flanders = timed(lambda: naive_map(boundaries.wijken), repeat=1)
    render_s, _ = timed(lambda: html_bytes(flanders), repeat=3)
    naive_render_s, naive_bytes = timed(lambda: html_bytes(naive_flanders), repeat=1)
    report("Bytes naar de browser (HTML van de kaart)", [
        ("Antwerpen (67 wijken)", _kb(html_bytes(antwerpen_map)), _kb(html_bytes(naive_antwerpen)), "≤ 50 KB"),
        ("Vlaanderen (2.767 wijken + demopartners)", _mb(html_bytes(flanders)), _mb(naive_bytes), "≤ 1,0 MB"),
    ])
    report("Kaart maken", [
        ("Antwerpen: kaartobject", f"{antwerpen_s * 1000:.0f} ms", f"{naive_antwerpen_s * 1000:.0f} ms", "-"),
        ("Vlaanderen: kaartobject", f"{flanders_s * 1000:.0f} ms", f"{naive_flanders_s * 1000:.0f} ms", "-"),
        ("Vlaanderen: HTML renderen", f"{render_s * 1000:.0f} ms", f"{naive_render_s * 1000:.0f} ms", "-"),
    ])
    report("Geheugen", [("dit benchmarkproces na alles hierboven", f"{rss_mb():.0f} MB", "-", "-")]
           + _server_memory(cache))


def _server_memory(cache: Path) -> list[tuple[str, str, str, str]]:
    """RSS of a real Streamlit server after a headless browser, logged in as a throwaway beheerder, opened
    the Flanders page."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [("Streamlit-server met Vlaanderen geladen", "niet gemeten: playwright ontbreekt", "-", "≤ 400 MB")]
    if not Path("/usr/bin/chromium").exists():
        return [("Streamlit-server met Vlaanderen geladen", "niet gemeten: /usr/bin/chromium ontbreekt", "-", "≤ 400 MB")]
    token = throwaway_admin_token(os.environ["PARTNERKAART_DB"])
    server = StreamlitServer.start("grenzen", cache, {k: v for k, v in os.environ.items() if k.startswith("PARTNERKAART_")})
    base, stderr_path = server.url, server.stderr_path
    try:
        idle = rss_mb(server.process.pid)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync"])
            context = browser.new_context()
            add_session_cookie(context, base, token)
            page = context.new_page()
            start = time.perf_counter()
            page.goto(f"{base}/vlaanderen")
            wait_for_map(page, stderr_path, polygons=FLANDERS_POLYGONS, timeout_ms=MAP_WAIT_MS)
            to_map = time.perf_counter() - start
            loaded = rss_mb(server.process.pid)
            browser.close()
        return [
            ("Streamlit-server in rust", f"{idle:.0f} MB", "-", "-"),
            ("Streamlit-server met Vlaanderen geladen", f"{loaded:.0f} MB", "-", "≤ 400 MB"),
            ("tijd tot kaart van Vlaanderen (koude server)", f"{to_map:.1f} s", "-", "-"),
        ]
    finally:
        server.stop()


def _kb(size: int) -> str:
    return f"{size / 1024:.0f} KB"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.2f} MB"
