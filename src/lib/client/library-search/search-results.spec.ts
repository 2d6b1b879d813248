import { describe, expect, it } from 'vitest';
import { offlineListenPath, searchDownloads, searchLibrary, startFromUrl, type OfflineSources } from './search-results';

const books = [
	{ id: 'b1', title: 'The Quiet Harbour', author: 'A. Writer' },
	{ id: 'b2', title: 'ประภาคารกลางทะเล', author: 'ผู้เขียน' },
	{ id: 'b3', title: 'Not Downloaded', author: 'Someone' }
];

/** What a phone holds: transcripts stored with two complete downloads (b3 is streamed only). */
function stored(): OfflineSources {
	const transcripts: Record<string, { startMs: number; endMs: number; text: string }[]> = {
		b1: [
			{ startMs: 0, endMs: 4000, text: 'The keeper climbed to the light.' },
			{ startMs: 4000, endMs: 9000, text: 'A light keeper never sleeps.' }
		],
		b2: [{ startMs: 3000, endMs: 8500, text: 'คืนนั้นผู้ดูแลประภาคารเห็นแสงไฟจากเรือประมงลำเล็ก' }],
		b3: [{ startMs: 0, endMs: 1000, text: 'A light keeper in a book that is not on this phone.' }]
	};
	return {
		downloadedWithTranscript: async () => new Set(['b1', 'b2']),
		// b1 was downloaded with its chapters (transcript.json carries them); b2 before chapters existed.
		transcript: async (id) =>
			transcripts[id] ? { segments: transcripts[id], ...(id === 'b1' ? { chapters: [{ startMs: 0, title: 'Dusk' }, { startMs: 3500, title: 'Night watch' }] } : {}) } : null
	};
}

describe('searchDownloads', () => {
	it('searches only downloaded transcripts, phrase matches first, naming the chapter, linking to the moment by fragment', async () => {
		const hits = await searchDownloads(books, 'light keeper', stored());
		expect(hits.map((h) => [h.bookId, h.atMs, h.phrase])).toEqual([
			['b1', 4000, true],
			['b1', 0, false]
		]);
		expect(hits[0]!.listenPath).toBe('/library/b1#t=4000');
		expect(hits.map((h) => h.chapter)).toEqual(['Night watch', 'Dusk']);
		expect(hits[0]!.snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['light keeper']);
	});

	it('finds Thai by a phrase typed without spaces', async () => {
		const hits = await searchDownloads(books, 'แสงไฟ', stored());
		expect(hits.map((h) => [h.bookId, h.atMs, h.chapter])).toEqual([['b2', 3000, null]]);
		expect(hits[0]!.snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['แสงไฟ']);
	});
});

describe('searchLibrary', () => {
	const answer = { results: [{ bookId: 'b3', atMs: 1000 }], nextOffset: 20 };

	it('asks the server when online', async () => {
		const asked: string[] = [];
		const fetch = (async (url: string) => {
			asked.push(url);
			return new Response(JSON.stringify(answer), { status: 200 });
		}) as unknown as typeof globalThis.fetch;
		const got = await searchLibrary(books, 'light keeper', 20, { fetch, online: true, sources: stored() });
		expect(asked).toEqual(['/api/v1/library/search?q=light+keeper&offset=20&limit=20']);
		expect(got).toEqual({ ...answer, offline: false });
	});

	it('searches the downloads when offline or when the request cannot be sent', async () => {
		const unreachable = (async () => {
			throw new TypeError('Failed to fetch');
		}) as unknown as typeof globalThis.fetch;
		for (const deps of [
			{ fetch: unreachable, online: false, sources: stored() },
			{ fetch: unreachable, online: true, sources: stored() }
		]) {
			const got = await searchLibrary(books, 'keeper', 0, deps);
			expect(got.offline).toBe(true);
			expect(got.results.map((r) => r.bookId)).toEqual(['b1', 'b1']);
		}
	});

	it('passes the server’s error on', async () => {
		const fetch = (async () =>
			new Response(JSON.stringify({ error: { code: 'invalid_input', message: 'q: must be at most 200 characters' } }), { status: 400 })) as unknown as typeof globalThis.fetch;
		await expect(searchLibrary(books, 'x', 0, { fetch, online: true, sources: stored() })).rejects.toThrow('q: must be at most 200 characters');
	});
});

describe('startFromUrl', () => {
	it.each([
		['/library/b1?t=63250', 63_250],
		['/library/b1#t=4000', 4000],
		['/library/b1', null],
		['/library/b1?t=-5', null],
		['/library/b1?t=12abc', null]
	])('%s', (path, expected) => {
		expect(startFromUrl(new URL(path, 'https://earshelf.test'))).toBe(expected);
	});

	it('reads back the offline link', () => {
		expect(startFromUrl(new URL(offlineListenPath('b 1', 1234.4), 'https://earshelf.test'))).toBe(1234);
	});
});
