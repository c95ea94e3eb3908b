"""The printable A4 coverage report: what it says (read back from the PDF with pypdf), its
page size, the PNG, and user text that must never turn into matplotlib math."""

from __future__ import annotations

import io
import math
import re
from datetime import date

import geopandas as gpd
import pytest
import shapely
from PIL import Image
from pypdf import PdfReader

from geo.advice import advise, white_spots
from geo.boundaries import ATTRIBUTION_STATBEL, ATTRIBUTION_WIJKEN, prepare_boundaries
from geo.categories import load_categories
from geo.coverage import wijk_coverage
from geo.demo import demo_partners
from geo.partners import Partner, place_partner
from geo.reach import CoverageSettings, to_wgs84_lonlat
from geo.report import SHARE_CLASSES, coverage_report, render_pdf, render_png, share_class

A4_LANDSCAPE_PT = (841.89, 595.28)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def pdf_text(data: bytes) -> list[str]:
    """The text of each page, whitespace collapsed (lines of wrapped text rejoined)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def text_runs(data: bytes) -> list[list[str]]:
    """Per page, each separately drawn text (matplotlib draws every label on its own)."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        runs: list[str] = []
        page.extract_text(visitor_text=lambda text, *_: runs.append(text.strip()))
        pages.append([run for run in runs if run])
    return pages


def partner_in(boundaries, wijk_code: str, naam: str, categorie: str, status: str) -> Partner:
    """A partner at the representative point of a wijk, placed like the app places it."""
    wijk = boundaries.wijken.set_index("wijk_code").geometry[wijk_code]
    point = shapely.point_on_surface(wijk)
    lon, lat = to_wgs84_lonlat([point.x], [point.y])
    placed, errors = place_partner(Partner(naam=naam, categorie=categorie, status=status, lat=float(lat[0]),
                                           lon=float(lon[0]), id=naam), boundaries)
    assert not errors and placed.wijk_code == wijk_code, errors
    return placed


@pytest.fixture(scope="module")
def mechelen(boundaries):
    """The report of Mechelen with the demo partners and the default settings, as PDF and PNG."""
    partners = demo_partners(boundaries)
    settings = CoverageSettings()
    before = date.today()
    content = coverage_report(boundaries, "12025", partners, load_categories(), settings)
    pdf = render_pdf(content)
    png = render_png(content)
    days = {before, date.today()}  # the test may run across midnight
    return {"content": content, "pdf": pdf, "png": png, "days": days, "partners": partners, "settings": settings}


def test_the_pdf_is_a4_landscape_with_an_overview_and_the_table(mechelen):
    pages = PdfReader(io.BytesIO(mechelen["pdf"])).pages

    # The overview (white spots and advice fit beside the map), then the table of the 12 wijken;
    # longer tables continue over more pages (tests/geo/test_report_layout.py).
    assert len(pages) == 2
    for page in pages:
        assert float(page.mediabox.width) == pytest.approx(A4_LANDSCAPE_PT[0], abs=1.5)
        assert float(page.mediabox.height) == pytest.approx(A4_LANDSCAPE_PT[1], abs=1.5)


def test_the_overview_page_has_title_municipality_date_sections_and_sources(mechelen):
    overview = pdf_text(mechelen["pdf"])[0]

    assert "Dekking door vertrouwde partners" in overview
    assert "Mechelen" in overview
    assert any(day.strftime("%d-%m-%Y") in overview for day in mechelen["days"])
    assert "Witte vlekken" in overview
    assert "Wie eerst contacteren" in overview
    assert "Gedekt aandeel van de wijk" in overview  # the legend
    assert "Wijken voor omgevingsanalyse" in overview and "Statbel" in overview
    assert ATTRIBUTION_WIJKEN in overview and ATTRIBUTION_STATBEL in overview


def test_the_map_has_a_north_arrow_and_a_scale_bar(mechelen):
    runs = text_runs(mechelen["pdf"])[0]

    assert "N" in runs
    scale = [run for run in runs if re.fullmatch(r"\d+(\.\d+)? (km|m)", run)]
    assert len(scale) == 1, runs
    # Mechelen is about 10 km across: the bar is a round length of a few km.
    assert scale[0] in ("1 km", "2 km", "2.5 km", "5 km")


def test_the_overview_lists_the_white_spots_and_the_advice(mechelen, boundaries):
    overview = pdf_text(mechelen["pdf"])[0]
    coverage = wijk_coverage(boundaries, "12025", mechelen["partners"], load_categories(), mechelen["settings"])
    spots = white_spots(coverage, mechelen["partners"], boundaries, mechelen["settings"])
    advice = advise(boundaries, "12025", mechelen["partners"], load_categories(), mechelen["settings"], 5)

    assert coverage["witte_vlek"].sum() >= 1 and len(advice) >= 1
    positions = [overview.index(name) for name in spots["wijk_naam"][:10]]
    assert positions == sorted(positions)  # in the ranked order
    for choice in advice:
        assert choice.naam in overview


