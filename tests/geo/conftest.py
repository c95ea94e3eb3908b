"""Fixtures shared by the tests of ``geo/``: the command line as a user runs it."""

from __future__ import annotations

import importlib
import os
import resource
import subprocess
import sys
import uuid
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Iterator

import psycopg
import pytest

from tests.conftest import NO_POPULATION_URL

REPO_ROOT = Path(__file__).resolve().parents[2]


def _cap_memory(memory_mb: int) -> None:
    cap = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))


@pytest.fixture
def cli(tmp_path, SHARED_GEBIEDEN, boundary_cache, boundaries):
    """``cli.run(*args)``: run ``python -m geo`` with this test's store (``cli.db``).

    A real subprocess in the repository, settings from the environment only. Depends on
    ``boundaries`` so the session cache already holds the prepared layers.
    """
    db = tmp_path / "cli.sqlite"
    settings = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERKAART_")}
    settings.update({
        "PARTNERKAART_GEBIEDEN": str(SHARED_GEBIEDEN),
        "PARTNERKAART_CACHE": str(boundary_cache),
        "PARTNERKAART_DB": str(db),
        "PARTNERKAART_GEOCODER": "none",
        "PARTNERKAART_KANDIDATEN_POI_URL": "",
        "PARTNERKAART_DEMO": "nee",
        "PARTNERKAART_TEGELS": "none",
        "PARTNERKAART_BEVOLKING_URL": NO_POPULATION_URL,
        "PARTNERKAART_INSTELLINGEN": str(tmp_path / "bestaat-niet.toml"),
    })

    def run(*args: str, env: dict[str, str] | None = None, memory_mb: int | None = None) -> subprocess.CompletedProcess:
        """``env``: more settings; ``memory_mb``: cap the process's memory (``RLIMIT_DATA``)."""
        return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO_ROOT, env={**settings, **(env or {})},
                              capture_output=True, text=True, encoding="utf-8", timeout=120,
                              preexec_fn=None if memory_mb is None else partial(_cap_memory, memory_mb))

    return SimpleNamespace(run=run, db=db)


def as_of_schema(monkeypatch, module, version: int) -> None:
    """Make stores opened next behave as Partnerkaart did at schema ``version`` of ``module``
    (``geo.store.sqlite`` or ``geo.store.postgis``): only the migrations up to it, and no
    partner history (kept from schema 10 on), and backups of only the tables it had.
    ``monkeypatch.undo()`` brings today's code back."""
    import geo.backup
    import geo.store.tables
    from geo.store.history_tables import HISTORY_SCHEMA, HistoryTables
    from geo.store.rows import migrations

    monkeypatch.setattr(module, "migrations", lambda package: [m for m in migrations(package) if m[0] <= version])
    tables = tuple(t for t in geo.store.tables.BACKUP_TABLES if geo.backup.ADDED_IN_SCHEMA.get(t, 0) <= version)
    monkeypatch.setattr(geo.store.tables, "BACKUP_TABLES", tables)
    monkeypatch.setattr(geo.backup, "BACKUP_TABLES", tables)
    if version < HISTORY_SCHEMA:
        monkeypatch.setattr(HistoryTables, "_keep_history", lambda self, cur, ids, when: None)
        monkeypatch.setattr(HistoryTables, "_keep_history_of_new", lambda self, cur, ids, when: None)


@pytest.fixture(params=["sqlite", "postgis"])
def empty_database(request, tmp_path) -> Iterator[SimpleNamespace]:
    """A database without any table, for a store to create or migrate: an SQLite file, or a new
    database in the session's PostGIS, dropped afterwards. ``.module`` is that store's module
    (for :func:`as_of_schema`), ``.url`` what :func:`geo.store.open_store` takes."""
    module = importlib.import_module(f"geo.store.{request.param}")
    if request.param == "sqlite":
        yield SimpleNamespace(module=module, url=str(tmp_path / "oud.sqlite"))
        return
    server = request.getfixturevalue("postgis_url").rsplit("/", 1)[0]
    name = f"leeg_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server + "/postgres", autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    try:
        yield SimpleNamespace(module=module, url=f"{server}/{name}")
    finally:
        with psycopg.connect(server + "/postgres", autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
