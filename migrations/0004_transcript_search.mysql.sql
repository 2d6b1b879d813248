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

-- Transcripts composed before this migration become searchable too (seq = the segment's index, as
-- the pipeline writes it).
INSERT INTO transcript_search (book_id, seq, start_ms, text)
SELECT t.book_id, s.n - 1, ROUND(s.start_s * 1000), TRIM(s.text)
FROM transcripts t,
  JSON_TABLE(t.segments, '$[*]' COLUMNS (n FOR ORDINALITY, start_s DOUBLE PATH '$.start', text TEXT PATH '$.text')) AS s
WHERE TRIM(COALESCE(s.text, '')) <> '';
