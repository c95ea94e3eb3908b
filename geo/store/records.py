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


@dataclass(frozen=True)
class UserRecord:
    """An organiser account as stored: ``wachtwoord`` is a password hash, never the password."""

    email: str
    naam: str
    wachtwoord: str
    rol: str
    gemeenten: tuple[str, ...] = ()
    id: int = 0
    aangemaakt: str = ""
    gewijzigd: str = ""
    standaard_gemeente: str = ""  # the municipality the account opens by default ("" none yet)


@dataclass(frozen=True)
class SessionRecord:
    """A login session; the browser holds the token, the store only its hash."""

    token_hash: str
    gebruiker_id: int
    aangemaakt: str
    verloopt: str
    laatst_gezien: str


@dataclass(frozen=True)
class ShareLinkRecord:
    """A read-only share link for one municipality; the store keeps only the token's hash."""

    token_hash: str
    gemeente_nis: str
    omschrijving: str = ""
    aangemaakt_door: str = ""
    verloopt: str | None = None
    id: int = 0
    aangemaakt: str = ""
    ingetrokken: str | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who did what to which partner, with before/after images (JSON)."""

    tijdstip: str
    gebruiker: str
    actie: str
    partner_id: str = ""
    gemeente_nis: str = ""
    naam: str = ""
    voor: str | None = None
    na: str | None = None
    import_id: int | None = None
    id: int = 0


USER_FIELDS = tuple(f.name for f in fields(UserRecord))
SESSION_FIELDS = tuple(f.name for f in fields(SessionRecord))
SHARE_LINK_FIELDS = tuple(f.name for f in fields(ShareLinkRecord))
AUDIT_FIELDS = tuple(f.name for f in fields(AuditEntry))
