"""The report's layout, read back from where the PDF puts each character (pdfplumber).

Mechelen with the demo set, and Antwerpen (67 wijken) with partners made here: long
names, one with accents, one very long. Every text lies inside the page's margins and
inside its cell, no text overlaps another, every cell's text is printed whole, a long
table continues with its header, an empty column is left out, the scale bar carries its
length and the map fills its box. The page images are kept as test artefacts: in the
test's folder and, when PARTNERKAART_TEST_ARTEFACTEN names a folder, there too.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pdfplumber
import pytest
import shapely
from PIL import Image
from pypdf import PdfReader

from geo import texts
from geo.categories import load_categories
from geo.demo import demo_partners
from geo.partners import Partner, place_partner
from geo.reach import CoverageSettings, to_wgs84_lonlat
from geo.report import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, coverage_report, render_pdf, render_png
from geo.report.layout import (CELL_PAD_X, SCALE_LENGTHS, Flow, Frame, fit_extent, layout_table, scale_bar,
                               text_width, without_empty_columns, wrap)

ACCENTED = "Buurtwerking Café Déjà Vu – Sint-Andriès & Zürich-Kaai"
VERY_LONG = ("Vereniging voor Duurzame Mobiliteit, Autodelen en Buurtgerichte Samenwerking in Antwerpen-Noord en "
             "Omstreken vzw")
# (name, category, status): trusted partners, prospects (the advice) and one that dropped out.
ANTWERPEN_PARTNERS = [
    (ACCENTED, "buurt", "zet zich mee in"),
    (VERY_LONG, "deelinitiatief", "te contacteren"),
    ("Fietsherstelatelier De Trappers van het Kiel", "duurzaam_lokaal", "communiceert mee"),
    ("Oudercomité Basisschool Sint-Jozef Linkeroever", "school", "gecontacteerd"),
    ("Chiro Sint-Norbertus Deurne-Zuid", "jeugdbeweging", "zet zich mee in"),
    ("Natuurpunt Afdeling Schijnvallei en Rivierenhof", "natuur_milieu", "te contacteren"),
    ("Seniorenadviesraad van het District Borgerhout", "adviesraad", "haakt af"),
    ("Wijkcomité Zurenborg Leeft", "buurt", "communiceert mee"),
    ("Ledenvereniging Okra Hoboken-Centrum", "ledenorganisatie", "te contacteren"),
    ("Autodelen Ekeren Donk", "deelinitiatief", "zet zich mee in"),
    ("Buurthuis De Ploeg – Luchtbal", "buurt", "te contacteren"),
    ("Mobiliteitsorganisatie Fietsersbond Antwerpen-Zuid", "mobiliteit", "gecontacteerd"),
]
KERNING = 0.25  # two neighbouring glyphs of one text may overlap this much of the font size ("Te", "Vo")


def antwerpen_partners(boundaries) -> list[Partner]:
    """Every 11th wijk of Antwerpen (in code order) gets the next partner, placed like the app places it."""
    codes = boundaries.wijk_table("11002")["wijk_code"].tolist()
    geometry = boundaries.wijken.set_index("wijk_code").geometry
    partners = []
    for i, (naam, categorie, status) in enumerate(ANTWERPEN_PARTNERS):
        code = codes[(i * 11) % len(codes)]
        point = shapely.point_on_surface(geometry[code])
        lon, lat = to_wgs84_lonlat([point.x], [point.y])
        placed, errors = place_partner(Partner(naam=naam, categorie=categorie, status=status, lat=float(lat[0]),
                                               lon=float(lon[0]), id=f"antwerpen-{i}"), boundaries)
        assert not errors and placed.wijk_code == code, (naam, errors)
        partners.append(placed)
    return partners


# -- reading the PDF back --------------------------------------------------------------------


def normal(text: str) -> str:
    return " ".join(str(text).split())


def cell_rects(page) -> list[dict]:
    """The rectangles of a page except the page's own background."""
    return [r for r in page.rects if r["width"] < page.width - 1 or r["height"] < page.height - 1]


