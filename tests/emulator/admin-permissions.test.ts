/**
 * Admin role permissions: what an API token (acting as its user's admin roles) and an OAuth service app
 * (acting as the roles assigned to it) may call. The expectations below are written out per request,
 * independently of emulator/admin-permissions.ts, so a mistake in that table shows up here. Every
 * response is validated against Okta's spec.
 */
import { createSign, generateKeyPairSync, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAllowed, ROLE_PERMISSIONS, ROUTE_PERMISSIONS } from "../../emulator/admin-permissions.ts";
import { buildRouter, startEmulator, type RunningEmulator } from "../../emulator/server.ts";
import type { AdminRoleType, OidcClientRecord, RoleAssignmentRecord, UserRecord } from "../../emulator/model.ts";
import { buildFixtureOrg, type Fixture } from "./fixtures.ts";
import { OpenApiValidator } from "./openapi-validator.ts";

type Who = AdminRoleType | "NONE";
// MOBILE_ADMIN is left out of the HTTP runs: Okta's current spec no longer lists it among role types, so
// its role assignment does not validate. It is granted nothing the emulator serves (checked below).
const ROLES: AdminRoleType[] = (Object.keys(ROLE_PERMISSIONS) as AdminRoleType[]).filter((r) => r !== "MOBILE_ADMIN");
const EVERYONE: Who[] = [...ROLES, "NONE"];
const ALL_ADMINS: Who[] = ROLES;
const FULL: Who[] = ["SUPER_ADMIN", "ORG_ADMIN"];
const READ_USERS: Who[] = [...FULL, "READ_ONLY_ADMIN", "HELP_DESK_ADMIN", "USER_ADMIN", "GROUP_MEMBERSHIP_ADMIN"];
const MANAGE_USERS: Who[] = [...FULL, "USER_ADMIN"];
const HELP_DESK_OPS: Who[] = [...FULL, "USER_ADMIN", "HELP_DESK_ADMIN"];
const MEMBERSHIP: Who[] = [...FULL, "USER_ADMIN", "GROUP_MEMBERSHIP_ADMIN"];
const READ_APPS: Who[] = [...FULL, "READ_ONLY_ADMIN", "HELP_DESK_ADMIN", "APP_ADMIN"];
const READ_LOGS: Who[] = [...FULL, "READ_ONLY_ADMIN", "HELP_DESK_ADMIN", "REPORT_ADMIN"];
const READ_ONLY: Who[] = [...FULL, "READ_ONLY_ADMIN"];

const FORBIDDEN = { errorCode: "E0000006", errorSummary: "You do not have permission to perform the requested action", errorLink: "E0000006", errorCauses: [] };

let em: RunningEmulator;
let fx: Fixture;
let validator: OpenApiValidator;
const tokens = new Map<Who, string>();
const users = new Map<Who, UserRecord>();
let target: UserRecord;
let factorId: string;
let serviceClient: OidcClientRecord;
let servicePem: string;

const id20 = (prefix: string, n: number) => `${prefix}${String(n).padStart(20 - prefix.length, "0")}`;

beforeAll(async () => {
  validator = new OpenApiValidator();
  fx = buildFixtureOrg({ users: 20, seed: 11 });
  const org = fx.org;
  EVERYONE.forEach((who, i) => {
    const login = `${who.toLowerCase()}@acme.example`;
    const u: UserRecord = { ...structuredClone(fx.admin), id: id20("00urole", i), profile: { ...fx.admin.profile, login, email: login, firstName: who, lastName: "Admin" } };
    org.users.set(u.id, u);
    users.set(who, u);
    const token = `00role-token-${who.toLowerCase()}-${"x".repeat(20)}`;
    org.apiTokens.push({ token, name: who, userId: u.id });
    tokens.set(who, token);
    if (who !== "NONE") org.roles.set(u.id, [role(u.id, who, "USER")]);
  });
  // A plain user with a factor: the target of every call.
  target = [...org.users.values()].find((u) => (org.factors.get(u.id) ?? []).length > 0)!;
  factorId = org.factors.get(target.id)![0]!.id;

  // An OAuth service app; the test sets its roles case by case.
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  servicePem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const jwk = publicKey.export({ format: "jwk" }) as { n: string; e: string };
  serviceClient = {
    clientId: "0oaservice0000000001",
    clientSecret: "",
    name: "Permissions test service app",
    redirectUris: [],
    postLogoutRedirectUris: [],
    applicationType: "service",
    tokenEndpointAuthMethod: "private_key_jwt",
    grantTypes: ["client_credentials"],
    jwks: [{ kty: "RSA", kid: "k1", n: jwk.n, e: jwk.e, alg: "RS256", use: "sig" }],
    grantedScopes: ["okta.users.read", "okta.users.manage", "okta.groups.manage", "okta.roles.read"],
  };
  org.oidcClients.push(serviceClient);
  org.clientRoles = new Map([[serviceClient.clientId, []]]);

  em = await startEmulator({ port: 0, orgs: [org], onExchange: (x) => validator.validate(x.method, x.path, x.status, x.body) });
});

