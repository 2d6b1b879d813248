-- Each listener's bookmarks and clips in a book (SQLite twin of the MySQL file). Client-made ids,
-- unique per user; the newer changed_at wins; a deleted mark stays as a tombstone.
CREATE TABLE book_marks (
  user_id TEXT NOT NULL,
  id TEXT NOT NULL,
  book_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER,
  note TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  changed_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, id),
  CONSTRAINT book_marks_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT book_marks_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
);
CREATE INDEX book_marks_user_book ON book_marks (user_id, book_id, start_ms);
CREATE INDEX book_marks_book ON book_marks (book_id);
