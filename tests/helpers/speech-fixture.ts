/** For the real-sidecar test files: their speech MP3 and the processes they start, in one fixture. */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { speechMp3 } from './pipeline';

export interface SpeechFixture {
	/** The speech of the text as MP3, made before the file's first test (empty while skipped). */
	mp3: Buffer;
	/** Stops (apps, sidecars) run after the file's last test, last first; a failing one does not stop the rest. */
	cleanups: Array<() => Promise<unknown>>;
}

/** Call at the top of a test file; `skipped` (why the models are missing) makes no MP3. */
export function useSpeechFixture(text: string, skipped: string | null): SpeechFixture {
	const fixture: SpeechFixture = { mp3: Buffer.alloc(0), cleanups: [] };
	beforeAll(() => {
		if (skipped) return;
		const dir = mkdtempSync(path.join(os.tmpdir(), 'earshelf-speech-'));
		fixture.mp3 = readFileSync(speechMp3(text, path.join(dir, 'book.mp3')));
	});
	afterAll(async () => {
		for (const stop of fixture.cleanups.reverse()) await stop().catch(() => {});
	});
	return fixture;
}