afterAll(async () => {
  await em?.stop();
  expect(validator.failures).toEqual([]);
});

let roleIds = 0;
function role(assignee: string, type: AdminRoleType, assignmentType: RoleAssignmentRecord["assignmentType"]): RoleAssignmentRecord {
  const at = "2026-01-01T00:00:00.000Z";
  return { id: id20("ra1", ++roleIds), userId: assignee, type, label: type, status: "ACTIVE", created: at, lastUpdated: at, assignmentType };
}

async function call(method: string, path: string, auth: string, body?: unknown) {
  const res = await fetch(`${em.orgUrl("acme")}${path}`, {
    method,
    headers: { Authorization: auth, Accept: "application/json", "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

interface Case {
  label: string;
  method: string;
  path: (who: Who) => string;
  body?: (who: Who) => unknown;
  allowed: Who[];
}

// Destructive calls last: the org is reset before each principal's run.
const CASES: Case[] = [
  { label: "read yourself (me)", method: "GET", path: () => "/api/v1/users/me", allowed: EVERYONE },
  { label: "read yourself (id)", method: "GET", path: (who) => `/api/v1/users/${users.get(who)!.id}`, allowed: EVERYONE },
  { label: "read your own roles (id)", method: "GET", path: (who) => `/api/v1/users/${users.get(who)!.id}/roles`, allowed: ALL_ADMINS },
  { label: "read your own roles (me)", method: "GET", path: () => "/api/v1/users/me/roles", allowed: ALL_ADMINS },
  { label: "read another admin's roles", method: "GET", path: () => `/api/v1/users/${fx.admin.id}/roles`, allowed: READ_ONLY },
  { label: "list users", method: "GET", path: () => "/api/v1/users?limit=2", allowed: READ_USERS },
  { label: "get a user", method: "GET", path: () => `/api/v1/users/${target.id}`, allowed: READ_USERS },
  { label: "user's groups", method: "GET", path: () => `/api/v1/users/${target.id}/groups`, allowed: READ_USERS },
  { label: "user's factors", method: "GET", path: () => `/api/v1/users/${target.id}/factors`, allowed: READ_USERS },
  { label: "create a user", method: "POST", path: () => "/api/v1/users?activate=false", body: (who) => ({ profile: { login: `new-${who.toLowerCase()}@acme.example`, email: `new-${who.toLowerCase()}@acme.example`, firstName: "New", lastName: "User" } }), allowed: MANAGE_USERS },
  { label: "update a profile", method: "POST", path: () => `/api/v1/users/${target.id}`, body: () => ({ profile: { title: "Changed" } }), allowed: MANAGE_USERS },
  { label: "reset password", method: "POST", path: () => `/api/v1/users/${target.id}/lifecycle/reset_password?sendEmail=false`, allowed: HELP_DESK_OPS },
  { label: "expire password", method: "POST", path: () => `/api/v1/users/${target.id}/lifecycle/expire_password`, allowed: HELP_DESK_OPS },
  { label: "unlock", method: "POST", path: () => `/api/v1/users/${target.id}/lifecycle/unlock`, allowed: HELP_DESK_OPS },
  { label: "delete a factor", method: "DELETE", path: () => `/api/v1/users/${target.id}/factors/${factorId}`, allowed: HELP_DESK_OPS },
  { label: "reset factors", method: "POST", path: () => `/api/v1/users/${target.id}/lifecycle/reset_factors`, allowed: HELP_DESK_OPS },
  { label: "clear sessions", method: "DELETE", path: () => `/api/v1/users/${target.id}/sessions`, allowed: HELP_DESK_OPS },
  { label: "list groups", method: "GET", path: () => "/api/v1/groups", allowed: READ_USERS },
  { label: "group members", method: "GET", path: () => `/api/v1/groups/${fx.engineering.id}/users`, allowed: READ_USERS },
  { label: "list group rules", method: "GET", path: () => "/api/v1/groups/rules", allowed: READ_USERS },
  { label: "add a group member", method: "PUT", path: () => `/api/v1/groups/${fx.engineering.id}/users/${target.id}`, allowed: MEMBERSHIP },
  { label: "remove a group member", method: "DELETE", path: () => `/api/v1/groups/${fx.engineering.id}/users/${target.id}`, allowed: MEMBERSHIP },
  { label: "create a group", method: "POST", path: () => "/api/v1/groups", body: (who) => ({ profile: { name: `Group of ${who}`, description: null } }), allowed: FULL },
  { label: "list apps", method: "GET", path: () => "/api/v1/apps", allowed: READ_APPS },
  { label: "app's users", method: "GET", path: () => `/api/v1/apps/${fx.app.id}/users`, allowed: READ_APPS },
  { label: "assign a group to an app", method: "PUT", path: () => `/api/v1/apps/${fx.app.id}/groups/${fx.engineering.id}`, body: () => ({}), allowed: [...FULL, "APP_ADMIN"] },
  { label: "System Log", method: "GET", path: () => "/api/v1/logs?limit=1", allowed: READ_LOGS },
  { label: "org settings", method: "GET", path: () => "/api/v1/org", allowed: READ_ONLY },
  { label: "suspend", method: "POST", path: () => `/api/v1/users/${target.id}/lifecycle/suspend`, allowed: MANAGE_USERS },
  { label: "delete a group", method: "DELETE", path: () => `/api/v1/groups/${fx.engineering.id}`, allowed: FULL },
  { label: "deactivate (delete) a user", method: "DELETE", path: () => `/api/v1/users/${target.id}`, allowed: MANAGE_USERS },
];

describe("the permission table", () => {
  it("names a permission for every route the emulator serves, and only for those", () => {
    const served = buildRouter()
      .list()
      .map((r) => `${r.method} ${r.template}`);
    expect(Object.keys(ROUTE_PERMISSIONS).sort()).toEqual([...served].sort());
  });

  it("gives MOBILE_ADMIN and API_ACCESS_MANAGEMENT_ADMIN nothing but their own roles (and the user schema, for the latter)", () => {
    for (const type of ["MOBILE_ADMIN", "API_ACCESS_MANAGEMENT_ADMIN"] as const) {
      for (const key of Object.keys(ROUTE_PERMISSIONS)) {
        const [method, template] = key.split(" ") as [string, string];
        const self = template === "/api/v1/users/:id/roles" || template === "/oauth2/v1/clients/:clientId/roles" || (method === "GET" && template === "/api/v1/users/:id");
        // The spec lists API_ACCESS_MANAGEMENT_ADMIN among the roles that read user schemas.
        const schema = type === "API_ACCESS_MANAGEMENT_ADMIN" && key === "GET /api/v1/meta/schemas/user/:schemaId";
        expect(isAllowed({ method, template, params: { op: "unlock" }, roles: [type], isSelf: () => true }), `${type} ${key}`).toBe(self || schema);
        expect(isAllowed({ method, template, params: { op: "unlock" }, roles: [type], isSelf: () => false }), `${type} ${key}`).toBe(schema);
      }
    }
  });

  it("gives READ_ONLY_ADMIN reads only", () => {
    for (const key of Object.keys(ROUTE_PERMISSIONS)) {
      const [method, template] = key.split(" ") as [string, string];
      const allowed = isAllowed({ method, template, params: { op: "unlock" }, roles: ["READ_ONLY_ADMIN"], isSelf: () => false });
      expect(allowed, key).toBe(method === "GET");
    }
  });
});

describe.each(EVERYONE)("an API token whose user holds %s", (who) => {
  it("may make exactly the calls of its role; the rest are 403 E0000006", async () => {
    em.resetOrg("acme");
    const mismatches: string[] = [];
    for (const c of CASES) {
      const res = await call(c.method, c.path(who), `SSWS ${tokens.get(who)!}`, c.body?.(who));
      const refused = res.status === 403 && res.body?.errorCode === "E0000006";
      if (refused) expect(res.body).toMatchObject(FORBIDDEN);
      const expected = c.allowed.includes(who);
      if (refused === expected) mismatches.push(`${c.label}: ${c.method} ${c.path(who)} -> ${res.status} ${String(res.body?.errorCode ?? "")} (expected ${expected ? "allowed" : "403 E0000006"})`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe("an OAuth service app acts with the roles assigned to it", () => {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

  async function accessToken(): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64({ alg: "RS256", kid: "k1" })}.${b64({ iss: serviceClient.clientId, sub: serviceClient.clientId, aud: `${em.orgUrl("acme")}/oauth2/v1/token`, iat: now, exp: now + 300, jti: randomUUID() })}`;
    const assertion = `${input}.${createSign("RSA-SHA256").update(input).sign(servicePem).toString("base64url")}`;
    const res = await fetch(`${em.orgUrl("acme")}/oauth2/v1/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: serviceClient.grantedScopes!.join(" "), client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion }).toString(),
    });
    expect(res.status).toBe(200);
    return String(((await res.json()) as { access_token: string }).access_token);
  }

  const calls: Array<[string, string, string, unknown?]> = [
    ["list users", "GET", "/api/v1/users?limit=1"],
    ["unlock", "POST", "/api/v1/users/{target}/lifecycle/unlock"],
    ["suspend", "POST", "/api/v1/users/{target}/lifecycle/suspend"],
    ["create a group", "POST", "/api/v1/groups", { profile: { name: "Made by the service app" } }],
    ["its own roles", "GET", "/oauth2/v1/clients/{self}/roles"],
    ["a user's roles", "GET", "/api/v1/users/{admin}/roles"],
  ];
  const table: Array<[string, AdminRoleType[], string[]]> = [
    ["no role", [], []],
    ["HELP_DESK_ADMIN", ["HELP_DESK_ADMIN"], ["list users", "unlock", "its own roles"]],
    ["READ_ONLY_ADMIN", ["READ_ONLY_ADMIN"], ["list users", "its own roles", "a user's roles"]],
    ["GROUP_MEMBERSHIP_ADMIN + HELP_DESK_ADMIN", ["GROUP_MEMBERSHIP_ADMIN", "HELP_DESK_ADMIN"], ["list users", "unlock", "its own roles"]],
    ["SUPER_ADMIN", ["SUPER_ADMIN"], calls.map(([label]) => label)],
  ];

  it.each(table)("%s", async (_name, roles, allowed) => {
    em.resetOrg("acme");
    em.org("acme").clientRoles!.set(serviceClient.clientId, roles.map((r) => role(serviceClient.clientId, r, "CLIENT")));
    const bearer = `Bearer ${await accessToken()}`;
    const outcome: Record<string, string> = {};
    for (const [label, method, template, body] of calls) {
      const path = template.replace("{target}", target.id).replace("{self}", serviceClient.clientId).replace("{admin}", fx.admin.id);
      const res = await call(method, path, bearer, body);
      // Another 403 (e.g. E0000038, unlocking a user who is not locked) is past the permission check.
      outcome[label] = res.status === 403 && res.body?.errorCode === "E0000006" ? "E0000006" : "allowed";
    }
    expect(outcome).toEqual(Object.fromEntries(calls.map(([label]) => [label, allowed.includes(label) ? "allowed" : "E0000006"])));
  });
});
