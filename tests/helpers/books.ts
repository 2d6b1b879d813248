/**
 * Published books for the store tests, made without the admin upload route: rows inserted straight
 * into the test app's database, audio generated once with ffmpeg and put into the app's storage.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import { createStorage, type BlobStorage } from '../../src/lib/server/storage';
import { fileBook, refreshShelfKeys } from '../../src/lib/server/catalog/shelf-order.repository';
import type { TestApp } from './app';

/** A word no other test uses, so a search test finds only its own books. */
export const uniqueWord = () => `tok${randomBytes(5).toString('hex')}`;

const audioCache = new Map<number, Buffer>();

/** A mono 64 kbit/s MP3 sine of `seconds` (constant bitrate: 8000 bytes a second). */
export function generatedMp3(seconds = 120): Buffer {
	const cached = audioCache.get(seconds);
	if (cached) return cached;
	const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'earshelf-audio-')), `sine-${seconds}.mp3`);
	execFileSync('ffmpeg', [
		'-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
		'-b:a', '64k', '-ac', '1', '-ar', '44100', '-y', file
	]);
	if (!existsSync(file)) throw new Error('ffmpeg made no audio; is ffmpeg installed (make system-deps)?');
	const bytes = readFileSync(file);
	audioCache.set(seconds, bytes);
	return bytes;
}

/** The app's blob storage: its local blob folder, or the S3 bucket it was started with. */
export function appStorage(app: TestApp, s3?: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string }): BlobStorage {
	return s3
		? createStorage({ kind: 's3', ...s3, forcePathStyle: true })
		: createStorage({ kind: 'local', root: path.join(app.dataDir, 'blobs') });
}

export interface TestBook {
	id: string;
	title: string;
	author: string;
	description: string | null;
	price_minor: number;
	currency: string;
	status: 'draft' | 'published';
	published_at: number | null;
	audio_key: string;
	audio_size: number;
	duration_ms: number;
	audio: Buffer;
}

let seq = 0;

export async function insertBook(
	app: TestApp,
	storage: BlobStorage,
	opts: Partial<Pick<TestBook, 'title' | 'author' | 'description' | 'price_minor' | 'currency' | 'status' | 'published_at'>> & {
		categories?: string[];
		seconds?: number;
	} = {}
): Promise<TestBook> {
	const db = app.db();
	const id = uuidv7();
	const seconds = opts.seconds ?? 120;
	const audio = generatedMp3(seconds);
	const audioKey = `books/${id}/audio.mp3`;
	await storage.put(audioKey, Readable.from([audio]), { contentType: 'audio/mpeg' });
	const now = Date.now();
	const status = opts.status ?? 'published';
	const admin = await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow();
	const book = {
		id,
		upload_id: `test-${id}`,
		title: opts.title ?? `Book ${++seq}`,
		author: opts.author ?? 'Test Author',
		narrator: null,
		description: opts.description ?? null,
		price_minor: opts.price_minor ?? 19900,
		currency: opts.currency ?? 'THB',
		is_free: 0,
		status,
		audio_key: audioKey,
		audio_size: audio.length,
		audio_mime: 'audio/mpeg',
		audio_format: 'mp3',
		duration_ms: seconds * 1000,
		created_by: admin.id,
		created_at: now,
		updated_at: now,
		published_at: opts.published_at !== undefined ? opts.published_at : status === 'published' ? now + seq : null
	};
	await db.insertInto('books').values(book).execute();
	if (opts.categories?.length) {
		const cats = await db.selectFrom('categories').select('id').where('slug', 'in', opts.categories).execute();
		await fileBook(db, id, cats.map((c) => c.id));
	} else {
		// Its words for search (fileBook writes them when it files the book).
		await refreshShelfKeys(db, id);
	}
	return { ...book, audio };
}

export async function setPrice(app: TestApp, bookId: string, priceMinor: number): Promise<void> {
	await app.db().updateTable('books').set({ price_minor: priceMinor, updated_at: Date.now() }).where('id', '=', bookId).execute();
	await refreshShelfKeys(app.db(), bookId);
}
