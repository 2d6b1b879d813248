/**
 * Backup and restore with the commands the README gives, while the store runs: on MariaDB a
 * `mariadb-dump --single-transaction` restored into a fresh database next to the same S3 bucket; on the
 * embedded default a copy of DATA_DIR made by scripts/backup-data-dir.mjs (SQLite's online backup).
 * A new app on the restored copy must still sign the buyer in, list and stream the bought book, find
 * it in catalog search (title and transcript) and serve its transcript.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeTranscript, storeChunk } from '../../src/lib/server/pipeline/outputs.repository';
import type { BlobStorage } from '../../src/lib/server/storage';
import { dropDatabase, freshDatabaseUrl, MYSQL_BASE_URL, startTestApp, testDialect, type TestApp } from '../helpers/app';
import { appStorage, insertBook, type TestBook } from '../helpers/books';
import { client, uniqueEmail } from '../helpers/http';
import { s3AppEnv, startS3Server } from '../services/s3-server';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
	for (const c of cleanups.reverse()) await c();
});
const tempDir = (prefix: string) => {
	const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
	cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
};

interface Store {
	book: TestBook;
	titleWord: string;
	spokenWord: string;
	email: string;
	password: string;
	accessToken: string;
}

/** A store worth restoring: a published book with audio and a transcript, bought by a buyer. */
async function fillStore(app: TestApp, storage: BlobStorage): Promise<Store> {
	const titleWord = `Lantern${randomBytes(4).toString('hex')}`;
	const spokenWord = `tok${randomBytes(5).toString('hex')}`;
	const book = await insertBook(app, storage, { title: `The ${titleWord} Keeper`, price_minor: 15000, seconds: 20 });
	const segments = [
		{ start: 0, end: 4, text: 'Chapter one.' },
		{ start: 4, end: 9, text: `The keeper lit the ${spokenWord} lamp at dusk.` }
	];
	await storeChunk(app.db(), book.id, { index: 0, start: 0, end: 9, segments }, 'local', Date.now());
	await composeTranscript(app.db(), book.id, Date.now());
	const email = uniqueEmail('restore');
	const password = 'correct horse battery';
	const c = client(app.url);
	const signedUp = await c.post('/api/v1/auth/sign-up', { email, password, name: 'Restorer' });
	expect(signedUp.status).toBe(201);
	const accessToken = signedUp.body.accessToken as string;
	expect((await c.post('/api/v1/cart', { bookId: book.id }, accessToken)).status).toBe(200);
	const cart = await c.get('/api/v1/cart', accessToken);
	expect((await c.post('/api/v1/checkout', { cartId: cart.body.cart.id }, accessToken)).status).toBe(201);
	return { book, titleWord, spokenWord, email, password, accessToken };
}

/** Everything a buyer does on the restored store. */
async function expectStoreWorks(app: TestApp, store: Store) {
	const c = client(app.url);
	const signedIn = await c.post('/api/v1/auth/sign-in', { email: store.email, password: store.password });
	expect(signedIn.status).toBe(200);
	const token = signedIn.body.accessToken as string;
	// Sessions made before the backup survive it, because the secrets were kept with it.
	expect((await c.get('/api/v1/auth/me', store.accessToken)).status).toBe(200);

	const library = await c.get('/api/v1/library', token);
	expect(library.body.books.map((b: { id: string }) => b.id)).toEqual([store.book.id]);
	const audio = await fetch(`${app.url}/api/v1/library/${store.book.id}/audio`, { headers: { authorization: `Bearer ${token}`, range: 'bytes=1000-1999' } });
	expect(audio.status).toBe(206);
	expect(Buffer.from(await audio.arrayBuffer())).toEqual(store.book.audio.subarray(1000, 2000));

	const byTitle = await c.get(`/api/v1/catalog/books?q=${store.titleWord}`);
	expect(byTitle.body.books.map((b: { id: string }) => b.id)).toEqual([store.book.id]);
	const bySpeech = await c.get(`/api/v1/catalog/books?q=${store.spokenWord}`);
	expect(bySpeech.body.books.map((b: { id: string }) => b.id)).toEqual([store.book.id]);
	const transcript = await fetch(`${app.url}/api/v1/library/${store.book.id}/transcript.txt`, { headers: { authorization: `Bearer ${token}` } });
	expect(transcript.status).toBe(200);
	expect(await transcript.text()).toContain(store.spokenWord);
}

