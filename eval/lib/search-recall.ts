/**
 * Recall of library search on speech: a recording is made sentence by sentence (so each sentence's
 * start is known), and each sentence's opening words are searched for. A phrase counts as found when
 * a result of that book starts within TOLERANCE_MS of the sentence: pressing it plays the phrase.
 * Run against the true text (search error alone) and the sidecar's transcript (ASR error added).
 */
const segmenter = new Intl.Segmenter('th', { granularity: 'word' });

export const TOLERANCE_MS = 2_000;
export const PHRASE_WORDS = 3;

/**
 * What is read as one unit: English sentences; in Thai the space-separated phrases (Thai marks the
 * end of a phrase or sentence with a space, not a full stop).
 */
export function sentencesOf(text: string, language: 'en' | 'th'): string[] {
	const parts = language === 'th' ? text.split(/\s+/) : text.split(/(?<=[.!?]["”’]?)\s+/);
	return parts.map((s) => s.trim()).filter(Boolean);
}

/**
 * The first PHRASE_WORDS words of a sentence as a listener would type them (Thai without spaces), or
 * null when it has fewer words.
 */
export function openingPhrase(sentence: string, language: 'en' | 'th'): string | null {
	const words = [...segmenter.segment(sentence)].filter((p) => p.isWordLike).map((p) => p.segment);
	if (words.length < PHRASE_WORDS) return null;
	return words.slice(0, PHRASE_WORDS).join(language === 'th' ? '' : ' ');
}

export interface PhraseOutcome {
	phrase: string;
	trueMs: number;
	/** Result times for this book, best first. */
	foundMs: number[];
}

export const foundInTime = (o: PhraseOutcome) => o.foundMs.some((ms) => Math.abs(ms - o.trueMs) <= TOLERANCE_MS);

export function recall(outcomes: PhraseOutcome[]) {
	const n = outcomes.length;
	const anywhere = outcomes.filter((o) => o.foundMs.length > 0).length;
	const inTime = outcomes.filter(foundInTime).length;
	return { phrases: n, foundAnywhere: anywhere, foundInTime: inTime, recall: n ? inTime / n : 0 };
}
