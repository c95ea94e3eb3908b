-- Mirrors sqlite/0005_setup_link_home.sql.
-- The one-time setup links printed at start while no account exists (only token hashes),
-- and the municipality each account opens by default.
CREATE TABLE opzet_token (
    token_hash  TEXT PRIMARY KEY,
    aangemaakt  TEXT NOT NULL,
    verloopt    TEXT NOT NULL
);

ALTER TABLE gebruiker ADD COLUMN standaard_gemeente TEXT NOT NULL DEFAULT '';
