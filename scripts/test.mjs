#!/usr/bin/env node
// `npm test`: typecheck, lint, vitest (unit + integration + emulator conformance), then Playwright
// end-to-end tests in real headless Chromium against a production build. Stops at the first failure.
import { spawn, spawnSync } from "node:child_process";
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

/**
 * Steps that each use one core and do not depend on each other, run at once; each one's output is
 * printed whole when it ends (never interleaved). Stops at the first failure, after all have ended.
 */
async function together(steps) {
  console.log(`\n▶ ${steps.map((s) => s.title).join(" + ")} (in parallel)`);
  const results = await Promise.all(
    steps.map(
      ({ title, command, args }) =>
        new Promise((resolve) => {
          const started = Date.now();
          const child = spawn(command, args, { cwd: root, env: process.env });
          const out = [];
          child.stdout.on("data", (d) => out.push(d));
          child.stderr.on("data", (d) => out.push(d));
          child.on("error", (err) => out.push(Buffer.from(`${err.message}\n`)));
          child.on("close", (code) => resolve({ title, code, output: Buffer.concat(out).toString(), seconds: ((Date.now() - started) / 1000).toFixed(1) }));
        }),
    ),
  );
  for (const r of results) {
    if (r.output.trim()) process.stdout.write(r.output.endsWith("\n") ? r.output : `${r.output}\n`);
    console.log(r.code === 0 ? `✔ ${r.title} (${r.seconds}s)` : `✖ ${r.title} failed after ${r.seconds}s`);
  }
  const failed = results.find((r) => r.code !== 0);
  if (failed) process.exit(failed.code ?? 1);
}

const chromium = await findChromium({ install: true }).catch((err) => {
  console.error(err.message);
  process.exit(1);
});

step("Generate Prisma clients", process.execPath, [path.join(root, "scripts", "db.mjs"), "generate"]);
await together([
  { title: "Typecheck", command: bin("tsc"), args: ["--noEmit", "-p", "."] },
  { title: "Lint", command: bin("eslint"), args: ["--max-warnings", "0", "."] },
]);
step("Unit and integration tests (vitest)", bin("vitest"), ["run"]);
step("Production build", bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
step("End-to-end tests (Playwright, headless Chromium)", bin("playwright"), ["test"], { CHROMIUM_PATH: chromium });
console.log("\nAll checks passed.");
