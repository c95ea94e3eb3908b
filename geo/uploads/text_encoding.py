"""The text of an uploaded CSV: its encoding detected, line by line when a file mixes two.

A Belgian CSV is UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), or
Windows-1252 and its cousins. A file pasted together from two exports can hold UTF-8 lines
*and* Windows-1252 lines; under Windows-1252 every byte decodes, so reading the whole file
that way garbles the UTF-8 names without a word ("ZoniÃ«nwoud"). :func:`decode_text`
therefore reads every physical line that is valid UTF-8 as UTF-8 and only the others with
the detected code page, and says which lines were read which way.

>>> data = "naam\\nZoniënwoud\\n".encode("utf-8") + "Zoniënwoud\\n".encode("cp1252")
>>> decoded = decode_text(data, "p.csv")
>>> decoded.text.splitlines(), decoded.encoding, decoded.lines
(['naam', 'Zoniënwoud', 'Zoniënwoud'], 'utf-8', {'cp1252': [3]})
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Iterator

from geo import texts
from geo.uploads.table_limits import TableError, thousands

ENCODING_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252",
                   "latin-1": "Latin-1 (ISO-8859-1)", "cp850": "DOS (cp850)", "mac_roman": "Mac Roman"}
MAX_LISTED_RANGES = 10  # line ranges a warning names; the rest are counted

_ESCAPED = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, kept by "surrogateescape"
_WIDE = re.compile("[^\x00-\x7f\udc80-\udcff]")  # a character beyond ASCII that UTF-8 did decode
_BREAK = re.compile("[\r\n]")
_SAMPLE_LINES = 2_000  # lines with foreign bytes that the code page is guessed from


@dataclass
class DecodedText:
    """The decoded text, the encoding it was read with, and for a mixed file the foreign lines.

    ``lines`` maps the code page to the physical lines (1-based, as the CSV reader counts
    them) read with it, every other line being UTF-8; empty when the file was read one way.
    """

    text: str
    encoding: str
    lines: dict[str, list[int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def decode_text(data: bytes, filename: str, encoding: str | None = None, *,
                max_lines: int = 200_000) -> DecodedText:
    """``data`` as text; the caller's ``encoding`` wins when given (and must fit every byte).

    Without it: a UTF-16 BOM means UTF-16; otherwise valid UTF-8 (BOM or not) is UTF-8; a
    file with no UTF-8 beyond ASCII is read with the detected code page (Windows-1252
    when it fits); a file with both is read line by line (see the module). Raises
    :class:`TableError` (Dutch) for an unknown or unfitting ``encoding``, and for a mixed
    file with more than ``max_lines`` lines in the code page (more than the rows a table
    may have: each holds a character beyond ASCII).
    """
    if encoding is not None:
        return _decode_as(data, filename, encoding)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return DecodedText(data.decode("utf-16").lstrip("\ufeff"), "utf-16")
        except UnicodeDecodeError:
            return DecodedText(data.decode("utf-16", errors="replace").lstrip("\ufeff"), "utf-16",
                               warnings=[texts.TABEL_TEKENS_VERVANGEN.format(bestand=filename)])
    declared = data.startswith(codecs.BOM_UTF8)
    label = "utf-8-sig" if declared else "utf-8"
    body = data[len(codecs.BOM_UTF8):] if declared else data
    try:
        return DecodedText(body.decode("utf-8"), label)
    except UnicodeDecodeError:
        pass
    text = body.decode("utf-8", errors="surrogateescape")  # foreign bytes become U+DC80..U+DCFF, losslessly
    if declared or _WIDE.search(text):
        mixed = _decode_mixed(text, filename, label, declared, max_lines)
        if mixed is not None:
            return mixed
    guess = guess_single_byte(body)
    return DecodedText(body.decode(guess, errors="replace"), guess, warnings=[texts.TABEL_CODERING_GERADEN.format(
        bestand=filename, codering=ENCODING_LABELS.get(guess, guess))])


def guess_single_byte(data: bytes) -> str:
    """Windows-1252 when it fits (Belgian Excel exports), else charset-normalizer's choice."""
    from charset_normalizer import from_bytes

    try:
        matches = list(from_bytes(data, cp_isolation=["cp1252", "latin_1", "cp850", "mac_roman"]))
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - a detector failure must not stop the upload
        matches = []
    found = {m.encoding: m for m in matches}
    if "cp1252" in found and (not matches or found["cp1252"].chaos <= matches[0].chaos + 0.1):
        return "cp1252"
    if matches and matches[0].encoding in ("cp850", "mac_roman"):
        return matches[0].encoding
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def describe_lines(numbers: list[int], total: int | None = None) -> str:
    """Line numbers compactly in Dutch: ``lijnen 3, 7 en 12–15 zijn`` (the verb agrees).

    ``total`` is the number of lines when ``numbers`` lists only the first of them.

    >>> describe_lines([3, 7, 12, 13, 14, 15])
    'lijnen 3, 7 en 12–15 zijn'
    >>> describe_lines([4])
    'lijn 4 is'
    """
    total = max(total or 0, len(numbers))
    ranges: list[list[int]] = []
    for number in numbers:
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    shown = [str(a) if a == b else f"{a}–{b}" for a, b in ranges[:MAX_LISTED_RANGES]]
    listed = sum(b - a + 1 for a, b in ranges[:MAX_LISTED_RANGES])
    if total == 1:
        return texts.TABEL_LIJN_IS.format(lijst=shown[0])
    if total > listed:
        words = texts.TABEL_LIJST_EN_NOG.format(eerste=", ".join(shown), aantal=total - listed)
    elif len(shown) == 1:
        words = shown[0]
    else:
        words = texts.TABEL_LIJST_EN.format(eerste=", ".join(shown[:-1]), laatste=shown[-1])
    return texts.TABEL_LIJNEN_ZIJN.format(lijst=words)


