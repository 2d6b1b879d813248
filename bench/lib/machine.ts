/** What else the machine is doing, which timings on a shared machine depend on. */
import { readFileSync } from 'node:fs';

/**
 * How busy the CPUs are before a bench starts (share of all CPUs, over one second), with a warning
 * when other work already keeps them busy: the OS then shares them among more threads than the
 * bench's, and a side whose work is spread over more threads (a thread pool) gets a larger share,
 * which skews the rates, not just slows them. NaN where /proc/stat is missing (not Linux).
 */
export async function cpuBusyBeforeBench(): Promise<number> {
	const before = cpuTimes();
	await new Promise((r) => setTimeout(r, 1000));
	const after = cpuTimes();
	const busy = 1 - (after.idle - before.idle) / (after.total - before.total);
	if (busy > 0.25) {
		console.log(
			`warning: the CPUs were ${(busy * 100).toFixed(0)}% busy before the bench started: other work competes ` +
				`with it and skews the rates; trust the CPU-bound ratios more, or run it again on a quiet machine.`
		);
	}
	return busy;
}

function cpuTimes(): { idle: number; total: number } {
	try {
		// cpu  user nice system idle iowait irq softirq steal ...
		const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
		return { idle: fields[3]! + fields[4]!, total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
	} catch {
		return { idle: NaN, total: NaN };
	}
}

export interface ProcessCpu {
	/** The main (event-loop) thread. */
	main: number;
	/** All threads: the event loop, libuv's pool, V8's helpers. */
	total: number;
}

/** CPU seconds a process has used so far (Linux /proc); NaN elsewhere, so reports say n/a, not 0. */
export function processCpuSeconds(pid: number): ProcessCpu {
	return { main: statCpuSeconds(`/proc/${pid}/task/${pid}/stat`), total: statCpuSeconds(`/proc/${pid}/stat`) };
}

// USER_HZ, 100 on every Linux the project runs on (getconf CLK_TCK).
const CLOCK_TICKS_PER_SECOND = 100;

function statCpuSeconds(statFile: string): number {
	try {
		// Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
		const fields = readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ');
		return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
	} catch {
		return NaN;
	}
}
