"""One hostile upload cannot take the server down for everyone (issue 15), in a real browser.

The server runs under a memory cap; one session uploads a 45 KB GeoJSON with one polygon of
2,000 random vertices on Eigen gebied. Before the upload budget, repairing it asked GEOS for
1.8 GB and ended in a ``std::bad_alloc`` traceback. Now its reading runs in a worker within
the budget and the user gets the Dutch message naming the limit; the server lives on and
another session's map draws. Twice: with the default limits (the crossings are counted and
the polygon is refused before its repair) and with that check off and 20,000 vertices (the
repair runs, and the worker's memory or time budget stops it).
"""

from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import expect

from bench.hostile_files import self_intersecting_geojson
from geo import texts

SERVER_MEMORY_MB = 1536
WAIT_MS = 90_000
CASES = {  # what is checked: (settings, vertices, the limit named)
    "kruisingen geteld": ({}, 2_000, re.compile("max_kruisingen_per_vlak")),
    "budget van de werker": ({"PARTNERKAART_MAX_KRUISINGEN_PER_VLAK": str(10**12)}, 20_000,
                             re.compile("upload_geheugen_mb|upload_seconden")),
}


@pytest.fixture(scope="module", params=list(CASES))
def capped(request, start_streamlit):
    """A server under a memory cap, the polygon's vertex count, and the limit its refusal names."""
    settings, vertices, limit = CASES[request.param]
    server = start_streamlit(memory_mb=SERVER_MEMORY_MB, PARTNERKAART_UPLOAD_GEHEUGEN_MB="256",
                             PARTNERKAART_UPLOAD_SECONDEN="10", **settings)
    return server, vertices, limit


def test_a_polygon_that_needs_gigabytes_is_stopped_and_the_server_serves_others(open_page, capped):
    capped_server, vertices, limit = capped
    uploader_session = open_page(capped_server.url, server=capped_server)
    uploader_session.goto("/gebied")
    expect(uploader_session.page.get_by_role("heading", name=texts.UI_GEBIED_TITEL)).to_be_visible(timeout=WAIT_MS)
    upload = uploader_session.page.locator('[data-testid="stFileUploader"] input[type="file"]').first
    upload.set_input_files(files=[{"name": "kriskras.geojson", "mimeType": "application/geo+json",
                                   "buffer": self_intersecting_geojson(vertices)}])

    error = uploader_session.page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("kriskras.geojson", timeout=WAIT_MS)
    expect(error).to_contain_text(limit)
    uploader_session.idle()
    assert uploader_session.page.locator('[data-testid="stException"]').count() == 0
    assert uploader_session.page.get_by_role("button", name=texts.UI_GEBIED_BEWAREN).count() == 0

    assert capped_server.process.poll() is None, capped_server.stderr()[-3000:]
    with urllib.request.urlopen(f"{capped_server.url}/_stcore/health", timeout=10) as answer:
        assert answer.status == 200
    other_session = open_page(capped_server.url, server=capped_server, who="lezer:12025")
    other_session.goto("/?" + "&".join(f"{k}={v}" for k, v in other_session.share_params.items()))
    other_session.wait_for_map()
    assert other_session.wijk_paths.count() > 1
    uploader_session.assert_clean()
    other_session.assert_clean()
