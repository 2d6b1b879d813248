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
				`with it and skews the rates; trust the app-bound ratios more, or run it again on a quiet machine.`
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
