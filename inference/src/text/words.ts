/**
 * Words of any language: ICU's word segmenter (Intl.Segmenter) splits Thai, which has no spaces
 * between words, as well as English. Punctuation and spaces are dropped.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: "word" });

export function words(text: string): string[] {
  const out: string[] = [];
  for (const part of segmenter.segment(text)) if (part.isWordLike) out.push(part.segment);
  return out;
}

export function countWords(text: string): number {
  return words(text).length;
}
