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
import { StepError, streamSidecar } from './sidecar';

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
	const events = streamSidecar('/v1/transcribe', { audio, startChunk, provider: ctx.provider }, { baseUrl: ctx.inferenceUrl, idleMs: ctx.idleMs, signal: ctx.signal });
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
		}
	}
	const composed = await outputs.composeTranscript(ctx.db, b.id, ctx.clock());
	await checkpoint(ctx, { chunksDone: chunks, chunks, words: composed.words });
	await ctx.emit('log', { level: 'info', message: `transcript composed: ${composed.chunks} chunks, ${composed.words} words` });
}

async function summarize(ctx: StepContext) {
	const b = await book(ctx);
	const transcript = await outputs.getTranscript(ctx.db, b.id);
	if (!transcript) throw new StepError('there is no transcript yet: redo the transcribe step', false);
	if (!transcript.text.trim()) throw new StepError('the transcript is empty (no speech found): check the audio, then redo transcribe', false);
	const taxonomy = await outputs.taxonomy(ctx.db);
	const slugs = new Set(taxonomy.map((t) => t.slug));
	const mapResults = await outputs.listSummaryParts(ctx.db, b.id);
	if (mapResults.length) await ctx.emit('log', { level: 'info', message: `${mapResults.length} part summaries stored from an earlier run` });
	const request = {
		transcript: transcript.text,
		taxonomy: taxonomy.map((t) => ({ slug: t.slug, name: t.name })),
		mapResults,
		provider: ctx.provider
	};
	for await (const e of streamSidecar('/v1/summarize', request, { baseUrl: ctx.inferenceUrl, idleMs: ctx.idleMs, signal: ctx.signal })) {
		if (e.type === 'map') {
			if (!e.reused) await outputs.storeSummaryPart(ctx.db, b.id, { index: e.index, hash: e.hash, text: e.text }, ctx.clock());
			await ctx.emit('map', { index: e.index, of: e.of, reused: e.reused });
			if (ctx.draining.aborted && e.index + 1 < e.of) throw new HandedBackError();
		} else if (e.type === 'log') {
			await ctx.emit('log', { level: e.level, message: e.message });
		} else if (e.type === 'result') {
			const categories = [...new Set(e.categories)].filter((c) => slugs.has(c));
			const description = e.description.trim();
			if (categories.length === 0) throw new StepError('the summary named no category of the taxonomy: redo summarize or pick them by hand', false);
			if (!description) throw new StepError('the summary had no description: redo summarize', false);
			await checkpoint(ctx, { categories, description });
			await ctx.emit('log', { level: 'info', message: `categories: ${categories.join(', ')}` });
		}
	}
}

async function publish(ctx: StepContext) {
	const b = await book(ctx);
	const summary = await getStep(ctx.db, { bookId: b.id, step: 'summarize' });
	const parsed = summary?.checkpoint ? (JSON.parse(summary.checkpoint) as { categories?: string[]; description?: string }) : null;
	if (!parsed?.description || !parsed.categories) throw new StepError('the summary is missing: redo the summarize step', false);
	await outputs.publishBook(ctx.db, b.id, { categories: parsed.categories, description: parsed.description }, ctx.clock());
	await ctx.emit('log', { level: 'info', message: 'published' });
}

export const HANDLERS: Record<PipelineStepName, (ctx: StepContext) => Promise<void>> = { upload, transcribe, summarize, publish };
