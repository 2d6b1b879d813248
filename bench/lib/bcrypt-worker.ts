/**
 * The sign-in bench's baseline, in a process of its own so it gets the same UV_THREADPOOL_SIZE as the
 * app (libuv reads it once, when the pool first starts) and an event loop nothing else uses.
 * The parent sends { seconds, concurrency }; this keeps `concurrency` bcrypt.compare calls in flight
 * for that long, exactly as the HTTP load keeps that many sign-ins in flight, and answers with the
 * number that completed inside the window (calls still running at the end are not counted, as
 * autocannon does not count unanswered requests).
 */
import bcrypt from 'bcrypt';
import { processCpuSeconds, type ProcessCpu } from './machine';

export interface BcryptRun {
	seconds: number;
	concurrency: number;
}
export interface BcryptRunResult {
	completed: number;
	seconds: number;
	/** CPU seconds this process spent in the window (its threads: event loop and libuv's pool). */
	cpu: ProcessCpu;
}

const cost = Number(process.env.BCRYPT_COST ?? 11);
// A 44-character input, the length of the app's base64 SHA-256 prehash.
const input = 'x'.repeat(44);
const hash = bcrypt.hash(input, cost);

async function run({ seconds, concurrency }: BcryptRun): Promise<BcryptRunResult> {
	const h = await hash;
	const cpuBefore = processCpuSeconds(process.pid);
	const started = performance.now();
	const deadline = started + seconds * 1000;
	// Read at the deadline, as the HTTP side reads the app's CPU when the load stops.
	const cpuAtDeadline = new Promise<ProcessCpu>((resolve) =>
		setTimeout(() => resolve(processCpuSeconds(process.pid)), seconds * 1000)
	);
	let completed = 0;
	async function loop() {
		while (performance.now() < deadline) {
			await bcrypt.compare(input, h);
			if (performance.now() <= deadline) completed++;
		}
	}
	await Promise.all(Array.from({ length: concurrency }, loop));
	const cpuAfter = await cpuAtDeadline;
	return { completed, seconds, cpu: { main: cpuAfter.main - cpuBefore.main, total: cpuAfter.total - cpuBefore.total } };
}

process.on('message', (msg: BcryptRun) => {
	run(msg).then(
		(result) => process.send?.(result),
		(e: unknown) => {
			console.error(e);
			process.exit(1);
		}
	);
});
process.on('disconnect', () => process.exit(0));
