"""A small DataFrame as a static, accessible HTML table.

Share links open on phones, often all at once: a plain table needs no script of its own
(Streamlit's interactive grid loads about 1.5 MB of JavaScript the first time), reflows in a
scrollable region that a keyboard can reach, and is read by screen readers as a table with
column headers. Every value is escaped.
"""

from __future__ import annotations

import html
import math
from numbers import Integral, Real

import pandas as pd

EMPTY = "–"
_DUTCH = str.maketrans(",.", ".,")  # thousands and decimal separators swapped


def html_table(frame: pd.DataFrame, label: str) -> str:
    """``frame`` (without its index) as ``<table>`` in a region named ``label``.

    Numbers are right-aligned, with a decimal comma; missing values show as a dash.

    >>> html_table(pd.DataFrame({"Wijk": ["Nekker <1>"], "km²": [1.5]}), "Wijken")  # doctest: +ELLIPSIS
    '<div class="pk-tabel" role="region" aria-label="Wijken" tabindex="0"><table>...<td>Nekker &lt;1&gt;</td>...1,5...'
    """
    numeric = [pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column])
               for column in frame.columns]
    head = "".join(f'<th scope="col"{_number_class(is_number)}>{html.escape(str(column))}</th>'
                   for column, is_number in zip(frame.columns, numeric))
    rows = "".join("<tr>" + "".join(f"<td{_number_class(is_number)}>{_cell(value)}</td>"
                                    for value, is_number in zip(row, numeric)) + "</tr>"
                   for row in frame.itertuples(index=False, name=None))
    return (f'<div class="pk-tabel" role="region" aria-label="{html.escape(label)}" tabindex="0">'
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")


def _number_class(is_number: bool) -> str:
    return ' class="getal"' if is_number else ""


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return EMPTY
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Integral):
        return f"{int(value):,}".translate(_DUTCH)
    if isinstance(value, Real):
        return f"{float(value):,.2f}".translate(_DUTCH).rstrip("0").rstrip(",")  # 1,234.50 → 1.234,5
    return html.escape(str(value))
