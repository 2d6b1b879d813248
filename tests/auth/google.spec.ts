/**
 * Google sign-in end to end against the production build, on SQLite and on MariaDB: the whole OpenID
 * code flow (PKCE, state, nonce, signed ID token) through Auth.js against the local OpenID provider
 * started by tests/global-setup.ts, driven with plain fetch and a cookie jar. Nothing is mocked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { browser, findForm, type Page } from '../helpers/cookie-jar';
import { client, newIp, uniqueEmail } from '../helpers/http';
import { claimsForLogin } from '../services/oidc-provider';

const issuer = process.env.TEST_OIDC_ISSUER!;
const SESSION_COOKIE = 'earshelf_session';
const UNVERIFIED_MESSAGE = 'Google did not confirm this email address';

let app: TestApp;
beforeAll(async () => {
	if (!issuer) throw new Error('TEST_OIDC_ISSUER is not set: run through vitest (tests/global-setup.ts starts the provider).');
	app = await startTestApp({
		GOOGLE_CLIENT_ID: process.env.TEST_OIDC_CLIENT_ID!,
		GOOGLE_CLIENT_SECRET: process.env.TEST_OIDC_CLIENT_SECRET!,
		GOOGLE_ISSUER: issuer
	});
});
afterAll(async () => {
	await app?.stop();
});

/**
 * Signs in with Google as `login` in a fresh browser: clicks "Continue with Google" on /sign-in, types
 * the login at the provider's form, grants consent, and follows the redirects back to the app.
 */
async function googleSignIn(login: string) {
	const b = browser({ 'x-forwarded-for': newIp(), 'user-agent': 'google.spec' });
	const signIn = await b.go(`${app.url}/sign-in`);
	expect(signIn.status).toBe(200);
	const button = findForm(signIn, /\?\/google$/);
	let page: Page = await b.go(button.action, button.fields, { origin: app.url });
	const providerPages: string[] = [];
	while (page.url.origin === issuer) {
		expect(page.status, page.html).toBe(200);
		const form = findForm(page, /\/interaction\//);
		providerPages.push(form.fields.prompt ?? '?');
		const fields = form.fields.prompt === 'login' ? { ...form.fields, login, password: 'anything' } : form.fields;
		page = await b.go(form.action, fields);
		if (providerPages.length > 4) throw new Error(`stuck at the provider: ${providerPages.join(', ')}`);
	}
	return { ...b, page, providerPages, session: b.jar.get(SESSION_COOKIE, '127.0.0.1') };
}

async function me(session: string | undefined) {
	const res = await fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie: `${SESSION_COOKIE}=${session}` } });
	return { status: res.status, body: (await res.json()) as { user: { id: string; email: string; name: string } } };
}

const usersWithEmail = (email: string) =>
	app.db().selectFrom('users').select(['id', 'email', 'name']).where('email', '=', email.toLowerCase()).execute();
const linksOf = (login: string) =>
	app
		.db()
		.selectFrom('oauth_accounts')
		.selectAll()
		.where('provider', '=', 'google')
		.where('provider_account_id', '=', claimsForLogin(login).sub)
		.execute();
const countUsers = async () =>
	Number((await app.db().selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('Google sign-in through the local OpenID provider', () => {
	it('creates an account and a link for a new Google user, and signs them in', async () => {
		const login = uniqueEmail('google-new');
		const flow = await googleSignIn(login);

		expect(flow.providerPages).toEqual(['login', 'consent']);
		expect(flow.page.url.pathname).toBe('/account');
		expect(flow.page.status).toBe(200);
		expect(flow.page.html).toContain(login);
		expect(flow.session).toMatch(/^[\w-]{20,}$/);
		// The callback went through the app's Auth.js route.
		expect(flow.page.url.origin).toBe(app.url);

		const users = await usersWithEmail(login);
		expect(users).toHaveLength(1);
		expect(users[0]?.name).toBe(claimsForLogin(login).name);
		const links = await linksOf(login);
		expect(links).toHaveLength(1);
		expect(links[0]).toMatchObject({ user_id: users[0]?.id, email: login });

		const who = await me(flow.session);
		expect(who.status).toBe(200);
		expect(who.body.user).toMatchObject({ id: users[0]?.id, email: login });
	});

	it('signs a returning Google user into the same account without creating another', async () => {
		const login = uniqueEmail('google-again');
		const first = await googleSignIn(login);
		const firstUser = (await me(first.session)).body.user;
		const before = await countUsers();

		const second = await googleSignIn(login);
		expect(second.page.url.pathname).toBe('/account');
		expect(second.session).toBeTruthy();
		expect(second.session).not.toBe(first.session);
		expect((await me(second.session)).body.user.id).toBe(firstUser.id);
		expect(await countUsers()).toBe(before);
		expect(await linksOf(login)).toHaveLength(1);
	});

	it('links a verified Google email to the existing password account with that email', async () => {
		const email = uniqueEmail('google-link');
		const up = await client(app.url).post('/api/v1/auth/sign-up', { email, password: 'correct horse battery', name: 'Pat' });
		expect(up.status).toBe(201);
		const before = await countUsers();

		const flow = await googleSignIn(email);
		expect(flow.page.url.pathname).toBe('/account');
		const who = await me(flow.session);
		expect(who.status).toBe(200);
		expect(who.body.user).toMatchObject({ id: up.body.user.id, email, name: 'Pat' });
		expect(await countUsers()).toBe(before);
		expect((await linksOf(email)).map((l) => l.user_id)).toEqual([up.body.user.id]);

		// The password still works alongside Google.
		const pw = await client(app.url).post('/api/v1/auth/sign-in', { email, password: 'correct horse battery' });
		expect(pw.status).toBe(200);
	});

	it('refuses an unverified Google email that matches an existing account', async () => {
		const email = uniqueEmail('unverified-taken');
		const up = await client(app.url).post('/api/v1/auth/sign-up', { email, password: 'correct horse battery', name: 'Sam' });
		expect(up.status).toBe(201);
		expect(claimsForLogin(email).email_verified).toBe(false);

		const flow = await googleSignIn(email);
		expect(flow.page.url.pathname).toBe('/sign-in');
		expect(flow.page.url.searchParams.get('error')).toContain(UNVERIFIED_MESSAGE);
		expect(flow.page.html).toMatch(new RegExp(`role="alert"[^>]*>${UNVERIFIED_MESSAGE}`));
		expect(flow.session).toBeUndefined();
		expect(await linksOf(email)).toHaveLength(0);
		expect((await usersWithEmail(email)).map((u) => u.id)).toEqual([up.body.user.id]);
	});

	it('refuses an unverified Google email with no account, and creates none', async () => {
		const email = uniqueEmail('unverified-new');
		const before = await countUsers();

		const flow = await googleSignIn(email);
		expect(flow.page.url.pathname).toBe('/sign-in');
		expect(flow.page.html).toContain(UNVERIFIED_MESSAGE);
		expect(flow.session).toBeUndefined();
		expect(await usersWithEmail(email)).toHaveLength(0);
		expect(await linksOf(email)).toHaveLength(0);
		expect(await countUsers()).toBe(before);
	});
});
