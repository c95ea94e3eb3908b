-- Mirrors sqlite/0006_drop_unused_wijk_index.sql.
-- No query selects partners by wijk (the wijk is read with the partner), so the index on it
-- only cost time and space on every write: an import of 100,000 partners spent a tenth of
-- its writing time keeping it up to date.
DROP INDEX IF EXISTS partner_wijk;
