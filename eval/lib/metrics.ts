/**
 * Transcription errors against the passage text. English: word error rate with the sidecar's own
 * normalisation (inference/src/asr/wer.ts). Thai: character error rate, because Thai is written
 * without spaces between words; its normalisation keeps combining marks (Thai vowels and tone marks
 * are marks, and normalizeWords would drop them) and removes every space.
 */
import { normalizeWords, wordErrorRate } from '../../inference/src/asr/wer';

/** Errors and reference units of one item, so a set's rate is the sum of errors over the sum of units. */
export interface ErrorCount {
	errors: number;
	units: number;
}

export const rate = (c: ErrorCount) => (c.units === 0 ? 0 : c.errors / c.units);

export function sumCounts(counts: ErrorCount[]): ErrorCount {
	return counts.reduce((a, c) => ({ errors: a.errors + c.errors, units: a.units + c.units }), { errors: 0, units: 0 });
}

export function wordErrors(reference: string, hypothesis: string): ErrorCount {
	const units = normalizeWords(reference).length;
	return { errors: Math.round(wordErrorRate(reference, hypothesis) * units), units };
}

/** Lower case, NFKC, letters, marks and digits only, no spaces: one array element per code point. */
export function normalizeChars(text: string): string[] {
	return [...text.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{M}\p{N}]+/gu, '')];
}

export function charErrors(reference: string, hypothesis: string): ErrorCount {
	const ref = normalizeChars(reference);
	return { errors: editDistance(ref, normalizeChars(hypothesis)), units: ref.length };
}

/** The metric of a language: WER for English, CER for Thai. */
export function transcriptErrors(language: 'en' | 'th', reference: string, hypothesis: string): ErrorCount {
	return language === 'th' ? charErrors(reference, hypothesis) : wordErrors(reference, hypothesis);
}

/** Levenshtein distance, one row at a time. */
export function editDistance<T>(a: T[], b: T[]): number {
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), previous[j]! + 1, current[j - 1]! + 1);
		}
		previous = current;
	}
	return previous[b.length]!;
}
