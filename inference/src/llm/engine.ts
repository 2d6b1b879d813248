import { getLlama, LlamaChatSession, LlamaLogLevel, type Llama, type LlamaGrammar, type LlamaModel, type GbnfJsonSchema } from "node-llama-cpp";

export interface LlmConfig {
  modelPath: string;
  /** false = CPU only; "auto" picks CUDA/Vulkan when node-llama-cpp finds one. */
  gpu: false | "auto" | "cuda" | "vulkan";
  threads: number;
  contextSize: number;
}

export interface CompletionRequest {
  system: string;
  user: string;
  maxTokens: number;
  /** Constrains the output to JSON matching this schema (llama.cpp grammar). */
  jsonSchema?: GbnfJsonSchema;
  /** Sampling seed; the same seed and input give the same output. */
  seed?: number;
}

/** What the summariser needs from a language model. */
export interface LlmEngine {
  readonly description: string;
  readonly device: "cpu" | "cuda" | "vulkan" | "metal";
  readonly contextSize: number;
  countTokens(text: string): number;
  complete(request: CompletionRequest): Promise<string>;
  dispose(): Promise<void>;
}

export async function createLlamaEngine(config: LlmConfig): Promise<LlmEngine> {
  // build: "never": compiling is setup's job (scripts/llama-runtime.sh), never a request's.
  const llama: Llama = await getLlama({ gpu: config.gpu, build: "never", logLevel: LlamaLogLevel.error });
  const model: LlamaModel = await llama.loadModel({ modelPath: config.modelPath });
  const contextSize = Math.min(config.contextSize, model.trainContextSize);
  // One context, one sequence: requests are serialised (see `queue`), which is what a 2-core box can do anyway.
  // Threads must be set: see LLM_THREADS in config.ts for what the defaults cost on 2 cores.
  const context = await model.createContext({ contextSize, threads: config.threads });
  const sequence = context.getSequence();
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  let queue: Promise<unknown> = Promise.resolve();

  const grammarFor = (schema: GbnfJsonSchema) => {
    const key = JSON.stringify(schema);
    let grammar = grammars.get(key);
    if (!grammar) {
      grammar = llama.createGrammarForJsonSchema(schema as never) as Promise<LlamaGrammar>;
      grammars.set(key, grammar);
    }
    return grammar;
  };

  const run = async (request: CompletionRequest) => {
    await sequence.clearHistory();
    const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt: request.system, autoDisposeSequence: false });
    try {
      const grammar = request.jsonSchema ? await grammarFor(request.jsonSchema) : undefined;
      // Low temperature with a fixed seed: the same input gives the same summary (idempotent steps).
      return await session.prompt(request.user, { maxTokens: request.maxTokens, grammar, temperature: 0.2, seed: request.seed ?? 7, repeatPenalty: { penalty: 1.1 } });
    } finally {
      session.dispose({ disposeSequence: false });
    }
  };

  const modelName = config.modelPath.split("/").pop() ?? config.modelPath;
  return {
    description: `${modelName} (node-llama-cpp, ${llama.gpu || "cpu"}, ctx ${contextSize})`,
    device: llama.gpu || "cpu",
    contextSize,
    countTokens: (text) => model.tokenize(text).length,
    complete(request) {
      const result = queue.then(() => run(request));
      queue = result.catch(() => undefined);
      return result;
    },
    async dispose() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
