-- The store (SQLite twin of the MySQL file; search uses FTS5 instead of FULLTEXT): categories, books, pipeline steps, carts, orders and ownership. Money is integer minor units.
CREATE TABLE categories (
  id TEXT NOT NULL,
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (id)
);
CREATE UNIQUE INDEX categories_slug_unique ON categories (slug);

CREATE TABLE books (
  id TEXT NOT NULL,
  upload_id TEXT NOT NULL,
  title TEXT NOT NULL,
  author TEXT NOT NULL,
  narrator TEXT NULL,
  description TEXT NULL,
  price_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  is_free INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  audio_key TEXT NOT NULL,
  audio_size INTEGER NOT NULL,
  audio_mime TEXT NOT NULL,
  audio_format TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  published_at INTEGER NULL,
  PRIMARY KEY (id)
);
CREATE UNIQUE INDEX books_upload_unique ON books (upload_id);
CREATE INDEX books_status_published ON books (status, published_at, id);
CREATE INDEX books_status_title ON books (status, title, id);
CREATE INDEX books_status_price ON books (status, price_minor, id);

CREATE TABLE book_categories (
  book_id TEXT NOT NULL,
  category_id TEXT NOT NULL,
  PRIMARY KEY (book_id, category_id),
  CONSTRAINT book_categories_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE,
  CONSTRAINT book_categories_category_fk FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE CASCADE
);
CREATE INDEX book_categories_category ON book_categories (category_id, book_id);

CREATE TABLE pipeline_steps (
  book_id TEXT NOT NULL,
  step TEXT NOT NULL,
  position INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  provider TEXT NULL,
  error TEXT NULL,
  checkpoint TEXT NULL,
  lease_owner TEXT NULL,
  lease_expires_at INTEGER NULL,
  run_after INTEGER NULL,
  started_at INTEGER NULL,
  finished_at INTEGER NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (book_id, step),
  CONSTRAINT pipeline_steps_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
);
CREATE INDEX pipeline_steps_claim ON pipeline_steps (status, run_after);

CREATE TABLE carts (
  id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  status TEXT NOT NULL,
  order_id TEXT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT carts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX carts_user_status ON carts (user_id, status);

CREATE TABLE cart_items (
  cart_id TEXT NOT NULL,
  book_id TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (cart_id, book_id),
  CONSTRAINT cart_items_cart_fk FOREIGN KEY (cart_id) REFERENCES carts (id) ON DELETE CASCADE,
  CONSTRAINT cart_items_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
);

CREATE TABLE orders (
  id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  cart_id TEXT NOT NULL,
  idempotency_key TEXT NULL,
  total_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  payment_ref TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE UNIQUE INDEX orders_cart_unique ON orders (cart_id);
CREATE UNIQUE INDEX orders_idempotency_unique ON orders (user_id, idempotency_key);
CREATE INDEX orders_user ON orders (user_id, created_at);

CREATE TABLE order_lines (
  order_id TEXT NOT NULL,
  book_id TEXT NOT NULL,
  title TEXT NOT NULL,
  price_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  PRIMARY KEY (order_id, book_id),
  CONSTRAINT order_lines_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)
);

CREATE TABLE ownerships (
  user_id TEXT NOT NULL,
  book_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, book_id),
  CONSTRAINT ownerships_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT ownerships_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)
);
CREATE INDEX ownerships_book ON ownerships (book_id);

INSERT INTO categories (id, slug, name, created_at) VALUES
  ('00000000-0000-7000-8000-000000000001', 'fiction', 'Fiction', 0),
  ('00000000-0000-7000-8000-000000000002', 'mystery-thriller', 'Mystery & Thriller', 0),
  ('00000000-0000-7000-8000-000000000003', 'science-fiction', 'Science Fiction', 0),
  ('00000000-0000-7000-8000-000000000004', 'fantasy', 'Fantasy', 0),
  ('00000000-0000-7000-8000-000000000005', 'romance', 'Romance', 0),
  ('00000000-0000-7000-8000-000000000006', 'horror', 'Horror', 0),
  ('00000000-0000-7000-8000-000000000007', 'historical-fiction', 'Historical Fiction', 0),
  ('00000000-0000-7000-8000-000000000008', 'literary-classics', 'Literary Classics', 0),
  ('00000000-0000-7000-8000-000000000009', 'biography-memoir', 'Biography & Memoir', 0),
  ('00000000-0000-7000-8000-000000000010', 'history', 'History', 0),
  ('00000000-0000-7000-8000-000000000011', 'science-technology', 'Science & Technology', 0),
  ('00000000-0000-7000-8000-000000000012', 'business-economics', 'Business & Economics', 0),
  ('00000000-0000-7000-8000-000000000013', 'self-development', 'Self-Development', 0),
  ('00000000-0000-7000-8000-000000000014', 'health-wellness', 'Health & Wellness', 0),
  ('00000000-0000-7000-8000-000000000015', 'philosophy-religion', 'Philosophy & Religion', 0),
  ('00000000-0000-7000-8000-000000000016', 'children', 'Children', 0),
  ('00000000-0000-7000-8000-000000000017', 'young-adult', 'Young Adult', 0),
  ('00000000-0000-7000-8000-000000000018', 'comedy', 'Comedy', 0),
  ('00000000-0000-7000-8000-000000000019', 'poetry-drama', 'Poetry & Drama', 0),
  ('00000000-0000-7000-8000-000000000020', 'travel-nature', 'Travel & Nature', 0),
  ('00000000-0000-7000-8000-000000000021', 'language-learning', 'Language Learning', 0),
  ('00000000-0000-7000-8000-000000000022', 'true-crime', 'True Crime', 0);

CREATE VIRTUAL TABLE books_fts USING fts5(title, author, description, content='books', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER books_fts_insert AFTER INSERT ON books BEGIN
  INSERT INTO books_fts (rowid, title, author, description) VALUES (new.rowid, new.title, new.author, coalesce(new.description, ''));
END;
CREATE TRIGGER books_fts_delete AFTER DELETE ON books BEGIN
  INSERT INTO books_fts (books_fts, rowid, title, author, description) VALUES ('delete', old.rowid, old.title, old.author, coalesce(old.description, ''));
END;
CREATE TRIGGER books_fts_update AFTER UPDATE OF title, author, description ON books BEGIN
  INSERT INTO books_fts (books_fts, rowid, title, author, description) VALUES ('delete', old.rowid, old.title, old.author, coalesce(old.description, ''));
  INSERT INTO books_fts (rowid, title, author, description) VALUES (new.rowid, new.title, new.author, coalesce(new.description, ''));
END;
