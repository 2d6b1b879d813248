/**
 * Abuse limits for sign-in, sign-up and password reset: per client IP (every attempt) and per account
 * (failed sign-ins, reset requests). Exceeding one answers 429 with Retry-After. The counters live in
 * the database's rate_limits table (migration 0007), so every app instance counts against the same
 * limit and a restart forgets nothing; without a database (unit tests) they stay in memory.
 */
import {
	RateLimiterMemory,
	RateLimiterMySQL,
	RateLimiterRes,
	RateLimiterSQLite,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';
import type { RawClient } from '../db';
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

function limiter(store: RawClient | undefined, opts: { points: number; duration: number; keyPrefix: string }): RateLimiterAbstract {
	if (!store) return new RateLimiterMemory(opts);
	// The table comes from our migrations; expired rows are swept every few minutes (an unref'd timer).
	const table = { tableName: 'rate_limits', tableCreated: true, clearExpiredByTimeout: true };
	return store.dialect === 'mysql'
		? new RateLimiterMySQL({ ...opts, ...table, storeClient: store.pool, storeType: 'pool', dbName: store.database })
		: new RateLimiterSQLite({ ...opts, ...table, storeClient: store.sqlite, storeType: 'better-sqlite3' });
}

export function createLimiters(cfg: { windowSeconds: number; ipPoints: number; accountPoints: number }, store?: RawClient): Limiters {
	const ip = limiter(store, { points: cfg.ipPoints, duration: cfg.windowSeconds, keyPrefix: 'ip' });
	const account = limiter(store, { points: cfg.accountPoints, duration: cfg.windowSeconds, keyPrefix: 'acct' });

	async function consume(limiter: RateLimiterAbstract, key: string) {
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
