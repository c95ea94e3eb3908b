-- Partners, and a counter that changes with every write (for caches keyed on data version).
-- Mirrors sqlite/0001_partners.sql; the partner also gets a PostGIS point made from lat/lon.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE partner (
    id              TEXT PRIMARY KEY,
    naam            TEXT NOT NULL CHECK (length(trim(naam)) > 0),
    categorie       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('te contacteren', 'gecontacteerd', 'communiceert mee',
                                                    'zet zich mee in', 'haakt af')),
    organisatie     TEXT NOT NULL DEFAULT '',
    straat          TEXT NOT NULL DEFAULT '',
    huisnummer      TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL DEFAULT '',
    plaats          TEXT NOT NULL DEFAULT '',
    lat             DOUBLE PRECISION CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
    lon             DOUBLE PRECISION CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
    gemeente_nis    TEXT NOT NULL,
    wijk_code       TEXT NOT NULL DEFAULT '',
    contactpersoon  TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    telefoon        TEXT NOT NULL DEFAULT '',
    notities        TEXT NOT NULL DEFAULT '',
    bereik_m        INTEGER CHECK (bereik_m IS NULL OR bereik_m > 0),
    demo            BOOLEAN NOT NULL DEFAULT FALSE,
    versie          INTEGER NOT NULL DEFAULT 1,
    aangemaakt      TEXT NOT NULL,
    gewijzigd       TEXT NOT NULL,
    geom            geometry(Point, 4326) GENERATED ALWAYS AS (
                        CASE WHEN lat IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED,
    CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX partner_gemeente ON partner (gemeente_nis);
CREATE INDEX partner_wijk ON partner (wijk_code);
CREATE INDEX partner_geom ON partner USING gist (geom);

-- One row; writers lock it first (SELECT ... FOR UPDATE), so writes run one after the other
-- as under SQLite's BEGIN IMMEDIATE.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);

-- Small key/value facts about the store (for example whether the demo set was offered).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
