"""Fetching a municipality's candidate partners on the server, and keeping the last good list.

:func:`search_candidates` asks each source: the Overpass API (the setting
``kandidaten_overpass_url``) for the objects the tag rules name, in the box of the
municipality grown by the largest reach of the candidate kinds (a school just across the
border reaches into it too), and the Flemish points of interest (``kandidaten_poi_url``: its
schools, all of Flanders in one answer). It keeps the candidates inside the municipality grown
by that reach, gives each its wijk, and replaces the municipality's list of that source in the
store in one transaction.

The fetch is :func:`geo.context.fetch.fetch`: on the server, http(s) to public addresses
only (unless ``lagen_prive_adressen``), within ``kandidaten_timeout`` seconds and
``lagen_max_mb``, with the application's User-Agent. A failure of any kind (no answer, HTTP
429 "too many requests", an answer whose ``remark`` says the query timed out, a malformed
answer) keeps the source's list found before, and its Dutch reason is kept with the search;
it is never taken for "no candidates", and the other sources go on. The lists are reused
without fetching while younger than ``kandidaten_dagen`` days (:func:`is_fresh`), so
candidates work offline.

>>> outcome = search_candidates(store, boundaries, "12025", settings)   # doctest: +SKIP
>>> outcome.found, outcome.note                                          # doctest: +SKIP
(214, '')
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import numpy as np
import shapely

from geo import texts
from geo.candidates.osm_tags import load_rules, overpass_query
from geo.candidates.overpass import CandidateError, read_overpass
from geo.candidates.own import per_municipality, read_source
from geo.candidates.poi import read_poi
from geo.candidates.records import ATTRIBUTION, OSM, POI, Candidate, CandidateSearch
from geo.categories import load_categories
from geo.context.addresses import AddressCheck, Resolver
from geo.context.fetch import FetchError, FetchOptions, fetch
from geo.context.cache import now_iso
from geo.reach import to_lambert_xy, to_wgs84_lonlat
from geo.uploads.refusals import MB

@dataclass(frozen=True)
class SearchOutcome:
    """What a search did: ``found`` candidates kept (with the earlier lists of the sources that failed)
    and ``note``, the Dutch reasons of the failures ("" when every list is fresh)."""

    gemeente_nis: str
    found: int
    note: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.note)


def search_candidates(store, boundaries, gemeente_nis: str, settings, *, resolve: Resolver | None = None,
                      check: AddressCheck | None = None) -> SearchOutcome:
    """Fetch the candidates of a municipality from every source now; a source that fails keeps its last list.

    ``resolve`` and ``check`` go to :func:`~geo.context.fetch.fetch` (a test's own server).
    """
    categories = load_categories(settings.categorieen)
    rules = load_rules(settings.kandidaten_osm_tags, categories)
    area = search_area(boundaries, gemeente_nis, rules, categories)
    options = FetchOptions(timeout=float(settings.kandidaten_timeout), max_bytes=int(settings.lagen_max_mb * MB),
                           user_agent=settings.geocoder_user_agent, allow_private=bool(settings.lagen_prive_adressen))
    found, notes = 0, []
    for bron, url, read in _sources(settings, rules, area):
        try:
            answer = fetch(url, options, resolve=resolve, check=check)
            kept = _with_wijken(_inside(read(answer.data, url, gemeente_nis), area), boundaries)
        except (FetchError, CandidateError) as error:
            note = texts.KANDIDATEN_VERNIEUWEN_MISLUKT.format(bron=ATTRIBUTION[bron],
                                                              reden=str(error).strip().rstrip("."))
            search = store.candidate_search_failed(gemeente_nis, bron, note)
            found += search.aantal if search else 0
            notes.append(note)
            continue
        found += store.candidates_replace(gemeente_nis, bron, kept, now_iso()).aantal
    for source in store.candidate_sources():
        if source.formaat != "bestand":  # an uploaded file was read once, when it was added
            kept_here, note = _refresh_own(store, boundaries, gemeente_nis, source, settings, categories)
            found += kept_here
            notes += [note] if note else []
    return SearchOutcome(gemeente_nis, found, " ".join(notes))


def _refresh_own(store, boundaries, gemeente_nis: str, source, settings, categories) -> tuple[int, str]:
    """Read an added URL source again for one municipality: (candidates kept, Dutch note or "").
    On failure its last list stays."""
    try:
        read = read_source(source, None, settings, categories)
    except ValueError as error:
        note = texts.KANDIDATEN_VERNIEUWEN_MISLUKT.format(bron=source.attribution, reden=str(error).strip().rstrip("."))
        search = store.candidate_search_failed(gemeente_nis, source.bron, note)
        store.candidate_source_note(source.id, None, "", note)
        return (search.aantal if search else 0), note
    kept = per_municipality(list(read.candidates), boundaries, categories, only=gemeente_nis)[gemeente_nis]
    now = now_iso()
    store.candidate_source_note(source.id, len(read.candidates), now, read.note)
    return store.candidates_replace(gemeente_nis, source.bron, kept, now).aantal, read.note


def enabled_sources(settings) -> list[str]:
    """The sources asked: OpenStreetMap, and the Flemish points of interest unless ``kandidaten_poi_url`` is empty."""
    return [OSM, POI] if settings.kandidaten_poi_url else [OSM]


def _sources(settings, rules, area) -> list[tuple[str, str, Callable[[bytes, str, str], list[Candidate]]]]:
    """(source, URL, reader) of every source that is switched on: OpenStreetMap, and the Flemish POI unless its URL is empty."""
    query = overpass_query(rules, _wgs84_box(area))
    sources = [(OSM, f"{settings.kandidaten_overpass_url}?data={quote(query)}",
                lambda data, url, nis: read_overpass(data, rules, nis))]
    if settings.kandidaten_poi_url:
        sources.append((POI, settings.kandidaten_poi_url, lambda data, url, nis: read_poi(data, url, nis)))
    return sources


def search_area(boundaries, gemeente_nis: str, rules, categories):
    """The municipality (Lambert 72) grown by the largest default reach of the candidate kinds."""
    reach_m = max((categories[r.categorie].bereik_m or 0) for r in rules)
    return shapely.buffer(shapely.union_all(boundaries.wijken_of(gemeente_nis).geometry.to_numpy()), reach_m)


def candidates_in(answer: bytes, rules, gemeente_nis: str, area, boundaries) -> list[Candidate]:
    """The candidates of an Overpass answer inside ``area`` (:func:`search_area`), each with its wijk."""
    return _with_wijken(_inside(read_overpass(answer, rules, gemeente_nis), area), boundaries)


def is_fresh(search: CandidateSearch | None, settings, now: datetime | None = None) -> bool:
    """True when ``search`` kept a list less than ``kandidaten_dagen`` days ago."""
    if search is None or not search.opgehaald:
        return False
    try:
        fetched = datetime.fromisoformat(search.opgehaald)
    except ValueError:
        return False
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=timezone.utc)
    return (now or datetime.now(timezone.utc)) - fetched < timedelta(days=float(settings.kandidaten_dagen))


def _wgs84_box(area) -> tuple[float, float, float, float]:
    """(south, west, north, east) in WGS84 of a Lambert 72 geometry's box, corners included."""
    west, south, east, north = shapely.bounds(area)
    lons, lats = to_wgs84_lonlat(np.array([west, west, east, east]), np.array([south, north, south, north]))
    return float(np.min(lats)), float(np.min(lons)), float(np.max(lats)), float(np.max(lons))


def _inside(candidates: list[Candidate], area) -> list[Candidate]:
    """The candidates inside ``area`` (Lambert 72): the query asked for a box, the area is its clip."""
    if not candidates:
        return []
    x, y = to_lambert_xy(np.array([c.lon for c in candidates]), np.array([c.lat for c in candidates]))
    shapely.prepare(area)
    inside = shapely.contains_xy(area, x, y)
    return [c for c, keep in zip(candidates, inside) if keep]


def _with_wijken(candidates: list[Candidate], boundaries) -> list[Candidate]:
    """Each candidate with the wijk it lies in ("" just across the border of Flanders)."""
    if not candidates:
        return []
    located = boundaries.locate_many(np.array([c.lon for c in candidates]), np.array([c.lat for c in candidates]))
    return [replace(c, wijk_code=found[1] if found else "") for c, found in zip(candidates, located)]
