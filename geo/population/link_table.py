"""The link table from Statbel statistical sector to wijk: ``statsec_ggw7.xlsx``.

It lies in the boundary source beside the wijken (``data_voor_swing/aggregatietabellen/``
of ``provinciesincijfers/gebiedsniveaus``), so it comes from the same configured folder,
cache or official address as the wijken (:func:`geo.sources.table_file`). Columns ``statsec``
(as Statbel's ``CD_SECTOR``) and ``ggw7`` (a wijk code, or ``<nis>WONB`` for the residents
without a known address). Sector prefixes are the NIS codes of their time: join on the
table, never on the prefix.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo import texts
from geo.config import Settings
from geo.sources import BoundaryDataUnavailable, table_file
from geo.uploads.tables import MB, TableError, TableLimits, read_table

LINK_TABLE = "data_voor_swing/aggregatietabellen/statsec_ggw7.xlsx"
MAX_LINK_TABLE_BYTES = 20 * MB
UNKNOWN_ADDRESS = "WONB"  # ggw7 code suffix of the residents without a known address


def link_table_path(settings: Settings) -> Path:
    """The local link table of the configured boundary source (downloaded once when remote)."""
    path = table_file(settings.gebieden, LINK_TABLE, settings.cache, settings.download_timeout)
    if not path.is_file():
        raise BoundaryDataUnavailable(texts.INWONERS_KOPPELTABEL_ONTBREEKT.format(bestand=LINK_TABLE,
                                                                                  bron=settings.gebieden))
    return path


def read_link_table(path: Path) -> pd.DataFrame:
    """``sector, wijk_code`` of every row of the link table (within the table limits).

    Raises ``ValueError`` (Dutch) when the columns ``statsec`` and ``ggw7`` are missing.
    """
    data = Path(path).read_bytes()
    try:
        table = read_table(data, Path(path).name, limits=TableLimits(max_bytes=MAX_LINK_TABLE_BYTES))
    except TableError as exc:
        raise ValueError(texts.INWONERS_NIET_GELEZEN.format(bestand=Path(path).name, fout=exc)) from exc
    header = {name.strip().lower(): i for i, name in enumerate(table.columns)}
    if "statsec" not in header or "ggw7" not in header:
        raise ValueError(texts.INWONERS_KOPPELTABEL_KOLOMMEN.format(bestand=Path(path).name))
    frame = pd.DataFrame(table.rows, columns=table.columns).iloc[:, [header["statsec"], header["ggw7"]]]
    frame.columns = ["sector", "wijk_code"]
    frame = frame.assign(sector=frame["sector"].str.strip().str.upper(), wijk_code=frame["wijk_code"].str.strip())
    return frame[frame["sector"] != ""].drop_duplicates("sector").reset_index(drop=True)
