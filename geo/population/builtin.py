"""The built-in inhabitants per wijk: Statbel's sector file of the configured year, summed per wijk.

Where the sector file comes from (settings):

- ``bevolking_pad``: a local file (zip or text), when set;
- else ``bevolking_url`` with ``{jaar}`` = ``bevolking_jaar``, downloaded once (timeout
  ``download_timeout``, at most :data:`MAX_DOWNLOAD_BYTES`) into the cache with its SHA-256 and
  reused offline (:func:`geo.sources.cached_download`). When that year cannot be had, the
  previous year is tried, and the result says so in ``note``.

The link table comes from the boundary source (:mod:`geo.population.link_table`).

>>> population = load_builtin(load_settings(), boundaries)   # doctest: +SKIP
>>> population.source
'Statbel, bevolking per statistische sector op 1 januari 2025'
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from geo import texts
from geo.config import Settings
from geo.population.aggregate import Aggregation, aggregate
from geo.population.link_table import link_table_path, read_link_table
from geo.population.statbel import read_sector_file, year_in_name
from geo.sources import BoundaryDataUnavailable, cached_download
from geo.uploads.tables import MB

MAX_DOWNLOAD_BYTES = 50 * MB
SOURCE_ATTR = "bron"  # population tables carry their source label (and attribution) in attrs
ATTRIBUTION_ATTR = "attributie"


class PopulationUnavailable(RuntimeError):
    """No built-in inhabitants can be had (offline without a copy, a refused year); Dutch message."""


@dataclass(frozen=True)
class BuiltinPopulation:
    """Inhabitants per wijk of one year: ``table`` (``wijk_code, inwoners``, its ``attrs`` naming
    the source), the ``year``, the ``source`` label, the ``aggregation`` (report per municipality)
    and a ``note`` when an earlier year stands in for the one asked."""

    table: pd.DataFrame
    year: int
    source: str
    attribution: str
    aggregation: Aggregation
    file: str = ""
    note: str = ""
    messages: list[str] = field(default_factory=list)


def load_builtin(settings: Settings, boundaries, year: int | None = None,
                 path: str | Path | None = None) -> BuiltinPopulation:
    """Inhabitants per wijk of ``year`` from ``path`` (default ``bevolking_pad``) or the download.

    ``year`` defaults to the year in the file's name (``OPENDATA_SECTOREN_2024.zip``), else
    ``bevolking_jaar``.

    Raises :class:`PopulationUnavailable` (Dutch) when neither the year nor the one before can
    be had, or when the data is refused (too many inhabitants not linked to a wijk).
    """
    path = path if path is not None else settings.bevolking_pad
    year = int(year or (year_in_name(str(path)) if path else None) or settings.bevolking_jaar)
    try:
        link = read_link_table(link_table_path(settings))
    except (BoundaryDataUnavailable, OSError, ValueError) as exc:
        raise PopulationUnavailable(str(exc)) from exc
    if path:
        try:
            return _from_file(Path(path), year, link, boundaries, settings)
        except ValueError as exc:
            raise PopulationUnavailable(str(exc)) from exc
    try:
        return _from_file(_download(settings, year), year, link, boundaries, settings)
    except (BoundaryDataUnavailable, PopulationUnavailable, ValueError) as first:
        try:
            earlier = _from_file(_download(settings, year - 1), year - 1, link, boundaries, settings)
        except (BoundaryDataUnavailable, PopulationUnavailable, ValueError) as second:
            raise PopulationUnavailable(f"{first} {second}") from second
        note = texts.INWONERS_TERUGVAL.format(jaar=year, fout=first, vorig=year - 1)
        return replace(earlier, note=note)


def population_source(table: pd.DataFrame | None) -> tuple[str, str] | None:
    """``(source label, attribution)`` of a population table, or None (no table, or no source known)."""
    if table is None or SOURCE_ATTR not in table.attrs:
        return None
    return str(table.attrs[SOURCE_ATTR]), str(table.attrs.get(ATTRIBUTION_ATTR, table.attrs[SOURCE_ATTR]))


def label_upload(table: pd.DataFrame, filename: str) -> pd.DataFrame:
    """Mark an uploaded population table with its file name as source."""
    table.attrs["bestand"] = filename
    table.attrs[SOURCE_ATTR] = texts.INWONERS_BRON_EIGEN.format(bestand=filename)
    table.attrs[ATTRIBUTION_ATTR] = texts.INWONERS_ATTRIBUTIE_EIGEN.format(bestand=filename)
    return table


def _download(settings: Settings, year: int) -> Path:
    url = settings.bevolking_url.replace("{jaar}", str(year))
    return cached_download(url, settings.cache, settings.download_timeout, MAX_DOWNLOAD_BYTES)


def _from_file(path: Path, year: int, link: pd.DataFrame, boundaries, settings: Settings) -> BuiltinPopulation:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PopulationUnavailable(texts.INWONERS_NIET_GELEZEN.format(bestand=path, fout=exc.strerror or exc)) from exc
    sectors = read_sector_file(data, path.name, int(settings.max_uitgepakt_mb * MB))
    result = aggregate(sectors, link, boundaries, year=year)
    source = texts.INWONERS_BRON.format(jaar=year)
    attribution = texts.INWONERS_ATTRIBUTIE.format(jaar=year)
    table = result.per_wijk.copy()
    table.attrs[SOURCE_ATTR] = source
    table.attrs[ATTRIBUTION_ATTR] = attribution
    return BuiltinPopulation(table=table, year=year, source=source, attribution=attribution, aggregation=result,
                             file=str(path), messages=result.messages())
