// The app actions (lib/apps/actions.ts) through the one wrapper against the real emulator: assign and
// unassign to users and groups succeed with one Okta write and an audit row; each refusal (Help Desk on
// an Okta admin or a service account, an inactive app, already assigned, group-only assignment, an app
// that needs per-user fields, unknown ids, read-only roles) makes NO Okta write; the previews say who
// gains or loses the app, and a group assignment gives members the app on their dashboard (appLinks).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import type { OrgState, UserRecord } from "../../emulator/model";
import { staffDenials } from "@/lib/actions/audit-throttle";
import type { ActionResult } from "@/lib/actions";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { oktaGatewayFor } from "@/lib/okta/gateway";
import { tenantCreateSchema } from "@/lib/tenants/schemas";
import { createTenant } from "@/lib/tenants/service";
import { staffDisplayEmail } from "@/lib/staff/display";
import * as actions from "@/lib/apps/actions";
import { clearAppCounts } from "@/lib/apps/count-cache";
import { describeDatabases } from "../helpers/test-db";

process.env.CREDENTIAL_KEYS ??= `u1:${randomBytes(32).toString("base64")}`;
process.env.NEXTAUTH_SECRET ??= "u".repeat(40);
process.env.OKTA_ISSUER ??= "https://msp.example.com/oauth2/default";
process.env.OKTA_CLIENT_ID ??= "console";
process.env.OKTA_CLIENT_SECRET ??= "secret";
process.env.ALLOW_LOCAL_ORG_URLS = "true";

const ORG = "apps-acme";
const meta = { ip: "192.0.2.30", userAgent: "apps-actions-test" };

let emu: RunningEmulator;
let token = "";

// A fresh emulator for each database's run: the two runs together make more app requests than Okta's
// 100-a-minute apps limit allows (the emulator enforces it), and neither run may depend on the other.
async function startFreshOrg(): Promise<void> {
  await emu?.stop();
  const seeded = buildCustomerOrg({ slug: ORG, name: "Apps Acme", kind: "test", domain: "acme.apps.example", users: 80, master: "OKTA" }, "apps", Date.now());
  emu = await startEmulator({ port: 0, orgs: [seeded.builder.org] });
  token = seeded.apiToken;
  used.clear();
}
afterAll(async () => emu?.stop());

const org = (): OrgState => emu.org(ORG) as unknown as OrgState;
const app = (label: string) => [...org().apps.values()].find((a) => a.label === label)!;
const groupNamed = (name: string) => [...org().groups.values()].find((g) => g.profile.name === name)!;
const writes = () => emu.requests(ORG).requests.filter((r) => r.method !== "GET");
const used = new Set<string>();

function plainPerson(): UserRecord {
  const o = org();
  const u = [...o.users.values()].find((x) => {
    if (used.has(x.id) || x.status !== "ACTIVE" || (o.roles.get(x.id) ?? []).length || x.serviceAccount) return false;
    // Nobody who already has Canva (Marketing has it through its group), so counts are exact.
    if (o.appUsers.get(app("Canva").id)?.has(x.id)) return false;
    for (const [gid, members] of o.memberships) if (members.has(x.id) && /service/i.test(o.groups.get(gid)!.profile.name)) return false;
    return true;
  })!;
  used.add(u.id);
  return u;
}

/** A fresh Okta group with `n` plain people in it (the emulator is shared by both database runs). */
function freshGroup(n: number): { id: string; members: UserRecord[] } {
  const o = org();
  const id = `00g${randomBytes(9).toString("hex").slice(0, 17)}`;
  const ts = new Date().toISOString();
  o.groups.set(id, { id, created: ts, lastUpdated: ts, lastMembershipUpdated: ts, objectClass: ["okta:user_group"], type: "OKTA_GROUP", profile: { name: `Apps test ${id.slice(-6)}`, description: null } });
  const members = Array.from({ length: n }, plainPerson);
  o.memberships.set(id, new Set(members.map((m) => m.id)));
  return { id, members };
}

type Result = ActionResult<Record<string, unknown>>;

