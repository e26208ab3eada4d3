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
    const result = await recordStaffSignIn(db, { subject: "00u-admin", email: "Boss@MSP.test", name: "Bo Boss", emailVerified: true, groups: [] }, ["boss@msp.test"]);
    expect(result.ok).toBe(true);
    const staff = await db.staffUser.findUniqueOrThrow({ where: { email: "boss@msp.test" } });
    expect(staff.subject).toBe("00u-admin");
    expect(await db.staffGrant.findMany({ where: { staffId: staff.id }, select: { role: true, tenantId: true } })).toEqual([{ role: "admin", tenantId: null }]);
    // A second sign-in does not add a second grant...
    await recordStaffSignIn(db, { subject: "00u-admin", email: "boss@msp.test", name: "Bo Boss", emailVerified: true, groups: [] }, ["boss@msp.test"]);
    expect(await db.staffGrant.count({ where: { staffId: staff.id } })).toBe(1);
    // ...and once an administrator removes it, a later sign-in does not bring it back.
    await db.staffGrant.deleteMany({ where: { staffId: staff.id } });
    await recordStaffSignIn(db, { subject: "00u-admin", email: "boss@msp.test", name: "Bo Boss", emailVerified: true, groups: [] }, ["boss@msp.test"]);
    expect(await db.staffGrant.count({ where: { staffId: staff.id } })).toBe(0);
  });

  it("lets simultaneous first sign-ins of one person (two tabs, two instances) all succeed as one staff row", async () => {
    const db = getDb();
    const identity = { subject: "00u-twice", email: "twice@msp.test", name: "Tw Ice", emailVerified: true, groups: [] };
    const results = await Promise.all([1, 2, 3, 4].map(() => recordStaffSignIn(db, identity, ["twice@msp.test"])));
    const rows = await db.staffUser.findMany({ where: { subject: "00u-twice" } });
    expect(rows).toHaveLength(1);
    expect(results).toEqual(results.map(() => ({ ok: true, staffId: rows[0]!.id })));
    expect(await db.staffGrant.count({ where: { staffId: rows[0]!.id } })).toBe(1);
  });

  it("never lets another Okta identity take over a staff account by its email", async () => {
    const db = getDb();
    const admin = await db.staffUser.create({ data: { email: "ana@msp.test", name: "Ana Admin", subject: "00u-ana" } });
    await db.staffGrant.create({ data: { staffId: admin.id, role: "admin" } });
    const intruder = { subject: "00u-mallory", email: "ANA@msp.test", emailVerified: true, name: "Mallory", groups: [] };
    expect(await recordStaffSignIn(db, intruder, ["ana@msp.test"])).toEqual({ ok: false, reason: "identity_conflict" });
    expect(await db.staffUser.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ subject: "00u-ana", name: "Ana Admin" });
    expect(await db.staffUser.count()).toBe(1);
  });

  it("links a pre-added staff member at first sign-in only with a verified email", async () => {
    const db = getDb();
    const pre = await db.staffUser.create({ data: { email: "new@msp.test", name: "New Person" } });
    const identity = { subject: "00u-new", email: "new@msp.test", name: "New Person", groups: [] };
    expect(await recordStaffSignIn(db, { ...identity, emailVerified: false }, [])).toEqual({ ok: false, reason: "unverified_email" });
    expect(await recordStaffSignIn(db, { ...identity, emailVerified: true }, [])).toEqual({ ok: true, staffId: pre.id });
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: pre.id } })).subject).toBe("00u-new");
  });

  it("keeps a known subject on its own row when its email changes to one another row holds", async () => {
    const db = getDb();
    const other = await db.staffUser.create({ data: { email: "taken@msp.test", name: "Other", subject: "00u-other" } });
    const me = await db.staffUser.create({ data: { email: "me@msp.test", name: "Me", subject: "00u-me" } });
    const result = await recordStaffSignIn(db, { subject: "00u-me", email: "taken@msp.test", emailVerified: true, name: "Me", groups: [] }, []);
    expect(result).toEqual({ ok: true, staffId: me.id });
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: me.id } })).email).toBe("me@msp.test");
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: other.id } })).subject).toBe("00u-other");
  });

  it("never puts an email Okta did not verify in the unique email column", async () => {
    const db = getDb();
    const result = await recordStaffSignIn(db, { subject: "00u-unv", email: "Claimed@MSP.test", emailVerified: false, name: "Una", groups: [] }, ["claimed@msp.test"]);
    if (!result.ok) throw new Error("sign-in refused");
    const row = await db.staffUser.findUniqueOrThrow({ where: { id: result.staffId } });
    expect(row).toMatchObject({ email: null, unverifiedEmail: "claimed@msp.test" });
    // Not a bootstrap admin on an unverified address, and the address stays free for its verified owner,
    // who can then be pre-added by an administrator and claim that row.
    expect(await db.staffGrant.count({ where: { staffId: row.id } })).toBe(0);
    const owner = await recordStaffSignIn(db, { subject: "00u-owner", email: "claimed@msp.test", emailVerified: true, name: "Owner", groups: [] }, []);
    if (!owner.ok) throw new Error("sign-in refused");
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: owner.staffId } })).email).toBe("claimed@msp.test");
    // The unverified identity signing in again does not take the address back.
    await recordStaffSignIn(db, { subject: "00u-unv", email: "claimed@msp.test", emailVerified: false, name: "Una", groups: [] }, []);
    expect(await db.staffUser.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ email: null, unverifiedEmail: "claimed@msp.test" });
  });

  it("moves a known subject's email into the unique column once Okta verifies it, and out when it no longer does", async () => {
    const db = getDb();
    const first = await recordStaffSignIn(db, { subject: "00u-v", email: "v@msp.test", emailVerified: false, name: "Vic", groups: [] }, []);
    if (!first.ok) throw new Error("sign-in refused");
    await recordStaffSignIn(db, { subject: "00u-v", email: "v@msp.test", emailVerified: true, name: "Vic", groups: [] }, []);
    expect(await db.staffUser.findUniqueOrThrow({ where: { id: first.staffId } })).toMatchObject({ email: "v@msp.test", unverifiedEmail: null });
    // A new address Okta has not verified releases the old one and is shown, not stored as verified.
    await recordStaffSignIn(db, { subject: "00u-v", email: "vic@elsewhere.test", emailVerified: false, name: "Vic", groups: [] }, []);
    expect(await db.staffUser.findUniqueOrThrow({ where: { id: first.staffId } })).toMatchObject({ email: null, unverifiedEmail: "vic@elsewhere.test" });
  });

  it("shows the unverified email of a session's staff member for display and audit", async () => {
    const db = getDb();
    const staff = await db.staffUser.create({ data: { unverifiedEmail: "shown@msp.test", name: "Shown" } });
    const session = await db.staffSession.create({ data: { staffId: staff.id, expiresAt: new Date(Date.now() + minutes(60)) } });
    const check = await checkStaffSession(db, session.id, limits);
    expect(check.ok && check.staff.email).toBe("shown@msp.test");
  });

  it("refuses a disabled staff member and leaves the row untouched", async () => {
    const db = getDb();
    const staff = await db.staffUser.create({ data: { email: "gone@msp.test", name: "Gone", subject: "00u-gone", status: "disabled" } });
    const result = await recordStaffSignIn(db, { subject: "00u-gone", email: "gone@msp.test", emailVerified: true, name: "Gone", groups: [] }, []);
    expect(result).toEqual({ ok: false, reason: "disabled" });
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: staff.id } })).lastSignInAt).toBeNull();
  });

  it("joins and leaves teams bound to the ID token's groups at each sign-in", async () => {
    const db = getDb();
    const team = await db.team.create({ data: { name: "Service Desk", role: "helpdesk", scopeType: "all", oidcGroup: "Console Help Desk" } });
    const identity = { subject: "00u-hd", email: "hd@msp.test", emailVerified: true, name: "Hana Desk", groups: ["Console Help Desk", "Everyone"] };
    const first = await recordStaffSignIn(db, identity, []);
    if (!first.ok) throw new Error("sign-in refused");
    expect(await db.teamMember.findMany({ where: { staffId: first.staffId }, select: { teamId: true, source: true } })).toEqual([{ teamId: team.id, source: "oidc" }]);
    await recordStaffSignIn(db, { ...identity, groups: ["Everyone"] }, []);
    expect(await db.teamMember.count({ where: { staffId: first.staffId } })).toBe(0);
  });
});
