/**
 * Conformance: drives the emulator through the official Okta SDK (and raw fetch where the SDK
 * hides the wire), validating every response against the contract generated from Okta's OpenAPI spec
 * (emulator/contract/okta-contract.json).
 */
import { Client, OktaApiError } from "@okta/okta-sdk-nodejs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server.ts";
import { buildFixtureOrg, type Fixture } from "./fixtures.ts";
import { OpenApiValidator } from "./openapi-validator.ts";

const USERS = 1_250;
let em: RunningEmulator;
let fx: Fixture;
let sdk: Client;
let validator: OpenApiValidator;

async function raw(path: string, init: RequestInit = {}, token = fx.token) {
  const res = await fetch(`${em.orgUrl("acme")}${path}`, {
    ...init,
    headers: { Authorization: `SSWS ${token}`, "Content-Type": "application/json", Accept: "application/json", ...(init.headers ?? {}) },
  });
  const text = await res.text();
  return { res, body: text ? JSON.parse(text) : undefined };
}

async function expectOktaError(p: Promise<unknown>, status: number, errorCode: string): Promise<OktaApiError> {
  const err = await p.then(
    () => {
      throw new Error("expected an OktaApiError");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OktaApiError);
  const e = err as OktaApiError;
  expect(e.status).toBe(status);
  expect(e.errorCode).toBe(errorCode);
  return e;
}

async function collect<T>(c: AsyncIterable<T | null>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of c) if (x !== null) out.push(x);
  return out;
}

const newUser = (login: string) => ({ profile: { login, email: login, firstName: "New", lastName: "Person" } });

beforeAll(async () => {
  validator = new OpenApiValidator();
  fx = buildFixtureOrg({ users: USERS, statusEvery: 10 });
  em = await startEmulator({ port: 0, orgs: [fx.org], onExchange: (x) => validator.validate(x.method, x.path, x.status, x.body) });
  sdk = new Client({ orgUrl: em.orgUrl("acme"), token: fx.token, cacheMiddleware: null } as ConstructorParameters<typeof Client>[0]);
});

afterAll(async () => {
  await em?.stop();
  console.log(validator.summary());
  if (validator.undeclared.size) console.log(`Error statuses the spec does not declare (validated as Error): ${[...validator.undeclared].join(", ")}`);
  expect(validator.failures).toEqual([]);
});

