"""Read-only share links under load: time to first map, server memory per session, SQLite vs PostGIS.

A real Streamlit server (``streamlit run app.py``) serves the demo set; a share link of
Mechelen (``/?gemeente=12025&deel=<token>``, made with :func:`geo.sharing.create_link`)
is opened in fresh browser contexts of one headless Chromium (Playwright's async API, so
N pages load at the same time from one thread). Per session the clock runs from the start
of ``goto`` until the Leaflet map in the ``st_folium`` iframe has loaded
(``window.map._loaded``) with at least one polygon drawn. A share link needs no login; when
the Welkom page with the login form (e.g. the link was refused), an exception or an error
shows instead of the map, the benchmark fails at once with what appeared and the tail of the
server's stderr (:func:`bench.common.wait_for_map_async`, shared with ``grenzen``, which logs
in with a throwaway beheerder in its temporary store).

1. For N sessions (default 1, 5, 10) opened at once, over a few rounds on a warmed server:
   p50 and p95 per session and the wall time of the batch, next to the naive baseline of
   the same N sessions opened one after another. Target (issue): with 10 simultaneous
   sessions, p95 time to map ≤ 3× the single-session time (p50 of N = 1); printed, not
   asserted.
2. Server memory: RSS of the Streamlit process and its children (``/proc/<pid>/status``
   ``VmRSS``) idle after the warm-up and with N sessions open (before they close); per
   session, the growth over the RSS just before the batch (Python rarely gives memory
   back, so an earlier batch's high-water mark hides part of a later one's). Also the
   server's CPU time per session.
3. One session on the same page with the store on SQLite and on PostGIS (a throwaway
   cluster, :class:`geo.deployment.postgres.LocalPostgres`), both holding the demo set; the two
   servers run side by side and are measured alternately.

The browser and the server share this machine's cores, so the times under load include
Chromium's own work for N pages: the CPU seconds of the server and of the client side
(this process, Playwright's driver, Chromium) are printed per batch, to show which side
the time went to, with the CPU seconds of every other process on the machine in the same
interval (other work on a shared machine slows every figure down), and the load average. Everything lives in a temporary folder.

Quick try: ``python -m bench sessies --rondes 1 --sessies 1,2 --herhalingen 2``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import SHARED_GEBIEDEN, report, wait_for_map_async
from bench.streamlit_server import GEMEENTE
from bench.streamlit_server import StreamlitServer as _Server
from bench.streamlit_server import cpu_s as _cpu_s
from bench.streamlit_server import fill_store as _fill_store
from bench.streamlit_server import machine_busy_s as _machine_busy_s
from bench.streamlit_server import postgis_cluster as _postgis_cluster

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
WAIT_MS = 240_000  # per session, only when nothing at all appears; the machine may have two cores for both
SETTLE_S = 1.0  # after closing sessions: wait in steps of this until the server's RSS is steady
SETTLE_MAX_S = 10.0
STEADY_MB = 2.0
TARGET_FACTOR = 3.0


def main(argv: list[str] | None = None) -> None:
    options = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="pk-bench-sessies-") as tmp:
        _run(Path(tmp), options)


# -- the benchmark -------------------------------------------------------------------------------


def _run(folder: Path, options: argparse.Namespace) -> None:
    from geo.boundaries import load_boundaries
    from geo.config import load_settings

    missing = [what for what, ok in (("/usr/bin/chromium", Path(CHROMIUM).exists()),
                                     ("playwright", _has_playwright())) if not ok]
    if missing:
        print(f"\n== Deellinks onder last\nniet gemeten: {', '.join(missing)} ontbreekt (make venv-test system-test)")
        return
    cache = folder / "cache"
    cache.mkdir()
    base_env = {
        "PARTNERKAART_GEBIEDEN": os.environ.get("PARTNERKAART_GEBIEDEN", str(SHARED_GEBIEDEN)),
        "PARTNERKAART_CACHE": str(cache),
        "PARTNERKAART_TEGELS": "none",
        "PARTNERKAART_GEOCODER": "none",
        "PARTNERKAART_INSTELLINGEN": str(folder / "bestaat-niet.toml"),
    }
    load_at_start = os.getloadavg()[0]
    start = time.perf_counter()
    boundaries = load_boundaries(load_settings({**base_env, "PARTNERKAART_DB": str(folder / "voorbereiden.sqlite")}))
    print(f"(grenzen voorbereid in {time.perf_counter() - start:.1f} s; de servers lezen ze uit dezelfde cache)")

    servers: list[_Server] = []
    cluster = None
    try:
        sqlite_url = str(folder / "partnerkaart.sqlite")
        sqlite_token = _fill_store(sqlite_url, boundaries)
        sqlite_server = _Server.start("sqlite", folder, {**base_env, "PARTNERKAART_DB": sqlite_url})
        servers.append(sqlite_server)
        sqlite_link = f"{sqlite_server.url}/?gemeente={GEMEENTE}&deel={sqlite_token}"
        load = asyncio.run(_measure_load(sqlite_server, sqlite_link, options))
        _print_load(load, options)

        cluster, postgis_url, problem = _postgis_cluster()
        compare = None
        if postgis_url is not None:
            postgis_token = _fill_store(postgis_url, boundaries)
            postgis_server = _Server.start("postgis", folder, {**base_env, "PARTNERKAART_DB": postgis_url})
            servers.append(postgis_server)
            postgis_link = f"{postgis_server.url}/?gemeente={GEMEENTE}&deel={postgis_token}"
            compare = asyncio.run(_measure_stores([(sqlite_server, sqlite_link), (postgis_server, postgis_link)],
                                                  options.herhalingen))
        _print_stores(compare, options.herhalingen, problem)
        print(f"\n(belasting van de machine, loadavg over 1 min: {load_at_start:.1f} bij de start, "
              f"{os.getloadavg()[0]:.1f} aan het einde, op {os.cpu_count()} kernen)")
    except Exception:
        for server in servers:
            print(f"\n-- stderr van de {server.name}-server (laatste regels):\n{server.stderr_tail()}", file=sys.stderr)
        raise
    finally:
        for server in servers:
            server.stop()
        if cluster is not None:
            cluster.remove()


@dataclass
class _Batch:
    """One batch of N sessions: time to map per session, wall time, server RSS and CPU."""

    times: list[float]
    wall: float
    rss_before: float = float("nan")
    rss_open: float = float("nan")
    cpu: float = float("nan")
    client_cpu: float = float("nan")
    other_cpu: float = float("nan")


@dataclass
class _Load:
    warmup: float
    idle_rss: float
    end_rss: float
    together: dict[int, list[_Batch]]
    one_by_one: dict[int, list[_Batch]]


async def _measure_load(server: _Server, link: str, options: argparse.Namespace) -> _Load:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            warmup = (await _together(browser, server, link, 1)).times[0]
            idle_rss = await _settle(server)
            together: dict[int, list[_Batch]] = {n: [] for n in options.sessies}
            one_by_one: dict[int, list[_Batch]] = {n: [] for n in options.sessies}
            for round_number in range(options.rondes):
                for n in options.sessies:
                    # Alternate which way goes first, so neither always meets a freshly idle server.
                    ways = [(together, _together), (one_by_one, _one_by_one)]
                    for results, way in ways if round_number % 2 == 0 else reversed(ways):
                        results[n].append(await way(browser, server, link, n))
                        await _settle(server)
            end_rss = await _settle(server)
        finally:
            await browser.close()
    return _Load(warmup, idle_rss, end_rss, together, one_by_one)


async def _measure_stores(targets: list[tuple[_Server, str]], repeat: int) -> dict[str, list[float]]:
    """Time to map for one session, alternating between the servers (each warmed first)."""
    from playwright.async_api import async_playwright

    times: dict[str, list[float]] = {server.name: [] for server, _ in targets}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for server, link in targets:
                await _together(browser, server, link, 1)  # warm-up
            for number in range(repeat):
                for server, link in targets if number % 2 == 0 else reversed(targets):
                    await _settle(server)
                    times[server.name].append((await _together(browser, server, link, 1)).times[0])
        finally:
            await browser.close()
    return times


async def _settle(server: _Server) -> float:
    """Wait until the server's RSS holds steady (closed sessions dropped); returns it in MB."""
    deadline = time.monotonic() + SETTLE_MAX_S
    before = server.rss_mb()
    while True:
        await asyncio.sleep(SETTLE_S)
        now = server.rss_mb()
        if abs(now - before) < STEADY_MB or time.monotonic() > deadline:
            return now
        before = now


