/**
 * What a person reads when a form action fails. Domain code writes its AppError messages in English for
 * people and programs alike (the JSON API returns them as they are); a page in another language gets a
 * message chosen by the error's code and field instead, since the English sentence cannot be translated
 * after the fact.
 */
import * as m from '$lib/paraglide/messages';
import { baseLocale, getLocale } from '$lib/paraglide/runtime';
import type { AppError } from '../errors';

const INVALID_FIELD: Record<string, typeof m.error_invalid_input> = {
	email: m.error_invalid_email,
	password: m.error_invalid_password,
	name: m.error_invalid_name,
	slug: m.error_invalid_slug,
	token: m.error_reset_link
};

export function userMessage(e: AppError, locale = getLocale()): string {
	if (locale === baseLocale) return e.message;
	const options = { locale };
	switch (e.code) {
		case 'invalid_input':
			return (e.details.field && INVALID_FIELD[e.details.field]?.({}, options)) || m.error_invalid_input({}, options);
		// Forms only meet this one at sign-in: the session and token cases belong to the API.
		case 'unauthenticated':
			return m.error_wrong_password({}, options);
		case 'forbidden':
			return m.error_forbidden({}, options);
		case 'not_found':
			return m.error_gone({}, options);
		case 'conflict':
			return e.details.field === 'email' ? m.error_email_taken({}, options) : e.details.field === 'slug' ? m.error_invalid_slug({}, options) : m.error_conflict({}, options);
		case 'rate_limited':
			return m.error_rate_limited({ seconds: e.details.retryAfterSeconds ?? 60 }, options);
		case 'too_large':
			return m.error_too_large({}, options);
		case 'unavailable':
			return m.error_unavailable({}, options);
		case 'internal':
			return m.error_internal({}, options);
	}
}
