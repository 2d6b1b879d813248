/**
 * Search across what the listener's books say, on SQLite and MariaDB: only books the caller owns are
 * searched; each result names the book, the chapter and the time, with the match highlighted as text
 * parts; phrase matches come first; Thai typed without spaces finds Thai speech; pages are limited.
 * Also the categories' Thai names (migration 0013) as the catalog API gives them and admins set them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeTranscript, storeChunk, type Segment } from '../../src/lib/server/pipeline/outputs.repository';
import type { BlobStorage } from '../../src/lib/server/storage';
import { startTestApp, type TestApp } from '../helpers/app';
import { appStorage, insertBook, uniqueWord } from '../helpers/books';
import type { LibrarySearchHit } from '../../src/lib/library-search';
import type { LibrarySearchPage } from '../../src/lib/server/library/search';
import { buy, signInAdmin, signUpBuyer, type Buyer } from '../helpers/store';

let app: TestApp;
let storage: BlobStorage;
let reader: Buyer;
let other: Buyer;
beforeAll(async () => {
	app = await startTestApp({ PIPELINE_RUNNER: 'off' });
	storage = appStorage(app);
	[reader, other] = await Promise.all([signUpBuyer(app), signUpBuyer(app)]);
});
afterAll(async () => {
	await app?.stop();
});



const search = async (who: Buyer, q: string, extra = '') => {
	const res = await who.get<LibrarySearchPage>(`/api/v1/library/search?q=${encodeURIComponent(q)}${extra}`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.body;
};
const highlighted = (r: LibrarySearchHit) => r.snippet.filter((p) => p.hit).map((p) => p.text);

/** Stores the transcript as the pipeline does (chunks, then compose), which fills the search index. */
async function transcribe(bookId: string, segments: Segment[]) {
	const db = app.db();
	const chunks = Array.from({ length: Math.ceil(segments.length / 2) }, (_, i) => segments.slice(2 * i, 2 * i + 2));
	for (const [index, chunk] of chunks.entries()) {
		await storeChunk(db, bookId, { index, start: chunk[0]!.start, end: chunk.at(-1)!.end, segments: chunk }, 'local', Date.now());
	}
	await composeTranscript(db, bookId, Date.now());
}

async function chapters(bookId: string, list: [number, string][]) {
	await app
		.db()
		.insertInto('book_chapters')
		.values(list.map(([startMs, title], position) => ({ book_id: bookId, position, start_ms: startMs, title, source: 'admin' as const })))
		.execute();
}

