"""Text measuring, wrapping, table layout and page flow of the report, in points.

Nothing here draws: the functions measure text with matplotlib's font metrics (the
same DejaVu Sans the PDF embeds, unhinted, with kerning) and return where each line,
cell and rule goes. :mod:`geo.report.render` then draws exactly that, so every text is
placed and wrapped by this module and never clipped or shrunk by matplotlib.

Example
-------
>>> wrap("Mechelen - Noord (Mechelen)", 60, 6.5)
['Mechelen - Noord', '(Mechelen)']
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Sequence

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

FONT_FAMILY = "DejaVu Sans"
# DejaVu Sans: ascender 1901 and descender -483 of 2048 units per em.
ASCENT = 1901 / 2048
DESCENT = 483 / 2048
LINE_SPACING = 1.25  # baseline to baseline, in font sizes: glyph boxes (1.164 em) never touch
CELL_PAD_X = 3.0
CELL_PAD_Y = 2.0
SHORT_COLUMN = 1 / 3  # a column whose longest text needs at most this share of the table stays on one line
LONGEST_WORD = 0.4  # no single word makes a column wider than this share of the table: it is broken instead


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of text in points, as the PDF draws it."""
    return _width(text, round(size * 100), bold)


def line_height(size: float) -> float:
    """Baseline-to-baseline distance of wrapped lines in points."""
    return size * LINE_SPACING


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines of at most ``width`` points.

    Lines break at spaces; a word longer than the whole width (and only such a word) is
    broken between characters. Explicit newlines are kept. An empty text is one empty
    line, so every cell has a height.
    """
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        current = ""
        for word in paragraph.split():
            if current and text_width(f"{current} {word}", size, bold) <= width:
                current = f"{current} {word}"
                continue
            if current:
                lines.append(current)
            if text_width(word, size, bold) <= width:
                current = word
            else:
                *whole, current = _break_word(word, width, size, bold)
                lines.extend(whole)
        lines.append(current)
    return lines


@dataclass(frozen=True)
class TableLayout:
    """A table laid out for one width: column widths and every cell's wrapped lines."""

    widths: tuple[float, ...]
    header: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[tuple[str, ...], ...], ...]
    size: float

    @property
    def width(self) -> float:
        return sum(self.widths)

    def height(self, cells: Sequence[Sequence[str]]) -> float:
        """Height of a row whose cells hold these lines."""
        return max(1, max(len(lines) for lines in cells)) * line_height(self.size) + 2 * CELL_PAD_Y


def layout_table(header: Sequence[str], rows: Sequence[Sequence[str]], width: float, size: float) -> TableLayout:
    """Column widths sized to the content of each column, and the cells wrapped to them.

    A table whose texts fit on one line gets the natural width of each column (and may be
    narrower than ``width``). Otherwise every column first gets the width of its longest
    word (at most :data:`LONGEST_WORD` of the table), short columns (numbers, names) then
    their whole text, and the columns with long texts share the rest in proportion to what
    they lack. Header cells are bold and wrap like the others.
    """
    columns = list(zip(header, *rows)) if rows else [(h,) for h in header]
    natural = [max(text_width(part, size, i == 0) for i, cell in enumerate(column) for part in str(cell).split("\n"))
               + 2 * CELL_PAD_X for column in columns]
    longest_word = [max((text_width(word, size, i == 0) for i, cell in enumerate(column) for word in str(cell).split()),
                        default=0.0) + 2 * CELL_PAD_X for column in columns]
    minimum = [min(w, max(width * LONGEST_WORD, 2 * CELL_PAD_X + size)) for w in longest_word]
    widths = _column_widths(natural, minimum, width)
    wrapped = [tuple(wrap(str(cell), w - 2 * CELL_PAD_X, size, bold) for cell, w in zip(row, widths))
               for row, bold in [(header, True)] + [(row, False) for row in rows]]
    return TableLayout(widths=tuple(widths), header=tuple(tuple(lines) for lines in wrapped[0]),
                       rows=tuple(tuple(tuple(lines) for lines in row) for row in wrapped[1:]), size=size)


