-- Issue 13: no dead ends. A book whose AI copy misses a check waits in review (status 'review') with
-- the reason, instead of failing; each book has a language (asked at upload or detected); books whose
-- categories an admin set are labelled examples for the classifier, through their stored vector.
ALTER TABLE books ADD COLUMN language VARCHAR(16) NOT NULL DEFAULT 'detect';
ALTER TABLE books ADD COLUMN review_reason TEXT NULL;
ALTER TABLE books ADD COLUMN categories_confirmed_at BIGINT NULL;
-- Bumped by every redo and resume: the summarize step seeds its model with it, so a rerun after the
-- model's own failure tries something different instead of repeating the same draw.
ALTER TABLE pipeline_steps ADD COLUMN generation INT NOT NULL DEFAULT 0;
CREATE TABLE book_vectors (
  book_id CHAR(36) NOT NULL,
  model VARCHAR(100) NOT NULL,
  -- JSON array of floats: the mean embedding of windows spread over the transcript.
  vector MEDIUMTEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (book_id),
  CONSTRAINT book_vectors_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE store_settings (
  name VARCHAR(64) NOT NULL,
  value VARCHAR(255) NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
