-- A real preview file per uploaded book: the first PREVIEW_SECONDS cut with ffmpeg stream copy, so
-- its header states the preview's own duration. NULL for books without one (seeded demo books):
-- those fall back to a byte prefix of the book.
ALTER TABLE books ADD COLUMN preview_key VARCHAR(512) NULL;
ALTER TABLE books ADD COLUMN preview_size BIGINT NULL;
