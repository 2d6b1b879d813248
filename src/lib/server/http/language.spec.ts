import { describe, expect, it } from 'vitest';
import { cookieName, extractLocaleFromRequest, getLocale } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';

const request = (headers: Record<string, string>) => new Request('http://localhost/', { headers });

describe('locale of a request', () => {
	it.each([
		['nothing', {}, 'en'],
		['Accept-Language th', { 'accept-language': 'th-TH,th;q=0.9,en;q=0.8' }, 'th'],
		['Accept-Language preferring English', { 'accept-language': 'en-US,en;q=0.9,th;q=0.5' }, 'en'],
		['Accept-Language weighted towards Thai', { 'accept-language': 'en;q=0.4,th;q=0.9' }, 'th'],
		['an unknown Accept-Language', { 'accept-language': 'de-DE,fr;q=0.8' }, 'en'],
		['the cookie over Accept-Language', { cookie: `${cookieName}=th`, 'accept-language': 'en-US' }, 'th'],
		['the cookie back to English', { cookie: `${cookieName}=en`, 'accept-language': 'th' }, 'en'],
		['an unknown cookie value, then Accept-Language', { cookie: `${cookieName}=xx`, 'accept-language': 'th' }, 'th'],
		['an unknown cookie value alone', { cookie: `${cookieName}=xx` }, 'en']
	])('%s → %s', (_, headers, locale) => {
		expect(extractLocaleFromRequest(request(headers))).toBe(locale);
	});

	it('is what message code sees while the request is handled', async () => {
		const seen = await paraglideMiddleware(request({ cookie: `${cookieName}=th` }), async () =>
			new Response(getLocale())
		).then((r) => r.text());
		expect(seen).toBe('th');
	});
});
