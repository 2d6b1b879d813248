/**
 * The catalog's plans: one category reads its shelf's index (checked against the books themselves,
 * through every write that moves a book); several categories walk the sort order or collect the
 * categories' books; and a search (read the word index in the page's order, or walk the sort order, or
 * gather the full-text matches) give the same pages, in the same order, across cursors, on the
 * configured database; and each choice follows its size.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import {
	countShelf,
	countPublished,
	estimateMatches,
	gathersFewer,
	listPublishedBooks,
	walksTheOrder,
	walksTheSearch,
	type BrowseFilter,
	type BrowsePosition,
	type BrowseSort,
	type SearchSize,
	type ShelfSize
} from '../../src/lib/server/catalog/browse.repository';
import { searchTerms } from '../../src/lib/server/catalog/browse';
import { booksWithTranscriptMatch, indexTranscript } from '../../src/lib/server/catalog/transcript-search.repository';
import { createShelfSizes } from '../../src/lib/server/catalog/shelf-sizes';
import { fileBook, indexMissingWords, shelfDrift, wordDrift } from '../../src/lib/server/catalog/shelf-order.repository';
import { freshDb, type TestDb } from '../helpers/db';
import { insertBook } from '../helpers/pipeline';

let fresh: TestDb;
let db: Db;
const BOOKS = 60;
const ADJECTIVES = ['Silent', 'Crimson', 'Hidden'];
const NOUNS = ['Harbour', 'Harbourmaster', 'Orchard', 'Lighthouse'];
const THAI_SAID = 'คืนนั้นผู้ดูแลประภาคารเห็นแสงไฟจากเรือประมงลำเล็ก';
/** Published books whose transcript says THAI_SAID. */
const saidInThai: string[] = [];

beforeAll(async () => {
	fresh = await freshDb();
	db = fresh.db;
	await migrateToLatest(db);
	const cats = await db.selectFrom('categories').select(['id', 'slug']).orderBy('slug').limit(3).execute();
	// Titles repeat and prices tie, so the id must break ties the same way in both plans.
	for (let i = 0; i < BOOKS; i++) {
		const { bookId } = await insertBook(db, { title: `${ADJECTIVES[i % 3]} ${NOUNS[i % 4]} ${i % 7}` });
		const status = i % 11 === 5 ? 'draft' : 'published';
		await db
			.updateTable('books')
			.set({ status, price_minor: (i % 4) * 5000, published_at: status === 'published' ? 1_700_000_000_000 + (i % 9) * 1000 : null })
			.where('id', '=', bookId)
			.execute();
		// Category 0 holds about half the books, 1 a few, 2 none.
		const filed = [...(i % 2 === 0 ? [cats[0]!.id] : []), ...(i % 13 === 0 ? [cats[1]!.id] : [])];
		await fileBook(db, bookId, filed);
		// Some books match only through their transcript: Thai words, or an English one in no title.
		const said = [...(i % 5 === 0 ? [THAI_SAID] : []), ...(i % 10 === 3 ? ['the orchard keeper sang at dawn'] : [])];
		if (said.length) await indexTranscript(db, bookId, said.map((text, n) => ({ start: n * 10, text })));
		if (i % 5 === 0 && status === 'published') saidInThai.push(bookId);
	}
}, 120_000);

afterAll(async () => {
	await fresh?.close();
});

/** Every page of the filter, following the cursors, as ids. */
async function allPages(filter: Omit<BrowseFilter, 'after'>, shelf?: ShelfSize, search?: SearchSize, words: 'use' | 'skip' = 'use'): Promise<string[]> {
	const ids: string[] = [];
	let after: BrowsePosition | null = null;
	for (let guard = 0; guard < 100; guard++) {
		const rows = await listPublishedBooks(db, { ...filter, after }, shelf, search, words);
		const page = rows.slice(0, filter.limit);
		ids.push(...page.map((r) => r.id));
		if (rows.length <= filter.limit) return ids;
		const last = page.at(-1)!;
		const key = filter.sort === 'newest' ? Number(last.published_at) : filter.sort === 'title' ? last.title : Number(last.price_minor);
		after = { sort: filter.sort, key, id: last.id };
	}
	throw new Error('the pages never ended');
}

