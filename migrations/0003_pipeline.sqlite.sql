-- The AI pipeline's outputs and its event log (SQLite twin of the MySQL file). Chunks and map parts are
-- the checkpoints of their steps; pipeline_events is the bus the admin console reads (ids only grow).
CREATE TABLE transcript_chunks (
  book_id TEXT NOT NULL,
  chunk_index INTEGER NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  segments TEXT NOT NULL,
  provider TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (book_id, chunk_index),
  CONSTRAINT transcript_chunks_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
);

CREATE TABLE transcripts (
  book_id TEXT NOT NULL,
  text TEXT NOT NULL,
  segments TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (book_id),
  CONSTRAINT transcripts_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
);

CREATE TABLE summary_parts (
  book_id TEXT NOT NULL,
  part_index INTEGER NOT NULL,
  hash TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (book_id, part_index),
  CONSTRAINT summary_parts_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
);

CREATE TABLE pipeline_events (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  book_id TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX pipeline_events_book ON pipeline_events (book_id, id);

CREATE TABLE pipeline_event_horizons (
  book_id TEXT NOT NULL,
  pruned_through INTEGER NOT NULL,
  PRIMARY KEY (book_id)
);
