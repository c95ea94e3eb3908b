-- Organiser accounts, their login sessions, failed-login counters, read-only share links,
-- and the audit log of every change (who, when, before and after).
CREATE TABLE gebruiker (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    email       TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) > 2),
    naam        TEXT NOT NULL,
    wachtwoord  TEXT NOT NULL,
    rol         TEXT NOT NULL CHECK (rol IN ('beheerder', 'organisator')),
    gemeenten   TEXT NOT NULL DEFAULT '',
    aangemaakt  TEXT NOT NULL,
    gewijzigd   TEXT NOT NULL
);

CREATE TABLE sessie (
    token_hash     TEXT PRIMARY KEY,
    gebruiker_id   INTEGER NOT NULL REFERENCES gebruiker (id) ON DELETE CASCADE,
    aangemaakt     TEXT NOT NULL,
    verloopt       TEXT NOT NULL,
    laatst_gezien  TEXT NOT NULL
);

CREATE TABLE login_poging (
    sleutel  TEXT PRIMARY KEY,
    mislukt  INTEGER NOT NULL,
    laatste  TEXT NOT NULL
);

CREATE TABLE deellink (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash       TEXT NOT NULL UNIQUE,
    gemeente_nis     TEXT NOT NULL,
    omschrijving     TEXT NOT NULL DEFAULT '',
    aangemaakt       TEXT NOT NULL,
    aangemaakt_door  TEXT NOT NULL DEFAULT '',
    verloopt         TEXT,
    ingetrokken      TEXT
);

CREATE TABLE audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    tijdstip      TEXT NOT NULL,
    gebruiker     TEXT NOT NULL DEFAULT '',
    actie         TEXT NOT NULL,
    partner_id    TEXT NOT NULL DEFAULT '',
    gemeente_nis  TEXT NOT NULL DEFAULT '',
    naam          TEXT NOT NULL DEFAULT '',
    voor          TEXT,
    na            TEXT,
    import_id     INTEGER
);
CREATE INDEX audit_gemeente ON audit (gemeente_nis, id);
CREATE INDEX audit_partner ON audit (partner_id);
