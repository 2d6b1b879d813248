/**
 * The languages a multilingual Whisper knows (its `<|xx|>` tokens, in vocabulary order), and how a
 * transcript in one of them is put together from its segments.
 *
 * sherpa-onnx ends the process (exit -1) when a recogniser is asked for a language the model has no
 * token for, so a request's language is checked against this list at the edge, never passed blind.
 */
export const WHISPER_LANGUAGES = [
  "en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar", "sv", "it", "id", "hi", "fi", "vi",
  "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no", "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk",
  "te", "fa", "lv", "bn", "sr", "az", "sl", "kn", "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw",
  "gl", "mr", "pa", "si", "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo",
  "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su",
] as const;

export type WhisperLanguage = (typeof WHISPER_LANGUAGES)[number];

export function isWhisperLanguage(code: string): code is WhisperLanguage {
  return (WHISPER_LANGUAGES as readonly string[]).includes(code);
}

/**
 * Scripts written without spaces between words: Thai, Lao, Khmer, Burmese, Tibetan, Chinese,
 * Japanese. Whisper's segments in these languages carry no leading space, and a space put between
 * two of them would split a word or a phrase.
 */
const WITHOUT_SPACES = new Set(["th", "lo", "km", "my", "bo", "zh", "ja"]);

export function writesWithoutSpaces(language: string | null | undefined): boolean {
  return language != null && WITHOUT_SPACES.has(language);
}

/** Segment texts (trimmed) joined into running text the way the language writes it. */
export function joinSegments(texts: string[], language: string | null | undefined): string {
  return texts
    .map((t) => t.trim())
    .filter(Boolean)
    .join(writesWithoutSpaces(language) ? "" : " ");
}
