/**
 * The app's client of the inference sidecar: POSTs a request and yields the NDJSON events as they
 * arrive. Failures are sorted here once: unreachable, dropped or silent sidecars are transient
 * (the step is retried from its checkpoint); a refused request or a model error is not.
 */
export class StepError extends Error {
	constructor(
		message: string,
		/** Worth retrying after a backoff (sidecar unreachable, timeout, storage hiccup). */
		readonly transient: boolean
	) {
		super(message);
		this.name = 'StepError';
	}
}

/** What summarize answers about a book (and keeps as its checkpoint for publish and the admin). */
export interface SummaryResult {
	categories: string[];
	/** The best-ranked categories with their scores. */
	ranking: Array<{ slug: string; score: number }>;
	description: string;
	/** What is wrong with the kept description; empty when it passed every check. */
	problems: Array<{ code: string; message: string }>;
	notes: Array<{ code: string; message: string }>;
	language: string;
	descriptionLanguage: string;
	attempts: number;
}

export type SidecarEvent =
	| { type: 'log'; level: string; message: string }
	| { type: 'progress'; chunk: number; chunks: number | null; speed: number; etaSeconds: number | null }
	| { type: 'chunk'; index: number; start: number; end: number; segments: Array<{ start: number; end: number; text: string }> }
	| { type: 'analysis'; hash: string; text: string; reused: boolean }
	| ({ type: 'result'; bookVector: number[]; embedModel: string } & SummaryResult)
	/** A chapter's checked title, or "" with why there is none (`/v1/chapter-title`). */
	| { type: 'title'; title: string; problems: Array<{ code: string; message: string }>; attempts: number }
	/** `language`: the one transcription used (detected when the request left it empty). */
	| { type: 'done'; language?: string }
	| { type: 'error'; message: string; retryable?: boolean };

export interface SidecarCall {
	baseUrl: string;
	/** Give up (transient) when no event came for this long. */
	idleMs: number;
	signal: AbortSignal;
}

/** Yields the sidecar's events until its terminal one (`done`, `result` or `title`); throws StepError otherwise. */
export async function* streamSidecar(path: string, body: unknown, call: SidecarCall): AsyncGenerator<SidecarEvent> {
	const idle = new AbortController();
	let idleTimer = setTimeout(() => idle.abort(), call.idleMs);
	const resetIdle = () => {
		clearTimeout(idleTimer);
		idleTimer = setTimeout(() => idle.abort(), call.idleMs);
	};
	const signal = AbortSignal.any([call.signal, idle.signal]);
	const where = `the inference sidecar at ${call.baseUrl}`;
	try {
		let res: Response;
		try {
			res = await fetch(new URL(path, call.baseUrl), {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' },
				body: JSON.stringify(body),
				signal
			});
		} catch (e) {
			call.signal.throwIfAborted();
			if (idle.signal.aborted) throw new StepError(`timeout: ${where} did not answer in ${call.idleMs / 1000} s`, true);
			throw new StepError(`connection failed: ${where} cannot be reached (${causeOf(e)})`, true);
		}
		if (!res.ok || !res.body) {
			const text = await res.text().catch(() => '');
			throw new StepError(`${where} refused the request (${res.status}): ${text.slice(0, 300)}`, res.status >= 500 || res.status === 429);
		}
		const decoder = new TextDecoder();
		let buffered = '';
		try {
			for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
				resetIdle();
				buffered += decoder.decode(bytes, { stream: true });
				let newline: number;
				while ((newline = buffered.indexOf('\n')) >= 0) {
					const line = buffered.slice(0, newline).trim();
					buffered = buffered.slice(newline + 1);
					if (!line) continue;
					const event = JSON.parse(line) as SidecarEvent;
					if (event.type === 'error') throw new StepError(event.message, event.retryable ?? false);
					yield event;
					if (event.type === 'done' || event.type === 'result' || event.type === 'title') return;
				}
			}
		} catch (e) {
			if (e instanceof StepError) throw e;
			call.signal.throwIfAborted();
			if (idle.signal.aborted) throw new StepError(`timeout: ${where} sent nothing for ${call.idleMs / 1000} s`, true);
			if (e instanceof SyntaxError) throw new StepError(`${where} sent a line that is not JSON`, true);
			throw new StepError(`connection failed: ${where} dropped the stream (${causeOf(e)})`, true);
		}
		call.signal.throwIfAborted();
		throw new StepError(`connection failed: ${where} ended the stream before it finished`, true);
	} finally {
		clearTimeout(idleTimer);
	}
}

function causeOf(e: unknown): string {
	const err = e as { cause?: { code?: string; message?: string }; message?: string };
	return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}
