"""Fixtures for the browser tests: real Streamlit servers and headless Chromium (Playwright).

* ``app_server``: one Streamlit server for the whole session, on the shared boundary files,
  the session's boundary cache (prepared layers are reused), no basemap tiles, no geocoder
  and its own SQLite store. Before it starts, the store gets the demo set and a partner whose texts
  are HTML/script injections (:data:`XSS_NAAM` and friends).
* ``start_streamlit``: start another server with other settings (the tile test uses it).
* ``browser``: one Chromium for the session (Debian's ``/usr/bin/chromium``).
* ``open_page`` / ``page``: a fresh browser context per test that records console errors,
  page errors, dialogs (dismissed) and every request; requests to any host other than
  the allowed ones (the app, plus e.g. a local tile server) are aborted and counted.

Streamlit's frontend probes ``/<page>/_stcore/health`` and ``/<page>/_stcore/host-config``
when a sub-page URL is opened (its base-path discovery) and logs the two 404 answers as
console errors. Exactly those two responses are tolerated (checked by URL); nothing else.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import (Browser, ConsoleMessage, Dialog, Frame, FrameLocator, Locator, Page, Request, Response,
                                 Route, expect, sync_playwright)

from geo.demo import load_demo
from geo.deployment.processes import free_port, stop_processes, wait_healthy
from geo.editing import save_partner
from geo.store import open_store
from tests.conftest import NO_POPULATION_URL
from pages.auth import SESSION_COOKIE

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
STARTUP_TIMEOUT = 60  # seconds for a server to answer /_stcore/health
WAIT_MS = 60_000  # generous upper bound for waits in the browser (never asserted on)

XSS_NAAM = "<img src=x onerror=alert(1)>"
XSS_ORGANISATIE = "<script>alert(2)</script>"
XSS_STRAAT = '"><svg onload=alert(3)>'
XSS_PUNT = (51.0282, 4.4777)  # in Mechelen (12025)

# The st_folium component's frame. Not by its title: the map names its frame itself (in Dutch,
# per map), so a title-based selector would find nothing and every "no map here" check would pass.
MAP_IFRAME = 'iframe[data-testid="stCustomComponentV1"]'
WIJK_FILL = "#f2efe9"
WIJK_PATHS = f'path.leaflet-interactive[fill="{WIJK_FILL}"]'
PARTNER_MARKERS = ".leaflet-marker-icon.pk-partner-icon"  # symbol markers (geo.maps.layers.PartnerMarkers)
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PHONE = {"viewport": (390, 844), "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
# The machine may be busy (two cores): wait generously. Waiting only, nothing asserts a duration.
expect.set_options(timeout=30_000)

_PROBE = re.compile(r"^/[^/]+/_stcore/(health|host-config)$")


# -- Streamlit servers ---------------------------------------------------------------------


@dataclass
class StreamlitServer:
    url: str
    process: subprocess.Popen
    stderr_path: Path
    db_path: str  # an SQLite path or a postgresql:// URL (a Path would fold the URL's "//")

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def stdout(self) -> str:
        return (self.stderr_path.parent / "stdout.log").read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        stop_processes([self.process], timeout_s=15)


def _launch(folder: Path, settings: dict[str, str], via_start: bool = False,
            memory_mb: int | None = None) -> StreamlitServer:
    """Start ``streamlit run app.py`` (or, ``via_start``, ``python -m geo start`` as ``make run``
    does) with ``settings`` and wait until it is healthy; ``memory_mb`` caps the server's
    memory (its data segment, ``RLIMIT_DATA``, inherited by every process it starts)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERKAART_")}
    env.update(settings)
    stdout = open(folder / "stdout.log", "wb")
    stderr = open(folder / "stderr.log", "wb")
    command = ([sys.executable, "-m", "geo", "start", "--poort", str(port), "--adres", "127.0.0.1", "--",
                "--server.headless", "true"] if via_start else
               [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                "--server.port", str(port), "--server.address", "127.0.0.1"])
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
                               preexec_fn=None if memory_mb is None else partial(_cap_memory, memory_mb))
    stdout.close()
    stderr.close()
    server = StreamlitServer(f"http://127.0.0.1:{port}", process, folder / "stderr.log", settings["PARTNERKAART_DB"])
    problem = wait_healthy(server.url, STARTUP_TIMEOUT,
                           lambda: None if process.poll() is None else f"Streamlit (exit code {process.returncode})")
    if problem is not None:
        server.stop()
        pytest.fail(f"{problem}:\n{server.stderr()}")
    return server


