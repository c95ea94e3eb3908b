-- Candidate partners from open data (kandidaten). `kandidaat` holds the last good list per
-- municipality and source (bron 'osm': OpenStreetMap, bron_id e.g. 'node/123'; 'poi': the Flemish
-- points of interest; 'eigen:<id>': a source a beheerder added, `kandidaat_bron`), replaced whole
-- by a successful refresh; `kandidaat_zoektocht` says when that list was fetched and why the
-- last refresh failed (melding). `kandidaat_afwijzing`: candidates marked "geen kandidaat", kept
-- hidden after every refresh. `partner_bron`: the source of a partner added from a candidate, so
-- a refresh never offers it again (no foreign key: an undone import or a deleted partner makes
-- the candidate reappear, a partner put back from the Logboek hides it again).
CREATE TABLE kandidaat (
    gemeente_nis  TEXT NOT NULL,
    bron          TEXT NOT NULL,
    bron_id       TEXT NOT NULL,
    naam          TEXT NOT NULL,
    categorie     TEXT NOT NULL,
    lat           REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon           REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    detail        TEXT NOT NULL DEFAULT '',
    straat        TEXT NOT NULL DEFAULT '',
    huisnummer    TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    plaats        TEXT NOT NULL DEFAULT '',
    wijk_code     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (gemeente_nis, bron, bron_id)
);

CREATE TABLE kandidaat_zoektocht (
    gemeente_nis  TEXT NOT NULL,
    bron          TEXT NOT NULL,
    opgehaald     TEXT NOT NULL DEFAULT '',
    aantal        INTEGER NOT NULL DEFAULT 0,
    melding       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (gemeente_nis, bron)
);

CREATE TABLE kandidaat_afwijzing (
    bron          TEXT NOT NULL,
    bron_id       TEXT NOT NULL,
    gemeente_nis  TEXT NOT NULL,
    naam          TEXT NOT NULL DEFAULT '',
    door          TEXT NOT NULL DEFAULT '',
    tijdstip      TEXT NOT NULL,
    PRIMARY KEY (bron, bron_id)
);

CREATE TABLE partner_bron (
    partner_id  TEXT PRIMARY KEY,
    bron        TEXT NOT NULL,
    bron_id     TEXT NOT NULL
);
CREATE INDEX partner_bron_bron ON partner_bron (bron, bron_id);

-- A candidate source a beheerder added: an uploaded file (formaat 'bestand': CSV/XLSX, GeoJSON, …) or
-- a URL (formaat 'geojson', 'wfs' or 'csv'), with a fixed kind (categorie) or the column that holds it
-- (kolom), and the attribution shown wherever its candidates appear.
CREATE TABLE kandidaat_bron (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    naam           TEXT NOT NULL CHECK (length(trim(naam)) > 0),
    formaat        TEXT NOT NULL CHECK (formaat IN ('bestand', 'geojson', 'wfs', 'csv')),
    url            TEXT NOT NULL DEFAULT '',
    bestand        TEXT NOT NULL DEFAULT '',
    categorie      TEXT NOT NULL DEFAULT '',
    kolom          TEXT NOT NULL DEFAULT '',
    bronvermelding TEXT NOT NULL DEFAULT '',
    aantal         INTEGER NOT NULL DEFAULT 0,
    opgehaald      TEXT NOT NULL DEFAULT '',
    melding        TEXT NOT NULL DEFAULT '',
    door           TEXT NOT NULL DEFAULT '',
    aangemaakt     TEXT NOT NULL
);
