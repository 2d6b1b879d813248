-- A category page in the page's own order (SQLite twin of the MySQL file): each filing carries its
-- book's sort keys and whether the book is on sale, so the page reads its shelf's index in that order
-- and stops after a page. The app keeps the copies (catalog/shelf-order.repository.ts).
ALTER TABLE book_categories ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE book_categories ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE book_categories ADD COLUMN published_at INTEGER NULL;
ALTER TABLE book_categories ADD COLUMN price_minor INTEGER NOT NULL DEFAULT 0;
UPDATE book_categories SET
  listed = (SELECT CASE WHEN books.status = 'published' THEN 1 ELSE 0 END FROM books WHERE books.id = book_categories.book_id),
  title = (SELECT books.title FROM books WHERE books.id = book_categories.book_id),
  published_at = (SELECT books.published_at FROM books WHERE books.id = book_categories.book_id),
  price_minor = (SELECT books.price_minor FROM books WHERE books.id = book_categories.book_id);
CREATE INDEX book_categories_shelf_newest ON book_categories (category_id, listed, published_at, book_id);
CREATE INDEX book_categories_shelf_title ON book_categories (category_id, listed, title, book_id);
CREATE INDEX book_categories_shelf_price ON book_categories (category_id, listed, price_minor, book_id);