def printed_cells(pdf: bytes) -> list[list[str]]:
    """Per page, the text of every table cell: the words inside its rectangle, line after line."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            rects = cell_rects(page)
            groups: dict[int, list[dict]] = {}
            for word in page.extract_words():
                x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
                inside = [i for i, r in enumerate(rects) if r["x0"] <= x <= r["x1"] and r["top"] <= y <= r["bottom"]]
                if inside:
                    smallest = min(inside, key=lambda i: rects[i]["width"] * rects[i]["height"])
                    groups.setdefault(smallest, []).append(word)
            pages.append([" ".join(w["text"] for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])))
                          for words in groups.values()])
    return pages


def all_cells(pdf: bytes) -> list[str]:
    return [cell for page in printed_cells(pdf) for cell in page]


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [normal(page.extract_text()) for page in document.pages]


def expected_cells(content) -> list[str]:
    """Every non-empty cell the report's tables must print (overview: the first ten rows)."""
    cells = []
    for header, rows in ((content.white_spot_header, list(content.white_spots)[:10]),
                         (content.advice_header, list(content.advice)[:10]),
                         (content.table_header, list(content.table))):
        header, rows = without_empty_columns(header, rows)
        cells += [normal(cell) for row in rows for cell in row if normal(cell)]
    return cells


# -- fixtures --------------------------------------------------------------------------------


def keep_images(name: str, pdf: bytes, png: bytes, folders: list[Path]) -> list[Path]:
    written = []
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"rapport-{name}-overzicht.png").write_bytes(png)
        written.append(folder / f"rapport-{name}-overzicht.png")
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            for number, page in enumerate(document.pages, start=1):
                path = folder / f"rapport-{name}-p{number}.png"
                page.to_image(resolution=110).save(path)
                written.append(path)
    return written


REPORTS = {"mechelen": ("12025", demo_partners), "antwerpen": ("11002", antwerpen_partners)}


@pytest.fixture(scope="module", params=sorted(REPORTS))
def report(request, boundaries, artefacts):
    """The report of Mechelen (demo set) or Antwerpen (partners above) as the CLI makes it, rendered and kept."""
    nis, make = REPORTS[request.param]
    partners = make(boundaries)
    content = coverage_report(boundaries, nis, partners, load_categories(), CoverageSettings(), 5, None)
    pdf, png = render_pdf(content), render_png(content)
    images = keep_images(request.param, pdf, png, artefacts)
    return {"name": request.param, "nis": nis, "partners": partners, "content": content, "pdf": pdf, "png": png,
            "images": images}


# -- the whole report ------------------------------------------------------------------------


def test_every_character_lies_inside_the_page_margins(report):
    with pdfplumber.open(io.BytesIO(report["pdf"])) as document:
        for page in document.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            assert chars
            outside = [c["text"] for c in chars
                       if c["x0"] < MARGIN - 0.01 or c["x1"] > PAGE_WIDTH - MARGIN + 0.01
                       or c["top"] < MARGIN - 0.01 or c["bottom"] > PAGE_HEIGHT - MARGIN + 0.01]
            assert outside == [], (page.page_number, "".join(outside))


def test_no_text_overlaps_another(report):
    """No two characters overlap, except neighbouring glyphs of one word pulled together by kerning."""
    with pdfplumber.open(io.BytesIO(report["pdf"])) as document:
        for page in document.pages:
            chars = page.chars
            ink = [i for i, c in enumerate(chars) if c["text"].strip()]
            box = np.array([(chars[i]["x0"], chars[i]["top"], chars[i]["x1"], chars[i]["bottom"]) for i in ink])
            across = np.minimum(box[:, None, 2], box[None, :, 2]) - np.maximum(box[:, None, 0], box[None, :, 0])
            down = np.minimum(box[:, None, 3], box[None, :, 3]) - np.maximum(box[:, None, 1], box[None, :, 1])
            overlaps = [(ink[a], ink[b]) for a, b in zip(*np.nonzero((across > 0.1) & (down > 0.1))) if a < b]
            bad = [(chars[a]["text"], chars[b]["text"], round(chars[a]["x0"]), round(chars[a]["top"]))
                   for a, b in overlaps
                   if not (b == a + 1 and abs(chars[a]["top"] - chars[b]["top"]) < 0.01
                           and chars[a]["x1"] - chars[b]["x0"] <= KERNING * chars[a]["size"])]
            assert bad == [], (page.page_number, bad[:10])


