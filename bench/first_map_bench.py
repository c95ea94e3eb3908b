"""First map in a browser: Mechelen's share link next to a trivial one-polygon streamlit-folium page.

Two real Streamlit servers run side by side with the same settings (``.streamlit/config.toml``, the
app's local Leaflet served from ``static/``): the app, and ``bench/trivial_map_page.py`` (one
polygon through ``st_folium``). Headless Chromium opens each in a fresh browser context, in turn,
and times from the start of navigation until Leaflet has drawn a polygon in the map's frame. The
first view after each server's start is printed apart; then the median of the repeated first
views of fresh browsers. Target (issue 18): the app ≤ 1.15× the trivial page. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from bench.common import REPO, bench_environment, report
from bench.sessions_bench import CHROMIUM, CHROMIUM_ARGS, _time_to_map
from bench.streamlit_server import GEMEENTE, StreamlitServer, fill_store

TARGET = 1.15


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench eerstekaart", description=__doc__.splitlines()[0])
    parser.add_argument("--herhalingen", type=int, default=7, help="verse browsers per pagina (standaard 7)")
    options = parser.parse_args(argv or [])
    with tempfile.TemporaryDirectory(prefix="pk-bench-eerstekaart-") as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in bench_environment(folder).items() if k.startswith("PARTNERKAART_")}
        os.environ.update(env)
        asyncio.run(_run(folder, env, options.herhalingen))


async def _run(folder: Path, env: dict[str, str], repeat: int) -> None:
    from playwright.async_api import async_playwright

    from geo.assets import install_assets
    from geo.boundaries import load_boundaries
    from geo.config import load_settings

    install_assets()
    share = fill_store(env["PARTNERKAART_DB"], load_boundaries(load_settings()))
    app = StreamlitServer.start("app", folder, env)
    trivial = StreamlitServer.start("triviaal", folder, env, script=str(_trivial_folder(folder) / "page.py"),
                                    cwd=folder / "triviaal")
    try:
        pages = {"app": (app, f"{app.url}/?gemeente={GEMEENTE}&deel={share}"), "triviaal": (trivial, trivial.url)}
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                first = {name: await _fresh(browser, server, link) for name, (server, link) in pages.items()}
                times: dict[str, list[float]] = {name: [] for name in pages}
                for _ in range(repeat):
                    for name, (server, link) in pages.items():
                        times[name].append(await _fresh(browser, server, link))
            finally:
                await browser.close()
    finally:
        app.stop()
        trivial.stop()
    app_s, trivial_s = statistics.median(times["app"]), statistics.median(times["triviaal"])
    report("Eerste kaart in de browser: deellink van Mechelen naast een triviale streamlit-folium-pagina", [
        ("eerste weergave na de start van de server", _s(first["app"]), _s(first["triviaal"]), "-"),
        (f"verse browser (mediaan van {repeat})", _s(app_s), _s(trivial_s), "-"),
        ("verhouding app / triviaal", f"{app_s / trivial_s:.2f}×".replace(".", ","), "1,00×",
         f"≤ {TARGET:.2f}×".replace(".", ",")),
    ])


async def _fresh(browser, server: StreamlitServer, link: str) -> float:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        return await _time_to_map(await context.new_page(), link, server)
    finally:
        await context.close()


def _trivial_folder(folder: Path) -> Path:
    """The trivial page in a folder of its own, with the app's ``.streamlit/config.toml`` and ``static/``
    (Streamlit serves ``static/`` beside the script it runs)."""
    target = folder / "triviaal"
    (target / ".streamlit").mkdir(parents=True)
    shutil.copy(REPO / ".streamlit" / "config.toml", target / ".streamlit" / "config.toml")
    (target / "static").symlink_to(REPO / "static", target_is_directory=True)
    shutil.copy(REPO / "bench" / "trivial_map_page.py", target / "page.py")
    return target


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s".replace(".", ",")
