/**
 * A streamed multipart/form-data body as an async sequence of parts (busboy underneath). A file
 * part's stream must be read (or resumed) before the next part arrives; busboy's backpressure then
 * reaches the socket, so memory stays constant whatever the file's size.
 */
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { invalidInput } from '../errors';

export type Part =
	| { kind: 'field'; name: string; value: string; truncated: boolean }
	| { kind: 'file'; name: string; filename: string; mimeType: string; stream: Readable };

export interface MultipartLimits {
	fileBytes: number;
	/** File parts allowed; 1 unless given. */
	files?: number;
	fieldBytes: number;
	fields: number;
}

export class ClientAbortedError extends Error {
	constructor(cause: unknown) {
		super('The client stopped sending the request body.', { cause });
		this.name = 'ClientAbortedError';
	}
}

type Item = Part | { kind: 'end' } | { kind: 'error'; error: unknown };

export async function* multipartParts(
	contentType: string,
	body: Readable,
	limits: MultipartLimits
): AsyncGenerator<Part, void, undefined> {
	let parser: busboy.Busboy;
	try {
		parser = busboy({
			headers: { 'content-type': contentType },
			// Keep the client's file name as sent, so a path in it is refused rather than silently cut.
			preservePath: true,
			defParamCharset: 'utf8',
			limits: { files: limits.files ?? 1, fileSize: limits.fileBytes, fields: limits.fields, fieldSize: limits.fieldBytes, parts: limits.fields + (limits.files ?? 1) }
		});
	} catch (err) {
		throw invalidInput(`The multipart/form-data header is unusable (${(err as Error).message}).`);
	}

	const queue: Item[] = [];
	let wake: (() => void) | null = null;
	let currentFile: Readable | null = null;
	const push = (item: Item) => {
		queue.push(item);
		wake?.();
		wake = null;
	};
	parser.on('field', (name, value, info) =>
		push({ kind: 'field', name, value, truncated: info.nameTruncated || info.valueTruncated })
	);
	parser.on('file', (name, stream, info) => {
		currentFile = stream;
		push({ kind: 'file', name, filename: info.filename ?? '', mimeType: info.mimeType, stream });
	});
	parser.on('filesLimit', () => push({ kind: 'error', error: invalidInput((limits.files ?? 1) === 1 ? 'Send exactly one audio file per request.' : `Send at most ${limits.files} files per request.`) }));
	parser.on('fieldsLimit', () => push({ kind: 'error', error: invalidInput(`Send at most ${limits.fields} fields.`) }));
	parser.on('partsLimit', () => push({ kind: 'error', error: invalidInput(`Send at most ${limits.fields + (limits.files ?? 1)} parts.`) }));
	parser.on('error', (err: Error) => {
		const error = invalidInput(`The multipart body is malformed (${err.message}).`);
		currentFile?.destroy(error);
		push({ kind: 'error', error });
	});
	parser.on('close', () => push({ kind: 'end' }));
	const onBodyError = (err: unknown) => {
		const error = new ClientAbortedError(err);
		currentFile?.destroy(error);
		push({ kind: 'error', error });
	};
	body.on('error', onBodyError);
	body.pipe(parser);

	try {
		for (;;) {
			if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
			const item = queue.shift()!;
			if (item.kind === 'end') return;
			if (item.kind === 'error') throw item.error;
			yield item;
		}
	} finally {
		// Stop parsing. What is left of the body is read and thrown away, so the answer can still be
		// sent on this connection (cancelling the body would reset the socket before the answer).
		body.unpipe(parser);
		parser.removeAllListeners();
		parser.on('error', () => {});
		(currentFile as Readable | null)?.resume();
		body.off('error', onBodyError);
		body.on('error', () => {});
		body.resume();
	}
}
