"""CSV and other delimited text: is it text at all, which separator, and its records one by one.

The text comes from :mod:`geo.uploads.text_encoding`; the records go to
:func:`geo.uploads.tables.read_table`, which builds the table from them.

>>> sniff_delimiter("naam;lat;lon\\nZoniënwoud;51,0259;4,4776\\n")
';'
>>> list(csv_records('naam;notities\\nA;"lijn 1\\nlijn 2"\\nB;x\\n', ";", "p.csv"))
[(1, ['naam', 'notities']), (2, ['A', 'lijn 1\\nlijn 2']), (4, ['B', 'x'])]
"""

from __future__ import annotations

import csv
import io
import re
from typing import Iterator

from geo import texts
from geo.uploads.table_limits import TableError

DELIMITERS = (";", ",", "\t", "|")
SAMPLE_CHARS = 32_768

_SNIFF_ROWS = 50
_BINARY_SHARE = 0.01  # more control characters than this share of the text: not a table
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "puntkomma": ";", "komma": ",", "pipe": "|"}


def sniff_delimiter(sample: str) -> str:
    """The separator of a CSV sample: the one that splits the rows most consistently.

    ``csv.Sniffer`` (restricted to ``; , tab |``) decides between candidates that split
    the sample equally well; a candidate that gives fewer consistent columns than another
    is never chosen, because the sniffer is easily misled by decimal commas.
    """
    cut = sample.rfind("\n")
    truncated = 0 < cut < len(sample) - 1
    if truncated:
        sample = sample[:cut + 1]
    scores = {d: _consistency(sample, d, truncated) for d in DELIMITERS}
    best = max(scores.values())
    tied = [d for d in DELIMITERS if scores[d] == best]
    if len(tied) > 1:
        try:
            sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
        except csv.Error:
            sniffed = None
        if sniffed in tied:
            return sniffed
    return tied[0]


def csv_records(text: str, delimiter: str, filename: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells) for every record, blank lines included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, skipinitialspace=False, strict=False)
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        raise TableError(texts.TABEL_CSV_FOUT.format(bestand=filename, lijn=start, fout=error)) from error


def check_is_text(text: str, filename: str) -> None:
    """Refuse text that is mostly control characters (a program, an image, a binary file)."""
    sample = text[:SAMPLE_CHARS]
    if len(_CONTROL.findall(sample)) > _BINARY_SHARE * len(sample):
        raise TableError(texts.TABEL_BINAIR.format(bestand=filename))


def check_delimiter(value: str) -> str:
    """The separator the user chose, one character (``tab``, ``puntkomma``... are understood)."""
    text = str(value)
    text = _DELIMITER_NAMES.get(text.strip().lower(), text)
    if len(text) != 1 or text in '"\r\n' or text.isalnum():
        raise TableError(texts.TABEL_SCHEIDINGSTEKEN_ONGELDIG.format(waarde=str(value)[:20]))
    return text


def delimiter_label(delimiter: str) -> str:
    """How a separator is named in a Dutch message."""
    return {"\t": "tab", " ": "spatie"}.get(delimiter, delimiter)


def _consistency(sample: str, delimiter: str, truncated: bool) -> tuple[int, float, int]:
    """(more than one column?, share of rows as wide as the header, header width)."""
    try:
        parsed = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    except csv.Error:
        return (0, 0.0, 0)
    if truncated and len(parsed) > 1:
        parsed.pop()  # may end inside a quoted field
    rows = [r for r in parsed[:_SNIFF_ROWS] if any(c.strip() for c in r)]
    if not rows:
        return (0, 0.0, 0)
    width = len(rows[0])
    agree = sum(len(r) == width or (len(r) > width and not any(c.strip() for c in r[width:])) for r in rows)
    if width <= 1:
        # One column: prefer the separator that occurs least (it splits nothing by mistake).
        return (0, agree / len(rows), -sample.count(delimiter))
    return (1, agree / len(rows), width)
