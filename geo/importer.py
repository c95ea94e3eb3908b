"""Import partners from CSV and Excel files: plan (review) first, then commit, then undo.

:func:`plan_import` reads a file and decides, per row, what would happen, without
writing anything: every input row ends up in the report exactly once, as ``ok``,
``waarschuwing`` or ``geweigerd`` with its reasons in Dutch. A row without coordinates is
placed by its address (geocoder), else kept without a location in the municipality its
postcode or place name gives (:mod:`geo.places`); only a row with no clue at all is refused.
Repeated rows are merged or flagged (:mod:`geo.duplicates`). :func:`commit_import`
writes the plan in one transaction with an entry in the import history;
``store.undo_import`` restores the state before it. The page and ``python -m geo import``
both use these functions.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import replace
from itertools import repeat
from operator import itemgetter
from typing import Callable, Sequence

import numpy as np

from geo import texts
from geo.boundaries import Boundaries
from geo.categories import Category, load_categories
from geo.columns import detect_mapping, mapping_key, validate_mapping
from geo.coordinates import detect_coordinates, parse_numbers, to_wgs84
from geo.duplicates import file_duplicates, find_match, merged, normalise_name, normalise_names
from geo.import_report import (KEEP_BOTH, KEEP_FIRST, MERGED, MODES, OK, REJECTED, SKIPPED, WARNING,  # noqa: F401
                               ImportFileError, ImportOptions, ImportPlan, RowReport)
from geo.matching import match_categories, match_statuses
from geo.partners import Partner, validate_partners
from geo.places import split_address
from geo.store.records import ImportRun
from geo.uploads.bounded import Budget, BudgetExceeded, run_bounded
from geo.uploads.tables import Table, TableError, TableLimits, collector_paused, collector_running, read_table

ATTRIBUTION_PREFIX = "# "
Progress = Callable[[int, int, float | None], None]


class _Laps:
    """Seconds spent per step of a plan, in order (``ImportPlan.timings``; the benchmark prints them)."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._last = time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.times[step] = self.times.get(step, 0.0) + now - self._last
        self._last = now


def plan_import(data: bytes, filename: str, store, boundaries: Boundaries, options: ImportOptions | None = None,
                geocoder=None, limits: TableLimits | None = None, progress: Progress | None = None,
                should_stop: Callable[[], bool] | None = None,
                categories: dict[str, Category] | None = None, budget: Budget | None = None,
                table: Table | None = None) -> ImportPlan:
    """Read ``data`` and plan its import; nothing is written except geocoder cache entries.

    With a ``budget`` the file is read in a worker process that stops at its time and
    memory limits (:mod:`geo.uploads.bounded`); ``table`` is ``data`` already read (by
    :func:`read_upload_table`) with the same options. Raises :class:`ImportFileError`
    when the file cannot be read at all.
    """
    options = options or ImportOptions()
    if options.modus not in MODES:
        raise ImportFileError(texts.IMPORT_MODUS_ONBEKEND.format(modus=options.modus, modi=", ".join(MODES)))
    categories = categories or load_categories()
    lap = _Laps()
    with collector_paused():  # millions of objects, none cyclic: see tables.collector_paused
        if table is None:
            table = read_upload_table(data, filename, options, limits, budget)
        lap("lezen")
        mapping = options.mapping or remembered_mapping(store, table.columns) or detect_mapping(table.columns)
        mapping = {column: mapping.get(column) for column in table.columns}
        problems = validate_mapping(mapping)
        if problems:
            raise ImportFileError(" ".join(problems))
        columns = _field_columns(table, mapping)
        _split_addresses(columns)
        reports = list(map(RowReport, table.row_numbers, repeat(OK)))
        for index, problem in table.row_problems.items():
            reports[index].add(REJECTED, problem)
        _skip_attribution_rows(table, reports)
        table = replace(table, rows=[])  # every cell is in ``columns`` now: no second copy while planning
        lap("kolommen")
        lat, lon, crs, swapped, message = _coordinates(columns, options, boundaries, reports)
        lap("coördinaten")
        geocoded, stopped, gave_up = _geocode_missing(columns, lat, lon, geocoder, reports, progress, should_stop)
        lap("adressen opzoeken")
        places = _locate(lat, lon, boundaries, options, reports)
        lap("wijken")
        homes = _municipalities_from_addresses(columns, places, boundaries, options, reports)
        lap("gemeente uit adres")
        drafts = _drafts(columns, lat, lon, places, homes, categories, reports)
        lap("soort, status en velden")
        located = _check_unlocated(drafts, boundaries, reports)
        names = normalise_names([p.naam if p is not None else "" for p in located])  # once per row
        _mark_file_duplicates(located, names, reports, columns, mapping, options.duplicates)
        lap("dubbels")
        plan = ImportPlan(filename=filename, table=table, mapping=mapping, options=options, coordinate_crs=crs,
                          swapped=swapped, coordinate_message=message, reports=reports, added=[], updated=[],
                          deleted=[], geocoded=geocoded, geocode_stopped=stopped,
                          warnings=list(table.warnings) + ([gave_up] if gave_up else []), timings=lap.times)
        _decide_actions(plan, located, names, store, columns)
        lap("acties")
    return plan


