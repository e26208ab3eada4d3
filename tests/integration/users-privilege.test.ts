// lib/users/privilege.ts against the emulator: what the console knows at action time about a user's
// privilege (admin roles, service-account group, the console's own principal, manual marks), read in
// parallel and only with GETs.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import type { OrgState, UserRecord } from "../../emulator/model";
import { ActionError } from "@/lib/actions/errors";
import { createOktaGateway, type OktaGateway } from "@/lib/okta/gateway";
import { forgetServiceAccountGroups, readTargetPrivilege, ROLES_UNREADABLE_LABEL, serviceAccountContext, SERVICE_GROUP_IDS_TTL_MS, serviceAccountGroupsCached } from "@/lib/users/privilege";
import { isServiceAccount } from "@/lib/users/service-accounts";
import { describeDatabases } from "../helpers/test-db";

const ORG = "pv-acme";
const HD = "pv-helpdesk";
let emu: RunningEmulator;
const gw: Record<string, OktaGateway> = {};

beforeAll(async () => {
  const now = Date.now();
  const a = buildCustomerOrg({ slug: ORG, name: "PV Acme", kind: "test", domain: "pv.example", users: 30, master: "OKTA", lean: true }, "pv", now);
  const h = buildCustomerOrg({ slug: HD, name: "PV HD", kind: "test", domain: "pvhd.example", users: 12, master: "OKTA", lean: true, tokenRole: "HELP_DESK_ADMIN" }, "pv", now);
  emu = await startEmulator({ port: 0, orgs: [a.builder.org, h.builder.org] });
  for (const [slug, token] of [[ORG, a.apiToken], [HD, h.apiToken]] as const) {
    gw[slug] = createOktaGateway({ tenantId: `t-${slug}`, orgUrl: emu.orgUrl(slug), credential: { type: "ssws", token }, allowLocalOrgUrls: true });
  }
});
afterAll(async () => emu?.stop());
beforeEach(() => emu.clearRequests());

const org = (slug: string) => emu.org(slug) as unknown as OrgState;
const users = (slug: string) => [...org(slug).users.values()];
const plain = (slug: string, skip = 0): UserRecord =>
  users(slug).filter((u) => !(org(slug).roles.get(u.id) ?? []).length && !u.serviceAccount && u.status === "ACTIVE")[skip]!;
const login = (slug: string, prefix: string) => users(slug).find((u) => u.profile.login.startsWith(prefix))!;
const svcGroup = (slug: string) => [...org(slug).groups.values()].find((g) => g.profile.name === "Service Accounts")!;

