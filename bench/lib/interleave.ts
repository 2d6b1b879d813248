/**
 * Measures a subject against its baseline in alternating rounds (B S, S B, B S, …) so that drift of a
 * noisy machine (other jobs, thermal limits, a growing database) falls on both sides alike. The rates
 * are pooled over all rounds: total work divided by total time.
 */
import type { ProcessCpu } from './machine';
import { formatRate, type Ratio, type Side } from './report';

export interface Measured {
	/** Units of work done (requests answered, hashes compared). */
	count: number;
	seconds: number;
	/** CPU seconds the process doing the work spent meanwhile (the app, or a baseline's worker). */
	cpu?: ProcessCpu;
}

export async function interleave(
	spec: Pick<Ratio, 'name' | 'unit' | 'goal'> & {
		rounds: number;
		subject: () => Promise<Measured>;
		baseline: () => Promise<Measured>;
	}
): Promise<Ratio> {
	const total = { subject: emptyTotal(), baseline: emptyTotal() };
	const rounds: Ratio['rounds'] = [];
	for (let i = 0; i < spec.rounds; i++) {
		const order = i % 2 === 0 ? (['baseline', 'subject'] as const) : (['subject', 'baseline'] as const);
		const round = { subject: 0, baseline: 0 };
		for (const side of order) {
			const m = await spec[side]();
			const t = total[side];
			t.count += m.count;
			t.seconds += m.seconds;
			if (m.cpu) t.cpu = { main: t.cpu.main + m.cpu.main, total: t.cpu.total + m.cpu.total };
			else t.cpuMeasured = false;
			round[side] = m.count / m.seconds;
		}
		rounds.push(round);
		console.log(
			`  ${spec.name} round ${i + 1}/${spec.rounds}: subject ${formatRate(round.subject)}, baseline ${formatRate(round.baseline)} ${spec.unit}`
		);
	}
	return {
		name: spec.name,
		unit: spec.unit,
		goal: spec.goal,
		subject: total.subject.count / total.subject.seconds,
		baseline: total.baseline.count / total.baseline.seconds,
		rounds,
		cpu: { subject: cpuPerOp(total.subject), baseline: cpuPerOp(total.baseline) }
	};
}

function emptyTotal() {
	return { count: 0, seconds: 0, cpu: { main: 0, total: 0 }, cpuMeasured: true };
}

function cpuPerOp(t: ReturnType<typeof emptyTotal>): Side | undefined {
	if (!t.cpuMeasured || t.count === 0) return undefined;
	return {
		mainMsPerOp: (t.cpu.main * 1000) / t.count,
		totalMsPerOp: (t.cpu.total * 1000) / t.count,
		mainThreadBusy: t.cpu.main / t.seconds
	};
}
