-- Transcripts join catalog search (SQLite twin of the MySQL file; FTS5 instead of FULLTEXT): one row
-- per transcript segment with its start time, so a hit links to the moment it is said. Filled when
-- the pipeline composes a transcript; search only reads it for published books.
CREATE TABLE transcript_search (
  book_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  start_ms INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (book_id, seq),
  CONSTRAINT transcript_search_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
);

CREATE VIRTUAL TABLE transcript_search_fts USING fts5(text, content='transcript_search', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER transcript_search_fts_insert AFTER INSERT ON transcript_search BEGIN
  INSERT INTO transcript_search_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER transcript_search_fts_delete AFTER DELETE ON transcript_search BEGIN
  INSERT INTO transcript_search_fts (transcript_search_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER transcript_search_fts_update AFTER UPDATE OF text ON transcript_search BEGIN
  INSERT INTO transcript_search_fts (transcript_search_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
  INSERT INTO transcript_search_fts (rowid, text) VALUES (new.rowid, new.text);
END;

-- Transcripts composed before this migration become searchable too (seq = the segment's index, as
-- the pipeline writes it).
INSERT INTO transcript_search (book_id, seq, start_ms, text)
SELECT t.book_id, CAST(s.key AS INTEGER), CAST(ROUND(json_extract(s.value, '$.start') * 1000) AS INTEGER), trim(json_extract(s.value, '$.text'))
FROM transcripts t, json_each(t.segments) s
WHERE trim(coalesce(json_extract(s.value, '$.text'), '')) <> '';
