import { readdirSync } from "node:fs";
import { join } from "node:path";
import sherpa, { type OfflineRecognizer } from "sherpa-onnx-node";
import { SAMPLE_RATE } from "./audio.js";
import type { AsrEngine, Segment } from "./engine.js";

export interface WhisperConfig {
  /** Directory with <name>-encoder.onnx, <name>-decoder.onnx, <name>-tokens.txt (sherpa-onnx layout). */
  modelDir: string;
  numThreads: number;
  provider: "cpu" | "cuda";
  /** ISO code such as "en"; empty means detect per chunk (multilingual models only). */
  language: string;
}

export interface WhisperFiles {
  encoder: string;
  decoder: string;
  tokens: string;
}

/** Finds the model files; prefers float weights over an .int8 variant when both are present. */
export function findWhisperFiles(modelDir: string): WhisperFiles {
  let names: string[];
  try {
    names = readdirSync(modelDir);
  } catch {
    throw new Error(`ASR model directory ${modelDir} does not exist: run \`make models\` or set ASR_MODEL_DIR`);
  }
  const pick = (suffix: string) => {
    const matches = names.filter((n) => n.endsWith(suffix)).sort((a, b) => Number(a.includes(".int8.")) - Number(b.includes(".int8.")));
    if (matches.length === 0) {
      throw new Error(`no *${suffix} in ${modelDir}: expected sherpa-onnx Whisper files (encoder.onnx, decoder.onnx, tokens.txt)`);
    }
    return join(modelDir, matches[0]!);
  };
  return { encoder: pick("encoder.onnx"), decoder: pick("decoder.onnx"), tokens: pick("tokens.txt") };
}

export async function createWhisperEngine(config: WhisperConfig): Promise<AsrEngine> {
  const files = findWhisperFiles(config.modelDir);
  const recognizerConfig = (language: string) => ({
    featConfig: { sampleRate: SAMPLE_RATE, featureDim: 80 },
    modelConfig: {
      // Whisper's own timestamp tokens split a chunk into phrases (segment_texts/timestamps).
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
    let recognizer = recognizers.get(language);
    if (!recognizer) {
      recognizer = sherpa.OfflineRecognizer.createAsync(recognizerConfig(language));
      recognizers.set(language, recognizer);
    }
    return recognizer;
  };
  await recognizerFor(config.language); // fail at start-up, not on the first job
  const modelName = files.encoder.split("/").pop()!.replace(/-?encoder(\.int8)?\.onnx$/, "") || "whisper";

  const decode = async (samples: Float32Array, language: string | undefined) => {
    const recognizer = await recognizerFor(language ?? config.language);
    const stream = recognizer.createStream();
    stream.acceptWaveform({ sampleRate: SAMPLE_RATE, samples });
    return recognizer.decodeAsync(stream);
  };

  return {
    description: `whisper ${modelName} (sherpa-onnx ${sherpa.version}, ${config.provider})`,
    async recognize(samples, options) {
      return (await decode(samples, options?.language)).text.trim();
    },
    async recognizeSegments(samples, options) {
      const result = await decode(samples, options?.language);
      const duration = samples.length / SAMPLE_RATE;
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
    },
  };
}
