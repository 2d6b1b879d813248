-- A search in the page's own order: one row for each word of a book (folded as the app folds search
-- terms: lower case, accents removed), saying whether its title, author or description has it
-- (in_metadata) and whether its transcript does (in_transcript), and carrying the book's sort keys and
-- whether it is on sale, as book_categories does since 0015. A search for a word then reads that
-- word's index in the page's order and stops after a page, instead of gathering every book that has
-- the word and sorting them. The app writes the rows with the book and its transcript
-- (catalog/shelf-order.repository.ts) and, at start, for books that have none yet.
-- Each order's index ends with the flags, so a search reads no row beyond its index entries.
CREATE TABLE search_words (
  book_id CHAR(36) NOT NULL,
  word VARCHAR(64) NOT NULL,
  in_metadata TINYINT NOT NULL DEFAULT 0,
  in_transcript TINYINT NOT NULL DEFAULT 0,
  listed TINYINT NOT NULL DEFAULT 0,
  title VARCHAR(300) COLLATE utf8mb4_unicode_ci NOT NULL DEFAULT '',
  published_at BIGINT NULL,
  price_minor BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (book_id, word),
  KEY search_words_newest (word, listed, published_at, book_id, in_metadata, in_transcript),
  KEY search_words_title (word, listed, title, book_id, in_metadata, in_transcript),
  KEY search_words_price (word, listed, price_minor, book_id, in_metadata, in_transcript),
  CONSTRAINT search_words_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
