/**
 * The process-wide application context: configuration, database, logger, mailer and the auth
 * dependencies, built once at start (migrations applied) and shared by hooks, routes and the
 * WebSocket server. Kept on globalThis so a dev-server hot reload does not open a second pool.
 */
import path from 'node:path';
import { createLimiters } from './auth/rate-limit';
import { loadJwtKeys } from './auth/jwt';
import { createSessionChecks } from './auth/session-checks';
import { ensureFirstAdmin, type AuthDeps, type TokenPair } from './auth/service';
import { loadConfig, type Config } from './config';
import { createDb, rawClientOf, type Db } from './db';
import { migrateToLatest } from './db/migrate';
import { indexMissingWords } from './catalog/shelf-order.repository';
import { createLogger, type Logger } from './log';
import { createMailer } from './mail';
import { createStorage, type BlobStorage } from './storage';
import { createDrawnCoverCache, type DrawnCoverCache } from './covers/drawn-cache';
import { consoleClientCount, startConsole } from './console';
import { createMetrics, type Metrics } from './metrics';
import { createShelfSizes, type ShelfSizes } from './catalog/shelf-sizes';
import { startRunner } from './pipeline';
import { onShutdown } from './shutdown';

export interface App {
	config: Config;
	db: Db;
	log: Logger;
	storage: BlobStorage;
	auth: AuthDeps;
	metrics: Metrics;
	/** Category sizes for the catalog's query plans, kept for a minute. */
	shelves: ShelfSizes;
	/** Drawn covers already drawn by this instance (covers/drawn-cache.ts). */
	drawnCovers: DrawnCoverCache;
	close(): Promise<void>;
}

export async function createApp(env: NodeJS.ProcessEnv = process.env): Promise<App> {
	const config = loadConfig(env);
	const log = createLogger(config.LOG_LEVEL);
	const db = createDb(config.database);
	const applied = await migrateToLatest(db);
	if (applied.length) log.info({ applied }, 'migrations applied');
	// Books from before the word index (migration 0016) get their words; later writes keep them.
	const wordsIndexed = await indexMissingWords(db);
	if (wordsIndexed) log.info({ books: wordsIndexed }, 'search words indexed');

	const auth: AuthDeps = {
		db,
		clock: Date.now,
		log,
		mailer: createMailer({
			smtpUrl: config.secrets.smtpUrl,
			from: config.MAIL_FROM,
			outboxDir: path.join(config.dataDir, 'outbox'),
			log
		}),
		limits: createLimiters(
			{
				windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
				ipPoints: config.RATE_LIMIT_IP_POINTS,
				accountPoints: config.RATE_LIMIT_ACCOUNT_POINTS
			},
			rawClientOf(db)
		),
		jwtKeys: await loadJwtKeys(config.secrets.jwtPrivateKeyPem),
		jwt: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
		bcryptCost: config.BCRYPT_COST,
		sessionTtlMs: config.SESSION_TTL_DAYS * 86_400_000,
		resetTtlMs: config.RESET_TOKEN_TTL_MINUTES * 60_000,
		tokenSecret: config.secrets.tokenSecret,
		publicOrigin: config.publicOrigin,
		refreshesInFlight: new Map<string, Promise<TokenPair>>(),
		sessionChecks: createSessionChecks(config.SESSION_CHECK_CACHE_MS, Date.now)
	};

	const admin = await ensureFirstAdmin(auth, config.ADMIN_EMAIL);
	if (admin) {
		// Printed once, on the console only: the password is not logged or stored anywhere else.
		console.log(
			`\n  First admin created.\n    email:    ${admin.email}\n    password: ${admin.password}\n  Change it after signing in (Account → Forgot password).\n`
		);
	}

	const background: Array<() => Promise<void>> = [];
	const app: App = {
		config,
		db,
		log,
		storage: createStorage(config.storage),
		auth,
		metrics: createMetrics({ db, consoleClients: consoleClientCount }),
		shelves: createShelfSizes(db),
		drawnCovers: createDrawnCoverCache(),
		async close() {
			for (const stop of background.splice(0)) await stop();
			await db.destroy();
		}
	};
	background.push(...(await startBackground(app)));
	onShutdown(async () => {
		for (const stop of background.splice(0)) await stop();
	});
	return app;
}

/** The admin console (every instance) and the pipeline runner (unless PIPELINE_RUNNER=off); returns their stops. */
async function startBackground(app: App): Promise<Array<() => Promise<void>>> {
	const { config } = app;
	const stops = [await startConsole(app, { pollMs: config.CONSOLE_POLL_MS })];
	if (config.PIPELINE_RUNNER === 'on') {
		const runner = startRunner(
			{ db: app.db, storage: app.storage, log: app.log, clock: Date.now },
			{
				inferenceUrl: config.INFERENCE_URL,
				leaseMs: config.PIPELINE_LEASE_SECONDS * 1000,
				pollMs: config.PIPELINE_POLL_MS,
				maxAttempts: config.PIPELINE_MAX_ATTEMPTS,
				backoffMs: config.PIPELINE_BACKOFF_MS,
				maxBackoffMs: config.PIPELINE_MAX_BACKOFF_MS,
				idleMs: config.PIPELINE_SIDECAR_IDLE_SECONDS * 1000,
				drainMs: config.PIPELINE_DRAIN_SECONDS * 1000,
				defaultProviders: { transcribe: config.PIPELINE_TRANSCRIBE_PROVIDER, summarize: config.PIPELINE_SUMMARIZE_PROVIDER }
			}
		);
		stops.unshift(() => runner.stop());
	}
	return stops;
}

const KEY = Symbol.for('earshelf.app');
type Holder = { [KEY]?: Promise<App> };

/** The shared App of this process, created on first use. */
export function getApp(): Promise<App> {
	const g = globalThis as Holder;
	g[KEY] ??= createApp().catch((e) => {
		delete g[KEY];
		throw e;
	});
	return g[KEY];
}
