import { describe, expect, it } from 'vitest';
import { chunkedRangeResponse, parseRange, rangeResponse } from './range';

const SIZE = 10_000;
// Every byte differs from its neighbours, so a slice taken from the wrong offset cannot pass.
const bytes = Uint8Array.from({ length: SIZE }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
const whole = new Blob([bytes], { type: 'audio/mpeg' });
// The same bytes stored as uneven chunks, as the offline store keeps large books.
const chunks = [0, 1, 4096, 4097, 9000, SIZE].reduce<Blob[]>((list, end, i, ends) => {
	if (i > 0) list.push(new Blob([bytes.slice(ends[i - 1], end)], { type: 'audio/mpeg' }));
	return list;
}, []);

async function body(res: Response) {
	return new Uint8Array(await res.arrayBuffer());
}

describe.each([
	['one Blob', whole],
	['chunk Blobs', chunks]
])('rangeResponse over %s', (_name, stored) => {
	it.each([
		['bytes=0-1', 0, 1],
		['bytes=0-', 0, SIZE - 1],
		['bytes=-500', SIZE - 500, SIZE - 1],
		['bytes=4095-4097', 4095, 4097],
		['bytes=9999-', SIZE - 1, SIZE - 1],
		['bytes=100-999999', 100, SIZE - 1],
		['bytes=-20000', 0, SIZE - 1]
	])('%s → 206 with bytes %i-%i', async (range, start, end) => {
		const res = rangeResponse(stored, range);
		expect(res.status).toBe(206);
		expect(res.headers.get('Content-Range')).toBe(`bytes ${start}-${end}/${SIZE}`);
		expect(res.headers.get('Content-Length')).toBe(String(end - start + 1));
		expect(res.headers.get('Accept-Ranges')).toBe('bytes');
		expect(res.headers.get('Content-Type')).toBe('audio/mpeg');
		expect(await body(res)).toEqual(bytes.slice(start, end + 1));
	});

	it.each([`bytes=${SIZE}-`, 'bytes=0-1,5-6', 'bytes=5-2', 'bytes=-0', 'bytes=-', 'items=0-1', 'bytes=a-b'])(
		'%s → 416 with bytes */size',
		async (range) => {
			const res = rangeResponse(stored, range);
			expect(res.status).toBe(416);
			expect(res.headers.get('Content-Range')).toBe(`bytes */${SIZE}`);
			expect(res.headers.get('Accept-Ranges')).toBe('bytes');
			expect((await body(res)).length).toBe(0);
		}
	);

	it('answers a request without Range with 200 and the whole body', async () => {
		const res = rangeResponse(stored, new Request('http://x/a.mp3').headers.get('range'));
		expect(res.status).toBe(200);
		expect(res.headers.get('Content-Length')).toBe(String(SIZE));
		expect(res.headers.get('Content-Range')).toBeNull();
		expect(await body(res)).toEqual(bytes);
	});
});

describe('rangeResponse options', () => {
	it('uses the given Content-Type and keeps extra headers', () => {
		const res = rangeResponse(new Blob([bytes]), 'bytes=0-1', { contentType: 'audio/ogg', headers: { ETag: '"v1"' } });
		expect(res.headers.get('Content-Type')).toBe('audio/ogg');
		expect(res.headers.get('ETag')).toBe('"v1"');
	});
});

describe('parseRange', () => {
	it.each([
		[null, 100, { kind: 'none' }],
		['', 100, { kind: 'none' }],
		['bytes=0-0', 100, { kind: 'range', range: { start: 0, end: 0 } }],
		[' bytes = 10 - 20 ', 100, { kind: 'range', range: { start: 10, end: 20 } }],
		['bytes=0-', 0, { kind: 'unsatisfiable' }],
		['bytes=-5', 0, { kind: 'unsatisfiable' }]
	])('%j of %i bytes → %j', (header, size, expected) => {
		expect(parseRange(header, size)).toEqual(expected);
	});
});

describe('chunkedRangeResponse', () => {
	const CHUNK = 4096;
	// A reader over the chunks of `bytes` that records which chunks it was asked for.
	function reader(missing: number[] = [], shortened: number[] = []) {
		const asked: number[] = [];
		const read = async (index: number) => {
			asked.push(index);
			if (missing.includes(index) || index * CHUNK >= SIZE) return undefined;
			const end = Math.min((index + 1) * CHUNK, SIZE) - (shortened.includes(index) ? 1 : 0);
			return new Blob([bytes.slice(index * CHUNK, end)]);
		};
		return { asked, body: { total: SIZE, chunkSize: CHUNK, read } };
	}

	it.each([
		['bytes=0-1', 0, 1, [0]],
		['bytes=0-', 0, SIZE - 1, [0, 1, 2]],
		['bytes=-500', SIZE - 500, SIZE - 1, [2]],
		['bytes=4000-4200', 4000, 4200, [0, 1]],
		['bytes=8192-8192', 8192, 8192, [2]]
	])('%s → 206 with bytes %i-%i, reading only chunks %j', async (range, start, end, chunks) => {
		const { asked, body: stored } = reader();
		const res = (await chunkedRangeResponse(stored, range, { contentType: 'audio/mpeg' }))!;
		expect(res.status).toBe(206);
		expect(res.headers.get('Content-Range')).toBe(`bytes ${start}-${end}/${SIZE}`);
		expect(res.headers.get('Content-Length')).toBe(String(end - start + 1));
		expect(res.headers.get('Accept-Ranges')).toBe('bytes');
		expect(res.headers.get('Content-Type')).toBe('audio/mpeg');
		expect(await body(res)).toEqual(bytes.slice(start, end + 1));
		expect(asked).toEqual(chunks);
	});

	it('reads a chunk only when the stream reaches it', async () => {
		const { asked, body: stored } = reader();
		const res = (await chunkedRangeResponse(stored, 'bytes=0-'))!;
		expect(asked).toEqual([0]);
		const stream = res.body!.getReader();
		await stream.read();
		await stream.read();
		expect(asked).toEqual([0, 1]);
		await stream.cancel();
	});

	it('answers 200 with the whole file when there is no Range', async () => {
		const res = (await chunkedRangeResponse(reader().body, null))!;
		expect(res.status).toBe(200);
		expect(res.headers.get('Content-Length')).toBe(String(SIZE));
		expect(res.headers.get('Content-Range')).toBeNull();
		expect(await body(res)).toEqual(bytes);
	});

	it.each([`bytes=${SIZE}-`, 'bytes=0-1,5-6', 'bytes=5-2'])('%s → 416 bytes */size without reading', async (range) => {
		const { asked, body: stored } = reader();
		const res = (await chunkedRangeResponse(stored, range))!;
		expect(res.status).toBe(416);
		expect(res.headers.get('Content-Range')).toBe(`bytes */${SIZE}`);
		expect(asked).toEqual([]);
	});

	it('gives null when the first chunk needed is missing or short, so the network answers instead', async () => {
		expect(await chunkedRangeResponse(reader([1]).body, 'bytes=5000-5001')).toBeNull();
		expect(await chunkedRangeResponse(reader([], [0]).body, 'bytes=0-1')).toBeNull();
	});

	it('errors the stream when a later chunk turns out missing, instead of sending short audio', async () => {
		const res = (await chunkedRangeResponse(reader([2]).body, 'bytes=0-'))!;
		await expect(res.arrayBuffer()).rejects.toThrow();
	});
});