def test_every_text_in_a_table_lies_inside_its_cell(report):
    """A character in a cell rectangle lies wholly inside it: no text runs over a cell's edge."""
    with pdfplumber.open(io.BytesIO(report["pdf"])) as document:
        for page in document.pages:
            rects = cell_rects(page)
            for char in (c for c in page.chars if c["text"].strip()):
                x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
                for rect in rects:
                    if rect["x0"] <= x <= rect["x1"] and rect["top"] <= y <= rect["bottom"]:
                        assert (rect["x0"] - 0.01 <= char["x0"] and char["x1"] <= rect["x1"] + 0.01
                                and rect["top"] - 0.01 <= char["top"] and char["bottom"] <= rect["bottom"] + 0.01), (
                            page.page_number, char["text"], char["x0"], char["top"], rect)


def test_every_cell_is_printed_whole(report):
    printed = Counter(all_cells(report["pdf"]))

    missing = Counter(expected_cells(report["content"])) - printed
    assert not missing, list(missing)[:10]
    assert not any("…" in cell for cell in printed)  # nothing shortened


def test_every_wijk_name_partner_name_and_advice_reason_appears_whole(report, boundaries):
    cells = all_cells(report["pdf"])
    content = report["content"]

    for name in boundaries.wijk_table(report["nis"])["wijk_naam"]:
        assert normal(name) in cells, name  # a cell of the table of all wijken
    for spot in list(content.white_spots)[:10]:
        assert normal(spot[0]) in cells
    for row in content.advice:
        assert normal(row[1]) in cells and normal(row[4]) in cells, row[1]  # candidate and reason
    names = [p.naam for p in report["partners"] if p.gemeente_nis == report["nis"]]
    shown = [name for name in names if any(name in " ".join(map(str, row)) for rows in
                                           (content.white_spots[:10], content.advice, content.table) for row in rows)]
    assert shown
    for name in shown:
        assert any(normal(name) in cell for cell in cells), name
    if report["name"] == "antwerpen":
        assert ACCENTED in shown and VERY_LONG in shown


def test_every_page_carries_the_sources_and_its_number(report):
    pages = page_texts(report["pdf"])

    for number, text in enumerate(pages, start=1):
        assert "Bronnen: " + " · ".join(report["content"].attribution) in text
        assert texts.RAPPORT_BLADZIJDE.format(nummer=number, totaal=len(pages)) in text


def test_the_pdf_says_its_title_and_language(report):
    reader = PdfReader(io.BytesIO(report["pdf"]))

    gemeente = report["content"].gemeente
    assert reader.metadata.title == f"{texts.RAPPORT_TITEL} - {gemeente}"
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert reader.trailer["/Root"]["/Type"] == "/Catalog" and len(reader.pages) >= 2
    with pdfplumber.open(io.BytesIO(report["pdf"])) as document:  # the update reads in another reader too
        assert document.metadata["Title"] == f"{texts.RAPPORT_TITEL} - {gemeente}"
        assert len(document.pages) == len(reader.pages)


def test_the_page_images_are_kept_as_artefacts(report):
    pages = len(PdfReader(io.BytesIO(report["pdf"])).pages)

    assert len(report["images"]) % (pages + 1) == 0 and report["images"]
    for path in report["images"]:
        image = Image.open(path)
        assert image.format == "PNG"
        assert image.size[0] / image.size[1] == pytest.approx(PAGE_WIDTH / PAGE_HEIGHT, abs=0.01)


# -- tables over pages -----------------------------------------------------------------------


def test_a_long_table_continues_on_the_next_page_with_its_header(report):
    content = report["content"]
    header, rows = without_empty_columns(content.table_header, content.table)
    codes = {row[0] for row in rows}
    table_pages = [cells for cells in printed_cells(report["pdf"]) if codes & set(cells)]
    texts_of = page_texts(report["pdf"])

    printed = Counter(cell for cells in table_pages for cell in cells if cell in codes)
    assert printed == Counter(row[0] for row in rows)  # every wijk once: no row lost or doubled
    for cells in table_pages:
        assert all(title in cells for title in header)  # the header row on every page of the table
    if report["name"] == "antwerpen":
        assert len(rows) == 67 and len(table_pages) >= 2
        continued = texts.RAPPORT_VERVOLG.format(kop=texts.RAPPORT_TABEL_KOP.format(titel=content.title,
                                                                                       gemeente=content.gemeente))
        assert sum(continued in text for text in texts_of) == len(table_pages) - 1


