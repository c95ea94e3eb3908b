"""Shared fixtures: real boundary data, settings, a real SQLite store, the categories.

The boundary files are read from ``../shared/data/gebiedsniveaus`` next to the checkout
(never copied into the repository). Boundaries are prepared once per test session into a
temporary cache; every test that needs them shares the ``boundaries`` fixture.

Fixture names are stable, other test folders (``tests/pages``, ``tests/browser``) use them:
``SHARED_GEBIEDEN``, ``settings``, ``boundaries``, ``store``, ``categories``, ``statbel_sector_file``.

``store`` runs every test that uses it twice: on SQLite and on PostgreSQL + PostGIS. The
PostGIS database lives in a throwaway cluster that the session starts itself
(``postgis_url``); every test gets a fresh database (``postgis_database``).
``sqlite_store`` is for the few tests about SQLite itself.
"""

from __future__ import annotations

import itertools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # so plain `pytest` (not only `python -m pytest`) finds geo/
    sys.path.insert(0, str(REPO_ROOT))

from geo.boundaries import Boundaries, load_boundaries  # noqa: E402
from geo.categories import Category, load_categories  # noqa: E402
from geo.config import Settings, load_settings  # noqa: E402
from geo.deployment.postgres import LocalPostgres, PostgresUnavailable, admin_sql  # noqa: E402
from geo.store import PartnerStore, open_store  # noqa: E402

SHARED_GEBIEDEN = REPO_ROOT.parent / "shared" / "data" / "gebiedsniveaus"
# Statbel's sector file at an address that refuses at once: tests get no built-in inhabitants (and never
# the internet) unless they configure a file or a local server themselves.
NO_POPULATION_URL = "http://127.0.0.1:9/OPENDATA_SECTOREN_{jaar}.zip"
POSTGIS_TEMPLATE = "partnerkaart_sjabloon"


@pytest.fixture(scope="session", autouse=True)
def _no_settings_file(tmp_path_factory) -> Iterator[None]:
    """Never read a stray ``partnerkaart.toml`` from the working directory."""
    missing = tmp_path_factory.mktemp("no-settings") / "partnerkaart.toml"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PARTNERKAART_INSTELLINGEN", str(missing))
        yield


@pytest.fixture(name="SHARED_GEBIEDEN", scope="session")
def shared_gebieden() -> Path:
    """The shared boundary folder, as a fixture (``from conftest import`` is fragile)."""
    assert (SHARED_GEBIEDEN / "data_voor_swing" / "shapefiles" / "ggw7.shp").is_file(), (
        f"Boundary data not found at {SHARED_GEBIEDEN}: check out shared/ beside the repository")
    return SHARED_GEBIEDEN


@pytest.fixture(scope="session")
def boundary_cache(tmp_path_factory) -> Path:
    """The session's boundary cache (downloads and prepared layers)."""
    return tmp_path_factory.mktemp("boundary-cache")


@pytest.fixture(scope="session")
def settings(tmp_path_factory, boundary_cache, SHARED_GEBIEDEN) -> Settings:
    """Settings on the shared boundary files, no basemap tiles and a temporary database."""
    return load_settings({
        "PARTNERKAART_GEBIEDEN": str(SHARED_GEBIEDEN),
        "PARTNERKAART_CACHE": str(boundary_cache),
        "PARTNERKAART_TEGELS": "none",
        "PARTNERKAART_BEVOLKING_URL": NO_POPULATION_URL,
        "PARTNERKAART_GEOCODER": "none",
        "PARTNERKAART_KANDIDATEN_POI_URL": "",  # no test reaches the internet: a test gives its own server
        "PARTNERKAART_DB": str(tmp_path_factory.mktemp("db") / "partnerkaart.sqlite"),
        "PARTNERKAART_INSTELLINGEN": str(boundary_cache / "geen-instellingen.toml"),
    })


@pytest.fixture(scope="session")
def boundaries(settings) -> Boundaries:
    """The prepared wijken and municipalities of Flanders and Brussels (shared, do not mutate)."""
    return load_boundaries(settings)


@pytest.fixture(params=["sqlite", "postgis"])
def store(request, tmp_path) -> Iterator[PartnerStore]:
    """An empty store: a real SQLite file in the test's folder, or a fresh PostGIS database."""
    if request.param == "sqlite":
        url = str(tmp_path / "partnerkaart.sqlite")
    else:
        url = request.getfixturevalue("postgis_database")
    opened = open_store(url)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[PartnerStore]:
    """An empty store on a real SQLite file in the test's own folder (SQLite-only tests)."""
    opened = open_store(str(tmp_path / "partnerkaart.sqlite"))
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def postgis_url() -> Iterator[str]:
    """``postgresql://postgres@127.0.0.1:<port>/partnerkaart``: a throwaway cluster with PostGIS.

    ``initdb`` into a temporary folder, started on a free port with its socket in that
    folder, stopped and removed at the end of the session; no system-wide server is used.
    Also holds the migrated template that ``postgis_database`` copies.
    """
    cluster = PostgresCluster()
    try:
        cluster.start()
        cluster.sql("CREATE DATABASE partnerkaart", f"CREATE DATABASE {POSTGIS_TEMPLATE}")
        open_store(cluster.url(POSTGIS_TEMPLATE)).close()  # runs the migrations once
        yield cluster.url("partnerkaart")
    finally:
        cluster.remove()


