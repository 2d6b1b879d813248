-- Transcripts join catalog search: one row per transcript segment with its start time, so a hit links
-- to the moment it is said. Filled when the pipeline composes a transcript; search only reads it for
-- published books. FULLTEXT here, FTS5 in the SQLite twin.
CREATE TABLE transcript_search (
  book_id CHAR(36) NOT NULL,
  seq INT NOT NULL,
  start_ms BIGINT NOT NULL,
  text TEXT COLLATE utf8mb4_unicode_ci NOT NULL,
  PRIMARY KEY (book_id, seq),
  FULLTEXT KEY transcript_search_fulltext (text),
  CONSTRAINT transcript_search_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
