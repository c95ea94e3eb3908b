"""Shared fixtures: real boundary data, settings, a real SQLite store, the categories.

The boundary files are read from ``../shared/data/gebiedsniveaus`` next to the checkout
(never copied into the repository). Boundaries are prepared once per test session into a
temporary cache; every test that needs them shares the ``boundaries`` fixture.

Fixture names are stable, other test folders (``tests/pages``, ``tests/browser``) use them:
``SHARED_GEBIEDEN``, ``settings``, ``boundaries``, ``store``, ``categories``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # so plain `pytest` (not only `python -m pytest`) finds geo/
    sys.path.insert(0, str(REPO_ROOT))

from geo.boundaries import Boundaries, load_boundaries  # noqa: E402
from geo.categories import Category, load_categories  # noqa: E402
from geo.config import Settings, load_settings  # noqa: E402
from geo.store import PartnerStore, open_store  # noqa: E402

SHARED_GEBIEDEN = REPO_ROOT.parent / "shared" / "data" / "gebiedsniveaus"


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
        "PARTNERKAART_GEOCODER": "none",
        "PARTNERKAART_DB": str(tmp_path_factory.mktemp("db") / "partnerkaart.sqlite"),
        "PARTNERKAART_INSTELLINGEN": str(boundary_cache / "geen-instellingen.toml"),
    })


@pytest.fixture(scope="session")
def boundaries(settings) -> Boundaries:
    """The prepared wijken and municipalities of Flanders and Brussels (shared, do not mutate)."""
    return load_boundaries(settings)


@pytest.fixture
def store(tmp_path) -> Iterator[PartnerStore]:
    """An empty store on a real SQLite file in the test's own folder."""
    opened = open_store(str(tmp_path / "partnerkaart.sqlite"))
    yield opened
    opened.close()


@pytest.fixture
def categories() -> dict[str, Category]:
    """The partner categories from ``data/categorieen.json``."""
    return load_categories()
