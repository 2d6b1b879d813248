import type { Config } from "../config.js";
import type { AsrEngine } from "../asr/engine.js";
import { createWhisperEngine } from "../asr/whisper.js";
import { createAnalyser, type Analyser } from "../embed/analyse.js";
import { createE5Embedder, type Embedder } from "../embed/engine.js";
import { createLlamaEngine, type LlmEngine } from "../llm/engine.js";
import { createOpenAiAsr, createOpenAiLlm, type OpenAiAsrEndpoint, type OpenAiChatEndpoint } from "./openai.js";

export type ProviderName = "local" | "openai";

interface Slot<T> {
  promise?: Promise<T>;
  engine?: T;
  error?: string;
}

/**
 * The engines a request can pick by provider name. Local models load once (eagerly at start by
 * default) and are shared by all requests; the OpenAI-compatible ones are plain HTTP clients.
 */
export function createProviders(config: Config) {
  const asr: Slot<AsrEngine> = {};
  const llm: Slot<LlmEngine> = {};
  const embed: Slot<Embedder> = {};
  let analyser: Promise<Analyser> | null = null;
  const llmBaseUrl = config.OPENAI_BASE_URL;
  const asrBaseUrl = config.OPENAI_ASR_BASE_URL ?? config.OPENAI_BASE_URL;
  const openaiLlm: OpenAiChatEndpoint | null = llmBaseUrl
    ? { baseUrl: llmBaseUrl, apiKey: config.OPENAI_API_KEY, model: config.OPENAI_LLM_MODEL, timeoutMs: config.OPENAI_TIMEOUT_MS, contextSize: config.OPENAI_CONTEXT_SIZE }
    : null;
  const openaiAsr: OpenAiAsrEndpoint | null = asrBaseUrl
    ? {
        baseUrl: asrBaseUrl,
        apiKey: config.OPENAI_ASR_API_KEY ?? config.OPENAI_API_KEY,
        model: config.OPENAI_ASR_MODEL,
        timeoutMs: config.OPENAI_TIMEOUT_MS,
        segments: config.OPENAI_ASR_SEGMENTS === "true",
      }
    : null;

  const load = <T>(slot: Slot<T>, create: () => Promise<T>): Promise<T> => {
    slot.promise ??= create().then(
      (engine) => {
        slot.engine = engine;
        return engine;
      },
      (e: Error) => {
        slot.error = e.message;
        slot.promise = undefined; // a later request tries again (e.g. after `make models`)
        throw e;
      },
    );
    return slot.promise;
  };
  const loadAsr = () =>
    load(asr, () =>
      createWhisperEngine({
        modelDir: config.ASR_MODEL_DIR,
        precision: config.ASR_PRECISION,
        numThreads: config.ASR_THREADS,
        provider: config.ASR_PROVIDER,
        language: config.ASR_LANGUAGE,
      }),
    );
  const loadLlm = () =>
    load(llm, () =>
      createLlamaEngine({
        modelPath: config.LLM_MODEL_PATH,
        gpu: config.LLM_GPU === "false" ? false : config.LLM_GPU,
        threads: config.LLM_THREADS,
        contextSize: config.LLM_CONTEXT_SIZE,
      }),
    );
  const loadEmbedder = () => load(embed, () => createE5Embedder({ dir: config.EMBED_MODEL_DIR, threads: config.EMBED_THREADS }));
  const loadAnalyser = (): Promise<Analyser> => {
    analyser ??= loadEmbedder().then(
      (embedder) => createAnalyser(embedder, { cacheDir: config.EMBED_CACHE_DIR ?? config.EMBED_MODEL_DIR }),
      (e: Error) => {
        analyser = null;
        throw e;
      },
    );
    return analyser;
  };
  const configured = <T>(endpoint: T | null, variable: string): T => {
    if (!endpoint) throw new Error(`provider "openai" is not configured for this: set ${variable} (and OPENAI_API_KEY if the server wants a key) on the sidecar`);
    return endpoint;
  };

  return {
    preload() {
      loadAsr().catch(() => {});
      loadLlm().catch(() => {});
      // The analyser embeds the built-in category exemplars once (or reads them back): not on the first book.
      loadAnalyser().then((a) => a.warm(), () => {});
    },
    /** The local embedding model's analysis (categories, key sentences), whichever provider writes the copy. */
    analyser: loadAnalyser,
    /** The languages a provider's model writes store copy in ("*": any). */
    writes(provider: ProviderName): readonly string[] | "*" {
      const list = provider === "openai" ? config.OPENAI_LLM_WRITES : config.LLM_WRITES;
      return list.trim() === "*" ? "*" : list.split(",").map((l) => l.trim()).filter(Boolean);
    },
    asr(provider: ProviderName): Promise<AsrEngine> {
      return provider === "openai" ? Promise.resolve(createOpenAiAsr(configured(openaiAsr, "OPENAI_ASR_BASE_URL or OPENAI_BASE_URL"))) : loadAsr();
    },
    llm(provider: ProviderName): Promise<LlmEngine> {
      return provider === "openai" ? Promise.resolve(createOpenAiLlm(configured(openaiLlm, "OPENAI_BASE_URL"))) : loadLlm();
    },
    status() {
      const describe = <T extends { description: string }>(slot: Slot<T>) => ({
        loaded: !!slot.engine,
        loading: !!slot.promise && !slot.engine,
        description: slot.engine?.description ?? null,
        error: slot.engine ? null : (slot.error ?? null),
      });
      return {
        models: { asr: describe(asr), llm: describe(llm), embed: describe(embed) },
        device: config.ASR_PROVIDER === "cuda" || (llm.engine && llm.engine.device !== "cpu") ? "cuda" : "cpu",
        providers: openaiAsr || openaiLlm ? ["local", "openai"] : ["local"],
      };
    },
    async dispose() {
      await llm.engine?.dispose();
      await embed.engine?.dispose();
    },
  };
}

export type Providers = ReturnType<typeof createProviders>;
