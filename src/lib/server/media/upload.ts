/**
 * `POST /api/v1/admin/books`: a new book as multipart/form-data, the metadata fields first, then
 * the audio in a part named "audio". The audio streams straight into storage under its final key
 * (derived from the client's uploadId, so a retry overwrites the same key and nothing is copied),
 * is counted on the way and stopped past UPLOAD_MAX_BYTES, then checked with ffprobe, and its first
 * PREVIEW_SECONDS are cut into a preview blob (preview.ts). An optional "cover" part (before the audio)
 * is decoded and resized first, so a bad image is refused before any audio is stored; without one, the
 * picture embedded in the audio file is used when it has one. Only then is the book written, in one transaction with its categories and pipeline steps. On any failure the
 * blob is deleted and no row exists; a retry after a success answers with the same book.
 */
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { v5 as uuidv5 } from 'uuid';
import { isUniqueViolation } from '../auth/service';
import { getAdminBookByUploadId, resolveCategoryRefs, type AdminBook, type CatalogDeps } from '../catalog/admin';
import { insertUploadedBook } from '../catalog/books.repository';
import { fromFormFields, NewBookInput, UploadIdSchema } from '../catalog/schemas';
import { AppError, fromZod, invalidInput, unavailable } from '../errors';
import { StorageUnavailableError } from '../storage';
import { classifyProbe, ACCEPTED_FORMATS_TEXT, type AcceptedAudio } from '../../media/audio-format';
import { ffprobe, ProbeFailedError } from './ffprobe';
import { chaptersFromProbe } from '../chapters/file-chapters';
import { canCutPreview, cutPreview, previewKeyFor } from './preview';
import { ClientAbortedError, multipartParts } from './multipart';
import { COVER_MAX_BYTES, COVER_PART, coverTooLarge, deleteCoverBlobs, extractEmbeddedPicture, hasEmbeddedPicture, renderCover, stageCover, type CoverRenditions } from '../covers';
import type { CoverSource } from '../db/schema';

export const AUDIO_PART = 'audio';
/** Room for the metadata parts on top of the audio when checking Content-Length up front. */
const METADATA_ALLOWANCE = 1024 * 1024;
const PROBE_URL_SECONDS = 300;
/** Fixed namespace: a book's id is derived from its upload id, so a retry lands on the same key. */
const BOOK_ID_NAMESPACE = '6f1f7d0e-3c1a-4b8e-9d55-2f6f0c9a7e41';

export function bookIdFor(uploadId: string): string {
	return uuidv5(uploadId.toLowerCase(), BOOK_ID_NAMESPACE);
}

export function audioKeyFor(bookId: string): string {
	return `books/${bookId}/audio`;
}

/** The client's file name is never used for storage; it is only checked, so that a mangled one is refused. */
export function fileNameProblem(name: string): string | null {
	if (name.trim() === '') return 'The audio part has an empty file name; choose a file to upload.';
	if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'The file name contains control characters; rename the file and try again.';
	if (/[/\\]/.test(name) || name === '.' || name === '..') {
		return 'The file name contains a path (/, \\ or ..); send the bare file name only.';
	}
	if (name.length > 255) return 'The file name is longer than 255 characters; rename the file and try again.';
	return null;
}

/**
 * Reads and throws away what is left of a refused request's body (up to a cap), so the client gets
 * the error answer instead of a reset connection: closing a socket with unread bytes resets it.
 * Past the cap, or after the time limit, the connection is cut (a huge upload is not worth reading).
 */
export async function discardUnreadBody(request: Request, opts = { maxBytes: 64 * 1024 * 1024, maxMs: 15_000 }): Promise<void> {
	if (!request.body || request.bodyUsed || request.body.locked) return;
	const reader = request.body.getReader();
	const deadline = Date.now() + opts.maxMs;
	let read = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			read += value.byteLength;
			if (read > opts.maxBytes || Date.now() > deadline) {
				await reader.cancel();
				return;
			}
		}
	} catch {
		// the client went away: nothing left to read
	}
}

function tooLarge(maxBytes: number): AppError {
	return new AppError('too_large', `The audio file is larger than the limit of ${maxBytes} bytes (UPLOAD_MAX_BYTES).`);
}

