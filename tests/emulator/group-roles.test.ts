/**
 * Group role assignments (GET /api/v1/groups/{groupId}/roles) and what they mean for members: a member
 * holds the group's role (listed with assignmentType GROUP and among the role assignees), `expand=stats`
 * says so (hasAdminPrivilege), deleting the group takes its roles away and leaves the group rules that
 * targeted it INVALID. Every response is validated against the contract from Okta's spec.
 */
import { Client, OktaApiError } from "@okta/okta-sdk-nodejs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server.ts";
import type { GroupRecord, RoleAssignmentRecord } from "../../emulator/model.ts";
import { buildFixtureOrg, type Fixture } from "./fixtures.ts";
import { OpenApiValidator } from "./openapi-validator.ts";

let em: RunningEmulator;
let fx: Fixture;
let sdk: Client;
let validator: OpenApiValidator;
let admins: GroupRecord;

async function raw(path: string, init: RequestInit = {}) {
  const res = await fetch(`${em.orgUrl("acme")}${path}`, {
    ...init,
    headers: { Authorization: `SSWS ${fx.token}`, "Content-Type": "application/json", Accept: "application/json", ...(init.headers ?? {}) },
  });
  const text = await res.text();
  return { res, body: text ? (JSON.parse(text) as unknown) : undefined };
}

beforeAll(async () => {
  validator = new OpenApiValidator();
  fx = buildFixtureOrg({ users: 30 });
  const at = "2026-01-01T00:00:00.000Z";
  admins = { id: "00gadminsgroup000001", created: at, lastUpdated: at, lastMembershipUpdated: at, objectClass: ["okta:user_group"], type: "OKTA_GROUP", profile: { name: "Okta Admins", description: null } };
  fx.org.groups.set(admins.id, admins);
  fx.org.memberships.set(admins.id, new Set());
  const role: RoleAssignmentRecord = { id: "ra1grouprole00000001", userId: admins.id, type: "USER_ADMIN", label: "User Administrator", status: "ACTIVE", created: at, lastUpdated: at, assignmentType: "GROUP" };
  fx.org.groupRoles = new Map([[admins.id, [role]]]);
  em = await startEmulator({ port: 0, orgs: [fx.org], onExchange: (x) => validator.validate(x.method, x.path, x.status, x.body) });
  sdk = new Client({ orgUrl: em.orgUrl("acme"), token: fx.token, cacheMiddleware: null } as ConstructorParameters<typeof Client>[0]);
});

afterAll(async () => {
  await em?.stop();
  expect(validator.failures).toEqual([]);
});

const plainUser = () => [...fx.org.users.values()].find((u) => u.status === "ACTIVE" && u.id !== fx.admin.id && !(fx.org.roles.get(u.id)?.length))!;

describe("group role assignments", () => {
  it("lists a group's roles through the SDK; a group without roles answers []; an unknown group 404", async () => {
    const roles = await sdk.roleAssignmentApi.listGroupAssignedRoles({ groupId: admins.id });
    const list: unknown[] = [];
    for await (const r of roles) list.push(r);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ type: "USER_ADMIN", assignmentType: "GROUP", status: "ACTIVE" });
    const none = await raw(`/api/v1/groups/${fx.engineering.id}/roles`);
    expect(none.res.status).toBe(200);
    expect(none.body).toEqual([]);
    const missing = await raw("/api/v1/groups/00gnope0000000000000/roles");
    expect(missing.res.status).toBe(404);
    expect((missing.body as { errorCode: string }).errorCode).toBe("E0000007");
  });

  it("a member holds the group's role (assignmentType GROUP), appears among role assignees, and loses it when removed", async () => {
    const user = plainUser();
    const before = await raw(`/api/v1/users/${user.id}/roles`);
    expect(before.body).toEqual([]);
    await sdk.groupApi.assignUserToGroup({ groupId: admins.id, userId: user.id });
    const during = await raw(`/api/v1/users/${user.id}/roles`);
    expect(during.body).toMatchObject([{ type: "USER_ADMIN", assignmentType: "GROUP", _links: { assignee: { href: expect.stringContaining(`/api/v1/groups/${admins.id}`) } } }]);
    const assignees = await raw("/api/v1/iam/assignees/users?limit=200");
    expect((assignees.body as { value: Array<{ id: string }> }).value.map((v) => v.id)).toContain(user.id);
    await sdk.groupApi.unassignUserFromGroup({ groupId: admins.id, userId: user.id });
    expect((await raw(`/api/v1/users/${user.id}/roles`)).body).toEqual([]);
  });

  it("expand=stats reports members, apps and whether the group grants an admin role", async () => {
    const list = await raw(`/api/v1/groups?expand=stats&filter=${encodeURIComponent(`id eq "${admins.id}"`)}`);
    expect(list.body).toMatchObject([{ id: admins.id, _embedded: { stats: { usersCount: 0, appsCount: 0, hasAdminPrivilege: true } } }]);
    const eng = await raw(`/api/v1/groups/${fx.engineering.id}?expand=stats`);
    const stats = (eng.body as { _embedded: { stats: { usersCount: number; hasAdminPrivilege: boolean } } })._embedded.stats;
    expect(stats.usersCount).toBe(fx.org.memberships.get(fx.engineering.id)!.size);
    expect(stats.hasAdminPrivilege).toBe(false);
  });

  it("deleting a group removes its roles from members and leaves rules that targeted it INVALID", async () => {
    const g = await sdk.groupApi.createGroup({ group: { profile: { name: "Temp admins" } } });
    const at = new Date().toISOString();
    fx.org.groupRoles!.set(g.id!, [{ id: "ra1grouprole00000002", userId: g.id!, type: "HELP_DESK_ADMIN", label: "Help Desk Administrator", status: "ACTIVE", created: at, lastUpdated: at, assignmentType: "GROUP" }]);
    const user = plainUser();
    await sdk.groupApi.assignUserToGroup({ groupId: g.id!, userId: user.id });
    const rule = await sdk.groupApi.createGroupRule({
      groupRule: { type: "group_rule", name: "To temp admins", conditions: { expression: { value: 'user.department=="Nowhere"', type: "urn:okta:expression:1.0" } }, actions: { assignUserToGroups: { groupIds: [g.id!] } } },
    });
    await sdk.groupApi.deleteGroup({ groupId: g.id! });
    expect((await raw(`/api/v1/users/${user.id}/roles`)).body).toEqual([]);
    const after = await sdk.groupApi.getGroupRule({ ruleId: rule.id! } as never);
    expect(after.status).toBe("INVALID");
    let err: unknown = null;
    try {
      for await (const x of await sdk.roleAssignmentApi.listGroupAssignedRoles({ groupId: g.id! })) void x;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OktaApiError);
  });
});
