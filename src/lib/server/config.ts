/**
 * All configuration, read from the environment once, validated and typed.
 * Secrets accept a `NAME_FILE` variant (Docker/Kubernetes secrets); secrets that are not given are
 * generated on first start into DATA_DIR/secrets so a fresh machine needs no set-up.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { StorageConfig } from './storage';
import { MAX_PARTS as S3_MAX_PARTS, MAX_UPLOAD_BYTES as S3_MAX_UPLOAD_BYTES, PART_SIZE as S3_PART_SIZE } from './storage/s3.driver';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'])
	.transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
	NODE_ENV: z.string().default('production'),
	PORT: int(0, 65535).default(3000),
	HOST: z.string().default('0.0.0.0'),
	ORIGIN: z.url().optional(),
	DATA_DIR: z.string().min(1).default('./data'),
	DATABASE_URL: z
		.string()
		.regex(/^(mysql|sqlite):/, 'must start with mysql:// or sqlite:')
		.optional(),
	BCRYPT_COST: int(10, 15).default(11),
	SESSION_TTL_DAYS: int(1, 365).default(30),
	ACCESS_TOKEN_TTL_SECONDS: int(30, 900).default(900),
	SESSION_CHECK_CACHE_MS: int(0, 10_000).default(1000),
	JWT_ISSUER: z.string().default('earshelf'),
	JWT_AUDIENCE: z.string().default('earshelf-api'),
	GOOGLE_CLIENT_ID: z.string().optional(),
	GOOGLE_ISSUER: z.url().default('https://accounts.google.com'),
	SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be smtp://… or smtps://…').optional(),
	MAIL_FROM: z.string().default('Earshelf <no-reply@earshelf.local>'),
	ADMIN_EMAIL: z.email().default('admin@earshelf.local'),
	RATE_LIMIT_WINDOW_SECONDS: int(1, 86400).default(900),
	RATE_LIMIT_IP_POINTS: int(1, 1_000_000).default(50),
	RATE_LIMIT_ACCOUNT_POINTS: int(1, 1_000_000).default(10),
	RESET_TOKEN_TTL_MINUTES: int(1, 1440).default(30),
	STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
	S3_ENDPOINT: z.url().optional(),
	S3_REGION: z.string().default('us-east-1'),
	S3_BUCKET: z.string().optional(),
	S3_ACCESS_KEY_ID: z.string().optional(),
	S3_FORCE_PATH_STYLE: bool.default(false),
	UPLOAD_MAX_BYTES: int(1, Number.MAX_SAFE_INTEGER).default(2 * 1024 ** 3),
	PREVIEW_SECONDS: int(0, 3600).default(60),
	DOWNLOAD_URL_TTL_SECONDS: int(1, 7 * 86400).default(300),
	DEFAULT_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like THB').default('THB'),
	LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
	TRUST_PROXY_HTTPS: bool.default(false),
	// The AI pipeline: this instance's runner, the inference sidecar and its providers.
	PIPELINE_RUNNER: z.enum(['on', 'off']).default('on'),
	INFERENCE_URL: z.url().default('http://127.0.0.1:3100'),
	PIPELINE_TRANSCRIBE_PROVIDER: z.enum(['local', 'openai']).default('local'),
	PIPELINE_SUMMARIZE_PROVIDER: z.enum(['local', 'openai']).default('local'),
	PIPELINE_LEASE_SECONDS: int(1, 3600).default(60),
	PIPELINE_POLL_MS: int(10, 60_000).default(1000),
	PIPELINE_MAX_ATTEMPTS: int(1, 100).default(5),
	PIPELINE_BACKOFF_MS: int(10, 3_600_000).default(5000),
	PIPELINE_MAX_BACKOFF_MS: int(10, 86_400_000).default(300_000),
	/** A sidecar stream silent this long is given up (and retried): a hung GPU, a dead proxy. */
	PIPELINE_SIDECAR_IDLE_SECONDS: int(1, 86400).default(300),
	/**
	 * On shutdown, how long a running step may go on to its next stored chunk or part before it is cut;
	 * below server.js's SHUTDOWN_TIMEOUT (30 s) so the lease is still given back.
	 */
	PIPELINE_DRAIN_SECONDS: int(0, 3600).default(20),
	/** The admin console's WebSocket ping and app-level heartbeat. */
	CONSOLE_HEARTBEAT_SECONDS: int(1, 3600).default(30),
	/** How often each instance reads new pipeline events for its consoles: the floor of their latency. */
	CONSOLE_POLL_MS: int(10, 5000).default(25)
});

export type Env = z.infer<typeof EnvSchema>;

export interface Secrets {
	/** PKCS#8 PEM of the Ed25519 key that signs access tokens. */
	jwtPrivateKeyPem: string;
	/** Auth.js encryption secret (state/PKCE/nonce cookies). */
	authSecret: string;
	/** HMAC key deriving refresh-token successors. */
	tokenSecret: string;
	googleClientSecret: string | undefined;
	smtpUrl: string | undefined;
	s3SecretAccessKey: string | undefined;
	/** When set, GET /metrics wants `Authorization: Bearer <this>`. */
	metricsToken: string | undefined;
}

