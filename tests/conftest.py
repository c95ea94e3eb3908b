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
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
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
from geo.store import PartnerStore, open_store  # noqa: E402

SHARED_GEBIEDEN = REPO_ROOT.parent / "shared" / "data" / "gebiedsniveaus"
# Statbel's sector file at an address that refuses at once: tests get no built-in inhabitants (and never
# the internet) unless they configure a file or a local server themselves.
NO_POPULATION_URL = "http://127.0.0.1:9/OPENDATA_SECTOREN_{jaar}.zip"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
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
    _admin_sql(admin, f"CREATE DATABASE {name} TEMPLATE {POSTGIS_TEMPLATE}")
    yield postgis_url.rsplit("/", 1)[0] + "/" + name
    _admin_sql(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


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


class PostgresCluster:
    """A PostgreSQL 15 cluster in a temporary folder, on a free local port.

    As root, ``initdb`` and the server run as the ``postgres`` user (``initdb`` refuses
    root). Fails loudly, never skips, when PostgreSQL or PostGIS is not installed.
    """

    def __init__(self) -> None:
        for needed in (PG_BIN / "initdb", POSTGIS_CONTROL):
            if not needed.exists():
                pytest.fail(f"PostgreSQL 15 with PostGIS is needed for the tests ({needed} is missing): run "
                            "`make test`, which installs the Debian packages postgresql-15 and postgresql-15-postgis-3.")
        self.folder = Path(tempfile.mkdtemp(prefix="partnerkaart-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._as = []
        if os.geteuid() == 0:
            user = "postgres" if _user_exists("postgres") else "nobody"
            shutil.chown(self.folder, user)
            self._as = ["runuser", "-u", user, "--"]
        self._run(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                  "--locale=C.UTF-8", "--no-sync")

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "server.log", "-w", "start")

    def stop(self) -> None:
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def sql(self, *statements: str) -> None:
        for statement in statements:
            _admin_sql(self.url("postgres"), statement)

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, *command, check: bool = True) -> None:
        done = subprocess.run([*self._as, *map(str, command)], capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            log = self.folder / "server.log"
            server_log = log.read_text(errors="replace") if log.exists() else ""
            pytest.fail(f"{command[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n{server_log}")


def _admin_sql(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


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
