-- Mirrors sqlite/0009_actions.sql; each action with a point also gets a PostGIS point `geom`
-- (SRID 4326) that the database derives from lon/lat, for GIS software reading the database.
-- Joint actions with partners (acties): a title, a kind, a date or period, an optional place
-- (a point in WGS84, or only a wijk), a state, optional people reached and funding, notes.
-- `bereikt_wijk` (0/1) marks that the action reaches its wijk (Dekking's "bereikt door een actie").
-- The partners of an action and their role are rows of actie_partner; they go with the action.
-- partner_id has no foreign key: a deleted partner stays named in the actions it took part in.
CREATE TABLE actie (
    id            TEXT PRIMARY KEY,
    titel         TEXT NOT NULL CHECK (length(trim(titel)) > 0),
    soort         TEXT NOT NULL,
    datum         TEXT NOT NULL,
    einddatum     TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('gepland', 'gedaan', 'geannuleerd')),
    gemeente_nis  TEXT NOT NULL,
    wijk_code     TEXT NOT NULL DEFAULT '',
    lat           DOUBLE PRECISION CHECK (lat BETWEEN -90 AND 90),
    lon           DOUBLE PRECISION CHECK (lon BETWEEN -180 AND 180),
    bereikt_wijk  INTEGER NOT NULL DEFAULT 0 CHECK (bereikt_wijk IN (0, 1)),
    bereikt       BIGINT CHECK (bereikt >= 0),
    financiering  TEXT NOT NULL DEFAULT '',
    bedrag        DOUBLE PRECISION CHECK (bedrag >= 0),
    notities      TEXT NOT NULL DEFAULT '',
    versie        INTEGER NOT NULL DEFAULT 1,
    aangemaakt    TEXT NOT NULL,
    gewijzigd     TEXT NOT NULL,
    geom          geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED
);
CREATE INDEX actie_gemeente ON actie (gemeente_nis, datum);

CREATE TABLE actie_partner (
    actie_id    TEXT NOT NULL REFERENCES actie (id) ON DELETE CASCADE,
    partner_id  TEXT NOT NULL,
    rol         TEXT NOT NULL CHECK (rol IN ('communiceert mee', 'organiseert mee')),
    volgorde    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (actie_id, partner_id)
);
CREATE INDEX actie_partner_partner ON actie_partner (partner_id);
