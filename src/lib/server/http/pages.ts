/** Helpers for page loads: an AppError becomes SvelteKit's error page with the same status and message. */
import { error } from '@sveltejs/kit';
import { AppError } from '../errors';

export async function orPageError<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof AppError) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
}
