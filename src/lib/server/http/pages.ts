/** Helpers for page loads: an AppError becomes SvelteKit's error page with its status, in the page's language. */
import { error } from '@sveltejs/kit';
import { AppError } from '../errors';
import { userMessage } from './user-messages';

export async function orPageError<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof AppError) error(e.status, { message: userMessage(e), code: e.code });
		throw e;
	}
}