async def _together(browser, server: _Server, link: str, n: int) -> _Batch:
    """Open ``n`` fresh contexts, start all navigations at once, wait until every map is drawn."""
    contexts = []
    try:
        pages = []
        for _ in range(n):
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            contexts.append(context)
            pages.append(await context.new_page())
        rss_before, cpu_before, all_before = server.rss_mb(), server.cpu_s(), _cpu_s(os.getpid())
        machine_before = _machine_busy_s()
        start = time.perf_counter()
        times = await asyncio.gather(*(_time_to_map(page, link, server) for page in pages))
        wall = time.perf_counter() - start
        cpu = server.cpu_s() - cpu_before
        client_cpu = _cpu_s(os.getpid()) - all_before - cpu  # this process, Playwright's driver, Chromium
        other_cpu = _machine_busy_s() - machine_before - cpu - client_cpu
        return _Batch(list(times), wall, rss_before, server.rss_mb(), cpu, client_cpu, other_cpu)
    finally:
        for context in contexts:
            await context.close()


async def _one_by_one(browser, server: _Server, link: str, n: int) -> _Batch:
    """The naive baseline: the same ``n`` sessions, each opened after the previous map was drawn."""
    contexts, times = [], []
    try:
        start = time.perf_counter()
        for _ in range(n):
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            contexts.append(context)
            times.append(await _time_to_map(await context.new_page(), link, server))
        return _Batch(times, time.perf_counter() - start)
    finally:
        for context in contexts:
            await context.close()


