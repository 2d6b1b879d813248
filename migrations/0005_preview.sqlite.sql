-- A real preview file per uploaded book (SQLite twin of the MySQL file): the first PREVIEW_SECONDS
-- cut with ffmpeg stream copy. NULL for books without one (seeded demo books).
ALTER TABLE books ADD COLUMN preview_key TEXT NULL;
ALTER TABLE books ADD COLUMN preview_size INTEGER NULL;
