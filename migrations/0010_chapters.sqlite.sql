-- A book's chapters, in order (SQLite twin of the MySQL file). source: 'file' (the audio file's
-- chapter marks), 'heading' (spoken), 'topic' (found in the transcript) or 'admin'.
CREATE TABLE book_chapters (
  book_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  start_ms INTEGER NOT NULL,
  title TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (book_id, position),
  CONSTRAINT book_chapters_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
);

-- When an admin last saved the book's chapters, an empty list too: the chapters step then keeps them.
ALTER TABLE books ADD COLUMN chapters_set_at INTEGER;

-- The pipeline gains a chapters step between transcribe and summarize (see the MySQL file).
UPDATE pipeline_steps SET position = position + 1 WHERE step IN ('summarize', 'publish');
INSERT INTO pipeline_steps (book_id, step, position, status, attempts, updated_at)
SELECT book_id, 'chapters', 2, 'pending', 0, CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM pipeline_steps WHERE step = 'transcribe';
