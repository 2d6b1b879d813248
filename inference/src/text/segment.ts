/**
 * Words and sentences of a transcript in any language, with their offsets in the text. ICU's
 * segmenters (Intl.Segmenter) find Thai words with a dictionary, but Thai has no sentence
 * punctuation, so long "sentences" are cut again at spaces (where Thai speakers pause).
 */

export interface Span {
  start: number;
  end: number;
}

export interface Sentence extends Span {
  text: string;
}

/** A run without a break this long is not a word ICU knew (a script without a dictionary, a URL): cut it. */
const LONGEST_WORD = 24;
/** What a cut-up run counts as one word: about a Thai or Chinese word's length. */
const PSEUDO_WORD = 4;

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: "word" });
const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: "sentence" });
/**
 * V8 iterates the segments of one long string in time that grows with the square of its length
 * (100,000 characters: 3.4 s, in 5,000-character slices: 0.2 s), so a transcript is segmented in
 * slices cut after a sentence end or at least at a space.
 */
const SLICE = 5000;

function* segments(segmenter: Intl.Segmenter, text: string): Generator<{ segment: string; index: number; isWordLike?: boolean }> {
  for (let from = 0; from < text.length; ) {
    const to = sliceEnd(text, from);
    for (const s of segmenter.segment(text.slice(from, to))) yield { segment: s.segment, index: from + s.index, isWordLike: s.isWordLike };
    from = to;
  }
}

function sliceEnd(text: string, from: number): number {
  const limit = from + SLICE;
  if (limit >= text.length) return text.length;
  const window = text.slice(from + SLICE / 2, limit);
  const sentenceEnd = Math.max(...[". ", "! ", "? ", "\n"].map((mark) => window.lastIndexOf(mark)));
  if (sentenceEnd >= 0) return from + SLICE / 2 + sentenceEnd + 1;
  const space = window.search(/\s\S*$/);
  return space >= 0 ? from + SLICE / 2 + space + 1 : limit;
}

export function words(text: string): Span[] {
  const spans: Span[] = [];
  for (const s of segments(wordSegmenter, text)) {
    if (!s.isWordLike) continue;
    const step = s.segment.length > LONGEST_WORD ? PSEUDO_WORD : s.segment.length;
    for (let at = 0; at < s.segment.length; at += step) {
      spans.push({ start: s.index + at, end: s.index + Math.min(at + step, s.segment.length) });
    }
  }
  return spans;
}

export interface SentenceOptions {
  /** Shorter pieces ("Dr.", "Yes.", a Thai phrase) join the next one. */
  minChars?: number;
  /** Longer ones are cut at spaces, or at words when there are none. */
  maxChars?: number;
}

export function sentences(text: string, { minChars = 40, maxChars = 300 }: SentenceOptions = {}): Sentence[] {
  const pieces: Span[] = [];
  for (const s of segments(sentenceSegmenter, text)) {
    const span = trimmed(text, { start: s.index, end: s.index + s.segment.length });
    if (span.end - span.start <= maxChars) pushIfNotEmpty(pieces, span);
    else for (const part of cutLong(text, span, minChars, maxChars)) pushIfNotEmpty(pieces, part);
  }
  const merged: Span[] = [];
  let pending: Span | null = null;
  for (const piece of pieces) {
    const current: Span = pending ? { start: pending.start, end: piece.end } : piece;
    if (current.end - current.start < minChars) pending = current;
    else {
      merged.push(current);
      pending = null;
    }
  }
  if (pending) {
    const last = merged.at(-1);
    if (last && pending.end - last.start <= maxChars) last.end = pending.end;
    else merged.push(pending);
  }
  return merged.map((s) => ({ ...s, text: text.slice(s.start, s.end) }));
}

/** Cuts a long span at the first space after every minChars; a part with no space in maxChars is cut at words. */
function cutLong(text: string, span: Span, minChars: number, maxChars: number): Span[] {
  const parts: Span[] = [];
  let start = span.start;
  const gaps = /\s+/g;
  gaps.lastIndex = span.start;
  for (let m = gaps.exec(text); m && m.index < span.end; m = gaps.exec(text)) {
    if (m.index - start < minChars) continue;
    parts.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  if (span.end > start) parts.push({ start, end: span.end });
  return parts.flatMap((p) => (p.end - p.start > maxChars ? cutAtWords(text, p, maxChars) : [p]));
}

function cutAtWords(text: string, span: Span, maxChars: number): Span[] {
  const parts: Span[] = [];
  let start = span.start;
  for (const w of words(text.slice(span.start, span.end))) {
    const end = span.start + w.end;
    if (end - start > maxChars && span.start + w.start > start) {
      parts.push({ start, end: span.start + w.start });
      start = span.start + w.start;
    }
  }
  if (span.end > start) parts.push({ start, end: span.end });
  return parts;
}

function trimmed(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

function pushIfNotEmpty(list: Span[], span: Span) {
  if (span.end > span.start) list.push(span);
}
