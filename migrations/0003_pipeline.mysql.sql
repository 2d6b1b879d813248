-- The AI pipeline's outputs and its event log. Chunks and map parts are the checkpoints of their steps;
-- pipeline_events is the bus the admin console reads (ids only grow).
CREATE TABLE transcript_chunks (
  book_id CHAR(36) NOT NULL,
  chunk_index INT NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  segments LONGTEXT NOT NULL,
  provider VARCHAR(32) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (book_id, chunk_index),
  CONSTRAINT transcript_chunks_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE transcripts (
  book_id CHAR(36) NOT NULL,
  text LONGTEXT NOT NULL,
  segments LONGTEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (book_id),
  CONSTRAINT transcripts_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE summary_parts (
  book_id CHAR(36) NOT NULL,
  part_index INT NOT NULL,
  hash VARCHAR(64) NOT NULL,
  text LONGTEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (book_id, part_index),
  CONSTRAINT summary_parts_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE pipeline_events (
  id BIGINT NOT NULL AUTO_INCREMENT,
  book_id CHAR(36) NOT NULL,
  type VARCHAR(32) NOT NULL,
  payload LONGTEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (id),
  KEY pipeline_events_book (book_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE pipeline_event_horizons (
  book_id CHAR(36) NOT NULL,
  pruned_through BIGINT NOT NULL,
  PRIMARY KEY (book_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