async def _time_to_map(page, link: str, server: _Server) -> float:
    """Seconds from the start of ``goto`` until Leaflet has loaded with a polygon in the map iframe.

    Raises RuntimeError at once when the login form, an exception or an error shows instead.
    """
    start = time.perf_counter()
    await page.goto(link, wait_until="commit", timeout=WAIT_MS)
    await wait_for_map_async(page, server.stderr_path, polygons=1, timeout_ms=WAIT_MS)
    return time.perf_counter() - start


# -- output ---------------------------------------------------------------------------------------


def _print_load(load: _Load, options: argparse.Namespace) -> None:
    single = statistics.median(t for batch in load.together[1] for t in batch.times)
    rows = [("opwarmsessie (eerste kaart na de start van de server)", _s(load.warmup), "-", "-")]
    for n in options.sessies:
        together = [t for batch in load.together[n] for t in batch.times]
        one_by_one = [t for batch in load.one_by_one[n] for t in batch.times]
        target = f"p95 ≤ {TARGET_FACTOR:.0f}× p50(1) = {_s(TARGET_FACTOR * single)}" if n == 10 else "-"
        label = "1 sessie" if n == 1 else f"{n} sessies tegelijk"
        rows.append((f"{label}: tijd tot kaart p50 / p95 ({len(together)} metingen)",
                     f"{_s(_percentile(together, 50))} / {_s(_percentile(together, 95))}",
                     f"{_s(_percentile(one_by_one, 50))} / {_s(_percentile(one_by_one, 95))} (na elkaar)", target))
        server_cpu = statistics.median(b.cpu for b in load.together[n])
        client_cpu = statistics.median(b.client_cpu for b in load.together[n])
        other_cpu = statistics.median(b.other_cpu for b in load.together[n])
        rows.append(("  CPU-tijd server / browser+Playwright / andere processen",
                     f"{server_cpu:.1f} s / {client_cpu:.1f} s / {other_cpu:.1f} s", "-", "-"))
        if n > 1:
            rows.append((f"{n} sessies: totale duur (mediaan van {options.rondes})",
                         _s(statistics.median(b.wall for b in load.together[n])),
                         f"{_s(statistics.median(b.wall for b in load.one_by_one[n]))} (na elkaar)", "-"))
    largest = max(options.sessies)
    if largest > 1:
        p95 = _percentile([t for batch in load.together[largest] for t in batch.times], 95)
        ratio = p95 / single
        verdict = "gehaald" if ratio <= TARGET_FACTOR else "niet gehaald"
        note = "" if largest == 10 else f" (doel geldt voor 10; hier {largest})"
        rows.append((f"p95({largest} tegelijk) / p50(1 sessie){note}", f"{ratio:.2f}×", "-",
                     f"≤ {TARGET_FACTOR:.0f}×: {verdict}"))
    report(f"Deellink {GEMEENTE}: tijd tot kaart met gelijktijdige sessies ({options.rondes} rondes, warme server, "
           f"{os.cpu_count()} kernen voor server en browser samen)",
           rows)

    memory = [("Streamlit-server in rust na opwarmen", _mb(load.idle_rss), "-", "-")]
    for n in options.sessies:
        batches = load.together[n]
        open_rss = statistics.median(b.rss_open for b in batches)
        extra = statistics.median((b.rss_open - b.rss_before) / n for b in batches)
        cpu = statistics.median(b.cpu for b in batches) / n
        memory.append((f"met {n} {'sessie' if n == 1 else 'sessies'} open (mediaan)", _mb(open_rss), "-", "-"))
        memory.append(("  per sessie (boven de rust vlak ervoor) / server-CPU per sessie",
                       f"{extra:+.1f} MB / {cpu:.2f} s", "-", "-"))
    memory.append(("in rust na alle rondes", _mb(load.end_rss), "-", "-"))
    report("Servergeheugen (VmRSS van de server en zijn kindprocessen)", memory)