describe('category filter plans', () => {
	const cases: Array<[BrowseSort, number]> = [
		['newest', 4],
		['title', 5],
		['price', 3],
		['title', 50]
	];
	it.each(cases)('sort %s, %i a page: walking and collecting list the same books in the same order', async (sort, limit) => {
		const slugs = (await db.selectFrom('categories').select('slug').orderBy('slug').limit(3).execute()).map((c) => c.slug);
		// One category reads its own shelf (below); several choose between walking and collecting.
		for (const categorySlugs of [[slugs[0]!, slugs[1]!], [slugs[1]!, slugs[2]!], [slugs[0]!, slugs[2]!]]) {
			const filter = { categorySlugs, terms: [], sort, limit };
			const size = await countShelf(db, categorySlugs);
			const walking: ShelfSize = { ...size, books: 1_000_000, published: 1 };
			const collecting: ShelfSize = { ...size, books: 0, published: 1_000_000 };
			expect(walksTheOrder(walking, limit)).toBe(true);
			expect(walksTheOrder(collecting, limit)).toBe(false);
			const reference = await allPages(filter);
			expect(await allPages(filter, walking), categorySlugs.join('+')).toEqual(reference);
			expect(await allPages(filter, collecting), categorySlugs.join('+')).toEqual(reference);
			// No duplicates, drafts never listed.
			expect(new Set(reference).size).toBe(reference.length);
		}
	});

	it('an unknown category lists nothing, whatever the plan', async () => {
		const shelf = await createShelfSizes(db).of([`no-such-${randomUUID().slice(0, 8)}`]);
		expect(shelf.categoryIds).toEqual([]);
		expect(await listPublishedBooks(db, { categorySlugs: ['nope'], terms: [], sort: 'title', after: null, limit: 10 }, shelf)).toEqual([]);
	});

	it('counts the shelf and the store', async () => {
		const slugs = (await db.selectFrom('categories').select('slug').orderBy('slug').limit(2).execute()).map((c) => c.slug);
		const shelf = await createShelfSizes(db).of([slugs[1]!, slugs[0]!, slugs[0]!]);
		expect(shelf.categoryIds).toHaveLength(2);
		expect(shelf.books).toBe(30 + 5); // even i for the first, i % 13 === 0 for the second
		expect(shelf.published).toBe(BOOKS - Math.ceil((BOOKS - 5) / 11));
	});
});

