"""Import partners from CSV and Excel files: plan (review) first, then commit, then undo.

:func:`plan_import` reads a file and decides, per row, what would happen, without
writing anything: every input row ends up in the report exactly once, as ``ok``,
``waarschuwing`` or ``geweigerd`` with its reasons in Dutch. :func:`commit_import`
writes the plan in one transaction with an entry in the import history;
``store.undo_import`` restores the state before it. The page and ``python -m geo import``
both use these functions.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from geo import texts
from geo.boundaries import Boundaries
from geo.categories import Category, load_categories
from geo.columns import detect_mapping, mapping_key, validate_mapping
from geo.coordinates import detect_coordinates, to_wgs84
from geo.export import csv_bytes
from geo.matching import match_categories, match_statuses
from geo.partners import Partner, validate_partners
from geo.store.records import ImportRun
from geo.tabular import Table, TableError, TableLimits, collector_paused, read_table

MODES = ("toevoegen", "bijwerken", "vervangen")
OK, WARNING, REJECTED = "ok", "waarschuwing", "geweigerd"
NEARBY_M = 50.0
ATTRIBUTION_PREFIX = "# "
_NON_ALNUM_ASCII = re.compile(r"[^0-9A-Za-z]+")  # NFKD can make "A" of "𝓐"


class ImportFileError(ValueError):
    """The file cannot be imported at all (unreadable, no name column); message in Dutch."""


@dataclass
class ImportOptions:
    """What the user chose on the review screen (or on the command line)."""

    modus: str = "toevoegen"
    gemeente_nis: str | None = None
    mapping: dict[str, str | None] | None = None
    coordinate_crs: str | None = None
    swapped: bool | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    geocode: bool = True


@dataclass
class RowReport:
    """The outcome for one input row."""

    row: int
    status: str
    reasons: list[str] = field(default_factory=list)
    naam: str = ""
    action: str = ""
    needs_location: bool = False
    geocoded: bool = False
    match_id: str = ""

    def add(self, status: str, reason: str) -> None:
        if status == REJECTED or (status == WARNING and self.status == OK):
            self.status = status
        self.reasons.append(reason)


@dataclass
class ImportPlan:
    """Everything the review screen shows, and what a commit would write."""

    filename: str
    table: Table
    mapping: dict[str, str | None]
    options: ImportOptions
    coordinate_crs: str | None
    swapped: bool
    coordinate_message: str
    reports: list[RowReport]
    added: list[Partner]
    updated: list[Partner]
    deleted: list[Partner]
    geocoded: int = 0
    geocode_stopped: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        statuses = [r.status for r in self.reports]
        return {
            "rows": len(self.reports),
            "accepted": statuses.count(OK) + statuses.count(WARNING),
            "warnings": statuses.count(WARNING),
            "rejected": statuses.count(REJECTED),
            "needs_location": sum(r.needs_location and r.status != REJECTED for r in self.reports),
            "geocoded": self.geocoded,
        }

    def report_dict(self) -> dict:
        """The JSON report: counts plus ``details`` (row number, status, reasons)."""
        return {
            **self.counts,
            "bestand": self.filename,
            "modus": self.options.modus,
            "toevoegen": len(self.added),
            "bijwerken": len(self.updated),
            "verwijderen": len(self.deleted),
            "details": [{"row": r.row, "status": r.status, "reason": "; ".join(r.reasons), "naam": r.naam,
                         "actie": r.action} for r in self.reports],
        }

    def report_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"rij": r.row, "status": r.status, "naam": r.naam, "actie": r.action,
                              "reden": "; ".join(r.reasons)} for r in self.reports],
                            columns=["rij", "status", "naam", "actie", "reden"])

    def report_csv(self) -> bytes:
        """The per-row report as CSV for Excel (formulas neutralised)."""
        return csv_bytes(self.report_frame())


Progress = Callable[[int, int, float | None], None]


def plan_import(data: bytes, filename: str, store, boundaries: Boundaries, options: ImportOptions | None = None,
                geocoder=None, limits: TableLimits | None = None, progress: Progress | None = None,
                should_stop: Callable[[], bool] | None = None,
                categories: dict[str, Category] | None = None) -> ImportPlan:
    """Read ``data`` and plan its import; nothing is written except geocoder cache entries.

    Raises :class:`ImportFileError` when the file cannot be read at all.
    """
    options = options or ImportOptions()
    if options.modus not in MODES:
        raise ImportFileError(texts.IMPORT_MODUS_ONBEKEND.format(modus=options.modus, modi=", ".join(MODES)))
    categories = categories or load_categories()
    with collector_paused():
        try:
            table = read_table(data, filename, encoding=options.encoding, delimiter=options.delimiter,
                               sheet=options.sheet, limits=limits or TableLimits())
        except TableError as exc:
            raise ImportFileError(str(exc)) from exc
        mapping = options.mapping or remembered_mapping(store, table.columns) or detect_mapping(table.columns)
        mapping = {column: mapping.get(column) for column in table.columns}
        problems = validate_mapping(mapping)
        if problems:
            raise ImportFileError(" ".join(problems))
        columns = _field_columns(table, mapping)
        reports = [RowReport(row=number, status=OK) for number in table.row_numbers]
        for index, problem in table.row_problems.items():
            reports[index].add(REJECTED, problem)
        _skip_attribution_rows(table, reports)
        lat, lon, crs, swapped, message = _coordinates(columns, options, boundaries, reports)
    # The geocoder may wait for a web service (a second per address): the collector runs meanwhile.
    geocoded, stopped = _geocode_missing(columns, lat, lon, geocoder, reports, progress, should_stop, boundaries)
    with collector_paused():
        places = _locate(lat, lon, boundaries, options, reports)
        drafts = _drafts(columns, lat, lon, places, options, categories, reports)
        located = _check_unlocated(drafts, boundaries, reports)
        names = [normalise_name(p.naam) if p is not None else "" for p in located]  # once per row
        _mark_file_duplicates(located, names, reports)
        plan = ImportPlan(filename=filename, table=table, mapping=mapping, options=options, coordinate_crs=crs,
                          swapped=swapped, coordinate_message=message, reports=reports, added=[], updated=[],
                          deleted=[], geocoded=geocoded, geocode_stopped=stopped, warnings=list(table.warnings))
        _decide_actions(plan, located, names, store, columns)
    return plan


def commit_import(store, plan: ImportPlan, user: str = "", confirm_replace: bool = False) -> ImportRun:
    """Write the plan in one transaction; ``vervangen`` needs ``confirm_replace=True``."""
    if plan.options.modus == "vervangen" and not confirm_replace:
        raise ImportFileError(texts.IMPORT_VERVANGEN_BEVESTIGEN.format(aantal=len(plan.deleted)))
    run = ImportRun(bestand=plan.filename, modus=plan.options.modus, gemeente_nis=plan.options.gemeente_nis or "",
                    gebruiker=user, geweigerd=plan.counts["rejected"])
    with collector_paused():
        result = store.apply_import(run, plan.added, plan.updated, [p.id for p in plan.deleted])
    store.mapping_put(mapping_key(plan.table.columns), json.dumps(plan.mapping, ensure_ascii=False))
    return result


def remembered_mapping(store, columns: Sequence[str]) -> dict[str, str | None] | None:
    """The mapping the user confirmed for a file with the same header, if any."""
    stored = store.mapping_get(mapping_key(list(columns)))
    if not stored:
        return None
    try:
        mapping = json.loads(stored)
    except ValueError:
        return None
    return mapping if set(mapping) == set(columns) else None


def normalise_name(name: str) -> str:
    """Case, accents and punctuation ignored: ``"Chiro  Sint-Jan!"`` and ``"chiro sint jan"`` are one name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    if decomposed.isascii():  # the usual case, the same result without a loop over the characters
        return " ".join(_NON_ALNUM_ASCII.sub(" ", decomposed).split())
    return " ".join(decomposed.translate(_NAME_CHARACTERS).split())