def _print_stores(times: dict[str, list[float]] | None, repeat: int, problem: str) -> None:
    if times is None:
        report("Opslag: SQLite tegenover PostGIS (1 sessie)",
               [("PostGIS", f"niet gemeten: {problem}", "-", "-")])
        return
    sqlite, postgis = statistics.median(times["sqlite"]), statistics.median(times["postgis"])
    report(f"Opslag: SQLite tegenover PostGIS (1 sessie, p50 van {repeat}, om beurten gemeten)", [
        ("tijd tot kaart met SQLite", _s(sqlite), "-", "-"),
        ("tijd tot kaart met PostGIS", _s(postgis), "-", "-"),
        ("PostGIS / SQLite", f"{postgis / sqlite:.2f}×", "-", "-"),
    ])


# -- servers, stores, the PostGIS cluster -------------------------------------------------------


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench sessies",
        description="Deellinks onder last: tijd tot kaart bij gelijktijdige sessies, servergeheugen per sessie, "
                    "SQLite tegenover PostGIS.")
    parser.add_argument("--sessies", default="1,5,10", type=_counts,
                        help="aantallen gelijktijdige sessies, met komma's (standaard 1,5,10; 1 wordt altijd gemeten)")
    parser.add_argument("--rondes", default=3, type=_positive, help="rondes per aantal (standaard 3)")
    parser.add_argument("--herhalingen", default=5, type=_positive,
                        help="metingen per opslag voor SQLite tegenover PostGIS (standaard 5)")
    return parser.parse_args(argv or [])


def _counts(text: str) -> list[int]:
    try:
        counts = sorted({int(part) for part in text.split(",") if part.strip()} | {1})
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen lijst van aantallen: {text!r}") from None
    if counts[0] < 1:
        raise argparse.ArgumentTypeError("aantallen moeten minstens 1 zijn")
    return counts


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("minstens 1")
    return value


def _percentile(values: list[float], q: float) -> float:
    """The q-th percentile, linear between the nearest ranks (``statistics.quantiles``, inclusive)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _has_playwright() -> bool:
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return False
    return True


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _mb(value: float) -> str:
    return f"{value:.0f} MB"
