-- The history of every partner as the campaign's progress needs it (Voortgang): one row each
-- time a partner appears, or changes status, name, kind, place or reach, and one row with
-- status NULL when it is removed. The store writes these rows in the same transaction as the
-- partner itself (geo.store.history_tables). Rows for the time before this schema are rebuilt
-- from the audit log and the import records when the migration runs; they carry
-- gereconstrueerd = 1.
CREATE TABLE partner_historiek (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id       TEXT NOT NULL,
    tijdstip         TEXT NOT NULL,
    gemeente_nis     TEXT NOT NULL,
    status           TEXT CHECK (status IS NULL OR status IN ('te contacteren', 'gecontacteerd', 'communiceert mee',
                                                              'zet zich mee in', 'haakt af')),
    naam             TEXT NOT NULL DEFAULT '',
    categorie        TEXT NOT NULL DEFAULT '',
    lat              REAL,
    lon              REAL,
    wijk_code        TEXT NOT NULL DEFAULT '',
    bereik_m         INTEGER,
    bediend_gebied   TEXT NOT NULL DEFAULT '',
    gereconstrueerd  INTEGER NOT NULL DEFAULT 0 CHECK (gereconstrueerd IN (0, 1))
);
CREATE INDEX partner_historiek_gemeente ON partner_historiek (gemeente_nis, tijdstip);
CREATE INDEX partner_historiek_partner ON partner_historiek (partner_id, id);
