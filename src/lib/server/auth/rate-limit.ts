/**
 * Abuse limits for sign-in, sign-up and password reset: per client IP (every attempt) and per account
 * (failed sign-ins, reset requests). Exceeding one answers 429 with Retry-After.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../errors';

export type LimitedAction = 'sign-in' | 'sign-up' | 'password-reset';

export interface Limiters {
	/** Counts one attempt from this IP; throws rate_limited past the limit. */
	hitIp(action: LimitedAction, ip: string): Promise<void>;
	/** Counts one event against an account key (e.g. an email); throws rate_limited past the limit. */
	hitAccount(action: LimitedAction, key: string): Promise<void>;
	/** Throws rate_limited when the account is already over its limit, without counting. */
	checkAccount(action: LimitedAction, key: string): Promise<void>;
	clearAccount(action: LimitedAction, key: string): Promise<void>;
}

export function createLimiters(cfg: { windowSeconds: number; ipPoints: number; accountPoints: number }): Limiters {
	const ip = new RateLimiterMemory({ points: cfg.ipPoints, duration: cfg.windowSeconds, keyPrefix: 'ip' });
	const account = new RateLimiterMemory({
		points: cfg.accountPoints,
		duration: cfg.windowSeconds,
		keyPrefix: 'acct'
	});

	async function consume(limiter: RateLimiterMemory, key: string) {
		try {
			await limiter.consume(key);
		} catch (e) {
			if (e instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
			throw e;
		}
	}

	return {
		hitIp: (action, addr) => consume(ip, `${action}:${addr}`),
		hitAccount: (action, key) => consume(account, `${action}:${key}`),
		async checkAccount(action, key) {
			const res = await account.get(`${action}:${key}`);
			if (res && res.consumedPoints >= cfg.accountPoints) {
				throw rateLimited(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
			}
		},
		async clearAccount(action, key) {
			await account.delete(`${action}:${key}`);
		}
	};
}
