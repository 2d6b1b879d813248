/**
 * The admin pages as a browser sees them: user text rendered escaped, the edit form's actions, and
 * the guard on form actions (which run without the admin layout's load).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bookFields, makeAudio, signInAdmin, upload } from '../helpers/admin-upload';
import { browser, findForm } from '../helpers/cookie-jar';
import { client, newIp, uniqueEmail } from '../helpers/http';

let app: TestApp;
let audio: ReturnType<typeof makeAudio>;
let token: string;

beforeAll(async () => {
	audio = makeAudio();
	app = await startTestApp({ TMPDIR: mkdtempSync(join(tmpdir(), 'earshelf-apptmp-')), PIPELINE_RUNNER: 'off' });
	token = await signInAdmin(app);
});
afterAll(async () => {
	await app?.stop();
	rmSync(audio.dir, { recursive: true, force: true });
});

async function signedIn(email: string, password: string) {
	const b = browser({ 'x-forwarded-for': newIp() });
	const page = await b.go(`${app.url}/sign-in`);
	const form = findForm(page, /password/);
	const after = await b.go(form.action, { ...form.fields, email, password }, { origin: app.url });
	expect(after.status).toBe(200);
	return b;
}

async function newBook(overrides: Record<string, string | string[] | undefined> = {}) {
	const res = await upload(app, token, [...bookFields(overrides), { name: 'audio', filename: 'b.mp3', path: audio.file('book.mp3') }]);
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.body.book as { id: string };
}

describe('admin pages', () => {
	it('render <script> in user text escaped, never as markup', async () => {
		const script = '<script>alert("pwned")</script>';
		const book = await newBook({ title: script, author: script, description: script });
		const admin = await signedIn(app.admin.email, app.admin.password);
		for (const path of ['/admin/books', `/admin/books/${book.id}`]) {
			const page = await admin.go(`${app.url}${path}`);
			expect(page.status, path).toBe(200);
			// Svelte escapes "<" and "&" in text ("&lt;script>"; ">" is inert), quotes too in attributes;
			// the hydration data has "\u003Cscript>". No "<script>alert" may appear raw anywhere.
			expect(page.html, path).toContain('&lt;script>alert("pwned")&lt;/script>');
			expect(page.html, path).toContain('\\u003Cscript>alert');
			expect(page.html, path).not.toContain('<script>alert');
		}
	});

	it('the edit form saves metadata and categories; publish and delete work from the page', async () => {
		const book = await newBook({ categories: ['fiction'] });
		const admin = await signedIn(app.admin.email, app.admin.password);
		const edit = await admin.go(`${app.url}/admin/books/${book.id}`);
		expect(edit.status).toBe(200);
		const save = await admin.go(
			`${app.url}/admin/books/${book.id}?/save`,
			{ title: 'Edited', author: 'A. Writer', narrator: '', description: 'New text', price: '250.50', currency: 'THB', categories: '00000000-0000-7000-8000-000000000006' },
			{ origin: app.url }
		);
		expect(save.status).toBe(200);
		const api = await client(app.url).get(`/api/v1/admin/books/${book.id}`, token);
		expect(api.body.book).toMatchObject({ title: 'Edited', author: 'A. Writer', priceMinor: 25050, categories: [{ slug: 'horror' }] });

		const bad = await admin.go(`${app.url}/admin/books/${book.id}?/save`, { title: 'x', author: 'y', price: 'abc', currency: 'THB' }, { origin: app.url });
		expect(bad.status).toBe(400);
		expect(bad.html).toMatch(/plain amount/);

		await admin.go(`${app.url}/admin/books/${book.id}?/publish`, {}, { origin: app.url });
		expect((await client(app.url).get(`/api/v1/admin/books/${book.id}`, token)).body.book.status).toBe('published');
		const del = await admin.go(`${app.url}/admin/books/${book.id}?/delete`, {}, { origin: app.url });
		expect(del.url.pathname).toBe('/admin/books');
		expect((await client(app.url).get(`/api/v1/admin/books/${book.id}`, token)).status).toBe(404);
	});

	it('the categories page adds a category and shows errors', async () => {
		const admin = await signedIn(app.admin.email, app.admin.password);
		const added = await admin.go(`${app.url}/admin/categories?/create`, { name: 'Radio Plays', slug: '' }, { origin: app.url });
		expect(added.status).toBe(200);
		expect(added.html).toContain('Added Radio Plays.');
		const dup = await admin.go(`${app.url}/admin/categories?/create`, { name: 'Radio plays' }, { origin: app.url });
		expect(dup.status).toBe(409);
		expect(dup.html).toContain('already exists');
	});

	it('the categories page clears a Thai name and a description when their inputs are emptied', async () => {
		const admin = await signedIn(app.admin.email, app.admin.password);
		const slug = `audio-drama-${Date.now().toString(36)}`;
		const made = await admin.go(
			`${app.url}/admin/categories?/create`,
			{ name: `Audio Drama ${slug}`, slug, nameTh: 'ละครเสียง', description: 'Plays for voices.' },
			{ origin: app.url }
		);
		expect(made.status).toBe(200);
		const find = async () =>
			((await client(app.url).get(`/api/v1/admin/categories`, token)).body.categories as { id: string; slug: string; nameTh: string; description: string }[]).find(
				(c) => c.slug === slug
			)!;
		const before = await find();
		expect(before).toMatchObject({ nameTh: 'ละครเสียง', description: 'Plays for voices.' });
		const saved = await admin.go(
			`${app.url}/admin/categories?/rename`,
			{ id: before.id, name: `Audio Drama ${slug}`, nameTh: '  ', slug, description: '' },
			{ origin: app.url }
		);
		expect(saved.status).toBe(200);
		expect(await find()).toMatchObject({ slug, nameTh: '', description: '' });
		const shop = await client(app.url).get('/api/v1/catalog/categories');
		expect(shop.body.categories.find((c: { slug: string }) => c.slug === slug)).toMatchObject({ nameTh: null });
	});

	it('refuses buyers on pages and on form actions, changing nothing', async () => {
		const book = await newBook();
		const email = uniqueEmail('buyer');
		await client(app.url).post('/api/v1/auth/sign-up', { email, password: 'correct horse battery', name: 'Buyer' });
		const buyer = await signedIn(email, 'correct horse battery');
		expect((await buyer.go(`${app.url}/admin/books`)).status).toBe(403);
		expect((await buyer.go(`${app.url}/admin/books/new`)).status).toBe(403);
		for (const action of ['publish', 'delete', 'save']) {
			const res = await buyer.go(`${app.url}/admin/books/${book.id}?/${action}`, { title: 'Hijacked', author: 'x', price: '1', currency: 'THB' }, { origin: app.url });
			expect(res.status, action).toBe(403);
		}
		const res = await buyer.go(`${app.url}/admin/categories?/create`, { name: 'Hijacked' }, { origin: app.url });
		expect(res.status).toBe(403);
		const after = (await client(app.url).get(`/api/v1/admin/books/${book.id}`, token)).body.book;
		expect(after).toMatchObject({ status: 'draft', title: 'The Lighthouse Keeper' });
		const anonymous = await fetch(`${app.url}/admin/books`, { headers: { accept: 'text/html' } });
		expect(anonymous.status).toBe(401);
	});
});
