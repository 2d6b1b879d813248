/**
 * Google sign-in through Auth.js (OpenID Connect code flow with PKCE, state and nonce). Auth.js does the
 * protocol; our signIn callback maps the verified identity to an Earshelf account and starts our own
 * session, then returns a redirect, so Auth.js keeps no session of its own.
 * GOOGLE_ISSUER can point at another OpenID provider (the tests run one on loopback).
 */
import { SvelteKitAuth, type SvelteKitAuthConfig } from '@auth/sveltekit';
import Google from '@auth/sveltekit/providers/google';
import type { Cookies, Handle, RequestEvent } from '@sveltejs/kit';
import { getApp } from '../app';
import { AppError } from '../errors';
import { clientMeta } from '../http/api';
import { userMessage } from '../http/user-messages';
import { setSessionCookie } from './cookies';
import { accountForIdentity, startBrowserSession } from './service';

export const GOOGLE_PROVIDER_ID = 'google';

/**
 * Auth.js answers /auth/* (the callback included) with a Response of its own that never passes through
 * SvelteKit's resolve(), and SvelteKit adds cookies set on event.cookies only to resolve()'s responses:
 * a session cookie set there would be dropped. So the callback records its Set-Cookie headers here,
 * per request event, and `google.handle` puts them on Auth.js's response.
 */
const setCookiesForAuthResponse = new WeakMap<RequestEvent, string[]>();

function cookiesForAuthResponse(event: RequestEvent): Cookies {
	const headers: string[] = [];
	setCookiesForAuthResponse.set(event, headers);
	return { ...event.cookies, set: (name, value, opts) => void headers.push(event.cookies.serialize(name, value, opts)) };
}

const authjs = SvelteKitAuth(async (event): Promise<SvelteKitAuthConfig> => {
	const app = await getApp();
	const { config } = app;
	return {
		basePath: '/auth',
		trustHost: true,
		secret: config.secrets.authSecret,
		useSecureCookies: config.secureCookies,
		session: { strategy: 'jwt' },
		logger: {
			error: (e) => app.log.error({ err: e }, 'auth.js error'),
			warn: (code) => app.log.warn({ code }, 'auth.js warning'),
			debug: () => {}
		},
		providers: config.GOOGLE_CLIENT_ID
			? [
					Google({
						clientId: config.GOOGLE_CLIENT_ID,
						clientSecret: config.secrets.googleClientSecret,
						issuer: config.GOOGLE_ISSUER,
						checks: ['pkce', 'state', 'nonce'],
						authorization: { params: { scope: 'openid email profile' } }
					})
				]
			: [],
		pages: { signIn: '/sign-in', error: '/sign-in' },
		callbacks: {
			async signIn({ account, profile }) {
				if (account?.provider !== GOOGLE_PROVIDER_ID || !profile?.sub) return false;
				try {
					const user = await accountForIdentity(app.auth, {
						provider: GOOGLE_PROVIDER_ID,
						subject: profile.sub,
						email: typeof profile.email === 'string' ? profile.email : null,
						emailVerified: profile.email_verified === true,
						name: typeof profile.name === 'string' ? profile.name : null
					});
					const { token, expiresAt } = await startBrowserSession(app.auth, user, clientMeta(event));
					setSessionCookie(cookiesForAuthResponse(event), config.secureCookies, token, expiresAt);
					app.log.info({ userId: user.id }, 'google sign-in');
					return '/account';
				} catch (e) {
					if (e instanceof AppError) return `/sign-in?error=${encodeURIComponent(userMessage(e))}`;
					throw e;
				}
			}
		}
	};
});

const handle: Handle = async ({ event, resolve }) => {
	const response = await authjs.handle({ event, resolve });
	for (const header of setCookiesForAuthResponse.get(event) ?? []) response.headers.append('set-cookie', header);
	return response;
};

export const google = { ...authjs, handle };