describe("users", () => {
  it("pages through more than 1,000 users with for await (DEPROVISIONED excluded)", async () => {
    const users = await collect(await sdk.userApi.listUsers({ limit: 200 }));
    const expected = [...fx.org.users.values()].filter((u) => u.status !== "DEPROVISIONED").length;
    expect(expected).toBeGreaterThan(1000);
    expect(users).toHaveLength(expected);
    expect(new Set(users.map((u) => u.id)).size).toBe(expected);
  });

  it("clamps limit to 200 and gives absolute self/next links built from the Host header", async () => {
    const res = await fetch(`${em.orgUrl("acme").replace("127.0.0.1", "localhost")}/api/v1/users?limit=500`, { headers: { Authorization: `SSWS ${fx.token}` } });
    const body = (await res.json()) as unknown[];
    validator.validate("GET", "/api/v1/users", res.status, body);
    expect(body).toHaveLength(200);
    const link = res.headers.get("link")!;
    expect(link).toMatch(new RegExp(`^<http://localhost:${em.port}/orgs/acme/api/v1/users\\?limit=500>; rel="self", <http://localhost:${em.port}/orgs/acme/api/v1/users\\?limit=200&after=00u\\w+>; rel="next"$`));
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-okta-request-id")).toMatch(/^\w{27}$/);
    expect(res.headers.get("date")).toBeTruthy();
  });

  it("works with a trailing slash on the org URL", async () => {
    const client = new Client({ orgUrl: `${em.orgUrl("acme")}/`, token: fx.token, cacheMiddleware: null } as ConstructorParameters<typeof Client>[0]);
    const me = await client.userApi.getUser({ userId: "me" });
    expect(me.id).toBe(fx.admin.id);
  });

  it("gets a user by id, by login and as me", async () => {
    const someone = [...fx.org.users.values()][5]!;
    expect((await sdk.userApi.getUser({ userId: someone.id })).profile?.login).toBe(someone.profile.login);
    expect((await sdk.userApi.getUser({ userId: someone.profile.login.toUpperCase() })).id).toBe(someone.id);
    const me = await sdk.userApi.getUser({ userId: "me" });
    expect(me.id).toBe(fx.admin.id);
    expect(me.credentials?.password).toEqual({});
    const e = await expectOktaError(sdk.userApi.getUser({ userId: "00unope" }), 404, "E0000007");
    expect(e.errorSummary).toBe("Not found: Resource not found: 00unope (User)");
  });

  it("searches (sw, co, and/or, sortBy) including DEPROVISIONED, and pages search results", async () => {
    const sm = await collect(await sdk.userApi.listUsers({ search: 'profile.lastName sw "sm"', limit: 50 }));
    const expected = [...fx.org.users.values()].filter((u) => u.profile.lastName?.toLowerCase().startsWith("sm"));
    expect(sm.map((u) => u.id).sort()).toEqual(expected.map((u) => u.id).sort());
    expect(expected.some((u) => u.status === "DEPROVISIONED")).toBe(true);

    const combo = await collect(await sdk.userApi.listUsers({ search: '(profile.firstName eq "Ada" or profile.firstName eq "Tim") and status eq "ACTIVE"' }));
    expect(combo.length).toBeGreaterThan(0);
    expect(combo.every((u) => ["Ada", "Tim"].includes(u.profile!.firstName!) && u.status === "ACTIVE")).toBe(true);

    const sorted = await collect(await sdk.userApi.listUsers({ search: 'profile.login co "lovelace"', sortBy: "profile.login", sortOrder: "desc", limit: 7 }));
    const logins = sorted.map((u) => u.profile!.login!);
    expect(logins).toEqual([...logins].sort().reverse());

    const e = await expectOktaError(sdk.userApi.listUsers({ search: 'profile.lastName ne "x"' }).then((c) => collect(c)), 400, "E0000031");
    expect(e.errorSummary).toBe("Invalid search criteria.");
  });

  it("filters (eq, lastUpdated ranges) and rejects unsupported filters with E0000031", async () => {
    const staged = await collect(await sdk.userApi.listUsers({ filter: 'status eq "STAGED"' }));
    expect(staged.length).toBeGreaterThan(0);
    expect(staged.every((u) => u.status === "STAGED")).toBe(true);
    const recent = await collect(await sdk.userApi.listUsers({ filter: 'lastUpdated gt "2025-12-30T00:00:00.000Z" and status eq "ACTIVE"' }));
    expect(recent.every((u) => new Date(u.lastUpdated!).getTime() > Date.parse("2025-12-30"))).toBe(true);
    await expectOktaError(sdk.userApi.listUsers({ filter: 'profile.department eq "Engineering"' }).then(collect), 400, "E0000031");
    await expectOktaError(sdk.userApi.listUsers({ filter: 'status eq "ACTIVE' }).then(collect), 400, "E0000031");
  });

  it("q matches name/email prefixes, defaults to 10 results and never pages", async () => {
    const { res, body } = await raw("/api/v1/users?q=grace");
    expect(body).toHaveLength(10);
    expect(res.headers.get("link")).not.toContain('rel="next"');
  });

  it("creates users (statuses by activate/password), rejects duplicates and missing fields", async () => {
    const active = await sdk.userApi.createUser({ body: { ...newUser("c1@acme.example"), credentials: { password: { value: "Sup3r-secret!" } } }, activate: true });
    expect(active.status).toBe("ACTIVE");
    expect(active.credentials?.password).toEqual({});
    const provisioned = await sdk.userApi.createUser({ body: { ...newUser("c2@acme.example"), groupIds: [fx.engineering.id] } });
    expect(provisioned.status).toBe("PROVISIONED");
    expect(fx.org.memberships.get(fx.engineering.id)!.has(provisioned.id!)).toBe(true);
    const staged = await sdk.userApi.createUser({ body: newUser("c3@acme.example"), activate: false });
    expect(staged.status).toBe("STAGED");
    expect(staged._links?.activate).toBeTruthy();

    const dup = await expectOktaError(sdk.userApi.createUser({ body: newUser("C1@acme.example") }), 400, "E0000001");
    expect(dup.errorSummary).toBe("Api validation failed: login");
    expect(dup.errorCauses).toEqual([{ errorSummary: "login: An object with this field already exists in the current organization" }]);
    const missing = await expectOktaError(sdk.userApi.createUser({ body: { profile: { login: "m@acme.example", email: "m@acme.example" } } as never }), 400, "E0000001");
    expect(missing.errorCauses?.map((c) => c.errorSummary)).toEqual(["firstName: The field cannot be left blank", "lastName: The field cannot be left blank"]);
  });

  it("updates (partial POST) and replaces (PUT) profiles", async () => {
    const u = await sdk.userApi.createUser({ body: newUser("upd@acme.example") });
    const partial = await sdk.userApi.updateUser({ userId: u.id!, user: { profile: { nickName: "Nick" } as never } });
    expect(partial.profile?.firstName).toBe("New");
    expect((partial.profile as Record<string, unknown>).nickName).toBe("Nick");
    const replaced = await sdk.userApi.replaceUser({ userId: u.id!, user: { profile: { login: "upd@acme.example", email: "upd@acme.example", firstName: "Re", lastName: "Placed" } } });
    expect((replaced.profile as Record<string, unknown>).nickName).toBeUndefined();
    expect(replaced.profile?.firstName).toBe("Re");
  });

  it("deletes in two steps: deactivate, then delete", async () => {
    const u = await sdk.userApi.createUser({ body: newUser("del@acme.example") });
    await sdk.userApi.deleteUser({ userId: u.id! });
    expect(fx.org.users.get(u.id!)!.status).toBe("DEPROVISIONED");
    await sdk.userApi.deleteUser({ userId: u.id!, sendEmail: false });
    expect(fx.org.users.has(u.id!)).toBe(false);
    await expectOktaError(sdk.userApi.getUser({ userId: u.id! }), 404, "E0000007");
  });

  it("runs lifecycle operations and returns their tokens", async () => {
    const u = await sdk.userApi.createUser({ body: newUser("life@acme.example"), activate: false });
    const act = await sdk.userApi.activateUser({ userId: u.id!, sendEmail: false });
    expect(act.activationToken).toBeTruthy();
    expect(act.activationUrl).toContain(`/tokens/${act.activationToken}/verify`);
    expect((await sdk.userApi.reactivateUser({ userId: u.id!, sendEmail: false })).activationToken).toBeTruthy();
    const pw = await sdk.userApi.createUser({ body: { ...newUser("life2@acme.example"), credentials: { password: { value: "Passw0rd!x" } } } });
    await sdk.userApi.suspendUser({ userId: pw.id! });
    await sdk.userApi.unsuspendUser({ userId: pw.id! });
    const reset = await sdk.userApi.generateResetPasswordToken({ userId: pw.id!, sendEmail: false });
    expect(reset.resetPasswordUrl).toContain("/signin/reset-password/");
    expect(fx.org.users.get(pw.id!)!.status).toBe("RECOVERY");
    expect((await sdk.userApi.expirePassword({ userId: pw.id! })).status).toBe("PASSWORD_EXPIRED");
    // The SDK models this response as User and drops tempPassword, so read the wire.
    const temp = await raw(`/api/v1/users/${pw.id}/lifecycle/expire_password_with_temp_password`, { method: "POST" });
    expect(temp.body.tempPassword).toMatch(/^\w{8}$/);
    await sdk.userApi.resetFactors({ userId: pw.id! });
    await sdk.userApi.deactivateUser({ userId: pw.id! });
    const again = await expectOktaError(sdk.userApi.suspendUser({ userId: pw.id! }), 400, "E0000001");
    expect(again.errorCauses?.length).toBe(1);
    await expectOktaError(sdk.userApi.unlockUser({ userId: pw.id! }), 403, "E0000032");
  });

  it("serves a user's groups, app links, factors, roles and clears sessions", async () => {
    const withFactor = [...fx.org.users.values()][1]!;
    const groups = await collect(await sdk.userApi.listUserGroups({ userId: withFactor.id }));
    expect(groups.map((g) => g.id)).toContain(fx.everyone.id);
    const factors = await collect(await sdk.userFactorApi.listFactors({ userId: withFactor.id }));
    expect(factors).toHaveLength(1);
    await sdk.userFactorApi.unenrollFactor({ userId: withFactor.id, factorId: factors[0]!.id! });
    expect(fx.org.factors.get(withFactor.id)).toEqual([]);
    const roles = await collect(await sdk.roleAssignmentApi.listAssignedRolesForUser({ userId: fx.admin.id }));
    expect(roles.map((r) => r.type)).toEqual(["SUPER_ADMIN"]);
    await sdk.userApi.revokeUserSessions({ userId: withFactor.id, oauthTokens: true });
    expect(await collect(await sdk.userApi.listAppLinks({ userId: withFactor.id }))).toEqual([]);
  });
});

