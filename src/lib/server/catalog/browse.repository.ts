/**
 * Read-only SQL for the storefront: published books only. A search reads the word index in the page's
 * order (search_words: wordSearchPage); Thai, prefixes of many words, a search within categories and
 * several words with few matches use the dialect's full-text indexes (SQLite FTS5 books_fts, MySQL
 * FULLTEXT books_fulltext) and the transcripts' (transcript-search.repository.ts). One category reads
 * its shelf's own index (shelfPage). Pagination is keyset over (sort key, id).
 */
import { CompiledQuery, sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { LRUCache } from 'lru-cache';
import { dialectOf, type Db, type Dialect } from '../db';
import { fts5Match, innodbAgainst } from './fulltext';
import { plainTerms, TOP, wordsGeneration } from './search-words';
import { booksWithTranscriptMatch, segmentMatch, transcriptBookIds } from './transcript-search.repository';

export type BrowseSort = 'newest' | 'title' | 'price';

/** The last row of the previous page, in the order of `sort`. */
export interface BrowsePosition {
	sort: BrowseSort;
	key: number | string;
	id: string;
}

export interface BrowseFilter {
	categorySlugs: string[];
	/** Sanitised search terms (letters and digits only); all must match, each as a prefix. */
	terms: string[];
	sort: BrowseSort;
	after: BrowsePosition | null;
	limit: number;
}

export interface CategoryRef {
	slug: string;
	name: string;
	/** The Thai interface's name; null when none was given (then `name` is shown). */
	nameTh: string | null;
}

export interface BookSummaryRow {
	id: string;
	title: string;
	author: string;
	narrator: string | null;
	price_minor: number;
	currency: string;
	is_free: number;
	duration_ms: number;
	published_at: number | null;
	cover_hash: string | null;
	/** From a search on the word index: 1 when the book's transcript has a match, 0 when not (unknown otherwise). */
	in_transcript?: number;
}

const SUMMARY_COLUMNS = [
	'books.id',
	'books.title',
	'books.author',
	'books.narrator',
	'books.price_minor',
	'books.currency',
	'books.is_free',
	'books.duration_ms',
	'books.published_at',
	'books.cover_hash'
] as const;

/** The categories behind a set of slugs, and how many books the store and those categories hold. */
export interface ShelfSize {
	categoryIds: string[];
	/** Books filed under any of the categories (a book under two counts twice: this is a plan hint). */
	books: number;
	/** Published books in the whole store. */
	published: number;
}

/**
 * When a filter on several categories (or a category and a search) walks the sort order instead of
 * collecting the categories' books; one category alone reads its shelf (shelfPage). Both plans
 * read the sort order's index until the page is full, about (limit + 1) x published / books rows;
 * collecting first gathers all the category's books (the subquery behind IN), and walking instead
 * looks each row up in book_categories. Profiled on 10,000 and 100,000 seeded books (SQLite), a lookup
 * costs some 0.4-0.6 us more than reading a row and gathering costs 0.2-0.3 us a book, so walking wins
 * when books^2 > 2 x (limit + 1) x published: every big shelf, while a small one (where a walk would
 * read most of the store to fill a page) is collected.
 */
const WALK_COST = 2;
export function walksTheOrder(shelf: ShelfSize, limit: number): boolean {
	return shelf.books * shelf.books > WALK_COST * (limit + 1) * shelf.published;
}

/** About how many books a search matches (a plan hint: see estimateMatches), and how many are published. */
export interface SearchSize {
	matches: number;
	published: number;
}

/**
 * When a search walks the sort order instead of gathering its matches. Walking tests each book in
 * the sort order against the match list the full-text index builds, until the page is full: about
 * (limit + 1) x published / matches rows. Gathering fetches every match's row and sorts them. Profiled
 * on 10,000 and 100,000 seeded books, a walked row costs 0.3-0.5 us on SQLite and about 4 us on
 * MariaDB, a gathered match 4-6 us and about 23 us: walking wins when
 * matches^2 > 0.1-0.2 x (limit + 1) x published. A frequent word walks (a few hundred rows for a word
 * in one book in sixteen); a rare word, or one that matches nothing, is gathered, where a walk would
 * read the whole sort order to fill a page.
 */
const SEARCH_WALK_COST = 0.15;
export function walksTheSearch(size: SearchSize, limit: number): boolean {
	return size.matches * size.matches > SEARCH_WALK_COST * (limit + 1) * size.published;
}

/**
 * One page (up to limit + 1 rows, so the caller can tell whether another page follows). A search
 * without categories reads the word index unless it has several terms and few matches (gathersFewer);
 * otherwise a category filter picks its plan from the shelf's size (walksTheOrder), a search from its
 * estimated matches (walksTheSearch). The app passes the figures it keeps (shelf-sizes.ts), the
 * search's as a function, asked only when needed; without them, they are counted here. `words: 'skip'`
 * leaves the word index out (tests compare the plans).
 */
export async function listPublishedBooks(
	db: Db,
	f: BrowseFilter,
	shelf?: ShelfSize,
	search?: SearchSize | (() => Promise<SearchSize>),
	words: 'use' | 'skip' = 'use'
): Promise<BookSummaryRow[]> {
	// The search's size, asked for at most once and only when a plan depends on it.
	let size = typeof search === 'function' ? undefined : search;
	const sizeOf = async () => (size ??= typeof search === 'function' ? await search() : await sizeOfSearch(db, f.terms));
	if (f.terms.length && !f.categorySlugs.length && words === 'use') {
		const gathersInstead = f.terms.length > 1 && gathersFewer(await sizeOf(), f.terms.length, f.limit);
		const page = gathersInstead ? await gatheredSearchPage(db, f) : await wordSearchPage(db, f);
		if (page) return page;
	}
	search = f.terms.length ? await sizeOf() : undefined;
	const gathers = search !== undefined && !walksTheSearch(search, f.limit);
	let query = db
		.selectFrom('books')
		.select(SUMMARY_COLUMNS)
		// SQLite walks the status index whenever it can; a unary + takes that index away from a gather.
		.where(gathers && dialectOf(db) === 'sqlite' ? sql<SqlBool>`+books.status = ${'published'}` : sql<SqlBool>`books.status = ${'published'}`);
	if (f.categorySlugs.length) {
		shelf ??= { ...(await countShelf(db, f.categorySlugs)), published: await countPublished(db) };
		const ids = shelf.categoryIds;
		if (!ids.length) return [];
		if (ids.length === 1 && !f.terms.length) return shelfPage(db, ids[0]!, f);
		if (walksTheOrder(shelf, f.limit) && !f.terms.length) {
			// A scalar subquery with LIMIT, not EXISTS or IN: MariaDB turns those into a semi-join that
			// starts from the category and sorts it, which is the collecting plan again.
			query = query.where((eb) =>
				eb(
					eb
						.selectFrom('book_categories')
						.select('book_categories.book_id')
						.whereRef('book_categories.book_id', '=', 'books.id')
						.where('book_categories.category_id', 'in', ids)
						.limit(1),
					'is not',
					null
				)
			);
		} else {
			query = query.where('books.id', 'in', db.selectFrom('book_categories').select('book_id').where('category_id', 'in', ids));
		}
	}
	if (f.terms.length && gathers && dialectOf(db) === 'mysql') {
		// MariaDB, few matches: one derived table gives the matching books and, for each, whether a
		// transcript said it (flaggedMatches). It is materialised once and drives the join, so no MATCH
		// runs per book (see transcriptBookIds), and the transcripts are not read a second time for the flag.
		const matches = flaggedMatches(db, f.terms).as('m');
		query = query.innerJoin(matches, (join) => join.onRef('m.id', '=', 'books.id')).select('m.t as in_transcript') as unknown as typeof query;
	} else if (f.terms.length) {
		// A book matches through its metadata or through one segment of its transcript. The books the
		// transcripts give are looked up first and handed over as values (transcriptBookIds), unless
		// there are more than TRANSCRIPT_IDS_INLINE.
		const said = await transcriptBookIds(db, f.terms, TRANSCRIPT_IDS_INLINE);
		const mysql = dialectOf(db) === 'mysql';
		if (mysql && said === null) {
			// MariaDB evaluates MATCH row by row under an OR; the ids as a derived table (a UNION, which
			// it can neither merge nor run per book) are materialised once and drive the join.
			query = query.where('books.id', 'in', (eb) => eb.selectFrom(matchingIds(db, f.terms).as('m')).select('m.id'));
		} else if (said === null) {
			query = query.where((eb) => eb.or([fullTextMatch(db, f.terms), eb('books.id', 'in', booksWithTranscriptMatch(db, f.terms))]));
		} else {
			query = query.where((eb) => (said.length ? eb.or([fullTextMatch(db, f.terms), eb('books.id', 'in', said)]) : fullTextMatch(db, f.terms)));
		}
		// Which of the page's books matched through their transcript (the caller looks only those up for
		// the passage to show). Past the values' limit: on SQLite the ids as a derived table, materialised
		// once; on MariaDB every book of the page may have (no full-text subquery: see transcriptBookIds).
		query = query.select((eb) => {
			if (said === null && mysql) return sql.lit(1).as('in_transcript');
			if (said !== null && !said.length) return sql.lit(0).as('in_transcript');
			const saidIds = said ?? eb.selectFrom(booksWithTranscriptMatch(db, f.terms).as('said')).select('said.book_id');
			return eb.case().when('books.id', 'in', saidIds).then(sql.lit(1)).else(sql.lit(0)).end().as('in_transcript');
		}) as typeof query;
	}

	return inOrder(query, 'books.published_at', 'books.title', 'books.price_minor', 'books.id', f).limit(f.limit + 1).execute();
}

async function sizeOfSearch(db: Db, terms: string[]): Promise<SearchSize> {
	const published = await countPublished(db);
	return { matches: await estimateMatches(db, terms, published), published };
}

/**
 * Whether a search of several terms is better gathered from the full-text indexes than read from the
 * word index. The word index reads the driving term's books in the page's order and looks the other
 * terms up in each, until a page has them all: for two words each in a sixteenth of the books, some
 * 16 x (limit + 1) lookups, however big the store. Gathering costs each match instead. Measured on
 * SQLite, 10,000 seeded books: "silent harbour" (about 40 matches) gathered in 0.25 ms and read from
 * the word index in 0.5 ms; at 100,000 (about 400 matches) gathering costs several times the words'.
 * So a few matches per page row gather, more read the word index. One term always reads the words.
 */
const GATHER_PER_ROW = 4;
export function gathersFewer(search: SearchSize | undefined, terms: number, limit: number): boolean {
	return terms > 1 && search !== undefined && search.matches <= GATHER_PER_ROW * (limit + 1);
}

/** A prefix that expands to more words than this is searched through the full-text indexes instead. */
const MAX_EXPANSIONS = 16;

/**
 * A search's page read in the page's order from the word index (search_words, migration 0016); null
 * when the index cannot answer (a Thai term, or a prefix of more than MAX_EXPANSIONS words), and the
 * caller uses the full-text plans.
 *
 * Each term is a prefix. The longest term drives: the words it starts (found by seeking the index
 * once for each, never by reading their rows) are each read in the page's order, stopping after a
 * page. One term is answered by the index alone, since it holds the transcripts' words too. With
 * several, every other term is looked up in the book's own metadata words, and the books whose
 * transcript has a segment with every term are looked up in the full-text index first and merged
 * (transcriptBookIds; past TRANSCRIPT_IDS_INLINE of them, null). A book listed twice comes once.
 */
async function wordSearchPage(db: Db, f: BrowseFilter): Promise<BookSummaryRow[] | null> {
	let terms = plainTerms(f.terms);
	if (!terms) return null;
	// Words InnoDB's full-text index skips are skipped here too, so both halves of a search agree.
	if (dialectOf(db) === 'mysql') terms = terms.filter((t) => innodbAgainst([t]) !== null);
	if (!terms.length) return [];
	const driver = terms.reduce((a, b) => ([...b].length > [...a].length ? b : a));
	const others = terms.filter((t) => t !== driver);
	const words = await wordsStarting(db, driver);
	if (!words) return null;
	// Each other term is looked up in the book's words: one word it starts is a join on the words'
	// primary key; several are an EXISTS over its range, which MariaDB runs as a dependent subquery at
	// some 10 us a row (35 ms for two frequent words at 100,000 books), so there the full-text plans
	// answer instead.
	const otherWords = await Promise.all(others.map((other) => wordsStarting(db, other)));
	const joins = otherWords.every((w) => w?.length === 1) ? otherWords.map((w) => w![0]!) : null;
	if (!joins && dialectOf(db) === 'mysql') return null;
	const said = others.length ? await transcriptBookIds(db, f.terms, TRANSCRIPT_IDS_INLINE) : [];
	if (said === null) return null;
	const metadataWords = otherWords.some((w) => w?.length === 0) ? [] : words;
	if (!metadataWords.length && !said.length) return [];
	return pageOf(db, wordPageSql(dialectOf(db), { words: metadataWords, others, joins }, said, f), f.limit);
}

/**
 * A search of several terms with few matches, on SQLite: the books whose title, author or description
 * has every term, gathered from the full-text index and sorted, and those a transcript gives
 * (transcriptBookIds). Written out like wordSearchPage's, for the same reason; null on MariaDB, whose
 * plan is listPublishedBooks's derived table of matching ids, and past the values' limit.
 */
async function gatheredSearchPage(db: Db, f: BrowseFilter): Promise<BookSummaryRow[] | null> {
	if (dialectOf(db) !== 'sqlite') return null;
	const said = await transcriptBookIds(db, f.terms, TRANSCRIPT_IDS_INLINE);
	if (said === null) return null;
	return pageOf(db, wordPageSql('sqlite', { match: fts5Match(f.terms) }, said, f), f.limit);
}

/** At most this many books found through their transcripts are handed to a page's statement as values. */
const TRANSCRIPT_IDS_INLINE = 200;

/** Runs a written-out page statement; a book two arms list comes once, found through its transcript if either says so. */
async function pageOf(db: Db, { text, parameters }: { text: string; parameters: unknown[] }, limit: number): Promise<BookSummaryRow[]> {
	const { rows } = await db.executeQuery<BookSummaryRow>(CompiledQuery.raw(text, parameters));
	const byId = new Map<string, BookSummaryRow>();
	for (const row of rows) {
		const first = byId.get(row.id);
		if (!first) byId.set(row.id, { ...row, in_transcript: Number(row.in_transcript) });
		else if (Number(row.in_transcript)) first.in_transcript = 1;
	}
	// A Map keeps the order rows were first seen in: the page's.
	return [...byId.values()].slice(0, limit + 1);
}

/** SUMMARY_COLUMNS as the written-out statement names them (books as b). */
const PAGE_COLUMNS = SUMMARY_COLUMNS.map((column) => column.replace(/^books\./, 'b.')).join(', ');

/**
 * wordSearchPage's and gatheredSearchPage's statement, written out: it runs on every search, and
 * building it with Kysely's query builder cost more than running it (some 80 us a page on SQLite). One
 * arm per word the driving term starts, each reading that word's index in the page's order with the
 * other terms looked up in the book's words (or one arm gathering the full-text matches), and one arm
 * for the books a transcript gives; each stops after a page, and the union is put in the page's order.
 * Only values are parameters; every name in it is fixed here.
 */
function wordPageSql(
	dialect: Dialect,
	metadata: { words: string[]; others: string[]; joins: string[] | null } | { match: string },
	said: string[],
	f: Pick<BrowseFilter, 'sort' | 'after' | 'limit'>
): { text: string; parameters: unknown[] } {
	const [column, descending] = f.sort === 'newest' ? ['published_at', true] : f.sort === 'title' ? ['title', false] : ['price_minor', false];
	const direction = descending ? 'DESC' : 'ASC';
	const past = descending ? '<' : '>';
	const key = f.after ? (f.sort === 'title' ? String(f.after.key) : Number(f.after.key)) : null;
	const parameters: unknown[] = [];
	/** The keyset condition after the cursor and the order, on the arm's own copies of the keys. */
	const ordered = (keyColumn: string, idColumn: string) => {
		let where = '';
		if (f.after) {
			where = ` AND (${keyColumn} ${past} ? OR (${keyColumn} = ? AND ${idColumn} ${past} ?))`;
			parameters.push(key, key, f.after.id);
		}
		return `${where} ORDER BY ${keyColumn} ${direction}, ${idColumn} ${direction} LIMIT ${f.limit + 1}`;
	};
	const arms: string[] = [];
	const { words, others, joins } = 'match' in metadata ? { words: [], others: [], joins: null } : metadata;
	if ('match' in metadata) {
		// Gathered from SQLite's full-text index and sorted (gatheredSearchPage): the unary + keeps
		// SQLite from walking the status index instead.
		parameters.push(metadata.match);
		arms.push(
			`SELECT ${PAGE_COLUMNS}, 0 AS in_transcript FROM books b WHERE +b.status = 'published' AND b.rowid IN (SELECT rowid FROM books_fts WHERE books_fts MATCH ?)` +
				ordered(`b.${column}`, 'b.id')
		);
	}
	for (const word of words) {
		// One term: every book that has the word, in its metadata or its transcript (the row says which).
		// Several: books whose metadata has them all; transcripts need one segment with every term, which
		// only the full-text index can tell (the last arm). The other terms join on the words' primary
		// key, in this order (MariaDB's STRAIGHT_JOIN: it would otherwise start from the other word and
		// sort), or are looked up with EXISTS when one of them starts several words (SQLite only).
		let arm: string;
		if (!others.length) {
			parameters.push(word);
			arm = `SELECT ${PAGE_COLUMNS}, s.in_transcript FROM search_words s JOIN books b ON b.id = s.book_id WHERE s.word = ? AND s.listed = 1 AND b.status = 'published'`;
		} else if (joins) {
			const straight = dialect === 'mysql' ? 'STRAIGHT_JOIN ' : '';
			const joined = joins.map((_, i) => ` JOIN search_words o${i} ON o${i}.book_id = s.book_id AND o${i}.word = ? AND o${i}.in_metadata = 1`).join('');
			parameters.push(...joins, word);
			arm = `SELECT ${straight}${PAGE_COLUMNS}, 0 AS in_transcript FROM search_words s${joined} JOIN books b ON b.id = s.book_id WHERE s.word = ? AND s.listed = 1 AND s.in_metadata = 1 AND b.status = 'published'`;
		} else {
			parameters.push(word);
			arm = `SELECT ${PAGE_COLUMNS}, 0 AS in_transcript FROM search_words s JOIN books b ON b.id = s.book_id WHERE s.word = ? AND s.listed = 1 AND s.in_metadata = 1 AND b.status = 'published'`;
			for (const other of others) {
				arm += ' AND EXISTS (SELECT 1 FROM search_words o WHERE o.book_id = s.book_id AND o.word >= ? AND o.word < ? AND o.in_metadata = 1)';
				parameters.push(other, other + TOP);
			}
		}
		arms.push(arm + ordered(`s.${column}`, 's.book_id'));
	}
	if (said.length) {
		// The books a transcript gives (transcriptBookIds), by their primary key.
		parameters.push(...said);
		arms.push(`SELECT ${PAGE_COLUMNS}, 1 AS in_transcript FROM books b WHERE b.id IN (${said.map(() => '?').join(', ')}) AND b.status = 'published'` + ordered(`b.${column}`, 'b.id'));
	}
	if (!arms.length) return { text: `SELECT ${PAGE_COLUMNS}, 0 AS in_transcript FROM books b WHERE 1 = 0`, parameters };
	// One arm (a one-word search, the usual case) is already the page, in order.
	if (arms.length === 1) return { text: arms[0]!, parameters };
	const union = arms.map((arm, i) => `SELECT * FROM (${arm}) p${i}`).join(' UNION ALL ');
	return { text: `SELECT * FROM (${union}) u ORDER BY u.${column} ${direction}, u.id ${direction}`, parameters };
}

/**
 * The indexed words that start with the prefix, in order, or null when there are more than max. Each
 * is one seek of the word index (the least word after the last one found), so a word held by many
 * books costs no more than a rare one.
 */
async function wordsStarting(db: Db, prefix: string): Promise<string[] | null> {
	let cache = expansions.get(db);
	if (!cache) expansions.set(db, (cache = new LRUCache({ max: EXPANSIONS_KEPT, ttl: EXPANSION_TTL_MS })));
	const kept = cache.get(prefix);
	if (kept && kept.generation === wordsGeneration()) return kept.words;
	const generation = wordsGeneration();
	const words = await lookUpWordsStarting(db, prefix, MAX_EXPANSIONS);
	cache.set(prefix, { words, generation });
	return words;
}

/**
 * The words a prefix expands to, remembered for a few seconds: the term dictionary's answer is most of
 * a one-word search's cost on MariaDB (a round trip and a loose index scan). A write of a new word in
 * this process forgets them all at once (search-words.ts noteNewWords); a word that another instance
 * adds for the first time is found by a prefix within EXPANSION_TTL_MS there, as search engines
 * refresh their dictionaries every second or so. A word already in the store is never missed.
 */
const EXPANSION_TTL_MS = 5_000;
const EXPANSIONS_KEPT = 10_000;
const expansions = new WeakMap<Db, LRUCache<string, { words: string[] | null; generation: number }>>();

async function lookUpWordsStarting(db: Db, prefix: string, max: number): Promise<string[] | null> {
	const end = prefix + TOP;
	if (dialectOf(db) === 'mysql') {
		// MariaDB reads distinct leading keys with a loose index scan ("Using index for group-by"), one seek
		// a word; it would scan the range for the recursive query's correlated min().
		const { rows } = await sql<{ word: string }>`SELECT word FROM search_words WHERE word >= ${prefix} AND word < ${end} GROUP BY word ORDER BY word LIMIT ${max + 1}`.execute(db);
		return rows.length > max ? null : rows.map((r) => r.word);
	}
	// SQLite has no loose index scan: a recursive query seeks the next word after the last, up to max + 1.
	const { rows } = await sql<{ word: string }>`
		WITH RECURSIVE w (word, n) AS (
			SELECT (SELECT min(word) FROM search_words WHERE word >= ${prefix} AND word < ${end}), 1
			UNION ALL
			SELECT (SELECT min(s.word) FROM search_words s WHERE s.word > w.word AND s.word < ${end}), w.n + 1
			FROM w WHERE w.word IS NOT NULL AND w.n <= ${max}
		)
		SELECT word FROM w WHERE word IS NOT NULL`.execute(db);
	return rows.length > max ? null : rows.map((r) => r.word);
}

/**
 * One category's page, read from its shelf's index in the page's order (book_categories carries the
 * sort keys: shelf-order.repository.ts): about limit + 1 index entries and as many books, however big
 * the shelf or the store. The book's own status is checked too, so a stale copy never lists a draft.
 */
function shelfPage(db: Db, categoryId: string, f: BrowseFilter) {
	const query = db
		.selectFrom('book_categories as shelf')
		.innerJoin('books', 'books.id', 'shelf.book_id')
		.select(SUMMARY_COLUMNS)
		.where('shelf.category_id', '=', categoryId)
		.where('shelf.listed', '=', 1)
		.where('books.status', '=', 'published');
	return inOrder(query, 'shelf.published_at', 'shelf.title', 'shelf.price_minor', 'shelf.book_id', f).limit(f.limit + 1).execute();
}

/**
 * The sort's order and, after a cursor, the keyset condition: newest first (date of publication, then
 * id, descending), or by title or price (then id, ascending). The columns name where the keys are read.
 */
function inOrder<QB extends SelectQueryBuilder<any, any, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any
	query: QB,
	publishedAt: string,
	title: string,
	price: string,
	id: string,
	f: Pick<BrowseFilter, 'sort' | 'after'>
): QB {
	const [column, key, descending] =
		f.sort === 'newest'
			? [publishedAt, Number(f.after?.key), true]
			: f.sort === 'title'
				? [title, String(f.after?.key), false]
				: [price, Number(f.after?.key), false];
	const col = sql.ref(column);
	const idCol = sql.ref(id);
	let q = query;
	if (f.after) {
		const past = descending ? sql.raw('<') : sql.raw('>');
		q = q.where(sql<SqlBool>`(${col} ${past} ${key} OR (${col} = ${key} AND ${idCol} ${past} ${f.after.id}))`) as QB;
	}
	const direction = descending ? 'desc' : 'asc';
	return q.orderBy(col, direction).orderBy(idCol, direction) as QB;
}