describe('search plans', () => {
	const walking: SearchSize = { matches: 1_000_000, published: 1 };
	const gathering: SearchSize = { matches: 0, published: 1_000_000 };
	const published = () => allPages({ categorySlugs: [], terms: [], sort: 'title', limit: 100 });

	it.each<[string, BrowseSort, number]>([
		['harbour', 'newest', 4],
		['harb', 'title', 5],
		['silent harbourmaster', 'price', 3],
		['orchard', 'title', 4],
		['เรือประมง', 'newest', 2],
		['ผู้ดูแล เรือ', 'price', 50],
		['crimson zzzq', 'title', 5],
		['narr crim', 'newest', 4],
		['harbour orchard', 'title', 3],
		['keeper', 'price', 2],
		// The other term starts two words (harbour, harbourmaster): an EXISTS on SQLite, full text on MariaDB.
		['silent harb', 'title', 3]
	])('%s, sort %s, %i a page: walking and gathering list the same books in the same order', async (q, sort, limit) => {
		const terms = searchTerms(q);
		expect(walksTheSearch(walking, limit)).toBe(true);
		expect(walksTheSearch(gathering, limit)).toBe(false);
		const slugs = (await db.selectFrom('categories').select('slug').orderBy('slug').limit(2).execute()).map((c) => c.slug);
		for (const categorySlugs of [[], [slugs[0]!], [slugs[1]!]]) {
			const filter = { categorySlugs, terms, sort, limit };
			const reference = await allPages(filter, undefined, undefined, 'skip');
			// Many matches: the word index answers (few would gather several terms: gathersFewer).
			expect(await allPages(filter, undefined, walking), `${q} ${categorySlugs}: the word index`).toEqual(reference);
			expect(await allPages(filter), `${q} ${categorySlugs}: as sized`).toEqual(reference);
			expect(await allPages(filter, undefined, walking, 'skip'), `${q} ${categorySlugs}`).toEqual(reference);
			expect(await allPages(filter, undefined, gathering, 'skip'), `${q} ${categorySlugs}`).toEqual(reference);
			expect(new Set(reference).size).toBe(reference.length);
		}
	});

	it('says which books a transcript gave, in every plan: only those get a passage looked up', async () => {
		const slugs = (await db.selectFrom('categories').select('slug').orderBy('slug').limit(1).execute()).map((c) => c.slug);
		for (const q of ['orchard', 'harbour', 'silent harbourmaster', 'เรือประมง']) {
			const terms = searchTerms(q);
			const said = new Set((await booksWithTranscriptMatch(db, terms).execute()).map((r) => r.book_id));
			for (const categorySlugs of [[], slugs]) {
				for (const [plan, size] of [['walking', walking], ['gathering', gathering]] as const) {
					const rows = await listPublishedBooks(db, { categorySlugs, terms, sort: 'title', after: null, limit: 100 }, undefined, size);
					const flagged = rows.filter((r) => Number(r.in_transcript) === 1).map((r) => r.id);
					// A plan may flag more than the transcripts gave (MariaDB past the values' limit), never fewer.
					for (const id of rows.map((r) => r.id).filter((id) => said.has(id))) expect(flagged, `${q} ${categorySlugs} ${plan}: ${id}`).toContain(id);
					if (plan === 'gathering') expect(flagged.sort(), `${q} ${categorySlugs} ${plan}`).toEqual(rows.map((r) => r.id).filter((id) => said.has(id)).sort());
				}
			}
		}
	});

	it('finds what each word should: prefixes, transcripts, Thai, nothing for an unknown word', async () => {
		const found = async (q: string) => (await allPages({ categorySlugs: [], terms: searchTerms(q), sort: 'title', limit: 7 }, undefined, gathering)).sort();
		const all = await published();
		const byTitle = async (word: string) =>
			(await db.selectFrom('books').select('id').where('status', '=', 'published').where('title', 'like', `%${word}%`).execute()).map((r) => r.id);
		// "harbour" is a prefix of "harbourmaster": both nouns' books; "orchard" adds the books that only say it.
		expect(await found('harbour')).toEqual((await byTitle('Harbour')).sort());
		expect((await found('harbourmaster')).length).toBeGreaterThan(0);
		expect((await found('harbourmaster')).every((id) => all.includes(id))).toBe(true);
		const orchard = await found('orchard');
		expect(orchard.length).toBeGreaterThan((await byTitle('Orchard')).length);
		expect(await found('เรือประมง')).toEqual([...saidInThai].sort());
		expect(await found('ผู้ดูแล เรือ')).toEqual([...saidInThai].sort());
		expect(await found('zzzq')).toEqual([]);
		for (const q of ['harbour', 'เรือประมง', 'zzzq']) {
			expect(await allPages({ categorySlugs: [], terms: searchTerms(q), sort: 'newest', limit: 3 }, undefined, walking, 'skip')).toEqual(
				await allPages({ categorySlugs: [], terms: searchTerms(q), sort: 'newest', limit: 3 }, undefined, gathering, 'skip')
			);
		}
	});

	it('folds accents and case as the full-text index does, and leaves a prefix of many words to it', async () => {
		const { updateBookMetadata } = await import('../../src/lib/server/catalog/books.repository');
		const { bookId } = await insertBook(db, { title: 'Crème Brûlée at Dawn' });
		// Eighteen words that start with "quo": more than the word index expands, so "quo" uses full text.
		const many = Array.from({ length: 18 }, (_, i) => `quo${String.fromCharCode(97 + i)}ill`).join(' ');
		await updateBookMetadata(db, bookId, { description: `A quiet tale. ${many}` }, undefined, 1);
		await db.updateTable('books').set({ status: 'published', published_at: 1_700_000_000_500 }).where('id', '=', bookId).execute();
		await fileBook(db, bookId, []);
		const search = (q: string, words: 'use' | 'skip') => allPages({ categorySlugs: [], terms: searchTerms(q), sort: 'title', limit: 2 }, undefined, words === 'use' ? walking : gathering, words);
		for (const q of ['creme', 'CRÈME brul', 'quo', 'quoa', 'quorill', 'quiet']) {
			const expected = await search(q, 'skip');
			expect(expected, q).toContain(bookId);
			expect(await search(q, 'use'), q).toEqual(expected);
		}
		expect(await wordDrift(db)).toEqual([]);
	});

	it("keeps a transcript's words through edits of the book, and replaces them when the transcript is redone", async () => {
		const { updateBookMetadata, setBookStatus } = await import('../../src/lib/server/catalog/books.repository');
		const { bookId } = await insertBook(db, { title: 'Plain Title' });
		await setBookStatus(db, bookId, 'published', 1_700_000_000_700);
		const found = (q: string) => allPages({ categorySlugs: [], terms: searchTerms(q), sort: 'newest', limit: 3 }, undefined, walking);
		await indexTranscript(db, bookId, [{ start: 0, text: 'The lantern swung over the quay' }]);
		expect(await found('lantern')).toContain(bookId);
		const row = await db.selectFrom('search_words').select(['in_metadata', 'in_transcript']).where('book_id', '=', bookId).where('word', '=', 'lantern').executeTakeFirstOrThrow();
		expect([Number(row.in_metadata), Number(row.in_transcript)]).toEqual([0, 1]);
		await updateBookMetadata(db, bookId, { title: 'The Lantern Quay', description: 'Nothing else.' }, undefined, 2);
		expect(await wordDrift(db)).toEqual([]);
		expect(await found('lantern')).toContain(bookId);
		// Not yet said: the word is new to the store, and the prefix's (empty) expansion is remembered.
		expect(await found('altogether')).toEqual([]);
		await indexTranscript(db, bookId, [{ start: 0, text: 'A different story altogether' }]);
		expect(await wordDrift(db)).toEqual([]);
		expect(await found('swung')).not.toContain(bookId);
		expect(await found('lantern')).toContain(bookId); // still in its title
		expect(await found('altogether')).toContain(bookId);
		await setBookStatus(db, bookId, 'draft', 3);
		expect(await wordDrift(db)).toEqual([]);
		expect(await found('altogether')).not.toContain(bookId);
	});

	it('indexes the words of books written before the word index, once', async () => {
		await db.deleteFrom('search_words').execute();
		expect((await wordDrift(db)).length).toBeGreaterThan(BOOKS);
		expect(await allPages({ categorySlugs: [], terms: searchTerms('harbour'), sort: 'title', limit: 5 })).toEqual([]);
		expect(await indexMissingWords(db, 7)).toBeGreaterThan(BOOKS);
		expect(await wordDrift(db)).toEqual([]);
		expect(await indexMissingWords(db)).toBe(0);
		const terms = searchTerms('harbour');
		expect(await allPages({ categorySlugs: [], terms, sort: 'title', limit: 5 })).toEqual(await allPages({ categorySlugs: [], terms, sort: 'title', limit: 5 }, undefined, gathering, 'skip'));
	});

	it('estimates a frequent word above a rare one and an unknown word at nothing', async () => {
		const publishedCount = await countPublished(db);
		const estimate = (q: string) => estimateMatches(db, searchTerms(q), publishedCount);
		expect(await estimate('zzzq')).toBe(0);
		const harbour = await estimate('harbour');
		expect(harbour).toBeGreaterThan(0);
		expect(await estimate('silent harbourmaster')).toBeLessThan(harbour);
		expect(await estimate('เรือประมง')).toBeGreaterThan(0);
		const sizes = createShelfSizes(db);
		expect((await sizes.search(searchTerms('harbour'))).matches).toBe(harbour);
		expect((await sizes.search(searchTerms('harbour'))).published).toBe(publishedCount);
	});
});