class _NameCharacters(dict):
    """A ``str.translate`` table for :func:`normalise_name`, filled as characters are met.

    Accents (combining marks) are dropped, letters and digits kept, anything else becomes a
    space: the rule applied per character by one call in C instead of a Python loop.
    """

    def __missing__(self, code: int) -> str | None:
        character = chr(code)
        value = None if unicodedata.combining(character) else character if character.isalnum() else " "
        if len(self) < 10_000:  # a hostile file cannot make the table grow without end
            self[code] = value
        return value


_NAME_CHARACTERS = _NameCharacters()


# -- steps --------------------------------------------------------------------------------


def _field_columns(table: Table, mapping: dict[str, str | None]) -> dict[str, list[str]]:
    padded = bool(table.rows) and min(map(len, table.rows)) >= len(table.columns)
    cells = list(zip(*table.rows)) if padded else None  # the reader pads every row: transposed in C
    columns: dict[str, list[str]] = {}
    for position, column in enumerate(table.columns):
        target = mapping.get(column)
        if target and cells is not None:
            columns[target] = list(cells[position])
        elif target:
            columns[target] = [row[position] if position < len(row) else "" for row in table.rows]
    return columns


def _skip_attribution_rows(table: Table, reports: list[RowReport]) -> None:
    """Our own exports end with a ``# Bronnen: …`` line; it is not a partner."""
    for index, row in enumerate(table.rows):
        if row and str(row[0]).startswith(ATTRIBUTION_PREFIX) and not any(str(c).strip() for c in row[1:]):
            reports[index].status = REJECTED
            reports[index].reasons = [texts.IMPORT_BRONREGEL]
            reports[index].action = "overslaan"


