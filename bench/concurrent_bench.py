"""A council at once, without browsers: N Streamlit sessions open a page together, through the
websocket protocol Streamlit's own client speaks, so only the server's work is timed.

Each view connects to ``/_stcore/stream`` (subprotocol ``streamlit``; the app's session cookie for
an organiser), sends one ``BackMsg`` ``rerun_script`` with the page's query string, and reads
``ForwardMsg``s until ``script_finished``; a view that did not receive the map (the
``streamlit_folium`` component) stops the benchmark at once with what it got and the server's
stderr. Measured per N (1, 10, 25, 50): p50/p95 of the time until ``script_finished`` when the
N views start together, next to the same N views one after another (the naive baseline: what
the wait would be without any overlap), the server's CPU seconds per view, the bytes sent per
view and the server's RSS. The first view after the server started and the first after a change
of the data (a partner edited: the data version moves) are printed separately.

The pages: Mechelen's share link (Kaart), and Kaart, Dekking and Witte vlekken as a throwaway
beheerder. Targets (issue 18, 2 cores): server CPU per repeated view ≤ 40 ms; 10 views at once
p95 ≤ 0.6 s, 50 at once ≤ 2.5 s. Nothing is asserted. ``--sessies 1,10`` and ``--herhalingen``
for a quick try.

``--proxy``: the share link through HAProxy (:mod:`geo.deployment`) with one and with two replicas
on one throwaway PostGIS; each websocket is balanced on its own, as separate phones are. Target:
50 at once within 1.5 s (p95) with two replicas.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import bench_environment, report, throwaway_admin_token
from bench.streamlit_server import (GEMEENTE, ProxiedReplicas, StreamlitServer, fill_store, free_port,
                                    postgis_cluster)

COUNTS = (1, 10, 25, 50)
TIMEOUT_S = 300.0
ONE_PROCESS_TARGETS = {10: "p95 ≤ 0,6 s", 50: "p95 ≤ 2,5 s"}
TWO_REPLICA_TARGETS = {50: "p95 ≤ 1,5 s"}
PAGES = (("kaart", ""), ("dekking", "dekking"), ("witte vlekken", "witte_vlekken"))  # (label, page in the URL)


@dataclass(frozen=True)
class View:
    """One view: seconds until ``script_finished``, bytes received, and whether the map came."""

    seconds: float
    size: int
    has_map: bool
    kinds: tuple[str, ...]
    title: str = ""


def main(argv: list[str] | None = None) -> None:
    options = _arguments(argv or [])
    with tempfile.TemporaryDirectory(prefix="pk-bench-") as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in bench_environment(folder).items() if k.startswith("PARTNERKAART_")}
        os.environ.update(env)
        (_run_proxy if options.proxy else _run)(folder, env, options)


def _run(folder: Path, env: dict[str, str], options: argparse.Namespace) -> None:
    from geo.boundaries import load_boundaries
    from geo.config import load_settings

    boundaries = load_boundaries(load_settings())
    db = env["PARTNERKAART_DB"]
    share = f"gemeente={GEMEENTE}&deel={fill_store(db, boundaries)}"
    cookie = throwaway_admin_token(db)
    server = StreamlitServer.start("sqlite", folder, env)
    try:
        first = asyncio.run(_checked(server, share, "", None))
        warm = [asyncio.run(_checked(server, share, "", None)) for _ in range(3)]
        _edit_a_partner(db)
        after_change = asyncio.run(_checked(server, share, "", None))
        rows = [("eerste weergave na de start", _s(first.seconds), "-", "-"),
                ("eerste weergave na een wijziging van de gegevens", _s(after_change.seconds), "-", "-"),
                ("herhaalde weergave (mediaan van 3)", _s(statistics.median(v.seconds for v in warm)), "-", "-")]
        for count in options.sessies:
            rows += _batch_rows(server, share, "", None, count, options.herhalingen, "deellink", ONE_PROCESS_TARGETS)
        for label, page in PAGES:
            for count in (1, 10):
                if count in options.sessies:
                    rows += _batch_rows(server, f"gemeente={GEMEENTE}", page, cookie, count, options.herhalingen,
                                        f"beheerder, {label}")
        report(f"Gelijktijdige weergaven zonder browser: Mechelen, één Streamlit-proces, {os.cpu_count()} kernen",
               rows)
        print(f"  {_kb(warm[0].size)} per weergave van de deellink; RSS van de server {server.rss_mb():.0f} MB "
              f"na alle weergaven")
    except BaseException:
        print(f"\n-- stderr van de server (laatste regels):\n{server.stderr_tail()}")
        raise
    finally:
        server.stop()


def _run_proxy(folder: Path, env: dict[str, str], options: argparse.Namespace) -> None:
    """The share link through HAProxy, with one and with two replicas on one PostGIS database."""
    from geo.boundaries import load_boundaries
    from geo.config import load_settings
    from geo.deployment.replicas import start_replicas

    settings = load_settings()
    cluster, url, problem = postgis_cluster()
    if cluster is None:
        raise SystemExit(f"geen PostGIS voor de replica's: {problem}")
    rows = []
    try:
        share = f"gemeente={GEMEENTE}&deel={fill_store(url, load_boundaries(settings))}"
        for count in (1, 2):
            label = "proxy, 1 replica" if count == 1 else f"proxy, {count} replica's"
            replicas = ProxiedReplicas(start_replicas(count, free_port(), "127.0.0.1", folder / f"replicas-{count}",
                                                      {**env, "PARTNERKAART_DB": url}, settings.max_upload_mb))
            try:
                asyncio.run(_at_once(replicas, share, "", None, 2 * count))  # every replica has built the map
                for sessions in options.sessies:
                    rows += _batch_rows(replicas, share, "", None, sessions, options.herhalingen, label,
                                        ONE_PROCESS_TARGETS if count == 1 else TWO_REPLICA_TARGETS)
                rows.append((f"{label}: RSS van de replica's", f"{replicas.rss_mb():.0f} MB", "-", "-"))
            except BaseException:
                print(f"\n-- logs van de replica's en de proxy:\n{replicas.stderr_tail()}")
                raise
            finally:
                replicas.stop()
    finally:
        cluster.remove()
    report(f"Deellink van Mechelen via HAProxy, 1 en 2 replica's op één PostGIS, {os.cpu_count()} kernen", rows)


def _batch_rows(server: StreamlitServer | ProxiedReplicas, query: str, page: str, cookie: str | None, count: int,
                repeat: int, label: str, targets: dict[int, str] | None = None) -> list[tuple[str, str, str, str]]:
    together, one_by_one, cpu = [], [], []
    for _ in range(repeat):
        before = server.cpu_s()
        together += asyncio.run(_at_once(server, query, page, cookie, count))
        cpu.append((server.cpu_s() - before) / count)
        one_by_one += [asyncio.run(_checked(server, query, page, cookie)) for _ in range(count)]
    target = (targets or {}).get(count, "-")
    return [
        (f"{label}: {count} tegelijk, p50 / p95 tot script klaar", f"{_p(together, 50)} / {_p(together, 95)}",
         f"{_p(one_by_one, 50)} / {_p(one_by_one, 95)} (na elkaar)", target),
        (f"{label}: CPU van de server per weergave ({count} tegelijk)", f"{statistics.median(cpu) * 1000:.0f} ms",
         "-", "≤ 40 ms"),
    ]


async def _at_once(server: StreamlitServer, query: str, page: str, cookie: str | None, count: int) -> list[View]:
    return list(await asyncio.gather(*(_checked(server, query, page, cookie) for _ in range(count))))


async def _checked(server: StreamlitServer, query: str, page: str, cookie: str | None) -> View:
    """One view of the page asked for, or a RuntimeError naming what came instead of its title and map."""
    try:
        seen = await asyncio.wait_for(view(server.url, query, page, cookie), TIMEOUT_S)
    except asyncio.TimeoutError as exc:
        raise RuntimeError(f"geen script_finished binnen {TIMEOUT_S:.0f} s voor /{page}?{query}") from exc
    if not seen.has_map or seen.title != _TITLES[page]:
        raise RuntimeError(f"/{page}?{query} toonde {seen.title!r} {'met' if seen.has_map else 'zonder'} kaart, niet "
                           f"{_TITLES[page]!r}; berichten: {', '.join(seen.kinds)}\n{server.stderr_tail()}")
    return seen


async def view(base_url: str, query: str, page: str = "", cookie: str | None = None) -> View:
    """Open ``page`` with ``query`` as Streamlit's browser client does, until the script run finished."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from geo.accounts import SESSION_COOKIE

    headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"} if cookie else {}
    start = time.perf_counter()
    async with websockets.connect(base_url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                                  origin=base_url, additional_headers=headers, max_size=None,
                                  open_timeout=TIMEOUT_S) as socket:
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page
        await socket.send(message.SerializeToString())
        kinds, size, has_map, title = [], 0, False, ""
        while True:
            data = await socket.recv()
            size += len(data)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            kinds.append(kind)
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                has_map |= (element.WhichOneof("type") == "component_instance"
                            and "st_folium" in element.component_instance.component_name)
                if element.WhichOneof("type") == "heading" and element.heading.tag == "h1" and not title:
                    title = element.heading.body
            if kind == "script_finished":
                return View(time.perf_counter() - start, size, has_map, tuple(kinds), title)


