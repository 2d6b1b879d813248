/** Auth dependencies over a fresh, migrated database with a clock the test moves by hand. */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createSessionChecks } from '../../src/lib/server/auth/session-checks';
import { loadJwtKeys } from '../../src/lib/server/auth/jwt';
import { createLimiters } from '../../src/lib/server/auth/rate-limit';
import type { AuthDeps, TokenPair } from '../../src/lib/server/auth/service';
import { createDb, type Db } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { createLogger } from '../../src/lib/server/log';
import { createMailer } from '../../src/lib/server/mail';
import { dropDatabase, freshDatabaseUrl } from './app';

export interface TestAuth {
	deps: AuthDeps;
	db: Db;
	advance(ms: number): void;
	close(): Promise<void>;
}

export async function createTestAuth(): Promise<TestAuth> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-auth-'));
	const url = await freshDatabaseUrl(dir);
	const db = createDb(url.startsWith('mysql:') ? { dialect: 'mysql', url } : { dialect: 'sqlite', file: url.slice(7) });
	await migrateToLatest(db);
	let now = Date.now();
	const log = createLogger('silent');
	const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
	const deps: AuthDeps = {
		db,
		clock: () => now,
		log,
		mailer: createMailer({ smtpUrl: process.env.TEST_SMTP_URL, from: 'test@earshelf.local', outboxDir: path.join(dir, 'outbox'), log }),
		limits: createLimiters({ windowSeconds: 60, ipPoints: 1000, accountPoints: 1000 }),
		jwtKeys: await loadJwtKeys(pem),
		jwt: { issuer: 'earshelf', audience: 'earshelf-api', ttlSeconds: 900 },
		bcryptCost: 10,
		sessionTtlMs: 30 * 86_400_000,
		resetTtlMs: 30 * 60_000,
		tokenSecret: randomBytes(32).toString('base64url'),
		publicOrigin: 'http://localhost',
		refreshesInFlight: new Map<string, Promise<TokenPair>>(),
		// As in production (a second), on the test's clock: tests see what a deployment does.
		sessionChecks: createSessionChecks(1000, () => now)
	};
	return {
		deps,
		db,
		advance: (ms) => {
			now += ms;
		},
		async close() {
			await db.destroy();
			await dropDatabase(url);
		}
	};
}

/** Client details for service calls that record them (sign-up, sessions, resets). */
export const testMeta = { ip: '127.0.0.1', userAgent: 'vitest' };

/**
 * Call at the top of a test file: auth dependencies made before its first test and closed after its
 * last. The returned object is filled in by then, so tests use it as a TestAuth.
 */
export function useTestAuth(): TestAuth {
	const t = {} as TestAuth;
	beforeAll(async () => {
		Object.assign(t, await createTestAuth());
	});
	afterAll(async () => {
		await t.close?.();
	});
	return t;
}
