// Group actions against the emulator through the wrapper: create / edit / delete (Okta groups only),
// adding and removing several members, the Help Desk refusals (an admin-role group, a privileged user)
// with no Okta write in the request log, the read-only refusals for app-imported and built-in groups,
// the blast-radius previews (apps a removed member loses; what deleting a group changes), the list and
// detail reads. The emulator is shared by the SQLite and PostgreSQL runs: names carry a random suffix.
import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import { DEMO_CUSTOMERS } from "../../emulator/seeds";
import type { CoreArgs, GatewayFactory } from "@/lib/actions";
import { oktaReads } from "@/lib/actions/audit-throttle";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { createOktaGateway } from "@/lib/okta/gateway";
import { addGroupMembersAction, createGroupAction, deleteGroupAction, removeGroupMembersAction, updateGroupAction } from "@/lib/groups/actions";
import { deleteImpactAction, removalImpactAction } from "@/lib/groups/impact";
import { groupDetailView } from "@/lib/groups/detail";
import { groupsPage } from "@/lib/groups/list";
import { forgetServiceAccountGroups } from "@/lib/users/privilege";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

vi.mock("@/lib/db", () => ({ db: () => undefined }));

let emu: RunningEmulator;
let token: string;
beforeAll(async () => {
  const spec = DEMO_CUSTOMERS.find((c) => c.slug === "acme")!;
  emu = await startEmulator({ port: 0, orgs: [buildCustomerOrg({ ...spec, users: 150, history: undefined }, "demo", Date.now()).builder.org] });
  token = emu.org("acme").apiTokens[0]!.token;
});
afterAll(async () => emu?.stop());

const gatewayFor =
  (db: Db): GatewayFactory =>
  async (tenant) => {
    const row = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    return createOktaGateway({ tenantId: row.id, orgUrl: emu.orgUrl("acme"), credential: { type: "ssws", token }, allowLocalOrgUrls: true });
  };