describe('gathersFewer', () => {
	it.each([
		['one word never gathers', { matches: 3, published: 100_000 }, 1, false],
		['two words in 40 books gather', { matches: 40, published: 10_000 }, 2, true],
		['two words in 400 books read the word index', { matches: 400, published: 100_000 }, 2, false],
		['no size known reads the word index', undefined, 2, false]
	])('%s', (_label, size, terms, gathers) => {
		expect(gathersFewer(size, terms, 24)).toBe(gathers);
	});
});

describe('walksTheSearch', () => {
	it.each([
		['a word in a sixteenth of 100,000 books walks', { matches: 6250, published: 100_000 }, 24, true],
		['two words in 400 of 100,000 books gather', { matches: 400, published: 100_000 }, 24, false],
		['a word in no book gathers', { matches: 0, published: 100_000 }, 24, false],
		['a word in every book walks', { matches: 10_000, published: 10_000 }, 24, true]
	])('%s', (_label, size, limit, walks) => {
		expect(walksTheSearch(size, limit)).toBe(walks);
	});
});

describe('walksTheOrder', () => {
	it.each([
		['a shelf with a tenth of 100,000 books walks', { books: 10_000, published: 100_000 }, 24, true],
		['a shelf with a hundredth of 100,000 books collects', { books: 1000, published: 100_000 }, 24, false],
		['a store of 1,000 with a shelf of 600 walks', { books: 600, published: 1000 }, 24, true],
		['an empty shelf collects', { books: 0, published: 100 }, 24, false]
	])('%s', (_label, size, limit, walks) => {
		expect(walksTheOrder({ categoryIds: ['x'], ...size }, limit)).toBe(walks);
	});
});

