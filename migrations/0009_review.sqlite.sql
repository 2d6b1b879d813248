-- Issue 13 (SQLite twin of the MySQL file): review status and reason, a language per book, labelled
-- examples through stored vectors, a generation per pipeline step, and store settings.
ALTER TABLE books ADD COLUMN language TEXT NOT NULL DEFAULT 'detect';
ALTER TABLE books ADD COLUMN review_reason TEXT NULL;
ALTER TABLE books ADD COLUMN categories_confirmed_at INTEGER NULL;
ALTER TABLE pipeline_steps ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
CREATE TABLE book_vectors (
  book_id TEXT NOT NULL PRIMARY KEY,
  model TEXT NOT NULL,
  vector TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  CONSTRAINT book_vectors_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
);
CREATE TABLE store_settings (
  name TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
