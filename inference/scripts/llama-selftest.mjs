// Runs node-llama-cpp's binary self-test without ever compiling.
// A file rather than `node -e`: the self-test forks a child with this
// process's exec arguments, and an `-e` script breaks that child.
import { getLlama } from "node-llama-cpp";

const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
console.log(`${llama.buildType} binary works (cpu cores: ${llama.cpuMathCores})`);
await llama.dispose();
