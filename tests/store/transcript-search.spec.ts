/**
 * Transcripts in catalog search, on SQLite and MariaDB: a word said only in a published book's
 * transcript finds the book, with the time of the first segment that says it; a draft's transcript
 * is never searched. Transcripts go in the way the pipeline stores them (chunks, then compose).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeTranscript, storeChunk, type Segment } from '../../src/lib/server/pipeline/outputs.repository';
import type { BlobStorage } from '../../src/lib/server/storage';
import { startTestApp, type TestApp } from '../helpers/app';
import { appStorage, insertBook, uniqueWord } from '../helpers/books';
import { client } from '../helpers/http';

let app: TestApp;
let storage: BlobStorage;
let c: ReturnType<typeof client>;
beforeAll(async () => {
	app = await startTestApp({ PIPELINE_RUNNER: 'off' });
	storage = appStorage(app);
	c = client(app.url);
});
afterAll(async () => {
	await app?.stop();
});


interface Listed {
	id: string;
	title: string;
	match?: { atMs: number; snippet: string };
}
const search = async (q: string) => {
	const res = await c.get(`/api/v1/catalog/books?q=${encodeURIComponent(q)}`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return (res.body as { books: Listed[] }).books;
};

/** Stores the transcript as chunks of up to two segments, then composes it, as the pipeline does. */
async function transcribe(bookId: string, segments: Segment[]) {
	const db = app.db();
	const chunks = Array.from({ length: Math.ceil(segments.length / 2) }, (_, i) => segments.slice(2 * i, 2 * i + 2));
	for (const [index, chunk] of chunks.entries()) {
		await storeChunk(db, bookId, { index, start: chunk[0]!.start, end: chunk.at(-1)!.end, segments: chunk }, 'local', Date.now());
	}
	await composeTranscript(db, bookId, Date.now());
}

describe('transcript search', () => {
	it('finds a published book by a word only its transcript has, with the time of its first mention', async () => {
		const word = uniqueWord();
		const book = await insertBook(app, storage, { title: 'The Quiet Harbour', description: 'A story of the sea.' });
		await transcribe(book.id, [
			{ start: 0, end: 4.2, text: 'Chapter one.' },
			{ start: 4.2, end: 9.8, text: 'The ferry left at dawn with the post.' },
			{ start: 12.5, end: 17, text: ` Ruth opened the ${word} school on the hill. ` },
			{ start: 17, end: 21.3, text: 'Nobody expected her to stay.' },
			{ start: 63.25, end: 68, text: `The ${word} school grew every winter.` }
		]);

		const books = await search(word);
		expect(books.map((b) => b.id)).toEqual([book.id]);
		expect(books[0]!.match).toEqual({ atMs: 12_500, snippet: `Ruth opened the ${word} school on the hill.` });

		// Every word must be in one passage; the first passage with all of them is the one linked.
		expect((await search(`${word} winter`))[0]?.match).toEqual({ atMs: 63_250, snippet: `The ${word} school grew every winter.` });
		expect(await search(`${word} ferry`)).toEqual([]);
	});

	it('gives no match for a book found by its title alone, and finds a book once however often the word is said', async () => {
		const word = uniqueWord();
		const byTitle = await insertBook(app, storage, { title: `Atlas ${word}` });
		const bySpeech = await insertBook(app, storage, { title: 'Spoken Word' });
		await transcribe(bySpeech.id, [
			{ start: 1, end: 2, text: `${word} once.` },
			{ start: 2, end: 3, text: `${word} twice.` },
			{ start: 3, end: 4, text: `${word} three times.` }
		]);
		const books = await search(word);
		expect(books.map((b) => b.id).sort()).toEqual([byTitle.id, bySpeech.id].sort());
		expect(books.find((b) => b.id === byTitle.id)!.match).toBeUndefined();
		expect(books.find((b) => b.id === bySpeech.id)!.match).toEqual({ atMs: 1000, snippet: `${word} once.` });
	});

	it('never searches the transcript of an unpublished book', async () => {
		const word = uniqueWord();
		const draft = await insertBook(app, storage, { title: 'Not Yet', status: 'draft' });
		await transcribe(draft.id, [{ start: 5, end: 8, text: `A secret ${word} in the draft.` }]);
		expect(await search(word)).toEqual([]);

		// Published as an admin publishes it (the catalog's copies of the book's keys follow).
		const { setBookStatus } = await import('../../src/lib/server/catalog/books.repository');
		await setBookStatus(app.db(), draft.id, 'published', Date.now());
		expect((await search(word)).map((b) => [b.id, b.match?.atMs])).toEqual([[draft.id, 5000]]);
	});

	it('finds a Thai word said in the middle of a phrase (Thai has no spaces between words), typed without spaces', async () => {
		const book = await insertBook(app, storage, { title: 'ประภาคารกลางทะเล' });
		const said = 'คืนนั้นผู้ดูแลประภาคารเห็นแสงไฟจากเรือประมงลำเล็ก';
		await transcribe(book.id, [
			{ start: 0, end: 3, text: 'บทที่หนึ่ง' },
			{ start: 3, end: 8.5, text: said }
		]);
		for (const q of ['เรือประมง', 'แสงไฟ', 'ผู้ดูแล เรือ']) {
			const books = await search(q);
			expect(books.map((b) => b.id), q).toEqual([book.id]);
			// Words are separated by zero-width spaces in the index: invisible, and a line-break chance.
			expect(books[0]!.match?.atMs).toBe(3000);
			expect(books[0]!.match?.snippet.replaceAll('\u200b', '')).toBe(said);
		}
		expect(await search('เรือดำน้ำ')).toEqual([]);
	});

	it('composing the transcript again replaces what is searchable', async () => {
		const before = uniqueWord();
		const after = uniqueWord();
		const book = await insertBook(app, storage, { title: 'Second Take' });
		await transcribe(book.id, [{ start: 0, end: 3, text: `An early ${before} draft.` }]);
		await app.db().deleteFrom('transcript_chunks').where('book_id', '=', book.id).execute();
		await transcribe(book.id, [{ start: 7, end: 9, text: `The final ${after} cut.` }]);
		expect(await search(before)).toEqual([]);
		expect((await search(after)).map((b) => b.match?.atMs)).toEqual([7000]);
	});
});