def _coordinates(columns, options, boundaries, reports):
    count = len(reports)
    first_name, second_name = ("lat", "lon") if "lat" in columns else ("x", "y") if "x" in columns else (None, None)
    if first_name is None:
        return np.full(count, np.nan), np.full(count, np.nan), None, False, ""
    first, second = columns[first_name], columns[second_name]
    guess = detect_coordinates(first, second)
    crs = options.coordinate_crs or guess.crs
    swapped = guess.swapped if options.swapped is None else options.swapped
    if crs is None:
        crs = "EPSG:4326" if first_name == "lat" else "EPSG:31370"
    lat, lon, problems = to_wgs84(first, second, crs, swapped)  # wijk lookup follows in _locate
    for index, problem in enumerate(problems):
        if problem:
            reports[index].add(WARNING, problem)
    return lat, lon, crs, swapped, guess.message_nl


def _geocode_missing(columns, lat, lon, geocoder, reports, progress, should_stop, boundaries) -> tuple[int, bool]:
    if geocoder is None:
        return 0, False
    from geo.geocode import Address, geocode_many  # only when geocoding: a fifth of a second to import
    todo = [i for i in range(len(reports)) if reports[i].status != REJECTED and math.isnan(lat[i])
            and _has_address(columns, i)]
    if not todo:
        return 0, False
    addresses = [Address(straat=_cell(columns, "straat", i) or _cell(columns, "adres", i),
                         huisnummer=_cell(columns, "huisnummer", i), postcode=_cell(columns, "postcode", i),
                         gemeente=_cell(columns, "plaats", i)) for i in todo]
    results = geocode_many(geocoder, addresses, progress=progress, should_stop=should_stop)
    found, stopped = 0, bool(getattr(geocoder, "skipped", 0))
    for index, result in zip(todo, results):
        if result is None:
            stopped = True
            reports[index].add(WARNING, texts.IMPORT_GEOCODE_GESTOPT)
        elif result.status == "gevonden" and result.lat is not None:
            lat[index], lon[index] = result.lat, result.lon
            reports[index].geocoded = True
            reports[index].add(OK, texts.IMPORT_GEOCODE_GEVONDEN.format(adres=result.label))
            found += 1
        else:
            reports[index].add(WARNING, result.message or texts.IMPORT_GEOCODE_MISLUKT)
    return found, stopped


