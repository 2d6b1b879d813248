/**
 * Starts the production build (node server.js) for a bench: a fresh data directory and database
 * (SQLite, or MariaDB with TEST_DB=mysql, through the test helpers), loopback only, env given here
 * and nothing inherited but PATH and HOME, so a bench measures the same app wherever it runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropDatabase, freePort, freshDatabaseUrl, serverEnv, waitUntilServing } from '../../tests/helpers/app';
import { processCpuSeconds, type ProcessCpu } from './machine';

export interface BenchApp {
	url: string;
	databaseUrl: string;
	/** The app's process id (memory is read from /proc/<pid>/status). */
	pid: number;
	/** CPU seconds the app has used so far: its main (event-loop) thread, and the whole process. */
	cpuSeconds(): ProcessCpu;
	/** 'running', or how it ended and the last of its output: for error messages. */
	status(): string;
	stop(): Promise<void>;
}


const repoRoot = path.resolve(import.meta.dirname, '../..');

/** `nodeArgs` go before server.js (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
export async function startBenchApp(env: Record<string, string>, nodeArgs: string[] = []): Promise<BenchApp> {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-bench-'));
	const databaseUrl = await freshDatabaseUrl(dataDir);
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	let output = '';
	const child = spawn(process.execPath, [...nodeArgs, 'server.js'], {
		cwd: repoRoot,
		env: {
			...serverEnv({ port, dataDir, databaseUrl }),
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

	await waitUntilServing(url, child, () => output);
	return {
		url,
		databaseUrl,
		pid: child.pid!,
		cpuSeconds: () => processCpuSeconds(child.pid!),
		status() {
			if (child.exitCode === null && child.signalCode === null) return 'running';
			return `exited (code ${child.exitCode}, signal ${child.signalCode}); its last output:\n${output.slice(-2000)}`;
		},
		async stop() {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				await exited;
			}
			await dropDatabase(databaseUrl);
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