def test_a_column_without_data_is_left_out(boundaries):
    partners = demo_partners(boundaries)
    codes = boundaries.wijk_table("12025")["wijk_code"].tolist()
    population = pd.DataFrame({"wijk_code": codes, "inwoners": [4000 + 500 * i for i in range(len(codes))]})

    without = coverage_report(boundaries, "12025", partners, load_categories(), CoverageSettings())
    with_people = coverage_report(boundaries, "12025", partners, load_categories(), CoverageSettings(), 5, population)
    empty, known = all_cells(render_pdf(without)), all_cells(render_pdf(with_people))

    assert "Inwoners gedekt" not in empty  # no inhabitants known: no empty column
    assert "Inwoners gedekt" in known
    assert Counter(expected_cells(with_people)) - Counter(known) == Counter()
    assert all(row[-1] for row in with_people.table)  # a number in every row


def test_the_scale_bar_carries_its_length_at_the_map_scale(report):
    with pdfplumber.open(io.BytesIO(report["pdf"])) as document:
        page = document.pages[0]
        words = page.extract_words()
        labels = [(a, b) for a, b in zip(words, words[1:]) if re.fullmatch(r"\d+", a["text"])
                  and b["text"] in ("m", "km") and abs(a["top"] - b["top"]) < 0.5 and b["x0"] - a["x1"] < 4]
        assert len(labels) == 1, [w["text"] for w in words]
        number, unit = labels[0]
        bar = sorted((r for r in page.rects if r["height"] < 5 and 0 < r["top"] - number["bottom"] < 12),
                     key=lambda r: r["x0"])
        frame = max(cell_rects(page), key=lambda r: r["width"] * r["height"])

    metres = int(number["text"]) * (1000 if unit["text"] == "km" else 1)
    assert report["name"] != "mechelen" or f"{number['text']} {unit['text']}" == "2 km"
    assert len(bar) == 2 and bar[0]["x1"] == pytest.approx(bar[1]["x0"], abs=0.01)
    assert bar[0]["width"] == pytest.approx(bar[1]["width"], abs=0.01)  # two halves
    assert (bar[0]["x0"] + bar[1]["x1"]) / 2 == pytest.approx((number["x0"] + unit["x1"]) / 2, abs=1)
    # The bar is as long as that many metres on the map: the map's frame shows the municipality's extent.
    _, metres_per_point = fit_extent(report["content"].wijken.total_bounds, frame["width"], frame["height"])
    assert bar[0]["width"] + bar[1]["width"] == pytest.approx(metres / metres_per_point, rel=0.002)


def test_the_map_fills_its_box(report):
    with pdfplumber.open(io.BytesIO(report["pdf"])) as document:
        page = document.pages[0]
        frame = max(cell_rects(page), key=lambda r: r["width"] * r["height"])
        heading = min(w["top"] for w in page.extract_words() if w["text"] == "Witte")

    assert frame["x0"] == pytest.approx(MARGIN, abs=0.5)
    assert frame["top"] == pytest.approx(heading, abs=6)  # from under the page title ...
    assert frame["height"] >= 0.62 * PAGE_HEIGHT  # ... down to the legend
    assert frame["width"] >= 0.37 * PAGE_WIDTH
    extent, _ = fit_extent(report["content"].wijken.total_bounds, frame["width"], frame["height"])
    west, south, east, north = report["content"].wijken.total_bounds
    # The municipality spans the frame in one direction at least (a 2 % margin).
    assert max((east - west) / (extent[1] - extent[0]), (north - south) / (extent[3] - extent[2])) > 0.95


# -- the layout functions --------------------------------------------------------------------


@pytest.mark.parametrize("text", [VERY_LONG, ACCENTED, "Mechelen - Noord (Mechelen)", "", "kort"])
@pytest.mark.parametrize("width", [60.0, 90.0, 400.0])
def test_wrap_breaks_between_words_within_the_width(text, width):
    lines = wrap(text, width, 6.5)

    assert all(text_width(line, 6.5) <= width + 1e-6 for line in lines)
    assert " ".join(lines) == text  # broken at spaces only: every word whole
    assert len(lines) == 1 or all(text_width(" ".join([a, b.split()[0]]), 6.5) > width
                                  for a, b in zip(lines, lines[1:]))  # greedy: the next word did not fit


