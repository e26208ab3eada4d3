/**
 * `npm run bench`: every benchmark, one after the other (each prints a Markdown table).
 * Speed is measured here, never in timed unit tests.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const benches: Array<[string, string[]]> = [
  ["Emulator (100,000-user org over HTTP)", ["bench/emulator.ts"]],
  // The console's server code imports `server-only`, which resolves to a no-op under react-server.
  ["Console (gateway, grants, audit)", ["--conditions=react-server", "bench/console.ts"]],
  // Production build (.next-bench, cached) + next start + OIDC sign-in; pages timed with 100 ms per Okta response.
  ["Pages (production server, user detail and users list)", ["--conditions=react-server", "bench/pages.ts"]],
];
for (const [title, args] of benches) {
  console.log(`\n### ${title}`);
  const result = spawnSync(tsx, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
