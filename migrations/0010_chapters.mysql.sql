-- A book's chapters, in order. source says where each came from: the audio file's own chapter marks
-- ('file'), a heading spoken in the recording ('heading'), a change of topic found in the transcript
-- ('topic'), or an admin's edit ('admin'). A chapter runs from its start_ms to the next one's.
CREATE TABLE book_chapters (
  book_id CHAR(36) NOT NULL,
  position INT NOT NULL,
  start_ms BIGINT NOT NULL,
  title VARCHAR(200) NOT NULL,
  source VARCHAR(16) NOT NULL,
  PRIMARY KEY (book_id, position),
  CONSTRAINT book_chapters_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- When an admin last saved the book's chapters, an empty list too: the chapters step then keeps them.
ALTER TABLE books ADD COLUMN chapters_set_at BIGINT NULL;

-- The pipeline gains a chapters step between transcribe and summarize. Books uploaded before it get
-- the step too, pending, so the runner finds their chapters once their transcript is there.
UPDATE pipeline_steps SET position = position + 1 WHERE step IN ('summarize', 'publish');
INSERT INTO pipeline_steps (book_id, step, position, status, attempts, updated_at)
SELECT book_id, 'chapters', 2, 'pending', 0, UNIX_TIMESTAMP() * 1000 FROM pipeline_steps WHERE step = 'transcribe';