/**
 * Each book whose metadata or transcript has every term, once, with t = 1 when a transcript segment
 * has them (drafts too: the caller filters). The GROUP BY keeps MariaDB from merging it into the outer
 * statement: it is read once, however many books the page walks. Measured at 10,000 books for "silent
 * harbour": 0.99 ms, against 1.31 ms for the separate transcript lookup and the page it replaced.
 */
function flaggedMatches(db: Db, terms: string[]) {
	const metadata = db.selectFrom('books').select(['books.id', sql<number>`0`.as('t')]).where(fullTextMatch(db, terms));
	const transcripts = db.selectFrom('transcript_search').select(['transcript_search.book_id as id', sql<number>`1`.as('t')]).where(segmentMatch(db, terms));
	return db
		.selectFrom(metadata.unionAll(transcripts).as('x'))
		.select(['x.id', (eb) => eb.fn.max('x.t').as('t')])
		.groupBy('x.id');
}

/** Ids of the books whose metadata or transcript has every term (drafts too: the caller filters). */
function matchingIds(db: Db, terms: string[]) {
	return db
		.selectFrom('books')
		.select('books.id')
		.where(fullTextMatch(db, terms))
		.union(db.selectFrom('transcript_search').select('transcript_search.book_id as id').where(segmentMatch(db, terms)));
}

