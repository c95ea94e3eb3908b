"""Fixtures for the page tests: Streamlit's AppTest on the real app with isolated settings.

Every test gets its own SQLite store (in its ``tmp_path``) and fresh Streamlit caches; the
boundary cache is the session's, so the prepared layers are reused between tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator, Mapping

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.store import PartnerStore, open_store

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "app.py"
TIMEOUT = 60


def _clear_caches() -> None:
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def db_path(tmp_path) -> Path:
    """The SQLite file the app under test uses (one per test)."""
    return tmp_path / "partnerkaart.sqlite"


@pytest.fixture(autouse=True)
def app_env(monkeypatch, tmp_path, db_path, SHARED_GEBIEDEN, boundary_cache) -> Iterator[None]:
    """Point the app at the shared boundary files, the session cache and this test's store."""
    monkeypatch.setenv("PARTNERKAART_GEBIEDEN", str(SHARED_GEBIEDEN))
    monkeypatch.setenv("PARTNERKAART_CACHE", str(boundary_cache))
    monkeypatch.setenv("PARTNERKAART_DB", str(db_path))
    monkeypatch.setenv("PARTNERKAART_TEGELS", "none")
    monkeypatch.setenv("PARTNERKAART_INSTELLINGEN", str(tmp_path / "geen-instellingen.toml"))
    monkeypatch.delenv("PARTNERKAART_DEMO", raising=False)
    monkeypatch.delenv("PARTNERKAART_MAX_UPLOAD_MB", raising=False)
    monkeypatch.delenv("PARTNERKAART_DOWNLOAD_TIMEOUT", raising=False)
    _clear_caches()
    yield
    _clear_caches()


@pytest.fixture
def app() -> Callable[..., AppTest]:
    """``app(query_params)``: the whole app (``app.py``) after its first run."""

    def start(query_params: Mapping[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        for name, value in (query_params or {}).items():
            at.query_params[name] = value
        at.run()
        assert not at.exception, at.exception
        return at

    return start


@pytest.fixture
def open_db(db_path) -> Iterator[Callable[[], PartnerStore]]:
    """``open_db()``: a second connection to the test's store, as another user would have."""
    opened: list[PartnerStore] = []

    def connect() -> PartnerStore:
        opened.append(open_store(str(db_path)))
        return opened[-1]

    yield connect
    for connection in opened:
        connection.close()