def _titles() -> dict[str, str]:
    from geo import texts

    return {"": texts.UI_KAART_TITEL, "dekking": texts.UI_DEKKING_TITEL, "witte_vlekken": texts.UI_WITTE_VLEKKEN_TITEL}


_TITLES = _titles()


def _edit_a_partner(db: str) -> None:
    """Change one partner of Mechelen (the data version moves: what was cached is stale)."""
    from geo.store import open_store

    store = open_store(db)
    try:
        partner = store.list_partners(GEMEENTE)[0]
        store.update_partner(partner.with_changes(notities=f"{partner.notities} (bench)"), door="bench")
    finally:
        store.close()


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench gelijktijdig", description=__doc__.splitlines()[0])
    parser.add_argument("--sessies", type=lambda t: [int(v) for v in t.split(",")], default=list(COUNTS),
                        help="aantallen gelijktijdige weergaven (standaard 1,10,25,50)")
    parser.add_argument("--herhalingen", type=int, default=3, help="herhalingen per aantal (standaard 3)")
    parser.add_argument("--proxy", action="store_true",
                        help="de deellink via HAProxy met 1 en 2 replica's op PostGIS (geo.deployment)")
    return parser.parse_args(argv)


def _p(views: list[View], q: int) -> str:
    values = sorted(v.seconds for v in views)
    return _s(values[min(len(values) - 1, max(0, round(q / 100 * len(values) + 0.5) - 1))])


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s".replace(".", ",")


def _kb(size: int) -> str:
    return f"{size / 1024:.0f} KB"
