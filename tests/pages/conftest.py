"""Fixtures for the page tests: Streamlit's AppTest on the real app with isolated settings.

Every test runs twice, on each backend: with its own SQLite store (in its ``tmp_path``) and
with its own fresh PostGIS database (``db_url``), and fresh Streamlit caches; the boundary
cache is the session's, so the prepared layers are reused between tests. Pages are
reached as a user reaches them: ``app.py`` runs first, then ``at.switch_page("pages/….py")``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator, Mapping

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest, app_test

from geo.demo import demo_partners
from geo.partners import Partner
from geo.store import PartnerStore, open_store
from tests.conftest import NO_POPULATION_URL

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "app.py"
TIMEOUT = 60


class _ServerPagesManager(PagesManager):
    """AppTest's pages manager, but with the pages-directory flag of a running server.

    Before every run, AppTest resets ``PagesManager.uses_pages_directory`` to None, so
    Streamlit finds ``pages/`` again and runs a sub-page file directly (its first multipage
    mode); ``ui.use_app_shell`` then reruns into ``app.py``, and that rerun drops the clicks
    of the run. A server sets the flag once per process, and ``st.navigation`` in ``app.py``
    turns it off for good. Through this subclass AppTest's reset lands on the subclass
    attribute and leaves the real flag (read by Streamlit and by ``use_app_shell``) alone.
    """


def _clear_caches() -> None:
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(params=["sqlite", "postgis"])
def db_url(request, tmp_path) -> str:
    """The store the app under test uses (one per test): an SQLite file or a fresh PostGIS database."""
    if request.param == "sqlite":
        return str(tmp_path / "partnerkaart.sqlite")
    return request.getfixturevalue("postgis_database")


@pytest.fixture(autouse=True)
def app_env(monkeypatch, tmp_path, db_url, SHARED_GEBIEDEN, boundary_cache) -> Iterator[None]:
    """Point the app at the shared boundary files, the session cache and this test's store."""
    monkeypatch.setenv("PARTNERKAART_GEBIEDEN", str(SHARED_GEBIEDEN))
    monkeypatch.setenv("PARTNERKAART_CACHE", str(boundary_cache))
    monkeypatch.setenv("PARTNERKAART_DB", db_url)
    monkeypatch.setenv("PARTNERKAART_TEGELS", "none")
    monkeypatch.setenv("PARTNERKAART_KANDIDATEN_POI_URL", "")  # a test that searches gives its own server
    monkeypatch.setenv("PARTNERKAART_BEVOLKING_URL", NO_POPULATION_URL)  # no built-in inhabitants unless a test asks
    monkeypatch.delenv("PARTNERKAART_BEVOLKING_PAD", raising=False)
    monkeypatch.setenv("PARTNERKAART_INSTELLINGEN", str(tmp_path / "geen-instellingen.toml"))
    monkeypatch.delenv("PARTNERKAART_DEMO", raising=False)
    monkeypatch.delenv("PARTNERKAART_MAX_UPLOAD_MB", raising=False)
    monkeypatch.delenv("PARTNERKAART_DOWNLOAD_TIMEOUT", raising=False)
    monkeypatch.setattr(app_test, "PagesManager", _ServerPagesManager)
    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)  # app.py has run st.navigation
    _clear_caches()
    yield
    _clear_caches()


@pytest.fixture
def app(db_url, grant_access) -> Callable[..., AppTest]:
    """``app(query_params, who="beheerder")``: the whole app (``app.py``) after its first run,
    for ``who`` (see ``grant_access`` in tests/conftest.py)."""

    def start(query_params: Mapping[str, str] | None = None, who: str | None = "beheerder") -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        granted = grant_access(db_url, who)
        if granted.login_token:
            at.session_state["login_token"] = granted.login_token
        for name, value in {**granted.query_params, **(query_params or {})}.items():
            at.query_params[name] = value
        at.run()
        assert not at.exception, at.exception
        return at

    return start


@pytest.fixture
def open_db(db_url) -> Iterator[Callable[[], PartnerStore]]:
    """``open_db()``: a second connection to the test's store, as another user would have."""
    opened: list[PartnerStore] = []

    def connect() -> PartnerStore:
        opened.append(open_store(db_url))
        return opened[-1]

    yield connect
    for connection in opened:
        connection.close()


@pytest.fixture(scope="session")
def demo(boundaries) -> list[Partner]:
    """The demo set as the app loads it into an empty store (placed in their wijken)."""
    return demo_partners(boundaries)


@pytest.fixture
def partners_page(app) -> Callable[..., AppTest]:
    """``partners_page(gemeente)``: the app switched to the Partners page for ``gemeente``."""

    def start(gemeente: str = "12025") -> AppTest:
        at = app({"gemeente": gemeente})
        at.switch_page("pages/partners.py").run()
        assert not at.exception, at.exception
        return at

    return start
from tests.geo.candidates.overpass_server import overpass  # noqa: F401,E402 (a fixture: a local Overpass API)
