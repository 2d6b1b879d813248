// `make seed-demo [N=10000]`: inserts N published demo books into DATABASE_URL / DATA_DIR, with varied
// titles, authors, categories and prices, all sharing one short generated audio blob (ffmpeg).
// Safe to run again: every run adds N more books.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../src/lib/server/config';
import { createDb } from '../src/lib/server/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { createStorage } from '../src/lib/server/storage';
import { searchWordRows } from '../src/lib/server/catalog/shelf-order.repository';

const count = Number(process.argv[2] ?? process.env.N ?? 10_000);
if (!Number.isInteger(count) || count < 1 || count > 1_000_000) {
	console.error('Usage: make seed-demo N=10000  (N between 1 and 1,000,000)');
	process.exit(2);
}

const ADJECTIVES = ['Silent', 'Crimson', 'Hidden', 'Last', 'Golden', 'Broken', 'Wandering', 'Midnight', 'Distant', 'Paper', 'Salt', 'Glass', 'Northern', 'Quiet', 'Burning', 'Lost'];
const NOUNS = ['Harbour', 'Orchard', 'Lighthouse', 'Kingdom', 'River', 'Garden', 'Station', 'Archive', 'Mountain', 'Letter', 'Compass', 'Island', 'Library', 'Monsoon', 'Engine', 'Market'];
const FIRST = ['Ada', 'Niran', 'Mira', 'Tomás', 'Ines', 'Kenji', 'Lena', 'Somchai', 'Priya', 'Oskar', 'Amara', 'Hugo', 'Wen', 'Chloé', 'Ravi', 'Malee'];
const LAST = ['Stone', 'Marlowe', 'Vale', 'Okafor', 'Srisai', 'Lindqvist', 'Moreau', 'Tanaka', 'Haddad', 'Kowalski', 'Reyes', 'Chen', 'Novak', 'Bianchi', 'Wongsa', 'Adeyemi'];
const THEMES = ['a family secret', 'an unlikely friendship', 'a journey across the sea', 'a city that never sleeps', 'the last summer of childhood', 'a mystery in the mountains', 'love and loss', 'a forgotten war'];
const PRICES = [0, 4900, 9900, 14900, 19900, 24900, 29900, 34900, 49900];

/** A small deterministic generator (mulberry32), so the same N gives the same shape of store. */
let state = 20_251_125;
const rand = (n: number) => {
	state = (state + 0x6d2b79f5) | 0;
	let t = Math.imul(state ^ (state >>> 15), 1 | state);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
};
const pick = <T>(list: readonly T[]): T => list[rand(list.length)]!;

function generateAudio(): Buffer {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-seed-'));
	const file = path.join(dir, 'demo.mp3');
	try {
		execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=90', '-b:a', '48k', '-ac', '1', '-y', file]);
		return readFileSync(file);
	} catch (e) {
		throw new Error(`ffmpeg could not generate the demo audio (${(e as Error).message}). Install it: make system-deps.`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const config = loadConfig();
const db = createDb(config.database);
try {
	await migrateToLatest(db);
	const storage = createStorage(config.storage);
	const audio = generateAudio();
	const audioKey = 'demo/sample-90s.mp3';
	await storage.put(audioKey, Readable.from([audio]), { contentType: 'audio/mpeg' });

	const categories = await db.selectFrom('categories').select('id').execute();
	const admin = await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst();
	const createdBy = admin?.id ?? '00000000-0000-7000-8000-000000000000';
	const started = Date.now();
	const BATCH = 500;
	for (let done = 0; done < count; ) {
		const size = Math.min(BATCH, count - done);
		const books = [];
		const links = [];
		const words = [];
		for (let i = 0; i < size; i++) {
			const id = uuidv7();
			const n = done + i + 1;
			const price = pick(PRICES);
			const title = `The ${pick(ADJECTIVES)} ${pick(NOUNS)}${rand(4) === 0 ? ` ${1 + rand(5)}` : ''}`;
			const author = `${pick(FIRST)} ${pick(LAST)}`;
			const now = Date.now();
			books.push({
				id,
				upload_id: `demo-${id}`,
				title,
				author,
				narrator: rand(2) ? `${pick(FIRST)} ${pick(LAST)}` : null,
				description: `Demo book ${n}: ${title} by ${author}, a story of ${pick(THEMES)}.`,
				price_minor: price,
				currency: config.DEFAULT_CURRENCY,
				is_free: price === 0 ? 1 : 0,
				status: 'published' as const,
				audio_key: audioKey,
				audio_size: audio.length,
				audio_mime: 'audio/mpeg',
				audio_format: 'mp3',
				duration_ms: 90_000,
				created_by: createdBy,
				created_at: now,
				updated_at: now,
				published_at: now - rand(365 * 86_400) * 1000
			});
			const chosen = new Set<string>();
			for (let k = 1 + rand(3); k > 0; k--) chosen.add(pick(categories).id);
			// The shelves' copies of the sort keys (catalog/shelf-order.repository.ts), written in bulk here.
			const last = books.at(-1)!;
			const keys = { listed: 1, title, published_at: last.published_at, price_minor: price };
			for (const categoryId of chosen) links.push({ book_id: id, category_id: categoryId, ...keys });
			words.push(...searchWordRows(id, last, keys));
		}
		await db.transaction().execute(async (trx) => {
			await trx.insertInto('books').values(books).execute();
			await trx.insertInto('book_categories').values(links).execute();
			for (let i = 0; i < words.length; i += 1000) await trx.insertInto('search_words').values(words.slice(i, i + 1000)).execute();
		});
		done += size;
		process.stdout.write(`\r  ${done} / ${count} demo books`);
	}
	console.log(`\nSeeded ${count} demo books into ${config.database.dialect} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} finally {
	await db.destroy();
}
