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
