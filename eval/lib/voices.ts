/**
 * How each passage is spoken: a voice, a speed, a pitch and maybe background noise, all picked
 * from a hash of the item's id, so a rerun hears exactly the same book. Every choice is listed
 * here, in one place, and printed in the report.
 */
import { createHash } from 'node:crypto';
import type { Passage } from './passages';

export type Engine = 'espeak-ng' | 'flite';

export interface Voice {
	engine: Engine;
	/** espeak-ng voice with an optional +variant, or a flite voice built into Debian's flite. */
	name: string;
}

export type NoiseKind = 'pink' | 'brown' | 'babble';

export interface Rendition {
	voice: Voice;
	/** Speaking rate relative to the engine's normal (1 = 165 words a minute for espeak-ng). */
	speed: number;
	/** espeak-ng's pitch, 0-99 (50 is its default); flite voices keep their own. */
	pitch: number | null;
	noise: { kind: NoiseKind; snrDb: number } | null;
}

/** English: American, British, Scottish, Caribbean and regional espeak-ng voices, and flite's four English voices. */
export const ENGLISH_VOICES: Voice[] = [
	{ engine: 'espeak-ng', name: 'en-us' },
	{ engine: 'espeak-ng', name: 'en-gb' },
	{ engine: 'espeak-ng', name: 'en-gb-scotland' },
	{ engine: 'espeak-ng', name: 'en-gb-x-rp+f2' },
	{ engine: 'espeak-ng', name: 'en-us+f3' },
	{ engine: 'espeak-ng', name: 'en-us+m3' },
	{ engine: 'espeak-ng', name: 'en-029' },
	{ engine: 'espeak-ng', name: 'en-us-nyc+f4' },
	{ engine: 'espeak-ng', name: 'en-gb-x-gbclan+m5' },
	{ engine: 'flite', name: 'slt' },
	{ engine: 'flite', name: 'rms' },
	{ engine: 'flite', name: 'awb' },
	{ engine: 'flite', name: 'kal16' }
];

/** Thai: espeak-ng is the only free Thai voice in Debian; its variants change timbre and register. */
export const THAI_VOICES: Voice[] = [
	{ engine: 'espeak-ng', name: 'th' },
	{ engine: 'espeak-ng', name: 'th+f3' },
	{ engine: 'espeak-ng', name: 'th+m3' },
	{ engine: 'espeak-ng', name: 'th+f2' },
	{ engine: 'espeak-ng', name: 'th+m5' }
];

const SPEEDS = [0.9, 1, 1, 1.1, 1.2];
const PITCHES = [35, 45, 50, 55, 65];
/** Six in ten items are clean; the rest get hiss, rumble or a room of other voices at 15-20 dB SNR. */
const NOISES: Rendition['noise'][] = [
	null,
	null,
	null,
	null,
	null,
	null,
	{ kind: 'pink', snrDb: 20 },
	{ kind: 'brown', snrDb: 18 },
	{ kind: 'babble', snrDb: 15 },
	{ kind: 'pink', snrDb: 15 }
];

export function renditionFor(p: Pick<Passage, 'id' | 'language'>): Rendition {
	const h = createHash('sha256').update(p.id).digest();
	const voices = p.language === 'th' ? THAI_VOICES : ENGLISH_VOICES;
	const voice = voices[h.readUInt16BE(0) % voices.length]!;
	return {
		voice,
		speed: SPEEDS[h[2]! % SPEEDS.length]!,
		pitch: voice.engine === 'espeak-ng' ? PITCHES[h[3]! % PITCHES.length]! : null,
		noise: NOISES[h[4]! % NOISES.length]!
	};
}

/** "espeak-ng en-gb-scotland ×1.1 p45 + pink 20 dB": one line for the report. */
export function describeRendition(r: Rendition): string {
	const pitch = r.pitch === null ? '' : ` p${r.pitch}`;
	const noise = r.noise ? ` + ${r.noise.kind} ${r.noise.snrDb} dB` : '';
	return `${r.voice.engine} ${r.voice.name} ×${r.speed}${pitch}${noise}`;
}
