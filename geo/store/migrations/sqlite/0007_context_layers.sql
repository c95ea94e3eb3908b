-- Context layers beside the partners (shared cars, stations, mobipunten, chargers, ...) and
-- their objects: a point in WGS84 each; a zone or line keeps its shape as GeoJSON text in
-- `geometrie` and its representative point in lon/lat. How many objects a layer has is
-- counted when it is read, not stored. Deleting a layer deletes its objects.
CREATE TABLE context_laag (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    naam             TEXT NOT NULL CHECK (length(trim(naam)) > 0),
    soort            TEXT NOT NULL CHECK (soort IN ('deelauto', 'station', 'mobipunt', 'laadpunt', 'ander')),
    kleur            TEXT NOT NULL DEFAULT '#CC6677',
    symbool          TEXT NOT NULL DEFAULT '',
    bron             TEXT NOT NULL CHECK (bron IN ('bestand', 'geojson', 'gbfs', 'gtfs')),
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