describe('a single category reads its own shelf', () => {
	/** What the category holds, as the books themselves say, in the sort's order (the test's own sort). */
	async function expected(categoryId: string, sort: BrowseSort): Promise<string[]> {
		const rows = await db
			.selectFrom('books')
			.innerJoin('book_categories', 'book_categories.book_id', 'books.id')
			.select(['books.id', 'books.title', 'books.price_minor', 'books.published_at'])
			.where('book_categories.category_id', '=', categoryId)
			.where('books.status', '=', 'published')
			.execute();
		const key = (r: (typeof rows)[number]) => (sort === 'newest' ? Number(r.published_at) : sort === 'title' ? r.title : Number(r.price_minor));
		const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
		rows.sort((a, b) => cmp(key(a), key(b)) || cmp(a.id, b.id));
		if (sort === 'newest') rows.reverse();
		return rows.map((r) => r.id);
	}

	async function pagesMatch(label: string) {
		const cat = await db.selectFrom('categories').select(['id', 'slug']).orderBy('slug').executeTakeFirstOrThrow();
		for (const sort of ['newest', 'title', 'price'] as const) {
			for (const limit of [4, 50]) {
				expect(await allPages({ categorySlugs: [cat.slug], terms: [], sort, limit }), `${label}: ${sort}, ${limit} a page`).toEqual(await expected(cat.id, sort));
			}
		}
		expect(await shelfDrift(db), label).toEqual([]);
		// A search reads the word index, whose rows follow the same writes.
		expect(await wordDrift(db), label).toEqual([]);
		for (const q of ['harbour', 'aardvark dawn', 'zebra', 'silent', 'narrator']) {
			for (const sort of ['newest', 'title', 'price'] as const) {
				const filter = { categorySlugs: [], terms: searchTerms(q), sort, limit: 4 };
				expect(await allPages(filter, undefined, { matches: 1e6, published: 1 }), `${label}: ${q}, ${sort}`).toEqual(await allPages(filter, undefined, { matches: 0, published: 1e6 }, 'skip'));
			}
		}
	}

	it('lists what the category holds in every order across cursors, and follows every write that moves a book', async () => {
		const { updateBookMetadata, setBookStatus } = await import('../../src/lib/server/catalog/books.repository');
		const outputs = await import('../../src/lib/server/pipeline/outputs.repository');
		const cat = await db.selectFrom('categories').select(['id', 'slug']).orderBy('slug').executeTakeFirstOrThrow();
		const other = await db.selectFrom('categories').select(['id', 'slug']).orderBy('slug').limit(1).offset(1).executeTakeFirstOrThrow();
		await pagesMatch('as seeded');
		const onShelf = await expected(cat.id, 'title');
		const moved = onShelf[onShelf.length - 1]!;

		await updateBookMetadata(db, moved, { title: 'Aardvark Dawn' }, undefined, 10);
		await pagesMatch('renamed');
		expect((await allPages({ categorySlugs: [cat.slug], terms: [], sort: 'title', limit: 4 }))[0]).toBe(moved);

		await updateBookMetadata(db, moved, { price_minor: 1 }, undefined, 11);
		await pagesMatch('repriced');

		await setBookStatus(db, moved, 'draft', 12);
		await pagesMatch('unpublished');
		expect(await allPages({ categorySlugs: [cat.slug], terms: [], sort: 'newest', limit: 50 })).not.toContain(moved);

		await setBookStatus(db, moved, 'published', 13);
		await pagesMatch('published again');

		await updateBookMetadata(db, moved, {}, [other.id], 14);
		await pagesMatch('moved to another shelf');
		expect(await allPages({ categorySlugs: [cat.slug], terms: [], sort: 'title', limit: 50 })).not.toContain(moved);

		await outputs.holdForReview(db, moved, { categories: [cat.slug], description: 'x' }, 'a reason', 15);
		await pagesMatch('kept published by a pipeline rerun');

		const draft = (await insertBook(db, { title: 'Zebra Night' })).bookId;
		await outputs.holdForReview(db, draft, { categories: [cat.slug], description: 'x' }, 'a reason', 16);
		await pagesMatch('a new book in review');
		expect(await allPages({ categorySlugs: [cat.slug], terms: [], sort: 'title', limit: 50 })).not.toContain(draft);
		await outputs.publishBook(db, draft, { categories: [cat.slug], description: 'x' }, 17);
		await pagesMatch('the pipeline published it');
		expect(await allPages({ categorySlugs: [cat.slug], terms: [], sort: 'title', limit: 50 })).toContain(draft);
	});

	it('never lists a draft, even from a stale copy of its keys', async () => {
		const cat = await db.selectFrom('categories').select(['id', 'slug']).orderBy('slug').executeTakeFirstOrThrow();
		const listed = await expected(cat.id, 'newest');
		const victim = listed[0]!;
		// A write behind the module's back: the book leaves sale, its shelf still says listed.
		await db.updateTable('books').set({ status: 'draft', published_at: null }).where('id', '=', victim).execute();
		expect(await shelfDrift(db)).toEqual(expect.arrayContaining([expect.objectContaining({ book_id: victim })]));
		expect(await allPages({ categorySlugs: [cat.slug], terms: [], sort: 'newest', limit: 50 })).not.toContain(victim);
		expect(await wordDrift(db)).toContain(victim);
		const title = (await db.selectFrom('books').select('title').where('id', '=', victim).executeTakeFirstOrThrow()).title;
		expect(await allPages({ categorySlugs: [], terms: searchTerms(title), sort: 'newest', limit: 50 })).not.toContain(victim);
		await db.updateTable('books').set({ status: 'published', published_at: 1_700_000_000_000 }).where('id', '=', victim).execute();
		const { refreshShelfKeys } = await import('../../src/lib/server/catalog/shelf-order.repository');
		await refreshShelfKeys(db, victim);
		expect(await shelfDrift(db)).toEqual([]);
	});
});