def read_upload_table(data: bytes, filename: str, options: ImportOptions, limits: TableLimits | None = None,
                      budget: Budget | None = None) -> Table:
    """The table in ``data`` read with the options' encoding, separator and sheet, within ``budget``.

    Raises :class:`ImportFileError` (Dutch) when it cannot be read or the budget runs out.
    """
    arguments = (data, filename)
    keywords = dict(encoding=options.encoding, delimiter=options.delimiter, sheet=options.sheet,
                    limits=limits or TableLimits())
    try:
        if budget is None:
            return read_table(*arguments, **keywords)
        return run_bounded(read_table, *arguments, budget=budget, filename=filename, **keywords)
    except (TableError, BudgetExceeded) as exc:
        raise ImportFileError(str(exc)) from exc


def commit_import(store, plan: ImportPlan, user: str = "", confirm_replace: bool = False) -> ImportRun | None:
    """Write the plan in one transaction; ``vervangen`` needs ``confirm_replace=True``.

    A plan that changes nothing writes nothing (no import run, no audit line) and returns None.
    """
    if not (plan.added or plan.updated or plan.deleted):
        return None
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


# -- steps --------------------------------------------------------------------------------


def _field_columns(table: Table, mapping: dict[str, str | None]) -> dict[str, list[str]]:
    """The cells of every mapped column, by field; unmapped columns are never copied.

    One list of references per mapped column (the cells themselves are shared with the
    rows), so the memory is rows × mapped columns pointers, never a transposed copy of
    the whole table.
    """
    padded = bool(table.rows) and min(map(len, table.rows)) >= len(table.columns)
    columns: dict[str, list[str]] = {}
    for position, column in enumerate(table.columns):
        target = mapping.get(column)
        if target and padded:
            columns[target] = list(map(itemgetter(position), table.rows))  # the reader pads every row: in C
        elif target:
            columns[target] = [row[position] if position < len(row) else "" for row in table.rows]
    return columns


def _skip_attribution_rows(table: Table, reports: list[RowReport]) -> None:
    """Our own exports end with a ``# Bronnen: …`` line; it is not a partner."""
    rows = table.rows
    first = [row[0] if row else "" for row in rows]
    for index in [i for i, cell in enumerate(first) if cell[:2] == ATTRIBUTION_PREFIX]:  # a handful at most
        row = rows[index]
        if not any(str(c).strip() for c in row[1:]):
            reports[index].status = REJECTED
            reports[index].reasons = [texts.IMPORT_BRONREGEL]
            reports[index].action = "overslaan"


def _coordinates(columns, options, boundaries, reports):
    count = len(reports)
    first_name, second_name = ("lat", "lon") if "lat" in columns else ("x", "y") if "x" in columns else (None, None)
    if first_name is None:
        return np.full(count, np.nan), np.full(count, np.nan), None, False, ""
    first, second = columns[first_name], columns[second_name]
    parsed = parse_numbers(first), parse_numbers(second)  # once, for detecting and converting
    guess = detect_coordinates(first, second, parsed)
    crs = options.coordinate_crs or guess.crs
    swapped = guess.swapped if options.swapped is None else options.swapped
    if crs is None:
        crs = "EPSG:4326" if first_name == "lat" else "EPSG:31370"
    lat, lon, problems = to_wgs84(first, second, crs, swapped, parsed=parsed)  # wijk lookup follows in _locate
    for index, problem in enumerate(problems):
        if problem:
            reports[index].add(WARNING, problem)
    return lat, lon, crs, swapped, guess.message_nl


def _split_addresses(columns: dict[str, list[str]]) -> None:
    """Fill empty street, number, postcode and place cells from a whole-address column.

    "Legeweg 269, 8200 Sint-Andries" in one cell tells the geocoder and the municipality
    lookup as much as four separate columns would; cells the file fills itself are kept.
    """
    whole = columns.get("adres")
    if not whole:
        return
    count = len(whole)
    parts = {name: columns.setdefault(name, [""] * count) for name in ("straat", "huisnummer", "postcode", "plaats")}
    for index, text in enumerate(whole):
        if not text.strip() or (parts["postcode"][index].strip() and parts["plaats"][index].strip()):
            continue
        found = split_address(text)
        if found is None:
            continue
        street, number, postcode, place = found
        if not parts["straat"][index].strip() and not parts["huisnummer"][index].strip():
            parts["straat"][index], parts["huisnummer"][index] = street, number
        parts["postcode"][index] = parts["postcode"][index].strip() or postcode
        parts["plaats"][index] = parts["plaats"][index].strip() or place


