// The bulk-job engine against the emulator under its `test` rate-limit profile (10 requests per bucket
// per 2-second window): a job runs to completion through 429s, 500s, 503s and a hung request without
// losing or duplicating an item (the emulator's request log has exactly one applied write per user);
// interactive reads of the same org keep being served while the job saturates the buckets; per-item
// guards (Help Desk on an Okta admin) and audit rows; cancellation stops the job.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import type { OrgState, UserRecord } from "../../emulator/model";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createJob, jobCounts, requestJobCancel } from "@/lib/jobs/engine";
import { JobWorker } from "@/lib/jobs/worker";
import { orgBudget } from "@/lib/okta/budget";
import { createOktaGateway, oktaGatewayFor } from "@/lib/okta/gateway";
import { getUserDetail } from "@/lib/okta/users";
import { staffDisplayEmail } from "@/lib/staff/display";
import { tenantCreateSchema } from "@/lib/tenants/schemas";
import { createTenant } from "@/lib/tenants/service";
import { takePlainActive } from "../helpers/plain-people";
import { describeDatabases } from "../helpers/test-db";

process.env.ALLOW_LOCAL_ORG_URLS = "true";

const ORG = "jobs-acme";
let emu: RunningEmulator;
let token = "";

beforeAll(async () => {
  const acme = buildCustomerOrg({ slug: ORG, name: "Jobs Acme", kind: "test", domain: "acme.jobs.example", users: 140, master: "OKTA", lean: true }, "jobs", Date.now());
  emu = await startEmulator({ port: 0, orgs: [acme.builder.org], rateLimitProfile: "test" });
  token = acme.apiToken;
});
afterAll(async () => emu?.stop());

const org = (): OrgState => emu.org(ORG) as unknown as OrgState;
const used = new Set<string>();

const plainActive = (n: number): UserRecord[] => takePlainActive(org(), used, n);

function oktaAdmin(): UserRecord {
  const o = org();
  const u = [...o.users.values()].find((x) => (o.roles.get(x.id) ?? []).length > 0 && !x.serviceAccount && x.status === "ACTIVE");
  if (!u) throw new Error("no admin");
  return u;
}

/** Applied (2xx) writes of `method` whose path ends with `suffix`, per user id. */
function appliedWrites(method: string, suffix: RegExp): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of emu.requests(ORG).requests) {
    if (r.method !== method || r.status >= 300) continue;
    const m = /^\/api\/v1\/users\/([^/]+)(\/.*)?$/.exec(r.path);
    if (!m || !suffix.test(m[2] ?? "")) continue;
    out.set(m[1]!, (out.get(m[1]!) ?? 0) + 1);
  }
  return out;
}