export interface Config extends Env {
	dataDir: string;
	database: { dialect: 'sqlite'; file: string } | { dialect: 'mysql'; url: string };
	storage: StorageConfig;
	secrets: Secrets;
	/** Public origin of the app, used for links in mails and the WebSocket Origin check. */
	publicOrigin: string;
	secureCookies: boolean;
}

export class ConfigError extends Error {}

function readEnv(env: NodeJS.ProcessEnv): Env {
	const parsed = EnvSchema.safeParse(env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
	}
	return parsed.data;
}

/** `NAME` or the contents of the file named by `NAME_FILE`; both set is an error. */
function secretFromEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
	const direct = env[name];
	const file = env[`${name}_FILE`];
	if (direct && file) throw new ConfigError(`Set ${name} or ${name}_FILE, not both.`);
	if (file) {
		try {
			return readFileSync(file, 'utf8').trim();
		} catch (e) {
			throw new ConfigError(`${name}_FILE: cannot read ${file}: ${(e as Error).message}`);
		}
	}
	return direct || undefined;
}

/** A secret given in the environment, or one generated once and kept in DATA_DIR/secrets. */
function persistentSecret(
	env: NodeJS.ProcessEnv,
	name: string,
	dataDir: string,
	generate: () => string
): string {
	const given = secretFromEnv(env, name);
	if (given) return given;
	const dir = path.join(dataDir, 'secrets');
	const file = path.join(dir, name.toLowerCase());
	if (existsSync(file)) return readFileSync(file, 'utf8');
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	const value = generate();
	writeFileSync(file, value, { mode: 0o600, flag: 'wx' });
	return value;
}

function generateEd25519Pem(): string {
	const { privateKey } = generateKeyPairSync('ed25519');
	return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const e = readEnv(env);
	const dataDir = path.resolve(e.DATA_DIR);
	mkdirSync(dataDir, { recursive: true });

	const dbUrl = e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'earshelf.db')}`;
	const database = dbUrl.startsWith('mysql:')
		? ({ dialect: 'mysql', url: dbUrl } as const)
		: ({ dialect: 'sqlite', file: path.resolve(dbUrl.slice('sqlite:'.length)) } as const);

	const secrets: Secrets = {
		jwtPrivateKeyPem: persistentSecret(env, 'JWT_PRIVATE_KEY', dataDir, generateEd25519Pem),
		authSecret: persistentSecret(env, 'AUTH_SECRET', dataDir, () =>
			randomBytes(32).toString('base64url')
		),
		tokenSecret: persistentSecret(env, 'TOKEN_SECRET', dataDir, () =>
			randomBytes(32).toString('base64url')
		),
		googleClientSecret: secretFromEnv(env, 'GOOGLE_CLIENT_SECRET'),
		smtpUrl: secretFromEnv(env, 'SMTP_URL'),
		s3SecretAccessKey: secretFromEnv(env, 'S3_SECRET_ACCESS_KEY'),
		metricsToken: secretFromEnv(env, 'METRICS_TOKEN')
	};
	if (e.STORAGE_DRIVER === 's3' && !e.S3_BUCKET) {
		throw new ConfigError('STORAGE_DRIVER=s3 needs S3_BUCKET (and S3_ENDPOINT for a non-AWS store).');
	}
	if (e.STORAGE_DRIVER === 's3' && e.UPLOAD_MAX_BYTES > S3_MAX_UPLOAD_BYTES) {
		throw new ConfigError(
			`UPLOAD_MAX_BYTES=${e.UPLOAD_MAX_BYTES} does not fit in S3's ${S3_MAX_PARTS} parts of ${S3_PART_SIZE} bytes; ` +
				`set it to at most ${S3_MAX_UPLOAD_BYTES}.`
		);
	}
	if (e.GOOGLE_CLIENT_ID && !secrets.googleClientSecret) {
		throw new ConfigError('GOOGLE_CLIENT_ID is set but GOOGLE_CLIENT_SECRET(_FILE) is not.');
	}

	const storage: StorageConfig =
		e.STORAGE_DRIVER === 's3'
			? {
					kind: 's3',
					endpoint: e.S3_ENDPOINT,
					region: e.S3_REGION,
					bucket: e.S3_BUCKET ?? '',
					accessKeyId: e.S3_ACCESS_KEY_ID,
					secretAccessKey: secrets.s3SecretAccessKey,
					forcePathStyle: e.S3_FORCE_PATH_STYLE
				}
			: { kind: 'local', root: path.join(dataDir, 'blobs') };

	const publicOrigin = e.ORIGIN ?? `http://localhost:${e.PORT}`;
	return {
		...e,
		dataDir,
		database,
		storage,
		secrets,
		publicOrigin,
		secureCookies: publicOrigin.startsWith('https:') || e.TRUST_PROXY_HTTPS
	};
}
