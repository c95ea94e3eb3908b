"""What an uploaded table may hold, and the error that refuses it: :class:`TableLimits`, :class:`TableError`.

The limits are counted while a file is read, before the memory they guard is spent: the
bytes of the upload, what an Excel file unpacks to (checked on the zip's directory), and,
row by row, the rows, columns, filled cells and characters. A refusal is a
:class:`TableError` whose Dutch message names the limit, its setting and where it was hit.

>>> TableLimits(max_cells=10).max_cells
10
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MB = 1024 * 1024


class TableError(ValueError):
    """The file cannot be read as a table; the message is Dutch and meant for the user."""


@dataclass(frozen=True)
class TableLimits:
    """Upper bounds that keep a hostile or mistaken upload from exhausting the server.

    ``max_cells`` counts filled cells and ``max_chars`` the characters in all cells,
    header included, as they are read: a text that Excel stores once and uses in a
    million cells counts a million times. ``max_unpacked_bytes`` bounds what an
    ``.xlsx`` may unpack to. :meth:`from_settings` takes them from the settings.
    """

    max_bytes: int = 20 * MB
    max_rows: int = 200_000
    max_columns: int = 200
    max_cell_chars: int = 2_000
    max_cells: int = 5_000_000
    max_chars: int = 100_000_000
    max_unpacked_bytes: int = 200 * MB

    @classmethod
    def from_settings(cls, settings) -> TableLimits:
        """The limits of the settings ``max_upload_mb``, ``max_cellen``, ``max_tekens`` and ``max_uitgepakt_mb``;
        rows, columns and the length of one cell keep their defaults."""
        return cls(max_bytes=int(settings.max_upload_bytes), max_cells=int(settings.max_cellen),
                   max_chars=int(settings.max_tekens), max_unpacked_bytes=int(settings.max_uitgepakt_mb * MB))


def megabytes(size: int) -> str:
    """A size in MB the Dutch way (``20``, ``20,1``), rounded up so an excess never shows as the limit.

    >>> megabytes(20 * MB + 1)
    '20,1'
    """
    text = f"{math.ceil(size / MB * 10) / 10:.1f}".removesuffix(".0")
    return text.replace(".", ",")


def thousands(value: int) -> str:
    """``200000`` as ``200.000``.

    >>> thousands(5_000_000)
    '5.000.000'
    """
    return f"{value:,}".replace(",", ".")