def _cap_memory(memory_mb: int) -> None:
    cap = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))


@pytest.fixture(scope="session")
def start_streamlit(tmp_path_factory, SHARED_GEBIEDEN, boundary_cache) -> Iterator[Callable[..., StreamlitServer]]:
    """Start a Streamlit server on the shared boundaries and session cache; extra settings win;
    ``via_start=True`` starts it as ``make run`` does (``python -m geo start``);
    ``memory_mb`` caps its memory.

    Every server gets its own store file (``PARTNERKAART_DB``) unless one is given, a
    settings file that does not exist and no address lookups (``PARTNERKAART_GEOCODER=none``:
    the server itself never contacts another host). All servers are stopped at the end of
    the session.
    """
    servers: list[StreamlitServer] = []

    def start(via_start: bool = False, memory_mb: int | None = None, **extra: str) -> StreamlitServer:
        folder = tmp_path_factory.mktemp("streamlit")
        settings = {
            "PARTNERKAART_GEBIEDEN": str(SHARED_GEBIEDEN),
            "PARTNERKAART_CACHE": str(boundary_cache),
            "PARTNERKAART_DB": str(folder / "partnerkaart.sqlite"),
            "PARTNERKAART_TEGELS": "none",
            "PARTNERKAART_BEVOLKING_URL": NO_POPULATION_URL,
            "PARTNERKAART_GEOCODER": "none",
            "PARTNERKAART_KANDIDATEN_POI_URL": "",  # the server contacts no other host unless a test says so
            "PARTNERKAART_INSTELLINGEN": str(folder / "bestaat-niet.toml"),
        }
        settings.update(extra)
        server = _launch(folder, settings, via_start, memory_mb)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def app_db(tmp_path_factory, boundaries) -> Path:
    """The session server's store: the demo set plus a partner made of HTML injections."""
    path = tmp_path_factory.mktemp("browser-db") / "partnerkaart.sqlite"
    store = open_store(str(path))
    try:
        assert load_demo(store, boundaries) > 0
        stored, errors = save_partner(store, boundaries, {
            "naam": XSS_NAAM, "categorie": "school", "status": "communiceert mee",
            "organisatie": XSS_ORGANISATIE, "straat": XSS_STRAAT, "plaats": "Mechelen",
            "lat": XSS_PUNT[0], "lon": XSS_PUNT[1], "gemeente_nis": "12025",
        })
        assert not errors, errors
        assert stored.gemeente_nis == "12025" and stored.wijk_code.startswith("12025")
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def app_server(start_streamlit, app_db) -> StreamlitServer:
    """The session's Streamlit server: no tiles, the prepared store of :func:`app_db`."""
    return start_streamlit(PARTNERKAART_DB=str(app_db))