describe('a search that many transcripts answer', () => {
	// More books than the page's statement takes as values (TRANSCRIPT_IDS_INLINE, 200): it then reads
	// the transcripts' full-text index itself, in both plans of a search of several terms.
	let many: TestDb;
	const SAID = 240;
	const titled: string[] = [];
	beforeAll(async () => {
		many = await freshDb();
		await migrateToLatest(many.db);
		const { setBookStatus } = await import('../../src/lib/server/catalog/books.repository');
		for (let i = 0; i < SAID + 6; i++) {
			const { bookId } = await insertBook(many.db, { title: i % 20 === 0 ? `Zephyr and the Quill ${i}` : `Harbour Tales ${i}` });
			if (i % 20 === 0 && i < SAID) titled.push(bookId);
			// The last six are drafts whose transcripts say it too: never listed.
			if (i < SAID) await setBookStatus(many.db, bookId, 'published', 1_700_000_000_000 + (i % 13) * 1000);
			await indexTranscript(many.db, bookId, [{ start: 0, text: `The zephyr carried a quill across the bay, said voice ${i}.` }]);
		}
	}, 300_000);
	afterAll(async () => {
		await many?.close();
	});

	it.each<[string, BrowseSort, number]>([
		['zephyr quill', 'newest', 24],
		['quill zeph', 'title', 50],
		['zephyr quill', 'price', 7]
	])('%s, sort %s, %i a page: every book that says it, once, in order, whichever plan', async (q, sort, limit) => {
		const pages = async (search: SearchSize | undefined, words: 'use' | 'skip') => {
			const ids: string[] = [];
			let after: BrowsePosition | null = null;
			for (let guard = 0; guard < 100; guard++) {
				const rows = await listPublishedBooks(many.db, { categorySlugs: [], terms: searchTerms(q), sort, limit, after }, undefined, search, words);
				const page = rows.slice(0, limit);
				ids.push(...page.map((r) => r.id));
				if (rows.length <= limit) return { ids, first: rows };
				const last = page.at(-1)!;
				after = { sort, key: sort === 'newest' ? Number(last.published_at) : sort === 'title' ? last.title : Number(last.price_minor), id: last.id };
			}
			throw new Error('the pages never ended');
		};
		const reference = await pages(undefined, 'skip');
		expect(reference.ids).toHaveLength(SAID);
		expect(new Set(reference.ids).size).toBe(SAID);
		for (const id of titled) expect(reference.ids).toContain(id);
		for (const search of [{ matches: 0, published: 1_000_000 }, { matches: 1_000_000, published: 1 }, undefined]) {
			const found = await pages(search, 'use');
			expect(found.ids, JSON.stringify(search)).toEqual(reference.ids);
		}
	});
});
