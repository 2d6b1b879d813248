-- Each listener's bookmarks (a position) and clips (a range) in a book, shared by all their devices.
-- The id is made by the client, so a mark created offline has an identity before the server sees it;
-- it is unique per user only, so one user's ids can never reach another's rows. changed_at is when
-- the client made the change (its clock, never later than the server's): the newer change wins.
-- A deleted mark stays as a tombstone (deleted = 1, note emptied) so that a stale edit queued on
-- another phone cannot bring it back.
CREATE TABLE book_marks (
  user_id CHAR(36) NOT NULL,
  id CHAR(36) NOT NULL,
  book_id CHAR(36) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NULL,
  note TEXT NOT NULL,
  deleted TINYINT NOT NULL DEFAULT 0,
  changed_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, id),
  KEY book_marks_user_book (user_id, book_id, start_ms),
  KEY book_marks_book (book_id),
  CONSTRAINT book_marks_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT book_marks_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