describeDatabases("users privilege", (getDb) => {
  let tenantId = "";
  beforeAll(async () => {
    tenantId = (await getDb().tenant.create({ data: { slug: `pv-${randomBytes(3).toString("hex")}`, name: "PV", orgUrl: emu.orgUrl(ORG) } })).id;
  });

  it("serviceAccountContext: the service-account group's members, the console's own principal, the manual marks", async () => {
    const someone = plain(ORG, 0);
    await getDb().serviceAccountMark.create({ data: { tenantId, oktaUserId: someone.id, login: someone.profile.login, purpose: "Backup agent" } });
    forgetServiceAccountGroups();
    const ctx = await serviceAccountContext(gw[ORG]!, getDb(), tenantId);
    const integration = login(ORG, "msp-integration@");
    const deepLink = login(ORG, "msp-deeplink@");
    expect(ctx.serviceAccountGroupName).toBe("Service Accounts");
    expect([...ctx.serviceAccountGroupMemberIds!].sort()).toEqual([integration.id, deepLink.id].sort());
    expect(ctx.consolePrincipalId).toBe(integration.id);
    expect(ctx.manualMarks?.get(someone.id)).toMatchObject({ purpose: "Backup agent" });
    expect(isServiceAccount({ id: someone.id, profile: someone.profile }, ctx)).toBe(true);
    // Reads only: the group search (one call), its members (one page), /users/me.
    const served = emu.requests(ORG).requests;
    expect(served.every((r) => r.method === "GET")).toBe(true);
    expect(served.map((r) => r.path.replace(/00g\w+/, ":g")).sort()).toEqual(["/api/v1/groups", "/api/v1/groups/:g/users", "/api/v1/users/me"]);
    await getDb().serviceAccountMark.deleteMany({ where: { tenantId } });
  });

  it("list pages remember which group is the service-account group (its members are read live): one parallel wave", async () => {
    forgetServiceAccountGroups();
    await serviceAccountContext(gw[ORG]!, getDb(), tenantId);
    emu.clearRequests();
    const again = await serviceAccountContext(gw[ORG]!, getDb(), tenantId);
    expect(again.serviceAccountGroupName).toBe("Service Accounts");
    expect(emu.requests(ORG).requests.map((r) => r.path.replace(/00g\w+/, ":g")).sort()).toEqual(["/api/v1/groups/:g/users", "/api/v1/users/me"]);
    // fresh: the service-accounts page asks Okta again.
    emu.clearRequests();
    await serviceAccountContext(gw[ORG]!, getDb(), tenantId, { fresh: true });
    expect(emu.requests(ORG).requests.map((r) => r.path).filter((p) => p === "/api/v1/groups")).toHaveLength(1);
    // After the time to live, the group search runs again.
    emu.clearRequests();
    await serviceAccountGroupsCached(gw[ORG]!, Date.now() + SERVICE_GROUP_IDS_TTL_MS + 1);
    expect(emu.requests(ORG).requests.map((r) => r.path)).toEqual(["/api/v1/groups"]);
  });

  it("readTargetPrivilege: a person is not privileged; one parallel round of GETs", async () => {
    const u = plain(ORG, 1);
    const r = await readTargetPrivilege(gw[ORG]!, getDb(), tenantId, u.id);
    expect(r.user).toMatchObject({ id: u.id, login: u.profile.login, status: "ACTIVE" });
    expect(r.assessment).toMatchObject({ privileged: false, oktaAdmin: false, serviceAccount: false });
    const served = emu.requests(ORG).requests;
    expect(served.map((x) => `${x.method} ${x.path}`).sort()).toEqual(
      [`GET /api/v1/users/${u.id}`, `GET /api/v1/users/${u.id}/roles`, `GET /api/v1/users/${u.id}/groups`, "GET /api/v1/users/me"].sort(),
    );
  });

  it("an Okta admin, a member of the service-account group, the console's principal", async () => {
    const admin = users(ORG).find((u) => (org(ORG).roles.get(u.id) ?? []).some((x) => x.type === "SUPER_ADMIN") && !u.serviceAccount)!;
    expect((await readTargetPrivilege(gw[ORG]!, getDb(), tenantId, admin.id)).assessment).toMatchObject({ privileged: true, oktaAdmin: true, adminRoles: expect.arrayContaining(["Super Administrator"]) });

    const member = plain(ORG, 2);
    org(ORG).memberships.get(svcGroup(ORG).id)!.add(member.id);
    const m = await readTargetPrivilege(gw[ORG]!, getDb(), tenantId, member.id);
    expect(m.assessment).toMatchObject({ privileged: true, serviceAccount: true, oktaAdmin: false });
    expect(m.assessment.serviceAccountReasons.map((x) => x.kind)).toEqual(["group"]);
    org(ORG).memberships.get(svcGroup(ORG).id)!.delete(member.id);

    const integration = login(ORG, "msp-integration@");
    const i = await readTargetPrivilege(gw[ORG]!, getDb(), tenantId, integration.id);
    expect(i.assessment.serviceAccountReasons.map((x) => x.kind).sort()).toEqual(["console_credential", "group", "user_type", "well_known"]);
  });

  it("a user Okta does not know: not_found", async () => {
    await expect(readTargetPrivilege(gw[ORG]!, getDb(), tenantId, "00u00000000000000zzz")).rejects.toMatchObject({ constructor: ActionError, code: "not_found" });
  });

  it("a credential that may not list roles (Help Desk admin token): treated as an Okta admin, said so", async () => {
    const u = plain(HD, 0);
    const r = await readTargetPrivilege(gw[HD]!, getDb(), tenantId, u.id);
    expect(r.rolesUnreadable).toBe(true);
    expect(r.assessment).toMatchObject({ privileged: true, oktaAdmin: true, adminRoles: [ROLES_UNREADABLE_LABEL] });
  });
});
