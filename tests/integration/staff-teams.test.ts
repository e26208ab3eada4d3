// Staff and team administration services on every database we ship (SQLite; PostgreSQL when
// TEST_DATABASE_URL is set).
import { beforeEach, expect, it } from "vitest";
import { recordStaffSignIn } from "@/lib/auth/staff";
import type { Db } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/errors";
import { grantAddSchema, staffAddSchema, staffStatusSchema } from "@/lib/staff/schemas";
import { addGrant, addStaff, getStaffDetail, listStaff, removeGrant, setStaffStatus } from "@/lib/staff/service";
import { teamCreateSchema, teamUpdateSchema } from "@/lib/teams/schemas";
import { addTeamMember, createTeam, deleteTeam, getTeam, listTenantTags, removeTeamMember, updateTeam } from "@/lib/teams/service";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

async function staff(db: Db, email: string, name = email.split("@")[0] ?? email) {
  return db.staffUser.create({ data: { email, name, subject: `sub-${email}` } });
}

async function tenant(db: Db, slug: string, tags: string[] = [], archived = false) {
  return db.tenant.create({
    data: { slug, name: slug.toUpperCase(), orgUrl: `https://${slug}.okta.com`, archivedAt: archived ? new Date() : null, tags: { create: tags.map((tag) => ({ tag })) } },
  });
}

async function session(db: Db, staffId: string) {
  return db.staffSession.create({ data: { staffId, expiresAt: new Date(Date.now() + 3_600_000) } });
}

/** Expects an ActionError; "conflict" = code "invalid" with audit code "conflict". */
async function rejects(p: Promise<unknown>, code: "invalid" | "not_found" | "forbidden" | "conflict") {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ActionError);
  const e = err as ActionError;
  if (code === "conflict") {
    expect(e.code).toBe("invalid");
    expect(e.auditCode).toBe("conflict");
  } else expect(e.code).toBe(code);
  return e;
}

describeDatabases("staff administration", (getDb) => {
  beforeEach(async () => resetDatabase(getDb()));

  it("disabling revokes every open session and enabling does not bring them back", async () => {
    const db = getDb();
    const admin = await staff(db, "admin@msp.test");
    const tech = await staff(db, "tech@msp.test");
    await session(db, tech.id);
    await session(db, tech.id);
    const other = await session(db, admin.id);

    const result = await setStaffStatus(db, admin.id, staffStatusSchema.parse({ staffId: tech.id, status: "disabled", ticketId: " T-1 " }));
    expect(result.revokedSessions).toBe(2);
    const rows = await db.staffSession.findMany({ where: { staffId: tech.id } });
    expect(rows.every((r) => r.revokedAt instanceof Date)).toBe(true);
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: tech.id } })).status).toBe("disabled");
    expect((await db.staffSession.findUniqueOrThrow({ where: { id: other.id } })).revokedAt).toBeNull();

    const enabled = await setStaffStatus(db, admin.id, { staffId: tech.id, status: "active" });
    expect(enabled.revokedSessions).toBe(0);
    expect((await getStaffDetail(db, tech.id))?.activeSessions).toBe(0);
  });

  it("refuses to let a staff member disable themself", async () => {
    const db = getDb();
    const admin = await staff(db, "admin@msp.test");
    await session(db, admin.id);
    await rejects(setStaffStatus(db, admin.id, { staffId: admin.id, status: "disabled" }), "forbidden");
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: admin.id } })).status).toBe("active");
    expect(await db.staffSession.count({ where: { staffId: admin.id, revokedAt: null } })).toBe(1);
  });

  it("pre-adds a staff member by email; the first sign-in links to the same row and keeps the grants", async () => {
    const db = getDb();
    const acme = await tenant(db, "acme");
    const pre = await addStaff(db, staffAddSchema.parse({ email: "  New.Person@MSP.test ", name: "" }));
    expect(pre.email).toBe("new.person@msp.test");
    await addGrant(db, grantAddSchema.parse({ staffId: pre.id, role: "helpdesk", tenantId: acme.id }));
    await rejects(addStaff(db, staffAddSchema.parse({ email: "new.person@msp.test" })), "conflict");

    const listed = await listStaff(db, { status: "all", q: "new.person" });
    expect(listed).toHaveLength(1);
    expect(listed[0]?.signedIn).toBe(false);

    const signIn = await recordStaffSignIn(db, { subject: "okta-sub-1", email: "New.Person@msp.test", name: "New Person", emailVerified: true, groups: [] }, []);
    expect(signIn).toEqual({ ok: true, staffId: pre.id });
    const detail = await getStaffDetail(db, pre.id);
    expect(detail?.signedIn).toBe(true);
    expect(detail?.name).toBe("New Person");
    expect(detail?.grants.map((g) => [g.role, g.scope.kind === "orgs" ? g.scope.orgs[0]?.slug : g.scope.kind])).toEqual([["helpdesk", "acme"]]);
  });

  it("validates grants: all-org roles have no org, archived orgs and duplicates are refused, the only admin grant stays", async () => {
    const db = getDb();
    const admin = await staff(db, "admin@msp.test");
    const acme = await tenant(db, "acme");
    const old = await tenant(db, "old", [], true);
    expect(grantAddSchema.safeParse({ staffId: admin.id, role: "admin", tenantId: acme.id }).success).toBe(false);
    const adminGrant = await addGrant(db, grantAddSchema.parse({ staffId: admin.id, role: "admin", tenantId: "all" }));
    expect(adminGrant.tenant).toBeNull();
    await rejects(addGrant(db, grantAddSchema.parse({ staffId: admin.id, role: "admin" })), "conflict");
    await rejects(addGrant(db, grantAddSchema.parse({ staffId: admin.id, role: "technician", tenantId: old.id })), "invalid");
    await rejects(removeGrant(db, { grantId: adminGrant.grantId }), "forbidden");

    const other = await staff(db, "other@msp.test");
    const g = await addGrant(db, grantAddSchema.parse({ staffId: other.id, role: "technician", tenantId: acme.id }));
    await removeGrant(db, { grantId: g.grantId });
    expect(await db.staffGrant.count({ where: { staffId: other.id } })).toBe(0);
  });

  it("summarises direct and team grants with their source", async () => {
    const db = getDb();
    const tech = await staff(db, "tech@msp.test");
    await tenant(db, "acme", ["eu"]);
    const team = await createTeam(db, teamCreateSchema.parse({ name: "EU desk", role: "helpdesk", scopeType: "tag", scopeTag: "eu" }));
    await addTeamMember(db, { teamId: team.id, staffId: tech.id });
    await addGrant(db, grantAddSchema.parse({ staffId: tech.id, role: "readonly_admin" }));
    const [item] = await listStaff(db, { status: "active" });
    expect(item?.grants.map((g) => `${g.role}:${g.scope.kind}:${g.source.kind === "team" ? g.source.teamName : "direct"}`).sort()).toEqual([
      "helpdesk:tag:EU desk",
      "readonly_admin:all:direct",
    ]);
  });
});

