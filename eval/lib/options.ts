/** The knobs of `make eval`, read once from the environment and checked. */
import { z } from 'zod';

const Options = z.object({
	EVAL_LIMIT: z.coerce.number().int().min(1).optional(),
	EVAL_ONLY: z.enum(['en', 'th', 'long']).optional(),
	EVAL_PROVIDER: z.enum(['local', 'openai']).default('local'),
	EVAL_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(1),
	/** Minutes a book may take through the pipeline per minute of its audio (plus a fixed 10) before it counts as stuck. */
	EVAL_TIMEOUT_FACTOR: z.coerce.number().min(1).default(8)
});

export interface RunOptions {
	limit?: number;
	only?: 'en' | 'th' | 'long';
	provider: 'local' | 'openai';
	concurrency: number;
	timeoutFactor: number;
}

export function runOptions(env: NodeJS.ProcessEnv): RunOptions {
	const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
	const parsed = Options.safeParse(Object.fromEntries(Object.keys(Options.shape).map((k) => [k, blank(env[k])])));
	if (!parsed.success) {
		const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
		throw new Error(`invalid eval options (${problems}); see the header of eval/run.ts`);
	}
	const o = parsed.data;
	return { limit: o.EVAL_LIMIT, only: o.EVAL_ONLY, provider: o.EVAL_PROVIDER, concurrency: o.EVAL_CONCURRENCY, timeoutFactor: o.EVAL_TIMEOUT_FACTOR };
}