/** A direct call to the emulator (setting up facts the console does not change itself). */
async function okta(method: string, path: string, body?: unknown) {
  const res = await fetch(`${emu.orgUrl("acme")}${path}`, { method, headers: { Authorization: `SSWS ${token}`, "Content-Type": "application/json", Accept: "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const writes = () => emu.requests("acme").requests.filter((r) => r.method !== "GET");
const suffix = () => crypto.randomBytes(3).toString("hex");

describeDatabases("group actions", (getDb) => {
  const staff: Record<string, StaffIdentity> = {};
  beforeEach(async () => {
    const db = getDb();
    await resetDatabase(db);
    oktaReads.reset();
    forgetServiceAccountGroups();
    const tenant = await db.tenant.create({ data: { slug: "acme", name: "Acme", orgUrl: "https://acme.okta.com" } });
    for (const [key, role] of [
      ["tech", "technician"],
      ["hd", "helpdesk"],
      ["ro", "readonly_admin"],
    ] as const) {
      const row = await db.staffUser.create({ data: { email: `${key}@msp.test`, name: key } });
      if (role === "readonly_admin") await db.staffGrant.create({ data: { staffId: row.id, role } });
      else await db.staffGrant.create({ data: { staffId: row.id, role, tenantId: tenant.id } });
      staff[key] = { staffId: row.id, sessionId: `s-${key}`, email: `${key}@msp.test`, name: key, oidcGroups: [] };
    }
    emu.clearRequests();
  });
  const args = (key: string, rawInput: unknown): CoreArgs => ({ db: getDb(), staff: staff[key]!, slug: "acme", rawInput, meta: { ip: "198.51.100.7", userAgent: "vitest" }, gatewayFor: gatewayFor(getDb()) });
  const org = () => emu.org("acme");
  const groupNamed = (name: string) => [...org().groups.values()].find((g) => g.profile.name === name)!;
  const admins = () => new Set([...org().roles].filter(([, r]) => r.length > 0).map(([id]) => id));
  const saGroup = () => groupNamed("Service Accounts");
  /** Active people without an admin role, outside the service-account group, not yet in `groupId`. */
  const plainPeople = (n: number, notIn?: string) => {
    const a = admins();
    const sa = org().memberships.get(saGroup().id)!;
    return [...org().users.values()]
      .filter((u) => u.status === "ACTIVE" && !a.has(u.id) && !sa.has(u.id) && !(notIn && org().memberships.get(notIn)?.has(u.id)) && !org().memberships.get(groupNamed("Okta Administrators").id)!.has(u.id))
      .sort(() => Math.random() - 0.5)
      .slice(0, n);
  };
  const createGroup = async (key = "tech") => {
    const name = `Project ${suffix()}`;
    const r = await createGroupAction.run(args(key, { name, description: "A test group", ticketId: "T-1" }));
    if (!r.ok) throw new Error(r.error);
    return { id: r.data.groupId, name };
  };

  it("a technician creates, edits and deletes an Okta group; a duplicate name is refused next to the Name field", async () => {
    const g = await createGroup();
    expect(org().groups.get(g.id)?.profile).toMatchObject({ name: g.name, description: "A test group" });
    const dup = await createGroupAction.run(args("tech", { name: g.name.toUpperCase() }));
    expect(dup).toMatchObject({ ok: false, code: "invalid", fieldErrors: { name: ["A group with this name already exists in Acme."] } });
    expect(await createGroupAction.run(args("tech", { name: "   " }))).toMatchObject({ ok: false, code: "invalid", fieldErrors: { name: ["Enter a name for the group."] } });

    const renamed = `${g.name} (renamed)`;
    const up = await updateGroupAction.run(args("tech", { groupId: g.id, name: renamed, description: "" }));
    expect(up).toMatchObject({ ok: true, data: { changed: ["name", "description"] } });
    expect(org().groups.get(g.id)?.profile.name).toBe(renamed);
    expect(org().groups.get(g.id)?.profile.description ?? null).toBeNull();

    emu.clearRequests();
    const wrong = await deleteGroupAction.run(args("tech", { groupId: g.id, confirmName: "something else" }));
    expect(wrong).toMatchObject({ ok: false, code: "invalid", fieldErrors: { confirmName: [`Type ${renamed} to confirm.`] } });
    expect(writes()).toEqual([]);
    expect(await deleteGroupAction.run(args("tech", { groupId: g.id, confirmName: renamed.toLowerCase() }))).toMatchObject({ ok: true });
    expect(org().groups.has(g.id)).toBe(false);

    const rows = await getDb().auditEvent.findMany({ where: { action: { in: ["group.create", "group.update", "group.delete"] }, outcome: "success" }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.action)).toEqual(["group.create", "group.update", "group.delete"]);
    expect(rows[0]!.ticketId).toBe("T-1");
    expect(JSON.parse(rows[0]!.oktaRequestIds)).toHaveLength(1);
  });

  it("Help Desk may not create or delete groups; Read-only Administrators change nothing", async () => {
    expect(await createGroupAction.run(args("hd", { name: `Nope ${suffix()}` }))).toMatchObject({ ok: false, code: "forbidden" });
    expect(await addGroupMembersAction.run(args("ro", { groupId: groupNamed("Managers").id, userIds: [plainPeople(1)[0]!.id] }))).toMatchObject({ ok: false, code: "forbidden" });
    expect(emu.requests("acme").count).toBe(0);
  });

  it("adds three people in one go and removes two of them; each outcome is Okta's", async () => {
    const g = await createGroup();
    const three = plainPeople(3, g.id);
    const add = await addGroupMembersAction.run(args("tech", { groupId: g.id, userIds: three.map((u) => u.id) }));
    expect(add).toMatchObject({ ok: true, data: { groupName: g.name, failed: [] } });
    expect(add.ok && [...add.data.done].sort()).toEqual(three.map((u) => u.id).sort());
    expect([...org().memberships.get(g.id)!].sort()).toEqual(three.map((u) => u.id).sort());
    expect(writes().filter((w) => w.method === "PUT")).toHaveLength(3);

    const remove = await removeGroupMembersAction.run(args("hd", { groupId: g.id, userIds: three.slice(0, 2).map((u) => u.id) }));
    expect(remove).toMatchObject({ ok: true, data: { failed: [] } });
    expect([...org().memberships.get(g.id)!]).toEqual([three[2]!.id]);
  });

  it("Help Desk: never the members of a group that grants an admin role; no Okta write, audited as denied", async () => {
    const adminGroup = groupNamed("Okta Administrators");
    const [person] = plainPeople(1);
    emu.clearRequests();
    const r = await addGroupMembersAction.run(args("hd", { groupId: adminGroup.id, userIds: [person!.id], ticketId: "T-9" }));
    expect(r).toMatchObject({ ok: false, code: "forbidden" });
    expect(!r.ok && r.error).toMatch(/^Okta Administrators grants an Okta admin role \(Read Only Administrator\); your role in Acme \(Help Desk\) does not allow changing its members\. Nothing was changed\.$/);
    expect(writes()).toEqual([]);
    expect(org().memberships.get(adminGroup.id)!.has(person!.id)).toBe(false);
    const member = [...org().memberships.get(adminGroup.id)!][0]!;
    expect(await removeGroupMembersAction.run(args("hd", { groupId: adminGroup.id, userIds: [member] }))).toMatchObject({ ok: false, code: "forbidden" });
    expect(writes()).toEqual([]);
    const denied = await getDb().auditEvent.findMany({ where: { action: { in: ["group.members.add", "group.members.remove"] }, outcome: "denied" } });
    expect(denied.map((d) => d.errorCode)).toEqual(["admin_role_group", "admin_role_group"]);
    expect(denied[0]!.ticketId).toBe("T-9");
    // A technician may.
    expect(await addGroupMembersAction.run(args("tech", { groupId: adminGroup.id, userIds: [person!.id] }))).toMatchObject({ ok: true });
    await removeGroupMembersAction.run(args("tech", { groupId: adminGroup.id, userIds: [person!.id] }));
  });

  it("Help Desk: never a privileged user (an Okta admin, a service account) in any group; no Okta write", async () => {
    const g = await createGroup();
    const admin = [...admins()].map((id) => org().users.get(id)!).find((u) => u.status === "ACTIVE" && !u.profile.login.startsWith("msp-"))!;
    const service = [...org().memberships.get(saGroup().id)!].map((id) => org().users.get(id)!)[0]!;
    const [plain] = plainPeople(1, g.id);
    emu.clearRequests();
    const r = await addGroupMembersAction.run(args("hd", { groupId: g.id, userIds: [plain!.id, admin.id] }));
    expect(r).toMatchObject({ ok: false, code: "forbidden" });
    expect(!r.ok && r.error).toContain(admin.profile.login);
    expect(await addGroupMembersAction.run(args("hd", { groupId: g.id, userIds: [service.id] }))).toMatchObject({ ok: false, code: "forbidden" });
    expect(writes()).toEqual([]);
    expect(org().memberships.get(g.id)!.size).toBe(0);
    const denied = await getDb().auditEvent.findMany({ where: { action: "group.members.add", outcome: "denied" } });
    expect(denied.map((d) => d.errorCode)).toEqual(["privileged_target", "privileged_target"]);
    // The plain person alone is fine for Help Desk.
    expect(await addGroupMembersAction.run(args("hd", { groupId: g.id, userIds: [plain!.id] }))).toMatchObject({ ok: true, data: { done: [plain!.id] } });
  });

  it("app-imported and built-in groups are read-only with the reason; no Okta write", async () => {
    const imported = [...org().groups.values()].find((g) => g.type === "APP_GROUP")!;
    const everyone = groupNamed("Everyone");
    const [person] = plainPeople(1);
    emu.clearRequests();
    const edit = await updateGroupAction.run(args("tech", { groupId: imported.id, name: "Renamed", description: "" }));
    expect(edit).toMatchObject({ ok: false, code: "invalid" });
    expect(!edit.ok && edit.error).toMatch(/is imported from a directory or an app: its name, description and members are managed there.*Its name and description cannot be edited here\. Nothing was changed\.$/);
    expect(await deleteGroupAction.run(args("tech", { groupId: everyone.id, confirmName: "Everyone" }))).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("built into Okta") });
    expect(await addGroupMembersAction.run(args("tech", { groupId: imported.id, userIds: [person!.id] }))).toMatchObject({ ok: false, code: "invalid" });
    expect(writes()).toEqual([]);
    expect(imported.profile.name).not.toBe("Renamed");
  });

  it("an unknown group is 'not found' before any write", async () => {
    const r = await addGroupMembersAction.run(args("tech", { groupId: "00gnosuchgroup000001", userIds: [plainPeople(1)[0]!.id] }));
    expect(r).toMatchObject({ ok: false, code: "not_found" });
    // The previews say so instead of failing (the dialog shows it; the change then answers not found).
    const gone = "Okta has no group with this id in this org; it may have been deleted.";
    expect(await deleteImpactAction.run(args("tech", { groupId: "00gnosuchgroup000001" }))).toMatchObject({ ok: true, data: { gaps: [gone], warnings: [] } });
    expect(await removalImpactAction.run(args("tech", { groupId: "00gnosuchgroup000001", userIds: [plainPeople(1)[0]!.id] }))).toMatchObject({ ok: true, data: { gaps: [gone], users: [] } });
    expect(writes()).toEqual([]);
  });

  it("removal preview: the apps a member loses (only through this group) and keeps (another group, direct)", async () => {
    const g = await createGroup();
    const canva = [...org().apps.values()].find((a) => a.label === "Canva")!;
    const sf = [...org().apps.values()].find((a) => a.label === "Salesforce.com")!;
    await okta("PUT", `/api/v1/apps/${canva.id}/groups/${g.id}`, {});
    await okta("PUT", `/api/v1/apps/${sf.id}/groups/${g.id}`, {});
    const marketing = groupNamed("Users – Marketing");
    const marketer = [...org().memberships.get(marketing.id)!].map((id) => org().users.get(id)!).find((u) => u.status === "ACTIVE" && !admins().has(u.id))!;
    // People outside Marketing who hold Salesforce in no way yet.
    // (Nor in another run's test groups, which may grant the same apps.)
    const inTestGroups = new Set([...org().groups.values()].filter((x) => x.profile.name.startsWith("Project ")).flatMap((x) => [...(org().memberships.get(x.id) ?? [])]));
    const pool = plainPeople(200, g.id).filter((u) => !inTestGroups.has(u.id) && u.id !== marketer.id && !org().memberships.get(marketing.id)!.has(u.id) && !org().appUsers.get(sf.id)?.has(u.id));
    const [loner, direct] = pool;
    if (!loner || !direct) throw new Error("fixture: not enough people outside Marketing");
    await okta("POST", `/api/v1/apps/${sf.id}/users`, { id: direct!.id, scope: "USER", profile: { licenseType: "Standard" } });
    await addGroupMembersAction.run(args("tech", { groupId: g.id, userIds: [marketer.id, loner!.id, direct.id] }));
    if (org().appUsers.get(sf.id)?.get(marketer.id)?.direct) throw new Error("fixture: the marketer has Salesforce directly");
    emu.clearRequests();

    const r = await removalImpactAction.run(args("hd", { groupId: g.id, userIds: [marketer.id, loner!.id, direct.id], names: { [loner!.id]: "Loner" } }));
    if (!r.ok) throw new Error(r.error);
    const by = (id: string) => r.data.users.find((u) => u.userId === id)!;
    expect(by(loner!.id)).toMatchObject({ name: "Loner", loses: expect.arrayContaining([{ id: canva.id, label: "Canva" }, { id: sf.id, label: "Salesforce.com" }]), unknown: [] });
    expect(by(marketer.id).loses.map((a) => a.label)).not.toContain("Canva");
    // (Other runs on this shared emulator may have put the same person in more Canva groups.)
    expect(by(marketer.id).keeps.find((k) => k.id === canva.id)?.because).toMatch(/^still through (.+, )?Users – Marketing(, .+)?$/);
    expect(by(direct.id).keeps).toContainEqual({ id: sf.id, label: "Salesforce.com", because: "assigned to them directly" });
    expect(by(direct.id).loses.map((a) => a.label)).toEqual(["Canva"]);
    expect(r.data.gaps).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it("delete preview: members, apps, the rules that target it (they become invalid), policies, admin roles", async () => {
    const g = await createGroup();
    const canva = [...org().apps.values()].find((a) => a.label === "Canva")!;
    await okta("PUT", `/api/v1/apps/${canva.id}/groups/${g.id}`, {});
    await addGroupMembersAction.run(args("tech", { groupId: g.id, userIds: plainPeople(2, g.id).map((u) => u.id) }));
    const rule = await okta("POST", "/api/v1/groups/rules", { type: "group_rule", name: `To ${g.name}`.slice(0, 50), conditions: { expression: { type: "urn:okta:expression:1.0", value: 'user.department=="Nowhere"' } }, actions: { assignUserToGroups: { groupIds: [g.id] } } });
    emu.clearRequests();
    const r = await deleteImpactAction.run(args("tech", { groupId: g.id }));
    if (!r.ok) throw new Error(r.error);
    expect(r.data.members).toBe(2);
    expect(r.data.apps).toEqual([{ id: canva.id, label: "Canva" }]);
    expect(r.data.rules.map((x) => x.id)).toEqual([rule.id]);
    expect(r.data.warnings.join(" ")).toMatch(/1 group rule puts people in this group .*Okta marks a rule whose target group was deleted as invalid/);
    expect(r.data.adminRoles).toEqual([]);
    expect(writes()).toEqual([]);

    const mfa = await deleteImpactAction.run(args("tech", { groupId: groupNamed("Service Accounts").id }));
    if (!mfa.ok) throw new Error(mfa.error);
    expect(mfa.data.policies.length).toBeGreaterThan(0);
    expect(mfa.data.warnings[0]).toMatch(/polic(y|ies) refers? to this group/);
    const adm = await deleteImpactAction.run(args("tech", { groupId: groupNamed("Okta Administrators").id }));
    expect(adm.ok && adm.data.adminRoles).toEqual(["Read Only Administrator"]);
  });

  it("list: q, type filter (filter / search), counts from expand=stats, cursor paging; one Okta call a page", async () => {
    const all = await groupsPage.run(args("hd", { limit: "25" }));
    if (!all.ok) throw new Error(all.error);
    expect(all.data.groups.length).toBe(Math.min(25, org().groups.size));
    const marketing = all.data.groups.find((g) => g.name === "Users – Marketing")!;
    expect(marketing.usersCount).toBe(org().memberships.get(marketing.id)!.size);
    expect(marketing.appsCount).toBeGreaterThan(0);
    emu.clearRequests();
    const q = await groupsPage.run(args("hd", { q: "Users" }));
    expect(q.ok && q.data.groups.every((g) => g.name.startsWith("Users"))).toBe(true);
    expect(q.ok && q.data.nextAfter).toBeNull();
    expect(emu.requests("acme").requests.map((x) => x.path)).toEqual(["/api/v1/groups"]);
    const imported = await groupsPage.run(args("hd", { type: "APP_GROUP" }));
    expect(imported.ok && imported.data.groups.length > 0 && imported.data.groups.every((g) => g.type === "APP_GROUP")).toBe(true);
    const both = await groupsPage.run(args("hd", { type: "OKTA_GROUP", q: "users – s" }));
    expect(both.ok && both.data.query).toEqual({ mode: "search", search: 'type eq "OKTA_GROUP" and profile.name sw "users – s"' });
    expect(both.ok && both.data.groups.map((g) => g.name).every((n) => n.toLowerCase().startsWith("users – s"))).toBe(true);
    // Enough Okta groups for a second page of 25.
    const okGroups = () => [...org().groups.values()].filter((g) => g.type === "OKTA_GROUP").length;
    while (okGroups() <= 26) await okta("POST", "/api/v1/groups", { profile: { name: `Filler ${suffix()}` } });
    const page1 = await groupsPage.run(args("hd", { limit: "25", type: "OKTA_GROUP" }));
    if (!page1.ok || !page1.data.nextAfter) throw new Error("expected a second page");
    const page2 = await groupsPage.run(args("hd", { limit: "25", type: "OKTA_GROUP", after: page1.data.nextAfter }));
    expect(page2.ok && page2.data.groups.some((g) => page1.data.groups.some((x) => x.id === g.id))).toBe(false);
    expect(await groupsPage.run({ ...args("hd", {}), staff: null })).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("detail: sections read at once; members paged and searched; unknown or malformed ids answer null", async () => {
    const marketing = groupNamed("Users – Marketing");
    emu.clearRequests();
    const r = await groupDetailView.run(args("hd", { groupId: marketing.id }));
    if (!r.ok) throw new Error(r.error);
    expect(r.data.group).toMatchObject({ ok: true, data: { id: marketing.id, name: "Users – Marketing", type: "OKTA_GROUP" } });
    const [members, apps, rules, roles] = await Promise.all([r.data.members, r.data.apps, r.data.rules, r.data.roles]);
    expect(members.ok && members.data.kind === "page" && members.data.users.length).toBe(Math.min(50, org().memberships.get(marketing.id)!.size));
    expect(apps.ok && apps.data.items.map((a) => a.label)).toContain("Canva");
    expect(rules.ok && rules.data.rules.map((x) => x.name)).toContain("Marketing department");
    expect(roles).toEqual({ ok: true, data: [] });
    const someone = org().users.get([...org().memberships.get(marketing.id)!][0]!)!;
    const search = await groupDetailView.run(args("hd", { groupId: marketing.id, mq: someone.profile.lastName }));
    const found = search.ok ? await search.data.members : null;
    expect(found?.ok && found.data.kind === "search" && found.data.users.map((u) => u.id)).toContain(someone.id);
    const missing = await groupDetailView.run(args("hd", { groupId: "00gnosuchgroup000001" }));
    expect(missing.ok && missing.data.group).toEqual({ ok: true, data: null });
    if (missing.ok) await Promise.all([missing.data.members, missing.data.apps, missing.data.rules, missing.data.roles]);
    emu.clearRequests();
    const bad = await groupDetailView.run(args("hd", { groupId: "../users" }));
    expect(bad.ok && bad.data.group).toEqual({ ok: true, data: null });
    expect(emu.requests("acme").count).toBe(0);
  });
});