@pytest.fixture
def postgis_database(postgis_url) -> Iterator[str]:
    """The URL of a fresh, migrated, empty PostGIS database for one test (dropped afterwards)."""
    name = f"test_{next(_DATABASE_NUMBERS)}"
    admin = postgis_url.rsplit("/", 1)[0] + "/postgres"
    admin_sql(admin, f"CREATE DATABASE {name} TEMPLATE {POSTGIS_TEMPLATE}")
    yield postgis_url.rsplit("/", 1)[0] + "/" + name
    admin_sql(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A test's own throwaway cluster (initialised, not started), for stopping the server."""
    cluster = PostgresCluster()
    yield cluster
    cluster.remove()


@pytest.fixture(scope="session")
def artefacts(tmp_path_factory) -> list[Path]:
    """Folders for test artefacts (page images, screenshots): the session's own, and the folder
    named by PARTNERKAART_TEST_ARTEFACTEN when it is set (e.g. kept by CI)."""
    folders = [tmp_path_factory.mktemp("artefacten")]
    if os.environ.get("PARTNERKAART_TEST_ARTEFACTEN"):
        folders.append(Path(os.environ["PARTNERKAART_TEST_ARTEFACTEN"]))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    return folders


@pytest.fixture(scope="session")
def statbel_sector_file(tmp_path_factory, SHARED_GEBIEDEN) -> Path:
    """A Statbel sector file of 2025 (``OPENDATA_SECTOREN_2025.zip`` in Statbel's format) generated from
    every sector of the real link table, in a temporary folder: point ``PARTNERKAART_BEVOLKING_PAD`` at
    it for built-in inhabitants per wijk (pages, browser tests)."""
    from bench.population_bench import sector_rows, statbel_zip
    from geo.population.link_table import LINK_TABLE, read_link_table

    path = tmp_path_factory.mktemp("statbel") / "OPENDATA_SECTOREN_2025.zip"
    path.write_bytes(statbel_zip(sector_rows(read_link_table(SHARED_GEBIEDEN / LINK_TABLE)["sector"]), 2025))
    return path


@pytest.fixture
def categories() -> dict[str, Category]:
    """The partner categories from ``data/categorieen.json``."""
    return load_categories()


# -- a throwaway PostgreSQL cluster --------------------------------------------------------------

_DATABASE_NUMBERS = itertools.count(1)


class PostgresCluster(LocalPostgres):
    """A throwaway PostgreSQL 15 cluster (:class:`geo.deployment.postgres.LocalPostgres` in a temporary
    folder, on a free local port). Fails loudly, never skips, when PostgreSQL or PostGIS is not installed."""

    def __init__(self) -> None:
        try:
            super().__init__()
        except PostgresUnavailable as exc:
            pytest.fail(f"{exc} Run `make test`, which installs them.")

    def _run(self, *command, check: bool = True) -> None:
        try:
            super()._run(*command, check=check)
        except PostgresUnavailable as exc:
            pytest.fail(str(exc))


TEST_PASSWORD = "een-lang-testwachtwoord"


@dataclass(frozen=True)
class Granted:
    """Real access for a test: a login session token and/or the query parameters of a share link."""

    login_token: str = ""
    query_params: dict = field(default_factory=dict)
    email: str = ""


@pytest.fixture(scope="session")
def grant_access() -> Callable[[str, str | None], Granted]:
    """``grant_access(db_url, who)``: an account with a live login session, or a share link.

    ``who`` is ``"beheerder"``, ``"organisator:<nis>[,<nis>]"``, ``"lezer:<nis>"`` (a share
    link: its ``gemeente`` and ``deel`` parameters) or None (nobody: nothing granted).
    Everything goes through the real account and share-link functions into the store.
    """
    from geo.accounts import add_user, start_session
    from geo.sharing import SHARE_PARAM, create_link

    def grant(db_url: str, who: str | None) -> Granted:
        if who is None:
            return Granted()
        store = open_store(db_url)
        try:
            rol, _, codes = who.partition(":")
            if rol == "lezer":
                _, token = create_link(store, codes, "test")
                return Granted(query_params={"gemeente": codes, SHARE_PARAM: token})
            email = f"{rol}-{codes.replace(',', '-') or 'alles'}@example.be"
            user = store.user_get(email) or add_user(store, email, rol.title(), TEST_PASSWORD, rol,
                                                     codes.split(",") if codes else ())
            return Granted(login_token=start_session(store, user, hours=4), email=email)
        finally:
            store.close()

    return grant
