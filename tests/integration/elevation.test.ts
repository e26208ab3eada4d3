// Just-in-time elevation (issue 12) through the real wrapper pipeline, on every database we ship:
// request -> approve -> the role holds in that org (a users.create action is allowed) -> the clock
// passes endsAt -> refused again; ending early; self-approval and non-Administrators refused (audited);
// deny; cancel. No Okta call is involved (users.create is checked with `authorize`, the wrapper's
// gate without the body).
import { afterEach, beforeEach, expect, it } from "vitest";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { setElevationClock } from "@/lib/elevation/clock";
import {
  approveElevationDef,
  cancelElevationDef,
  denyElevationDef,
  endElevationDef,
  requestElevationDef,
} from "@/lib/elevation/actions";
import { myElevations, pendingElevationCount, pendingElevations, recentDecisions } from "@/lib/elevation/service";
import { effectiveAccess, whoCanDoWhat } from "@/lib/rbac/grants";
import { createUserAction } from "@/lib/users/actions";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

const meta = { ip: "127.0.0.1", userAgent: "vitest" };
const T0 = new Date("2026-06-01T10:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

async function member(db: Db, email: string, grant?: { role: string; tenantId?: string | null }): Promise<StaffIdentity> {
  const s = await db.staffUser.create({ data: { email, name: email.split("@")[0]!, subject: `sub-${email}` } });
  if (grant) await db.staffGrant.create({ data: { staffId: s.id, role: grant.role, tenantId: grant.tenantId ?? null } });
  return { staffId: s.id, sessionId: `session-${email}`, email, name: email, oidcGroups: [] };
}

const userExample = createUserAction.def.example;

describeDatabases("just-in-time elevation", (getDb) => {
  let acme: { id: string; slug: string };
  let globex: { id: string; slug: string };
  let umbrella: { id: string; slug: string };
  let clock = T0;

  beforeEach(async () => {
    const db = getDb();
    await resetDatabase(db);
    await db.elevationRequest.deleteMany();
    acme = await db.tenant.create({ data: { slug: "acme", name: "Acme", orgUrl: "https://acme.okta.com" } });
    globex = await db.tenant.create({ data: { slug: "globex", name: "Globex", orgUrl: "https://globex.okta.com" } });
    umbrella = await db.tenant.create({ data: { slug: "umbrella", name: "Umbrella", orgUrl: "https://umbrella.okta.com", ticketRequired: true } });
    clock = T0;
    setElevationClock(() => clock);
  });
  afterEach(() => setElevationClock(null));

  const canCreateUser = async (who: StaffIdentity, slug: string) =>
    createUserAction.authorize({ db: getDb(), staff: who, meta, slug, rawInput: userExample });

  it("request, approve, use, expire: the role holds in that org only, until endsAt", async () => {
    const db = getDb();
    const hd = await member(db, "hd@msp.test", { role: "helpdesk", tenantId: acme.id });
    const admin = await member(db, "admin@msp.test", { role: "admin" });

    expect(await canCreateUser(hd, "acme")).toMatchObject({ ok: false, code: "forbidden" });

    const asked = await requestElevationDef.run({
      db,
      staff: hd,
      meta,
      slug: "acme",
      rawInput: { role: "technician", durationMinutes: "60", reason: "Onboarding batch", ticketId: "INC-7" },
    });
    expect(asked).toMatchObject({ ok: true });
    const id = (asked as { ok: true; data: { id: string } }).data.id;
    expect(await pendingElevationCount(db)).toBe(1);
    expect((await pendingElevations(db, clock)).map((p) => [p.requester?.email, p.tenant.slug, p.roleLabel, p.durationLabel, p.ticketId])).toEqual([
      ["hd@msp.test", "acme", "Technician", "1 h", "INC-7"],
    ]);
    // Pending is not a grant.
    expect(await canCreateUser(hd, "acme")).toMatchObject({ ok: false, code: "forbidden" });

    clock = minutes(5);
    const approved = await approveElevationDef.run({ db, staff: admin, meta, rawInput: { id, ticketId: "INC-7" } });
    expect(approved).toEqual({ ok: true, data: { endsAt: minutes(65).toISOString() } });
    const row = await db.elevationRequest.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "approved", decidedById: admin.staffId, startsAt: minutes(5), endsAt: minutes(65) });
    expect(await pendingElevationCount(db)).toBe(0);

    // Use: Technician in Acme (beside Help Desk), nowhere else, never for the console.
    const access = await effectiveAccess(db, hd.staffId);
    expect([...access.rolesFor(acme.id)].sort()).toEqual(["helpdesk", "technician"]);
    expect(access.sourcesFor(acme.id)).toContainEqual({ kind: "elevation", requestId: id, role: "technician", endsAt: minutes(65).toISOString(), ticketId: "INC-7" });
    expect(access.rolesFor(globex.id).size).toBe(0);
    expect(access.consoleRoles.size).toBe(0);
    expect(await canCreateUser(hd, "acme")).toEqual({ ok: true, data: null });
    expect(await canCreateUser(hd, "globex")).toMatchObject({ ok: false, code: "not_found" });

    // Who can do what shows it with its end time.
    const who = (await whoCanDoWhat(db, acme.id)).find((e) => e.email === "hd@msp.test");
    expect(who?.roles.sort()).toEqual(["helpdesk", "technician"]);
    expect(who?.sources).toContainEqual(expect.objectContaining({ kind: "elevation", endsAt: minutes(65).toISOString() }));
    expect(who?.permissions).toContain("users.create");

    // A minute before the end it still holds; at endsAt it is gone, with no job having run.
    clock = minutes(64);
    expect(await canCreateUser(hd, "acme")).toEqual({ ok: true, data: null });
    clock = minutes(65);
    expect(await canCreateUser(hd, "acme")).toMatchObject({ ok: false, code: "forbidden", error: expect.stringContaining("does not allow creating users") });
    expect([...(await effectiveAccess(db, hd.staffId)).rolesFor(acme.id)]).toEqual(["helpdesk"]);
    expect((await whoCanDoWhat(db, acme.id)).find((e) => e.email === "hd@msp.test")?.roles).toEqual(["helpdesk"]);
    const mine = await myElevations(db, hd.staffId, acme.id, clock);
    expect(mine.active).toEqual([]);
    expect(mine.history.map((h) => h.state)).toEqual(["expired"]);
    // An explicit `now` is honoured too.
    expect([...(await effectiveAccess(db, hd.staffId, { now: minutes(30) })).rolesFor(acme.id)].sort()).toEqual(["helpdesk", "technician"]);

    // Every step audited, with the ticket.
    const rows = await db.auditEvent.findMany({ where: { action: { startsWith: "elevation." }, outcome: { not: "attempt" } }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => [r.action, r.outcome, r.staffEmail, r.ticketId, r.targetId])).toEqual([
      ["elevation.request", "success", "hd@msp.test", "INC-7", id],
      ["elevation.approve", "success", "admin@msp.test", "INC-7", id],
    ]);
    expect(rows[0]?.tenantSlug).toBe("acme");
    expect(rows[1]?.targetName).toBe("Technician in Acme for hd@msp.test, 1 h");
  });

  it("the requester ends an elevation early; afterwards it is refused and cannot be ended again", async () => {
    const db = getDb();
    const hd = await member(db, "hd@msp.test", { role: "helpdesk", tenantId: acme.id });
    const admin = await member(db, "admin@msp.test", { role: "admin" });
    const other = await member(db, "other@msp.test", { role: "helpdesk", tenantId: acme.id });
    const asked = await requestElevationDef.run({ db, staff: hd, meta, slug: "acme", rawInput: { role: "technician", durationMinutes: 120, reason: "Bulk fix" } });
    const id = (asked as { ok: true; data: { id: string } }).data.id;
    expect(await approveElevationDef.run({ db, staff: admin, meta, rawInput: { id } })).toMatchObject({ ok: true });

    // Someone else cannot end it (it is not theirs: answered like a missing one).
    expect(await endElevationDef.run({ db, staff: other, meta, slug: "acme", rawInput: { id } })).toMatchObject({ ok: false, code: "not_found" });
    // Not through another org's URL either.
    await db.staffGrant.create({ data: { staffId: hd.staffId, role: "helpdesk", tenantId: globex.id } });
    expect(await endElevationDef.run({ db, staff: hd, meta, slug: "globex", rawInput: { id } })).toMatchObject({ ok: false, code: "not_found" });

    clock = minutes(10);
    expect(await endElevationDef.run({ db, staff: hd, meta, slug: "acme", rawInput: { id } })).toEqual({ ok: true, data: { role: "technician" } });
    expect(await db.elevationRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "ended", endedAt: minutes(10) });
    expect(await canCreateUser(hd, "acme")).toMatchObject({ ok: false, code: "forbidden" });
    expect(await endElevationDef.run({ db, staff: hd, meta, slug: "acme", rawInput: { id } })).toMatchObject({ ok: false, code: "invalid", error: "This elevation was already ended." });
    expect(await db.auditEvent.count({ where: { action: "elevation.end", outcome: "success" } })).toBe(1);
  });

  it("nobody approves their own request; non-Administrators cannot approve; both refusals are audited", async () => {
    const db = getDb();
    const admin = await member(db, "admin@msp.test", { role: "admin" });
    const tech = await member(db, "tech@msp.test", { role: "technician" });
    const ro = await member(db, "ro@msp.test", { role: "readonly_admin" });
    const hd = await member(db, "hd@msp.test", { role: "helpdesk", tenantId: acme.id });

    // An Administrator cannot even ask (they hold everything); so the self-approval case is an
    // Administrator-to-be: a Help Desk member who asked, then became an Administrator.
    const asked = await requestElevationDef.run({ db, staff: hd, meta, slug: "acme", rawInput: { role: "technician", durationMinutes: 30, reason: "Me" } });
    const id = (asked as { ok: true; data: { id: string } }).data.id;
    await db.staffGrant.create({ data: { staffId: hd.staffId, role: "admin", tenantId: null } });
    expect(await approveElevationDef.run({ db, staff: hd, meta, rawInput: { id } })).toEqual({
      ok: false,
      code: "forbidden",
      error: "You cannot approve your own request: another Administrator must decide on it.",
    });
    expect(await denyElevationDef.run({ db, staff: hd, meta, rawInput: { id } })).toMatchObject({ ok: false, code: "forbidden" });

    for (const who of [tech, ro]) {
      expect(await approveElevationDef.run({ db, staff: who, meta, rawInput: { id } })).toMatchObject({ ok: false, code: "forbidden" });
    }
    expect(await approveElevationDef.run({ db, staff: null, meta, rawInput: { id } })).toMatchObject({ ok: false, code: "unauthenticated" });
    expect((await db.elevationRequest.findUniqueOrThrow({ where: { id } })).status).toBe("pending");

    const denied = await db.auditEvent.findMany({
      where: { action: { in: ["elevation.approve", "elevation.deny"] }, outcome: "denied", staffEmail: { not: null } },
      orderBy: { seq: "asc" },
    });
    expect(denied.map((r) => [r.action, r.staffEmail, r.errorCode, r.targetId])).toEqual([
      ["elevation.approve", "hd@msp.test", "self_approval", id],
      ["elevation.deny", "hd@msp.test", "self_approval", id],
      ["elevation.approve", "tech@msp.test", "forbidden", id],
      ["elevation.approve", "ro@msp.test", "forbidden", id],
    ]);
    // Another Administrator may.
    expect(await approveElevationDef.run({ db, staff: admin, meta, rawInput: { id } })).toMatchObject({ ok: true });
    // Deciding again is a clear message.
    expect(await denyElevationDef.run({ db, staff: admin, meta, rawInput: { id } })).toEqual({
      ok: false,
      code: "invalid",
      error: "This request is no longer waiting for a decision: it was already approved.",
    });
  });

  it("a request of someone who no longer works in the org is not approved", async () => {
    const db = getDb();
    const admin = await member(db, "admin@msp.test", { role: "admin" });
    const hd = await member(db, "hd@msp.test", { role: "helpdesk", tenantId: acme.id });
    const r = await requestElevationDef.run({ db, staff: hd, meta, slug: "acme", rawInput: { role: "technician", durationMinutes: 60, reason: "Onboarding week" } });
    const id = (r as { ok: true; data: { id: string } }).data.id;
    // Moved off Acme after asking.
    await db.staffGrant.deleteMany({ where: { staffId: hd.staffId } });
    expect(await approveElevationDef.run({ db, staff: admin, meta, rawInput: { id } })).toMatchObject({ ok: false, error: expect.stringMatching(/no longer works in Acme/) });
    expect(await db.elevationRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", endsAt: null });
    expect(await canCreateUser(hd, "acme")).toMatchObject({ ok: false });
  });

  it("deny (with a note) and cancel: neither grants anything", async () => {
    const db = getDb();
    const admin = await member(db, "admin@msp.test", { role: "admin" });
    const hd = await member(db, "hd@msp.test", { role: "helpdesk", tenantId: acme.id });
    const a = await requestElevationDef.run({ db, staff: hd, meta, slug: "acme", rawInput: { role: "technician", durationMinutes: 60, reason: "One" } });
    const aId = (a as { ok: true; data: { id: string } }).data.id;
    expect(await denyElevationDef.run({ db, staff: admin, meta, rawInput: { id: aId, note: "Use the Acme team instead" } })).toEqual({ ok: true, data: { id: aId } });
    expect(await db.elevationRequest.findUniqueOrThrow({ where: { id: aId } })).toMatchObject({ status: "denied", decisionNote: "Use the Acme team instead", endsAt: null });
    expect(await canCreateUser(hd, "acme")).toMatchObject({ ok: false, code: "forbidden" });
    expect(await approveElevationDef.run({ db, staff: admin, meta, rawInput: { id: aId } })).toMatchObject({
      ok: false,
      error: "This request is no longer waiting for a decision: it was already denied.",
    });

    const b = await requestElevationDef.run({ db, staff: hd, meta, slug: "acme", rawInput: { role: "technician_no_deeplink", durationMinutes: 240, reason: "Two" } });
    const bId = (b as { ok: true; data: { id: string } }).data.id;
    expect(await cancelElevationDef.run({ db, staff: hd, meta, slug: "acme", rawInput: { id: bId } })).toMatchObject({ ok: true });
    expect(await approveElevationDef.run({ db, staff: admin, meta, rawInput: { id: bId } })).toMatchObject({
      ok: false,
      error: "This request is no longer waiting for a decision: the requester cancelled it.",
    });
    expect(await cancelElevationDef.run({ db, staff: hd, meta, slug: "acme", rawInput: { id: bId } })).toMatchObject({ ok: false, error: "This request was already cancelled." });
    expect((await recentDecisions(db, clock)).map((d) => [d.state, d.decisionNote])).toEqual([["denied", "Use the Acme team instead"]]);
    expect(await db.auditEvent.count({ where: { action: { in: ["elevation.deny", "elevation.cancel"] }, outcome: "success" } })).toBe(2);
  });

  it("refuses roles already held, all-org roles, Billing, odd durations, a missing reason, and a missing ticket where the org requires one", async () => {
    const db = getDb();
    const tech = await member(db, "tech@msp.test", { role: "technician", tenantId: acme.id });
    const hd = await member(db, "hd@msp.test", { role: "helpdesk", tenantId: umbrella.id });
    const ask = (who: StaffIdentity, slug: string, rawInput: Record<string, unknown>) => requestElevationDef.run({ db, staff: who, meta, slug, rawInput });

    expect(await ask(tech, "acme", { role: "technician", durationMinutes: 60, reason: "x" })).toMatchObject({
      ok: false,
      code: "invalid",
      error: "You already hold Technician in Acme.",
    });
    expect(await ask(tech, "acme", { role: "technician_no_deeplink", durationMinutes: 60, reason: "x" })).toMatchObject({
      ok: false,
      error: "Your roles in Acme already allow everything Technician without Deep Linking allows.",
    });
    for (const role of ["admin", "readonly_admin", "billing"]) {
      expect(await ask(hd, "umbrella", { role, durationMinutes: 60, reason: "x", ticketId: "T-1" })).toMatchObject({ ok: false, code: "invalid", fieldErrors: { role: expect.any(Array) } });
    }
    for (const durationMinutes of [0, 45, 481, 600, "abc"]) {
      expect(await ask(hd, "umbrella", { role: "technician", durationMinutes, reason: "x", ticketId: "T-1" })).toMatchObject({ ok: false, fieldErrors: { durationMinutes: expect.any(Array) } });
    }
    expect(await ask(hd, "umbrella", { role: "technician", durationMinutes: 60, reason: "   ", ticketId: "T-1" })).toMatchObject({ ok: false, fieldErrors: { reason: ["Say why you need it."] } });
    expect(await ask(hd, "umbrella", { role: "technician", durationMinutes: 60, reason: "Needed" })).toMatchObject({ ok: false, fieldErrors: { ticketId: ["Umbrella requires a ticket ID for every change."] } });
    expect(await ask(hd, "acme", { role: "technician", durationMinutes: 60, reason: "Needed" })).toMatchObject({ ok: false, code: "not_found" });

    expect(await ask(hd, "umbrella", { role: "technician", durationMinutes: 480, reason: "Needed", ticketId: "T-1" })).toMatchObject({ ok: true });
    expect(await ask(hd, "umbrella", { role: "technician", durationMinutes: 30, reason: "Again", ticketId: "T-2" })).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("already asked for Technician") });
    expect(await db.elevationRequest.count()).toBe(1);
  });

  it("an approved row naming an all-org role, or an archived org, grants nothing (whatever the database says)", async () => {
    const db = getDb();
    const hd = await member(db, "hd@msp.test", { role: "helpdesk", tenantId: acme.id });
    const base = { requesterId: hd.staffId, reason: "forged", durationMinutes: 60, status: "approved", startsAt: T0, endsAt: minutes(60) };
    await db.elevationRequest.create({ data: { ...base, tenantId: acme.id, role: "admin" } });
    await db.elevationRequest.create({ data: { ...base, tenantId: acme.id, role: "billing" } });
    await db.tenant.update({ where: { id: globex.id }, data: { archivedAt: T0 } });
    await db.elevationRequest.create({ data: { ...base, tenantId: globex.id, role: "technician" } });
    const access = await effectiveAccess(db, hd.staffId);
    expect([...access.rolesFor(acme.id)]).toEqual(["helpdesk"]);
    expect(access.consoleRoles.size).toBe(0);
    expect(access.visibleTenants.map((t) => t.slug)).toEqual(["acme"]);
  });
});
