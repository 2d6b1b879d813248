-- Each full-text index's vocabulary (term, documents holding it, occurrences), read by the catalog to
-- estimate how many books a search matches before it picks a plan (catalog/browse.repository.ts).
-- fts5vocab tables are views over the indexes: they store nothing and need no upkeep.
CREATE VIRTUAL TABLE books_fts_vocab USING fts5vocab(books_fts, row);
CREATE VIRTUAL TABLE transcript_search_fts_vocab USING fts5vocab(transcript_search_fts, row);
