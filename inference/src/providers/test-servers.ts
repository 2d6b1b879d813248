import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Starts the real OpenAI-compatible servers that scripts/provider-servers.sh installs, on loopback
 * ports of their own, for the provider tests. Each is a child process that is killed by stop().
 */
const inferenceDir = fileURLToPath(new URL("../../", import.meta.url));
export const serversDir = process.env.PROVIDER_SERVERS_DIR ?? `${inferenceDir}.cache/provider-servers`;
const venvBin = `${serversDir}/venv/bin`;
export const defaultGguf = `${inferenceDir}models/llm/SmolLM2-135M-Instruct.Q4_1.gguf`;

export interface RunningServer {
  /** With the /v1 prefix. */
  baseUrl: string;
  origin: string;
  /** The server's last lines of output, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function requireInstalled(path: string) {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`bash inference/scripts/provider-servers.sh\` (scripts/test.sh does) before these tests`);
}

async function start(name: string, command: string, args: string[], port: number, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const child: ChildProcess = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // A test run that dies before afterAll must not leave servers holding ports and cores.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => process.off("exit", killOnExit));
  const origin = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    baseUrl: `${origin}/v1`,
    origin,
    output: () => log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  // Loading a model takes seconds to a minute on a busy 2-core box; a crash ends the wait at once.
  const deadline = Date.now() + 120_000;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${name} exited (${exitCode}) before serving:\n${log}`);
    try {
      const res = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop();
  throw new Error(`${name} did not become healthy within 120 s:\n${log}`);
}

/** llama.cpp's server (llama-server, from the xllamacpp wheel) with a GGUF. */
export async function startLlamaServer(options: { apiKey?: string; ctxSize?: number; model?: string } = {}): Promise<RunningServer> {
  requireInstalled(`${venvBin}/python`);
  const port = await freePort();
  const args = [`${inferenceDir}scripts/llama_server.py`, "--model", options.model ?? defaultGguf, "--port", String(port), "--ctx-size", String(options.ctxSize ?? 4096)];
  if (options.apiKey) args.push("--api-key", options.apiKey);
  return start("llama-server", `${venvBin}/python`, args, port);
}

/**
 * faster-whisper-server with the CTranslate2 Whisper base; it has no API keys. Greedy decoding and
 * float32 like the local engine (faster-whisper defaults to a 5-beam search: 3-4x slower here).
 * The server picks the model by a `model_name` form field, not OpenAI's `model`; the provider sends
 * `model`, so requests get the server's default name, "whisper-1", which the config uses.
 */
export async function startWhisperServer(options: { threads?: number } = {}): Promise<RunningServer> {
  requireInstalled(`${venvBin}/faster-whisper-server`);
  requireInstalled(`${serversDir}/whisper-base-ct2/model.bin`);
  const port = await freePort();
  const config = join(mkdtempSync(join(tmpdir(), "earshelf-fws-")), "models.yaml");
  writeFileSync(
    config,
    JSON.stringify({
      models: [
        {
          name: "whisper-1",
          path: `${serversDir}/whisper-base-ct2`,
          // As with llama.cpp (LLM_THREADS): on a busy 2-core box 2 threads took 24 s for a 4 s sentence, 1 thread 7 s.
          model_options: { device: "cpu", compute_type: "float32", cpu_threads: options.threads ?? (availableParallelism() <= 2 ? 1 : availableParallelism() - 1) },
          transcribe_options: { beam_size: 1 },
        },
      ],
    }),
  );
  // HF_HUB_OFFLINE: the model is a local directory; a hub lookup would be a bug, so make it fail.
  return start("faster-whisper-server", `${venvBin}/faster-whisper-server`, ["--config", config, "--host", "127.0.0.1", "--port", String(port)], port, {
    HF_HUB_OFFLINE: "1",
  });
}
