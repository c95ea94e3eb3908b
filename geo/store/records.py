"""Plain records the store returns besides partners."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class ImportRun:
    """One entry of the import history: who, when, which file, what it did."""

    bestand: str
    modus: str
    gemeente_nis: str = ""
    gebruiker: str = ""
    geweigerd: int = 0
    id: int = 0
    tijdstip: str = ""
    toegevoegd: int = 0
    bijgewerkt: int = 0
    verwijderd: int = 0
    ongedaan: str | None = None


IMPORT_RUN_FIELDS = tuple(f.name for f in fields(ImportRun))
