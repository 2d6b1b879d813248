/**
 * The book the listening journeys play: real speech (espeak-ng), one sentence a segment, each padded
 * to SEGMENT_SECONDS so that segment i is [5i, 5i + 5) s; uploaded and published through the admin API;
 * its transcript stored with the pipeline's own output functions, as the transcribe step stores it
 * (the e2e app has no inference sidecar), in the app's database (E2E_DATABASE_URL).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type APIRequest, type Page } from '@playwright/test';
import { createDb, parseDatabaseUrl } from '../src/lib/server/db';
import { composeTranscript, storeChunk, type Segment } from '../src/lib/server/pipeline/outputs.repository';

export const appUrl = process.env.E2E_APP_URL!;
export const admin = { email: process.env.E2E_ADMIN_EMAIL!, password: process.env.E2E_ADMIN_PASSWORD! };

export const SEGMENT_SECONDS = 5;
export const sentences = [
	'Chapter one. The night ferry.',
	'The ferry left the harbour at dusk.',
	'Ruth stood by the rail and watched the lights.',
	'A gull followed the boat for a while.',
	'The captain rang the bell twice.',
	'Below deck, a child was singing.',
	'The lighthouse blinked on the far shore.',
	'Ruth opened her letter at last.',
	'It said only: come home before winter.',
	'She folded it and smiled at the sea.'
];
export const segments: Segment[] = sentences.map((text, i) => ({ start: i * SEGMENT_SECONDS, end: (i + 1) * SEGMENT_SECONDS, text }));
export const durationS = sentences.length * SEGMENT_SECONDS;

export function speechBook(): Buffer {
	const dir = mkdtempSync(path.join(tmpdir(), 'earshelf-listen-'));
	const parts = sentences.map((text, i) => {
		const wav = path.join(dir, `s${i}.wav`);
		execFileSync('espeak-ng', ['-s', '170', '-w', wav, text]);
		const padded = path.join(dir, `p${i}.wav`);
		execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, '-af', `apad=whole_dur=${SEGMENT_SECONDS}`, '-ar', '22050', '-ac', '1', padded]);
		return padded;
	});
	const list = path.join(dir, 'list.txt');
	execFileSync('bash', ['-c', `printf "file '%s'\\n" ${parts.map((p) => `'${p}'`).join(' ')} > '${list}'`]);
	const mp3 = path.join(dir, 'book.mp3');
	execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-b:a', '64k', mp3]);
	return readFileSync(mp3);
}

/** What the transcribe step stores as the sidecar's chunks arrive, then composes at its end. */
export async function transcribe(id: string, all: Segment[], perChunk: number) {
	const db = createDb(parseDatabaseUrl(process.env.E2E_DATABASE_URL!));
	try {
		for (let i = 0; i < all.length; i += perChunk) {
			const chunk = all.slice(i, i + perChunk);
			await storeChunk(db, id, { index: i / perChunk, start: chunk[0]!.start, end: chunk.at(-1)!.end, segments: chunk }, 'local', Date.now());
		}
		await composeTranscript(db, id, Date.now());
	} finally {
		await db.destroy();
	}
}

/** Uploads the speech book as the admin and publishes it; returns its id. */
export async function publishSpeechBook(request: APIRequest, title: string): Promise<string> {
	const api = await request.newContext({ baseURL: appUrl });
	try {
		const signedIn = await api.post('/api/v1/auth/sign-in', { data: admin });
		expect(signedIn.status()).toBe(200);
		const headers = { authorization: `Bearer ${(await signedIn.json()).accessToken}` };
		const uploaded = await api.post('/api/v1/admin/books', {
			headers: { ...headers, origin: appUrl }, // a multipart POST: SvelteKit's CSRF check wants the origin
			multipart: {
				uploadId: randomUUID(),
				title,
				author: 'Ines Harrow',
				narrator: 'espeak-ng',
				priceMinor: '9900',
				currency: 'THB',
				categories: 'fiction',
				audio: { name: 'night-ferry.mp3', mimeType: 'audio/mpeg', buffer: speechBook() }
			}
		});
		expect(uploaded.status(), await uploaded.text()).toBe(201);
		const id: string = (await uploaded.json()).book.id;
		// The journeys store their own transcript (known segments): the real pipeline must not replace it.
		expect((await api.post(`/api/v1/admin/books/${id}/pipeline/cancel`, { headers })).status()).toBe(200);
		expect((await api.post(`/api/v1/admin/books/${id}/publish`, { headers })).status()).toBe(200);
		return id;
	} finally {
		await api.dispose();
	}
}

export const audioTime = (page: Page) => page.locator('audio').evaluate((a: HTMLAudioElement) => a.currentTime);

export async function signInAsAdmin(page: Page) {
	await page.goto(`${appUrl}/sign-in`);
	await page.getByLabel('Email').fill(admin.email);
	await page.getByLabel('Password').fill(admin.password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page).toHaveURL(`${appUrl}/account`);
}

/** Signs up through the form at `base` (the app, or a proxy in front of it); ends on the account page. */
export async function signUpAt(page: Page, base: string, who: { name: string; email: string; password: string }) {
	await page.goto(`${base}/sign-up`);
	await page.getByLabel('Name').fill(who.name);
	await page.getByLabel('Email').fill(who.email);
	await page.getByLabel('Password').fill(who.password);
	await page.getByRole('button', { name: 'Sign up' }).click();
	await expect(page).toHaveURL(`${base}/account`);
}

/** On a book's page: add it to the cart, open the cart and buy; ends on the order confirmation. */
export async function buyFromBookPage(page: Page) {
	await page.getByRole('button', { name: 'Add to cart' }).click();
	await page.getByRole('link', { name: /In your cart/ }).click();
	await page.getByRole('button', { name: 'Buy now' }).click();
	await expect(page.getByRole('heading', { name: 'Order confirmed' })).toBeVisible();
}