export interface UploadOutcome {
	book: AdminBook;
	created: boolean;
}

export async function receiveBookUpload(deps: CatalogDeps, createdBy: string, request: Request): Promise<UploadOutcome> {
	const contentType = request.headers.get('content-type') ?? '';
	if (!/^multipart\/form-data\s*;/i.test(contentType)) {
		throw invalidInput(
			`Send the book as multipart/form-data: the metadata fields first, then the file in a part named "${AUDIO_PART}".`
		);
	}
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > deps.uploadMaxBytes + METADATA_ALLOWANCE) throw tooLarge(deps.uploadMaxBytes);
	if (!request.body) throw invalidInput(`No audio file: add the file in a part named "${AUDIO_PART}".`);
	const headerUploadId = request.headers.get('idempotency-key') ?? undefined;

	const body = Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>);
	const fields = new Map<string, string[]>();
	let staged: { key: string; uploadId: string; bytes: number; previewKey?: string } | null = null;
	let cover: { renditions: CoverRenditions; source: CoverSource } | null = null;
	let stagedCover: { bookId: string; hash: string } | null = null;
	let existing: AdminBook | null = null;
	let meta: { input: NewBookInput; categoryIds: string[]; uploadId: string } | null = null;
	let fileSeen = false;
	let coverSeen = false;

	try {
		const parts = multipartParts(contentType, body, { fileBytes: deps.uploadMaxBytes + 1, fieldBytes: 64 * 1024, fields: 40, files: 2 });
		for await (const part of parts) {
			if (part.kind === 'field') {
				if (fileSeen) throw invalidInput(`Field "${part.name}" came after the file; send every metadata field before the "${AUDIO_PART}" part.`);
				if (part.name === AUDIO_PART) throw invalidInput(`The "${AUDIO_PART}" part has no file name; send it as a file.`, AUDIO_PART);
				if (part.truncated) throw invalidInput(`${part.name}: is too long`, part.name);
				fields.set(part.name, [...(fields.get(part.name) ?? []), part.value]);
				continue;
			}
			if (part.name === COVER_PART) {
				if (coverSeen) throw invalidInput(`Send one "${COVER_PART}" part at most.`, COVER_PART);
				coverSeen = true;
				if (fileSeen) throw invalidInput(`The "${COVER_PART}" part came after the audio; send the cover before the "${AUDIO_PART}" part.`, COVER_PART);
				if (fields.size === 0) throw invalidInput(`The cover came before the metadata; send the fields before the "${COVER_PART}" part.`, COVER_PART);
				const image = await readCoverPart(part.stream);
				// An empty file input still sends a part (no name, no bytes): the admin chose no cover.
				if (image.length > 0 || part.filename !== '') cover = { renditions: await renderCover(image), source: 'upload' };
				continue;
			}
			if (part.name !== AUDIO_PART) throw invalidInput(`Unexpected file part "${part.name}"; send the audio in a part named "${AUDIO_PART}".`);
			if (fileSeen) throw invalidInput(`Send exactly one "${AUDIO_PART}" part per book.`, AUDIO_PART);
			fileSeen = true;
			if (fields.size === 0) {
				throw invalidInput(`The file came before the metadata; send the fields (uploadId, title, author, priceMinor…) before the "${AUDIO_PART}" part.`);
			}
			meta = await checkMetadata(deps, fields, headerUploadId);
			const nameProblem = fileNameProblem(part.filename);
			if (nameProblem) throw invalidInput(nameProblem, AUDIO_PART);

			existing = await getAdminBookByUploadId(deps, meta.uploadId);
			if (existing) {
				// Already created by an earlier attempt: its audio must not be overwritten.
				part.stream.resume();
				continue;
			}
			staged = { key: audioKeyFor(bookIdFor(meta.uploadId)), uploadId: meta.uploadId, bytes: 0 };
			staged.bytes = await streamIntoStorage(deps, staged.key, part.stream);
		}
		if (!fileSeen || !meta) throw invalidInput(`No audio file: add the file in a part named "${AUDIO_PART}" after the metadata fields.`, AUDIO_PART);
		if (existing) return { book: existing, created: false };
		if (!staged) throw new Error('unreachable: file part without a staged blob');
		if (staged.bytes === 0) throw invalidInput('The audio file is empty (0 bytes).', AUDIO_PART);

		const { audio, location, report, chapters } = await probeAudio(deps, staged.key, staged.bytes);
		const bookId = bookIdFor(meta.uploadId);
		const preview = await makePreview(deps, bookId, location, audio);
		if (preview) staged.previewKey = preview.key;
		cover ??= hasEmbeddedPicture(report) ? await embeddedCover(deps, bookId, location) : null;
		if (cover) {
			await stageCover(deps.storage, bookId, cover.renditions);
			stagedCover = { bookId, hash: cover.renditions.hash };
		}
		try {
			await insertUploadedBook(
				deps.db,
				{
					id: bookId,
					upload_id: meta.uploadId,
					title: meta.input.title,
					author: meta.input.author,
					narrator: meta.input.narrator ?? null,
					language: meta.input.language ?? 'detect',
					description: meta.input.description ?? null,
					price_minor: meta.input.priceMinor,
					currency: meta.input.currency ?? deps.defaultCurrency,
					is_free: Number(meta.input.free),
					audio_key: staged.key,
					audio_size: staged.bytes,
					audio_mime: audio.mime,
					audio_format: audio.format,
					duration_ms: audio.durationMs,
					preview_key: preview?.key ?? null,
					preview_size: preview?.size ?? null,
					cover_hash: cover?.renditions.hash ?? null,
					cover_source: cover?.source ?? null,
					created_by: createdBy
				},
				meta.categoryIds,
				deps.clock(),
				chapters
			);
		} catch (e) {
			// A concurrent attempt with the same uploadId won the race: its book is the answer.
			if (isUniqueViolation(e) || isPrimaryKeyViolation(e)) {
				const winner = await getAdminBookByUploadId(deps, meta.uploadId);
				if (winner) return { book: winner, created: false };
			}
			throw e;
		}
		deps.log.info({ bookId, uploadId: meta.uploadId, bytes: staged.bytes, format: audio.format }, 'book uploaded');
		const created = await getAdminBookByUploadId(deps, meta.uploadId);
		if (!created) throw new Error('the book just inserted is missing');
		return { book: created, created: true };
	} catch (err) {
		if (staged) await discardStaged(deps, [staged.key, ...(staged.previewKey ? [staged.previewKey] : [])], staged.uploadId, stagedCover);
		throw asClientError(deps, err);
	}
}

