"""What the command line prints about the configuration never includes a database password."""

import subprocess
import sys
from pathlib import Path

from geo.cli import _without_password
from tests.conftest import NO_POPULATION_URL

REPO = Path(__file__).resolve().parents[2]


def test_password_is_hidden_in_database_addresses():
    assert _without_password("postgresql://kaart:geheim@db.example:5432/partners") == \
        "postgresql://kaart:***@db.example:5432/partners"
    assert _without_password("postgresql://kaart@db/partners") == "postgresql://kaart@db/partners"
    assert _without_password("data/partnerkaart.sqlite") == "data/partnerkaart.sqlite"


def test_controle_prints_no_password(tmp_path, postgis_url, SHARED_GEBIEDEN, boundary_cache):
    with_password = postgis_url.replace("postgres@", "postgres:heelgeheim@", 1)
    env = {"PATH": "/usr/bin:/bin", "PARTNERKAART_DB": with_password, "PARTNERKAART_GEBIEDEN": str(SHARED_GEBIEDEN),
           "PARTNERKAART_CACHE": str(boundary_cache), "PARTNERKAART_DEMO": "nee", "PARTNERKAART_GEOCODER": "none",
           "PARTNERKAART_INSTELLINGEN": str(tmp_path / "geen.toml"), "PARTNERKAART_BEVOLKING_URL": NO_POPULATION_URL}
    result = subprocess.run([sys.executable, "-m", "geo", "controle"], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "heelgeheim" not in result.stdout + result.stderr
    assert "postgres:***@" in result.stdout