describe('library search', () => {
	it('finds the moment in an owned book with its chapter and time, and never searches books the caller does not own', async () => {
		const word = uniqueWord();
		const owned = await insertBook(app, storage, { title: 'The Quiet Harbour', seconds: 120 });
		const notOwned = await insertBook(app, storage, { title: 'Someone Else’s Book' });
		await transcribe(owned.id, [
			{ start: 0, end: 4, text: 'Chapter one.' },
			{ start: 4, end: 9.5, text: `The ferry carried the ${word} across the bay.` },
			{ start: 70.25, end: 75, text: `At night the ${word} lit the harbour.` }
		]);
		await transcribe(notOwned.id, [{ start: 1, end: 2, text: `The ${word} is here too.` }]);
		await chapters(owned.id, [
			[0, 'The Ferry'],
			[60_000, 'The Harbour at Night']
		]);
		await buy(reader, owned.id);

		const page = await search(reader, word);
		expect(page.results.map((r) => [r.bookId, r.atMs, r.chapter])).toEqual([
			[owned.id, 4000, 'The Ferry'],
			[owned.id, 70_250, 'The Harbour at Night']
		]);
		expect(page.results[0]!.title).toBe('The Quiet Harbour');
		expect(page.results[0]!.listenPath).toBe(`/library/${owned.id}?t=4000`);
		expect(highlighted(page.results[0]!)).toEqual([word]);
		expect(page.results[0]!.snippet.map((p) => p.text).join('')).toBe(`The ferry carried the ${word} across the bay.`);
		expect(page.nextOffset).toBeNull();

		// The other buyer owns nothing: the same word finds nothing for them.
		expect((await search(other, word)).results).toEqual([]);
	});

	it('puts phrase matches before passages that only have the words apart, and gives no chapter where the book has none', async () => {
		const word = uniqueWord();
		const book = await insertBook(app, storage, { title: 'Lighthouse Notes' });
		await transcribe(book.id, [
			{ start: 1, end: 3, text: `The keeper saw a ${word} light from the rocks.` },
			{ start: 3, end: 6, text: `A light ${word} keeper rowed out.` },
			{ start: 9, end: 12, text: `Every ${word} keeper knows the tide.` }
		]);
		await buy(reader, book.id);
		const page = await search(reader, `${word} keeper`);
		expect(page.results.map((r) => [r.atMs, r.phrase])).toEqual([
			[3000, true],
			[9000, true],
			[1000, false]
		]);
		expect(highlighted(page.results[0]!)).toEqual([`${word} keeper`]);
		expect(highlighted(page.results[2]!)).toEqual(['keeper', word]);
		expect(page.results.every((r) => r.chapter === null)).toBe(true);
	});

	it('finds Thai speech by a phrase typed without spaces, and shows it without the index’s zero-width spaces', async () => {
		const book = await insertBook(app, storage, { title: 'ประภาคารกลางทะเล' });
		const said = 'คืนนั้นผู้ดูแลประภาคารเห็นแสงไฟจากเรือประมงลำเล็ก';
		await transcribe(book.id, [
			{ start: 0, end: 3, text: 'บทที่หนึ่ง' },
			{ start: 3, end: 8.5, text: said }
		]);
		await chapters(book.id, [[0, 'บทที่หนึ่ง']]);
		await buy(reader, book.id);
		const page = await search(reader, 'เรือประมง');
		expect(page.results.map((r) => [r.bookId, r.atMs, r.chapter, r.phrase])).toEqual([[book.id, 3000, 'บทที่หนึ่ง', true]]);
		expect(page.results[0]!.snippet.map((p) => p.text).join('')).toBe(said);
		expect(highlighted(page.results[0]!)).toEqual(['เรือประมง']);
		expect((await search(reader, 'เรือดำน้ำ')).results.filter((r) => r.bookId === book.id)).toEqual([]);
	});

	it('pages with offset and limit', async () => {
		const word = uniqueWord();
		const book = await insertBook(app, storage, { title: 'Many Mentions', seconds: 300 });
		await transcribe(
			book.id,
			Array.from({ length: 5 }, (_, i) => ({ start: i * 10, end: i * 10 + 5, text: `Mention ${i + 1} of the ${word}.` }))
		);
		await buy(reader, book.id);
		const first = await search(reader, word, '&limit=2');
		expect(first.results.map((r) => r.atMs)).toEqual([0, 10_000]);
		expect(first.nextOffset).toBe(2);
		const last = await search(reader, word, '&limit=2&offset=4');
		expect(last.results.map((r) => r.atMs)).toEqual([40_000]);
		expect(last.nextOffset).toBeNull();
	});

	it('finds short words and stopwords too (InnoDB indexes neither)', async () => {
		const book = await insertBook(app, storage, { title: 'To Be' });
		const line = `To be or not to be ${uniqueWord()}.`;
		await transcribe(book.id, [{ start: 2, end: 5, text: line }]);
		await buy(reader, book.id);
		const page = await search(reader, 'to be or');
		expect(page.results.filter((r) => r.bookId === book.id).map((r) => [r.atMs, r.phrase])).toEqual([[2000, true]]);
	});

	it.each([
		['no query', '', 'q'],
		['nothing searchable', '?q=%20%2A%22', 'q'],
		['a query too long', `?q=${'a'.repeat(201)}`, 'q'],
		['a negative offset', '?q=word&offset=-1', 'offset'],
		['a limit too large', '?q=word&limit=51', 'limit']
	])('answers 400 for %s', async (_label, query, field) => {
		const res = await reader.get(`/api/v1/library/search${query}`);
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('invalid_input');
		expect(res.body.error.field).toBe(field);
	});

	it('needs a signed-in listener', async () => {
		const res = await fetch(`${app.url}/api/v1/library/search?q=word`);
		expect(res.status).toBe(401);
	});
});

describe('category names in Thai', () => {
	it('come with the catalog’s categories, and admins can give one to a new category', async () => {
		const listed = await reader.get<{ categories: { slug: string; name: string; nameTh: string | null }[] }>('/api/v1/catalog/categories');
		expect(listed.body.categories.find((c) => c.slug === 'true-crime')).toEqual({ slug: 'true-crime', name: 'True Crime', nameTh: 'อาชญากรรมจากเรื่องจริง' });
		expect(listed.body.categories.every((c) => c.nameTh)).toBe(true);

		const admin = await signInAdmin(app);
		const slug = `cozy-${randomBytes(3).toString('hex')}`;
		const created = await admin.c.post('/api/v1/admin/categories', { name: 'Cozy Mysteries', slug }, admin.token);
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		expect(created.body.category).toMatchObject({ slug, nameTh: '' });
		const id = created.body.category.id as string;
		const patch = async (body: unknown) => {
			const res = await admin.fetch(`/api/v1/admin/categories/${id}`, { method: 'PATCH', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
			return { status: res.status, body: (await res.json()) as any };
		};
		const named = await patch({ nameTh: 'ลึกลับอบอุ่นใจ' });
		expect(named.status, JSON.stringify(named.body)).toBe(200);
		expect(named.body.category).toMatchObject({ slug, name: 'Cozy Mysteries', nameTh: 'ลึกลับอบอุ่นใจ' });

		const tooLong = await patch({ nameTh: 'ก'.repeat(101) });
		expect(tooLong.status).toBe(400);
		expect(tooLong.body.error.field).toBe('nameTh');
		const after = await reader.get<{ categories: { slug: string; nameTh: string | null }[] }>('/api/v1/catalog/categories');
		expect(after.body.categories.find((c) => c.slug === slug)?.nameTh).toBe('ลึกลับอบอุ่นใจ');

		// An empty Thai name clears it: the Thai interface then shows the English name.
		const cleared = await patch({ nameTh: ' ' });
		expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
		expect(cleared.body.category).toMatchObject({ slug, name: 'Cozy Mysteries', nameTh: '' });
		const gone = await reader.get<{ categories: { slug: string; nameTh: string | null }[] }>('/api/v1/catalog/categories');
		expect(gone.body.categories.find((c) => c.slug === slug)?.nameTh).toBeNull();
	});
});
