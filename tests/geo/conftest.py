"""Fixtures shared by the tests of ``geo/``: the command line as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(tmp_path, SHARED_GEBIEDEN, boundary_cache, boundaries):
    """``cli.run(*args)``: run ``python -m geo`` with this test's store (``cli.db``).

    A real subprocess in the repository, settings from the environment only. Depends on
    ``boundaries`` so the session cache already holds the prepared layers.
    """
    db = tmp_path / "cli.sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERKAART_")}
    env.update({
        "PARTNERKAART_GEBIEDEN": str(SHARED_GEBIEDEN),
        "PARTNERKAART_CACHE": str(boundary_cache),
        "PARTNERKAART_DB": str(db),
        "PARTNERKAART_GEOCODER": "none",
        "PARTNERKAART_DEMO": "nee",
        "PARTNERKAART_TEGELS": "none",
        "PARTNERKAART_INSTELLINGEN": str(tmp_path / "bestaat-niet.toml"),
    })

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO_ROOT, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=120)

    return SimpleNamespace(run=run, db=db)
