-- A search in the page's own order (SQLite twin of the MySQL file): one row for each word of a book,
-- folded as search terms are, saying whether its title, author or description has it and whether its
-- transcript does, with the book's sort keys and whether it is on sale. A search for a word reads that
-- word's index in the page's order and stops after a page. The app writes the rows with the book and
-- its transcript (catalog/shelf-order.repository.ts) and, at start, for books that have none yet.
-- Each order's index ends with the flags, so a search reads no row beyond its index entries.
CREATE TABLE search_words (
  book_id TEXT NOT NULL,
  word TEXT NOT NULL,
  in_metadata INTEGER NOT NULL DEFAULT 0,
  in_transcript INTEGER NOT NULL DEFAULT 0,
  listed INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL DEFAULT '',
  published_at INTEGER NULL,
  price_minor INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (book_id, word),
  CONSTRAINT search_words_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX search_words_newest ON search_words (word, listed, published_at, book_id, in_metadata, in_transcript);
CREATE INDEX search_words_title ON search_words (word, listed, title, book_id, in_metadata, in_transcript);
CREATE INDEX search_words_price ON search_words (word, listed, price_minor, book_id, in_metadata, in_transcript);
