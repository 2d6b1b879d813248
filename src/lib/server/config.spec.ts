import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';
import { MAX_UPLOAD_BYTES as S3_MAX_UPLOAD_BYTES } from './storage/s3.driver';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'earshelf-config-'));

describe('loadConfig', () => {
	it('defaults to SQLite in the data directory and generates secrets once', () => {
		const dir = tmp();
		const a = loadConfig({ DATA_DIR: dir });
		expect(a.database).toEqual({ dialect: 'sqlite', file: path.join(dir, 'earshelf.db') });
		expect(a.BCRYPT_COST).toBe(11);
		const b = loadConfig({ DATA_DIR: dir });
		expect(b.secrets.jwtPrivateKeyPem).toBe(a.secrets.jwtPrivateKeyPem);
		expect(b.secrets.tokenSecret).toBe(a.secrets.tokenSecret);
		expect(readFileSync(path.join(dir, 'secrets', 'auth_secret'), 'utf8')).toBe(a.secrets.authSecret);
	});

	it('switches to MySQL with a mysql:// DATABASE_URL', () => {
		const c = loadConfig({ DATA_DIR: tmp(), DATABASE_URL: 'mysql://u:p@db:3306/earshelf' });
		expect(c.database).toEqual({ dialect: 'mysql', url: 'mysql://u:p@db:3306/earshelf' });
	});

	it.each([
		[{ BCRYPT_COST: '9' }, 'BCRYPT_COST'],
		[{ PORT: 'eighty' }, 'PORT'],
		[{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL'],
		[{ ACCESS_TOKEN_TTL_SECONDS: '3600' }, 'ACCESS_TOKEN_TTL_SECONDS'],
		[{ SMTP_URL: 'http://mail' }, 'SMTP_URL']
	])('names the bad variable (%o)', (env, name) => {
		expect(() => loadConfig({ DATA_DIR: tmp(), ...env })).toThrow(new RegExp(name));
	});

	it('reads secrets from *_FILE and refuses both forms at once', () => {
		const dir = tmp();
		const file = path.join(dir, 'secret');
		writeFileSync(file, 'from-a-file\n');
		expect(loadConfig({ DATA_DIR: dir, TOKEN_SECRET_FILE: file }).secrets.tokenSecret).toBe('from-a-file');
		expect(() => loadConfig({ DATA_DIR: dir, TOKEN_SECRET_FILE: file, TOKEN_SECRET: 'x' })).toThrow(ConfigError);
	});

	it('requires the Google secret when a Google client id is set', () => {
		expect(() => loadConfig({ DATA_DIR: tmp(), GOOGLE_CLIENT_ID: 'id' })).toThrow(/GOOGLE_CLIENT_SECRET/);
	});

	it('refuses an UPLOAD_MAX_BYTES on S3 that does not fit in 10,000 parts', () => {
		const s3 = { STORAGE_DRIVER: 's3', S3_BUCKET: 'books', S3_ENDPOINT: 'http://127.0.0.1:9000' };
		expect(() => loadConfig({ DATA_DIR: tmp(), ...s3, UPLOAD_MAX_BYTES: String(S3_MAX_UPLOAD_BYTES + 1) })).toThrow(
			/UPLOAD_MAX_BYTES=\d+ does not fit in S3's 10000 parts.*at most \d+/
		);
		expect(loadConfig({ DATA_DIR: tmp(), ...s3, UPLOAD_MAX_BYTES: String(S3_MAX_UPLOAD_BYTES) }).UPLOAD_MAX_BYTES).toBe(S3_MAX_UPLOAD_BYTES);
		expect(loadConfig({ DATA_DIR: tmp(), ...s3 }).UPLOAD_MAX_BYTES).toBe(2 * 1024 ** 3);
		expect(loadConfig({ DATA_DIR: tmp(), UPLOAD_MAX_BYTES: String(S3_MAX_UPLOAD_BYTES + 1) }).UPLOAD_MAX_BYTES).toBe(S3_MAX_UPLOAD_BYTES + 1);
	});
});
