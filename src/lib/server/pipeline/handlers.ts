/**
 * What each step does. Every handler is idempotent and resumes from what is stored: transcribe from
 * the first missing chunk, summarize with the stored map results, publish by overwriting.
 */
import type { Logger } from '../log';
import type { Db } from '../db';
import type { PipelineStep, PipelineStepName } from '../db/schema';
import { StorageUnavailableError, type BlobStorage } from '../storage';
import type { EventType } from './events.repository';
import * as outputs from './outputs.repository';
import { getStep, saveCheckpoint } from './steps.repository';
import { getPublishPolicy, type PublishPolicy } from '../settings';
import { labelledExamples, storeBookVector } from './examples.repository';
import { StepError, streamSidecar, type SummaryResult } from './sidecar';
import { detectChapters } from './chapters-step';
import type { TitleAnswer, TitleRequest } from './chapter-titles';

export interface StepContext {
	db: Db;
	storage: BlobStorage;
	log: Logger;
	step: PipelineStep;
	owner: string;
	provider: string;
	inferenceUrl: string;
	idleMs: number;
	signal: AbortSignal;
	/** Aborted when the process is stopping: stop after the next stored chunk or part. */
	draining: AbortSignal;
	clock: () => number;
	emit(type: EventType, payload: Record<string, unknown>): Promise<void>;
}

/** The process is stopping and the step stopped at a checkpoint; the runner gives its lease back. */
export class HandedBackError extends Error {
	constructor() {
		super('handed back on shutdown');
		this.name = 'HandedBackError';
	}
}

/** The lease was taken from us (expired, or an admin cancelled or redid the step): stop quietly. */
export class LeaseLostError extends Error {
	constructor() {
		super('lease lost');
		this.name = 'LeaseLostError';
	}
}

const AUDIO_URL_TTL_SECONDS = 12 * 3600;

async function book(ctx: StepContext) {
	const found = await outputs.findBook(ctx.db, ctx.step.book_id);
	if (!found) throw new StepError('the book no longer exists', false);
	return found;
}

async function checkpoint(ctx: StepContext, value: unknown) {
	if (!(await saveCheckpoint(ctx.db, { bookId: ctx.step.book_id, step: ctx.step.step }, ctx.owner, value, ctx.clock()))) {
		throw new LeaseLostError();
	}
}

function storageTransient<T>(p: Promise<T>): Promise<T> {
	return p.catch((e) => {
		if (e instanceof StorageUnavailableError) throw new StepError(`storage unavailable: ${e.message}`, true);
		throw e;
	});
}

async function upload(ctx: StepContext) {
	const b = await book(ctx);
	const info = await storageTransient(ctx.storage.stat(b.audio_key));
	if (!info) throw new StepError('the audio file is missing from storage: upload the book again', false);
	await ctx.emit('log', { level: 'info', message: `audio stored (${info.size} bytes)` });
}

