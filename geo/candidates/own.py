"""Sources of candidates a beheerder adds: the lists federations publish of their local groups.

A source is an uploaded file (CSV/XLSX through the partner import's reader and column
recognition, GeoJSON, GeoPackage, zipped Shapefile) or a URL (a GeoJSON, a WFS answering
GeoJSON, a CSV), read by the readers of context layers (:mod:`geo.context.sources`): parsed in
the upload worker within its time and memory budget, a URL fetched on the server with the
layers' safety and its last good copy kept. Each object becomes a candidate of the source's
fixed kind, or of the kind its column ``kolom`` names, recognised like an imported partner's
kind (:func:`geo.matching.match_category`); an object whose kind is not recognised is left out
and counted.

A source covers many municipalities: its candidates are kept per municipality whose area,
grown by the largest default reach of the kinds, holds them (:func:`per_municipality`), like
a search of OpenStreetMap would. A file is read once, when it is added; a URL is read when it
is added and again with every search of a municipality.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

import numpy as np
import shapely

from geo import texts
from geo.candidates.objects import as_candidate, properties_of
from geo.candidates.records import SOURCE_FORMATS, Candidate, CandidateSource
from geo.categories import Category
from geo.context.records import ContextLayer
from geo.context.sources import read_layer, refresh
from geo.matching import match_category
from geo.reach import to_lambert_xy


class SourceError(ValueError):
    """A source that cannot be added as it is; the message is Dutch."""


@dataclass(frozen=True)
class SourceRead:
    """What reading a source gave: its candidates (``gemeente_nis`` empty), Dutch warnings, and the note
    of a URL shown from its last good copy ("" when fresh)."""

    candidates: tuple[Candidate, ...]
    warnings: tuple[str, ...]
    note: str = ""


def check_source(source: CandidateSource, categories: Mapping[str, Category]) -> CandidateSource:
    """The source with its texts trimmed; a :class:`SourceError` when it cannot be read as asked."""
    source = replace(source, naam=source.naam.strip(), url=source.url.strip(), kolom=source.kolom.strip(),
                     categorie=source.categorie.strip(), bronvermelding=source.bronvermelding.strip())
    if not source.naam:
        raise SourceError(texts.KANDIDAATBRON_NAAM)
    if source.formaat not in SOURCE_FORMATS:
        raise SourceError(texts.KANDIDAATBRON_FORMAAT.format(formaat=source.formaat, formaten=", ".join(SOURCE_FORMATS)))
    if source.formaat != "bestand" and not source.url:
        raise SourceError(texts.KANDIDAATBRON_GEEN_URL)
    if bool(source.categorie) == bool(source.kolom):
        raise SourceError(texts.KANDIDAATBRON_SOORT_OF_KOLOM)
    if source.categorie and source.categorie not in categories:
        raise SourceError(texts.KANDIDAATBRON_SOORT_ONBEKEND.format(soort=source.categorie))
    return source


def read_source(source: CandidateSource, data: bytes | None, settings, categories: Mapping[str, Category], *,
                in_worker: bool = True) -> SourceRead:
    """The candidates of an upload (``data``) or of the source's URL, fetched now."""
    layer = ContextLayer(naam=source.naam, soort="ander", bron=source.formaat, url=source.url, bestand=source.bestand)
    read = read_layer(layer, data, settings, in_worker=in_worker) if data is not None else refresh(
        layer, settings, in_worker=in_worker)
    found, unknown = [], 0
    for item in read.objects:
        code = source.categorie or _kind(item, source.kolom, categories)
        if code is None:
            unknown += 1
            continue
        found.append(as_candidate(item, source.bron, "", code))
    warnings = list(read.warnings)
    if unknown:
        warnings.append(texts.KANDIDAATBRON_SOORT_NIET_HERKEND.format(aantal=unknown, kolom=source.kolom))
    if not found:
        raise SourceError(texts.KANDIDAATBRON_LEEG.format(naam=source.naam, waarom=" ".join(warnings)).strip())
    return SourceRead(tuple(found), tuple(warnings), read.note)


def per_municipality(candidates, boundaries, categories: Mapping[str, Category],
                     only: str | None = None) -> dict[str, list[Candidate]]:
    """The candidates per municipality whose area grown by the largest default reach holds them (``only``:
    just that one), each with its wijk."""
    if not candidates:
        return {} if only is None else {only: []}
    reach_m = max((c.bereik_m or 0) for c in categories.values())
    gemeenten = boundaries.gemeenten if only is None else boundaries.gemeenten[boundaries.gemeenten["gemeente_nis"] == only]
    x, y = to_lambert_xy(np.array([c.lon for c in candidates]), np.array([c.lat for c in candidates]))
    points, areas = gemeenten.sindex.query(shapely.points(x, y), predicate="dwithin", distance=float(reach_m))
    located = boundaries.locate_many(np.array([c.lon for c in candidates]), np.array([c.lat for c in candidates]))
    codes = gemeenten["gemeente_nis"].to_numpy()
    lists: dict[str, list[Candidate]] = {} if only is None else {only: []}
    for point, area in zip(points.tolist(), areas.tolist()):
        wijk = located[point][1] if located[point] else ""
        lists.setdefault(str(codes[area]), []).append(replace(candidates[point], gemeente_nis=str(codes[area]),
                                                              wijk_code=wijk))
    return lists


def _kind(item, column: str, categories: Mapping[str, Category]) -> str | None:
    """The category code the object's ``column`` (else its detail: a recognised kind column) names."""
    text = properties_of(item.eigenschappen).get(column.lower()) or item.detail
    if not text:
        return None
    match = match_category(text, categories)
    return None if match.method == "onbekend" else match.code


def add_source(store, boundaries, source: CandidateSource, data: bytes | None, settings,
               categories: Mapping[str, Category], door: str = "", *, in_worker: bool = True
               ) -> tuple[CandidateSource, tuple[str, ...]]:
    """Check, read and store a new source with its candidates per municipality; (the stored source, warnings).

    Nothing is stored when it cannot be read (a ``ValueError`` with a Dutch message).
    """
    source = check_source(source, categories)
    read = read_source(source, data, settings, categories, in_worker=in_worker)
    lists = per_municipality(list(read.candidates), boundaries, categories)
    stored = store.candidate_source_add(replace(source, aantal=len(read.candidates), melding=read.note), lists, door)
    return stored, read.warnings
