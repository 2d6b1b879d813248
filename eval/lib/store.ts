/**
 * The eval's side of the admin API: upload a book as an admin would, follow its pipeline until it
 * settles, and read back what the store then holds. Tolerant of the pipeline contract while it
 * lands: a summary checkpoint without `ranking` or `problems`, a book without `reviewReason`.
 */
import { randomUUID } from 'node:crypto';
import { bookFields, signInAdmin, upload } from '../../tests/helpers/admin-upload';
import type { TestApp } from '../../tests/helpers/app';
import { client } from '../../tests/helpers/http';

export interface StepView {
	step: string;
	status: string;
	attempts: number;
	provider: string | null;
	error: string | null;
	checkpoint: unknown;
}

export interface SummaryCheckpoint {
	/** Chosen slugs, best first. */
	categories: string[];
	/** Every category, best first; today's pipeline has none, and then the chosen ones stand in. */
	ranking: { slug: string; score: number | null }[];
	description: string | null;
	problems: { code: string; message: string }[];
	language: string | null;
	descriptionLanguage: string | null;
	attempts: number | null;
}

export interface StoreBook {
	id: string;
	title: string;
	status: string;
	reviewReason: string | null;
	description: string | null;
	/** As the store lists them (by name), with their display names. */
	categories: { slug: string; name: string }[];
}

export interface Settled {
	book: StoreBook;
	steps: StepView[];
	summary: SummaryCheckpoint | null;
	transcript: string;
	/** The step that failed for good (or was cancelled), or null. */
	failedStep: StepView | null;
	timedOut: boolean;
}

/** An admin session that signs in again before its 15-minute access token runs out. */
export function adminSession(app: TestApp) {
	let token = '';
	let at = 0;
	return async () => {
		if (Date.now() - at > 10 * 60_000) {
			token = await signInAdmin(app);
			at = Date.now();
		}
		return token;
	};
}

export async function uploadBook(
	app: TestApp,
	token: string,
	book: { title: string; author: string; priceMinor: number; language: string; file: string }
): Promise<string> {
	const parts = [
		...bookFields({
			uploadId: randomUUID(),
			title: book.title,
			author: book.author,
			priceMinor: String(book.priceMinor),
			language: book.language,
			narrator: undefined,
			description: undefined,
			categories: undefined
		}),
		{ name: 'audio', filename: 'book.mp3', type: 'audio/mpeg', path: book.file }
	];
	const res = await upload(app, token, parts);
	if (res.status !== 201 && res.status !== 200) throw new Error(`upload answered ${res.status}: ${JSON.stringify(res.body)}`);
	return (res.body as { book: { id: string } }).book.id;
}

export async function setStepProvider(app: TestApp, token: string, bookId: string, step: 'transcribe' | 'summarize', provider: 'local' | 'openai') {
	const res = await client(app.url).post(`/api/v1/admin/books/${bookId}/pipeline/provider`, { step, provider }, token);
	if (res.status !== 200) throw new Error(`setting the ${step} provider answered ${res.status}: ${JSON.stringify(res.body)}`);
}

/** A GET that rides out a refused or reset connection for a few seconds (a busy 2-core machine drops some). */
async function getWithRetry<T>(app: TestApp, token: string, path: string) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await client(app.url).get<T>(path, token);
		} catch (e) {
			if (attempt >= 5) throw new Error(`GET ${path} failed ${attempt} times: ${(e as Error).message}`);
			await new Promise((r) => setTimeout(r, 2000));
		}
	}
}

async function getJson<T>(app: TestApp, token: string, path: string): Promise<T> {
	const res = await getWithRetry<T>(app, token, path);
	if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
	return res.body;
}

const TERMINAL_FAILURES = new Set(['failed', 'cancelled']);

/**
 * Polls until every step succeeded, a step failed for good, or the book waits in review with
 * nothing left running; then reads the book, the summary checkpoint and the transcript.
 */
export async function waitUntilSettled(app: TestApp, session: () => Promise<string>, bookId: string, timeoutMs: number): Promise<Settled> {
	const deadline = Date.now() + timeoutMs;
	let steps: StepView[] = [];
	let book: StoreBook;
	let timedOut = false;
	for (;;) {
		const token = await session();
		steps = (await getJson<{ steps: StepView[] }>(app, token, `/api/v1/admin/books/${bookId}/pipeline`)).steps;
		book = toStoreBook((await getJson<{ book: Record<string, unknown> }>(app, token, `/api/v1/admin/books/${bookId}`)).book);
		const settled =
			steps.every((s) => s.status === 'succeeded') ||
			steps.some((s) => TERMINAL_FAILURES.has(s.status)) ||
			(book.status === 'review' && !steps.some((s) => s.status === 'running'));
		if (settled) break;
		if (Date.now() > deadline) {
			timedOut = true;
			break;
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
	const token = await session();
	const summaryStep = steps.find((s) => s.step === 'summarize');
	const transcript = await getWithRetry<string>(app, token, `/api/v1/library/${bookId}/transcript.txt`);
	return {
		book,
		steps,
		summary: summaryStep?.checkpoint ? toSummary(summaryStep.checkpoint) : null,
		transcript: transcript.status === 200 ? String(transcript.body) : '',
		failedStep: steps.find((s) => TERMINAL_FAILURES.has(s.status)) ?? null,
		timedOut
	};
}

function toStoreBook(b: Record<string, unknown>): StoreBook {
	return {
		id: String(b.id),
		title: String(b.title),
		status: String(b.status),
		reviewReason: typeof b.reviewReason === 'string' ? b.reviewReason : null,
		description: typeof b.description === 'string' ? b.description : null,
		categories: Array.isArray(b.categories) ? (b.categories as { slug: string; name: string }[]).map(({ slug, name }) => ({ slug, name })) : []
	};
}

/** The summarize checkpoint, whichever shape it has today; null when it holds no summary (still in progress). */
export function toSummary(raw: unknown): SummaryCheckpoint | null {
	if (!raw || typeof raw !== 'object') return null;
	const c = raw as Record<string, unknown>;
	if (!Array.isArray(c.categories)) return null;
	const categories = c.categories.filter((s): s is string => typeof s === 'string');
	const ranking = Array.isArray(c.ranking)
		? (c.ranking as { slug: unknown; score: unknown }[])
				.filter((r) => typeof r?.slug === 'string')
				.map((r) => ({ slug: r.slug as string, score: typeof r.score === 'number' ? r.score : null }))
		: categories.map((slug) => ({ slug, score: null }));
	const problems = Array.isArray(c.problems)
		? (c.problems as { code: unknown; message: unknown }[]).map((p) => ({ code: String(p?.code ?? 'unknown'), message: String(p?.message ?? '') }))
		: [];
	const str = (v: unknown) => (typeof v === 'string' ? v : null);
	return {
		categories,
		ranking,
		description: str(c.description),
		problems,
		language: str(c.language),
		descriptionLanguage: str(c.descriptionLanguage),
		attempts: typeof c.attempts === 'number' ? c.attempts : null
	};
}
