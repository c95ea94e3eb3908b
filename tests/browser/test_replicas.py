"""The app as two replicas behind HAProxy (``python -m geo replicas``), in Chromium.

The command runs as a user runs it, on a fresh database of the session's PostGIS cluster: it
starts two replicas and the proxy, and stops them all on SIGTERM. Through the proxy, an organiser
logs in on the form, uploads a CSV and reads it in: the upload is an HTTP request of its own,
which only works when the proxy sends it to the replica that holds the session. A share link,
pinned to the other replica by the proxy's cookie, then shows the new partners after a reload.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pyproj import Transformer

from geo import texts
from geo.access import PUBLIC_STATUSES
from geo.deployment.haproxy import REPLICA_COOKIE, replica_name
from geo.deployment.processes import free_port
from geo.store import open_store
from tests.browser.conftest import MAP_IFRAME, REPO_ROOT
from tests.conftest import NO_POPULATION_URL, TEST_PASSWORD

WIJNEGEM = "11050"
STARTUP_S = 240


@pytest.fixture
def replicas(tmp_path, postgis_database, SHARED_GEBIEDEN, boundary_cache):
    """``python -m geo replicas --aantal 2`` on a fresh database: (proxy URL, database URL, process)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERKAART_")}
    env.update({"PARTNERKAART_DB": postgis_database, "PARTNERKAART_GEBIEDEN": str(SHARED_GEBIEDEN),
                "PARTNERKAART_CACHE": str(boundary_cache), "PARTNERKAART_TEGELS": "none",
                "PARTNERKAART_GEOCODER": "none", "PARTNERKAART_KANDIDATEN_POI_URL": "",
                "PARTNERKAART_BEVOLKING_URL": NO_POPULATION_URL,
                "PARTNERKAART_INSTELLINGEN": str(tmp_path / "geen-instellingen.toml")})
    output = tmp_path / "replicas.out"
    with open(output, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "geo", "replicas", "--aantal", "2", "--poort", str(port),
                                    "--adres", "127.0.0.1", "--map", str(tmp_path / "replicas")],
                                   cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + STARTUP_S
    while "Partnerkaart draait op" not in output.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"geo replicas did not start:\n{output.read_text(errors='replace')}")
        time.sleep(0.5)
    yield f"http://127.0.0.1:{port}", postgis_database, process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def _public_located(url: str) -> list:
    store = open_store(url)
    try:
        return [p for p in store.list_partners(WIJNEGEM) if p.has_location and p.status in PUBLIC_STATUSES]
    finally:
        store.close()


def _csv(tmp_path: Path, boundaries, tag: str) -> tuple[Path, list[str]]:
    """Two organisations that agreed, one in each of Wijnegem's wijken."""
    to_wgs84 = Transformer.from_crs(31370, 4326, always_xy=True)
    names = [f"Buurtwerk replica {tag} {n}" for n in (1, 2)]
    lines = ["naam;soort;status;lat;lon"]
    for name, wijk in zip(names, boundaries.wijken_of(WIJNEGEM).geometry):
        lon, lat = to_wgs84.transform(*wijk.representative_point().coords[0])
        lines.append(f"{name};buurt;{sorted(PUBLIC_STATUSES)[0]};{lat:.6f};{lon:.6f}")
    path = tmp_path / f"replicas-{tag}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, names


def _replica_of(page) -> str:
    return next(c["value"] for c in page.page.context.cookies() if c["name"] == REPLICA_COOKIE)


def test_login_upload_and_a_share_link_through_the_proxy_on_two_replicas(replicas, open_page, grant_access,
                                                                          boundaries, tmp_path):
    proxy, database, process = replicas
    account = grant_access(database, "organisator:" + WIJNEGEM)  # a throwaway account with a known password
    share = grant_access(database, "lezer:" + WIJNEGEM).query_params

    # The organiser logs in through the proxy, which pins the browser to one replica by a cookie.
    organiser = open_page(proxy, who=None)
    organiser.goto(f"/?gemeente={WIJNEGEM}")
    organiser.page.get_by_label(texts.UI_EMAIL).fill(account.email)
    organiser.page.get_by_label(texts.UI_WACHTWOORD, exact=True).fill(TEST_PASSWORD)
    organiser.page.get_by_role("button", name=texts.UI_AANMELDEN).click()
    expect(organiser.page.get_by_role("heading", name=texts.UI_KAART_TITEL, exact=True)).to_be_visible()
    organiser.wait_for_map()
    mine = _replica_of(organiser)
    assert mine in {replica_name(1), replica_name(2)}
    other = replica_name(2) if mine == replica_name(1) else replica_name(1)

    # The council member's share link, on the other replica.
    member = open_page(proxy, who=None)
    member.page.context.add_cookies([{"name": REPLICA_COOKIE, "value": other, "url": proxy}])
    query = "&".join(f"{name}={value}" for name, value in share.items())
    member.goto(f"/?{query}")
    member.wait_for_map()
    before = len(_public_located(database))
    expect(member.partner_markers).to_have_count(before)
    assert _replica_of(member) == other

    # The upload reaches the organiser's replica (the session that asked for it), and is read in.
    path, names = _csv(tmp_path, boundaries, uuid.uuid4().hex[:8])
    organiser.goto(f"/importeren?gemeente={WIJNEGEM}")
    uploader = organiser.page.locator('[data-testid="stFileUploader"] input[type="file"]')
    uploader.wait_for(state="attached")
    organiser.idle()
    uploader.set_input_files(str(path))
    expect(organiser.page.get_by_text(re.compile(r"^2 rijen en 5 kolommen gelezen"))).to_be_visible()
    organiser.idle()
    organiser.page.get_by_role("button", name=texts.UI_IMPORT_NAKIJKEN, exact=True).click()
    organiser.idle()
    organiser.page.get_by_role("button", name=texts.UI_IMPORT_INLEZEN, exact=True).click()
    expect(organiser.page.locator('[data-testid="stAlertContentSuccess"]').filter(
        has_text=texts.UI_IMPORT_GELUKT.format(toegevoegd=2, bijgewerkt=0, verwijderd=0))).to_be_visible()
    assert _replica_of(organiser) == mine
    assert {p.naam for p in _public_located(database)} >= set(names)

    # The other replica shows the change after a reload of the share link.
    member.page.reload(wait_until="domcontentloaded")
    member.wait_for_map()
    expect(member.partner_markers).to_have_count(before + 2)
    assert member.websockets and organiser.websockets
    assert all(socket.startswith(proxy.replace("http", "ws", 1)) for socket in member.websockets + organiser.websockets)
    assert member.page.locator(MAP_IFRAME).count() == 1
    organiser.assert_clean()
    member.assert_clean()

    # One signal stops the proxy and both replicas.
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{proxy}/_stcore/health", timeout=5)
