/** Lower-cases, unifies apostrophes, drops punctuation and splits on whitespace. */
export function normalizeWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/[^\p{L}\p{N}'\s]+/gu, " ")
    .replace(/(^|\s)'+|'+(?=\s|$)/g, " ")
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * The characters that count for the character error rate: letters, combining marks (Thai vowels
 * and tone marks are marks) and digits, lower-cased; spaces and punctuation dropped, so a
 * transcript is not penalised for where it puts spaces in a language that writes none.
 */
export function normalizeCharacters(text: string): string[] {
  return [...text.toLowerCase().normalize("NFKC").replace(/[^\p{L}\p{M}\p{N}]+/gu, "")];
}

/** Levenshtein distance between two sequences, one row at a time. */
function editDistance(ref: string[], hyp: string[]): number {
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const current = [i];
    for (let j = 1; j <= hyp.length; j++) {
      const substitution = previous[j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1);
    }
    previous = current;
  }
  return previous[hyp.length]!;
}

function errorRate(ref: string[], hyp: string[]): number {
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  return editDistance(ref, hyp) / ref.length;
}

/** Word error rate: (substitutions + deletions + insertions) / reference words, after normalisation. */
export function wordErrorRate(reference: string, hypothesis: string): number {
  return errorRate(normalizeWords(reference), normalizeWords(hypothesis));
}

/** Character error rate, the measure for languages written without spaces between words (Thai). */
export function characterErrorRate(reference: string, hypothesis: string): number {
  return errorRate(normalizeCharacters(reference), normalizeCharacters(hypothesis));
}