async function checkMetadata(deps: CatalogDeps, fields: Map<string, string[]>, headerUploadId: string | undefined) {
	const fieldUploadId = fields.get('uploadId')?.at(-1);
	if (headerUploadId && fieldUploadId && headerUploadId.toLowerCase() !== fieldUploadId.toLowerCase()) {
		throw invalidInput('uploadId: the field and the Idempotency-Key header differ; send one id for one upload.', 'uploadId');
	}
	const idParsed = UploadIdSchema.safeParse(fieldUploadId ?? headerUploadId);
	if (!idParsed.success) {
		throw invalidInput(
			`uploadId: is required, as a UUID from crypto.randomUUID() (field "uploadId" before the file, or the Idempotency-Key header).`,
			'uploadId'
		);
	}
	const values = fromFormFields(fields);
	delete values.uploadId;
	const parsed = NewBookInput.safeParse(values);
	if (!parsed.success) throw fromZod(parsed.error);
	const categoryIds = await resolveCategoryRefs(deps.db, parsed.data.categories ?? []);
	return { input: parsed.data, categoryIds, uploadId: idParsed.data.toLowerCase() };
}

/** Streams the part into storage, counting bytes and stopping past the limit; returns the size. */
async function streamIntoStorage(deps: CatalogDeps, key: string, source: Readable): Promise<number> {
	let bytes = 0;
	let overLimit = false;
	const counter = new Transform({
		transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
			bytes += chunk.length;
			if (bytes > deps.uploadMaxBytes) {
				overLimit = true;
				return done(tooLarge(deps.uploadMaxBytes));
			}
			done(null, chunk);
		}
	});
	let sourceError: unknown = null;
	source.once('error', (err) => {
		sourceError = err;
		counter.destroy(err);
	});
	source.pipe(counter);
	try {
		await deps.storage.put(key, counter, { contentType: 'application/octet-stream' });
	} catch (err) {
		if (overLimit) throw tooLarge(deps.uploadMaxBytes);
		throw sourceError ?? err;
	}
	if (sourceError) throw sourceError;
	return bytes;
}

