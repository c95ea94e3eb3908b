"""Joint actions from and to tables: CSV/XLSX import (all or nothing) and CSV/XLSX/JSON export.

The import reads the file with the partner import's bounded reader
(:func:`geo.uploads.tables.read_table`, in a worker within the upload budget when one is
given, with the same limits), recognises columns from Dutch, French and English headers
(:data:`COLUMN_ALIASES`), resolves the partners by id or by name within the action's
municipality, and validates and places every row before anything is written. One refused row
refuses the file, with every row's reasons; otherwise all actions are stored in one
transaction (:meth:`PartnerStore.action_add_many`). An import adds actions; it never changes
stored ones.

The export neutralises formulas (:func:`geo.export.neutralise`) in CSV and XLSX alike, names
each partner as ``naam (rol)`` (an unknown or invisible partner by its id) and leaves the
private fields out unless asked.

>>> frame = action_frame([Action("Infoavond", "infomoment", "2026-03-12", "12025")], {})
>>> list(frame.columns[:4])
['titel', 'soort', 'datum', 'einddatum']
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from typing import Any, Callable, Iterable, Mapping, Sequence

import pandas as pd

from geo import texts
from geo.campaign.kinds import load_action_kinds
from geo.campaign.actions import prepared_action
from geo.campaign.records import PRIVATE_FIELDS, Action, parse_partners, partner_links
from geo.export import csv_bytes, neutralise, safe_frame
from geo.partners import Partner
from geo.uploads.bounded import Budget, run_bounded
from geo.uploads.tables import Table, TableLimits, read_table

EXPORT_COLUMNS = ("titel", "soort", "datum", "einddatum", "toestand", "gemeente_nis", "wijk_code", "lat", "lon",
                  "bereikt_wijk", "partners", "bereikt", "financiering", "bedrag", "notities", "id", "versie",
                  "gewijzigd")
REQUIRED = ("titel", "soort", "datum")
# Header (lower case, without spaces, dashes and underscores) → field of validate_action.
COLUMN_ALIASES = {
    "titel": "titel", "title": "titel", "titre": "titel", "naam": "titel", "actie": "titel", "name": "titel",
    "soort": "soort", "soortactie": "soort", "type": "soort", "kind": "soort", "genre": "soort",
    "datum": "datum", "date": "datum", "begindatum": "datum", "startdatum": "datum", "start": "datum", "van": "datum",
    "einddatum": "einddatum", "tot": "einddatum", "einde": "einddatum", "enddate": "einddatum", "end": "einddatum",
    "datedefin": "einddatum",
    "toestand": "status", "status": "status", "state": "status", "statut": "status",
    "lat": "lat", "latitude": "lat", "breedtegraad": "lat", "lon": "lon", "lng": "lon", "longitude": "lon",
    "lengtegraad": "lon",
    "wijk": "wijk_code", "wijkcode": "wijk_code", "quartier": "wijk_code",
    "gemeentenis": "gemeente_nis", "nis": "gemeente_nis", "niscode": "gemeente_nis",
    "bereiktwijk": "bereikt_wijk", "bereiktdewijk": "bereikt_wijk",
    "partners": "partners", "partner": "partners", "partenaires": "partners",
    "bereikt": "bereikt", "mensenbereikt": "bereikt", "aantalbereikt": "bereikt", "reached": "bereikt",
    "peoplereached": "bereikt", "deelnemers": "bereikt",
    "financiering": "financiering", "financieringsbron": "financiering", "funding": "financiering",
    "subsidie": "financiering", "financement": "financiering",
    "bedrag": "bedrag", "amount": "bedrag", "montant": "bedrag", "budget": "bedrag",
    "notities": "notities", "opmerkingen": "notities", "notes": "notities", "remarques": "notities",
}
_ATTRIBUTION = "# Bronnen"


class ActionImportError(ValueError):
    """The file was not imported (nothing was stored); the message (Dutch) says why, per row."""


def recognise_columns(headers: Sequence[str]) -> dict[str, int]:
    """The field each header names, as ``{field: position}`` (the first header for a field wins)."""
    found: dict[str, int] = {}
    for position, header in enumerate(headers):
        field = COLUMN_ALIASES.get(re.sub(r"[\s_\-.]", "", str(header).casefold()))
        if field is not None and field not in found:
            found[field] = position
    return found


def import_actions(store, boundaries, data: bytes, filename: str, gemeente_nis: str, door: str = "",
                   may_edit: Callable[[str], bool] | None = None, limits: TableLimits | None = None,
                   budget: Budget | None = None) -> list[Action]:
    """Read, check and store the actions in a CSV/XLSX file; all of them or none.

    ``gemeente_nis`` is the municipality of rows without a place (and without a
    ``gemeente_nis`` column). Raises :class:`ActionImportError` (or the reader's
    :class:`geo.uploads.tables.TableError`, a ``ValueError`` too) with the reasons; then the
    store is exactly as it was.
    """
    table = _read(data, filename, limits, budget)
    columns = recognise_columns(table.columns)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ActionImportError(texts.ACTIE_IMPORT_KOLOM_ONTBREEKT.format(
            kolommen=", ".join(missing), herkend=", ".join(sorted(columns)) or "-"))
    kinds = load_action_kinds()
    partners = store.list_partners()
    actions: list[Action] = []
    problems: list[str] = []
    for row, number in zip(table.rows, table.row_numbers):
        if not any(cell.strip() for cell in row) or row[0].startswith(_ATTRIBUTION):
            continue
        values = {field: row[position] for field, position in columns.items()}
        values["gemeente_nis"] = values.get("gemeente_nis") or gemeente_nis
        action, errors = _row_action(values, kinds, partners, boundaries, may_edit)
        if errors:
            problems.append(texts.ACTIE_IMPORT_RIJ.format(rij=number, fouten=" ".join(errors)))
        else:
            actions.append(action)
    if problems:
        shown = problems[:50] + (["…"] if len(problems) > 50 else [])
        raise ActionImportError(texts.ACTIE_IMPORT_GEWEIGERD.format(aantal=len(problems), fouten="\n".join(shown)))
    if not actions:
        raise ActionImportError(texts.ACTIE_IMPORT_LEEG)
    return store.action_add_many(actions, door)


def action_frame(actions: Iterable[Action], partners: Mapping[str, Partner], include_private: bool = True,
                 kinds: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Actions as a table with stable columns (:data:`EXPORT_COLUMNS`; private fields only when allowed)."""
    rows = []
    for action in actions:
        named = "; ".join(f"{partners[link.partner_id].naam if link.partner_id in partners else link.partner_id} "
                          f"({link.rol})" for link in action.partners)
        rows.append({"titel": action.titel, "soort": action.soort, "datum": action.datum,
                     "einddatum": action.einddatum, "toestand": action.status, "gemeente_nis": action.gemeente_nis,
                     "wijk_code": action.wijk_code, "lat": action.lat, "lon": action.lon,
                     "bereikt_wijk": "ja" if action.bereikt_wijk else "nee", "partners": named,
                     "bereikt": action.bereikt, "financiering": action.financiering, "bedrag": action.bedrag,
                     "notities": action.notities, "id": action.id, "versie": action.versie,
                     "gewijzigd": action.gewijzigd})
    columns = [c for c in EXPORT_COLUMNS if include_private or c not in PRIVATE_FIELDS]
    frame = pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))[columns]
    return frame.astype({"bereikt": "Int64"})


