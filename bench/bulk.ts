/**
 * Bulk benchmark (issue 11): 300 password resets as one bulk job under an Okta budget of 60 requests per
 * 3-second window (every bucket), with the emulator answering after a network latency; meanwhile a
 * technician opens a user's detail view (the page's Okta reads, interactive lane) every few seconds.
 * Reports the elapsed time against the theoretical minimum: the requests Okta had to serve in the job's
 * busiest bucket while it ran (the job's own and the technician's reads that share the bucket, 429s not
 * counted) at 60 per 3 s, the fewest seconds the budget allows for them; also the job's requests alone
 * and the write bucket alone. Then failed items, 429s that reached anyone (an item or the technician)
 * and the interactive p50 during the job against idle.
 *
 * The engine runs as in the console's server process: the job worker (lib/jobs/worker.ts) and the
 * interactive reads share the process's per-org budget (lib/okta/budget.ts); a SQLite database; the
 * emulator over HTTP. Runs in a child process (the console's modules need the react-server condition),
 * so it can be imported by bench/run.ts:  import { runBulkBench } from "./bulk.ts".
 * Alone: npx tsx bench/bulk.ts   (BENCH_BULK_ITEMS, BENCH_BULK_LATENCY_MS, BENCH_BULK_JSON=1)
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface BulkBenchOptions {
  /** Password resets in the job (default 300). */
  items?: number;
  /** The budget: requests per window in every bucket (default 60 per 3,000 ms). */
  limit?: number;
  windowMs?: number;
  /** Emulator latency per response (default 100 ms, as the pages benchmark). */
  latencyMs?: number;
  /** One interactive user-detail view this often during the job (default 3,000 ms). */
  interactiveEveryMs?: number;
  /** Idle views measured before the job (default 15). */
  idleSamples?: number;
}

export interface BulkBenchResult {
  items: number;
  budget: string;
  theoreticalMinS: number;
  elapsedS: number;
  failedItems: number;
  surfaced429: number;
  interactiveIdleP50Ms: number;
  interactiveDuringP50Ms: number;
  /** The bucket that bounds the job: the job's requests there (per item) and the technician's. */
  bottleneck: { bucket: string; requests: number; perItem: number; interactiveRequests: number };
  /** The job's own requests in that bucket alone, at the full budget (ignores the technician's share). */
  jobOnlyMinS: number;
  /** One request per item (the reset itself) at the full budget. */
  writeOnlyMinS: number;
  interactiveDuringSamples: number;
  /** 429s Okta (the emulator) answered to the bulk lane, all waited out and retried. */
  absorbed429: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");

/** Runs the benchmark in a child process (react-server condition) and returns its figures. */
export function runBulkBench(opts: BulkBenchOptions = {}): Promise<BulkBenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(here, "bulk.ts")], {
      cwd: root,
      env: { ...process.env, BENCH_BULK_CHILD: "1", BENCH_BULK_OPTIONS: JSON.stringify(opts) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BULK_RESULT "));
      if (code !== 0 || !line) return reject(new Error(`bulk bench failed (exit ${code})`));
      resolve(JSON.parse(line.slice("BULK_RESULT ".length)) as BulkBenchResult);
    });
  });
}