describe("groups, rules and apps", () => {
  it("lists groups by q/search/filter with paging, creates, replaces and deletes", async () => {
    const all = await collect(await sdk.groupApi.listGroups({ limit: 2 }));
    expect(all).toHaveLength(fx.org.groups.size);
    expect((await collect(await sdk.groupApi.listGroups({ q: "eng" }))).map((g) => g.id)).toEqual([fx.engineering.id]);
    const okta = await collect(await sdk.groupApi.listGroups({ search: 'type eq "OKTA_GROUP" and profile.name sw "Sa"' }));
    expect(okta.map((g) => g.profile?.name)).toEqual(["Sales"]);
    expect((await collect(await sdk.groupApi.listGroups({ filter: 'type eq "BUILT_IN"' }))).map((g) => g.id)).toEqual([fx.everyone.id]);

    const g = await sdk.groupApi.createGroup({ group: { profile: { name: "Temp", description: "t" } } });
    expect(g.type).toBe("OKTA_GROUP");
    const r = await sdk.groupApi.replaceGroup({ groupId: g.id!, group: { profile: { name: "Temp 2", description: "t2" } } });
    expect(r.profile?.name).toBe("Temp 2");
    await expectOktaError(sdk.groupApi.createGroup({ group: { profile: { name: "temp 2" } } }), 400, "E0000001");
    await sdk.groupApi.deleteGroup({ groupId: g.id! });
    await expectOktaError(sdk.groupApi.getGroup({ groupId: g.id! }), 404, "E0000007");
    await expectOktaError(sdk.groupApi.deleteGroup({ groupId: fx.everyone.id }), 403, "E0000006");
  });

  it("adds, lists (paged) and removes members", async () => {
    const g = await sdk.groupApi.createGroup({ group: { profile: { name: "Members" } } });
    const some = [...fx.org.users.values()].slice(10, 15);
    for (const u of some) await sdk.groupApi.assignUserToGroup({ groupId: g.id!, userId: u.id });
    const members = await collect(await sdk.groupApi.listGroupUsers({ groupId: g.id!, limit: 2 }));
    expect(members.map((m) => m.id).sort()).toEqual(some.map((u) => u.id).sort());
    await sdk.groupApi.unassignUserFromGroup({ groupId: g.id!, userId: some[0]!.id });
    expect(fx.org.memberships.get(g.id!)!.size).toBe(4);
    await expectOktaError(sdk.groupApi.assignUserToGroup({ groupId: g.id!, userId: "00unope" }), 404, "E0000007");
  });

  it("group rules: create inactive, activate adds matches, profile changes re-evaluate, lifecycle errors", async () => {
    const target = await sdk.groupApi.createGroup({ group: { profile: { name: "Rule target" } } });
    const bad = await expectOktaError(
      sdk.groupApi.createGroupRule({ groupRule: { type: "group_rule", name: "bad", conditions: { expression: { value: 'user.department = "x"', type: "urn:okta:expression:1.0" } }, actions: { assignUserToGroups: { groupIds: [target.id!] } } } }),
      400,
      "E0000001",
    );
    expect(bad.errorCauses?.[0]?.errorSummary).toMatch(/Invalid expression/);
    const rule = await sdk.groupApi.createGroupRule({
      groupRule: {
        type: "group_rule",
        name: "Engineers",
        conditions: { expression: { value: 'user.department=="Engineering" && !String.startsWith(user.login, "admin")', type: "urn:okta:expression:1.0" } },
        actions: { assignUserToGroups: { groupIds: [target.id!] } },
      },
    });
    expect(rule.status).toBe("INACTIVE");
    await sdk.groupApi.activateGroupRule({ ruleId: rule.id! });
    const expected = [...fx.org.users.values()].filter((u) => u.profile.department === "Engineering" && u.status !== "DEPROVISIONED" && !u.profile.login.startsWith("admin")).length;
    expect(fx.org.memberships.get(target.id!)!.size).toBe(expected);
    await expectOktaError(sdk.groupApi.replaceGroupRule({ ruleId: rule.id!, groupRule: { ...rule, name: "x" } }), 400, "E0000001");

    const mover = await sdk.userApi.createUser({ body: newUser("mover@acme.example") });
    expect(fx.org.memberships.get(target.id!)!.has(mover.id!)).toBe(false);
    await sdk.userApi.updateUser({ userId: mover.id!, user: { profile: { department: "Engineering" } as never } });
    expect(fx.org.memberships.get(target.id!)!.has(mover.id!)).toBe(true);
    await sdk.userApi.updateUser({ userId: mover.id!, user: { profile: { department: "Sales" } as never } });
    expect(fx.org.memberships.get(target.id!)!.has(mover.id!)).toBe(false);

    expect((await collect(await sdk.groupApi.listGroupRules({ search: "engin" }))).map((r) => r.id)).toEqual([rule.id]);
    await sdk.groupApi.deactivateGroupRule({ ruleId: rule.id! });
    const renamed = await sdk.groupApi.replaceGroupRule({ ruleId: rule.id!, groupRule: { ...rule, name: "Engineers v2", status: undefined } });
    expect(renamed.name).toBe("Engineers v2");
    expect((await sdk.groupApi.getGroupRule({ ruleId: rule.id! })).status).toBe("INACTIVE");
    await sdk.groupApi.deleteGroupRule({ ruleId: rule.id!, removeUsers: true });
    expect(fx.org.memberships.get(target.id!)!.size).toBe(0);
  });

  it("apps: list/filter, direct and group assignments propagate to members and appLinks", async () => {
    const apps = await collect(await sdk.applicationApi.listApplications({ filter: 'status eq "ACTIVE"' }));
    expect(apps.map((a) => a.id)).toEqual([fx.app.id]);
    expect((await sdk.applicationApi.getApplication({ appId: fx.app.id })).label).toBe("Salesforce");

    const direct = [...fx.org.users.values()][20]!;
    const au = await sdk.applicationApi.assignUserToApplication({ appId: fx.app.id, appUser: { id: direct.id, scope: "USER" } });
    expect(au.scope).toBe("USER");
    expect((await sdk.applicationApi.getApplicationUser({ appId: fx.app.id, userId: direct.id })).id).toBe(direct.id);

    const g = await sdk.groupApi.createGroup({ group: { profile: { name: "App users" } } });
    const member = [...fx.org.users.values()][21]!;
    await sdk.groupApi.assignUserToGroup({ groupId: g.id!, userId: member.id });
    await sdk.groupApi.assignUserToGroup({ groupId: g.id!, userId: direct.id });
    await sdk.applicationApi.assignGroupToApplication({ appId: fx.app.id, groupId: g.id!, applicationGroupAssignment: { priority: 0 } });
    expect((await sdk.applicationApi.getApplicationUser({ appId: fx.app.id, userId: member.id })).scope).toBe("GROUP");
    const later = [...fx.org.users.values()][22]!;
    await sdk.groupApi.assignUserToGroup({ groupId: g.id!, userId: later.id });
    const links = await collect(await sdk.userApi.listAppLinks({ userId: later.id }));
    expect(links.map((l) => l.appInstanceId)).toEqual([fx.app.id]);
    expect((await collect(await sdk.applicationApi.listApplicationGroupAssignments({ appId: fx.app.id }))).map((x) => x.id)).toEqual([g.id]);
    expect((await collect(await sdk.applicationApi.listApplicationUsers({ appId: fx.app.id }))).length).toBe(3);
    expect((await collect(await sdk.groupApi.listAssignedApplicationsForGroup({ groupId: g.id! }))).map((a) => a.id)).toEqual([fx.app.id]);

    await sdk.groupApi.unassignUserFromGroup({ groupId: g.id!, userId: later.id });
    expect(await collect(await sdk.userApi.listAppLinks({ userId: later.id }))).toEqual([]);
    await sdk.applicationApi.unassignApplicationFromGroup({ appId: fx.app.id, groupId: g.id! });
    expect(fx.org.appUsers.get(fx.app.id)!.has(member.id)).toBe(false);
    expect(fx.org.appUsers.get(fx.app.id)!.get(direct.id)!.scope).toBe("USER");
    await sdk.applicationApi.unassignUserFromApplication({ appId: fx.app.id, userId: direct.id });
    await expectOktaError(sdk.applicationApi.getApplicationUser({ appId: fx.app.id, userId: direct.id }), 404, "E0000007");
  });

  it("serves org settings", async () => {
    const org = await sdk.orgSettingApi.getOrgSettings();
    expect(org.subdomain).toBe("acme");
  });
});

