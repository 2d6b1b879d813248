/**
 * Chapters through the production build: marks an audio file carries (m4b chapter atoms, ID3 CHAP
 * frames, made here with ffmpeg from an ffmetadata file) are stored at upload; admins replace them
 * through the JSON API, which refuses a bad list and changes nothing; listeners get them with the
 * listening page's data and in transcript.json (the copy a downloaded book keeps).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bookFields, signInAdmin, upload } from '../helpers/admin-upload';
import { client } from '../helpers/http';
import { buy, signUpBuyer } from '../helpers/store';

const BOOK_SECONDS = 12;
const METADATA = `;FFMETADATA1
title=Harbour Light

[CHAPTER]
TIMEBASE=1/1000
START=0
END=4000
title=The Fog

[CHAPTER]
TIMEBASE=1/1000
START=4000
END=8000
title=The Keeper's Cottage

[CHAPTER]
TIMEBASE=1/1000
START=8000
END=12000
title=บทที่สาม เวลาแปดนาฬิกา
`;
const FILE_CHAPTERS = [
	{ startMs: 0, title: 'The Fog', source: 'file' },
	{ startMs: 4000, title: "The Keeper's Cottage", source: 'file' },
	{ startMs: 8000, title: 'บทที่สาม เวลาแปดนาฬิกา', source: 'file' }
];

let app: TestApp;
let token: string;
let dir: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'earshelf-chapters-'));
	writeFileSync(join(dir, 'chapters.txt'), METADATA);
	const tone = (name: string, withChapters: boolean, ...codec: string[]) =>
		execFileSync('ffmpeg', [
			'-loglevel', 'error', '-y',
			'-f', 'lavfi', '-i', `sine=frequency=440:duration=${BOOK_SECONDS}`,
			...(withChapters ? ['-i', join(dir, 'chapters.txt'), '-map', '0', '-map_metadata', '1', '-map_chapters', '1'] : []),
			'-ac', '1', ...codec, join(dir, name)
		]);
	tone('chapters.m4b', true, '-c:a', 'aac', '-brand', 'M4B ');
	tone('chapters.mp3', true);
	tone('plain.mp3', false);
	app = await startTestApp({ PIPELINE_RUNNER: 'off' });
	token = await signInAdmin(app);
});
afterAll(async () => {
	await app?.stop();
	rmSync(dir, { recursive: true, force: true });
});

async function uploaded(file: string): Promise<string> {
	const res = await upload(app, token, [...bookFields(), { name: 'audio', filename: file, path: join(dir, file) }]);
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.body.book.id as string;
}

const api = () => client(app.url);
const chaptersOf = (id: string) => api().get(`/api/v1/admin/books/${id}/chapters`, token);

describe('chapters from the audio file', () => {
	it.each(['chapters.m4b', 'chapters.mp3'])('%s: its chapter marks are stored at upload', async (file) => {
		const id = await uploaded(file);
		const res = await chaptersOf(id);
		expect(res.status).toBe(200);
		expect(res.body.chapters).toEqual(FILE_CHAPTERS);
		expect(res.body.durationMs).toBeGreaterThan((BOOK_SECONDS - 1) * 1000);
	});

	it('a file without marks gives no chapters', async () => {
		const id = await uploaded('plain.mp3');
		expect((await chaptersOf(id)).body.chapters).toEqual([]);
	});
});

describe('admin edits', () => {
	let id: string;
	beforeAll(async () => {
		id = await uploaded('chapters.mp3');
	});

	it('replaces the list; every chapter becomes the admin’s', async () => {
		const chapters = [
			{ startMs: 0, title: 'Opening' },
			{ startMs: 2500, title: '  The Fog  ' },
			{ startMs: 9000, title: 'The Light' }
		];
		const res = await api().put(`/api/v1/admin/books/${id}/chapters`, { chapters }, token);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		const expected = [
			{ startMs: 0, title: 'Opening', source: 'admin' },
			{ startMs: 2500, title: 'The Fog', source: 'admin' },
			{ startMs: 9000, title: 'The Light', source: 'admin' }
		];
		expect(res.body.chapters).toEqual(expected);
		expect((await chaptersOf(id)).body.chapters).toEqual(expected);
	});

	it.each([
		['out of order', [{ startMs: 5000, title: 'B' }, { startMs: 1000, title: 'A' }], 'chapters.1.startMs', /in order/],
		['two at one time', [{ startMs: 1000, title: 'A' }, { startMs: 1000, title: 'B' }], 'chapters.1.startMs', /same time/],
		['past the end', [{ startMs: 0, title: 'A' }, { startMs: BOOK_SECONDS * 1000 + 5000, title: 'B' }], 'chapters.1.startMs', /before the end/],
		['negative', [{ startMs: -1, title: 'A' }], 'chapters.0.startMs', /negative/],
		['fractional', [{ startMs: 1.5, title: 'A' }], 'chapters.0.startMs', /whole number/],
		['blank title', [{ startMs: 0, title: '   ' }], 'chapters.0.title', /empty/],
		['title too long', [{ startMs: 0, title: 'x'.repeat(201) }], 'chapters.0.title', /200/],
		['title not text', [{ startMs: 0, title: 7 }], 'chapters.0.title', /text/],
		['no list', undefined, 'chapters', /./]
	])('refuses %s and changes nothing', async (_name, chapters, field, message) => {
		const before = (await chaptersOf(id)).body.chapters;
		const res = await api().put(`/api/v1/admin/books/${id}/chapters`, chapters === undefined ? {} : { chapters }, token);
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('invalid_input');
		expect(res.body.error.field).toBe(field);
		expect(res.body.error.message).toMatch(message);
		expect((await chaptersOf(id)).body.chapters).toEqual(before);
	});

	it('is for admins only, and a missing book is not found', async () => {
		const buyer = await signUpBuyer(app);
		const body = { chapters: [{ startMs: 0, title: 'Mine' }] };
		expect((await api().put(`/api/v1/admin/books/${id}/chapters`, body, buyer.token)).status).toBe(403);
		expect((await api().get(`/api/v1/admin/books/${id}/chapters`)).status).toBe(401);
		expect((await api().put('/api/v1/admin/books/00000000-0000-4000-8000-000000000000/chapters', body, token)).status).toBe(404);
	});
});

describe('listeners', () => {
	it('get the chapters with transcript.json, which a downloaded book keeps', async () => {
		const id = await uploaded('chapters.m4b');
		await fetch(`${app.url}/api/v1/admin/books/${id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
		const now = Date.now();
		const segments = [
			{ start: 0, end: 4, text: 'Chapter one.' },
			{ start: 4, end: 8, text: 'Chapter two.' }
		];
		await app.db().insertInto('transcripts').values({ book_id: id, text: 'Chapter one. Chapter two.', segments: JSON.stringify(segments), created_at: now }).execute();
		const buyer = await signUpBuyer(app);
		await buy(buyer, id);
		const res = await api().get(`/api/v1/library/${id}/transcript.json`, buyer.token);
		expect(res.status).toBe(200);
		expect(res.body.chapters).toEqual(FILE_CHAPTERS.map(({ startMs, title }) => ({ startMs, title })));
		expect(res.body.segments).toHaveLength(2);
	});
});
