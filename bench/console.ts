/**
 * Console benchmark: the console's own Okta paths through the real gateway (official SDK) against the
 * emulator's demo orgs with a simulated network latency, plus the database paths every request or
 * action takes (grant resolution, audit append, chain verification) on SQLite.
 * Run: npm run bench (or npx tsx --conditions=react-server bench/console.ts)
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedOrgs, startEmulator } from "../emulator/index.ts";
import { appendAudit } from "../lib/audit/append.ts";
import { verifyAuditChain } from "../lib/audit/verify.ts";
import { createDb } from "../lib/db/client.ts";
import { migrate } from "../lib/db/migrate.mjs";
import { createOktaGateway } from "../lib/okta/gateway.ts";
import { orgFacts, orgUserCount } from "../lib/okta/org-overview.ts";
import { effectiveAccess } from "../lib/rbac/grants.ts";
import { testConnection } from "../lib/tenants/connection.ts";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const ITERATIONS = 15;

async function time<T>(fn: () => Promise<T>): Promise<number> {
  const s = performance.now();
  await fn();
  return performance.now() - s;
}

async function measure(name: string, fn: () => Promise<unknown>, iterations = ITERATIONS) {
  await fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) times.push(await time(fn));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p95 = times[Math.min(times.length - 1, Math.ceil(0.95 * times.length) - 1)]!;
  return { name, median, p95 };
}

async function main() {
  const rows: Array<{ name: string; median: number; p95: number }> = [];

  // ---- Okta paths (emulator with per-response latency, like a real org over the internet)
  const em = await startEmulator({ port: 0, orgs: seedOrgs("demo"), latencyMs: LATENCY_MS });
  const index = (await (await fetch(`${em.baseUrl}/__emulator/orgs`)).json()) as Array<{ slug: string; orgUrl: string; apiToken: string }>;
  const customers = index.filter((o) => o.slug !== "msp");
  const gateways = customers.map((o) => createOktaGateway({ tenantId: o.slug, orgUrl: o.orgUrl, credential: { type: "ssws", token: o.apiToken }, allowLocalOrgUrls: true }));
  const contoso = gateways[customers.findIndex((o) => o.slug === "contoso")]!;
  rows.push(await measure(`user count, 5,000-user org (1 request)`, () => orgUserCount(contoso)));
  rows.push(await measure(`org overview: settings + count in parallel`, () => orgFacts(contoso)));
  rows.push(
    await measure(`org overview if fetched one after the other`, async () => {
      await contoso.client.orgSettingApi.getOrgSettings();
      await orgUserCount(contoso);
    }),
  );
  rows.push(await measure(`dashboard: user counts of ${gateways.length} orgs in parallel`, () => Promise.all(gateways.map(orgUserCount))));
  const acme = customers.find((o) => o.slug === "acme")!;
  rows.push(await measure(`test connection (reachable, token, roles)`, () => testConnection({ allowLocalOrgUrls: true, orgUrl: acme.orgUrl, credential: { type: "ssws", token: acme.apiToken } })));
  await em.stop();

  // ---- Database paths (SQLite file, as the default install)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "msp-bench-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  await migrate(url, { quiet: true });
  const db = createDb(url);
  try {
    const tenants = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        db.tenant.create({ data: { slug: `org-${i}`, name: `Org ${i}`, orgUrl: `https://org-${i}.okta.com`, tags: { create: [{ tag: i % 2 ? "odd" : "even" }] } } }),
      ),
    );
    const staff = await db.staffUser.create({ data: { email: "bench@msp.test", name: "Bench" } });
    for (let t = 0; t < 20; t++) {
      const team = await db.team.create({
        data: { name: `Team ${t}`, role: t % 2 ? "helpdesk" : "technician", scopeType: t % 3 === 0 ? "tag" : "orgs", scopeTag: t % 3 === 0 ? "odd" : null },
      });
      await db.teamMember.create({ data: { teamId: team.id, staffId: staff.id } });
      if (t % 3 !== 0) await db.teamTenant.createMany({ data: tenants.slice(t * 5, t * 5 + 5).map((x) => ({ teamId: team.id, tenantId: x.id })) });
    }
    rows.push(await measure("grant resolution: 100 orgs, 20 teams", () => effectiveAccess(db, staff.id), 50));
    // The bench's own audit key (the app takes it from AUDIT_KEYS).
    const key = { id: "bench", key: crypto.randomBytes(32) };
    rows.push(
      await measure("audit append (keyed hash-chained row)", () => appendAudit(db, { action: "bench.append", outcome: "success", input: { n: crypto.randomUUID() } }, { key }), 200),
    );
    const extra = 5000 - (await db.auditEvent.count());
    for (let i = 0; i < extra; i++) await appendAudit(db, { action: "bench.fill", outcome: "success" }, { key });
    rows.push(await measure("audit chain verification, 5,000 rows", () => verifyAuditChain(db, { keys: [key] }), 5));
  } finally {
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  console.log(`\nConsole benchmark (emulator latency ${LATENCY_MS} ms per response; SQLite)\n`);
  console.log(`| case | median ms | p95 ms |\n| --- | ---: | ---: |`);
  for (const r of rows) console.log(`| ${r.name} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