# -- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@dataclass
class Watch:
    """What one browser page did: console and page errors, dialogs, requests by host."""

    page: Page
    base: str
    allowed_hosts: set[str]
    console_errors: list[ConsoleMessage] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed_responses: list[tuple[int, str]] = field(default_factory=list)
    probe_responses: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)
    server: StreamlitServer | None = None
    share_params: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"Watch({self.page.url!r}, {len(self.requests)} requests, blocked={self.blocked}, "
                f"dialogs={self.dialogs}, page_errors={self.page_errors})")

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path, wait_until="domcontentloaded", timeout=WAIT_MS)

    @property
    def unexpected_console_errors(self) -> list[str]:
        """Console errors other than the logged 404s of Streamlit's own base-path probes."""
        probes = set(self.probe_responses)
        return [f"{m.text} ({m.location.get('url')})" for m in self.console_errors
                if not (m.text.startswith("Failed to load resource") and m.location.get("url") in probes)]

    def requests_to(self, path: str) -> list[str]:
        return [url for url in self.requests if urlsplit(url).path == path]

    def assert_clean(self) -> None:
        """No dialog, no page error, no console error, no failed response, no other host."""
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.page_errors == [], f"page errors: {self.page_errors}"
        assert self.failed_responses == [], f"failed responses: {self.failed_responses}"
        assert self.unexpected_console_errors == [], f"console errors: {self.unexpected_console_errors}"
        assert len(self.blocked) == 0, f"requests to other hosts: {self.blocked}"
        assert all(urlsplit(url).netloc in self.allowed_hosts for url in self.websockets), self.websockets

    # -- Streamlit and the map ---------------------------------------------------------------

    def idle(self) -> None:
        """Wait until Streamlit finished the current script run (after a short grace period)."""
        self.page.wait_for_timeout(250)
        self.page.locator(APP_IDLE).wait_for(timeout=WAIT_MS)

    @property
    def map(self) -> FrameLocator:
        """The (first) folium map iframe."""
        return self.page.frame_locator(MAP_IFRAME).first

    def map_frame(self) -> Frame:
        return self.page.locator(MAP_IFRAME).first.element_handle().content_frame()

    def loaded_map_frame(self, nth: int = 0) -> Frame:
        """The frame of the nth map iframe once Leaflet has loaded in it.

        The iframe is looked up again on every attempt: a rerun (such as the one the map's
        first answer causes) may replace it, and a frame of a replaced iframe never loads.
        """
        deadline = time.monotonic() + WAIT_MS / 1000
        while True:
            try:
                frame = self.page.locator(MAP_IFRAME).nth(nth).element_handle(timeout=WAIT_MS).content_frame()
                if frame is not None:
                    frame.wait_for_function("() => window.map && window.map._loaded", timeout=2_000)
                    return frame
            except PlaywrightError:
                if time.monotonic() > deadline:
                    raise
            if time.monotonic() > deadline:
                raise AssertionError(f"map iframe {nth} has no document")
            self.page.wait_for_timeout(250)

    def wait_for_map(self) -> Frame:
        """Wait until Leaflet in the map iframe has loaded and drawn; returns the frame."""
        try:
            self.map.locator("path").first.wait_for(state="attached", timeout=WAIT_MS)  # may be tiny at low zoom
            frame = self.loaded_map_frame()
        except PlaywrightError as exc:
            shown = self.page.locator('[data-testid="stException"], [data-testid="stAlert"]').all_inner_texts()
            server = self.server.stderr()[-3000:] if self.server is not None else ""
            raise AssertionError(f"the map was not drawn ({exc.message.splitlines()[0]}); blocked requests: "
                                 f"{self.blocked}; page errors: {self.page_errors}; console errors: "
                                 f"{self.unexpected_console_errors}; messages on the page: {shown}; "
                                 f"server stderr: {server}") from exc
        return frame

    def center_map(self, nth: int = 0) -> None:
        """Scroll the map iframe to the middle of the viewport.

        Leaflet focuses the map container on mousedown; when the iframe sticks out of the
        viewport, that focus scrolls the page between mousedown and mouseup, and the click
        lands on the map instead of the marker under the pointer.
        """
        self.page.locator(MAP_IFRAME).nth(nth).evaluate("e => e.scrollIntoView({block: 'center'})")
        self.page.wait_for_function(
            "([selector, nth]) => { const r = document.querySelectorAll(selector)[nth].getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; }", arg=[MAP_IFRAME, nth],
            timeout=WAIT_MS)

    def point_of(self, lat: float, lon: float, nth: int = 0) -> tuple[float, float]:
        """Where (lat, lon) is on the screen, from Leaflet's own projection of the map.

        Measured until two readings a moment apart agree, so a map still fitting its bounds
        or a page still settling its layout cannot move the point between reading and clicking.
        """
        iframe = self.page.locator(MAP_IFRAME).nth(nth)
        previous = None
        deadline = time.monotonic() + WAIT_MS / 1000
        while True:
            frame = self.loaded_map_frame(nth)
            x, y = frame.evaluate(
                "([lat, lon]) => { const p = map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }", [lat, lon])
            box = iframe.bounding_box()
            point = (round(box["x"] + x, 1), round(box["y"] + y, 1))
            if point == previous or time.monotonic() > deadline:
                return point
            previous = point
            self.page.wait_for_timeout(250)

    @property
    def wijk_paths(self) -> Locator:
        return self.map.locator(WIJK_PATHS)

    @property
    def partner_markers(self) -> Locator:
        return self.map.locator(PARTNER_MARKERS)

    def hover_partner_named(self, name: str) -> tuple[Locator, Locator]:
        """Hover the partner markers one by one until the tooltip shows ``name``: (marker, tooltip)."""
        self.center_map()
        # The open legend covers the lower right of the map: fold it so every marker is reachable.
        self.map.locator(".partnerkaart-legend summary").click()
        tooltip = self.map.locator(".leaflet-tooltip")
        seen = []
        markers = self.partner_markers
        for index in range(markers.count()):
            marker = markers.nth(index)
            try:
                marker.hover(timeout=5_000)
                expect(tooltip.filter(has_text=name)).to_have_count(1, timeout=2_000)
            except (AssertionError, PlaywrightError):
                seen.append(tooltip.all_inner_texts())
                continue
            return marker, tooltip.filter(has_text=name)
        raise AssertionError(f"no marker has the tooltip {name!r}; tooltips seen: {seen}; dialogs: {self.dialogs}")

    def gemeente_box(self) -> Locator:
        return self.page.get_by_role("combobox", name="Gemeente", exact=True)