def _drafts(columns, lat, lon, places, options, categories, reports) -> list[Partner | None]:
    """A validated partner per row not rejected yet (None otherwise); category and status read from free text."""
    count = len(reports)
    active = [i for i in range(count) if reports[i].status != REJECTED]
    every = len(active) == count  # the usual case: no copies of the columns
    blank = [""] * len(active)
    data = {name: values if every else [values[i] for i in active] for name, values in columns.items()
            if name not in ("lat", "lon", "x", "y", "categorie", "status", "id", "adres")}
    if columns.get("adres"):
        data["straat"] = [street or columns["adres"][i] for street, i in zip(data.get("straat", blank), active)]
    category_texts, status_texts = ((columns[name] if every else [columns[name][i] for i in active])
                                    if name in columns else blank for name in ("categorie", "status"))
    organisations, names = data.get("organisatie", blank), data.get("naam", blank)
    matches = match_categories([c or o or n for c, o, n in zip(category_texts, organisations, names)], categories)
    statuses = match_statuses(status_texts)
    data["categorie"] = [m.code for m in matches]
    data["status"] = [status or "te contacteren" for status, _ in statuses]
    for report, match, category_text, (status, unsure), status_text in zip(
            (reports[i] for i in active), matches, category_texts, statuses, status_texts):
        if match.method == "onbekend":
            report.add(WARNING, texts.IMPORT_CATEGORIE_ONBEKEND.format(waarde=category_text))
        elif match.needs_confirmation:
            report.add(WARNING, texts.IMPORT_CATEGORIE_GERADEN.format(waarde=category_text,
                                                                      categorie=categories[match.code].label))
        if status is None and status_text.strip():
            report.add(WARNING, texts.IMPORT_STATUS_ONBEKEND.format(waarde=status_text))
        elif unsure:
            report.add(WARNING, texts.IMPORT_STATUS_GERADEN.format(waarde=status_text, status=status))
    located = [places[i] for i in active]
    data["lat"] = [None if place is None else float(lat[i]) for place, i in zip(located, active)]
    data["lon"] = [None if place is None else float(lon[i]) for place, i in zip(located, active)]
    data["gemeente_nis"] = [options.gemeente_nis or "" if place is None else place[0] for place in located]
    wijk_codes = ["" if place is None else place[1] for place in located]
    partners, refused = validate_partners(data, len(active), categories, wijk_codes=wijk_codes)
    drafts: list[Partner | None] = [None] * count
    for index, partner, name in zip(active, partners, names):
        reports[index].naam = str(name)[:200]
        drafts[index] = partner
    for position, errors in refused.items():
        for error in errors:
            reports[active[position]].add(REJECTED, error)
    return drafts


def _locate(lat, lon, boundaries: Boundaries, options, reports) -> list[tuple[str, str] | None]:
    """Municipality and wijk of every row with coordinates, looked up all at once."""
    places: list[tuple[str, str] | None] = [None] * len(reports)
    indices = [i for i in range(len(reports)) if reports[i].status != REJECTED and not math.isnan(lat[i])]
    if not indices:
        return places
    found = boundaries.locate_many(np.asarray(lon)[indices], np.asarray(lat)[indices])
    for index, place in zip(indices, found):
        if place is None:
            reports[index].add(WARNING, texts.IMPORT_BUITEN_GEBIED)
            continue
        places[index] = place
        if options.gemeente_nis and place[0] != options.gemeente_nis:
            reports[index].add(WARNING, texts.IMPORT_ANDERE_GEMEENTE.format(gemeente=place[0]))
    return places


def _check_unlocated(drafts, boundaries: Boundaries, reports) -> list[Partner | None]:
    """Rows without a location need a known municipality; they are kept as 'locatie ontbreekt'."""
    located = list(drafts)
    for index, draft in enumerate(located):
        if draft is None or draft.has_location:
            continue
        reports[index].needs_location = True
        if not draft.gemeente_nis:
            reports[index].add(REJECTED, texts.IMPORT_GEEN_GEMEENTE)
            located[index] = None
        elif boundaries.find_gemeente(draft.gemeente_nis) != draft.gemeente_nis:
            reports[index].add(REJECTED, texts.GEMEENTE_ONBEKEND.format(waarde=draft.gemeente_nis))
            located[index] = None
        else:
            reports[index].add(WARNING, texts.IMPORT_LOCATIE_ONTBREEKT)
    return located


def _mark_file_duplicates(located: list[Partner | None], names: list[str], reports: list[RowReport]) -> None:
    seen: dict[tuple[str, str], int] = {}
    for index, partner in enumerate(located):
        if partner is None:
            continue
        key = (names[index], partner.postcode)
        if key in seen:
            reports[index].add(REJECTED, texts.IMPORT_DUBBEL_IN_BESTAND.format(rij=reports[seen[key]].row))
            located[index] = None
        else:
            seen[key] = index


