/**
 * How a downloaded book is cut into chunks, shared by the page (which fetches them) and the service
 * worker (which answers `<audio>` Range requests from them). Chunks are fixed-size runs of the file, in
 * order; only the last may be shorter. Pure functions only, so every rule here is unit-tested in Node.
 */

/** 4 MiB: big enough that a 300 MB book is under 80 requests, small enough that one lost connection costs little. */
export const CHUNK_SIZE = 4 * 1024 * 1024;

export interface Chunk {
	index: number;
	/** First byte, inclusive. */
	start: number;
	/** Last byte, inclusive, as in `Range: bytes=start-end`. */
	end: number;
}

export function chunkCount(total: number, chunkSize = CHUNK_SIZE): number {
	return Math.ceil(total / chunkSize);
}

/** The chunk with this index of a `total`-byte file. */
export function chunkAt(index: number, total: number, chunkSize = CHUNK_SIZE): Chunk {
	const start = index * chunkSize;
	return { index, start, end: Math.min(start + chunkSize, total) - 1 };
}

/** Every chunk of a `total`-byte file, in order. */
export function chunkPlan(total: number, chunkSize = CHUNK_SIZE): Chunk[] {
	return Array.from({ length: chunkCount(total, chunkSize) }, (_, i) => chunkAt(i, total, chunkSize));
}

/** The `Range` header value that fetches one chunk. */
export const rangeHeaderFor = (chunk: Chunk) => `bytes=${chunk.start}-${chunk.end}`;

/**
 * The first chunk to fetch: the lowest index not in `stored` (`count` when all are). Downloads resume
 * from here, so a chunk lost from the middle is fetched again rather than leaving a hole.
 */
export function firstMissingChunk(count: number, stored: Iterable<number>): number {
	const have = new Set(stored);
	for (let i = 0; i < count; i++) if (!have.has(i)) return i;
	return count;
}

/** Bytes the chunks from `firstMissing` on still need. */
export function remainingBytes(total: number, firstMissing: number, chunkSize = CHUNK_SIZE): number {
	return Math.max(0, total - firstMissing * chunkSize);
}

/**
 * Whether the stored chunks make up exactly the file: one entry per index, each of its planned size,
 * adding up to `total`. `sizes` maps a chunk index to the stored entry's byte length.
 */
export function isComplete(total: number, sizes: ReadonlyMap<number, number>, chunkSize = CHUNK_SIZE): boolean {
	if (total <= 0) return false;
	const plan = chunkPlan(total, chunkSize);
	if (sizes.size !== plan.length) return false;
	let sum = 0;
	for (const chunk of plan) {
		const size = sizes.get(chunk.index);
		if (size !== chunk.end - chunk.start + 1) return false;
		sum += size;
	}
	return sum === total;
}

/** One chunk's share of a byte range: which chunk, and the slice of it (offsets inside the chunk, end exclusive). */
export interface ChunkSlice {
	index: number;
	from: number;
	to: number;
}

/** The chunks covering bytes `start`–`end` (inclusive) of the file, and the slice needed from each. */
export function slicesForRange(start: number, end: number, total: number, chunkSize = CHUNK_SIZE): ChunkSlice[] {
	if (start < 0 || end < start || end >= total) throw new RangeError(`bytes ${start}-${end} are outside a ${total}-byte file`);
	const slices: ChunkSlice[] = [];
	for (let index = Math.floor(start / chunkSize); index * chunkSize <= end; index++) {
		const chunk = chunkAt(index, total, chunkSize);
		slices.push({ index, from: Math.max(start, chunk.start) - chunk.start, to: Math.min(end, chunk.end) - chunk.start + 1 });
	}
	return slices;
}

/** "12.3 MB" for byte counts shown to listeners (decimal megabytes, as phones show storage). */
export function formatMegabytes(bytes: number): string {
	const mb = bytes / 1_000_000;
	if (mb >= 1000) return `${(mb / 1000).toFixed(1)} GB`;
	return `${mb >= 100 ? Math.round(mb) : mb.toFixed(1)} MB`;
}
