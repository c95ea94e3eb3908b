"""geo/deployment: HAProxy's configuration (checked by HAProxy itself), the lasting local PostGIS of
``python -m geo replicas`` and the command's refusal of a bad count."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from geo.deployment.haproxy import REPLICA_COOKIE, ProxyUnavailable, check_config, haproxy_config, replica_name
from geo.deployment.replicas import local_database
from geo.store import open_store
from tests.conftest import REPO_ROOT


def test_haproxy_accepts_the_configuration_with_sticky_replicas_and_long_websockets(tmp_path):
    text = haproxy_config("127.0.0.1", 8600, [8601, 8602])
    path = tmp_path / "haproxy.cfg"
    path.write_text(text)
    check_config(path)  # HAProxy's own check
    assert f"cookie {REPLICA_COOKIE} insert" in text
    assert f"server {replica_name(1)} 127.0.0.1:8601" in text and f"cookie {replica_name(2)}" in text
    assert "timeout tunnel 8h" in text and "GET /_stcore/health" in text


def test_haproxy_refuses_a_broken_configuration_with_its_reason(tmp_path):
    path = tmp_path / "haproxy.cfg"
    path.write_text(haproxy_config("127.0.0.1", 8600, [8601]).replace("balance leastconn", "balance nergens"))
    with pytest.raises(ProxyUnavailable, match=r"haproxy.cfg:\d+\] : balance only supports"):
        check_config(path)


@pytest.fixture
def open_folder():
    """A folder the server's user can reach (as root the cluster runs as ``postgres``; pytest's are private)."""
    folder = Path(tempfile.mkdtemp(prefix="partnerkaart-replicas-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_local_database_keeps_its_data_between_runs(open_folder):
    tmp_path = open_folder
    url, cluster = local_database(tmp_path, str(tmp_path / "niet-gebruikt.sqlite"))
    assert url.startswith("postgresql://") and cluster is not None
    try:
        store = open_store(url)
        store.setting_put("proef", "bewaard")
        store.close()
    finally:
        cluster.remove()
    assert (tmp_path / "postgis" / "data" / "PG_VERSION").exists()

    url, cluster = local_database(tmp_path, str(tmp_path / "niet-gebruikt.sqlite"))
    try:
        store = open_store(url)
        assert store.setting_get("proef") == "bewaard"
        store.close()
    finally:
        cluster.remove()


def test_a_postgresql_url_is_used_as_given(tmp_path):
    assert local_database(tmp_path, "postgresql://iemand@db.example/partnerkaart") == (
        "postgresql://iemand@db.example/partnerkaart", None)
    assert not (tmp_path / "postgis").exists()


@pytest.mark.parametrize("count", ["0", "17"])
def test_the_command_refuses_a_count_outside_1_to_16(count, tmp_path):
    done = subprocess.run([sys.executable, "-m", "geo", "replicas", "--aantal", count, "--map", str(tmp_path)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "tussen 1 en 16" in done.stderr
    assert not any(tmp_path.iterdir())
