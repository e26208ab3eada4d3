import { beforeEach, expect, it } from "vitest";
import { checkStaffSession } from "@/lib/auth/session";
import { recordStaffSignIn } from "@/lib/auth/staff";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

const limits = { idleMinutes: 30 };
const minutes = (n: number) => n * 60_000;

describeDatabases("staff sessions and sign-in", (getDb) => {
  beforeEach(async () => {
    await resetDatabase(getDb());
  });

  async function staffWithSession(opts: { status?: string; lastSeenAgoMs?: number; expiresInMs?: number; revoked?: boolean } = {}) {
    const db = getDb();
    const now = Date.now();
    const staff = await db.staffUser.create({
      data: { email: `s${now}${Math.random()}@msp.test`, name: "Sam Staff", status: opts.status ?? "active", oidcGroups: '["Console Help Desk"]' },
    });
    const session = await db.staffSession.create({
      data: {
        staffId: staff.id,
        lastSeenAt: new Date(now - (opts.lastSeenAgoMs ?? 0)),
        expiresAt: new Date(now + (opts.expiresInMs ?? minutes(600))),
        revokedAt: opts.revoked ? new Date() : null,
      },
    });
    return { staff, session };
  }

  it("accepts a live session and returns who it belongs to", async () => {
    const { staff, session } = await staffWithSession();
    const check = await checkStaffSession(getDb(), session.id, limits);
    expect(check).toEqual({
      ok: true,
      staff: { staffId: staff.id, sessionId: session.id, email: staff.email, name: "Sam Staff", oidcGroups: ["Console Help Desk"] },
    });
  });

  it.each([
    ["revoked", { revoked: true }],
    ["disabled", { status: "disabled" }],
    ["expired", { expiresInMs: -1000 }],
    ["idle", { lastSeenAgoMs: minutes(31) }],
  ] as const)("refuses a %s session", async (reason, opts) => {
    const { session } = await staffWithSession(opts);
    expect(await checkStaffSession(getDb(), session.id, limits)).toEqual({ ok: false, reason });
  });

  it("refuses an unknown session id", async () => {
    expect(await checkStaffSession(getDb(), "no-such-session", limits)).toEqual({ ok: false, reason: "none" });
  });

  it("moves the idle clock forward on use (throttled to once a minute)", async () => {
    const { session } = await staffWithSession({ lastSeenAgoMs: minutes(20) });
    const now = new Date();
    await checkStaffSession(getDb(), session.id, limits, now);
    const after = await getDb().staffSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(after.lastSeenAt.getTime()).toBe(now.getTime());
    // 25 minutes later it is still live, because the use above reset the idle clock.
    expect((await checkStaffSession(getDb(), session.id, limits, new Date(now.getTime() + minutes(25)))).ok).toBe(true);
  });

  it("creates a staff member at first sign-in and makes bootstrap admins Administrators", async () => {
    const db = getDb();
    const result = await recordStaffSignIn(db, { subject: "00u-admin", email: "Boss@MSP.test", name: "Bo Boss", groups: [] }, ["boss@msp.test"]);
    expect(result.ok).toBe(true);
    const staff = await db.staffUser.findUniqueOrThrow({ where: { email: "boss@msp.test" } });
    expect(staff.subject).toBe("00u-admin");
    expect(await db.staffGrant.findMany({ where: { staffId: staff.id }, select: { role: true, tenantId: true } })).toEqual([{ role: "admin", tenantId: null }]);
    // A second sign-in does not add a second grant.
    await recordStaffSignIn(db, { subject: "00u-admin", email: "boss@msp.test", name: "Bo Boss", groups: [] }, ["boss@msp.test"]);
    expect(await db.staffGrant.count({ where: { staffId: staff.id } })).toBe(1);
  });

  it("refuses a disabled staff member and leaves the row untouched", async () => {
    const db = getDb();
    const staff = await db.staffUser.create({ data: { email: "gone@msp.test", name: "Gone", subject: "00u-gone", status: "disabled" } });
    const result = await recordStaffSignIn(db, { subject: "00u-gone", email: "gone@msp.test", name: "Gone", groups: [] }, []);
    expect(result).toEqual({ ok: false, reason: "disabled" });
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: staff.id } })).lastSignInAt).toBeNull();
  });

  it("joins and leaves teams bound to the ID token's groups at each sign-in", async () => {
    const db = getDb();
    const team = await db.team.create({ data: { name: "Service Desk", role: "helpdesk", scopeType: "all", oidcGroup: "Console Help Desk" } });
    const identity = { subject: "00u-hd", email: "hd@msp.test", name: "Hana Desk", groups: ["Console Help Desk", "Everyone"] };
    const first = await recordStaffSignIn(db, identity, []);
    if (!first.ok) throw new Error("sign-in refused");
    expect(await db.teamMember.findMany({ where: { staffId: first.staffId }, select: { teamId: true, source: true } })).toEqual([{ teamId: team.id, source: "oidc" }]);
    await recordStaffSignIn(db, { ...identity, groups: ["Everyone"] }, []);
    expect(await db.teamMember.count({ where: { staffId: first.staffId } })).toBe(0);
  });
});