async function transcribe(ctx: StepContext) {
	const b = await book(ctx);
	const location = await storageTransient(ctx.storage.probeLocation(b.audio_key, { expiresInSeconds: AUDIO_URL_TTL_SECONDS }));
	const startChunk = await outputs.resumeChunkIndex(ctx.db, b.id);
	if (startChunk > 0) await ctx.emit('log', { level: 'info', message: `resuming after ${startChunk} stored chunks` });
	const audio = /^https?:\/\//.test(location) ? { url: location } : { path: location };
	// "" asks the sidecar to detect the language (once, for the whole book) and say which it found.
	const language = b.language === 'detect' ? '' : b.language;
	const events = streamSidecar('/v1/transcribe', { audio, startChunk, provider: ctx.provider, language }, { baseUrl: ctx.inferenceUrl, idleMs: ctx.idleMs, signal: ctx.signal });
	let chunks = startChunk;
	for await (const e of events) {
		if (e.type === 'chunk') {
			await outputs.storeChunk(ctx.db, b.id, e, ctx.provider, ctx.clock());
			chunks = e.index + 1;
			await ctx.emit('chunk', { index: e.index, start: e.start, end: e.end, text: e.segments.map((s) => s.text).join(' ').slice(0, 500) });
			if (ctx.draining.aborted) throw new HandedBackError();
		} else if (e.type === 'progress') {
			await checkpoint(ctx, { chunksDone: e.chunk, chunks: e.chunks, speed: e.speed, etaSeconds: e.etaSeconds });
			await ctx.emit('progress', { chunk: e.chunk, chunks: e.chunks, speed: e.speed, etaSeconds: e.etaSeconds });
		} else if (e.type === 'log') {
			await ctx.emit('log', { level: e.level, message: e.message });
		} else if (e.type === 'done' && e.language && b.language === 'detect') {
			await outputs.setDetectedLanguage(ctx.db, b.id, e.language, ctx.clock());
			await ctx.emit('log', { level: 'info', message: `language detected: ${e.language}` });
		}
	}
	const composed = await outputs.composeTranscript(ctx.db, b.id, ctx.clock());
	await checkpoint(ctx, { chunksDone: chunks, chunks, words: composed.words });
	await ctx.emit('log', { level: 'info', message: `transcript composed: ${composed.chunks} chunks, ${composed.words} words` });
}

/** What summarize leaves for publish (its checkpoint; the ranking cut to the top 5), and what the admin sees of it. */
export type SummaryCheckpoint = SummaryResult;

async function summarize(ctx: StepContext) {
	const b = await book(ctx);
	const transcript = await outputs.getTranscript(ctx.db, b.id);
	if (!transcript) throw new StepError('there is no transcript yet: redo the transcribe step', false);
	const language = b.language === 'detect' ? 'en' : b.language;
	if (!transcript.text.trim()) {
		// No dead end: the book waits for an admin, who can check the audio or write the copy by hand.
		const message = 'no speech was found in the audio: check the file and redo transcribe, or write the description and pick categories by hand';
		const empty: SummaryCheckpoint = { categories: [], ranking: [], description: '', problems: [{ code: 'no_speech', message }], notes: [], language, descriptionLanguage: language, attempts: 0 };
		await checkpoint(ctx, empty);
		await ctx.emit('log', { level: 'warn', message });
		return;
	}
	const [taxonomy, examples, parts] = await Promise.all([
		outputs.taxonomy(ctx.db),
		labelledExamples(ctx.db, b.id),
		outputs.listSummaryParts(ctx.db, b.id)
	]);
	const slugs = new Set(taxonomy.map((t) => t.slug));
	const stored = parts.find((p) => p.index === 0) ?? null;
	if (stored) await ctx.emit('log', { level: 'info', message: 'an analysis is stored from an earlier run' });
	const request = {
		transcript: transcript.text,
		taxonomy: taxonomy.map((t) => {
			const labelled = examples.get(t.slug);
			return {
				slug: t.slug,
				name: t.name,
				...(t.description ? { description: t.description } : {}),
				...(labelled ? { examples: labelled } : {})
			};
		}),
		language,
		durationSeconds: Number(b.duration_ms) / 1000,
		generation: Number(ctx.step.generation ?? 0),
		analysis: stored ? { hash: stored.hash, text: stored.text } : null,
		provider: ctx.provider
	};
	for await (const e of streamSidecar('/v1/summarize', request, { baseUrl: ctx.inferenceUrl, idleMs: ctx.idleMs, signal: ctx.signal })) {
		if (e.type === 'analysis') {
			if (!e.reused) await outputs.storeSummaryPart(ctx.db, b.id, { index: 0, hash: e.hash, text: e.text }, ctx.clock());
			if (ctx.draining.aborted) throw new HandedBackError();
		} else if (e.type === 'log') {
			await ctx.emit('log', { level: e.level, message: e.message });
		} else if (e.type === 'result') {
			const result: SummaryCheckpoint = {
				categories: [...new Set(e.categories)].filter((c) => slugs.has(c)),
				ranking: e.ranking.filter((r) => slugs.has(r.slug)).slice(0, 5),
				description: e.description.trim(),
				problems: e.problems,
				notes: e.notes,
				language: e.language,
				descriptionLanguage: e.descriptionLanguage,
				attempts: e.attempts
			};
			if (e.bookVector.length) await storeBookVector(ctx.db, b.id, e.embedModel, e.bookVector, ctx.clock());
			await checkpoint(ctx, result);
			await ctx.emit('log', { level: 'info', message: `categories: ${result.categories.join(', ') || 'none'}` });
		}
	}
}

