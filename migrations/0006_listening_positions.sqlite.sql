-- Where each listener is in each book (SQLite twin of the MySQL file). The newest observed_at wins,
-- so an update queued on an offline phone never overwrites a later one from another device.
CREATE TABLE listening_positions (
  user_id TEXT NOT NULL,
  book_id TEXT NOT NULL,
  position_ms INTEGER NOT NULL,
  observed_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, book_id),
  CONSTRAINT listening_positions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT listening_positions_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
);
CREATE INDEX listening_positions_book ON listening_positions (book_id);
