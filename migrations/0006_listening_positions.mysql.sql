-- Where each listener is in each book, shared by all their devices. observed_at is when the client
-- saw that position (its clock, never later than the server's); the newest observation wins, so an
-- update queued on an offline phone never overwrites a later one from another device.
CREATE TABLE listening_positions (
  user_id CHAR(36) NOT NULL,
  book_id CHAR(36) NOT NULL,
  position_ms BIGINT NOT NULL,
  observed_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, book_id),
  KEY listening_positions_book (book_id),
  CONSTRAINT listening_positions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT listening_positions_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