/** Why a book waits for an admin, in one line for the admin's book page. */
export function reviewReason(summary: SummaryCheckpoint, policy: PublishPolicy): string | null {
	const reasons = summary.problems.map((p) => p.message);
	if (summary.categories.length === 0) reasons.push('no category was chosen');
	if (reasons.length) {
		const text = reasons.join('; ');
		return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
	}
	return policy === 'review' ? 'The store reviews every book before it goes on sale (Admin › Settings).' : null;
}

async function publish(ctx: StepContext) {
	const b = await book(ctx);
	const step = await getStep(ctx.db, { bookId: b.id, step: 'summarize' });
	const summary = step?.checkpoint ? (JSON.parse(step.checkpoint) as Partial<SummaryCheckpoint>) : null;
	if (!summary || summary.description === undefined || !summary.categories) throw new StepError('the summary is missing: redo the summarize step', false);
	const full: SummaryCheckpoint = { ranking: [], problems: [], notes: [], language: b.language, descriptionLanguage: b.language, attempts: 0, ...summary } as SummaryCheckpoint;
	const reason = reviewReason(full, await getPublishPolicy(ctx.db));
	for (const note of full.notes) await ctx.emit('log', { level: 'info', message: `note: ${note.message}` });
	if (!reason) {
		await outputs.publishBook(ctx.db, b.id, { categories: full.categories, description: full.description }, ctx.clock());
		await ctx.emit('log', { level: 'info', message: 'published' });
		return;
	}
	const outcome = await outputs.holdForReview(ctx.db, b.id, { categories: full.categories, description: full.description }, reason, ctx.clock());
	await ctx.emit('log', {
		level: 'warn',
		message: outcome === 'review' ? `waiting for review: ${reason}` : `the book stays on sale with its current copy; the new draft needs a look: ${reason}`
	});
}

async function chapters(ctx: StepContext) {
	const b = await book(ctx);
	const transcript = await outputs.getTranscript(ctx.db, b.id);
	if (!transcript) throw new StepError('there is no transcript yet: redo the transcribe step', false);
	// Titles come from the model the admin picked for this book's copy (the summarize step's provider).
	const provider = (await getStep(ctx.db, { bookId: b.id, step: 'summarize' }))?.provider ?? ctx.provider;
	await detectChapters(ctx, b, transcript.segments, (value) => checkpoint(ctx, value), (request) => writeTitle({ ...ctx, provider }, request));
}

/** One chapter's title from the sidecar (the model named by the book's summarize provider), its failed draws logged. */
async function writeTitle(ctx: StepContext, request: TitleRequest): Promise<TitleAnswer> {
	for await (const e of streamSidecar('/v1/chapter-title', { ...request, provider: ctx.provider }, { baseUrl: ctx.inferenceUrl, idleMs: ctx.idleMs, signal: ctx.signal })) {
		if (e.type === 'log' && e.level !== 'info') await ctx.emit('log', { level: e.level, message: e.message });
		else if (e.type === 'title') return { title: typeof e.title === 'string' ? e.title : '', problems: Array.isArray(e.problems) ? e.problems : [] };
	}
	throw new StepError('connection failed: the inference sidecar ended the stream before the title', true);
}

export const HANDLERS: Record<PipelineStepName, (ctx: StepContext) => Promise<void>> = { upload, transcribe, chapters, summarize, publish };