describe("system log", () => {
  it("records API writes with request id, user agent, ip and token owner as actor", async () => {
    const { res, body } = await raw("/api/v1/users?activate=false", {
      method: "POST",
      body: JSON.stringify(newUser("logged@acme.example")),
      headers: { "User-Agent": "console-test/1.0", "X-Okta-User-Agent-Extended": "msp-console/0.1" },
    });
    const requestId = res.headers.get("x-okta-request-id")!;
    const events = await collect(await sdk.systemLogApi.listLogEvents({ filter: `eventType eq "user.lifecycle.create" and target.id eq "${body.id}"`, until: new Date(Date.now() + 1000).toISOString() }));
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.transaction?.id).toBe(requestId);
    expect(e.client?.userAgent?.rawUserAgent).toBe("console-test/1.0 msp-console/0.1");
    expect(e.client?.ipAddress).toBe("127.0.0.1");
    expect(e.actor?.id).toBe(fx.admin.id);
  });

  // limit 50 keeps the page count well under the logs bucket (120/min): more pages would be paced by 429s.
  it("bounded requests page to the end; polling requests always return next", async () => {
    const until = new Date(Date.now() + 1000).toISOString();
    const all = await collect(await sdk.systemLogApi.listLogEvents({ since: "2020-01-01T00:00:00Z", until, limit: 50 }));
    expect(all.length).toBe(fx.org.logs.length);
    const published = all.map((e) => e.published!.getTime?.() ?? Date.parse(String(e.published)));
    expect(published).toEqual([...published].sort((a, b) => a - b));

    const poll = await raw(`/api/v1/logs?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(poll.body).toEqual([]);
    expect(poll.res.headers.get("link")).toContain('rel="next"');
    const desc = await raw(`/api/v1/logs?sortOrder=DESCENDING&limit=3&q=${encodeURIComponent("okta user")}`);
    expect(desc.body.length).toBe(3);
    expect(desc.body[0].published >= desc.body[2].published).toBe(true);
    const bad = await raw("/api/v1/logs?since=yesterday");
    expect(bad.res.status).toBe(400);
    expect(bad.body.errorCode).toBe("E0000030");
  });
});

describe("wire errors and rate limits", () => {
  it("401 for a bad or missing token, 405, 400 for malformed JSON", async () => {
    const bad = await raw("/api/v1/users", {}, "nope");
    expect(bad.res.status).toBe(401);
    expect(bad.body).toMatchObject({ errorCode: "E0000011", errorSummary: "Invalid token provided", errorLink: "E0000011", errorCauses: [] });
    expect(bad.body.errorId).toBeTruthy();
    const client = new Client({ orgUrl: em.orgUrl("acme"), token: "wrong", cacheMiddleware: null } as ConstructorParameters<typeof Client>[0]);
    await expectOktaError(client.userApi.getUser({ userId: "me" }), 401, "E0000011");
    const m = await raw("/api/v1/users", { method: "PATCH", body: "{}" });
    expect(m.res.status).toBe(405);
    expect(m.body.errorCode).toBe("E0000022");
    const j = await raw("/api/v1/users", { method: "POST", body: "{not json" });
    expect(j.res.status).toBe(400);
    expect(j.body.errorCode).toBe("E0000003");
  });

  it("the SDK retries an injected 429 after X-Rate-Limit-Reset", async () => {
    em.addFault({ org: "acme", method: "GET", pathPattern: "^/api/v1/users/me", count: 1, status: 429 });
    const before = em.requests("acme").count;
    const started = Date.now();
    const me = await sdk.userApi.getUser({ userId: "me" });
    expect(me.id).toBe(fx.admin.id);
    expect(em.requests("acme").count - before).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("reports rate-limit headers and answers 429 E0000047 past the limit", async () => {
    em.configure({ rateLimitProfile: "test" });
    try {
      // The 2-second window may roll over mid-loop, so keep going until the bucket is exhausted.
      let last: Awaited<ReturnType<typeof raw>> | undefined;
      for (let i = 0; i < 40 && last?.res.status !== 429; i++) last = await raw("/api/v1/groups");
      expect(last!.res.status).toBe(429);
      expect(last!.body.errorCode).toBe("E0000047");
      expect(last!.res.headers.get("x-rate-limit-limit")).toBe("10");
      expect(last!.res.headers.get("x-rate-limit-remaining")).toBe("0");
      expect(Number(last!.res.headers.get("x-rate-limit-reset"))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    } finally {
      em.configure({ rateLimitProfile: "workforce" });
    }
  });
});
