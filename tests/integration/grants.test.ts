import { beforeEach, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { effectiveAccess, roleLabels, whoCanDoWhat } from "@/lib/rbac/grants";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

async function staff(db: Db, email: string, status = "active") {
  return db.staffUser.create({ data: { email, name: email.split("@")[0] ?? email, status } });
}

async function tenant(db: Db, slug: string, opts: { tags?: string[]; archived?: boolean } = {}) {
  return db.tenant.create({
    data: {
      slug,
      name: slug[0]?.toUpperCase() + slug.slice(1),
      orgUrl: `https://${slug}.okta.com`,
      archivedAt: opts.archived ? new Date() : null,
      tags: { create: (opts.tags ?? []).map((tag) => ({ tag })) },
    },
  });
}

describeDatabases("grant resolution", (getDb) => {
  let acme: { id: string };
  let globex: { id: string };
  let initech: { id: string };
  let old: { id: string };

  beforeEach(async () => {
    const db = getDb();
    await resetDatabase(db);
    acme = await tenant(db, "acme", { tags: ["retail"] });
    globex = await tenant(db, "globex", { tags: ["retail", "eu"] });
    initech = await tenant(db, "initech");
    old = await tenant(db, "oldco", { tags: ["retail"], archived: true });
  });

  it("direct grant in one org", async () => {
    const db = getDb();
    const s = await staff(db, "hd@msp.test");
    await db.staffGrant.create({ data: { staffId: s.id, role: "helpdesk", tenantId: acme.id } });
    const a = await effectiveAccess(db, s.id);
    expect([...a.rolesFor(acme.id)]).toEqual(["helpdesk"]);
    expect(a.rolesFor(globex.id).size).toBe(0);
    expect(a.visibleTenants.map((t) => t.slug)).toEqual(["acme"]);
    expect(a.visibleTenants[0]?.sources).toEqual([expect.objectContaining({ kind: "direct", role: "helpdesk", scope: "org" })]);
    expect(a.can("users.unlock", acme.id)).toBe(true);
    expect(a.can("users.create", acme.id)).toBe(false);
    expect(a.can("users.unlock", globex.id)).toBe(false);
    expect(a.can("users.unlock")).toBe(true);
    expect(a.consoleRoles.size).toBe(0);
    expect(a.can("settings.tenants.read")).toBe(false);
  });

  it("direct grant for all orgs (tenantId null) skips archived orgs", async () => {
    const db = getDb();
    const s = await staff(db, "tech@msp.test");
    await db.staffGrant.create({ data: { staffId: s.id, role: "technician", tenantId: null } });
    const a = await effectiveAccess(db, s.id);
    expect(a.visibleTenants.map((t) => t.slug)).toEqual(["acme", "globex", "initech"]);
    expect(a.rolesFor(old.id).size).toBe(0);
    expect(a.can("users.read", old.id)).toBe(false);
    expect(a.can("settings.tenants.read")).toBe(false);
  });

  it("admin granted in one org applies to every org and the console", async () => {
    const db = getDb();
    const s = await staff(db, "admin@msp.test");
    await db.staffGrant.create({ data: { staffId: s.id, role: "admin", tenantId: acme.id } });
    const a = await effectiveAccess(db, s.id);
    expect(a.visibleTenants.map((t) => t.slug)).toEqual(["acme", "globex", "initech"]);
    expect(a.can("settings.tenants.manage")).toBe(true);
    expect(a.can("users.delete", initech.id)).toBe(true);
    expect(a.can("users.read", old.id)).toBe(false);
  });

  it("teams: all, chosen orgs and tag scopes", async () => {
    const db = getDb();
    const s = await staff(db, "t@msp.test");
    const all = await db.team.create({ data: { name: "Billing", role: "billing", scopeType: "all" } });
    const orgs = await db.team.create({ data: { name: "Acme techs", role: "technician", scopeType: "orgs", tenants: { create: [{ tenantId: acme.id }] } } });
    const tag = await db.team.create({ data: { name: "Retail HD", role: "helpdesk", scopeType: "tag", scopeTag: "retail" } });
    for (const team of [all, orgs, tag]) await db.teamMember.create({ data: { teamId: team.id, staffId: s.id } });
    const a = await effectiveAccess(db, s.id);
    expect(new Set(a.rolesFor(acme.id))).toEqual(new Set(["billing", "technician", "helpdesk"]));
    expect(new Set(a.rolesFor(globex.id))).toEqual(new Set(["billing", "helpdesk"]));
    expect(new Set(a.rolesFor(initech.id))).toEqual(new Set(["billing"]));
    expect(a.rolesFor(old.id).size).toBe(0);
    // billing for all orgs counts for the console's per-org user counts, nothing else
    expect([...a.consoleRoles]).toEqual(["billing"]);
    expect(a.can("billing.userCounts")).toBe(true);
    expect(a.can("settings.staff.read")).toBe(false);
    const acmeSources = a.sourcesFor(acme.id);
    expect(acmeSources.map((x) => (x.kind === "team" ? x.teamName : x.kind)).sort()).toEqual(["Acme techs", "Billing", "Retail HD"]);
    expect(acmeSources.find((x) => x.kind === "team" && x.scope === "tag")).toMatchObject({ tag: "retail", membership: "manual" });
    expect(roleLabels(a.rolesFor(acme.id))).toBe("Technician, Help Desk, Billing");
  });

  it("OIDC-bound team membership counts like a manual one", async () => {
    const db = getDb();
    const s = await staff(db, "o@msp.test");
    const team = await db.team.create({ data: { name: "EU readers", role: "readonly_admin", scopeType: "tag", scopeTag: "eu", oidcGroup: "msp-ro" } });
    await db.teamMember.create({ data: { teamId: team.id, staffId: s.id, source: "oidc" } });
    const a = await effectiveAccess(db, s.id);
    // readonly_admin is an all-org role: the tag scope does not narrow it
    expect(a.visibleTenants.map((t) => t.slug)).toEqual(["acme", "globex", "initech"]);
    expect(a.can("audit.read.all")).toBe(true);
    expect(a.can("users.update", acme.id)).toBe(false);
    expect(a.sourcesFor(globex.id)[0]).toMatchObject({ kind: "team", membership: "oidc" });
  });

  it("union of several grants", async () => {
    const db = getDb();
    const s = await staff(db, "u@msp.test");
    await db.staffGrant.create({ data: { staffId: s.id, role: "helpdesk", tenantId: acme.id } });
    await db.staffGrant.create({ data: { staffId: s.id, role: "billing", tenantId: initech.id } });
    const team = await db.team.create({ data: { name: "Globex tech", role: "technician_no_deeplink", scopeType: "orgs", tenants: { create: [{ tenantId: globex.id }, { tenantId: acme.id }] } } });
    await db.teamMember.create({ data: { teamId: team.id, staffId: s.id } });
    const a = await effectiveAccess(db, s.id);
    // In acme both grants apply: the union of Help Desk and Technician (no deep links).
    expect(a.can("users.unlock", acme.id)).toBe(true);
    expect(a.can("users.create", acme.id)).toBe(true);
    expect(a.can("okta.deepLink", acme.id)).toBe(false);
    // Grants do not leak across orgs: Billing in initech sees counts only.
    expect(a.can("tenant.userCount", initech.id)).toBe(true);
    expect(a.can("users.read", initech.id)).toBe(false);
    expect(a.can("users.create", globex.id)).toBe(true);
  });

  it("disabled or unknown staff have no access", async () => {
    const db = getDb();
    const s = await staff(db, "gone@msp.test", "disabled");
    await db.staffGrant.create({ data: { staffId: s.id, role: "admin", tenantId: null } });
    const a = await effectiveAccess(db, s.id);
    expect(a.visibleTenants).toEqual([]);
    expect(a.can("settings.tenants.read")).toBe(false);
    expect(a.rolesFor(acme.id).size).toBe(0);
    expect((await effectiveAccess(db, "nope")).visibleTenants).toEqual([]);
  });

  it("grant on an archived org gives nothing", async () => {
    const db = getDb();
    const s = await staff(db, "arch@msp.test");
    await db.staffGrant.create({ data: { staffId: s.id, role: "technician", tenantId: old.id } });
    const a = await effectiveAccess(db, s.id);
    expect(a.visibleTenants).toEqual([]);
    expect(a.can("tenant.view", old.id)).toBe(false);
  });

  it("who can do what in one org", async () => {
    const db = getDb();
    const admin = await staff(db, "admin@msp.test");
    const hd = await staff(db, "hd@msp.test");
    const other = await staff(db, "other@msp.test");
    const off = await staff(db, "off@msp.test", "disabled");
    await db.staffGrant.create({ data: { staffId: admin.id, role: "admin", tenantId: initech.id } });
    await db.staffGrant.create({ data: { staffId: other.id, role: "technician", tenantId: initech.id } });
    await db.staffGrant.create({ data: { staffId: off.id, role: "technician", tenantId: acme.id } });
    const team = await db.team.create({ data: { name: "Retail HD", role: "helpdesk", scopeType: "tag", scopeTag: "retail" } });
    await db.teamMember.create({ data: { teamId: team.id, staffId: hd.id, source: "oidc" } });

    const list = await whoCanDoWhat(db, acme.id);
    expect(list.map((e) => e.email)).toEqual(["admin@msp.test", "hd@msp.test"]);
    const hdEntry = list.find((e) => e.email === "hd@msp.test");
    expect(hdEntry?.roles).toEqual(["helpdesk"]);
    expect(hdEntry?.sources).toEqual([expect.objectContaining({ kind: "team", teamName: "Retail HD", membership: "oidc" })]);
    expect(hdEntry?.permissions).toContain("users.unlock");
    expect(hdEntry?.permissions).not.toContain("users.create");
    expect(hdEntry?.permissions.every((p) => !p.startsWith("settings."))).toBe(true);
    expect(list.find((e) => e.email === "admin@msp.test")?.permissions).toContain("users.delete");
    expect(await whoCanDoWhat(db, old.id)).toEqual([]);
    expect((await whoCanDoWhat(db, initech.id)).map((e) => e.email)).toEqual(["admin@msp.test", "other@msp.test"]);
  });
});