def _geocode_missing(columns, lat, lon, geocoder, reports, progress, should_stop) -> tuple[int, bool, str]:
    """Look up rows with an address but no coordinates: (found, stopped by the user, why the service was given up)."""
    if geocoder is None:
        return 0, False, ""
    from geo.geocode import ERROR, MAX_ERRORS_IN_A_ROW, Address, geocode_many  # only when geocoding: 0.2 s to import
    todo = [i for i in range(len(reports)) if reports[i].status != REJECTED and math.isnan(lat[i])
            and _has_address(columns, i)]
    if not todo:
        return 0, False, ""
    addresses = [Address(straat=_cell(columns, "straat", i) or _cell(columns, "adres", i),
                         huisnummer=_cell(columns, "huisnummer", i), postcode=_cell(columns, "postcode", i),
                         gemeente=_cell(columns, "plaats", i)) for i in todo]
    with collector_running():  # a web service may take seconds: other sessions need the collector meanwhile
        results = geocode_many(geocoder, addresses, progress=progress, should_stop=should_stop)
    asked_to_stop = should_stop is not None and should_stop()
    failures = [r for r in results if r is not None and r.status == ERROR]
    gave_up = "" if asked_to_stop or None not in results or not failures else texts.IMPORT_GEOCODER_OPGEGEVEN.format(
        aantal=MAX_ERRORS_IN_A_ROW, fout=failures[-1].message)
    found, stopped = 0, bool(getattr(geocoder, "skipped", 0)) or (asked_to_stop and None in results)
    for index, result in zip(todo, results):
        if result is None:
            reports[index].add(WARNING, gave_up or texts.IMPORT_GEOCODE_GESTOPT)
        elif result.status == "gevonden" and result.lat is not None:
            lat[index], lon[index] = result.lat, result.lon
            reports[index].geocoded = True
            reports[index].add(OK, texts.IMPORT_GEOCODE_GEVONDEN.format(adres=result.label))
            found += 1
        else:
            reports[index].add(WARNING, result.message or texts.IMPORT_GEOCODE_MISLUKT)
    return found, stopped, gave_up


def _drafts(columns, lat, lon, places, homes, categories, reports) -> list[Partner | None]:
    """A validated partner per row not rejected yet (None otherwise); category and status read from free text.

    ``places`` holds (municipality, wijk) of the located rows, ``homes`` the municipality of the others.
    """
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
    placed = np.array([place is not None for place in located], dtype=bool)
    data["lat"] = np.where(placed, np.asarray(lat, dtype=float)[active], np.nan)  # NaN: no location
    data["lon"] = np.where(placed, np.asarray(lon, dtype=float)[active], np.nan)
    data["gemeente_nis"] = [homes[i] if place is None else place[0] for place, i in zip(located, active)]
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


def _municipalities_from_addresses(columns, places, boundaries: Boundaries, options, reports) -> list[str]:
    """The municipality of every row without a location: from its postcode and place name (see
    :mod:`geo.places`), a choice made while reviewing, else the municipality of the import.

    A row whose address fits several municipalities is flagged with all of them; one whose
    address points outside Flanders and Brussels, or nowhere, gets "" with the reason noted.
    """
    homes = [""] * len(reports)
    choices = options.gemeente_keuzes or {}
    gazetteer = None
    for index, report in enumerate(reports):
        if report.status == REJECTED or places[index] is not None:
            continue
        postcode, place_name = _cell(columns, "postcode", index), _cell(columns, "plaats", index)
        if not (postcode or place_name):
            homes[index] = options.gemeente_nis or ""
            continue
        gazetteer = gazetteer or boundaries.places
        place = gazetteer.match(postcode, place_name)
        home = place.gemeente_nis
        if place.doubtful:
            report.gemeente_kandidaten = place.candidates
            names = ", ".join(gazetteer.names[c] for c in place.candidates)
            chosen = choices.get(report.row)
            if chosen in place.candidates:
                home = chosen
                report.add(OK, texts.IMPORT_GEMEENTE_GEKOZEN.format(gekozen=gazetteer.names[home], kandidaten=names))
            else:
                if options.gemeente_nis in place.candidates:
                    home = options.gemeente_nis
                message = texts.IMPORT_GEMEENTE_TEGENSTRIJDIG if place.conflict else texts.IMPORT_GEMEENTE_DUBBELZINNIG
                report.add(WARNING, message.format(kandidaten=names, gekozen=gazetteer.names[home],
                                                   adres=" ".join(p for p in (postcode, place_name) if p)))
        if not home:
            report.reasons.append(texts.IMPORT_ADRES_ELDERS.format(gemeente=place.outside) if place.outside else
                                  texts.IMPORT_ADRES_ONBEKEND.format(adres=" ".join(p for p in (postcode, place_name) if p)))
            home = options.gemeente_nis or ""
            if home:  # the import's municipality takes the row in after all: not a refusal
                report.reasons.pop()
        elif options.gemeente_nis and home != options.gemeente_nis:
            report.add(WARNING, texts.IMPORT_ANDERE_GEMEENTE.format(gemeente=gazetteer.names[home]))
        homes[index] = home
    return homes


