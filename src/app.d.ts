import type { Authenticated } from '$lib/server/auth/service';
import type { AppError } from '$lib/server/errors';

declare global {
	namespace App {
		interface Locals {
			requestId: string;
			/** The page language (hooks: withLanguage); Paraglide's getLocale() reads it. */
			locale: import('$lib/paraglide/runtime').Locale;
			/** The signed-in user and session (cookie or Bearer), or null. */
			caller: Authenticated | null;
			/** Why a presented Bearer token was refused; API routes answer 401 with it. */
			callerError: AppError | null;
		}
		interface Error {
			message: string;
			requestId?: string;
			code?: string;
		}
		interface PageData {
			user: import('$lib/server/auth/service').PublicUser | null;
		}
	}
}

export {};
