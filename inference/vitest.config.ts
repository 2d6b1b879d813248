import { defineConfig } from "vitest/config";

// The sidecar is its own package: keep vitest from picking up the app's config above it.
export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ["src/**/*.spec.ts"],
    // Model tests load real weights and run real inference on a 2-core CPU.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    fileParallelism: false,
  },
});
