-- Import history with the before-image of every partner an import touched (for undo),
-- the geocoder cache, and the remembered column mappings of earlier uploads.
CREATE TABLE import_run (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    gebruiker     TEXT NOT NULL DEFAULT '',
    tijdstip      TEXT NOT NULL,
    bestand       TEXT NOT NULL,
    gemeente_nis  TEXT NOT NULL DEFAULT '',
    modus         TEXT NOT NULL CHECK (modus IN ('toevoegen', 'bijwerken', 'vervangen')),
    toegevoegd    INTEGER NOT NULL DEFAULT 0,
    bijgewerkt    INTEGER NOT NULL DEFAULT 0,
    verwijderd    INTEGER NOT NULL DEFAULT 0,
    geweigerd     INTEGER NOT NULL DEFAULT 0,
    ongedaan      TEXT
);

CREATE TABLE import_change (
    import_id   INTEGER NOT NULL REFERENCES import_run (id) ON DELETE CASCADE,
    partner_id  TEXT NOT NULL,
    actie       TEXT NOT NULL CHECK (actie IN ('toegevoegd', 'bijgewerkt', 'verwijderd')),
    voor        TEXT,
    na_versie   INTEGER,
    PRIMARY KEY (import_id, partner_id)
);

CREATE TABLE geocode_cache (
    provider   TEXT NOT NULL,
    vraag      TEXT NOT NULL,
    antwoord   TEXT NOT NULL,
    tijdstip   TEXT NOT NULL,
    PRIMARY KEY (provider, vraag)
);

CREATE TABLE column_mapping (
    kolommen   TEXT PRIMARY KEY,
    mapping    TEXT NOT NULL,
    tijdstip   TEXT NOT NULL
);
