import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${import.meta.dirname}/` },
      // `server-only` throws outside React Server Components; tests run server code directly.
      { find: /^server-only$/, replacement: path.join(import.meta.dirname, "tests/helpers/server-only-stub.ts") },
    ],
  },
  test: {
    environment: "node",
    setupFiles: ["tests/helpers/test-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default on a 2-core machine is ONE worker (cores - 1). Many suites wait on the emulator's
    // latency, PostgreSQL and timers, so three share the 2 cores better: 346 s against 458 s for the
    // whole run here.
    maxWorkers: 3,
    projects: [
      // Unit and emulator suites share modules within a worker (no vi.mock, no environment changes):
      // importing the app's modules once per worker instead of once per file.
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts", "tests/emulator/**/*.test.ts"], isolate: false } },
      // Integration suites mock modules and set up their own databases: one fresh module graph per file.
      { extends: true, test: { name: "integration", include: ["tests/integration/**/*.test.ts"] } },
    ],
  },
});
