import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { setLanguageCookie } from '$lib/server/http/language';
import { isLocale } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

/** Only same-site paths are followed back; anything else returns to the store. */
function safeBack(back: FormDataEntryValue | null): string {
	return typeof back === 'string' && back.startsWith('/') && !back.startsWith('//') ? back : '/';
}

/**
 * The language switcher: a plain form post, so it works before the page's scripts load, and a full page
 * load afterwards, so every server-rendered string changes with it.
 */
export const POST: RequestHandler = async ({ request, cookies }) => {
	const form = await request.formData();
	const locale = form.get('locale');
	if (!isLocale(locale)) error(400, { message: 'locale: choose en or th.', code: 'invalid_input' });
	const { config } = await getApp();
	setLanguageCookie(cookies, config.secureCookies, locale);
	redirect(303, safeBack(form.get('back')));
};