async function probeAudio(deps: CatalogDeps, key: string, bytes: number) {
	const location = await deps.storage.probeLocation(key, { expiresInSeconds: PROBE_URL_SECONDS });
	let report;
	try {
		report = await ffprobe(location);
	} catch (err) {
		if (!(err instanceof ProbeFailedError)) throw err;
		deps.log.info({ key, reason: err.message, stderr: err.stderr.split(location).join('<blob>') }, 'upload refused by ffprobe');
		throw invalidInput(
			`The file is not audio we can read (${ACCEPTED_FORMATS_TEXT}), or it is damaged or cut short.`,
			AUDIO_PART
		);
	}
	const verdict = classifyProbe(report, bytes);
	if (!verdict.ok) throw invalidInput(verdict.reason, AUDIO_PART);
	return { audio: verdict.audio, location, report, chapters: chaptersFromProbe(report.chapters, verdict.audio.durationMs) };
}

/** The cover part, whole, but never more than the cover limit (what is past it is left to be discarded). */
async function readCoverPart(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > COVER_MAX_BYTES) {
			stream.resume();
			throw coverTooLarge();
		}
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/**
 * The picture inside the audio file, when it decodes as a cover. A bad one is not the admin's problem
 * (the audio is fine): the book gets a drawn cover instead.
 */
async function embeddedCover(deps: CatalogDeps, bookId: string, location: string): Promise<{ renditions: CoverRenditions; source: CoverSource } | null> {
	const picture = await extractEmbeddedPicture(location);
	if (!picture) return null;
	try {
		return { renditions: await renderCover(picture), source: 'audio' };
	} catch (err) {
		deps.log.info({ bookId, reason: (err as Error).message }, 'the picture in the audio file is not usable as a cover');
		return null;
	}
}

/**
 * The preview file, read from where ffprobe read the book. A failure is not the admin's problem (the
 * file passed ffprobe): the book gets no preview file and the store serves a byte prefix instead.
 */
async function makePreview(deps: CatalogDeps, bookId: string, location: string, audio: AcceptedAudio) {
	if (deps.previewSeconds <= 0 || !canCutPreview(audio.format)) return null;
	const key = previewKeyFor(bookId, audio.extension);
	try {
		const size = await cutPreview(deps.storage, {
			location,
			key,
			format: audio.format,
			contentType: audio.mime,
			seconds: deps.previewSeconds
		});
		return { key, size };
	} catch (err) {
		const stderr = (err as { stderr?: string }).stderr?.split(location).join('<blob>');
		deps.log.warn({ bookId, err: (err as Error).message, stderr }, 'no preview file cut; the preview falls back to a byte prefix');
		return null;
	}
}

/** Deletes the staged blobs unless a book (made by a concurrent attempt with the same uploadId) uses them. */
async function discardStaged(deps: CatalogDeps, keys: string[], uploadId: string, cover: { bookId: string; hash: string } | null): Promise<void> {
	try {
		if (await getAdminBookByUploadId(deps, uploadId)) return;
		for (const key of keys) await deps.storage.delete(key);
		if (cover) await deleteCoverBlobs(deps, cover.bookId, cover.hash);
	} catch (err) {
		deps.log.error({ err, keys }, 'could not delete the blobs of a refused upload');
	}
}

function asClientError(deps: CatalogDeps, err: unknown): unknown {
	if (err instanceof AppError) return err;
	if (err instanceof ClientAbortedError) {
		return invalidInput('The upload was interrupted before the whole file arrived; send it again with the same uploadId.');
	}
	if (err instanceof StorageUnavailableError) {
		deps.log.error({ err }, 'storage unavailable during an upload');
		return unavailable('Storage is not available right now; try the upload again in a minute.');
	}
	return err;
}

function isPrimaryKeyViolation(e: unknown): boolean {
	return (e as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