def without_empty_columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple[list[str], list[list[str]]]:
    """Header and rows without the columns that have no data in any row (e.g. inhabitants when none are known)."""
    if not rows:
        return list(header), []
    keep = [j for j in range(len(header)) if any(str(row[j]).strip() for row in rows)]
    return [header[j] for j in keep], [[row[j] for j in keep] for row in rows]


# -- map -------------------------------------------------------------------------------------

SCALE_LENGTHS = (50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000)  # metres: whole numbers only


def fit_extent(bounds: Sequence[float], width: float, height: float, pad: float = 0.02):
    """The extent in metres ``(west, east, south, north)`` that a ``width`` × ``height`` point box shows
    of ``bounds`` (west, south, east, north), and the metres per point.

    The extent has the box's shape, so the map fills its box at one scale in both
    directions; ``bounds`` (plus ``pad`` of their size) touch its sides in at least one
    direction: the municipality is drawn as large as the box allows.

    >>> fit_extent((0, 0, 1000, 500), 100, 100, pad=0)
    ((0.0, 1000.0, -250.0, 750.0), 10.0)
    """
    west, south, east, north = (float(v) for v in bounds)
    margin = max(east - west, north - south) * pad
    west, south, east, north = west - margin, south - margin, east + margin, north + margin
    metres_per_point = max((east - west) / width, (north - south) / height, 1e-9)
    centre_x, centre_y = (west + east) / 2, (south + north) / 2
    half_x, half_y = width * metres_per_point / 2, height * metres_per_point / 2
    return (centre_x - half_x, centre_x + half_x, centre_y - half_y, centre_y + half_y), metres_per_point


def scale_bar(metres_per_point: float, longest: float) -> tuple[int, float, str]:
    """(metres, points, label) of the longest round scale bar of at most ``longest`` points.

    >>> scale_bar(25.0, 90)
    (2000, 80.0, '2 km')
    """
    length = max((v for v in SCALE_LENGTHS if v / metres_per_point <= longest), default=SCALE_LENGTHS[0])
    return length, length / metres_per_point, scale_bar_label(length)


def scale_bar_label(metres: int) -> str:
    """``1 km``, ``500 m``: the length a scale bar carries."""
    return f"{metres // 1000} km" if metres >= 1000 and metres % 1000 == 0 else f"{metres} m"


# -- page flow -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """A rectangle on a page that text flows into, top to bottom (points from the page's lower left)."""

    page: int
    x: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top - self.height


@dataclass(frozen=True)
class Line:
    """One line of text, ``y`` being its baseline."""

    page: int
    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    color: str = "#000000"


@dataclass(frozen=True)
class Box:
    """A table cell or a filled rectangle."""

    page: int
    x: float
    y: float
    width: float
    height: float
    fill: str = "none"


