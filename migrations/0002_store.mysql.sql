-- The store: categories, books, pipeline steps, carts, orders and ownership. Money is integer minor units.
CREATE TABLE categories (
  id CHAR(36) NOT NULL,
  slug VARCHAR(64) NOT NULL,
  name VARCHAR(100) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY categories_slug_unique (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE books (
  id CHAR(36) NOT NULL,
  upload_id VARCHAR(64) NOT NULL,
  title VARCHAR(300) COLLATE utf8mb4_unicode_ci NOT NULL,
  author VARCHAR(200) COLLATE utf8mb4_unicode_ci NOT NULL,
  narrator VARCHAR(200) COLLATE utf8mb4_unicode_ci NULL,
  description TEXT COLLATE utf8mb4_unicode_ci NULL,
  price_minor BIGINT NOT NULL,
  currency CHAR(3) NOT NULL,
  is_free TINYINT NOT NULL DEFAULT 0,
  status VARCHAR(16) NOT NULL,
  audio_key VARCHAR(512) NOT NULL,
  audio_size BIGINT NOT NULL,
  audio_mime VARCHAR(100) NOT NULL,
  audio_format VARCHAR(32) NOT NULL,
  duration_ms BIGINT NOT NULL,
  created_by CHAR(36) NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  published_at BIGINT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY books_upload_unique (upload_id),
  KEY books_status_published (status, published_at, id),
  KEY books_status_title (status, title, id),
  KEY books_status_price (status, price_minor, id),
  FULLTEXT KEY books_fulltext (title, author, description)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE book_categories (
  book_id CHAR(36) NOT NULL,
  category_id CHAR(36) NOT NULL,
  PRIMARY KEY (book_id, category_id),
  KEY book_categories_category (category_id, book_id),
  CONSTRAINT book_categories_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE,
  CONSTRAINT book_categories_category_fk FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE pipeline_steps (
  book_id CHAR(36) NOT NULL,
  step VARCHAR(16) NOT NULL,
  position INT NOT NULL,
  status VARCHAR(16) NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  provider VARCHAR(32) NULL,
  error TEXT NULL,
  checkpoint LONGTEXT NULL,
  lease_owner VARCHAR(64) NULL,
  lease_expires_at BIGINT NULL,
  run_after BIGINT NULL,
  started_at BIGINT NULL,
  finished_at BIGINT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (book_id, step),
  KEY pipeline_steps_claim (status, run_after),
  CONSTRAINT pipeline_steps_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE carts (
  id CHAR(36) NOT NULL,
  user_id CHAR(36) NOT NULL,
  status VARCHAR(16) NOT NULL,
  order_id CHAR(36) NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (id),
  KEY carts_user_status (user_id, status),
  CONSTRAINT carts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE cart_items (
  cart_id CHAR(36) NOT NULL,
  book_id CHAR(36) NOT NULL,
  added_at BIGINT NOT NULL,
  PRIMARY KEY (cart_id, book_id),
  CONSTRAINT cart_items_cart_fk FOREIGN KEY (cart_id) REFERENCES carts (id) ON DELETE CASCADE,
  CONSTRAINT cart_items_book_fk FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE orders (
  id CHAR(36) NOT NULL,
  user_id CHAR(36) NOT NULL,
  cart_id CHAR(36) NOT NULL,
  idempotency_key VARCHAR(128) NULL,
  total_minor BIGINT NOT NULL,
  currency CHAR(3) NOT NULL,
  status VARCHAR(16) NOT NULL,
  payment_ref VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY orders_cart_unique (cart_id),
  UNIQUE KEY orders_idempotency_unique (user_id, idempotency_key),
  KEY orders_user (user_id, created_at),
  CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE order_lines (
  order_id CHAR(36) NOT NULL,
  book_id CHAR(36) NOT NULL,
  title VARCHAR(300) NOT NULL,
  price_minor BIGINT NOT NULL,
  currency CHAR(3) NOT NULL,
  PRIMARY KEY (order_id, book_id),
  CONSTRAINT order_lines_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ownerships (
  user_id CHAR(36) NOT NULL,
  book_id CHAR(36) NOT NULL,
  order_id CHAR(36) NOT NULL,
  granted_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, book_id),
  KEY ownerships_book (book_id),
  CONSTRAINT ownerships_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT ownerships_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

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