def _decide_actions(plan: ImportPlan, located: list[Partner | None], names: list[str], store, columns) -> None:
    modus = plan.options.modus
    scope = plan.options.gemeente_nis
    existing = store.list_partners(scope) if scope else store.list_partners()
    if modus == "vervangen":
        if not scope:
            raise ImportFileError(texts.IMPORT_VERVANGEN_GEMEENTE)
        plan.deleted = existing
        existing = []
    by_id = {p.id: p for p in existing}
    by_key: dict[tuple[str, str], Partner] = {}
    by_name: dict[str, list[Partner]] = {}
    for partner in existing:
        by_key.setdefault((normalise_name(partner.naam), partner.postcode), partner)
        by_name.setdefault(normalise_name(partner.naam), []).append(partner)
    ids = columns.get("id", [""] * len(located))
    claimed: set[str] = set()
    for index, partner in enumerate(located):
        report = plan.reports[index]
        if partner is None:
            report.action = report.action or "overslaan"
            continue
        match = _find_match(partner, names[index], ids[index].strip(), by_id, by_key, by_name)
        if match is not None and match.id in claimed:
            report.add(REJECTED, texts.IMPORT_DUBBEL_MATCH.format(naam=match.naam))
            report.action = "overslaan"
            continue
        if modus == "bijwerken" and match is not None:
            claimed.add(match.id)
            merged = _merged(match, partner)
            if report.needs_location and merged.has_location:
                _keeps_stored_location(report)
            plan.updated.append(merged)
            report.action, report.match_id = "bijwerken", match.id
        else:
            if match is not None:
                report.add(WARNING, texts.IMPORT_BESTAAT_AL.format(naam=match.naam))
            plan.added.append(partner)
            report.action = "toevoegen"


def _keeps_stored_location(report: RowReport) -> None:
    """A row without a location that updates a placed partner keeps that place: nothing to place later."""
    report.needs_location = False
    report.reasons = [r for r in report.reasons if r != texts.IMPORT_LOCATIE_ONTBREEKT]
    if report.status == WARNING and not report.reasons:  # the other reasons of such a row are warnings
        report.status = OK


def _find_match(partner: Partner, name: str, row_id: str, by_id, by_key, by_name) -> Partner | None:
    """The stored partner a row updates: by id, else by name (normalised) + postcode, else by name within 50 m."""
    if row_id and row_id in by_id:
        return by_id[row_id]
    match = by_key.get((name, partner.postcode))
    if match is not None:
        return match
    if partner.has_location:
        for candidate in by_name.get(name, ()):
            if candidate.has_location and _distance_m(candidate, partner) <= NEARBY_M:
                return candidate
    return None


def _merged(existing: Partner, incoming: Partner) -> Partner:
    """``existing`` with every non-empty field of ``incoming`` (id, version, created kept)."""
    changes = {}
    for name in ("naam", "categorie", "status", "organisatie", "straat", "huisnummer", "postcode", "plaats",
                 "contactpersoon", "email", "telefoon", "notities", "bereik_m"):
        value = getattr(incoming, name)
        if value not in ("", None):
            changes[name] = value
    if incoming.has_location:
        changes.update(lat=incoming.lat, lon=incoming.lon, gemeente_nis=incoming.gemeente_nis, wijk_code=incoming.wijk_code)
    return existing.with_changes(**changes)


def _distance_m(a: Partner, b: Partner) -> float:
    """Distance in metres, computed in Lambert 72 (never in degrees)."""
    transformer = _lambert()
    ax, ay = transformer.transform(a.lon, a.lat)
    bx, by = transformer.transform(b.lon, b.lat)
    return math.hypot(ax - bx, ay - by)


_TRANSFORMER = None


def _lambert():
    global _TRANSFORMER
    if _TRANSFORMER is None:
        from pyproj import Transformer

        _TRANSFORMER = Transformer.from_crs(4326, 31370, always_xy=True)
    return _TRANSFORMER


def _has_address(columns, index: int) -> bool:
    street = _cell(columns, "straat", index) or _cell(columns, "adres", index)
    return bool(street and (_cell(columns, "plaats", index) or _cell(columns, "postcode", index)))


def _cell(columns, name: str, index: int) -> str:
    values = columns.get(name)
    return values[index].strip() if values else ""
