"""Fixtures for the built-in inhabitants: the REAL link table of the shared boundary data and a
sector file generated from its sectors in Statbel's real format (never copied into the repository).

``sector_rows`` holds, besides one row per sector of the link table (minus a few left out), a
sector Statbel knows but the table does not (``11002Q99-`` in Antwerpen), a Walloon sector
(Namur's ``92094A00-``) and inhabitants of no municipality (``99991ZZZZ``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.population_bench import sector_rows, statbel_zip
from geo.population.link_table import LINK_TABLE, read_link_table

UNLINKED = ("11002", "11002Q99-", 55)        # in Statbel's file, not in the link table
WALLOON = ("92094", "92094A00-", 1_000)      # outside Flanders and Brussels
NO_MUNICIPALITY = ("99991", "99991ZZZZ", 17)  # residents of no municipality
LEFT_OUT = ("12025A00-", "12025A011", "12025A02-")  # sectors of the link table (Mechelen) missing from the file


@pytest.fixture(scope="session")
def link(SHARED_GEBIEDEN):
    """The real link table ``statsec_ggw7.xlsx`` as ``sector, wijk_code``."""
    return read_link_table(SHARED_GEBIEDEN / LINK_TABLE)


@pytest.fixture(scope="session")
def rows(link) -> list[tuple[str, str, int]]:
    """``(CD_REFNIS, CD_SECTOR, TOTAL)`` of the generated sector file."""
    generated = [r for r in sector_rows(link["sector"]) if r[1] not in LEFT_OUT and r[1] != NO_MUNICIPALITY[1]]
    return generated + [UNLINKED, WALLOON, NO_MUNICIPALITY]


@pytest.fixture
def sector_zip(rows, tmp_path) -> Path:
    """The generated sector file as Statbel publishes it, in this test's folder."""
    path = tmp_path / "OPENDATA_SECTOREN_2025.zip"
    path.write_bytes(statbel_zip(rows, 2025))
    return path
