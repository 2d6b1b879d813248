/**
 * Embeds the built-in category exemplars into their cache file beside the embedding model (`make
 * models`), so that neither the sidecar's first book nor a test run waits the minute or two this takes
 * on a busy 2-core machine. Named by the model and the exemplars' text (analyse.ts exemplarCacheFile):
 * when the file is there this reads it back in milliseconds.
 */
import { loadConfig } from "../src/config.js";
import { createAnalyser } from "../src/embed/analyse.js";
import { createE5Embedder } from "../src/embed/engine.js";

const config = loadConfig();
const began = performance.now();
const embedder = await createE5Embedder({ dir: config.EMBED_MODEL_DIR, threads: config.EMBED_THREADS });
try {
  await createAnalyser(embedder, { cacheDir: config.EMBED_CACHE_DIR ?? config.EMBED_MODEL_DIR }).warm();
} finally {
  await embedder.dispose();
}
console.error(`exemplars: embedded or read back in ${((performance.now() - began) / 1000).toFixed(1)} s`);