def test_every_wijk_of_mechelen_is_in_the_table(mechelen, boundaries):
    pages = pdf_text(mechelen["pdf"])
    table = " ".join(pages[1:])

    wijken = boundaries.wijk_table("12025")
    assert len(wijken) == 12
    for code, name in zip(wijken["wijk_code"], wijken["wijk_naam"]):
        assert code in table and name in table, name
    assert "alle wijken van Mechelen" in table
    assert "Wijken voor omgevingsanalyse" in table


def test_the_table_says_which_wijken_are_white_spots(mechelen):
    lines = [" ".join(line.split()) for page in PdfReader(io.BytesIO(mechelen["pdf"])).pages[1:]
             for line in page.extract_text().splitlines()]
    coverage = mechelen["content"].wijken

    for code, spot in zip(coverage["wijk_code"], coverage["witte_vlek"]):
        [line] = [line for line in lines if line.startswith(code)]
        assert (" ja " in f" {line} ") is bool(spot), line


def test_the_png_is_the_overview_on_a4_landscape(mechelen):
    png = mechelen["png"]

    assert png.startswith(PNG_MAGIC)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    width, height = image.size
    assert width / height == pytest.approx(math.sqrt(2), abs=0.01)
    assert width >= 1600  # 150 dpi: readable when printed
    assert len(image.convert("RGB").resize((64, 45)).getcolors(64 * 45)) > 5  # a drawn page, not a blank one


def test_a_partner_name_with_dollars_and_tags_is_printed_literally(boundaries):
    trusted = partner_in(boundaries, "12025W06", "$x$ <b>", "school", "zet zich mee in")
    prospect = partner_in(boundaries, "12025W07", "$y$ <i>", "mobiliteit", "te contacteren")

    content = coverage_report(boundaries, "12025", [trusted, prospect], load_categories(), CoverageSettings())
    text = " ".join(pdf_text(render_pdf(content)))

    assert "$x$ <b>" in text  # the nearest trusted partner of every wijk (table)
    assert "$y$ <i>" in text  # the only prospect (white spots and advice)
    assert "\\$" not in text
    assert render_png(content).startswith(PNG_MAGIC)


def test_an_own_area_whose_name_looks_like_math_is_printed_literally():
    """A custom area's title and file name are user text too; a broken ``$…$`` must not crash."""
    x0, y0 = 150_000.0, 200_000.0
    wijken = gpd.GeoDataFrame({"geoitem": ["eigen-1W01", "eigen-1W02"], "naam": ["$w$ <b>", "Oost"]}, crs=31370,
                              geometry=[shapely.box(x0, y0, x0 + 1000, y0 + 1000),
                                        shapely.box(x0 + 1000, y0, x0 + 2000, y0 + 1000)])
    gemeenten = gpd.GeoDataFrame({"geoitem": ["eigen-1"], "naam": ["Wijk $\\frac$ stad"]}, crs=31370,
                                 geometry=[shapely.box(x0, y0, x0 + 2000, y0 + 1000)])
    area = prepare_boundaries(wijken, gemeenten)
    area.attribution = ("Grenzen: eigen bestand kaart$1$.geojson",)

    content = coverage_report(area, "eigen-1", [], load_categories(), CoverageSettings())
    overview, table = pdf_text(render_pdf(content))

    assert "Wijk $\\frac$ stad" in overview and "Wijk $\\frac$ stad" in table
    assert "kaart$1$.geojson" in overview and "kaart$1$.geojson" in table
    assert "$w$ <b>" in overview and "$w$ <b>" in table
    assert render_png(content).startswith(PNG_MAGIC)


@pytest.mark.parametrize(("share", "label"), [
    (0.0, "0–25 %"), (0.2499, "0–25 %"), (0.25, "25–50 %"), (0.4999, "25–50 %"), (0.5, "50–75 %"),
    (0.7499, "50–75 %"), (0.75, "75–90 %"), (0.8999, "75–90 %"), (0.9, "90–100 %"), (1.0, "90–100 %"),
    (-0.1, "0–25 %")])
def test_share_classes_have_closed_lower_and_open_upper_bounds(share, label):
    colour, shown = share_class(share)

    colour_of = {share_class(low)[1]: col for low, _, col in SHARE_CLASSES}
    assert shown == label
    assert colour == colour_of[label]


def test_share_classes_are_five_distinct_colours_covering_0_to_100_percent():
    colours = [colour for _, _, colour in SHARE_CLASSES]
    lows = [low for low, _, _ in SHARE_CLASSES]
    highs = [high for _, high, _ in SHARE_CLASSES]

    assert len(set(colours)) == 5
    assert lows[0] == 0 and highs[-1] > 1
    assert lows[1:] == highs[:-1]  # no gap, no overlap
    assert [share_class(low)[0] for low in lows] == colours
    assert share_class(1.0)[1] == "90–100 %"
