// Jobs across processes: the worker runs in a child process (tests/helpers/job-worker-process.ts), is
// killed with SIGKILL in the middle of a job, and another one finishes it: every item done exactly once
// (the emulator's request log has one applied suspend per user; one audit row per item). On PostgreSQL
// two instances share one job (FOR UPDATE SKIP LOCKED claims) with none done twice.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import type { OrgState, UserRecord } from "../../emulator/model";
import { env } from "@/lib/env";
import { createJob, jobCounts } from "@/lib/jobs/engine";
import { tenantCreateSchema } from "@/lib/tenants/schemas";
import { createTenant } from "@/lib/tenants/service";
import { takePlainActive } from "../helpers/plain-people";
import { describeDatabases } from "../helpers/test-db";

process.env.ALLOW_LOCAL_ORG_URLS = "true";

const ORG = "jobs-restart";
const root = path.resolve(import.meta.dirname, "../..");
let emu: RunningEmulator;
let token = "";

beforeAll(async () => {
  const seed = buildCustomerOrg({ slug: ORG, name: "Jobs Restart", kind: "test", domain: "restart.jobs.example", users: 260, master: "OKTA", lean: true }, "jobsr", Date.now());
  // Okta's workforce limits and a real network's latency: a job of 40 takes a couple of seconds.
  emu = await startEmulator({ port: 0, orgs: [seed.builder.org], latencyMs: 120 });
  token = seed.apiToken;
});
afterAll(async () => emu?.stop());

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

const org = (): OrgState => emu.org(ORG) as unknown as OrgState;
const used = new Set<string>();
const plainActive = (n: number): UserRecord[] => takePlainActive(org(), used, n);

function appliedSuspends(): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of emu.requests(ORG).requests) {
    const m = /^\/api\/v1\/users\/([^/]+)\/lifecycle\/suspend$/.exec(r.path);
    if (r.method === "POST" && m && r.status < 300) out.set(m[1]!, (out.get(m[1]!) ?? 0) + 1);
  }
  return out;
}

function startWorker(databaseUrl: string, instanceId: string): Promise<ChildProcess> {
  // node itself (tsx as a loader), so SIGKILL hits the worker and not a wrapper around it.
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "tests/helpers/job-worker-process.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, JOB_INSTANCE_ID: instanceId, JOB_LEASE_MS: "3000", NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("exit", (code, signal) => {
      if (signal !== "SIGKILL") exited.push(`worker ${instanceId} exited by itself (${code ?? signal})`);
      reject(new Error(`worker ${instanceId} exited (${code ?? signal})`));
    });
    child.stdout!.on("data", (b: Buffer) => {
      if (b.toString().includes("ready")) resolve(child);
    });
  });
}

/** Workers that ended without being killed by the test (a worker must run until it is killed). */
const exited: string[] = [];

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string, describeState?: () => Promise<string>): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (exited.length) throw new Error(`${exited.join("; ")} while waiting for ${what}`);
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}${describeState ? `: ${await describeState()}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeDatabases("bulk jobs across processes", (getDb, database) => {
  let tenantId = "";
  let creator = { staffId: "", email: "" };

  beforeAll(async () => {
    const db = getDb();
    const input = tenantCreateSchema.parse({ name: "Jobs Restart", slug: `${ORG}-${randomBytes(2).toString("hex")}`, orgUrl: emu.orgUrl(ORG), mastery: "okta", credentialType: "ssws", apiToken: token });
    tenantId = (await createTenant(input, { db, keys: env().CREDENTIAL_KEYS, allowLocalOrgUrls: true })).id;
    const s = await db.staffUser.create({ data: { email: `tech-${randomBytes(3).toString("hex")}@msp.example`, name: "Tech" } });
    await db.staffGrant.create({ data: { staffId: s.id, role: "technician", tenantId } });
    creator = { staffId: s.id, email: s.email ?? "" };
  });

  async function suspendJob(people: UserRecord[]) {
    return createJob(
      getDb(),
      {
        tenantId,
        kind: "bulk_user_action",
        title: `Suspend ${people.length}`,
        params: { action: "suspend" },
        items: people.map((u) => ({ label: u.profile.login, input: { userId: u.id, login: u.profile.login } })),
        createdBy: creator,
      },
      { kick: false },
    );
  }

  /** What a stalled job looks like (a timeout's message): its status and its unfinished items. */
  async function jobState(jobId: string): Promise<string> {
    const job = await getDb().job.findUniqueOrThrow({ where: { id: jobId } });
    const open = await getDb().jobItem.findMany({ where: { jobId, status: { in: ["pending", "running"] } }, orderBy: { seq: "asc" } });
    return `job ${job.status}; ${open.length} open: ${open.map((i) => `#${i.seq} ${i.status} by ${i.claimedBy} lease ${i.leaseUntil?.toISOString()} attempts ${i.attempts}`).join("; ")} (now ${new Date().toISOString()})`;
  }

  const counts = async (jobId: string) => (await jobCounts(getDb(), [jobId])).get(jobId)!;

  async function expectExactlyOnce(jobId: string, people: UserRecord[]) {
    const c = await counts(jobId);
    expect(c).toMatchObject({ total: people.length, succeeded: people.length, failed: 0 });
    const applied = appliedSuspends();
    for (const u of people) expect(applied.get(u.id) ?? 0).toBe(1);
    const rows = await getDb().auditEvent.findMany({ where: { action: "job.bulk_user_action.item", targetId: { in: people.map((u) => u.id) } } });
    expect(rows).toHaveLength(people.length);
    expect(new Set(rows.map((r) => r.targetId)).size).toBe(people.length);
  }

  it("a worker killed with SIGKILL mid-job: another finishes it, every item done exactly once", async () => {
    const people = plainActive(40);
    const job = await suspendJob(people);
    const first = await startWorker(database.url(), "instance-a");
    await until(async () => (await counts(job.id)).succeeded >= 6, 30_000, "the first items");
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const c = await counts(job.id);
    expect(c.succeeded).toBeLessThan(40);
    // A second instance takes over (items the first had claimed, once their leases expire).
    await startWorker(database.url(), "instance-b");
    await until(async () => (await getDb().job.findUniqueOrThrow({ where: { id: job.id } })).status === "completed", 90_000, "the job to complete", () => jobState(job.id));
    await expectExactlyOnce(job.id, people);
    const items = await getDb().jobItem.findMany({ where: { jobId: job.id } });
    expect(items.some((i) => i.claimedBy === "instance-b")).toBe(true);
  }, 180_000);

  it.runIf(database.provider === "postgresql")("two instances share one job; none done twice", async () => {
    const people = plainActive(60);
    const job = await suspendJob(people);
    await Promise.all([startWorker(database.url(), "instance-c"), startWorker(database.url(), "instance-d")]);
    await until(async () => (await getDb().job.findUniqueOrThrow({ where: { id: job.id } })).status === "completed", 60_000, "the job to complete");
    await expectExactlyOnce(job.id, people);
    const items = await getDb().jobItem.findMany({ where: { jobId: job.id } });
    expect(new Set(items.map((i) => i.claimedBy))).toEqual(new Set(["instance-c", "instance-d"]));
    expect(items.every((i) => i.attempts === 1)).toBe(true);
  }, 180_000);
});
