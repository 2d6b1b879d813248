/**
 * A real S3-compatible server for tests: versitygw with its posix backend (objects are plain
 * files under dataDir), on 127.0.0.1 and a free port, with one empty bucket created.
 * Install the binary with scripts/install-s3-server.sh.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface S3Server {
	endpoint: string;
	region: string;
	bucket: string;
	accessKeyId: string;
	secretAccessKey: string;
	stop(): Promise<void>;
}

const BINARY = 'versitygw';
const READY_TIMEOUT_MS = 15_000;

export async function startS3Server(opts: { dataDir?: string } = {}): Promise<S3Server> {
	const binary = findBinary();
	const ownDir = opts.dataDir === undefined;
	const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'earshelf-s3-')));
	await mkdir(dataDir, { recursive: true });
	const server = {
		region: 'us-east-1',
		bucket: 'earshelf-test',
		accessKeyId: `test-${randomBytes(4).toString('hex')}`,
		secretAccessKey: randomBytes(20).toString('hex')
	};
	const port = await freePort();
	const endpoint = `http://127.0.0.1:${port}`;
	const child = spawn(
		binary,
		[
			'--port', `127.0.0.1:${port}`,
			'--access', server.accessKeyId,
			'--secret', server.secretAccessKey,
			'--region', server.region,
			'--quiet',
			'posix', dataDir
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
	// A test run that dies without calling stop() must not leave the server behind.
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);

	const stop = async () => {
		process.off('exit', killOnExit);
		await terminate(child);
		if (ownDir) await rm(dataDir, { recursive: true, force: true });
	};
	try {
		await waitUntilListening(endpoint, child, () => stderr);
		const client = new S3Client({
			endpoint,
			region: server.region,
			forcePathStyle: true,
			credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey }
		});
		await client.send(new CreateBucketCommand({ Bucket: server.bucket }));
		client.destroy();
	} catch (err) {
		await stop();
		throw err;
	}
	return { ...server, endpoint, stop };
}

/** $GOBIN, each $GOPATH/bin, ~/go/bin, then $PATH: where `go install` puts it, then the system. */
function findBinary(): string {
	const dirs = [
		process.env.GOBIN,
		...(process.env.GOPATH ?? '').split(delimiter).map((p) => (p ? join(p, 'bin') : undefined)),
		join(homedir(), 'go', 'bin'),
		...(process.env.PATH ?? '').split(delimiter)
	];
	for (const dir of dirs) {
		if (!dir) continue;
		const candidate = join(dir, BINARY);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {
			// not here; try the next folder
		}
	}
	throw new Error(
		`The S3 test server "${BINARY}" is not installed (looked in $GOBIN, $GOPATH/bin, ~/go/bin and $PATH). ` +
			'Run scripts/install-s3-server.sh (needs Go) and try again.'
	);
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() =>
				typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))
			);
		});
	});
}

/** Any HTTP answer (an unsigned request gets 403) means the gateway serves requests. */
async function waitUntilListening(endpoint: string, child: ChildProcess, stderr: () => string) {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`${BINARY} exited early (${child.exitCode ?? child.signalCode}): ${stderr()}`);
		}
		try {
			await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
			return;
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	throw new Error(`${BINARY} did not answer on ${endpoint} within ${READY_TIMEOUT_MS} ms: ${stderr()}`);
}

async function terminate(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
	await exited;
	clearTimeout(timer);
}

/** The app's environment for storing blobs on this server (STORAGE_DRIVER=s3 and its settings). */
export function s3AppEnv(s3: S3Server): Record<string, string> {
	return {
		STORAGE_DRIVER: 's3',
		S3_ENDPOINT: s3.endpoint,
		S3_REGION: s3.region,
		S3_BUCKET: s3.bucket,
		S3_ACCESS_KEY_ID: s3.accessKeyId,
		S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
		S3_FORCE_PATH_STYLE: 'true'
	};
}
