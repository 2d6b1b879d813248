import { readdirSync } from "node:fs";
import { join } from "node:path";
import sherpa, { type OfflineRecognizer } from "sherpa-onnx-node";
import { SAMPLE_RATE } from "./audio.js";
import type { AsrEngine, Segment } from "./engine.js";
import { isWhisperLanguage, joinSegments } from "./language.js";
import { maxPieceSeconds, padWithSilence, splitIntoPieces } from "./pieces.js";

/** Which weights to load: onnxruntime's dynamic int8 quantisation (`*.int8.onnx`) or the float32 graphs. */
export type WhisperPrecision = "int8" | "float32";

export interface WhisperConfig {
  /** Directory with <name>-encoder[.int8].onnx, <name>-decoder[.int8].onnx, <name>-tokens.txt (sherpa-onnx layout). */
  modelDir: string;
  precision: WhisperPrecision;
  numThreads: number;
  provider: "cpu" | "cuda";
  /** ISO code such as "en"; empty means detect once per recording (multilingual models only). */
  language: string;
}

export interface WhisperFiles {
  encoder: string;
  decoder: string;
  tokens: string;
}

/**
 * Finds the model files of the precision asked for (`*encoder.int8.onnx` or `*encoder.onnx`); never
 * loads the other precision silently, so a benchmark or a bug report names what really ran.
 */
export function findWhisperFiles(modelDir: string, precision: WhisperPrecision): WhisperFiles {
  let names: string[];
  try {
    names = readdirSync(modelDir);
  } catch {
    throw new Error(`ASR model directory ${modelDir} does not exist: run \`make models\` or set ASR_MODEL_DIR`);
  }
  const find = (suffix: string) => {
    const found = names.filter((n) => n.endsWith(suffix)).sort();
    if (found.length === 0) {
      const other = precision === "int8" ? "float32" : "int8";
      throw new Error(
        `no *${suffix} in ${modelDir}: run \`make models\` (it writes float32 and int8 weights), point ASR_MODEL_DIR at a ` +
          `sherpa-onnx Whisper export, or set ASR_PRECISION=${other} if the directory has only ${other} weights`,
      );
    }
    return join(modelDir, found[0]!);
  };
  const weights = precision === "int8" ? ".int8.onnx" : ".onnx";
  return { encoder: find(`encoder${weights}`), decoder: find(`decoder${weights}`), tokens: find("tokens.txt") };
}

type RecognizerResult = Awaited<ReturnType<OfflineRecognizer["decodeAsync"]>>;

/** A decoded chunk as phrase segments in seconds from its start: Whisper's timestamps, or the whole chunk as one. */
function segmentsOf(result: RecognizerResult, duration: number): Segment[] {
  const texts = result.segment_texts ?? [];
  if (texts.length === 0) {
    const text = result.text.trim();
    return text ? [{ start: 0, end: duration, text }] : [];
  }
  return texts.flatMap((raw, i): Segment[] => {
    const text = raw.trim();
    const start = Math.min(result.segment_timestamps?.[i] ?? 0, duration);
    const end = Math.min(start + (result.segment_durations?.[i] ?? 0), duration);
    return text ? [{ start, end, text }] : [];
  });
}

export async function createWhisperEngine(config: WhisperConfig): Promise<AsrEngine> {
  if (config.language && !isWhisperLanguage(config.language)) {
    throw new Error(`ASR_LANGUAGE=${config.language} is not a Whisper language: use an ISO code such as en or th, or leave it empty to detect`);
  }
  const files = findWhisperFiles(config.modelDir, config.precision);
  const recognizerConfig = (language: string) => ({
    featConfig: { sampleRate: SAMPLE_RATE, featureDim: 80 },
    modelConfig: {
      // Whisper's own timestamp tokens split a chunk into phrases (segment_texts/timestamps).
      // An empty language makes sherpa-onnx detect it from the chunk's first decoder step.
      whisper: { encoder: files.encoder, decoder: files.decoder, language, task: "transcribe", enableSegmentTimestamps: 1 },
      tokens: files.tokens,
      numThreads: config.numThreads,
      provider: config.provider,
      debug: 0,
    },
  });
  // One recogniser per language asked for: the language is part of sherpa's recogniser config.
  const recognizers = new Map<string, Promise<OfflineRecognizer>>();
  const recognizerFor = (language: string) => {
    // Checked here as well as at the edge: sherpa-onnx exits the process on a language it does not know.
    if (language && !isWhisperLanguage(language)) throw new Error(`"${language}" is not a Whisper language code`);
    let recognizer = recognizers.get(language);
    if (!recognizer) {
      recognizer = sherpa.OfflineRecognizer.createAsync(recognizerConfig(language));
      recognizers.set(language, recognizer);
    }
    return recognizer;
  };
  await recognizerFor(config.language); // fail at start-up, not on the first job
  const modelName = files.encoder.split("/").pop()!.replace(/-?encoder(\.int8)?\.onnx$/, "") || "whisper";

  const decode = async (samples: Float32Array, language: string) => {
    const recognizer = await recognizerFor(language);
    const stream = recognizer.createStream();
    stream.acceptWaveform({ sampleRate: SAMPLE_RATE, samples: padWithSilence(samples) });
    return recognizer.decodeAsync(stream);
  };
  /** A chunk's segments, decoded in pieces short enough for sherpa-onnx's token budget in this language. */
  const decodeSegments = async (samples: Float32Array, language: string): Promise<Segment[]> => {
    const segments: Segment[] = [];
    for (const piece of splitIntoPieces(samples, maxPieceSeconds(language))) {
      const found = segmentsOf(await decode(piece.samples, language), piece.samples.length / SAMPLE_RATE);
      segments.push(...found.map((s) => ({ start: s.start + piece.offset, end: s.end + piece.offset, text: s.text })));
    }
    return segments;
  };

  return {
    description: `whisper ${modelName} ${config.precision} (sherpa-onnx ${sherpa.version}, ${config.provider})`,
    defaultLanguage: config.language,
    async recognize(samples, options) {
      const language = options?.language ?? config.language;
      return joinSegments((await decodeSegments(samples, language)).map((s) => s.text), language);
    },
    async recognizeSegments(samples, options) {
      return decodeSegments(samples, options?.language ?? config.language);
    },
    async recognizeDetecting(samples) {
      const result = await decode(samples, "");
      // An English-only model detects nothing: sherpa leaves lang empty.
      const heard = result.lang ?? "";
      const language = isWhisperLanguage(heard) ? heard : null;
      // The detecting decode covered the whole chunk: fine unless the language needs shorter pieces.
      if (language && splitIntoPieces(samples, maxPieceSeconds(language)).length > 1) {
        return { language, segments: await decodeSegments(samples, language) };
      }
      return { language, segments: segmentsOf(result, samples.length / SAMPLE_RATE) };
    },
  };
}
