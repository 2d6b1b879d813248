/**
 * Blobs in an S3-compatible bucket (AWS, MinIO, versitygw, R2…). Uploads stream through
 * lib-storage's multipart Upload, which holds at most (QUEUE_SIZE + 1) parts in memory (~15 MiB
 * per upload) whatever the blob's size. Bodies under one part go up as a single PutObject.
 */
import {
	DeleteObjectCommand,
	GetObjectCommand,
	HeadObjectCommand,
	ListObjectsV2Command,
	S3Client,
	S3ServiceException
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { contentDisposition } from './content-disposition';
import {
	assertValidKey,
	StorageNotFoundError,
	StorageUnavailableError,
	type BlobInfo,
	type BlobStorage,
	type ByteRange
} from './driver';

export interface S3StorageOptions {
	/** Omit for AWS itself; set for any other S3-compatible server. */
	endpoint?: string;
	region: string;
	bucket: string;
	/** Both omitted: the SDK's default chain (env, profile, instance role). */
	accessKeyId?: string;
	secretAccessKey?: string;
	/** true for most self-hosted servers (bucket in the path instead of the host name). */
	forcePathStyle: boolean;
}

/**
 * S3's minimum part: the least memory per upload (measured with bench/store.ts on a 1 GB upload: the
 * app's RSS grew 32–62 MB at 5 MiB against 88–89 MB at 8 MiB, at the same throughput). With
 * MAX_PARTS it caps a blob at ~48.8 GiB; config.ts refuses an UPLOAD_MAX_BYTES above that.
 */
export const PART_SIZE = 5 * 1024 * 1024;
export const QUEUE_SIZE = 2;
/** S3 refuses a multipart upload of more parts: the largest blob put() can store is MAX_PARTS × PART_SIZE. */
export const MAX_PARTS = 10_000;
export const MAX_UPLOAD_BYTES = MAX_PARTS * PART_SIZE;

export function createS3Storage(opts: S3StorageOptions): BlobStorage {
	const { bucket } = opts;
	const where = `bucket "${bucket}" at ${opts.endpoint ?? `AWS ${opts.region}`}`;
	const client = new S3Client({
		endpoint: opts.endpoint,
		region: opts.region,
		forcePathStyle: opts.forcePathStyle,
		credentials:
			opts.accessKeyId && opts.secretAccessKey
				? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey }
				: undefined,
		// Many S3-compatible servers reject or mis-handle the SDK's default flexible checksums.
		requestChecksumCalculation: 'WHEN_REQUIRED',
		responseChecksumValidation: 'WHEN_REQUIRED'
	});

	/** Turns the failures an operator must fix into StorageUnavailableError; others pass through. */
	function unavailable(err: unknown): unknown {
		const status = err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
		const name = err instanceof Error ? err.name : '';
		if (name === 'NoSuchBucket') {
			return new StorageUnavailableError(
				`S3 ${where} does not exist. Create the bucket or fix the configured bucket name.`,
				{ cause: err }
			);
		}
		if (status === 401 || status === 403 || /AccessKey|Signature|AccessDenied|UserNotFound/.test(name)) {
			return new StorageUnavailableError(
				`S3 ${where} rejected the credentials (${name}). Check the access key id and secret, ` +
					'and that they may read and write this bucket.',
				{ cause: err }
			);
		}
		if (status === 301 || name === 'PermanentRedirect') {
			return new StorageUnavailableError(
				`S3 ${where} lives in another region than "${opts.region}". Fix the configured region.`,
				{ cause: err }
			);
		}
		if (status === undefined && isNetworkError(err)) {
			return new StorageUnavailableError(
				`S3 ${where} cannot be reached (${describe(err)}). Check the endpoint and that the server is running.`,
				{ cause: err }
			);
		}
		return err;
	}

	async function send<T>(run: () => Promise<T>): Promise<T> {
		try {
			return await run();
		} catch (err) {
			throw unavailable(err);
		}
	}

	async function put(
		key: string,
		body: Readable,
		putOpts: { contentType?: string; signal?: AbortSignal } = {}
	): Promise<{ size: number }> {
		assertValidKey(key);
		const counted = countBytes(body);
		// Upload.abort() neither stops an uploader waiting on the body nor waits for the
		// AbortMultipartUpload; failing the body does both, so no orphan multipart upload remains.
		const onAbort = () => counted.stream.destroy(abortReason(putOpts.signal));
		if (putOpts.signal?.aborted) onAbort();
		putOpts.signal?.addEventListener('abort', onAbort, { once: true });
		try {
			const upload = new Upload({
				client,
				params: { Bucket: bucket, Key: key, Body: counted.stream, ContentType: putOpts.contentType },
				partSize: PART_SIZE,
				queueSize: QUEUE_SIZE,
				leavePartsOnError: false
			});
			await send(() => upload.done());
			return { size: counted.bytes() };
		} finally {
			putOpts.signal?.removeEventListener('abort', onAbort);
			body.destroy(); // releases the source when the upload stopped before reading it all
		}
	}

	async function get(key: string, range?: ByteRange): Promise<{ body: Readable; info: BlobInfo }> {
		assertValidKey(key);
		const res = await send(() =>
			client.send(
				new GetObjectCommand({
					Bucket: bucket,
					Key: key,
					Range: range ? `bytes=${range.start}-${range.end}` : undefined
				})
			)
		).catch((err: unknown) => {
			throw isMissingKey(err) ? new StorageNotFoundError(key) : err;
		});
		if (!(res.Body instanceof Readable)) throw new Error('S3 GetObject returned no Node.js stream body.');
		// A ranged response's Content-Length is the slice; the whole size is after the "/".
		const total = res.ContentRange ? Number(res.ContentRange.split('/')[1]) : res.ContentLength;
		return {
			body: res.Body,
			info: { size: total ?? 0, contentType: res.ContentType ?? null, etag: res.ETag ?? null }
		};
	}

	async function stat(key: string): Promise<BlobInfo | null> {
		assertValidKey(key);
		try {
			const res = await send(() => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
			return { size: res.ContentLength ?? 0, contentType: res.ContentType ?? null, etag: res.ETag ?? null };
		} catch (err) {
			if (isMissingKey(err)) return null;
			throw err;
		}
	}

	async function remove(key: string): Promise<void> {
		assertValidKey(key);
		await send(() => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
	}

	async function presignGet(
		key: string,
		presign: { expiresInSeconds: number; downloadName?: string; contentType?: string }
	): Promise<string> {
		assertValidKey(key);
		const command = new GetObjectCommand({
			Bucket: bucket,
			Key: key,
			ResponseContentDisposition:
				presign.downloadName === undefined ? undefined : contentDisposition(presign.downloadName),
			ResponseContentType: presign.contentType
		});
		return getSignedUrl(client, command, { expiresIn: presign.expiresInSeconds });
	}

	async function check(): Promise<void> {
		try {
			// Not HeadBucket: a HEAD answer has no error body, and some servers (versitygw) answer an
			// unknown access key with a bare 404 there, which would read as a missing bucket.
			await client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }));
		} catch (err) {
			const mapped = unavailable(err);
			throw mapped instanceof StorageUnavailableError
				? mapped
				: new StorageUnavailableError(`S3 ${where} is not ready (${describe(err)}).`, { cause: err });
		}
	}

	const probeLocation = (key: string, probe: { expiresInSeconds: number }) =>
		presignGet(key, { expiresInSeconds: probe.expiresInSeconds });

	return { kind: 's3', put, get, stat, delete: remove, presignGet, probeLocation, check };
}

/** Passes body through unchanged, counting bytes; a failing body fails the returned stream. */
function countBytes(body: Readable): { stream: Transform; bytes: () => number } {
	let bytes = 0;
	const stream = new Transform({
		transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
			bytes += chunk.length;
			done(null, chunk);
		}
	});
	body.once('error', (err) => stream.destroy(err));
	body.pipe(stream);
	return { stream, bytes: () => bytes };
}

function isMissingKey(err: unknown): boolean {
	if (err instanceof StorageUnavailableError) return false;
	const name = err instanceof Error ? err.name : '';
	const status = err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
	return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}

function isNetworkError(err: unknown): boolean {
	const code = err instanceof Error && 'code' in err ? String(err.code) : '';
	const name = err instanceof Error ? err.name : '';
	return /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH)$/.test(code) || name === 'TimeoutError';
}

function describe(err: unknown): string {
	if (!(err instanceof Error)) return String(err);
	const code = 'code' in err ? String(err.code) : '';
	return [err.name, code, err.message].filter(Boolean).join(': ');
}

function abortReason(signal: AbortSignal | undefined): Error {
	const reason: unknown = signal?.reason;
	return reason instanceof Error ? reason : Object.assign(new Error('Upload aborted.'), { name: 'AbortError' });
}
