#!/usr/bin/env node
// `npm test`: typecheck, lint, vitest (unit + integration + emulator conformance), then Playwright
// end-to-end tests in real headless Chromium against a production build. Stops at the first failure.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findChromium } from "../tests/e2e/chromium.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function step(title, command, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${title} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${title} (${seconds}s)`);
}

const chromium = await findChromium({ install: true }).catch((err) => {
  console.error(err.message);
  process.exit(1);
});

step("Generate Prisma clients", process.execPath, [path.join(root, "scripts", "db.mjs"), "generate"]);
step("Typecheck", bin("tsc"), ["--noEmit", "-p", "."]);
step("Lint", bin("eslint"), ["--max-warnings", "0", "."]);
step("Unit and integration tests (vitest)", bin("vitest"), ["run"]);
step("Production build", bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
step("End-to-end tests (Playwright, headless Chromium)", bin("playwright"), ["test"], { CHROMIUM_PATH: chromium });
console.log("\nAll checks passed.");