def export_bytes(frame: pd.DataFrame, fmt: str, attribution: Sequence[str] = ()) -> bytes:
    """The table as ``csv`` (Excel NL-BE, ``# Bronnen`` line), ``xlsx`` or ``json``, formulas neutralised."""
    if fmt == "csv":
        return csv_bytes(frame, decimal_comma=True, attribution=attribution)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            safe_frame(frame).to_excel(writer, index=False, sheet_name="acties")
            if attribution:
                pd.DataFrame({"bronnen": [neutralise(" · ".join(attribution))]}).to_excel(
                    writer, index=False, sheet_name="bronnen")
        return buffer.getvalue()
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")
    raise ValueError(texts.ACTIE_EXPORT_FORMAAT)


# -- helpers ----------------------------------------------------------------------------------


def _read(data: bytes, filename: str, limits: TableLimits | None, budget: Budget | None) -> Table:
    keywords = dict(limits=limits or TableLimits())
    if budget is None:
        return read_table(data, filename, **keywords)
    return run_bounded(read_table, data, filename, budget=budget, filename=filename, **keywords)


def _row_action(values: dict[str, Any], kinds, partners: Sequence[Partner], boundaries,
                may_edit: Callable[[str], bool] | None) -> tuple[Action | None, list[str]]:
    """One row as a placed action with its partners, or its Dutch reasons."""
    named = parse_partners(values.pop("partners", ""))
    placed, errors = prepared_action({**values, "partners": ()}, boundaries, may_edit=may_edit, kinds=kinds)
    if errors:
        return None, errors
    links, errors = _resolve(named, partners, placed.gemeente_nis)
    links = partner_links(links, errors)
    return (None, errors) if errors else (replace(placed, partners=links), [])


def _resolve(named: list[tuple[str, str]], partners: Sequence[Partner], gemeente_nis: str):
    """``(naam or id, rol)`` pairs as ``(partner_id, rol)``: an id anywhere, a name in the municipality."""
    by_id = {p.id: p for p in partners}
    links, errors = [], []
    for name, role in named:
        if name in by_id:
            links.append((name, role))
            continue
        matches = [p for p in partners if p.gemeente_nis == gemeente_nis and p.naam.casefold() == name.casefold()]
        if len(matches) == 1:
            links.append((matches[0].id, role))
        elif matches:
            errors.append(texts.ACTIE_IMPORT_PARTNER_DUBBEL.format(naam=name[:80], gemeente=gemeente_nis) + ".")
        else:
            errors.append(texts.ACTIE_IMPORT_PARTNER_ONBEKEND.format(naam=name[:80], gemeente=gemeente_nis) + ".")
    return links, errors
