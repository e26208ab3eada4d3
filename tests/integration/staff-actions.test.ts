// The staff/team/audit console actions through the real wrapper pipeline (lib/actions core), and the
// org picker's data.
import { beforeEach, expect, it } from "vitest";
import { registeredActions } from "@/lib/actions";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { verifyAuditChainDef } from "@/lib/audit-view/actions";
import { orgPickerModel } from "@/lib/shell/org-picker";
import { addStaffMember, removeStaffGrant, setStaffMemberStatus } from "@/lib/staff/actions";
import { LAST_ADMINISTRATOR_MESSAGE } from "@/lib/staff/admin-guard";
import { createTeamDef } from "@/lib/teams/actions";
import { recordTenantVisit, RECENT_TENANTS_KEPT } from "@/lib/tenants/recent";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

const meta = { ip: "127.0.0.1", userAgent: "vitest" };

async function member(db: Db, email: string, grant?: { role: string; tenantId?: string | null }): Promise<StaffIdentity> {
  const s = await db.staffUser.create({ data: { email, name: email, subject: `sub-${email}` } });
  if (grant) await db.staffGrant.create({ data: { staffId: s.id, role: grant.role, tenantId: grant.tenantId ?? null } });
  const session = await db.staffSession.create({ data: { staffId: s.id, expiresAt: new Date(Date.now() + 3_600_000) } });
  return { staffId: s.id, sessionId: session.id, email, name: email, oidcGroups: [] };
}

it("registers every staff, team and audit action with an example", () => {
  const names = registeredActions().map((a) => a.name);
  for (const n of [
    "settings.staff.add",
    "settings.staff.grant.add",
    "settings.staff.grant.remove",
    "settings.staff.status",
    "settings.team.create",
    "settings.team.update",
    "settings.team.delete",
    "settings.team.member.add",
    "settings.team.member.remove",
    "audit.verify",
  ]) {
    expect(names).toContain(n);
  }
  expect(registeredActions().filter((a) => a.name.startsWith("settings.staff") || a.name.startsWith("settings.team")).every((a) => a.hasExample)).toBe(true);
});

describeDatabases("staff actions through the wrapper", (getDb) => {
  beforeEach(async () => resetDatabase(getDb()));

  it("an Administrator disables a member (sessions revoked, audited); a Read-only Administrator is refused", async () => {
    const db = getDb();
    const admin = await member(db, "admin@msp.test", { role: "admin" });
    const ro = await member(db, "ro@msp.test", { role: "readonly_admin" });
    const tech = await member(db, "tech@msp.test", { role: "technician" });

    const denied = await setStaffMemberStatus.run({ db, staff: ro, meta, rawInput: { staffId: tech.staffId, status: "disabled" } });
    expect(denied).toMatchObject({ ok: false, code: "forbidden" });
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: tech.staffId } })).status).toBe("active");

    const self = await setStaffMemberStatus.run({ db, staff: admin, meta, rawInput: { staffId: admin.staffId, status: "disabled" } });
    expect(self).toMatchObject({ ok: false, code: "forbidden" });

    const ok = await setStaffMemberStatus.run({ db, staff: admin, meta, rawInput: { staffId: tech.staffId, status: "disabled", ticketId: "CHG-1" } });
    expect(ok).toEqual({ ok: true, data: { status: "disabled", revokedSessions: 1 } });
    expect(await db.staffSession.count({ where: { staffId: tech.staffId, revokedAt: null } })).toBe(0);

    const rows = await db.auditEvent.findMany({ where: { action: "settings.staff.status" }, orderBy: { seq: "asc" } });
    // Refused by the permission table: one denied row. Refused by the body (own account): its attempt
    // row, then the denial linked to it. Allowed: attempt, then success.
    expect(rows.map((r) => [r.staffEmail, r.outcome, r.errorCode, r.attemptSeq])).toEqual([
      ["ro@msp.test", "denied", "forbidden", null],
      ["admin@msp.test", "attempt", null, null],
      ["admin@msp.test", "denied", "forbidden", rows[1]!.seq],
      ["admin@msp.test", "attempt", null, null],
      ["admin@msp.test", "success", null, rows[3]!.seq],
    ]);
    expect(rows[4]?.targetName).toBe("tech@msp.test");
  });

  it("the only Administrator may not remove their own admin grant; once another exists they may step down (audited)", async () => {
    const db = getDb();
    const admin = await member(db, "admin@msp.test", { role: "admin" });
    const grant = await db.staffGrant.findFirstOrThrow({ where: { staffId: admin.staffId } });
    const refused = await removeStaffGrant.run({ db, staff: admin, meta, rawInput: { grantId: grant.id } });
    expect(refused).toEqual({ ok: false, code: "forbidden", error: LAST_ADMINISTRATOR_MESSAGE });
    expect(await db.staffGrant.count({ where: { id: grant.id } })).toBe(1);

    await member(db, "other@msp.test", { role: "admin" });
    expect(await removeStaffGrant.run({ db, staff: admin, meta, rawInput: { grantId: grant.id } })).toMatchObject({ ok: true });
    const rows = await db.auditEvent.findMany({ where: { action: "settings.staff.grant.remove" }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => [r.outcome, r.errorCode, r.errorSummary])).toEqual([
      ["attempt", null, null],
      ["denied", "last_administrator", LAST_ADMINISTRATOR_MESSAGE],
      ["attempt", null, null],
      ["success", null, null],
    ]);
  });

  it("returns field errors for bad input and conflict messages from the services", async () => {
    const db = getDb();
    const admin = await member(db, "admin@msp.test", { role: "admin" });
    const bad = await addStaffMember.run({ db, staff: admin, meta, rawInput: { email: "not-an-email" } });
    expect(bad).toMatchObject({ ok: false, code: "invalid", fieldErrors: { email: expect.any(Array) } });
    expect(await addStaffMember.run({ db, staff: admin, meta, rawInput: { email: "x@msp.test" } })).toMatchObject({ ok: true });
    const dup = await addStaffMember.run({ db, staff: admin, meta, rawInput: { email: "X@msp.test" } });
    expect(dup).toMatchObject({ ok: false, code: "invalid", fieldErrors: { email: ["Already a staff member"] } });
    const team = await createTeamDef.run({ db, staff: admin, meta, rawInput: { name: "T", role: "helpdesk", scopeType: "orgs" } });
    expect(team).toMatchObject({ ok: false, code: "invalid", fieldErrors: { tenantIds: ["Choose at least one org"] } });
  });

  it("verifies the audit chain only for audit.read.all", async () => {
    const db = getDb();
    const ro = await member(db, "ro@msp.test", { role: "readonly_admin" });
    const tech = await member(db, "tech@msp.test", { role: "technician" });
    expect(await verifyAuditChainDef.run({ db, staff: tech, meta, rawInput: {} })).toMatchObject({ ok: false, code: "forbidden" });
    const ok = await verifyAuditChainDef.run({ db, staff: ro, meta, rawInput: {} });
    expect(ok).toMatchObject({ ok: true, data: { ok: true } });
  });
});

