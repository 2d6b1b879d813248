import { describe, expect, it } from 'vitest';
import { BEFORE_UPDATE_RELOAD, reloadWhenAudioIdle, whenAudioIdle } from './service-worker-updates';

/** Just enough of a document for whenAudioIdle: its <audio> elements and capturing listeners. */
function fakeDocument(audios: { paused: boolean; ended: boolean }[]) {
	const listeners = new Map<string, Set<() => void>>();
	return {
		audios,
		listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
		fire(type: string) {
			for (const l of [...(listeners.get(type) ?? [])]) l();
		},
		querySelectorAll: () => audios,
		addEventListener: (type: string, l: () => void) => listeners.set(type, (listeners.get(type) ?? new Set()).add(l)),
		removeEventListener: (type: string, l: () => void) => listeners.get(type)?.delete(l)
	};
}

const settled = async (p: Promise<void>) => {
	let done = false;
	void p.then(() => (done = true));
	await new Promise((r) => setTimeout(r, 0));
	return done;
};

describe('whenAudioIdle', () => {
	it('resolves at once when nothing plays', async () => {
		const doc = fakeDocument([{ paused: true, ended: false }]);
		expect(await settled(whenAudioIdle(doc as unknown as Document))).toBe(true);
		expect(doc.listenerCount()).toBe(0);
	});

	it('waits until every playing <audio> has paused or ended', async () => {
		const doc = fakeDocument([
			{ paused: false, ended: false },
			{ paused: false, ended: false }
		]);
		const idle = whenAudioIdle(doc as unknown as Document);
		expect(await settled(idle)).toBe(false);

		doc.audios[0]!.paused = true;
		doc.fire('pause');
		expect(await settled(idle)).toBe(false);

		doc.audios[1]!.ended = true;
		doc.fire('ended');
		expect(await settled(idle)).toBe(true);
		expect(doc.listenerCount()).toBe(0);
	});
});

describe('reloadWhenAudioIdle', () => {
	it('waits for the audio to pause, tells the page, then reloads', async () => {
		const doc = fakeDocument([{ paused: false, ended: false }]);
		const seen: string[] = [];
		const win = {
			document: doc as unknown as Document,
			dispatchEvent: (e: Event) => (seen.push(e.type), true),
			location: { reload: () => seen.push('reload') } as unknown as Location
		};
		const reloaded = reloadWhenAudioIdle(win);
		expect(await settled(reloaded)).toBe(false);
		expect(seen).toEqual([]);

		doc.audios[0]!.paused = true;
		doc.fire('pause');
		expect(await settled(reloaded)).toBe(true);
		expect(seen).toEqual([BEFORE_UPDATE_RELOAD, 'reload']);
	});
});
