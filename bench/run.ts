/**
 * `npm run bench`: every benchmark, one after the other (each prints a Markdown table), then a summary
 * against issue 11's targets, written to bench/results.json:
 *
 *   { userDetail: { rttMs, p50Ms, p95Ms }, usersFirstPage: { orgUsers, rttMs, p50Ms },
 *     bulk: { items, budget, theoreticalMinS, elapsedS, failedItems, surfaced429, ... },
 *     crossOrgSearch: { orgs, latencyMs, p50Ms, p95Ms }, rssMb, firstLoadJsKb: { "<route>": kB } }
 *
 * The pages bench (bench/pages.ts) starts the emulator (with its latency) and the production console
 * (`next start` on its own build, .next-bench) and measures user detail, the first users page, the Log
 * Viewer and the cross-org search, sampling the console's RSS; first-load JS comes from that build's
 * manifests (bench/first-load.ts). The bulk-job bench is bench/bulk.ts when it exists: it exports
 * `runBulkBench(): Promise<object>` (it starts what it needs and returns the `bulk` entry); without it
 * `bulk` is left out and the summary says so. Nothing is made up: a part that did not run is absent.
 *
 * Switches (environment): BENCH_ONLY=emulator,console,pages,bulk (default all); the pages bench's own
 * (BENCH_PAGES_ITERATIONS, BENCH_LATENCY_MS, BENCH_PAGES_DIST_DIR, BENCH_PAGES_NICE, BENCH_PAGES_RT,
 * BENCH_PAGES_ONLY, BENCH_PAGES_NODE_ARGS) and the search's (BENCH_SEARCH_ORGS, BENCH_SEARCH_LATENCY_MS,
 * BENCH_SEARCH_ITERATIONS); BENCH_RESULTS=<file> instead of bench/results.json. A smoke run:
 * BENCH_ONLY=pages BENCH_PAGES_ITERATIONS=2 BENCH_SEARCH_ITERATIONS=2 npm run bench.
 * Speed is measured here, never in timed unit tests.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { firstLoadJsKb } from "./first-load.ts";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const only = new Set((process.env.BENCH_ONLY ?? "emulator,console,pages,bulk").split(",").map((s) => s.trim()).filter(Boolean));
const resultsFile = path.resolve(root, process.env.BENCH_RESULTS ?? "bench/results.json");
const distDir = process.env.BENCH_PAGES_DIST_DIR || ".next-bench";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "msp-bench-"));
const pagesResults = path.join(tmp, "pages.json");

const benches: Array<[string, string, string[]]> = [
  ["emulator", "Emulator (100,000-user org over HTTP)", ["bench/emulator.ts"]],
  // The console's server code imports `server-only`, which resolves to a no-op under react-server.
  ["console", "Console (gateway, grants, audit)", ["--conditions=react-server", "bench/console.ts"]],
  // Production build (.next-bench, cached) + next start + OIDC sign-in; pages timed with 100 ms per Okta
  // response, the cross-org search with 150 ms across 100 orgs.
  ["pages", "Pages (production server: user detail, users list, Log Viewer, cross-org search)", ["--conditions=react-server", "bench/pages.ts"]],
];
for (const [key, title, args] of benches) {
  if (!only.has(key)) continue;
  console.log(`\n### ${title}`);
  const result = spawnSync(tsx, args, { cwd: root, stdio: "inherit", env: { ...process.env, BENCH_PAGES_RESULTS: pagesResults } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

type Json = Record<string, unknown>;
const results: Json = {};
if (fs.existsSync(pagesResults)) Object.assign(results, JSON.parse(fs.readFileSync(pagesResults, "utf8")) as Json);

let bulkNote = "not run (BENCH_ONLY)";
if (only.has("bulk")) {
  const bulkFile = path.join(root, "bench", "bulk.ts");
  if (!fs.existsSync(bulkFile)) bulkNote = "left out: bench/bulk.ts (the bulk-job bench) does not exist yet";
  else {
    console.log("\n### Bulk jobs (bench/bulk.ts)");
    const mod = (await import(bulkFile)) as { runBulkBench?: () => Promise<Json> };
    if (typeof mod.runBulkBench !== "function") bulkNote = "left out: bench/bulk.ts exports no runBulkBench()";
    else {
      results.bulk = await mod.runBulkBench();
      bulkNote = "";
    }
  }
}

if (only.has("pages") && fs.existsSync(path.join(root, distDir, "build-manifest.json"))) results.firstLoadJsKb = firstLoadJsKb(distDir);

// ---------------------------------------------------------------------------------------------------
// Summary against issue 11's targets

interface Check {
  what: string;
  measured: string;
  target: string;
  pass: boolean | null;
}
const checks: Check[] = [];
const num = (v: unknown) => (typeof v === "number" ? v : undefined);
const o = (k: string) => (results[k] && typeof results[k] === "object" ? (results[k] as Json) : undefined);
const ud = o("userDetail");
if (ud) {
  const target = 1.3 * num(ud.rttMs)! + 20;
  checks.push({ what: "user detail p50", measured: `${num(ud.p50Ms)} ms (p95 ${num(ud.p95Ms)}; RTT ${num(ud.rttMs)})`, target: `<= 1.3 × RTT + 20 = ${target.toFixed(0)} ms`, pass: num(ud.p50Ms)! <= target });
}
const uf = o("usersFirstPage");
if (uf) {
  const target = num(uf.rttMs)! + 50;
  checks.push({ what: `first users page, ${Number(uf.orgUsers).toLocaleString("en")}-user org, p50`, measured: `${num(uf.p50Ms)} ms`, target: `<= RTT + 50 = ${target.toFixed(0)} ms`, pass: num(uf.p50Ms)! <= target });
}
const bulk = o("bulk");
if (bulk) {
  const ratio = num(bulk.elapsedS)! / num(bulk.theoreticalMinS)!;
  checks.push({
    what: `bulk: ${bulk.items} password resets, budget ${JSON.stringify(bulk.budget)}`,
    measured: `${num(bulk.elapsedS)} s (${ratio.toFixed(2)} × the minimum ${num(bulk.theoreticalMinS)} s), ${bulk.failedItems} failed, ${bulk.surfaced429} 429s surfaced`,
    target: "<= 1.10 × minimum, 0 failed, 0 429s",
    pass: ratio <= 1.1 && bulk.failedItems === 0 && bulk.surfaced429 === 0,
  });
} else checks.push({ what: "bulk jobs", measured: bulkNote, target: "<= 1.10 × minimum, 0 failed, 0 429s", pass: null });
const cs = o("crossOrgSearch");
if (cs) checks.push({ what: `cross-org search, ${cs.orgs} orgs at ${cs.latencyMs} ms`, measured: `p50 ${num(cs.p50Ms)} ms (p95 ${num(cs.p95Ms)})`, target: "p50 <= 800 ms", pass: num(cs.p50Ms)! <= 800 });
if (num(results.rssMb) !== undefined) checks.push({ what: "console RSS during the runs (largest sample)", measured: `${results.rssMb} MB`, target: "<= 300 MB", pass: num(results.rssMb)! <= 300 });
const fl = o("firstLoadJsKb") as Record<string, number> | undefined;
if (fl) {
  const over = Object.entries(fl).filter(([, kb]) => kb > 200);
  const max = Object.entries(fl).sort((a, b) => b[1] - a[1])[0];
  checks.push({
    what: `first-load JS, ${Object.keys(fl).length} pages (gzip)`,
    measured: `largest ${max ? `${max[1]} kB (\`${max[0]}\`)` : "-"}; ${over.length} over 200 kB`,
    target: "<= 200 kB per page",
    pass: over.length === 0,
  });
}

console.log(`\n### Summary (issue 11 targets); written to ${path.relative(root, resultsFile)}\n`);
console.log("| measure | measured | target | result |\n| --- | --- | --- | --- |");
for (const c of checks) console.log(`| ${c.what} | ${c.measured} | ${c.target} | ${c.pass === null ? "not measured" : c.pass ? "PASS" : "over"} |`);
if (fl) {
  console.log("\nFirst-load JS per page (kB, gzip):\n\n| page | kB |\n| --- | ---: |");
  for (const [route, kb] of Object.entries(fl)) console.log(`| \`${route}\` | ${kb.toFixed(1)}${kb > 200 ? " (over)" : ""} |`);
}
fs.writeFileSync(resultsFile, `${JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, 2)}\n`);
fs.rmSync(tmp, { recursive: true, force: true });
