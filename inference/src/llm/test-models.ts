/**
 * The default models the text specs run against for real: the language model (on the CPU, a 4k
 * context) and the embedding model with its analyser, as the sidecar loads them from its config.
 */
import { loadConfig } from "../config.js";
import { createAnalyser, type Analyser } from "../embed/analyse.js";
import { createE5Embedder, type Embedder } from "../embed/engine.js";
import { createLlamaEngine, type LlmEngine } from "./engine.js";

export interface TextModels {
  llm: LlmEngine;
  embedder: Embedder;
  analyser: Analyser;
  dispose(): Promise<void>;
}

export async function loadTextModels(): Promise<TextModels> {
  const config = loadConfig();
  const llm = await createLlamaEngine({ modelPath: config.LLM_MODEL_PATH, gpu: false, threads: config.LLM_THREADS, contextSize: 4096 });
  const embedder = await createE5Embedder({ dir: config.EMBED_MODEL_DIR, threads: config.EMBED_THREADS });
  return {
    llm,
    embedder,
    analyser: createAnalyser(embedder, { cacheDir: config.EMBED_MODEL_DIR }),
    async dispose() {
      await llm.dispose();
      await embedder.dispose();
    },
  };
}