@dataclass
class Flow:
    """Places paragraphs and tables into a sequence of frames, continuing in the next frame when one is full.

    A heading stays with what follows it; a table that continues repeats its heading
    (with ``continued``, a format with ``{kop}``) and its header row.
    """

    frames: Iterator[Frame]
    continued: str = "{kop}"
    lines: list[Line] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    frame: Frame = field(init=False)  # the frame being filled
    y: float = field(init=False)  # where the next line or row starts in it

    def __post_init__(self) -> None:
        self.frame = next(self.frames)
        self.y = self.frame.top

    @property
    def room(self) -> float:
        return self.y - self.frame.bottom

    def next_frame(self) -> None:
        self.frame = next(self.frames)
        self.y = self.frame.top

    def skip(self, space: float) -> None:
        """Vertical space, dropped at the top of a frame."""
        if self.y < self.frame.top:
            self.y -= min(space, self.room)

    def paragraph(self, text: str, size: float, bold: bool = False, color: str = "#000000",
                  keep: float = 0.0) -> None:
        """Wrapped text; with ``keep``, the first line only where that much room follows it too."""
        for number, line in enumerate(wrap(text, self.frame.width, size, bold)):
            needed = line_height(size) + (keep if number == 0 else 0.0)
            if needed > self.room and self.y < self.frame.top:
                self.next_frame()
            self._line(self.frame.x, line, size, bold, color)
            self.y -= line_height(size)

    def table(self, heading: str, table: TableLayout, heading_size: float) -> None:
        """A heading and the table, continued over frames with heading and header row repeated.

        A row goes whole to the next frame when it does not fit; only a row taller than a
        whole frame is split between its lines.
        """
        header_height = table.height(table.header)
        first = table.height(table.rows[0]) if table.rows else 0.0
        if first > self.frame.height - self._heading_height(heading, heading_size) - header_height:
            first = 3 * line_height(table.size) + 2 * CELL_PAD_Y  # split anyway: start where a few lines fit
        self.paragraph(heading, heading_size, bold=True, keep=2.0 + header_height + first)
        self.y -= 2.0
        self._row(table, table.header, header=True)
        for row in table.rows:
            cells = [list(lines) for lines in row]
            while any(cells) and table.height(cells) > self.room:
                capacity = self.frame.height - self._heading_height(heading, heading_size) - header_height
                fits = math.floor((self.room - 2 * CELL_PAD_Y) / line_height(table.size))
                if table.height(cells) > capacity and fits >= 1:
                    self._row(table, [lines[:fits] for lines in cells])
                    cells = [lines[fits:] for lines in cells]
                if capacity < table.height([[""]]):
                    raise ValueError("A report frame is too small for one line of a table.")
                self.next_frame()
                self.paragraph(self.continued.format(kop=heading), heading_size, bold=True)
                self.y -= 2.0
                self._row(table, table.header, header=True)
            if any(cells):
                self._row(table, cells)

    def _heading_height(self, heading: str, size: float) -> float:
        return len(wrap(self.continued.format(kop=heading), self.frame.width, size, True)) * line_height(size) + 2.0

    def _row(self, table: TableLayout, cells: Sequence[Sequence[str]], header: bool = False) -> None:
        height = table.height(cells)
        x = self.frame.x
        for lines, width in zip(cells, table.widths):
            self.boxes.append(Box(self.frame.page, x, self.y - height, width, height, "#e8e8e8" if header else "none"))
            for number, line in enumerate(lines):
                baseline = self.y - CELL_PAD_Y - number * line_height(table.size) - ASCENT * table.size
                if line:
                    self.lines.append(Line(self.frame.page, x + CELL_PAD_X, baseline, line, table.size, header))
            x += width
        self.y -= height

    def _line(self, x: float, text: str, size: float, bold: bool, color: str) -> None:
        if text:
            self.lines.append(Line(self.frame.page, x, self.y - ASCENT * size, text, size, bold, color))


# -- helpers ---------------------------------------------------------------------------------


@lru_cache(maxsize=20000)
def _width(text: str, centisize: int, bold: bool) -> float:
    prop = FontProperties(family=FONT_FAMILY, size=centisize / 100, weight="bold" if bold else "normal")
    width, _, _ = text_to_path.get_text_width_height_descent(text, prop, ismath=False)
    return width


def _break_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word too long for a line, cut between characters into pieces that fit."""
    pieces, current = [], ""
    for char in word:
        if current and text_width(current + char, size, bold) > width:
            pieces.append(current)
            current = ""
        current += char
    return pieces + [current]


def _column_widths(natural: list[float], minimum: list[float], width: float) -> list[float]:
    """The natural widths when they fit in ``width``, else widths summing to it: see :func:`layout_table`."""
    if sum(natural) <= width:
        return list(natural)
    if sum(minimum) >= width:
        return [m * width / sum(minimum) for m in minimum]
    widths = list(minimum)
    short = [j for j, n in enumerate(natural) if n <= width * SHORT_COLUMN]
    if sum(natural[j] - minimum[j] for j in short) < width - sum(minimum):
        for j in short:
            widths[j] = natural[j]
    # Water-filling: the spare width goes to the columns that lack width, in proportion
    # to what they lack, none past its natural width.
    open_columns = [j for j in range(len(widths)) if widths[j] < natural[j]]
    while open_columns:
        spare = width - sum(widths)
        lack = {j: natural[j] - widths[j] for j in open_columns}
        total = sum(lack.values())
        if spare <= 1e-9 or total <= 1e-9:
            break
        full = [j for j in open_columns if spare * lack[j] / total >= lack[j]]
        if not full:
            for j in open_columns:
                widths[j] += spare * lack[j] / total
            break
        for j in full:
            widths[j] = natural[j]
        open_columns = [j for j in open_columns if j not in full]
    return widths
