"""Drawing the report on A4 landscape pages with matplotlib, as PDF or PNG.

Page 1: title, municipality, date and settings; the map on the left, filling its box
(the neighbouring municipalities in grey where the box is wider or taller than the
municipality), with below it the legend, the scale bar with its length and the north
arrow; on the right the main white spots and the advice. What does not fit there
continues on the next page in columns of the same width, heading and header repeated.
Then the table of all wijken, continued over as many pages as it needs. Every page has
the sources and its number at the bottom.

Every text is placed by :mod:`geo.report.layout`: wrapped to its cell, inside the page's
margins, never clipped.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterator

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Polygon, Rectangle
from matplotlib.transforms import Affine2D

from geo import texts
from geo.report.content import SHARE_CLASSES, ReportContent, share_class
from geo.report.layout import (ASCENT, FONT_FAMILY, Box, Flow, Frame, Line, fit_extent, layout_table,
                               line_height, scale_bar, scale_bar_label, text_width, without_empty_columns, wrap)

PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.28  # A4 landscape in points
MARGIN = 28.35  # 1 cm on every side: no text outside
GAP = 14.0
OVERVIEW_ROWS = 10  # white spots and advice on the overview; all wijken are in the table after it
TITLE_SIZE, SUBTITLE_SIZE, SMALL_SIZE, HEADING_SIZE = 15.0, 10.0, 7.0, 10.0
TABLE_SIZE, FULL_TABLE_SIZE, SOURCE_SIZE = 6.5, 7.5, 6.5
MAP_SHARE = (0.40, 0.56)  # the map takes between these shares of the page's width, as its shape asks
SCALE_BAR_MAX = 90.0  # points
GREY = "#444444"
# Unhinted text: the PNG then draws every text exactly as wide as it was measured (and as the PDF draws it).
RC = {"pdf.fonttype": 42, "ps.fonttype": 42, "font.family": FONT_FAMILY, "font.size": 8, "text.hinting": "no_hinting"}


def render_pdf(content: ReportContent) -> bytes:
    """The report as a PDF: the overview page, its continuation if any, and the table of all wijken.

    The PDF's metadata give its title and subject, and its catalog the language (nl).
    """
    document = _layout(content)
    buffer = io.BytesIO()
    metadata = {"Title": f"{content.title} - {content.gemeente}", "Creator": "Partnerkaart",
                "Subject": texts.RAPPORT_ONDERWERP.format(gemeente=content.gemeente)}
    with matplotlib.rc_context(RC), PdfPages(buffer, metadata=metadata) as pdf:
        for page in range(document.pages):
            pdf.savefig(_draw_page(content, document, page))
    return _with_language(buffer.getvalue(), "nl")


def render_png(content: ReportContent, dpi: int = 150) -> bytes:
    """The overview page as a PNG (A4 landscape at ``dpi``)."""
    document = _layout(content)
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        _draw_page(content, document, 0).savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


# -- layout ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _MapLayout:
    """The map box on page 1 (points), the extent it shows (metres) and the strip below it."""

    x: float
    y: float
    width: float
    height: float
    extent: tuple[float, float, float, float]  # west, east, south, north
    strip_top: float
    legend: tuple[tuple[str, float, float], ...]  # (label, x, baseline below strip_top) per entry, title first
    scale_length: int
    scale_width: float


@dataclass(frozen=True)
class _Document:
    pages: int
    lines: tuple[Line, ...]
    boxes: tuple[Box, ...]
    map: _MapLayout


def _layout(content: ReportContent) -> _Document:
    made_on = (content.made_on or date.today()).strftime("%d-%m-%Y")
    body_width = PAGE_WIDTH - 2 * MARGIN
    top = PAGE_HEIGHT - MARGIN
    header = Flow(iter([Frame(0, MARGIN, top, body_width, top)]))
    header.paragraph(content.title, TITLE_SIZE, bold=True)
    header.paragraph(texts.RAPPORT_ONDERTITEL.format(gemeente=content.gemeente, datum=made_on), SUBTITLE_SIZE)
    if content.settings_line:
        header.paragraph(content.settings_line, SMALL_SIZE, color=GREY)
    running = wrap(f"{content.title} · {content.gemeente} · {made_on}", header.frame.width, SMALL_SIZE)
    sources = wrap(texts.RAPPORT_BRONNEN.format(bronnen=" · ".join(content.attribution)),
                   body_width - text_width("p. 99/99", SMALL_SIZE) - GAP, SOURCE_SIZE)  # beside the page number
    bottom = MARGIN + len(sources) * line_height(SOURCE_SIZE) + 8
    last_baseline = MARGIN + line_height(SOURCE_SIZE) - ASCENT * SOURCE_SIZE
    first_top = header.y - 8
    later_top = top - len(running) * line_height(SMALL_SIZE) - 8

    area = _map_layout(content, first_top, bottom, body_width)
    column = body_width - area.width - GAP
    overview = Flow(_overview_frames(Frame(0, MARGIN + area.width + GAP, first_top, column, first_top - bottom),
                                     later_top, bottom, body_width), continued=texts.RAPPORT_VERVOLG)
    _overview_tables(overview, content, column)

    table_page = overview.frame.page + 1
    full = Flow(_table_frames(table_page, later_top, bottom, body_width), continued=texts.RAPPORT_VERVOLG)
    table_header, table_rows = without_empty_columns(content.table_header, content.table)
    if table_rows:
        full.table(texts.RAPPORT_TABEL_KOP.format(titel=content.title, gemeente=content.gemeente),
                   layout_table(table_header, table_rows, body_width, FULL_TABLE_SIZE), HEADING_SIZE + 2)
    pages = full.frame.page + 1 if table_rows else table_page

    lines = list(header.lines) + overview.lines + full.lines
    for page in range(pages):
        if page:
            lines += [Line(page, MARGIN, top - ASCENT * SMALL_SIZE - i * line_height(SMALL_SIZE), text, SMALL_SIZE,
                           color=GREY) for i, text in enumerate(running)]
        number = texts.RAPPORT_BLADZIJDE.format(nummer=page + 1, totaal=pages)
        lines.append(Line(page, PAGE_WIDTH - MARGIN - text_width(number, SMALL_SIZE), last_baseline, number,
                          SMALL_SIZE, color=GREY))
        lines += [Line(page, MARGIN, last_baseline + (len(sources) - 1 - i) * line_height(SOURCE_SIZE), text,
                       SOURCE_SIZE, color="#333333") for i, text in enumerate(sources)]
    return _Document(pages, tuple(lines), tuple(overview.boxes + full.boxes), area)


def _overview_tables(flow: Flow, content: ReportContent, width: float) -> None:
    spots = list(content.white_spots)
    if spots:
        header, rows = without_empty_columns(content.white_spot_header, spots[:OVERVIEW_ROWS])
        flow.table(texts.RAPPORT_VLEKKEN_KOP, layout_table(header, rows, width, TABLE_SIZE), HEADING_SIZE)
        if len(spots) > OVERVIEW_ROWS:
            flow.skip(3)
            flow.paragraph(texts.RAPPORT_VLEKKEN_MEER.format(getoond=OVERVIEW_ROWS, aantal=len(spots)), SMALL_SIZE,
                           color=GREY)
    else:
        flow.paragraph(texts.RAPPORT_VLEKKEN_KOP, HEADING_SIZE, bold=True, keep=line_height(TABLE_SIZE))
        flow.paragraph(texts.RAPPORT_GEEN_VLEKKEN, TABLE_SIZE)
    flow.skip(16)
    advice = list(content.advice)[:OVERVIEW_ROWS]
    if advice:
        header, rows = without_empty_columns(content.advice_header, advice)
        flow.table(texts.RAPPORT_ADVIES_KOP, layout_table(header, rows, width, TABLE_SIZE), HEADING_SIZE)
    else:
        flow.paragraph(texts.RAPPORT_ADVIES_KOP, HEADING_SIZE, bold=True, keep=line_height(TABLE_SIZE))
        flow.paragraph(texts.RAPPORT_GEEN_ADVIES, TABLE_SIZE)


def _overview_frames(first: Frame, top: float, bottom: float, body_width: float) -> Iterator[Frame]:
    """Page 1's column, then further pages with as many columns of the same width as fit."""
    yield first
    per_page = max(1, int((body_width + GAP) // (first.width + GAP)))
    page = 1
    while True:
        for i in range(per_page):
            yield Frame(page, MARGIN + i * (first.width + GAP), top, first.width, top - bottom)
        page += 1


def _table_frames(page: int, top: float, bottom: float, width: float) -> Iterator[Frame]:
    while True:
        yield Frame(page, MARGIN, top, width, top - bottom)
        page += 1


def _map_layout(content: ReportContent, top: float, bottom: float, body_width: float) -> _MapLayout:
    """The map box sized to the municipality's shape within :data:`MAP_SHARE`, and its legend strip."""
    west, south, east, north = content.wijken.total_bounds
    scale_block = SCALE_BAR_MAX + 40
    narrow = MAP_SHARE[0] * body_width
    strip = _legend(content, MARGIN, narrow - scale_block)[1]
    shape = (east - west) / max(north - south, 1.0)
    width = min(max(shape * (top - bottom - strip - 6), narrow), MAP_SHARE[1] * body_width)
    legend, strip = _legend(content, MARGIN, width - scale_block)
    height = top - bottom - strip - 6
    extent, metres_per_point = fit_extent((west, south, east, north), width, height)
    length, bar, _ = scale_bar(metres_per_point, SCALE_BAR_MAX)
    return _MapLayout(MARGIN, top - height, width, height, extent, bottom + strip, legend, length, bar)


def _legend(content: ReportContent, x0: float, width: float):
    """(label, x, baseline below the strip's top) of the legend's title and entries, wrapped into rows; and the
    strip's height."""
    placed = [(texts.RAPPORT_LEGENDE_TITEL, x0, ASCENT * SMALL_SIZE + 4)]
    x, row = x0, 1
    for label in _legend_labels(content):
        entry = 16 + text_width(label, SMALL_SIZE)
        if x > x0 and x + entry > x0 + width:
            x, row = x0, row + 1
        placed.append((label, x, 4 + ASCENT * SMALL_SIZE + row * (SMALL_SIZE + 6)))
        x += entry + 10
    return tuple(placed), max(4 + (row + 1) * (SMALL_SIZE + 6) + 2, 40.0)  # 40: the north arrow's height


def _legend_labels(content: ReportContent) -> list[str]:
    labels = [share_class(low)[1] for low, _, _ in SHARE_CLASSES]
    labels += [texts.RAPPORT_LEGENDE_VLEK, texts.RAPPORT_LEGENDE_VERTROUWD, texts.RAPPORT_LEGENDE_ANDERE]
    if content.surroundings is not None and len(content.surroundings):
        labels.append(texts.RAPPORT_LEGENDE_BUUR)
    return labels


# -- drawing ---------------------------------------------------------------------------------


def _draw_page(content: ReportContent, document: _Document, page: int) -> Figure:
    figure = Figure(figsize=(PAGE_WIDTH / 72, PAGE_HEIGHT / 72))
    points = Affine2D().scale(1 / 72) + figure.dpi_scale_trans
    if page == 0:
        _draw_map(figure, content, document.map, points)
    for box in document.boxes:
        if box.page == page:
            figure.add_artist(Rectangle((box.x, box.y), box.width, box.height, transform=points, facecolor=box.fill,
                                        edgecolor="#555555", linewidth=0.3))
    for line in document.lines:
        if line.page == page:
            # User text (names, an own area's title): never read as math (``$…$``).
            figure.text(line.x, line.y, line.text, transform=points, fontsize=line.size, color=line.color,
                        fontweight="bold" if line.bold else "normal", ha="left", va="baseline", parse_math=False)
    return figure


def _draw_map(figure: Figure, content: ReportContent, area: _MapLayout, points) -> None:
    axes = figure.add_axes((area.x / PAGE_WIDTH, area.y / PAGE_HEIGHT, area.width / PAGE_WIDTH,
                            area.height / PAGE_HEIGHT))
    if content.surroundings is not None and len(content.surroundings):
        content.surroundings.plot(ax=axes, facecolor="#eeeeee", edgecolor="#bbbbbb", linewidth=0.5)
    wijken = content.wijken
    colours = [share_class(float(s))[0] for s in wijken["gedekt_aandeel"].fillna(0)]
    wijken.plot(ax=axes, color=colours, edgecolor="#333333", linewidth=0.6)
    spots = wijken[wijken["witte_vlek"].astype(bool)]
    if len(spots):
        spots.plot(ax=axes, facecolor="none", edgecolor="#000000", hatch="///", linewidth=1.2)
    if len(content.partners):
        trusted = content.partners["vertrouwd"].astype(bool)
        if (~trusted).any():
            content.partners[~trusted].plot(ax=axes, marker="o", markersize=18, facecolor="white",
                                            edgecolor="#000000", linewidth=0.8)
        if trusted.any():
            content.partners[trusted].plot(ax=axes, marker="o", markersize=22, color="#000000")
    west, east, south, north = area.extent
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    axes.set_aspect("auto")  # the extent already has the box's shape: one metre is as wide as it is high
    axes.set_xticks([])
    axes.set_yticks([])
    axes.set_xlabel("")  # geopandas names the CRS's axes
    axes.set_ylabel("")
    for spine in axes.spines.values():
        spine.set_linewidth(0.5)
    _draw_legend(figure, content, area, points)
    _draw_scale_and_north(figure, area, points)


def _draw_legend(figure: Figure, content: ReportContent, area: _MapLayout, points) -> None:
    (title, x, y), *entries = [(label, x, area.strip_top - below) for label, x, below in area.legend]
    figure.text(x, y, title, transform=points, fontsize=SMALL_SIZE, fontweight="bold", va="baseline")
    swatches = [{"facecolor": colour, "edgecolor": "#333333"} for _, _, colour in SHARE_CLASSES]
    swatches += [{"facecolor": "white", "edgecolor": "#000000", "hatch": "///"}, "trusted", "other",
                 {"facecolor": "#eeeeee", "edgecolor": "#bbbbbb"}]
    for (label, x, y), swatch in zip(entries, swatches):
        if swatch == "trusted":
            figure.add_artist(Circle((x + 6, y + 2.5), 2.6, transform=points, facecolor="#000000"))
        elif swatch == "other":
            figure.add_artist(Circle((x + 6, y + 2.5), 2.4, transform=points, facecolor="white",
                                     edgecolor="#000000", linewidth=0.8))
        else:
            figure.add_artist(Rectangle((x, y - 1), 12, 7, transform=points, linewidth=0.5, **swatch))
        figure.text(x + 16, y, label, transform=points, fontsize=SMALL_SIZE, va="baseline")


def _draw_scale_and_north(figure: Figure, area: _MapLayout, points) -> None:
    """A two-part scale bar with its length ("1 km") and a north arrow, under the map's right corner."""
    right = area.x + area.width
    x0, y0 = right - 30 - area.scale_width, area.strip_top - 22
    half = area.scale_width / 2
    figure.add_artist(Rectangle((x0, y0), half, 3.5, transform=points, facecolor="#000000", edgecolor="#000000",
                                linewidth=0.5))
    figure.add_artist(Rectangle((x0 + half, y0), half, 3.5, transform=points, facecolor="white",
                                edgecolor="#000000", linewidth=0.5))
    label = scale_bar_label(area.scale_length)
    figure.text(x0 + half - text_width(label, SMALL_SIZE) / 2, y0 + 6, label, transform=points,
                fontsize=SMALL_SIZE, va="baseline")
    tip_x, tip_y = right - 8, area.strip_top - 6
    arrow = [(tip_x, tip_y - 6), (tip_x - 4, tip_y - 18), (tip_x, tip_y - 15), (tip_x + 4, tip_y - 18)]
    figure.add_artist(Polygon(arrow, closed=True, transform=points, facecolor="#000000", edgecolor="#000000",
                              linewidth=0.5))
    north = texts.RAPPORT_NOORDEN
    figure.text(tip_x - text_width(north, 8, bold=True) / 2, tip_y - 28, north, transform=points, fontsize=8,
                fontweight="bold", va="baseline")


def _with_language(pdf: bytes, language: str) -> bytes:
    """The PDF with ``/Lang`` in its catalog, added as an incremental update (PDF 1.4, section 3.4.5).

    matplotlib writes the catalog before any page and has no option for the language, so
    a new version of the catalog object is appended with its own cross-reference section.
    """
    trailer = re.search(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", pdf, re.S)
    if trailer is None:
        raise ValueError("Unexpected PDF from matplotlib: no trailer.")
    fields, previous = trailer.group(1), int(trailer.group(2))
    root = int(re.search(rb"/Root (\d+) 0 R", fields).group(1))
    size = int(re.search(rb"/Size (\d+)", fields).group(1))
    info = re.search(rb"/Info (\d+ 0 R)", fields)
    catalog = re.search(rb"\n%d 0 obj\s*<<(.*?)>>\s*endobj" % root, pdf, re.S)
    if catalog is None:
        raise ValueError("Unexpected PDF from matplotlib: no catalog.")
    body = re.sub(rb"/Lang \([^)]*\)", b"", catalog.group(1)).strip()
    update = b"%d 0 obj\n<< %s /Lang (%s) >>\nendobj\n" % (root, body, language.encode("ascii"))
    offset = len(pdf)
    xref = offset + len(update)
    trailer_fields = b"/Size %d /Root %d 0 R%s /Prev %d" % (size, root, b" /Info " + info.group(1) if info else b"",
                                                             previous)
    return (pdf + update + b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (root, offset)
            + b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer_fields, xref))
