/**
 * What the admin upload tests share: real audio made with ffmpeg and espeak-ng, a hand-built
 * multipart body (so file names and part order are exactly what the test says, and big files stream
 * from disk), the upload call, and snapshots of everything an upload could leave behind.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestApp } from './app';
import { client, newIp } from './http';

export type FormPart =
	| { name: string; value: string }
	| { name: string; filename: string; type?: string; data?: Buffer; path?: string; encodeFilename?: boolean };

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Test audio, made once per test file in its own folder. */
export function makeAudio() {
	const dir = mkdtempSync(join(tmpdir(), 'earshelf-audio-'));
	const file = (name: string) => join(dir, name);
	const sine = (name: string, ...codec: string[]) =>
		execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=5', '-ac', '1', ...codec, file(name)]);
	sine('book.mp3');
	sine('book.m4a', '-c:a', 'aac');
	sine('book.opus', '-c:a', 'libopus');
	sine('book.ogg', '-c:a', 'libvorbis');
	sine('book.wav', '-ar', '8000');
	sine('book.flac', '-ar', '8000');
	execFileSync('espeak-ng', ['-w', file('speech.wav'), 'Chapter one. The store opened at dawn, and the first listener arrived.']);
	writeFileSync(file('cut.mp3'), readFileSync(file('book.mp3')).subarray(0, 2048));
	writeFileSync(file('notes.mp3'), 'These are my notes, not audio.\n'.repeat(50));
	writeFileSync(file('empty.mp3'), '');
	return { dir, file, read: (name: string) => readFileSync(file(name)) };
}

export interface Multipart {
	contentType: string;
	length: number;
	chunks(): AsyncGenerator<Uint8Array>;
}

export function multipart(parts: FormPart[]): Multipart {
	const boundary = `----earshelf${randomUUID().replaceAll('-', '')}`;
	const pieces: (Buffer | { path: string; size: number })[] = [];
	for (const part of parts) {
		if ('value' in part) {
			pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
			continue;
		}
		pieces.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; ` +
					// RFC 5987 form: how a client sends bytes that may not appear raw in a header.
					(part.encodeFilename ? `filename*=UTF-8''${encodeURIComponent(part.filename)}` : `filename="${part.filename}"`) +
					'\r\n' +
					`Content-Type: ${part.type ?? 'audio/mpeg'}\r\n\r\n`
			)
		);
		if (part.path) pieces.push({ path: part.path, size: statSync(part.path).size });
		else pieces.push(part.data ?? Buffer.alloc(0));
		pieces.push(Buffer.from('\r\n'));
	}
	pieces.push(Buffer.from(`--${boundary}--\r\n`));
	return {
		contentType: `multipart/form-data; boundary=${boundary}`,
		length: pieces.reduce((n, p) => n + (Buffer.isBuffer(p) ? p.length : p.size), 0),
		async *chunks() {
			for (const p of pieces) {
				if (Buffer.isBuffer(p)) yield p;
				else for await (const chunk of createReadStream(p.path, { highWaterMark: 256 * 1024 })) yield chunk as Buffer;
			}
		}
	};
}

/** Metadata parts of a valid book, overridable; uploadId first. */
export function bookFields(overrides: Record<string, string | string[] | undefined> = {}): FormPart[] {
	const fields: Record<string, string | string[] | undefined> = {
		uploadId: randomUUID(),
		title: 'The Lighthouse Keeper',
		author: 'Mara Quint',
		narrator: 'Ode Feld',
		description: 'A keeper, a storm, and forty nights of listening.',
		priceMinor: '19900',
		currency: 'THB',
		categories: ['fiction', 'mystery-thriller'],
		...overrides
	};
	return Object.entries(fields).flatMap(([name, v]) =>
		v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((value) => ({ name, value }))
	);
}

export interface UploadOptions {
	headers?: Record<string, string>;
	/** false: send chunked, without Content-Length (as a streaming client would). */
	contentLength?: boolean;
	signal?: AbortSignal;
	/** Replaces the body's chunks (to stall or cut it). */
	body?: AsyncIterable<Uint8Array>;
	token?: string;
}

export async function upload(app: TestApp, token: string | undefined, parts: FormPart[], opts: UploadOptions = {}) {
	const form = multipart(parts);
	const headers: Record<string, string> = {
		'content-type': form.contentType,
		origin: app.url,
		'x-forwarded-for': newIp(),
		...(token ? { authorization: `Bearer ${token}` } : {}),
		...(opts.contentLength === false ? {} : { 'content-length': String(form.length) }),
		...opts.headers
	};
	const res = await fetch(`${app.url}/api/v1/admin/books`, {
		method: 'POST',
		headers,
		// Node's fetch streams an async iterable as the body (chunked unless Content-Length is set).
		body: (opts.body ?? form.chunks()) as unknown as BodyInit,
		duplex: 'half',
		signal: opts.signal
	} as RequestInit);
	const text = await res.text();
	let body: any = text; // eslint-disable-line @typescript-eslint/no-explicit-any
	try {
		body = JSON.parse(text);
	} catch {
		/* not JSON */
	}
	return { status: res.status, body, headers: res.headers };
}

export async function signInAdmin(app: TestApp): Promise<string> {
	const res = await client(app.url).post('/api/v1/auth/sign-in', app.admin);
	if (res.status !== 200) throw new Error(`admin sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
	return res.body.accessToken as string;
}

/** Every file under dir, relative to it (empty when dir does not exist). */
export async function filesUnder(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
	return entries
		.filter((e) => e.isFile())
		.map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
		.sort();
}

/** Everything an upload could leave: rows, blobs (and the local driver's temp files), app temp files. */
export async function footprint(app: TestApp, appTmp: string, listBucket?: () => Promise<string[]>) {
	const db = app.db();
	const count = async (table: 'books' | 'book_categories' | 'pipeline_steps') =>
		Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
	return {
		books: await count('books'),
		bookCategories: await count('book_categories'),
		steps: await count('pipeline_steps'),
		blobs: await filesUnder(join(app.dataDir, 'blobs')),
		bucket: listBucket ? await listBucket() : [],
		appTmp: await filesUnder(appTmp),
		dataDir: (await filesUnder(app.dataDir)).filter((f) => !f.startsWith('blobs/') && !/^(test\.db|secrets\/|outbox\/)/.test(f))
	};
}
