-- Mirrors sqlite/0008_context_kinds_formats.sql: two more kinds of context layer (`halte`,
-- `deelfiets`) and three more URL formats (`cambio`, `wfs`, `csv`). PostgreSQL changes the
-- CHECK constraints in place (their names are the ones PostgreSQL gave them in 0007).
ALTER TABLE context_laag DROP CONSTRAINT context_laag_soort_check;
ALTER TABLE context_laag ADD CONSTRAINT context_laag_soort_check
    CHECK (soort IN ('deelauto', 'station', 'mobipunt', 'laadpunt', 'halte', 'deelfiets', 'ander'));
ALTER TABLE context_laag DROP CONSTRAINT context_laag_bron_check;
ALTER TABLE context_laag ADD CONSTRAINT context_laag_bron_check
    CHECK (bron IN ('bestand', 'geojson', 'gbfs', 'gtfs', 'cambio', 'wfs', 'csv'));
