"""Helpers shared by the benchmarks: where the data is, timing, memory, output, logging in
to the app and waiting for its map (failing at once when another page shows up instead).
"""

from __future__ import annotations

import os
import secrets
import statistics
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
SHARED_GEBIEDEN = REPO.parent / "shared" / "data" / "gebiedsniveaus"
MAP_IFRAME = 'iframe[data-testid="stCustomComponentV1"]'  # the st_folium frame (its title is the map's own)
POLYGON = "path.leaflet-interactive"
STDERR_CHARS = 3000
MESSAGE_CHARS = 1500
# Polled in the page (every animation frame) until the map or a sign that the page is not there
# shows; returns which. Failure signs win over the map: a page with an error next to its map is not
# measured. The login check reads textContent, not innerText, so polling forces no layout.
_PAGE_OUTCOME = """([iframe, polygon, polygons, loginLabel]) => {
  const texts = selector => [...document.querySelectorAll(selector)].map(e => {
    let text = e.innerText;  // without the names of icons ("link_off"), which are aria-hidden
    for (const icon of e.querySelectorAll('[aria-hidden="true"]')) text = text.replace(icon.innerText, "");
    return text.trim();
  }).filter(Boolean);
  const exceptions = texts('[data-testid="stException"]');
  if (exceptions.length) return {kind: "exception", text: exceptions.join("\\n")};
  const errors = texts('[data-testid="stAlert"]:has([data-testid="stAlertContentError"])');
  const login = [...document.querySelectorAll("button, h1, h2, h3")].some(e => e.textContent.trim() === loginLabel);
  if (login) return {kind: "login", text: errors.join("\\n")};
  if (errors.length) return {kind: "error", text: errors.join("\\n")};
  const frame = document.querySelector(iframe);
  let map = null, drawn = 0;
  try {
    map = frame && frame.contentWindow.map;
    drawn = frame ? frame.contentDocument.querySelectorAll(polygon).length : 0;
  } catch (error) {}  // the iframe is still being replaced
  return map && map._loaded && drawn >= polygons ? {kind: "map", text: ""} : null;
}"""
_NOT_REACHED = {
    "login": "de Welkom-pagina met het aanmeldformulier verscheen in plaats van de kaart "
             "(login wall: not logged in, or the share link was refused)",
    "exception": "een exception verscheen in plaats van de kaart (st.exception on the page)",
    "error": "een foutmelding verscheen in plaats van de kaart (st.error on the page)",
}


def bench_environment(cache: Path) -> dict[str, str]:
    """Settings for a benchmark run: the shared boundary data, a private cache, no tiles."""
    return {
        "PARTNERKAART_GEBIEDEN": os.environ.get("PARTNERKAART_GEBIEDEN", str(SHARED_GEBIEDEN)),
        "PARTNERKAART_CACHE": str(cache),
        "PARTNERKAART_TEGELS": "none",
        "PARTNERKAART_DB": str(cache / "bench.sqlite"),
        "PARTNERKAART_INSTELLINGEN": str(cache / "geen.toml"),
    }


def timed(function: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    """Median wall time in seconds over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process in MB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def dutch_number(value: float) -> str:
    """A whole number with a Dutch thousands separator: ``12.345``."""
    return f"{value:,.0f}".replace(",", ".")


def report(title: str, rows: list[tuple[str, str, str, str]]) -> None:
    """Print a table: what, Partnerkaart, naive baseline, target."""
    print(f"\n== {title}")
    widths = [max(len(r[i]) for r in rows + [("wat", "partnerkaart", "naïef", "doel")]) for i in range(4)]
    for row in [("wat", "partnerkaart", "naïef", "doel")] + rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))


# -- logging in and waiting for the map ---------------------------------------------------------------


def throwaway_admin_token(db_url: str, hours: float = 4) -> str:
    """Make a throwaway beheerder in the (temporary) store at ``db_url``; returns a session token for it."""
    from geo.accounts import add_user, start_session
    from geo.store import open_store

    store = open_store(db_url)
    try:
        user = add_user(store, f"bench-{secrets.token_hex(4)}@example.be", "Benchmark",
                        secrets.token_urlsafe(24), "beheerder")
        return start_session(store, user, hours=hours)
    finally:
        store.close()


def add_session_cookie(context: Any, base_url: str, token: str) -> Any:
    """Log a Playwright browser context in with the app's session cookie (await the result with the async API)."""
    from geo.accounts import SESSION_COOKIE

    return context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": base_url}])


def wait_for_map(page: Any, stderr: Path, polygons: int = 1, timeout_ms: int = 120_000) -> None:
    """Wait (sync API) until the folium map has loaded with ``polygons`` polygons drawn.

    Raises RuntimeError at once when the login form, an exception or an error shows instead,
    and after ``timeout_ms`` when nothing shows; both messages end with the server's stderr.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        outcome = page.wait_for_function(_PAGE_OUTCOME, arg=_outcome_arg(polygons), timeout=timeout_ms).json_value()
    except PlaywrightTimeout:
        raise _timed_out(page.url, polygons, timeout_ms, stderr) from None
    _check_reached(outcome, page.url, stderr)


async def wait_for_map_async(page: Any, stderr: Path, polygons: int = 1, timeout_ms: int = 120_000) -> None:
    """:func:`wait_for_map` for Playwright's async API."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    try:
        handle = await page.wait_for_function(_PAGE_OUTCOME, arg=_outcome_arg(polygons), timeout=timeout_ms)
    except PlaywrightTimeout:
        raise _timed_out(page.url, polygons, timeout_ms, stderr) from None
    _check_reached(await handle.json_value(), page.url, stderr)


def stderr_tail(path: Path, chars: int = STDERR_CHARS) -> str:
    """The last ``chars`` characters of a server's stderr file ("" when it cannot be read)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return ""


def _outcome_arg(polygons: int) -> list:
    from geo import texts

    return [MAP_IFRAME, POLYGON, polygons, texts.UI_AANMELDEN]


def _check_reached(outcome: dict, url: str, stderr: Path) -> None:
    if outcome["kind"] == "map":
        return
    shown = outcome["text"][:MESSAGE_CHARS] or "-"
    raise RuntimeError(f"kaart niet bereikt / map page not reached (browser now at {url}): "
                       f"{_NOT_REACHED[outcome['kind']]}\nop de pagina / on the page: {shown}\n"
                       f"-- stderr van de server (laatste regels):\n{stderr_tail(stderr)}")


def _timed_out(url: str, polygons: int, timeout_ms: int, stderr: Path) -> RuntimeError:
    return RuntimeError(f"kaart niet bereikt / map page not reached (browser now at {url}): geen kaart met "
                        f"{polygons} polygonen, geen aanmeldformulier en geen fout binnen {timeout_ms / 1000:g} s "
                        f"(nothing appeared)\n"
                        f"-- stderr van de server (laatste regels):\n{stderr_tail(stderr)}")