describeDatabases("bulk jobs", (getDb) => {
  let tenantId = "";
  const staff: Record<"technician" | "helpdesk", { staffId: string; email: string }> = {} as never;
  let worker: JobWorker;

  beforeAll(async () => {
    const db = getDb();
    const input = tenantCreateSchema.parse({ name: "Jobs Acme", slug: `${ORG}-${randomBytes(2).toString("hex")}`, orgUrl: emu.orgUrl(ORG), mastery: "okta", credentialType: "ssws", apiToken: token });
    tenantId = (await createTenant(input, { db, keys: env().CREDENTIAL_KEYS, allowLocalOrgUrls: true })).id;
    for (const role of ["technician", "helpdesk"] as const) {
      const s = await db.staffUser.create({ data: { email: `${role}-${randomBytes(3).toString("hex")}@msp.example`, name: role } });
      await db.staffGrant.create({ data: { staffId: s.id, role, tenantId } });
      staff[role] = { staffId: s.id, email: staffDisplayEmail(s) };
    }
    worker = new JobWorker({
      db,
      instanceId: `test-${randomBytes(2).toString("hex")}`,
      leaseMs: 10_000,
      pollMs: 100,
      firstPollMs: 0,
      log: false,
      gatewayFor: (id: string, d: Db) => oktaGatewayFor({ id }, { db: d, keys: env().CREDENTIAL_KEYS, lane: "bulk" }),
    });
  });
  afterAll(async () => worker?.stop({ abort: true }));
  beforeEach(() => {
    emu.clearFaults();
  });

  async function runToEnd(jobId: string, timeoutMs = 60_000) {
    worker.start();
    const started = Date.now();
    for (;;) {
      const job = await getDb().job.findUniqueOrThrow({ where: { id: jobId } });
      if (["completed", "cancelled", "failed"].includes(job.status)) return job;
      if (Date.now() - started > timeoutMs) throw new Error(`job ${jobId} still ${job.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it("runs every item exactly once through 429 / 500 / 503 / hang faults, interactive reads served meanwhile", async () => {
    const people = plainActive(12);
    const since = emu.requests(ORG).requests.length;
    // Faults on the guard's reads (retried: reads) and on the writes (429: waited out, never surfaced).
    emu.addFault({ org: ORG, method: "POST", pathPattern: "/lifecycle/suspend", status: 429, count: 3 });
    const ofJob = `(${people.map((u) => u.id).join("|")})`;
    emu.addFault({ org: ORG, method: "GET", pathPattern: `^/api/v1/users/${ofJob}/roles$`, status: 500, count: 2 });
    emu.addFault({ org: ORG, method: "GET", pathPattern: `^/api/v1/users/${ofJob}$`, status: 503, count: 2 });
    emu.addFault({ org: ORG, method: "GET", pathPattern: `^/api/v1/users/${ofJob}/groups$`, hangMs: 700, count: 1 });
    const job = await createJob(getDb(), {
      tenantId,
      kind: "bulk_user_action",
      title: "Suspend 12 users",
      params: { action: "suspend" },
      items: people.map((u) => ({ label: u.profile.login, input: { userId: u.id, login: u.profile.login } })),
      createdBy: staff.technician,
      ticketId: "INC-42",
    });
    expect(job.status).toBe("queued");

    // Interactive reads of someone else while the job runs (the budget's interactive lane).
    const interactive = await oktaGatewayFor({ id: tenantId }, { db: getDb(), keys: env().CREDENTIAL_KEYS });
    const reader = plainActive(1)[0]!;
    const waits: number[] = [];
    let stop = false;
    const reads = (async () => {
      while (!stop) {
        const t = Date.now();
        const u = await getUserDetail(interactive, reader.id, "okta");
        expect(u?.id).toBe(reader.id);
        waits.push(Date.now() - t);
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const done = await runToEnd(job.id);
    stop = true;
    await reads;

    expect(done.status).toBe("completed");
    const counts = (await jobCounts(getDb(), [job.id])).get(job.id)!;
    expect(counts).toMatchObject({ total: 12, succeeded: 12, failed: 0, pending: 0, running: 0 });
    // Exactly one applied suspend per user; the 429s were answered but not applied.
    const applied = appliedWrites("POST", /^\/lifecycle\/suspend$/);
    for (const u of people) expect(applied.get(u.id)).toBe(1);
    const log = emu.requests(ORG).requests.slice(since);
    expect(log.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(3);
    for (const u of people) expect(org().users.get(u.id)?.status).toBe("SUSPENDED");
    // Every interactive read succeeded, none waited out a window.
    expect(waits.length).toBeGreaterThan(3);
    expect(Math.max(...waits)).toBeLessThan(1_900);
    // One audit row per item: the creator, the ticket, Okta's request ids.
    const rows = await getDb().auditEvent.findMany({ where: { action: "job.bulk_user_action.item", ticketId: "INC-42" } });
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      expect(row).toMatchObject({ outcome: "success", staffId: staff.technician.staffId, tenantId, targetType: "user" });
      expect((JSON.parse(row.oktaRequestIds) as string[]).length).toBeGreaterThanOrEqual(4);
    }
    expect(orgBudget(emu.orgUrl(ORG)).stats.bulkWaits).toBeGreaterThan(0);
  }, 90_000);

  it("a read that hangs past its timeout is sent again (bulk reads retry); the item is done once", async () => {
    const people = plainActive(2);
    // A worker whose gateway gives up on an answer after 400 ms.
    const quick = new JobWorker({
      db: getDb(),
      instanceId: `quick-${randomBytes(2).toString("hex")}`,
      pollMs: 100,
      firstPollMs: 0,
      log: false,
      gatewayFor: async (id: string) =>
        createOktaGateway({ tenantId: id, orgUrl: emu.orgUrl(ORG), credential: { type: "ssws", token }, allowLocalOrgUrls: true, lane: "bulk", executorOptions: { attemptTimeoutMs: 400, maxRetries: 2, maxRetryDelayMs: 10_000 } }),
    });
    emu.addFault({ org: ORG, method: "GET", pathPattern: `^/api/v1/users/${people[0]!.id}$`, hangMs: 1_200, count: 1 });
    const job = await createJob(getDb(), {
      tenantId,
      kind: "bulk_user_action",
      title: "Clear sessions (hang)",
      params: { action: "clear_sessions" },
      items: people.map((u) => ({ label: u.profile.login, input: { userId: u.id } })),
      createdBy: staff.technician,
    }, { kick: false });
    quick.start();
    try {
      for (let i = 0; ; i++) {
        const row = await getDb().job.findUniqueOrThrow({ where: { id: job.id } });
        if (row.status === "completed") break;
        if (i > 300) throw new Error(`job still ${row.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await quick.stop();
    }
    const c = (await jobCounts(getDb(), [job.id])).get(job.id)!;
    expect(c).toMatchObject({ succeeded: 2, failed: 0 });
    for (const u of people) expect(appliedWrites("DELETE", /^\/sessions$/).get(u.id)).toBe(1);
    // The hang was applied (the fault is used up: the first send hung past the 400 ms attempt timeout)
    // and the user was still read: so the read was sent again. (Whether the emulator also logs the hung
    // send depends on when it notices the client gave up, so it is not counted.)
    const faults = (await (await fetch(`${emu.baseUrl}/__emulator/faults`)).json()) as Array<{ pathPattern: string }>;
    expect(faults.filter((f) => f.pathPattern.includes(people[0]!.id))).toEqual([]);
    expect(emu.requests(ORG).requests.filter((r) => r.method === "GET" && r.path === `/api/v1/users/${people[0]!.id}` && r.status === 200).length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("applies the privileged-target guard per item (Help Desk never on an Okta admin)", async () => {
    const people = plainActive(2);
    const admin = oktaAdmin();
    const job = await createJob(getDb(), {
      tenantId,
      kind: "bulk_user_action",
      title: "Clear sessions",
      params: { action: "clear_sessions" },
      items: [...people, admin].map((u) => ({ label: u.profile.login, input: { userId: u.id } })),
      createdBy: staff.helpdesk,
    });
    const before = appliedWrites("DELETE", /^\/sessions$/).get(admin.id) ?? 0;
    expect((await runToEnd(job.id)).status).toBe("completed");
    const items = await getDb().jobItem.findMany({ where: { jobId: job.id }, orderBy: { seq: "asc" } });
    expect(items.map((i) => i.status)).toEqual(["succeeded", "succeeded", "failed"]);
    expect(items[2]!.error).toMatch(/Okta admin role/);
    expect(appliedWrites("DELETE", /^\/sessions$/).get(admin.id) ?? 0).toBe(before);
    const denied = await getDb().auditEvent.findFirst({ where: { action: "job.bulk_user_action.item", targetId: admin.id, outcome: "denied" } });
    expect(denied).toMatchObject({ staffId: staff.helpdesk.staffId, errorCode: "privileged_target" });
  }, 60_000);

  it("never changes a service account's groups in bulk, even for a Technician", async () => {
    const [person] = plainActive(1);
    const o = org();
    const service = [...o.users.values()].find((u) => u.status === "ACTIVE" && (u.serviceAccount || /integration/i.test(u.profile.login)))!;
    expect(service, "the seed has a service account").toBeTruthy();
    const group = [...o.groups.values()].find((g) => g.type === "OKTA_GROUP" && !/admin|service|everyone/i.test(g.profile.name))!;
    const job = await createJob(getDb(), {
      tenantId,
      kind: "bulk_user_action",
      title: "Add to group",
      params: { action: "add_to_group", groupId: group.id },
      items: [person!, service].map((u) => ({ label: u.profile.login, input: { userId: u.id } })),
      createdBy: staff.technician,
    });
    expect((await runToEnd(job.id)).status).toBe("completed");
    const items = await getDb().jobItem.findMany({ where: { jobId: job.id }, orderBy: { seq: "asc" } });
    expect(items.map((i) => i.status)).toEqual(["succeeded", "failed"]);
    expect(items[1]!.error).toMatch(/is a service account: bulk jobs never change service accounts/);
    expect(o.memberships.get(group.id)?.has(service.id) ?? false).toBe(false);
    expect(o.memberships.get(group.id)?.has(person!.id)).toBe(true);
  }, 60_000);

  it("refuses invalid items before anything is written, and a creator without the permission", async () => {
    await expect(
      createJob(getDb(), { tenantId, kind: "bulk_user_action", title: "x", params: { action: "add_to_group" }, items: [{ label: "a", input: { userId: "00u1" } }], createdBy: staff.technician }),
    ).rejects.toThrow(/settings are not valid/);
    await expect(
      createJob(getDb(), { tenantId, kind: "bulk_user_action", title: "x", params: { action: "suspend" }, items: [{ label: "a", input: { userId: "not an id!" } }], createdBy: staff.technician }),
    ).rejects.toThrow(/Item 1/);
    // Help Desk may not suspend: the item fails at run time, audited as denied, no Okta write.
    const [p] = plainActive(1);
    const job = await createJob(getDb(), { tenantId, kind: "bulk_user_action", title: "x", params: { action: "suspend" }, items: [{ label: "a", input: { userId: p!.id } }], createdBy: staff.helpdesk });
    expect((await runToEnd(job.id)).status).toBe("completed");
    const item = await getDb().jobItem.findFirstOrThrow({ where: { jobId: job.id } });
    expect(item).toMatchObject({ status: "failed" });
    expect(applied(p!.id)).toBe(0);
    function applied(id: string) {
      return appliedWrites("POST", /^\/lifecycle\/suspend$/).get(id) ?? 0;
    }
  }, 30_000);

  it("cancels: pending items are cancelled, nothing more is sent, the job ends cancelled", async () => {
    const people = plainActive(30);
    const job = await createJob(getDb(), {
      tenantId,
      kind: "bulk_user_action",
      title: "Reset MFA",
      params: { action: "reset_mfa" },
      items: people.map((u) => ({ label: u.profile.login, input: { userId: u.id } })),
      createdBy: staff.technician,
    });
    worker.start();
    for (;;) {
      const c = (await jobCounts(getDb(), [job.id])).get(job.id)!;
      if (c.succeeded >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await requestJobCancel(getDb(), job.id, tenantId);
    worker.abort(job.id);
    const done = await runToEnd(job.id);
    expect(done.status).toBe("cancelled");
    const c = (await jobCounts(getDb(), [job.id])).get(job.id)!;
    expect(c.pending + c.running).toBe(0);
    expect(c.cancelled).toBeGreaterThan(10);
    const applied = appliedWrites("POST", /^\/lifecycle\/reset_factors$/);
    const sent = people.filter((u) => applied.has(u.id)).length;
    expect(sent).toBe(c.succeeded);
    // Nothing is sent after the job ended.
    const n = emu.requests(ORG).count;
    await new Promise((r) => setTimeout(r, 500));
    expect(emu.requests(ORG).count).toBe(n);
  }, 60_000);

  it("starts a scheduled job at its time, not before", async () => {
    const [p] = plainActive(1);
    const job = await createJob(getDb(), {
      tenantId,
      kind: "bulk_user_action",
      title: "Later",
      params: { action: "clear_sessions" },
      items: [{ label: "a", input: { userId: p!.id } }],
      createdBy: staff.technician,
      scheduledFor: new Date(Date.now() + 1_500),
    });
    expect(job.status).toBe("scheduled");
    worker.start();
    await new Promise((r) => setTimeout(r, 600));
    expect((await getDb().job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("scheduled");
    const done = await runToEnd(job.id);
    expect(done.status).toBe("completed");
    expect(done.startedAt!.getTime()).toBeGreaterThanOrEqual(done.scheduledFor!.getTime());
  }, 30_000);
});