describeDatabases("app actions", (getDb) => {
  const staff = {} as Record<"technician" | "helpdesk" | "readonly", StaffIdentity>;

  beforeAll(async () => {
    await startFreshOrg();
    const db = getDb();
    const input = tenantCreateSchema.parse({ name: "Apps Acme", slug: ORG, orgUrl: emu.orgUrl(ORG), mastery: "okta", credentialType: "ssws", apiToken: token });
    const tenantId = (await createTenant(input, { db, keys: env().CREDENTIAL_KEYS, allowLocalOrgUrls: true })).id;
    for (const role of ["technician", "helpdesk", "readonly"] as const) {
      const s = await db.staffUser.create({ data: { email: `${role}-${randomBytes(3).toString("hex")}@msp.example`, name: role } });
      if (role === "readonly") await db.staffGrant.create({ data: { staffId: s.id, role: "readonly_admin", tenantId: null } });
      else await db.staffGrant.create({ data: { staffId: s.id, role, tenantId } });
      staff[role] = { staffId: s.id, sessionId: `apps-${role}`, email: staffDisplayEmail(s), name: s.name, oidcGroups: [] };
    }
  });

  beforeEach(() => {
    staffDenials.reset();
    emu.clearFaults();
    emu.clearRequests();
  });

  async function run(action: { run: (a: never) => Promise<unknown> }, who: keyof typeof staff, rawInput: unknown): Promise<Result> {
    return (await action.run({
      db: getDb(),
      staff: staff[who],
      meta,
      slug: ORG,
      rawInput,
      gatewayFor: ((t: { id: string }, db: Db) => oktaGatewayFor(t, { db, keys: env().CREDENTIAL_KEYS })) as never,
    } as never)) as Result;
  }

  async function outcomeRow(name: string) {
    const row = await getDb().auditEvent.findFirst({ where: { action: name, outcome: { not: "attempt" } }, orderBy: { seq: "desc" } });
    if (!row) throw new Error(`no audit row for ${name}`);
    return { ...row, input: JSON.parse(row.input) as Record<string, unknown>, oktaRequestIds: JSON.parse(row.oktaRequestIds) as string[] };
  }

  const ok = (r: Result) => {
    if (!r.ok) throw new Error(`expected success, got ${r.code}: ${r.error}`);
    return r.data;
  };

  it("assigning an app to a group gives every member the app (GROUP scope, appLinks); the preview counted them first", async () => {
    const zoom = app("Canva");
    const g = freshGroup(3);
    const preview = ok(await run(actions.appAssignmentPreview, "helpdesk", { kind: "assign_group", appId: zoom.id, groupId: g.id }));
    expect(preview).toMatchObject({ found: true, alreadyAssigned: false, impact: { members: 3, willReceive: 3, alreadyHave: 0, exact: true } });
    expect(writes()).toEqual([]);

    const r = await run(actions.assignAppToGroupAction, "helpdesk", { appId: zoom.id, groupId: g.id, ticketId: "INC-7" });
    expect(ok(r)).toEqual({ groupId: g.id });
    expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual([`PUT /api/v1/apps/${zoom.id}/groups/${g.id}`]);
    const row = await outcomeRow("app.assign_group");
    expect(row).toMatchObject({ outcome: "success", targetType: "group", targetId: g.id, ticketId: "INC-7" });
    expect(row.input).toEqual({ appId: zoom.id, groupId: g.id });
    expect(row.oktaRequestIds).toContain(writes()[0]!.requestId);
    for (const m of g.members) expect(org().appUsers.get(zoom.id)!.get(m.id)?.scope).toBe("GROUP");
    const links = await fetch(`${emu.orgUrl(ORG)}/api/v1/users/${g.members[0]!.id}/appLinks`, { headers: { Authorization: `SSWS ${token}` } }).then((x) => x.json());
    expect((links as Array<{ appInstanceId: string }>).map((l) => l.appInstanceId)).toContain(zoom.id);

    emu.clearRequests();
    const again = await run(actions.assignAppToGroupAction, "technician", { appId: zoom.id, groupId: g.id });
    expect(again).toMatchObject({ ok: false, code: "invalid" });
    expect(writes()).toEqual([]);
  });

  it("unassigning a group: the preview names who loses it (not those assigned directly or through another group)", async () => {
    const canva = app("Canva");
    const g = freshGroup(3);
    const other = freshGroup(0);
    const [direct, viaOther, loser] = g.members;
    org().memberships.get(other.id)!.add(viaOther!.id);
    for (const id of [g.id, other.id]) ok(await run(actions.assignAppToGroupAction, "technician", { appId: canva.id, groupId: id }));
    ok(await run(actions.assignAppToUserAction, "technician", { appId: canva.id, userId: direct!.id }));
    emu.clearRequests();
    const p = ok(await run(actions.appAssignmentPreview, "technician", { kind: "unassign_group", appId: canva.id, groupId: g.id }));
    expect(p).toMatchObject({ assigned: true, impact: { members: 3, lose: 1, keepDirect: 1, keepThroughOtherGroup: 1, exact: true } });
    expect((p.impact as { loseSample: Array<{ id: string }> }).loseSample.map((m) => m.id)).toEqual([loser!.id]);
    expect(writes()).toEqual([]);
    ok(await run(actions.unassignAppFromGroupAction, "technician", { appId: canva.id, groupId: g.id }));
    expect(org().appUsers.get(canva.id)!.has(loser!.id)).toBe(false);
    expect(org().appUsers.get(canva.id)!.has(direct!.id)).toBe(true);
    expect(org().appUsers.get(canva.id)!.has(viaOther!.id)).toBe(true);
  });

  it("assign and unassign a user directly; a user who also has it through a group keeps it", async () => {
    const slack = app("Zoom");
    const u = plainPerson();
    // Zoom is assigned to Everyone: a direct assignment on top of the group one.
    ok(await run(actions.assignAppToUserAction, "helpdesk", { appId: slack.id, userId: u.id }));
    const p = ok(await run(actions.appAssignmentPreview, "helpdesk", { kind: "unassign_user", appId: slack.id, userId: u.id }));
    expect(p).toMatchObject({ impact: { kind: "keeps" }, viaGroups: ["Everyone"] });
    const r = ok(await run(actions.unassignAppFromUserAction, "helpdesk", { appId: slack.id, userId: u.id }));
    expect(r).toEqual({ userId: u.id, keptThroughGroups: true });

    emu.clearRequests();
    const groupOnly = await run(actions.unassignAppFromUserAction, "helpdesk", { appId: slack.id, userId: u.id });
    expect(groupOnly).toMatchObject({ ok: false, code: "invalid" });
    expect(groupOnly.ok ? "" : groupOnly.error).toMatch(/only through a group/);
    expect(writes()).toEqual([]);

    const canva = app("Canva");
    const v = plainPerson();
    ok(await run(actions.assignAppToUserAction, "technician", { appId: canva.id, userId: v.id }));
    expect(ok(await run(actions.appAssignmentPreview, "technician", { kind: "unassign_user", appId: canva.id, userId: v.id }))).toMatchObject({ impact: { kind: "loses" } });
    expect(ok(await run(actions.unassignAppFromUserAction, "technician", { appId: canva.id, userId: v.id }))).toEqual({ userId: v.id, keptThroughGroups: false });
    expect(org().appUsers.get(canva.id)!.has(v.id)).toBe(false);
  });

  it("Help Desk is refused on an Okta admin and a service account, with no Okta write and a denied row", async () => {
    const canva = app("Canva");
    const o = org();
    // An admin without a direct Canva assignment (the other database run may have given one).
    const admin = [...o.users.values()].find((u) => (o.roles.get(u.id) ?? []).length > 0 && !u.serviceAccount && u.status === "ACTIVE" && !o.appUsers.get(canva.id)?.get(u.id)?.direct)!;
    const svc = [...o.users.values()].find((u) => u.serviceAccount)!;
    for (const target of [admin, svc]) {
      emu.clearRequests();
      const r = await run(actions.assignAppToUserAction, "helpdesk", { appId: canva.id, userId: target.id });
      expect(r).toMatchObject({ ok: false, code: "forbidden" });
      expect(writes()).toEqual([]);
      expect((await outcomeRow("app.assign_user")).outcome).toBe("denied");
    }
    // A Technician may.
    ok(await run(actions.assignAppToUserAction, "technician", { appId: canva.id, userId: admin.id }));
  });

  it("refuses an inactive app, an app that needs per-user fields (plain sentence), unknown ids and read-only roles; no write", async () => {
    const box = app("Box");
    const u = plainPerson();
    const inactive = await run(actions.assignAppToUserAction, "technician", { appId: box.id, userId: u.id });
    expect(inactive).toMatchObject({ ok: false, code: "invalid" });
    expect(inactive.ok ? "" : inactive.error).toMatch(/inactive/);

    const sf = app("Salesforce.com");
    const fields = await run(actions.assignAppToUserAction, "technician", { appId: sf.id, userId: u.id });
    expect(fields).toMatchObject({ ok: false, code: "invalid" });
    expect(fields.ok ? "" : fields.error).toMatch(/needs per-user fields .*licenseType/);
    expect(org().appUsers.get(sf.id)!.get(u.id)?.direct ?? false).toBe(false);
    expect((await outcomeRow("app.assign_user")).outcome).toBe("failure");

    emu.clearRequests();
    const missing = await run(actions.assignAppToGroupAction, "technician", { appId: "0oaNoSuchApp0000000x", groupId: groupNamed("Managers").id });
    expect(missing).toMatchObject({ ok: false, code: "not_found" });
    const badGroup = await run(actions.assignAppToGroupAction, "technician", { appId: app("Canva").id, groupId: "00gNoSuchGroup000000" });
    expect(badGroup).toMatchObject({ ok: false, code: "not_found" });
    const gone = ok(await run(actions.appAssignmentPreview, "technician", { kind: "assign_group", appId: "0oaNoSuchApp0000000x", groupId: groupNamed("Managers").id }));
    expect(gone).toMatchObject({ found: false, reason: expect.stringMatching(/no app with this id/) });
    const noGroup = ok(await run(actions.appAssignmentPreview, "technician", { kind: "assign_group", appId: app("Canva").id, groupId: "00gNoSuchGroup000000" }));
    expect(noGroup).toMatchObject({ found: false, reason: expect.stringMatching(/no group with this id/) });
    const ro = await run(actions.assignAppToGroupAction, "readonly", { appId: app("Canva").id, groupId: groupNamed("Managers").id });
    expect(ro).toMatchObject({ ok: false, code: "forbidden" });
    const bad = await run(actions.assignAppToUserAction, "technician", { appId: "not-an-app", userId: u.id });
    expect(bad).toMatchObject({ ok: false, code: "invalid" });
    expect(writes()).toEqual([]);
  });

  it("reads: the list pages with Okta's cursor and streams counts; the detail reads users (embedded) and groups (named)", async () => {
    const list = ok(await run(actions.appsListView, "readonly", {})) as unknown as { rows: Array<{ app: { label: string; id: string }; counts: Promise<{ ok: boolean; data: { users: { count: number }; groups: { count: number } } }> }>; nextAfter: string | null };
    expect(list.rows.map((r) => r.app.label)).toContain("Canva");
    const canvaRow = list.rows.find((r) => r.app.label === "Canva")!;
    const counts = await canvaRow.counts;
    expect(counts.ok).toBe(true);
    expect(counts.data.groups.count).toBeGreaterThan(0);
    const q = ok(await run(actions.appsListView, "readonly", { q: "zo" })) as unknown as { rows: Array<{ app: { label: string } }> };
    expect(q.rows.map((r) => r.app.label)).toEqual(["Zoom"]);

    const detail = ok(await run(actions.appDetailView, "helpdesk", { appId: app("Canva").id })) as unknown as {
      app: Promise<{ ok: true; data: { label: string } }>;
      users: Promise<{ ok: true; data: { rows: Array<{ displayName: string | null; scope: string }> } }>;
      groups: Promise<{ ok: true; data: { items: Array<{ name: string }> } }>;
    };
    expect((await detail.app).data.label).toBe("Canva");
    expect((await detail.groups).data.items.map((g) => g.name)).toContain("Users – Marketing");
    expect((await detail.users).data.rows.every((r) => r.displayName)).toBe(true);
    const unknown = ok(await run(actions.appDetailView, "helpdesk", { appId: "0oaNoSuchApp0000000x" })) as unknown as { app: Promise<{ ok: true; data: null }> };
    expect((await unknown.app).data).toBeNull();
  });

  it("keeps an app's list counts a minute (Okta's apps bucket is 100 a minute) and counts it again after the console changes its assignments", async () => {
    clearAppCounts();
    const canva = app("Canva");
    type CountsRow = { app: { id: string }; counts: Promise<{ ok: boolean; data: { users: { count: number } } }> };
    const view = async () => {
      emu.clearRequests();
      const list = ok(await run(actions.appsListView, "technician", { q: "Canva" })) as unknown as { rows: CountsRow[]; allCounts: Promise<unknown> };
      await list.allCounts;
      const counts = await list.rows.find((r) => r.app.id === canva.id)!.counts;
      const reads = emu.requests(ORG).requests.filter((r) => r.path.startsWith(`/api/v1/apps/${canva.id}/`)).map((r) => r.path.split("?")[0]);
      return { users: counts.data.users.count, reads };
    };
    const first = await view();
    expect(first.reads.sort()).toEqual([`/api/v1/apps/${canva.id}/groups`, `/api/v1/apps/${canva.id}/users`]);
    const second = await view();
    expect(second).toEqual({ users: first.users, reads: [] });

    const person = plainPerson();
    ok(await run(actions.assignAppToUserAction, "technician", { appId: canva.id, userId: person.id }));
    const third = await view();
    expect(third.reads).toContain(`/api/v1/apps/${canva.id}/users`);
    expect(third.users).toBe(first.users + 1);
  });
});
