"""Static HTML tables of share links: escaped, Dutch numbers, headers a screen reader announces."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.html_table import EMPTY, html_table


def test_values_are_escaped_and_numbers_written_the_dutch_way():
    frame = pd.DataFrame({"Wijk": ["<img src=x onerror=alert(1)>", "Nekker & Co"], "km²": [1234.5, 2.0],
                          "Partners": np.array([3, 12_000], dtype="int64"), "Aandeel": ["45 %", None]})
    table = html_table(frame, 'Wijken "A"')
    assert "<img" not in table and "&lt;img src=x onerror=alert(1)&gt;" in table and "Nekker &amp; Co" in table
    assert '<td class="getal">1.234,5</td>' in table and '<td class="getal">2</td>' in table
    assert '<td class="getal">12.000</td>' in table
    assert f"<td>{EMPTY}</td>" in table  # a missing value
    assert 'aria-label="Wijken &quot;A&quot;"' in table and 'tabindex="0"' in table


def test_every_column_has_a_header_and_every_row_its_cells():
    frame = pd.DataFrame({"Wijk": ["A", "B", "C"], "Partners": [1, 2, 3], "Gedekt": [0.5, np.nan, 1.0]})
    table = html_table(frame, "Wijken")
    assert table.count('<th scope="col"') == 3
    assert '<th scope="col" class="getal">Partners</th>' in table and '<th scope="col">Wijk</th>' in table
    assert table.count("<tr>") == 4 and table.count("<td") == 9
    assert '<td class="getal">0,5</td>' in table and f'<td class="getal">{EMPTY}</td>' in table


def test_an_empty_frame_is_an_empty_table_with_headers():
    table = html_table(pd.DataFrame({"Wijk": pd.Series([], dtype=object)}), "Wijken")
    assert "<tbody></tbody>" in table and "<th" in table