describe.skipIf(testDialect() !== 'mysql')('restore on MariaDB with the same S3 bucket', () => {
	it('mariadb-dump of the running store, restored into a fresh database, serves the store', async () => {
		const s3 = await startS3Server();
		cleanups.push(() => s3.stop());
		// The secrets are part of the backup: the restored store gets the same ones.
		const secrets = {
			JWT_PRIVATE_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
			TOKEN_SECRET: randomBytes(32).toString('base64url'),
			AUTH_SECRET: randomBytes(32).toString('base64url')
		};
		const env = { ...s3AppEnv(s3), ...secrets, PIPELINE_RUNNER: 'off' };
		const original = await startTestApp(env);
		cleanups.push(() => original.stop());
		const store = await fillStore(original, appStorage(original, s3));

		const server = new URL(MYSQL_BASE_URL);
		const login = [`--host=${server.hostname}`, `--port=${server.port}`, `--user=${decodeURIComponent(server.username)}`, `--password=${decodeURIComponent(server.password)}`];
		const dumpFile = path.join(tempDir('earshelf-dump-'), 'earshelf.sql');
		const out = openSync(dumpFile, 'w');
		try {
			execFileSync('mariadb-dump', [...login, '--single-transaction', '--routines', '--triggers', '--hex-blob', new URL(original.databaseUrl).pathname.slice(1)], { stdio: ['ignore', out, 'pipe'] });
		} finally {
			closeSync(out);
		}
		const restoredUrl = await freshDatabaseUrl(tempDir('earshelf-restore-'), 'mysql');
		cleanups.push(() => dropDatabase(restoredUrl));
		const restore = spawnSync('sh', ['-c', `mariadb "$@" < '${dumpFile}'`, 'mariadb', ...login, new URL(restoredUrl).pathname.slice(1)], { encoding: 'utf8' });
		expect(restore.status, restore.stderr).toBe(0);

		const restored = await startTestApp({ ...env, DATABASE_URL: restoredUrl });
		cleanups.push(() => restored.stop());
		expect(restored.output()).not.toContain('First admin created'); // the admin came back with the dump
		await expectStoreWorks(restored, store);
	});
});

describe.skipIf(testDialect() !== 'sqlite')('restore of the embedded default', () => {
	it('a DATA_DIR copy made while the app runs, started on its own, serves the store', async () => {
		const dataDir = tempDir('earshelf-data-');
		const original = await startTestApp({ DATA_DIR: dataDir, DATABASE_URL: `sqlite:${path.join(dataDir, 'earshelf.db')}`, PIPELINE_RUNNER: 'off' });
		cleanups.push(() => original.stop());
		const store = await fillStore(original, appStorage({ ...original, dataDir }));

		const backup = path.join(tempDir('earshelf-backup-'), 'copy');
		execFileSync(process.execPath, ['scripts/backup-data-dir.mjs', dataDir, backup], { stdio: 'pipe' });
		// The original goes away entirely: the copy alone must be the store.
		await original.stop();
		rmSync(dataDir, { recursive: true, force: true });

		const restored = await startTestApp({ DATA_DIR: backup, DATABASE_URL: `sqlite:${path.join(backup, 'earshelf.db')}`, PIPELINE_RUNNER: 'off' });
		cleanups.push(() => restored.stop());
		expect(restored.output()).not.toContain('First admin created');
		await expectStoreWorks(restored, store);
	});
});