/**
 * About how many books have every term, for walksTheSearch. SQLite reads the indexes' vocabularies
 * (migration 0014): each term's document count (a prefix sums its words), combined as if the terms
 * were independent, plus the transcript segments of the rarest term (an upper bound: a book can have
 * many). Only the plan depends on it, never the result. InnoDB
 * shows no vocabulary, so MariaDB counts the matches (the app keeps the figure: shelf-sizes.ts).
 */
export async function estimateMatches(db: Db, terms: string[], published: number): Promise<number> {
	if (dialectOf(db) !== 'sqlite') {
		if (innodbAgainst(terms) === null) return 0;
		const row = await db
			.selectFrom(matchingIds(db, terms).as('m'))
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		return Number(row.n);
	}
	let books = published;
	let segments = Infinity;
	for (const term of terms) {
		// As FTS5's unicode61 tokenizer sees the term: Latin accents folded (remove_diacritics 2), and
		// other marks (Thai vowels and tones) separating tokens, so "เรือ" is the phrase "เร" "อ". A
		// phrase is counted as its rarest token, an upper bound.
		const tokens = term
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.normalize('NFC')
			.split(/[^\p{L}\p{N}]+/u)
			.filter(Boolean);
		let termBooks = published;
		for (const token of tokens) {
			const upTo = `${token}\u{10ffff}`;
			const documents = (vocabulary: string) =>
				sql<number>`(SELECT coalesce(sum(doc), 0) FROM ${sql.table(vocabulary)} WHERE term >= ${token} AND term < ${upTo})`;
			const row = await db
				.selectNoFrom([documents('books_fts_vocab').as('books'), documents('transcript_search_fts_vocab').as('segments')])
				.executeTakeFirstOrThrow();
			termBooks = Math.min(termBooks, Number(row.books));
			segments = Math.min(segments, Number(row.segments));
		}
		books = published ? (books * termBooks) / published : 0;
	}
	return Math.round(books) + (Number.isFinite(segments) ? segments : 0);
}