describeDatabases("teams", (getDb) => {
  beforeEach(async () => resetDatabase(getDb()));

  it("scopes a team by tag: the tag must exist on an active org and is stored lowercase", async () => {
    const db = getDb();
    await tenant(db, "acme", ["eu", "retail"]);
    await tenant(db, "globex", ["us"]);
    await tenant(db, "gone", ["legacy"], true);
    expect(await listTenantTags(db)).toEqual(["eu", "retail", "us"]);

    await rejects(createTeam(db, teamCreateSchema.parse({ name: "X", role: "technician", scopeType: "tag", scopeTag: "nope" })), "invalid");
    expect(teamCreateSchema.safeParse({ name: "X", role: "technician", scopeType: "tag" }).success).toBe(false);
    const created = await createTeam(db, teamCreateSchema.parse({ name: "EU techs", role: "technician", scopeType: "tag", scopeTag: "EU" }));
    const team = await getTeam(db, created.id);
    expect(team?.scope).toEqual({ kind: "tag", tag: "eu" });
    expect(team?.tenantIds).toEqual([]);
    await rejects(createTeam(db, teamCreateSchema.parse({ name: "EU techs", role: "helpdesk", scopeType: "all" })), "conflict");
  });

  it("scopes by chosen active orgs; all-org roles always cover every org; edits replace the org list", async () => {
    const db = getDb();
    const acme = await tenant(db, "acme");
    const globex = await tenant(db, "globex");
    const gone = await tenant(db, "gone", [], true);
    expect(teamCreateSchema.safeParse({ name: "T", role: "technician", scopeType: "orgs" }).success).toBe(false);
    await rejects(createTeam(db, teamCreateSchema.parse({ name: "T", role: "technician", scopeType: "orgs", tenantIds: [acme.id, gone.id] })), "invalid");
    const t = await createTeam(db, teamCreateSchema.parse({ name: "T", role: "technician", scopeType: "orgs", tenantIds: [acme.id] }));
    await updateTeam(db, teamUpdateSchema.parse({ id: t.id, name: "T2", role: "technician", scopeType: "orgs", tenantIds: [globex.id] }));
    const detail = await getTeam(db, t.id);
    expect(detail?.name).toBe("T2");
    expect(detail?.tenantIds).toEqual([globex.id]);

    const ro = await createTeam(db, teamCreateSchema.parse({ name: "Auditors", role: "readonly_admin", scopeType: "orgs", tenantIds: [acme.id] }));
    expect((await getTeam(db, ro.id))?.scope).toEqual({ kind: "all" });
  });

  it("binds a team to an MSP group: members follow the stored groups claim and are not removable by hand", async () => {
    const db = getDb();
    const ana = await db.staffUser.create({ data: { email: "ana@msp.test", name: "Ana", oidcGroups: JSON.stringify(["MSP-Helpdesk"]) } });
    const bob = await staff(db, "bob@msp.test", "Bob");
    const t = await createTeam(db, teamCreateSchema.parse({ name: "Desk", role: "helpdesk", scopeType: "all", oidcGroup: "MSP-Helpdesk" }));
    let detail = await getTeam(db, t.id);
    expect(detail?.members.map((m) => [m.email, m.source])).toEqual([["ana@msp.test", "oidc"]]);

    await addTeamMember(db, { teamId: t.id, staffId: bob.id });
    await rejects(addTeamMember(db, { teamId: t.id, staffId: ana.id }), "conflict");
    await rejects(removeTeamMember(db, { teamId: t.id, staffId: ana.id }), "forbidden");

    // Unbinding drops the group-driven members, keeps the manual ones.
    await updateTeam(db, teamUpdateSchema.parse({ id: t.id, name: "Desk", role: "helpdesk", scopeType: "all" }));
    detail = await getTeam(db, t.id);
    expect(detail?.members.map((m) => [m.email, m.source])).toEqual([["bob@msp.test", "manual"]]);
    await removeTeamMember(db, { teamId: t.id, staffId: bob.id });
    expect((await getTeam(db, t.id))?.members).toEqual([]);

    const deleted = await deleteTeam(db, { id: t.id });
    expect(deleted.name).toBe("Desk");
    expect(await getTeam(db, t.id)).toBeNull();
  });
});
