"""How a boundary file is refused: :class:`BoundaryFileError` and the small helpers that word it.

Every module that reads a user's boundary file (:mod:`~geo.uploads.boundary_files`,
:mod:`~geo.uploads.zipped_shapefile`, :mod:`~geo.uploads.geometry_limits`,
:mod:`~geo.uploads.areas`) raises the same error, so a page or the CLI catches one
class and shows its Dutch message.

>>> megabytes(1_572_864)
'1,5'
>>> shown("a\\nb"), len(shown("x" * 200))
('a b', 100)
"""

from __future__ import annotations

import math
import re

from geo import texts

MB = 1024 * 1024
SHOWN_CHARS = 100  # a file's own text (a name, a CRS) is shown at most this long

FORMAT_NAMES = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "zip": "gezipte shapefile"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


class BoundaryFileError(ValueError):
    """A boundary file or saved area is refused; the message is Dutch and meant for the user."""


def unreadable(filename: str, kind: str) -> BoundaryFileError:
    """The refusal of a file that cannot be read as the format ``kind`` its extension promises."""
    return BoundaryFileError(texts.UPLOAD_ONLEESBAAR.format(bestand=filename, formaat=FORMAT_NAMES[kind]))


def megabytes(size: int, above: int | None = None) -> str:
    """A size in MB the Dutch way (``20``, ``0,5``, ``1,5``), shown larger than ``above``."""
    value = size / MB
    text = f"{value:.3g}" if above is None else f"{value:.1f}"
    if above is not None and float(text) <= above / MB:
        text = f"{math.ceil(value * 100) / 100:.2f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def shown(text: object, limit: int = SHOWN_CHARS) -> str:
    """A text from the file as it may appear in a message: control characters as spaces, at most ``limit`` long.

    The pages escape Markdown and HTML themselves; this only keeps a hostile file from
    filling the message (or the terminal) with a megabyte or with escape sequences.
    """
    text = _CONTROL.sub(" ", str(text))
    return text if len(text) <= limit else text[:limit - 1] + "…"