function p50(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The measurement itself (child process). */
async function measure(opts: BulkBenchOptions): Promise<BulkBenchResult> {
  const items = opts.items ?? Number(process.env.BENCH_BULK_ITEMS ?? 300);
  const limit = opts.limit ?? 60;
  const windowMs = opts.windowMs ?? 3_000;
  const latencyMs = opts.latencyMs ?? Number(process.env.BENCH_BULK_LATENCY_MS ?? 100);
  const everyMs = opts.interactiveEveryMs ?? 3_000;
  const idleSamples = opts.idleSamples ?? 15;

  const crypto = await import("node:crypto");
  const fs = await import("node:fs");
  const os = await import("node:os");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-bulk-"));
  const rnd = (n: number) => crypto.randomBytes(n).toString("base64");
  Object.assign(process.env, {
    NODE_ENV: "production",
    DATABASE_URL: `file:${path.join(dir, "bench.db")}`,
    CREDENTIAL_KEYS: `b1:${rnd(32)}`,
    AUDIT_KEYS: `a1:${rnd(32)}`,
    NEXTAUTH_SECRET: rnd(32),
    NEXTAUTH_URL: "http://localhost:3000",
    OKTA_ISSUER: "https://msp.example.com/oauth2/default",
    OKTA_CLIENT_ID: "console",
    OKTA_CLIENT_SECRET: "bench",
    ALLOW_LOCAL_ORG_URLS: "true",
  });

  const { startEmulator } = await import("../emulator/server.ts");
  const { buildCustomerOrg } = await import("../emulator/seeds/customer.ts");
  const { bucketFor } = await import("../emulator/ratelimit.ts");
  const { migrate } = await import("../lib/db/migrate.mjs");
  const { createDb } = await import("../lib/db/client.ts");
  const { env } = await import("../lib/env.ts");
  const { createTenant } = await import("../lib/tenants/service.ts");
  const { tenantCreateSchema } = await import("../lib/tenants/schemas.ts");
  const { oktaGatewayFor } = await import("../lib/okta/gateway.ts");
  const { userDetailSections } = await import("../lib/okta/users.ts");
  const { createJob, jobCounts } = await import("../lib/jobs/engine.ts");
  const { JobWorker } = await import("../lib/jobs/worker.ts");

  const ORG = "bulkbench";
  const seed = buildCustomerOrg({ slug: ORG, name: "Bulk Bench", kind: "bench", domain: "bulk.bench.example", users: items + 120, master: "OKTA", lean: true }, "bulkbench", Date.now());
  const org = seed.builder.org;
  const emu = await startEmulator({ port: 0, orgs: [org], latencyMs });
  emu.configure({ rateLimit: { windowMs, limit } });

  await migrate(env().DATABASE_URL, { quiet: true });
  const db = createDb(env().DATABASE_URL);
  const worker = new JobWorker({ db, pollMs: 200, firstPollMs: 0, log: false, ...(process.env.BENCH_BULK_CONCURRENCY ? { concurrency: Number(process.env.BENCH_BULK_CONCURRENCY) } : {}) });
  try {
    const tenant = await createTenant(
      tenantCreateSchema.parse({ name: "Bulk Bench", slug: ORG, orgUrl: emu.orgUrl(ORG), mastery: "okta", credentialType: "ssws", apiToken: seed.apiToken }),
      { db, keys: env().CREDENTIAL_KEYS, allowLocalOrgUrls: true },
    );
    const staff = await db.staffUser.create({ data: { email: "bench-tech@msp.example", name: "Bench Tech" } });
    await db.staffGrant.create({ data: { staffId: staff.id, role: "technician", tenantId: tenant.id } });

    // Plain people (no admin role, not a service account), all ACTIVE so a reset is allowed.
    const serviceGroupMembers = new Set<string>();
    for (const [gid, members] of org.memberships) if (/service/i.test(org.groups.get(gid)?.profile.name ?? "")) for (const m of members) serviceGroupMembers.add(m);
    const plain = [...org.users.values()].filter(
      (u) => !(org.roles.get(u.id) ?? []).length && !u.serviceAccount && !serviceGroupMembers.has(u.id) && !/service|integration/i.test(String(u.profile.userType ?? "") + u.profile.login),
    );
    if (plain.length < items + 1) throw new Error(`only ${plain.length} plain people in the seed`);
    const targets = plain.slice(0, items);
    for (const u of targets) {
      u.status = "ACTIVE";
      u.transitioningToStatus = null;
    }
    const reader = plain[items]!;

    // Interactive: the user detail page's Okta reads (one parallel wave), through the interactive lane.
    const interactive = await oktaGatewayFor({ id: tenant.id }, { db, keys: env().CREDENTIAL_KEYS });
    let interactive429 = 0;
    const view = async (): Promise<number> => {
      const t = performance.now();
      const s = userDetailSections(interactive, reader.id, { mastery: "okta" });
      const all = await Promise.all([s.user, s.groups, s.apps, s.factors, s.roles, s.events]);
      const ms = performance.now() - t;
      for (const r of all) if (!r.ok && (r as { status?: number }).status === 429) interactive429++;
      return ms;
    };
    await view(); // warm (connections, the credential)
    await sleep(windowMs); // a fresh window
    const idle: number[] = [];
    for (let i = 0; i < idleSamples; i++) {
      idle.push(await view());
      await sleep(250);
    }
    await sleep(windowMs + 100); // the job starts in a fresh window too

    const logStart = emu.requests(ORG).requests.length;
    const started = Date.now();
    const job = await createJob(
      db,
      {
        tenantId: tenant.id,
        kind: "bulk_user_action",
        title: `Reset password: ${items} users`,
        params: { action: "reset_password" },
        items: targets.map((u) => ({ label: u.profile.login, input: { userId: u.id, login: u.profile.login } })),
        createdBy: { staffId: staff.id, email: staff.email },
        ticketId: "BENCH-1",
      },
      { kick: false },
    );
    worker.start();
    const during: number[] = [];
    let finished: Date | null = null;
    let nextView = Date.now() + everyMs / 2;
    while (!finished) {
      if (Date.now() >= nextView) {
        during.push(await view());
        nextView += everyMs;
      }
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id }, select: { status: true, finishedAt: true } });
      if (row.status === "completed" || row.status === "failed" || row.status === "cancelled") finished = row.finishedAt ?? new Date();
      else await sleep(50);
    }
    const elapsedS = (finished.getTime() - started) / 1000;
    const counts = (await jobCounts(db, [job.id])).get(job.id)!;
    const failedRows = await db.jobItem.findMany({ where: { jobId: job.id, status: { not: "succeeded" } }, select: { error: true } });
    const item429 = failedRows.filter((r) => /rate limit|429/i.test(r.error ?? "")).length;

    // The job's own requests per emulator bucket (the reader's are the technician's); 429s are not work.
    const log = emu.requests(ORG).requests.slice(logStart);
    const finishedAt = finished.getTime();
    const perBucket = new Map<string, number>();
    const interactivePerBucket = new Map<string, number>();
    let absorbed429 = 0;
    for (const r of log) {
      if (r.status === 429) {
        if (!r.path.includes(reader.id)) absorbed429++;
        continue;
      }
      const b = bucketFor("workforce", r.method, r.path).name;
      const technician = r.path.includes(reader.id) || r.path.startsWith("/api/v1/logs");
      if (technician) {
        if (Date.parse(r.at) <= finishedAt) interactivePerBucket.set(b, (interactivePerBucket.get(b) ?? 0) + 1);
      } else perBucket.set(b, (perBucket.get(b) ?? 0) + 1);
    }
    if (process.env.BENCH_BULK_DEBUG) {
      const windows = new Map<number, Map<string, number>>();
      for (const r of log) {
        const w = Math.floor(Date.parse(r.at) / windowMs);
        const m = windows.get(w) ?? new Map<string, number>();
        const b = `${bucketFor("workforce", r.method, r.path).name}${r.status === 429 ? " 429" : ""}`;
        m.set(b, (m.get(b) ?? 0) + 1);
        windows.set(w, m);
      }
      for (const [w, m] of windows) console.error(w, JSON.stringify(Object.fromEntries(m)));
    }
    const [bucket, requests] = [...perBucket.entries()].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
    const interactiveRequests = interactivePerBucket.get(bucket) ?? 0;
    const windowS = windowMs / 1000;
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      items,
      budget: `${limit} requests / ${windowS} s per bucket`,
      theoreticalMinS: round(((requests + interactiveRequests) / limit) * windowS),
      jobOnlyMinS: round((requests / limit) * windowS),
      elapsedS: Math.round(elapsedS * 100) / 100,
      failedItems: counts.total - counts.succeeded,
      surfaced429: item429 + interactive429,
      interactiveIdleP50Ms: Math.round(p50(idle) * 10) / 10,
      interactiveDuringP50Ms: Math.round(p50(during) * 10) / 10,
      bottleneck: { bucket, requests, perItem: round(requests / items), interactiveRequests },
      writeOnlyMinS: Math.round((items / limit) * windowS * 100) / 100,
      interactiveDuringSamples: during.length,
      absorbed429,
    };
  } finally {
    await worker.stop({ abort: true });
    await emu.stop();
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function table(r: BulkBenchResult): string {
  const rows: Array<[string, string]> = [
    ["Items (password resets)", String(r.items)],
    ["Okta budget", r.budget],
    ["Busiest bucket", `${r.bottleneck.bucket}: ${r.bottleneck.requests} job requests (${r.bottleneck.perItem} per item) + ${r.bottleneck.interactiveRequests} technician reads`],
    ["Theoretical minimum", `${r.theoreticalMinS} s (the job's requests alone: ${r.jobOnlyMinS} s; one write per item alone: ${r.writeOnlyMinS} s)`],
    ["Elapsed", `${r.elapsedS} s (${(r.elapsedS / r.theoreticalMinS).toFixed(3)} x the minimum, ${(r.elapsedS / r.jobOnlyMinS).toFixed(3)} x the job-only one; target <= 1.10)`],
    ["Failed items", String(r.failedItems)],
    ["429s surfaced (items + technician)", `${r.surfaced429} (${r.absorbed429} absorbed by the bulk lane)`],
    ["Interactive user detail, idle p50", `${r.interactiveIdleP50Ms} ms`],
    ["Interactive user detail, during the job p50", `${r.interactiveDuringP50Ms} ms (${(r.interactiveDuringP50Ms / r.interactiveIdleP50Ms).toFixed(2)} x idle, ${r.interactiveDuringSamples} views; target <= 1.5)`],
  ];
  return ["| Bulk | |", "| --- | ---: |", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n");
}

const invokedPath = process.argv[1] ? pathToFileURL(path.resolve(process.argv[1])).href : "";
if (import.meta.url === invokedPath) {
  if (process.env.BENCH_BULK_CHILD) {
    measure(JSON.parse(process.env.BENCH_BULK_OPTIONS ?? "{}") as BulkBenchOptions)
      .then((r) => {
        process.stdout.write(`BULK_RESULT ${JSON.stringify(r)}\n`);
        process.exit(0);
      })
      .catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      });
  } else {
    runBulkBench()
      .then((r) => {
        console.log(process.env.BENCH_BULK_JSON ? JSON.stringify(r, null, 2) : table(r));
      })
      .catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      });
  }
}
