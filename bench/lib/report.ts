/** The one table every bench prints, and its JSON copy under bench/results/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Ratio {
	name: string;
	unit: string;
	subject: number;
	baseline: number;
	/** The ratio subject / baseline should be at least this. */
	goal: number;
	/** Each round's subject and baseline rates, to show the spread. */
	rounds?: { subject: number; baseline: number }[];
	/** CPU per operation of the process that did each side's work, where it was measured. */
	cpu?: { subject?: Side; baseline?: Side };
}

/** CPU per operation of the process doing the work, and how busy its event-loop thread was (1 = saturated). */
export interface Side {
	mainMsPerOp: number;
	totalMsPerOp: number;
	mainThreadBusy: number;
}

/**
 * A measurement held to an absolute limit instead of a baseline (a latency, say): lower is better.
 * Printed in the same table as the ratios, with no baseline and no ratio.
 */
export interface Bound {
	name: string;
	unit: string;
	value: number;
	/** The value should be at most this. */
	atMost: number;
}

export const withinBound = (b: Bound) => b.value <= b.atMost;

export const ratioOf = (r: Ratio) => r.subject / r.baseline;

export const passes = (r: Ratio) => ratioOf(r) >= r.goal;

/** One decimal, or three significant digits for small rates (0.104 summaries/s, not 0.1). */
export const formatRate = (v: number) => (Math.abs(v) < 10 ? v.toPrecision(3) : v.toFixed(1));

export function printTable(title: string, rows: Ratio[], bounds: Bound[] = []): void {
	const header = ['name', 'subject', 'baseline', 'ratio', 'goal', 'result'];
	const body = [
		...rows.map((r) => [
			r.name,
			`${formatRate(r.subject)} ${r.unit}`,
			`${formatRate(r.baseline)} ${r.unit}`,
			ratioOf(r).toFixed(3),
			`≥ ${r.goal}`,
			passes(r) ? 'PASS' : 'BELOW'
		]),
		...bounds.map((b) => [b.name, `${b.value.toFixed(1)} ${b.unit}`, '—', '—', `≤ ${b.atMost} ${b.unit}`, withinBound(b) ? 'PASS' : 'ABOVE'])
	];
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
	console.log(`\n${title}`);
	console.log(line(header));
	console.log(line(widths.map((w) => '-'.repeat(w))));
	for (const row of body) console.log(line(row));
	const diagnostics = rows.flatMap((r) => {
		const lines = (['subject', 'baseline'] as const).flatMap((side) => {
			const c = r.cpu?.[side];
			if (!c || !Number.isFinite(c.totalMsPerOp)) return [];
			return [
				`  ${r.name}, ${side}: CPU ${c.totalMsPerOp.toFixed(3)} ms/op (event-loop thread ` +
					`${c.mainMsPerOp.toFixed(3)} ms/op, busy ${(c.mainThreadBusy * 100).toFixed(0)}%)`
			];
		});
		const bound = cpuBoundRatio(r);
		if (bound !== undefined) {
			lines.push(`  ${r.name}: CPU-bound ratio ${bound.toFixed(3)} (baseline's CPU per op / subject's)`);
		}
		return lines;
	});
	if (diagnostics.length > 0) console.log(`\nwhere the CPU went:\n${diagnostics.join('\n')}`);
	console.log('');
}

/**
 * The ratio the rates would show if CPU alone limited both sides: robust to other work on the
 * machine, which the measured rate ratio is not. Only where both sides' CPU was measured.
 */
export function cpuBoundRatio(r: Ratio): number | undefined {
	const s = r.cpu?.subject?.totalMsPerOp;
	const b = r.cpu?.baseline?.totalMsPerOp;
	return s !== undefined && b !== undefined && Number.isFinite(s) && Number.isFinite(b) ? b / s : undefined;
}

/** Writes bench/results/<bench>.json with the rows, their verdicts and what machine produced them. */
export function writeResults(bench: string, rows: Ratio[], settings: Record<string, unknown>, bounds: Bound[] = []): string {
	const dir = path.resolve(import.meta.dirname, '../results');
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${bench}.json`);
	const machine = {
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0]?.model,
		node: process.version,
		loadAverage1mAtEnd: os.loadavg()[0]
	};
	const results = rows.map((r) => ({ ...r, ratio: ratioOf(r), cpuBoundRatio: cpuBoundRatio(r), pass: passes(r) }));
	const limits = bounds.map((b) => ({ ...b, pass: withinBound(b) }));
	writeFileSync(file, JSON.stringify({ bench, at: new Date().toISOString(), machine, settings, results, bounds: limits }, null, 2) + '\n');
	return file;
}
