-- The area a partner serves explicitly: '' (category default), 'cirkel', 'gemeente' or 'wijken:<codes>'.
ALTER TABLE partner ADD COLUMN bediend_gebied TEXT NOT NULL DEFAULT '';
