import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { createServer, type Server } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type S3Server } from '../../../../tests/services/s3-server';
import { contentDisposition } from './content-disposition';
import { StorageUnavailableError, type BlobStorage } from './driver';
import { createStorage } from './index';
import { PART_SIZE } from './s3.driver';
import { describeStorageContract, generatedBody, readAll, uniqueKey } from './storage.contract';

let server: S3Server;
let storage: BlobStorage;

const s3Config = (overrides: Partial<S3Server> = {}) => {
	const { endpoint, region, bucket, accessKeyId, secretAccessKey } = { ...server, ...overrides };
	return { kind: 's3', endpoint, region, bucket, accessKeyId, secretAccessKey, forcePathStyle: true } as const;
};

beforeAll(async () => {
	server = await startS3Server();
	storage = createStorage(s3Config());
}, 30_000);
afterAll(async () => {
	await server?.stop();
});

describeStorageContract('s3', () => storage);

describe('s3 driver', () => {
	it('uploads a large stream in parts (multipart ETag "<md5>-<parts>")', { timeout: 60_000 }, async () => {
		const key = uniqueKey('multipart.bin');
		const total = 2 * PART_SIZE + 1;
		await storage.put(key, generatedBody(total).stream);
		expect((await storage.stat(key))?.etag).toMatch(/-3"$/);
	});

	it('aborts the multipart upload when the body fails after some parts', { timeout: 60_000 }, async () => {
		const key = uniqueKey('orphan.bin');
		const failing = generatedBody(4 * PART_SIZE, { failAfter: 2 * PART_SIZE + 1024 });
		await expect(storage.put(key, failing.stream)).rejects.toThrow('client went away');
		const client = new S3Client({
			endpoint: server.endpoint,
			region: server.region,
			forcePathStyle: true,
			credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey }
		});
		const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: server.bucket, Prefix: key }));
		client.destroy();
		expect(uploads.Uploads ?? []).toEqual([]);
		expect(await storage.stat(key)).toBeNull();
	});

	it('presigns a GET that plain fetch can use, with download name and type', async () => {
		const key = uniqueKey('chapter.mp3');
		await storage.put(key, Readable.from([Buffer.from('ID3 audio')]), { contentType: 'audio/mpeg' });
		const downloadName = 'Ünïcode "Book" (1).mp3';
		const url = await storage.presignGet(key, {
			expiresInSeconds: 60,
			downloadName,
			contentType: 'application/octet-stream'
		});
		const res = await fetch(url ?? 'missing-url', { headers: { range: 'bytes=4-8' } });
		expect(res.status).toBe(206);
		expect(await res.text()).toBe('audio');
		expect(res.headers.get('content-disposition')).toBe(contentDisposition(downloadName));
		expect(res.headers.get('content-type')).toBe('application/octet-stream');
	});

	it('names a presigned URL that answers ranges as its probe location', async () => {
		const key = uniqueKey('probe.mp3');
		await storage.put(key, Readable.from([Buffer.from('ID3 audio')]));
		const url = await storage.probeLocation(key, { expiresInSeconds: 60 });
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*X-Amz-Expires=60/);
		const res = await fetch(url, { headers: { range: 'bytes=0-2' } });
		expect(res.status).toBe(206);
		expect(await res.text()).toBe('ID3');
	});

	it('a presigned URL stops working once it expires', { timeout: 15_000 }, async () => {
		const key = uniqueKey();
		await storage.put(key, Readable.from([Buffer.from('short-lived')]));
		const url = (await storage.presignGet(key, { expiresInSeconds: 1 })) ?? 'missing-url';
		expect(await (await fetch(url)).text()).toBe('short-lived');
		await new Promise((resolve) => setTimeout(resolve, 2500));
		expect((await fetch(url)).status).toBe(403);
	});

	it('get streams the whole object as a Node stream', async () => {
		const key = uniqueKey();
		await storage.put(key, Readable.from([Buffer.from('hello')]));
		const { body } = await storage.get(key);
		expect(body).toBeInstanceOf(Readable);
		expect((await readAll(body)).toString()).toBe('hello');
	});

	describe('clear errors an operator can act on', () => {
		let closedPort: Server;
		let closedEndpoint: string;
		beforeAll(async () => {
			// A port that was just free and is now closed: connections are refused at once.
			closedPort = createServer();
			await new Promise<void>((resolve) => closedPort.listen(0, '127.0.0.1', resolve));
			const address = closedPort.address();
			closedEndpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
			await new Promise((resolve) => closedPort.close(resolve));
		});

		it.each([
			['a missing bucket', () => s3Config({ bucket: 'no-such-bucket' }), /"no-such-bucket" .* does not exist/],
			['a wrong secret', () => s3Config({ secretAccessKey: 'wrong' }), /rejected the credentials/],
			['an unknown access key', () => s3Config({ accessKeyId: 'nobody' }), /rejected the credentials/],
			['an unreachable endpoint', () => s3Config({ endpoint: closedEndpoint }), /cannot be reached .*ECONNREFUSED/]
		])('check names %s', { timeout: 20_000 }, async (_label, config, message) => {
			const broken = createStorage(config());
			const error = await broken.check().catch((err: unknown) => err);
			expect(error).toBeInstanceOf(StorageUnavailableError);
			expect((error as Error).message).toMatch(message);
		});

		it('reads and writes fail the same way with wrong credentials', async () => {
			const broken = createStorage(s3Config({ secretAccessKey: 'wrong' }));
			await expect(broken.stat('any')).rejects.toBeInstanceOf(StorageUnavailableError);
			await expect(broken.get('any')).rejects.toBeInstanceOf(StorageUnavailableError);
			await expect(broken.put('any', Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
				StorageUnavailableError
			);
		});

		it('reads fail with StorageUnavailableError when the bucket is missing', async () => {
			const broken = createStorage(s3Config({ bucket: 'no-such-bucket' }));
			await expect(broken.get('any')).rejects.toThrow(/does not exist/);
		});
	});
});