/** Title, author or description has every term (the terms come from fulltext.ts's callers, sanitised). */
function fullTextMatch(db: Db, terms: string[]): Expression<SqlBool> {
	if (dialectOf(db) === 'sqlite') {
		return sql<SqlBool>`books.rowid IN (SELECT rowid FROM books_fts WHERE books_fts MATCH ${fts5Match(terms)})`;
	}
	const against = innodbAgainst(terms);
	if (against === null) return sql<SqlBool>`1 = 0`;
	return sql<SqlBool>`MATCH (books.title, books.author, books.description) AGAINST (${against} IN BOOLEAN MODE)`;
}

export async function findPublishedBook(db: Db, id: string) {
	return db
		.selectFrom('books')
		.select([...SUMMARY_COLUMNS, 'books.description', 'books.audio_format', 'books.audio_size'])
		.where('books.id', '=', id)
		.where('books.status', '=', 'published')
		.executeTakeFirst();
}

/** The audio blob of a published book, for the preview. */
export async function findPublishedAudio(db: Db, id: string) {
	return db
		.selectFrom('books')
		.select(['audio_key', 'audio_size', 'audio_mime', 'duration_ms', 'preview_key', 'preview_size'])
		.where('id', '=', id)
		.where('status', '=', 'published')
		.executeTakeFirst();
}

