"""Drawing the report on A4 landscape pages with matplotlib, as PDF or PNG.

Page 1: title, municipality, date and settings; the map on the left, filling its box
(the neighbouring municipalities in grey where the box is wider or taller than the
municipality), with below it the legend, the scale bar with its length and the north
arrow; on the right the main white spots and the advice. What does not fit there
continues on the next page in columns of the same width, heading and header repeated.
Then the table of all wijken, continued over as many pages as it needs. Every page has
the sources and its number at the bottom. Context layers (shared cars, stations …) are drawn
on the map as small squares in the layer's colour with its symbol, as on the web maps, and
each gets a legend entry; a long layer name wraps in the legend.

Every text is placed by :mod:`geo.report.layout`: wrapped to its cell, inside the page's
margins, never clipped.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Iterator

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Circle, PathPatch, Polygon, Rectangle
from matplotlib.path import Path
from matplotlib.textpath import TextPath
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
CONTEXT_SQUARE, CONTEXT_SYMBOL = 7.0, 5.0  # side of a context object's square and height of its symbol, in points
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
    legend: tuple[tuple[tuple[str, ...], float, float, object], ...]  # (label lines, x, first baseline below
    # strip_top, swatch) per entry, the title first (swatch None)
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
    if content.actions:  # the joint actions, after the wijken
        full.skip(16)
        action_header, action_rows = without_empty_columns(content.actions_header, content.actions)
        full.table(texts.RAPPORT_ACTIES_KOP.format(gemeente=content.gemeente),
                   layout_table(action_header, action_rows, body_width, FULL_TABLE_SIZE), HEADING_SIZE + 2)
    if content.progress:  # what changed since the chosen date (the last council meeting)
        full.skip(16)
        full.paragraph(content.progress_title, HEADING_SIZE + 2, bold=True, keep=3 * line_height(FULL_TABLE_SIZE))
        for sentence in content.progress:
            full.paragraph(f"• {sentence}", FULL_TABLE_SIZE)
        if content.progress_rows:
            full.skip(8)
            full.table(texts.RAPPORT_VOORTGANG_REEKS, layout_table(content.progress_header, content.progress_rows,
                                                                  body_width, FULL_TABLE_SIZE), HEADING_SIZE)
    pages = full.frame.page + 1 if table_rows or content.actions or content.progress else table_page

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
    """(label lines, x, first baseline below the strip's top, swatch) of the legend's title and entries, placed
    in rows; and the strip's height.

    Entries follow each other in a row while they fit; a label wider than the legend (a long
    layer name) wraps, and its entry takes a row of its own.
    """
    step = SMALL_SIZE + 6
    placed = [((texts.RAPPORT_LEGENDE_TITEL,), x0, ASCENT * SMALL_SIZE + 4, None)]
    x, top, height, used = x0, step, step, False  # top: the current row's top below the strip's top
    for label, swatch in _legend_entries(content):
        lines = tuple(wrap(label, max(width - 16, 4 * SMALL_SIZE), SMALL_SIZE))
        entry = 16 + max(text_width(line, SMALL_SIZE) for line in lines)
        if used and (x + entry > x0 + width or len(lines) > 1):
            x, top, height = x0, top + height, step
        placed.append((lines, x, 4 + ASCENT * SMALL_SIZE + top, swatch))
        height = max(height, step + (len(lines) - 1) * line_height(SMALL_SIZE))
        x, used = (x + entry + 10, True) if len(lines) == 1 else (x0 + width, True)  # after a wrapped one: a new row
    return tuple(placed), max(4 + top + height + 2, 40.0)  # 40: the north arrow's height


def _legend_entries(content: ReportContent) -> list[tuple[str, object]]:
    """(label, swatch) of each legend entry: the share classes, white spot, partners, neighbours, context layers."""
    entries: list[tuple[str, object]] = [(share_class(low)[1], {"facecolor": colour, "edgecolor": "#333333"})
                                         for low, _, colour in SHARE_CLASSES]
    entries += [(texts.RAPPORT_LEGENDE_VLEK, {"facecolor": "white", "edgecolor": "#000000", "hatch": "///"}),
                (texts.RAPPORT_LEGENDE_VERTROUWD, "trusted"), (texts.RAPPORT_LEGENDE_ANDERE, "other")]
    if content.surroundings is not None and len(content.surroundings):
        entries.append((texts.RAPPORT_LEGENDE_BUUR, {"facecolor": "#eeeeee", "edgecolor": "#bbbbbb"}))
    entries += [(texts.RAPPORT_LEGENDE_LAAG.format(naam=" ".join(layer.naam.split()),
                                                   soort=texts.LAAG_SOORTEN.get(layer.soort, layer.soort)), layer)
                for layer in content.context_layers]
    return entries


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
    _draw_context(axes, content)
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


def _draw_context(axes, content: ReportContent) -> None:
    """Each context layer's objects near the municipality: squares in its colour with its symbol (clipped to the map)."""
    points = content.context_points
    if points is None or not len(points):
        return
    for layer in content.context_layers:
        mine = points[(points["laag_id"] == layer.id).to_numpy()]
        if not len(mine):
            continue
        colour, ink, symbol = _context_style(layer)
        x, y = mine.geometry.x.to_numpy(), mine.geometry.y.to_numpy()
        axes.scatter(x, y, s=CONTEXT_SQUARE ** 2, marker="s", facecolor=colour, edgecolor="#333333", linewidths=0.4)
        if symbol is not None:
            axes.scatter(x, y, s=CONTEXT_SYMBOL ** 2, marker=MarkerStyle(symbol), facecolor=ink, edgecolor="none",
                         linewidths=0)


def _draw_legend(figure: Figure, content: ReportContent, area: _MapLayout, points) -> None:
    (title, x, y, _), *entries = [(lines, x, area.strip_top - below, swatch)
                                  for lines, x, below, swatch in area.legend]
    figure.text(x, y, title[0], transform=points, fontsize=SMALL_SIZE, fontweight="bold", va="baseline")
    for lines, x, y, swatch in entries:
        if isinstance(swatch, str) and swatch == "trusted":
            figure.add_artist(Circle((x + 6, y + 2.5), 2.6, transform=points, facecolor="#000000"))
        elif isinstance(swatch, str) and swatch == "other":
            figure.add_artist(Circle((x + 6, y + 2.5), 2.4, transform=points, facecolor="white",
                                     edgecolor="#000000", linewidth=0.8))
        elif isinstance(swatch, dict):
            figure.add_artist(Rectangle((x, y - 1), 12, 7, transform=points, linewidth=0.5, **swatch))
        else:  # a context layer: its square and symbol, as on the map
            colour, ink, symbol = _context_style(swatch)
            side = CONTEXT_SQUARE + 1
            figure.add_artist(Rectangle((x + 6 - side / 2, y + 2.5 - side / 2), side, side, transform=points,
                                        facecolor=colour, edgecolor="#333333", linewidth=0.4))
            if symbol is not None:
                glyph = Affine2D().scale(CONTEXT_SYMBOL + 1).translate(x + 6, y + 2.5) + points
                figure.add_artist(PathPatch(symbol, transform=glyph, facecolor=ink, edgecolor="none"))
        for number, line in enumerate(lines):
            figure.text(x + 16, y - number * line_height(SMALL_SIZE), line, transform=points, fontsize=SMALL_SIZE,
                        va="baseline", parse_math=False)


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


def _context_style(layer) -> tuple[str, str, Path | None]:
    """(fill, ink, symbol path) of a context layer: its colour, black or white for contrast, its symbol."""
    from geo.maps.context_layers import layer_symbol
    from geo.maps.layers import luminance

    colour = layer.kleur if re.fullmatch(r"#[0-9A-Fa-f]{6}", str(layer.kleur)) else "#777777"
    ink = "#ffffff" if luminance([int(colour[i:i + 2], 16) for i in (1, 3, 5)]) < 0.33 else "#000000"
    return colour, ink, _symbol_path(layer_symbol(layer))


@lru_cache(maxsize=64)
def _symbol_path(symbol: str) -> Path | None:
    """The symbol's glyphs as a path centred on (0, 0), at most 1 wide and high (a marker, not text in the PDF:
    no text of the map can collide with the page's texts); None when it draws nothing."""
    text = symbol.strip().replace("$", r"\$")  # a dollar is a dollar, never math
    if not text:
        return None
    path = TextPath((0, 0), text, size=1, prop=FontProperties(family=FONT_FAMILY, weight="bold"))
    if not len(path.vertices):
        return None
    (west, south), (east, north) = path.get_extents().get_points()
    scale = max(east - west, north - south, 1e-9)
    vertices = (path.vertices - [(west + east) / 2, (south + north) / 2]) / scale
    return Path(vertices, path.codes)


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
