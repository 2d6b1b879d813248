/**
 * The one error vocabulary of the app and its single mapping to HTTP and WebSocket.
 * Domain code throws AppError; routes and hooks never invent status codes of their own.
 */
import type { ZodError } from 'zod';
import { jsonBody } from './http/json-body';

export type ErrorCode =
	| 'invalid_input'
	| 'unauthenticated'
	| 'forbidden'
	| 'not_found'
	| 'conflict'
	| 'too_large'
	| 'rate_limited'
	| 'unavailable'
	| 'internal';

const HTTP_STATUS: Record<ErrorCode, number> = {
	invalid_input: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	too_large: 413,
	rate_limited: 429,
	unavailable: 503,
	internal: 500
};

/** Close codes in the private range 4000–4999, mirroring the HTTP status. */
const WS_CLOSE: Record<ErrorCode, number> = {
	invalid_input: 4400,
	unauthenticated: 4401,
	forbidden: 4403,
	not_found: 4404,
	conflict: 4409,
	too_large: 4413,
	rate_limited: 4429,
	unavailable: 4503,
	internal: 4500
};

export class AppError extends Error {
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly details: { field?: string; retryAfterSeconds?: number } = {}
	) {
		super(message);
		this.name = 'AppError';
	}
	get status(): number {
		return HTTP_STATUS[this.code];
	}
	get wsCloseCode(): number {
		return WS_CLOSE[this.code];
	}
}

export const invalidInput = (message: string, field?: string) =>
	new AppError('invalid_input', message, { field });
export const unauthenticated = (message = 'Sign in to continue.') =>
	new AppError('unauthenticated', message);
export const forbidden = (message = 'You do not have access to this.') =>
	new AppError('forbidden', message);
export const notFound = (message = 'Not found.') => new AppError('not_found', message);
export const conflict = (message: string, field?: string) => new AppError('conflict', message, { field });
export const rateLimited = (retryAfterSeconds: number) =>
	new AppError('rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, {
		retryAfterSeconds
	});
export const unavailable = (message: string) => new AppError('unavailable', message);

/** Turns a zod failure into invalid_input naming the first offending field. */
export function fromZod(error: ZodError): AppError {
	const issue = error.issues[0];
	const field = issue?.path.join('.') || undefined;
	const message = field ? `${field}: ${issue?.message}` : (issue?.message ?? 'Invalid input.');
	return invalidInput(message, field);
}

export interface ErrorBody {
	error: { code: ErrorCode; message: string; field?: string };
}

export function toErrorBody(err: AppError): ErrorBody {
	return {
		error: {
			code: err.code,
			message: err.message,
			...(err.details.field ? { field: err.details.field } : {})
		}
	};
}

/** The JSON response for an AppError (API routes and hooks). */
export function errorResponse(err: AppError): Response {
	// A 404 is cacheable by default (RFC 9111): say plainly that no error is to be reused.
	const headers: Record<string, string> = { 'cache-control': 'no-store' };
	if (err.details.retryAfterSeconds !== undefined) {
		headers['retry-after'] = String(err.details.retryAfterSeconds);
	}
	if (err.code === 'unauthenticated') headers['www-authenticate'] = 'Bearer';
	return jsonBody(toErrorBody(err), err.status, headers);
}
