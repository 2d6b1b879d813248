-- A book's cover (SQLite twin of the MySQL file): the hash naming its stored renditions, and where it
-- came from ('upload' or 'audio'); both null means the store draws one.
ALTER TABLE books ADD COLUMN cover_hash TEXT NULL;
ALTER TABLE books ADD COLUMN cover_source TEXT NULL;
