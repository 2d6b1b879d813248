import { describe, expect, it } from 'vitest';
import { cookieName, getLocale } from '$lib/paraglide/runtime';
import { localeOf } from './language';

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
		expect(localeOf(request(headers))).toBe(locale);
	});

	// Inside a request getLocale() reads the request's locals (the Thai password-reset mail in
	// tests/auth/api.spec.ts and the Thai pages in e2e/i18n.spec.ts depend on it).
	it('is the base locale outside a request (background jobs)', () => {
		expect(getLocale()).toBe('en');
	});
});