def _check_unlocated(drafts, boundaries: Boundaries, reports) -> list[Partner | None]:
    """Rows without a location need a municipality; they are kept as 'locatie ontbreekt'."""
    located = list(drafts)
    for index, draft in enumerate(located):
        if draft is None or draft.has_location:
            continue
        reports[index].needs_location = True
        if not draft.gemeente_nis:
            known = [r for r in reports[index].reasons if r.startswith(_NO_MUNICIPALITY_REASONS)]
            reports[index].reasons = [r for r in reports[index].reasons if r not in known]
            reports[index].add(REJECTED, known[0] if known else texts.IMPORT_GEEN_GEMEENTE)
            located[index] = None
        elif boundaries.find_gemeente(draft.gemeente_nis) != draft.gemeente_nis:
            reports[index].add(REJECTED, texts.GEMEENTE_ONBEKEND.format(waarde=draft.gemeente_nis))
            located[index] = None
        else:
            reports[index].add(WARNING, texts.IMPORT_LOCATIE_ONTBREEKT.format(
                gemeente=boundaries.gemeente_naam(draft.gemeente_nis)))
    return located


_NO_MUNICIPALITY_REASONS = (texts.IMPORT_ADRES_ELDERS.split("{")[0], texts.IMPORT_ADRES_ONBEKEND.split("{")[0])


def _mark_file_duplicates(located: list[Partner | None], names: list[str], reports: list[RowReport], columns,
                          mapping, keep: str) -> None:
    """Merge exact repeats into their first row; flag possible ones (and skip them with ``keep="eerste"``)."""
    headers = {field: column for column, field in mapping.items() if field}
    for duplicate in file_duplicates(located, names, columns):
        report, first = reports[duplicate.index], reports[duplicate.first].row
        if duplicate.exact:
            report.add(OK, texts.IMPORT_DUBBEL_SAMENGEVOEGD.format(rij=first))
            report.action = MERGED
        else:
            choice = texts.IMPORT_DUBBEL_EERSTE.format(rij=first) if keep == KEEP_FIRST else texts.IMPORT_DUBBEL_BEIDE
            report.add(WARNING, texts.IMPORT_MOGELIJK_DUBBEL.format(
                rij=first, verschil=", ".join(headers.get(f, f) for f in duplicate.differences), keuze=choice))
            if keep != KEEP_FIRST:
                continue
            report.action = SKIPPED
        located[duplicate.index] = None


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
            report.action = report.action or SKIPPED
            continue
        match = find_match(partner, names[index], ids[index].strip(), by_id, by_key, by_name) if existing else None
        if match is not None and match.id in claimed:  # an earlier row updates it: this one is kept as new
            report.add(WARNING, texts.IMPORT_DUBBEL_MATCH.format(naam=match.naam))
            match = None
        elif modus == "bijwerken" and match is not None:
            claimed.add(match.id)
            update = merged(match, partner)
            if report.needs_location and update.has_location:
                _keeps_stored_location(report)
            plan.updated.append(update)
            report.action, report.match_id, report.gemeente_nis = "bijwerken", match.id, update.gemeente_nis
            continue
        elif match is not None:
            report.add(WARNING, texts.IMPORT_BESTAAT_AL.format(naam=match.naam))
        plan.added.append(partner)
        report.action, report.gemeente_nis = "toevoegen", partner.gemeente_nis


def _keeps_stored_location(report: RowReport) -> None:
    """A row without a location that updates a placed partner keeps that place: nothing to place later."""
    report.needs_location = False
    prefix = texts.IMPORT_LOCATIE_ONTBREEKT.split("{")[0]
    report.reasons = [r for r in report.reasons if not r.startswith(prefix)]
    if report.status == WARNING and not report.reasons:  # the other reasons of such a row are warnings
        report.status = OK


def _has_address(columns, index: int) -> bool:
    street = _cell(columns, "straat", index) or _cell(columns, "adres", index)
    return bool(street and (_cell(columns, "plaats", index) or _cell(columns, "postcode", index)))


def _cell(columns, name: str, index: int) -> str:
    values = columns.get(name)
    return values[index].strip() if values else ""