describeDatabases("org picker model", (getDb) => {
  beforeEach(async () => resetDatabase(getDb()));

  it("lists only visible, non-archived orgs with display fields, recent first", async () => {
    const db = getDb();
    const mk = (slug: string, archived = false, tags: string[] = []) =>
      db.tenant.create({
        data: { slug, name: slug.toUpperCase(), orgUrl: `https://${slug}.okta.com`, credentialCiphertext: "v1.secret", archivedAt: archived ? new Date() : null, tags: { create: tags.map((tag) => ({ tag })) } },
      });
    const acme = await mk("acme", false, ["eu"]);
    const beta = await mk("beta");
    const gone = await mk("gone", true);
    await mk("other");
    const tech = await member(db, "tech@msp.test");
    for (const t of [acme, beta, gone]) await db.staffGrant.create({ data: { staffId: tech.staffId, role: "technician", tenantId: t.id } });

    await recordTenantVisit(db, tech.staffId, beta.id);
    const orgs = await orgPickerModel(tech, db);
    expect(orgs).toEqual([
      { slug: "beta", name: "BETA", mastery: "okta", tags: [], recent: true, searchUsers: true },
      { slug: "acme", name: "ACME", mastery: "okta", tags: ["eu"], recent: false, searchUsers: true },
    ]);
    expect(JSON.stringify(orgs)).not.toContain("secret");

    const admin = await member(db, "admin@msp.test", { role: "admin" });
    expect((await orgPickerModel(admin, db)).map((o) => o.slug)).toEqual(["acme", "beta", "other"]);
    expect(await orgPickerModel(await member(db, "none@msp.test"), db)).toEqual([]);
    // Billing sees the orgs but not their users: the palette does not search users for them.
    const billing = await orgPickerModel(await member(db, "billing@msp.test", { role: "billing" }), db);
    expect(billing.length).toBeGreaterThan(0);
    expect(billing.every((o) => o.searchUsers === false)).toBe(true);
  });

  it("keeps the newest visits only", async () => {
    const db = getDb();
    const s = await member(db, "a@msp.test");
    const base = Date.now();
    for (let i = 0; i < RECENT_TENANTS_KEPT + 3; i++) {
      const t = await db.tenant.create({ data: { slug: `t${i}`, name: `T${i}`, orgUrl: "https://x.okta.com" } });
      await recordTenantVisit(db, s.staffId, t.id, new Date(base + i * 1000));
    }
    const rows = await db.recentTenant.findMany({ where: { staffId: s.staffId }, include: { tenant: true }, orderBy: { usedAt: "desc" } });
    expect(rows).toHaveLength(RECENT_TENANTS_KEPT);
    expect(rows[0]?.tenant.slug).toBe(`t${RECENT_TENANTS_KEPT + 2}`);
  });
});
