-- Two more kinds of context layer (`halte`: bus, tram and metro stops; `deelfiets`: shared
-- bikes) and three more URL formats (`cambio`: Cambio's station list, `wfs`: a WFS answering
-- GeoJSON, `csv`: a CSV table with coordinates), for the sources in one click (data/bronnen.json).
-- SQLite cannot change a CHECK constraint, so both tables are rebuilt with their rows and ids:
-- the objects are copied aside and their table dropped first, so dropping the layers cascades
-- to nothing; the AUTOINCREMENT counter is kept, so a removed layer's id is never given again.
CREATE TABLE context_laag_0008 AS SELECT * FROM context_laag;
CREATE TABLE context_object_0008 AS SELECT * FROM context_object;
CREATE TABLE context_volgnummer_0008 AS SELECT seq FROM sqlite_sequence WHERE name = 'context_laag';
DROP INDEX context_object_laag;
DROP TABLE context_object;
DROP TABLE context_laag;

CREATE TABLE context_laag (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    naam             TEXT NOT NULL CHECK (length(trim(naam)) > 0),
    soort            TEXT NOT NULL CHECK (soort IN ('deelauto', 'station', 'mobipunt', 'laadpunt', 'halte',
                                                    'deelfiets', 'ander')),
    kleur            TEXT NOT NULL DEFAULT '#CC6677',
    symbool          TEXT NOT NULL DEFAULT '',
    bron             TEXT NOT NULL CHECK (bron IN ('bestand', 'geojson', 'gbfs', 'gtfs', 'cambio', 'wfs', 'csv')),
    url              TEXT NOT NULL DEFAULT '',
    bestand          TEXT NOT NULL DEFAULT '',
    publiek          INTEGER NOT NULL DEFAULT 0 CHECK (publiek IN (0, 1)),
    ververs_minuten  INTEGER NOT NULL DEFAULT 0 CHECK (ververs_minuten >= 0),
    bronvermelding   TEXT NOT NULL DEFAULT '',
    opgehaald        TEXT NOT NULL DEFAULT '',
    melding          TEXT NOT NULL DEFAULT '',
    aangemaakt       TEXT NOT NULL,
    gewijzigd        TEXT NOT NULL,
    versie           INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE context_object (
    id             INTEGER PRIMARY KEY,
    laag_id        INTEGER NOT NULL REFERENCES context_laag (id) ON DELETE CASCADE,
    naam           TEXT NOT NULL DEFAULT '',
    lon            REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat            REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    detail         TEXT NOT NULL DEFAULT '',
    geometrie      TEXT NOT NULL DEFAULT '',
    eigenschappen  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX context_object_laag ON context_object (laag_id);

INSERT INTO context_laag (id, naam, soort, kleur, symbool, bron, url, bestand, publiek, ververs_minuten,
                          bronvermelding, opgehaald, melding, aangemaakt, gewijzigd, versie)
    SELECT id, naam, soort, kleur, symbool, bron, url, bestand, publiek, ververs_minuten,
           bronvermelding, opgehaald, melding, aangemaakt, gewijzigd, versie FROM context_laag_0008;
INSERT INTO context_object (id, laag_id, naam, lon, lat, detail, geometrie, eigenschappen)
    SELECT id, laag_id, naam, lon, lat, detail, geometrie, eigenschappen FROM context_object_0008;
UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0) FROM context_volgnummer_0008))
    WHERE name = 'context_laag';
DROP TABLE context_volgnummer_0008;
DROP TABLE context_object_0008;
DROP TABLE context_laag_0008;