@pytest.fixture
def open_page(browser, grant_access) -> Iterator[Callable[..., Watch]]:
    """Open a page in a fresh context; only ``base`` and ``extra_hosts`` may be contacted.

    ``server`` (optional) is the Streamlit server behind ``base``; its stderr goes into the
    message when a map does not appear. With a ``server``, the context is logged in as
    ``who`` (default a beheerder: the app's session cookie); ``who="lezer:<nis>"`` makes a
    share link instead, whose parameters are in ``watch.share_params``; None: nobody.
    ``viewport`` is the window size in CSS pixels (width, height); ``device`` are more options of
    the browser context (``has_touch``, ``is_mobile``, ``geolocation``, ``permissions``).
    """
    contexts = []

    def open_(base: str, extra_hosts: tuple[str, ...] = (), server: StreamlitServer | None = None,
              who: str | None = "beheerder", viewport: tuple[int, int] = (1400, 1000), **device) -> Watch:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, **device)
        contexts.append(context)
        granted = grant_access(server.db_path, who) if server is not None else None
        if granted is not None and granted.login_token:  # logged in as the app does it: its session cookie
            context.add_cookies([{"name": SESSION_COOKIE, "value": granted.login_token, "url": base}])
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        watch = Watch(page, base.rstrip("/"), {urlsplit(base).netloc, *extra_hosts}, server=server)
        watch.share_params = granted.query_params if granted is not None else {}

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                watch.console_errors.append(message)

        def on_dialog(dialog: Dialog) -> None:
            watch.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        def on_response(response: Response) -> None:
            if response.status < 400:
                return
            parts = urlsplit(response.url)
            if (response.status == 404 and parts.netloc == urlsplit(watch.base).netloc
                    and _PROBE.match(parts.path) and not parts.query):
                watch.probe_responses.append(response.url)
            else:
                watch.failed_responses.append((response.status, response.url))

        def on_route(route: Route, request: Request) -> None:
            parts = urlsplit(request.url)
            if parts.scheme in ("data", "blob", "about") or parts.netloc in watch.allowed_hosts:
                watch.requests.append(request.url)
                route.continue_()
            else:
                watch.blocked.append(request.url)
                route.abort()

        page.on("console", on_console)
        page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
        page.on("dialog", on_dialog)
        page.on("response", on_response)
        page.on("websocket", lambda socket: watch.websockets.append(socket.url))
        page.route("**/*", on_route)
        return watch

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page, app_server) -> Watch:
    """A watched page on the session server (no other host allowed)."""
    return open_page(app_server.url, server=app_server)


@pytest.fixture(scope="session")
def xss() -> dict:
    """The injection texts and the location of the partner in the session server's store."""
    return {"naam": XSS_NAAM, "organisatie": XSS_ORGANISATIE, "straat": XSS_STRAAT, "punt": XSS_PUNT}


def choose(page, combobox, option: str, multiple: bool = False) -> None:
    """Pick ``option`` in a Streamlit selectbox, or add it in a multiselect (``multiple``; retried: a rerun
    may re-render the widget)."""
    for _ in range(5):
        page.idle()
        combobox.click()
        choice = page.page.get_by_role("option", name=option, exact=True)
        try:
            expect(choice).to_be_visible(timeout=5_000)
        except AssertionError:
            page.page.keyboard.press("Escape")
            continue
        choice.click()
        break
    else:
        raise AssertionError(f"{option!r} was never offered")
    if multiple:
        page.page.keyboard.press("Escape")  # a multiselect stays open for the next choice
    else:
        expect(combobox).to_have_value(option)


def table_column(table, index: int) -> list[str]:
    """The texts of one column (1-based) of a Streamlit table, from the grid's accessible cells."""
    table.locator('tbody tr[role="row"]').first.wait_for(state="attached")
    return table.locator(f'tbody tr[role="row"] td[aria-colindex="{index}"]').all_inner_texts()
