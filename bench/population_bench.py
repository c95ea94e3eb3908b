"""Inhabitants per wijk: all 10,902 sectors of the real link table summed to the 2,767 wijken.

Partnerkaart's way is :func:`geo.population.aggregate.aggregate` (one pandas join on the link
table, a group-by per wijk, the report per 2025 municipality). The naive way, measured in the same
run, loops over the wijken and, per wijk, looks up its sectors in the link table and adds their
inhabitants from the sector file. Both answers are compared. The sector file is generated in
Statbel's real format (a zip holding ``OPENDATA_SECTOREN_<year>.txt``, ``|``-separated, UTF-8 with
BOM, Statbel's column names) from the sectors of the real link table (fixed seed); reading it and
the link table is timed too. Nothing is asserted.

The helpers :func:`statbel_zip` and :func:`sector_rows` also make the test files.
"""

from __future__ import annotations

import io
import os
import resource
import tempfile
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np

from bench.common import bench_environment, report, rss_mb, timed

SEED = 20_250_101
YEAR = 2025
STATBEL_COLUMNS = ("CD_REFNIS", "CD_SECTOR", "TOTAL", "DT_STRT_SECTOR", "DT_STOP_SECTOR", "OPPERVLAKKTE IN HM²",
                   "TX_DESCR_SECTOR_NL", "TX_DESCR_SECTOR_FR", "TX_DESCR_NL", "TX_DESCR_FR")


def statbel_zip(rows, year: int = YEAR) -> bytes:
    """A Statbel sector file as Statbel publishes it: a zip with ``OPENDATA_SECTOREN_<year>.txt``.

    ``rows`` are ``(CD_REFNIS, CD_SECTOR, TOTAL)``; the other columns get plausible values.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"OPENDATA_SECTOREN_{year}.txt", statbel_text(rows))
    return buffer.getvalue()


def statbel_text(rows) -> bytes:
    """The ``|``-separated text inside :func:`statbel_zip` (UTF-8 with BOM, CRLF)."""
    lines = ["|".join(STATBEL_COLUMNS)]
    for refnis, sector, total in rows:
        unknown = str(sector).endswith("ZZZZ")
        name = "NIET TE LOKALISEREN IN EEN SECTOR" if unknown else f"SECTOR {sector[5:]}"
        lines.append("|".join([str(refnis), str(sector), str(int(total)), "1970-01-01", "9999-12-31",
                               "" if unknown else "12,5", name, "NON LOCALISABLE" if unknown else name,
                               f"Gemeente {refnis}", f"Commune {refnis}"]))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def sector_rows(sectors, seed: int = SEED) -> list[tuple[str, str, int]]:
    """``(CD_REFNIS, CD_SECTOR, TOTAL)`` for each sector code: inhabitants 0–3,000 (fixed seed),
    a few dozen for the residents without a known address (``…ZZZZ``)."""
    rng = np.random.default_rng(seed)
    totals = rng.integers(0, 3_000, len(sectors))
    return [(str(s)[:5], str(s), int(t // 100 if str(s).endswith("ZZZZ") else t)) for s, t in zip(sectors, totals)]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pk-bench-") as tmp:
        os.environ.update(bench_environment(Path(tmp)))
        _run(Path(tmp))


def _run(folder: Path) -> None:
    from geo.boundaries import load_boundaries
    from geo.config import load_settings
    from geo.population.aggregate import aggregate, thousands
    from geo.population.link_table import link_table_path, read_link_table
    from geo.population.statbel import read_sector_file

    settings = load_settings()
    boundaries = load_boundaries(settings)
    link_s, link = timed(lambda: read_link_table(link_table_path(settings)), repeat=3)
    data = statbel_zip(sector_rows(link["sector"]))
    (folder / f"OPENDATA_SECTOREN_{YEAR}.zip").write_bytes(data)
    read_s, sectors = timed(lambda: read_sector_file(data, f"OPENDATA_SECTOREN_{YEAR}.zip"), repeat=3)

    rss_before = rss_mb()
    aggregate_s, result = timed(lambda: aggregate(sectors, link, boundaries, year=YEAR), repeat=5)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_after = rss_mb()
    naive_s, naive = timed(lambda: _naive(boundaries.wijken["wijk_code"], sectors, link), repeat=1)

    ours_mb, naive_mb = (_allocated_mb(lambda: aggregate(sectors, link, boundaries, year=YEAR)),
                         _allocated_mb(lambda: _naive(boundaries.wijken["wijk_code"], sectors, link)))
    ours = dict(zip(result.per_wijk["wijk_code"], result.per_wijk["inwoners"]))
    differ = sum(ours.get(code, 0) != value for code, value in naive.items())
    report(f"Inwoners per wijk: {thousands(len(sectors))} sectoren, {thousands(len(link))} rijen koppeltabel, "
           f"{thousands(len(boundaries.wijken))} wijken", [
        ("aggregate: join + som per wijk + verslag per gemeente (mediaan van 5)", f"{aggregate_s * 1000:.0f} ms",
         f"{naive_s * 1000:.0f} ms (lus per wijk)", "-"),
        ("sectorbestand lezen (zip, |-gescheiden; mediaan van 3)", f"{read_s * 1000:.0f} ms",
         f"{len(data) / 1024:.0f} KB zip", "-"),
        ("koppeltabel statsec_ggw7.xlsx lezen (mediaan van 3)", f"{link_s * 1000:.0f} ms", "-", "-"),
        ("wijken met een ander aantal inwoners dan de lus", str(differ), "-", "0"),
        ("geheugen van de berekening (piek van tracemalloc)", f"{ours_mb:.1f} MB", f"{naive_mb:.1f} MB", "-"),
        ("geheugen van het proces", f"{rss_after:.0f} MB (piek {peak_mb:.0f} MB)",
         f"vóór de aggregatie {rss_before:.0f} MB", "-"),
    ])
    totals = result.totals
    print(f"  {thousands(totals['inwoners'])} inwoners: {thousands(totals['inwoners_wijken'])} in "
          f"{thousands(totals['wijken'])} wijken, {thousands(totals['onbekend_adres'])} zonder gekend adres (WONB), "
          f"{thousands(totals['ongekoppeld_inwoners'])} niet gekoppeld; {len(result.report)} rijen in het verslag per "
          f"gemeente")


def _allocated_mb(function) -> float:
    """The peak of what ``function()`` allocates in Python, in MB (tracemalloc)."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _naive(wijk_codes, sectors, link) -> dict[str, int]:
    """Per wijk: its sectors from the link table, their inhabitants from the sector file, added up."""
    counts = dict(zip(sectors["sector"], sectors["inwoners"]))
    totals = {}
    for code in wijk_codes:
        own = link.loc[link["wijk_code"] == code, "sector"]
        totals[code] = int(sum(counts.get(sector, 0) for sector in own))
    return totals