def _decode_as(data: bytes, filename: str, encoding: str) -> DecodedText:
    name = str(encoding).strip()
    try:
        codecs.lookup(name)
    except (LookupError, ValueError):
        raise TableError(texts.TABEL_CODERING_ONBEKEND.format(codering=name[:40])) from None
    try:
        return DecodedText(data.decode(name).lstrip("\ufeff"), name.lower())
    except (UnicodeDecodeError, ValueError):
        raise TableError(texts.TABEL_CODERING_FOUT.format(bestand=filename, codering=name)) from None


def _decode_mixed(text: str, filename: str, label: str, declared: bool, max_lines: int) -> DecodedText | None:
    """Lines with foreign bytes read with the code page, the others as UTF-8; None when no line is UTF-8.

    ``text`` is the file decoded with ``surrogateescape``. Consecutive foreign lines with
    only ASCII between them are decoded in one piece; the Python loop runs once per
    foreign line, like the table reader's once per row, and at most ``max_lines`` times.
    ``declared``: the file starts with a UTF-8 BOM, so its lines are UTF-8 unless they
    cannot be.
    """
    sample = b"".join(_original(text[start:end]) + b"\n" for start, end in islice(_foreign_lines(text), _SAMPLE_LINES))
    codepage = guess_single_byte(sample)
    out = io.StringIO()
    listed: list[int] = []
    line, counted = 1, 0  # ``line`` is the number of the line that starts at ``counted``
    written = 0  # text[:written] is in ``out``
    run: list[int] | None = None  # [start, end) of foreign lines not yet written
    wide = False  # some line read as UTF-8 holds more than ASCII
    for start, end in _foreign_lines(text):
        line += _line_breaks(text, counted, start)
        counted = start
        if len(listed) == max_lines:
            raise TableError(texts.TABEL_TE_VEEL_LIJNEN_GEMENGD.format(
                bestand=filename, max=thousands(max_lines), codering=ENCODING_LABELS.get(codepage, codepage)))
        listed.append(line)
        if run is not None and _WIDE.search(text, run[1], start) is None:
            run[1] = end  # only ASCII since the last foreign line: it reads the same either way
            continue
        if run is not None:
            out.write(_original(text[run[0]:run[1]]).decode(codepage, errors="replace"))
            written = run[1]
        wide = wide or _WIDE.search(text, written, start) is not None
        out.write(text[written:start])
        run = [start, end]
    if run is not None:
        out.write(_original(text[run[0]:run[1]]).decode(codepage, errors="replace"))
        written = run[1]
    wide = wide or _WIDE.search(text, written) is not None
    if not (wide or declared):
        return None
    out.write(text[written:])
    warning = texts.TABEL_CODERING_GEMENGD.format(bestand=filename, lijnen=describe_lines(listed),
                                                  codering=ENCODING_LABELS.get(codepage, codepage))
    return DecodedText(out.getvalue(), label, {codepage: listed}, [warning])


def _foreign_lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every physical line holding a byte that is not UTF-8, line break excluded.

    Lines end at ``\\r\\n``, ``\\r`` or ``\\n``, as for Python's CSV reader. Every search
    starts where the previous line ended, so the whole text is scanned about once.
    """
    position = 0
    while (match := _ESCAPED.search(text, position)) is not None:
        found = match.start()
        start = max(text.rfind("\n", position, found), text.rfind("\r", position, found)) + 1
        end_match = _BREAK.search(text, found)
        end = end_match.start() if end_match else len(text)
        yield start, end
        position = end


def _line_breaks(text: str, start: int, end: int) -> int:
    """Line breaks in ``text[start:end]``, counting ``\\r\\n`` once (``start`` is a line start)."""
    return text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)


def _original(piece: str) -> bytes:
    """The bytes a ``surrogateescape``-decoded piece came from."""
    return piece.encode("utf-8", errors="surrogateescape")
