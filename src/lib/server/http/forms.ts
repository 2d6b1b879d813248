/** Helpers for form actions: validate FormData with the same schemas as the API, map errors once. */
import { fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { AppError, fromZod } from '../errors';
import { userMessage } from './user-messages';

export async function readForm<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
	const form = await request.formData();
	const obj: Record<string, string> = {};
	for (const [k, v] of form) if (typeof v === 'string') obj[k] = v;
	const parsed = schema.safeParse(obj);
	if (!parsed.success) throw fromZod(parsed.error);
	return parsed.data;
}

export interface FormError {
	error: string;
	field?: string;
}

/** Runs an action; an AppError becomes `fail(status, { error, field })`, the error in the page's language. */
export async function formAction<T>(fn: () => Promise<T>): Promise<T | ActionFailure<FormError>> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof AppError) return fail(e.status, { error: userMessage(e), field: e.details.field });
		throw e;
	}
}
