// Audit that cannot be skipped (lib/actions/core.ts): the write-ahead attempt row comes before any Okta
// call or console-database change, and no row means no action; the outcome row is linked to its
// attempt; console changes commit in one transaction with their outcome row; denials of signed-in
// staff are throttled per staff member; Okta reads are rate-limited per staff member; audit rows keep
// only the declared input fields, with secret-looking values masked. Against the local Okta emulator
// (its request log is the proof that no Okta call was made) on every database we ship.
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { z } from "zod";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { seedOrgs } from "../../emulator/seeds";
import { consoleAction, tenantAction, type ActionResult, type CoreArgs, type GatewayFactory } from "@/lib/actions";
import { anonymousRefusals, OKTA_READ_BURST, oktaReads, rateLimitRefusals, staffDenials, STAFF_DENIAL_ROWS_PER_MINUTE } from "@/lib/actions/audit-throttle";
import { AUDIT_UNAVAILABLE_MESSAGE } from "@/lib/actions/result";
import { queryAuditEvents, verifyAuditChain } from "@/lib/audit";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { createOktaGateway } from "@/lib/okta/gateway";
import { setStaffMemberStatus, addStaffMember } from "@/lib/staff/actions";
import { staffDisplayEmail } from "@/lib/staff/display";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

// The Next-facing route handler reads the session and database through these modules.
const next = vi.hoisted(() => ({ db: undefined as unknown, staff: null as unknown }));
vi.mock("@/lib/db", () => ({ db: () => next.db }));
vi.mock("@/lib/auth/session", () => ({ getStaff: async () => next.staff }));

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, orgs: seedOrgs("demo") });
});
afterAll(async () => emu?.stop());

const meta = { ip: "198.51.100.7", userAgent: "vitest" };
const OKTA_TOKEN = `00${"Zq7_v".repeat(8)}`;

let gatewayCalls: string[] = [];
let bodyCalls = 0;
const gatewayFor =
  (db: Db): GatewayFactory =>
  async (tenant) => {
    const row = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    gatewayCalls.push(row.slug);
    return createOktaGateway({ tenantId: row.id, orgUrl: emu.orgUrl("acme"), credential: { type: "ssws", token: emu.org("acme").apiTokens[0]!.token }, allowLocalOrgUrls: true });
  };

/** The audit table disappears (as when the database refuses writes to it), then comes back. */
const TAKE_AUDIT_OFFLINE = `ALTER TABLE "AuditEvent" RENAME TO "AuditEvent_offline"`;
const BRING_AUDIT_BACK = `ALTER TABLE "AuditEvent_offline" RENAME TO "AuditEvent"`;

// ---- actions under test (defined like real ones) ----
const unlockInOkta = tenantAction(
  { name: "test.wa.unlock", permission: "users.unlock", input: z.object({ userId: z.string() }), target: (i) => ({ type: "user", id: i.userId }), auditFields: ["userId"] },
  async (ctx, input) => {
    bodyCalls++;
    await ctx.okta.client.userApi.unlockUser({ userId: input.userId });
    return "unlocked";
  },
);
/** Calls Okta, then the audit table goes away before the outcome row. */
const readThenLoseAudit = tenantAction(
  { name: "test.wa.lose_outcome", permission: "users.unlock", input: z.object({}), auditFields: [] },
  async (ctx) => {
    const me = await ctx.okta.me();
    await ctx.db.$executeRawUnsafe(TAKE_AUDIT_OFFLINE);
    return me.id;
  },
);
const countRead = tenantAction(
  { name: "test.wa.count", permission: "tenant.userCount", input: z.object({}), readOnly: true, auditFields: [] },
  async (ctx) => {
    bodyCalls++;
    return (await ctx.okta.me()).id;
  },
);
const echoAllowlisted = tenantAction(
  { name: "test.wa.echo", permission: "users.unlock", input: z.object({ note: z.string(), extra: z.string().optional() }), okta: false, auditFields: ["note"] },
  async () => "ok",
);
const createTeamThen = (name: string, after: "return" | "throw" | "lose_audit") =>
  consoleAction({ name, permission: "settings.staff.manage", input: z.object({ team: z.string() }), auditFields: ["team"] }, async (ctx, input) => {
    bodyCalls++;
    const team = await ctx.db.team.create({ data: { name: input.team, role: "helpdesk", scopeType: "all" } });
    ctx.setTarget({ type: "team", id: team.id, name: team.name });
    if (after === "throw") throw new Error("the body failed after its write");
    if (after === "lose_audit") await ctx.db.$executeRawUnsafe(TAKE_AUDIT_OFFLINE);
    return team.id;
  });