/** Categories of each given book, by name. */
export async function categoriesOfBooks(db: Db, bookIds: string[]): Promise<Map<string, CategoryRef[]>> {
	const byBook = new Map<string, CategoryRef[]>();
	if (!bookIds.length) return byBook;
	const rows = await db
		.selectFrom('book_categories')
		.innerJoin('categories', 'categories.id', 'book_categories.category_id')
		.select(['book_categories.book_id', 'categories.slug', 'categories.name', 'categories.name_th'])
		.where('book_categories.book_id', 'in', bookIds)
		.orderBy('categories.name')
		.execute();
	for (const r of rows) {
		const list = byBook.get(r.book_id) ?? [];
		list.push({ slug: r.slug, name: r.name, nameTh: r.name_th });
		byBook.set(r.book_id, list);
	}
	return byBook;
}

/** The category ids of these slugs and how many books are filed under them (for ShelfSize). */
export async function countShelf(db: Db, slugs: string[]): Promise<Omit<ShelfSize, 'published'>> {
	const ids = (await db.selectFrom('categories').select('id').where('slug', 'in', slugs).execute()).map((r) => r.id);
	if (!ids.length) return { categoryIds: [], books: 0 };
	const row = await db
		.selectFrom('book_categories')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('category_id', 'in', ids)
		.executeTakeFirstOrThrow();
	return { categoryIds: ids, books: Number(row.n) };
}

export async function countPublished(db: Db): Promise<number> {
	const row = await db
		.selectFrom('books')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('status', '=', 'published')
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function listCategories(db: Db): Promise<CategoryRef[]> {
	const rows = await db.selectFrom('categories').select(['slug', 'name', 'name_th']).orderBy('name').execute();
	return rows.map((r) => ({ slug: r.slug, name: r.name, nameTh: r.name_th }));
}
