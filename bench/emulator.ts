/**
 * Emulator benchmark: a 100,000-user org served over HTTP, measured with raw fetch (warm).
 * Run: npx tsx bench/emulator.ts
 */
import { startEmulator } from "../emulator/server.ts";
import { buildFixtureOrg } from "../tests/emulator/fixtures.ts";

const USERS = 100_000;
const ITERATIONS = 50;
const WARMUP = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  let t = performance.now();
  const fx = buildFixtureOrg({ users: USERS, statusEvery: 25 });
  const buildMs = performance.now() - t;
  t = performance.now();
  const em = await startEmulator({ port: 0, orgs: [fx.org] });
  const startMs = performance.now() - t;
  const orgUrl = em.orgUrl(fx.org.slug);
  const headers = { Authorization: `SSWS ${fx.token}`, Accept: "application/json" };

  const get = async (path: string) => {
    const res = await fetch(`${orgUrl}${path}`, { headers });
    const body = (await res.json()) as unknown[];
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    return { body, link: res.headers.get("link") ?? "" };
  };

  // A deep cursor: the id ~90% of the way through the org.
  const deepAfter = [...fx.org.users.keys()].sort()[Math.floor(USERS * 0.9)]!;
  const cases: Array<[string, string]> = [
    ["users page 1 (limit=200)", "/api/v1/users?limit=200"],
    ["users deep cursor page (limit=200)", `/api/v1/users?limit=200&after=${deepAfter}`],
    ['search profile.lastName sw "Sm" (limit=200)', `/api/v1/users?limit=200&search=${encodeURIComponent('profile.lastName sw "Sm"')}`],
  ];

  const rows: Array<{ name: string; results: number; median: number; p95: number }> = [];
  for (const [name, path] of cases) {
    let results = 0;
    for (let i = 0; i < WARMUP; i++) results = (await get(path)).body.length;
    const times: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const s = performance.now();
      await get(path);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    rows.push({ name, results, median: percentile(times, 50), p95: percentile(times, 95) });
  }
  await em.stop();

  const mem = process.memoryUsage();
  console.log(`org: ${USERS.toLocaleString("en")} users built in ${buildMs.toFixed(0)} ms; server started in ${startMs.toFixed(0)} ms; heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  console.log(`${ITERATIONS} warm iterations each, over HTTP (raw fetch, keep-alive)\n`);
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`${"case".padEnd(w)}  results  median ms  p95 ms`);
  for (const r of rows) console.log(`${r.name.padEnd(w)}  ${String(r.results).padStart(7)}  ${r.median.toFixed(2).padStart(9)}  ${r.p95.toFixed(2).padStart(6)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