def test_wrap_breaks_a_word_only_when_it_is_longer_than_the_width():
    word = "Mobiliteitsorganisatiecoördinatiecentrum"

    lines = wrap(f"De {word} vzw", 60, 6.5)

    assert lines[0] == "De" and "".join(lines[1:]) in (f"{word} vzw", f"{word}vzw")  # cut inside the word only
    assert len(lines) > 3
    assert all(text_width(line, 6.5) <= 60 for line in lines)


def test_columns_are_sized_to_their_content():
    header = ["#", "Kandidaat", "Winst", "Waarom"]
    rows = [["1", ACCENTED, "27,49 km²", "Dekt 93 % van wijk Mechelen - Noord (Mechelen) en een deel van 9 andere "
                                            "wijk(en); brengt de ontbrekende soort 'Gemeentelijke adviesraad'."],
            ["2", "Kort", "0,5 km²", "Kort."]]

    narrow = layout_table(header, rows, 330, 6.5)
    wide = layout_table(header, [["1", "a", "1 km²", "b"]], 330, 6.5)

    assert narrow.width == pytest.approx(330)  # long texts: the table takes the width it has
    assert narrow.widths[0] < narrow.widths[2] < narrow.widths[3]
    assert narrow.rows[0][0] == ("1",) and narrow.rows[0][2] == ("27,49 km²",)  # short columns stay on one line
    assert len(narrow.rows[0][3]) > 1  # the reason wraps
    for row in narrow.rows:
        for lines, width in zip(row, narrow.widths):
            assert all(text_width(line, 6.5) <= width - 2 * CELL_PAD_X + 1e-6 for line in lines)
    assert wide.width < 330 and all(len(lines) == 1 for lines in wide.rows[0])  # short texts: natural widths


def test_a_column_without_data_is_dropped():
    header, rows = without_empty_columns(["Code", "Inwoners"], [["A", ""], ["B", " "]])

    assert header == ["Code"] and rows == [["A"], ["B"]]


def frames(width: float, height: float):
    page = 0
    while True:
        yield Frame(page, 10, 500, width, height)
        page += 1


def test_a_table_continues_in_the_next_frame_with_heading_and_header():
    table = layout_table(["Code", "Naam"], [[f"W{i:02d}", f"Wijk {i}"] for i in range(40)], 200, 7)
    flow = Flow(frames(200, 120), continued="{kop} (vervolg)")

    flow.table("Alle wijken", table, 10)

    pages = max(line.page for line in flow.lines) + 1
    assert pages > 2
    for page in range(pages):
        texts_on = [line.text for line in flow.lines if line.page == page]
        assert texts_on[:3] == ["Alle wijken" if page == 0 else "Alle wijken (vervolg)", "Code", "Naam"]
        assert min(box.y for box in flow.boxes if box.page == page) >= 500 - 120 - 1e-6  # inside the frame
    codes = [line.text for line in flow.lines if re.fullmatch(r"W\d\d", line.text)]
    assert codes == [f"W{i:02d}" for i in range(40)]  # every row once, in order


def test_a_row_taller_than_a_frame_is_split_between_its_lines():
    reason = " ".join(["woord"] * 400)
    table = layout_table(["#", "Waarom"], [["1", reason], ["2", "kort"]], 150, 7)
    flow = Flow(frames(150, 150), continued="{kop} (vervolg)")

    flow.table("Wie eerst contacteren?", table, 10)

    words = [line.text for line in flow.lines if line.text.startswith("woord")]
    assert " ".join(words) == reason  # every line once, in order
    assert len({line.page for line in flow.lines}) > 2
    assert all(box.y >= 500 - 150 - 1e-6 for box in flow.boxes)


def test_the_scale_bar_is_a_round_length_that_fits():
    for metres_per_point in (1.0, 7.3, 25.0, 140.0, 900.0):
        length, points, label = scale_bar(metres_per_point, 90)
        assert points <= 90 and points == pytest.approx(length / metres_per_point)
        assert re.fullmatch(r"\d+ (km|m)", label)
        longer = SCALE_LENGTHS[SCALE_LENGTHS.index(length) + 1:]
        assert not longer or longer[0] / metres_per_point > 90  # the next round length would not fit