const teamOk = createTeamThen("test.wa.team_ok", "return");
const teamThrows = createTeamThen("test.wa.team_throws", "throw");
const teamLosesAudit = createTeamThen("test.wa.team_loses_audit", "lose_audit");

describeDatabases("write-ahead audit", (getDb) => {
  const staff: Record<string, StaffIdentity> = {};
  let acmeId = "";
  let errors: ReturnType<typeof vi.spyOn>;

  async function makeStaff(db: Db, key: string, grants: Array<{ role: string; tenantId: string | null }>) {
    const row = await db.staffUser.create({ data: { email: `${key}@msp.test`, name: key, subject: `sub-${key}` } });
    for (const g of grants) await db.staffGrant.create({ data: { staffId: row.id, role: g.role, tenantId: g.tenantId } });
    staff[key] = { staffId: row.id, sessionId: `s-${key}`, email: staffDisplayEmail(row), name: row.name, oidcGroups: [] };
  }

  beforeEach(async () => {
    const db = getDb();
    next.db = db;
    next.staff = null;
    await resetDatabase(db);
    for (const t of [anonymousRefusals, staffDenials, rateLimitRefusals, oktaReads]) t.reset();
    gatewayCalls = [];
    bodyCalls = 0;
    emu.clearRequests();
    acmeId = (await db.tenant.create({ data: { slug: "acme", name: "Acme", orgUrl: "https://acme.okta.com" } })).id;
    await makeStaff(db, "admin", [{ role: "admin", tenantId: null }]);
    await makeStaff(db, "admin2", [{ role: "admin", tenantId: null }]);
    await makeStaff(db, "tech", [{ role: "technician", tenantId: acmeId }]);
    await makeStaff(db, "hd", [{ role: "helpdesk", tenantId: acmeId }]);
    await makeStaff(db, "billing", [{ role: "billing", tenantId: null }]);
    errors = vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(async () => {
    errors.mockRestore();
    vi.useRealTimers();
    // Whatever a test did to the audit table, the next one starts with it in place.
    await getDb().$executeRawUnsafe(BRING_AUDIT_BACK).catch(() => {});
  });

  const tenantArgs = (key: string, rawInput: unknown): CoreArgs => ({ db: getDb(), staff: staff[key]!, slug: "acme", rawInput, meta, gatewayFor: gatewayFor(getDb()) });
  const consoleArgs = (key: string, rawInput: unknown) => ({ db: getDb(), staff: staff[key]!, rawInput, meta });
  const audit = () => getDb().auditEvent.findMany({ orderBy: { seq: "asc" } });
  const loggedAuditFailure = () => errors.mock.calls.some((c: unknown[]) => String(c[0]).includes("AUDIT WRITE FAILED"));

  it("a failing attempt append makes no Okta call and runs no body: the technician is told why", async () => {
    const db = getDb();
    await db.$executeRawUnsafe(TAKE_AUDIT_OFFLINE);
    const r = await unlockInOkta.run(tenantArgs("tech", { userId: "00u-anyone" }));
    expect(r).toEqual({ ok: false, code: "audit_unavailable", error: AUDIT_UNAVAILABLE_MESSAGE });
    expect(AUDIT_UNAVAILABLE_MESSAGE).toMatch(/^The audit log could not be written, so nothing was changed\./);
    expect(bodyCalls).toBe(0);
    expect(gatewayCalls).toEqual([]);
    expect(emu.requests().count).toBe(0);
    // Console changes too: no body, no database change.
    const t = await teamOk.run(consoleArgs("admin", { team: "Never" }));
    expect(t).toMatchObject({ ok: false, code: "audit_unavailable" });
    expect(bodyCalls).toBe(0);
    expect(await db.team.count()).toBe(0);
    expect(loggedAuditFailure()).toBe(true);
    await db.$executeRawUnsafe(BRING_AUDIT_BACK);
    expect(await audit()).toEqual([]);
    // With the log back, the same action runs (and is recorded before it does).
    expect((await unlockInOkta.run(tenantArgs("tech", { userId: "00u-anyone" }))).ok).toBe(false); // no such user in Okta
    expect(emu.requests().count).toBe(1);
  });

  it("a failing Okta call leaves a failure outcome linked to its attempt, with Okta's error and request id", async () => {
    const r = await unlockInOkta.run(tenantArgs("tech", { userId: "00unotthere0000000", ticketId: "INC-7" }));
    expect(r).toMatchObject({ ok: false, code: "okta" });
    const served = emu.requests("acme").requests.map((q) => q.requestId);
    expect(served).toHaveLength(1);
    const [attempt, outcome, ...rest] = await audit();
    expect(rest).toEqual([]);
    expect(attempt).toMatchObject({ outcome: "attempt", action: "test.wa.unlock", staffId: staff.tech!.staffId, role: "Technician", tenantId: acmeId, targetId: "00unotthere0000000", ticketId: "INC-7", ip: meta.ip, userAgent: meta.userAgent, oktaRequestIds: "[]" });
    expect(outcome).toMatchObject({ outcome: "failure", errorCode: "E0000007", attemptSeq: attempt!.seq, ticketId: "INC-7" });
    expect(JSON.parse(outcome!.oktaRequestIds)).toEqual(served);
    // The attempt was durably written before the Okta request was served.
    expect(attempt!.at.getTime()).toBeLessThanOrEqual(outcome!.at.getTime());
    const page = await queryAuditEvents(getDb(), { limit: 10 });
    expect(page.events.map((e) => [e.outcome, e.attempt?.seq] as const)).toEqual([["failure", attempt!.seq]]);
    expect(await verifyAuditChain(getDb())).toMatchObject({ ok: true, rows: 2 });
  });

  it("a failing outcome append does not change the answer; the attempt stays, shown as outcome unknown", async () => {
    const r = await readThenLoseAudit.run(tenantArgs("tech", {}));
    expect(r).toMatchObject({ ok: true, data: expect.any(String) });
    expect(loggedAuditFailure()).toBe(true);
    await getDb().$executeRawUnsafe(BRING_AUDIT_BACK);
    const rows = await audit();
    expect(rows.map((x) => x.outcome)).toEqual(["attempt"]);
    const page = await queryAuditEvents(getDb(), { limit: 10 });
    expect(page.events).toMatchObject([{ outcome: "unknown", action: "test.wa.lose_outcome", attempt: { seq: rows[0]!.seq } }]);
    expect((await queryAuditEvents(getDb(), { outcome: "unknown", limit: 10 })).events).toHaveLength(1);
    expect((await queryAuditEvents(getDb(), { outcome: "success", limit: 10 })).events).toHaveLength(0);
  });

  it("a console change and its outcome row commit in one transaction", async () => {
    const db = getDb();
    // Success: the team and the success row, linked to the attempt.
    const ok = await teamOk.run(consoleArgs("admin", { team: "Kept" }));
    expect(ok).toMatchObject({ ok: true });
    expect(await db.team.count({ where: { name: "Kept" } })).toBe(1);
    // The body fails after writing: its write is rolled back, the failure is recorded.
    const failed = await teamThrows.run(consoleArgs("admin", { team: "Rolled back" }));
    expect(failed).toMatchObject({ ok: false, code: "internal" });
    expect(await db.team.count({ where: { name: "Rolled back" } })).toBe(0);
    // The outcome row cannot be written inside the transaction: the change is rolled back with it.
    const lost = await teamLosesAudit.run(consoleArgs("admin", { team: "Unrecorded" }));
    expect(lost).toEqual({ ok: false, code: "audit_unavailable", error: AUDIT_UNAVAILABLE_MESSAGE });
    expect(await db.team.count({ where: { name: "Unrecorded" } })).toBe(0);
    expect(loggedAuditFailure()).toBe(true);
    const rows = await audit();
    expect(rows.map((x) => [x.action, x.outcome, x.errorCode, x.attemptSeq])).toEqual([
      ["test.wa.team_ok", "attempt", null, null],
      ["test.wa.team_ok", "success", null, rows[0]!.seq],
      ["test.wa.team_throws", "attempt", null, null],
      ["test.wa.team_throws", "failure", "internal", rows[2]!.seq],
      ["test.wa.team_loses_audit", "attempt", null, null],
      ["test.wa.team_loses_audit", "failure", "audit_unavailable", rows[4]!.seq],
    ]);
    expect(rows[1]).toMatchObject({ targetType: "team", targetName: "Kept" });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 6 });
  });

  it("real console actions: a staff change commits with its row; the last-Administrator guard still refuses inside the action's transaction", async () => {
    const db = getDb();
    const added = await addStaffMember.run(consoleArgs("admin", { email: "new@msp.test" }));
    expect(added).toMatchObject({ ok: true });
    expect(await db.staffUser.count({ where: { email: "new@msp.test" } })).toBe(1);
    // Two Administrators disable each other at the same moment: exactly one succeeds.
    const [a, b] = await Promise.all([
      setStaffMemberStatus.run(consoleArgs("admin", { staffId: staff.admin2!.staffId, status: "disabled" })),
      setStaffMemberStatus.run(consoleArgs("admin2", { staffId: staff.admin!.staffId, status: "disabled" })),
    ]);
    const results = [a, b] as Array<ActionResult<unknown>>;
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === "forbidden")).toHaveLength(1);
    expect(await db.staffUser.count({ where: { status: "active", grants: { some: { role: "admin" } } } })).toBe(1);
    const rows = await audit();
    const statusRows = rows.filter((r) => r.action === "settings.staff.status");
    expect(statusRows.map((r) => r.outcome).sort()).toEqual(["attempt", "attempt", "denied", "success"]);
    for (const outcome of statusRows.filter((r) => r.outcome !== "attempt")) {
      expect(statusRows.find((r) => r.seq === outcome.attemptSeq)?.outcome).toBe("attempt");
    }
    expect(statusRows.find((r) => r.outcome === "denied")).toMatchObject({ errorCode: "last_administrator" });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("denials of a signed-in staff member are throttled per staff member: N rows, one summary row, then a count", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-03-01T10:00:00Z") });
    const extra = 5;
    for (let i = 0; i < STAFF_DENIAL_ROWS_PER_MINUTE + 1 + extra; i++) {
      // Billing may only count users: every unlock is refused.
      expect(await unlockInOkta.run(tenantArgs("billing", { userId: "00u1" }))).toMatchObject({ ok: false, code: "forbidden" });
    }
    const deniedRows = (key: string) => getDb().auditEvent.findMany({ where: { outcome: "denied", staffId: staff[key]!.staffId }, orderBy: { seq: "asc" } });
    let denied = await deniedRows("billing");
    expect(denied).toHaveLength(STAFF_DENIAL_ROWS_PER_MINUTE + 1);
    expect(denied.at(-1)!.errorSummary).toBe("Missing permission users.unlock; further denials of this staff member this minute are counted, not recorded one by one");
    // Someone else's denials are not affected.
    expect(await unlockInOkta.run({ ...tenantArgs("tech", { userId: "x" }), slug: "elsewhere" })).toMatchObject({ code: "not_found" });
    expect(await deniedRows("tech")).toHaveLength(1);
    // A minute later: the next denial is recorded and carries the count of the unrecorded ones.
    vi.setSystemTime(new Date("2026-03-01T10:01:00Z"));
    await unlockInOkta.run(tenantArgs("billing", { userId: "00u1" }));
    denied = await deniedRows("billing");
    expect(denied).toHaveLength(STAFF_DENIAL_ROWS_PER_MINUTE + 2);
    expect(denied.at(-1)!.errorSummary).toBe(`Missing permission users.unlock (${extra} earlier denials of this staff member not recorded)`);
    expect(bodyCalls).toBe(0);
    expect(emu.requests().count).toBe(0);
  });

  it(`reads that call Okta are rate-limited per staff member (${OKTA_READ_BURST} at once), refused without an Okta call, audited once a minute`, async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-03-01T10:00:00Z") });
    const extra = 3;
    const results: Array<ActionResult<unknown>> = [];
    for (let i = 0; i < OKTA_READ_BURST + extra; i++) results.push(await countRead.run(tenantArgs("billing", {})));
    expect(results.filter((r) => r.ok)).toHaveLength(OKTA_READ_BURST);
    const refused = results.slice(OKTA_READ_BURST);
    for (const r of refused) {
      expect(r).toMatchObject({ ok: false, code: "rate_limited", retryAfterSeconds: 1 });
      expect((r as { error: string }).error).toBe("You are reading from Okta too quickly, which would use up this org's Okta rate limit. Wait 1 second and try again.");
    }
    // Exactly one Okta request per allowed read; none for the refused ones.
    expect(emu.requests().count).toBe(OKTA_READ_BURST);
    expect(gatewayCalls).toHaveLength(OKTA_READ_BURST);
    // One denied row for the refusals of this minute (read-only successes are not audited).
    const rows = await audit();
    expect(rows.map((r) => [r.outcome, r.errorCode])).toEqual([["denied", "rate_limited"]]);
    // Another staff member has their own budget.
    expect((await countRead.run(tenantArgs("tech", {}))).ok).toBe(true);
    // Tokens come back with time (120 a minute).
    vi.setSystemTime(new Date("2026-03-01T10:00:01Z"));
    expect((await countRead.run(tenantArgs("billing", {}))).ok).toBe(true);
  });

  it("the user-count route answers 429 with Retry-After once the staff member's Okta reads are spent", async () => {
    const { tenantUserCountRoute } = await import("@/lib/tenants/user-count");
    next.staff = staff.billing;
    for (let i = 0; i < OKTA_READ_BURST; i++) oktaReads.take(staff.billing!.staffId);
    const res = await tenantUserCountRoute(new Request("http://localhost:3000/api/t/acme/user-count"), { params: Promise.resolve({ tenant: "acme" }) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await res.json()).toMatchObject({ ok: false, code: "rate_limited", error: expect.stringMatching(/^You are reading from Okta too quickly/) });
    expect(emu.requests().count).toBe(0);
    expect(await audit()).toMatchObject([{ action: "tenant.user_count", outcome: "denied", errorCode: "rate_limited" }]);
  });

  it("audit rows keep only the declared input fields, with secret-looking values masked under any name", async () => {
    const r = await echoAllowlisted.run(tenantArgs("tech", { note: OKTA_TOKEN, extra: "not declared" }));
    expect(r).toEqual({ ok: true, data: "ok" });
    const rows = await audit();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(JSON.parse(row.input)).toEqual({ note: "[redacted]" });
      expect(row.input).not.toContain("not declared");
      expect(row.input).not.toContain(OKTA_TOKEN.slice(2, 20));
    }
  });

  it("an action that does not declare what its audit rows keep cannot be defined", () => {
    const def = { name: "test.wa.undeclared", permission: "users.unlock", input: z.object({ userId: z.string() }) };
    expect(() => tenantAction(def as never, async () => null)).toThrow(/must declare exactly one of auditFields/);
  });
});
