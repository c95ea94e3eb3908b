"""What an import would do, row by row: the options chosen, the report per row, the plan.

:func:`geo.importer.plan_import` fills an :class:`ImportPlan`; the review screen, the
command line and :func:`geo.importer.commit_import` read it. Every input row has exactly
one :class:`RowReport`: ``ok``, ``waarschuwing`` or ``geweigerd``, with Dutch reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from geo.export import csv_bytes
from geo.partners import Partner
from geo.uploads.tables import Table

MODES = ("toevoegen", "bijwerken", "vervangen")
OK, WARNING, REJECTED = "ok", "waarschuwing", "geweigerd"
KEEP_BOTH, KEEP_FIRST = "beide", "eerste"  # what to do with possible duplicates within the file
MERGED, SKIPPED = "samenvoegen", "overslaan"


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
    duplicates: str = KEEP_BOTH
    gemeente_keuzes: dict[int, str] | None = None  # row number -> NIS code chosen by the reviewer


@dataclass(slots=True)
class RowReport:
    """The outcome for one input row (slots: a file of 100,000 rows has as many)."""

    row: int
    status: str
    reasons: list[str] = field(default_factory=list)
    naam: str = ""
    action: str = ""
    needs_location: bool = False
    geocoded: bool = False
    match_id: str = ""
    gemeente_nis: str = ""  # where the row goes (set when it is added or updates a partner)
    gemeente_kandidaten: tuple[str, ...] = ()  # when the address fits several municipalities

    def add(self, status: str, reason: str) -> None:
        if status == REJECTED or (status == WARNING and self.status == OK):
            self.status = status
        self.reasons.append(reason)


@dataclass
class ImportPlan:
    """Everything the review screen shows, and what a commit would write."""

    filename: str
    table: Table  # the header and how the file was read; its rows are let go once planned
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
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step of the plan

    @property
    def counts(self) -> dict[str, int]:
        """Rows = accepted (stored; ``warnings`` of them with a warning) + rejected + merged (duplicates)."""
        counts = dict.fromkeys(("accepted", "warnings", "rejected", "merged", "needs_location"), 0)
        for report in self.reports:
            if report.status == REJECTED:
                counts["rejected"] += 1
            elif report.action in (MERGED, SKIPPED):
                counts["merged"] += 1
            else:
                counts["accepted"] += 1
                counts["warnings"] += report.status == WARNING
                counts["needs_location"] += report.needs_location
        return {"rows": len(self.reports), **counts, "geocoded": self.geocoded}

    def doubtful(self) -> list[RowReport]:
        """The rows whose address fits several municipalities, for the reviewer to choose."""
        return [r for r in self.reports if len(r.gemeente_kandidaten) > 1 and r.status != REJECTED]

    def report_dict(self) -> dict:
        """The JSON report: counts, the file's ``waarschuwingen`` (how it was read: e.g. which lines in
        which encoding, also as ``lijnen_per_codering``) and ``details`` (row number, status, reasons)."""
        return {
            **self.counts,
            "bestand": self.filename,
            "modus": self.options.modus,
            "toevoegen": len(self.added),
            "bijwerken": len(self.updated),
            "verwijderen": len(self.deleted),
            "waarschuwingen": list(self.warnings),
            "lijnen_per_codering": {name: list(lines) for name, lines in self.table.encoding_lines.items()},
            "details": [{"row": r.row, "status": r.status, "reason": "; ".join(r.reasons), "naam": r.naam,
                         "actie": r.action, "gemeente": r.gemeente_nis,
                         "kandidaten": list(r.gemeente_kandidaten)} for r in self.reports],
        }

    def report_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"rij": r.row, "status": r.status, "naam": r.naam, "actie": r.action,
                              "gemeente": r.gemeente_nis, "reden": "; ".join(r.reasons)} for r in self.reports],
                            columns=["rij", "status", "naam", "actie", "gemeente", "reden"])

    def report_csv(self) -> bytes:
        """The per-row report as CSV for Excel (formulas neutralised)."""
        return csv_bytes(self.report_frame())
