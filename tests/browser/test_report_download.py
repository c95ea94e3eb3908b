"""The Dekking page in Chromium: the choropleth with its legend and dashed white spots, and
the downloads a user saves (the report as PDF, the coverage as CSV), with no other host."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import expect
from pypdf import PdfReader

from geo.categories import load_categories
from geo.coverage import wijk_coverage
from geo.preferences import load_coverage_settings
from geo.store import open_store

WHITE_SPOT_PATHS = 'path.leaflet-interactive[stroke-dasharray="7 5"]'
DOWNLOAD_BUTTON = '[data-testid="stDownloadButton"]'


def white_spot_codes(db_path, boundaries) -> list[str]:
    """The white spots of Mechelen as the server computes them, from its own store."""
    store = open_store(str(db_path))
    try:
        coverage = wijk_coverage(boundaries, "12025", store.list_partners(), load_categories(),
                                 load_coverage_settings(store))
    finally:
        store.close()
    return list(coverage.loc[coverage["witte_vlek"], "wijk_code"])


def download(page, label: str, folder) -> bytes:
    """Click a download button and return the bytes of the file the browser saved."""
    button = page.page.locator(DOWNLOAD_BUTTON).filter(has_text=label).get_by_role("button")
    expect(button).to_be_visible()
    with page.page.expect_download() as started:
        button.click()
    path = folder / started.value.suggested_filename
    started.value.save_as(path)
    return path.read_bytes()


def test_choropleth_report_pdf_and_csv_download_without_other_hosts(page, app_server, boundaries, tmp_path):
    spots = white_spot_codes(app_server.db_path, boundaries)
    assert 0 < len(spots) < 12

    page.goto("/dekking?gemeente=12025")
    page.wait_for_map()

    legend = page.map.locator(".partnerkaart-legend")
    expect(legend).to_be_visible()
    expect(legend.locator(".pk-title")).to_have_text("Gedekt aandeel")
    expect(legend).to_contain_text("witte vlek")
    expect(page.map.locator(WHITE_SPOT_PATHS)).to_have_count(len(spots))
    expect(page.map.locator(".leaflet-control-attribution")).to_contain_text("Wijken voor omgevingsanalyse")
    page.idle()

    page.page.get_by_role("button", name="Rapport maken").click()
    page.idle()
    pdf_bytes = download(page, "PDF", tmp_path)

    assert pdf_bytes.startswith(b"%PDF")
    pdf = PdfReader(io.BytesIO(pdf_bytes))
    assert len(pdf.pages) >= 2
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Dekking door vertrouwde partners" in text
    assert "Mechelen" in text
    page.idle()

    csv_bytes = download(page, "CSV", tmp_path)

    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(csv_bytes[3:].decode("utf-8"), newline=""), delimiter=";"))
    assert rows[0][:2] == ["wijk_code", "wijk_naam"] and "witte_vlek" in rows[0]
    assert len(rows) == 1 + 12 + 1  # header, the wijken, the sources
    spot_column = rows[0].index("witte_vlek")
    assert sorted(r[0] for r in rows[1:13] if r[spot_column] == "true") == sorted(spots)
    assert rows[-1][0].startswith("# Bronnen: ")

    page.idle()
    assert page.blocked == []
    page.assert_clean()
