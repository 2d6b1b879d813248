-- A book's cover. cover_hash names the stored renditions (covers/<book id>/<hash>/<width>.webp) and is
-- part of their URLs, so a new cover gets new URLs and the old ones may be cached for ever.
-- cover_source: 'upload' (an admin's image) or 'audio' (the picture embedded in the audio file).
-- Both null: the store draws a cover from the title, author and first category.
ALTER TABLE books ADD COLUMN cover_hash VARCHAR(32) NULL;
ALTER TABLE books ADD COLUMN cover_source VARCHAR(8) NULL;
