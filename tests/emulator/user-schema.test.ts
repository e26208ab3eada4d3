/**
 * The user schema (GET /api/v1/meta/schemas/user/default), the profile validation Okta derives from it,
 * and the role assignees list (GET /api/v1/iam/assignees/users): driven through the official SDK and
 * raw fetch, every response validated against the contract from Okta's OpenAPI spec.
 */
import { Client, OktaApiError } from "@okta/okta-sdk-nodejs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server.ts";
import { BASE_PROPERTIES, schemaViolations } from "../../emulator/schema.ts";
import { DEMO_CUSTOMERS } from "../../emulator/seeds/index.ts";
import { buildCustomerOrg } from "../../emulator/seeds/customer.ts";
import type { OrgState } from "../../emulator/model.ts";
import { OpenApiValidator } from "./openapi-validator.ts";

const NOW = Date.parse("2026-03-02T12:00:00Z");
let em: RunningEmulator;
let validator: OpenApiValidator;
const tokens = new Map<string, string>();
const orgs = new Map<string, OrgState>();

function sdkFor(slug: string): Client {
  return new Client({ orgUrl: em.orgUrl(slug), token: tokens.get(slug)!, cacheMiddleware: null } as ConstructorParameters<typeof Client>[0]);
}

async function raw(slug: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${em.orgUrl(slug)}${path}`, {
    ...init,
    headers: { Authorization: `SSWS ${tokens.get(slug)}`, "Content-Type": "application/json", Accept: "application/json", ...(init.headers ?? {}) },
  });
  const text = await res.text();
  return { res, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

beforeAll(async () => {
  validator = new OpenApiValidator();
  for (const slug of ["acme", "initech", "umbrella", "globex"]) {
    const spec = DEMO_CUSTOMERS.find((c) => c.slug === slug)!;
    const { builder, apiToken } = buildCustomerOrg({ ...spec, history: undefined, users: Math.min(spec.users, 120) }, "demo", NOW);
    orgs.set(slug, builder.org);
    tokens.set(slug, apiToken);
  }
  em = await startEmulator({ port: 0, orgs: [...orgs.values()], onExchange: (x) => validator.validate(x.method, x.path, x.status, x.body) });
});

afterAll(async () => {
  await em?.stop();
  expect(validator.failures).toEqual([]);
});

describe("GET /api/v1/meta/schemas/user/default", () => {
  it("serves Okta's base properties and the org's custom ones", async () => {
    // SDK 8.1.0's SchemaApi deserializes enum / oneOf wrongly (strings become character maps, `const`
    // becomes `_const`): lib/okta/user-schema.ts reads the wire JSON. The SDK still reads the rest.
    const viaSdk = await sdkFor("acme").schemaApi.getUserSchema({ schemaId: "default" });
    expect(Object.keys(viaSdk.definitions?.base?.properties ?? {}).sort()).toEqual(Object.keys(BASE_PROPERTIES).sort());
    const { res, body } = await raw("acme", "/api/v1/meta/schemas/user/default");
    expect(res.status).toBe(200);
    type Attr = { title?: string; type?: string; required?: boolean; enum?: string[]; oneOf?: Array<{ const: string; title: string }>; master?: { type?: string } };
    const defs = body!.definitions as { base: { properties: Record<string, Attr>; required: string[] }; custom: { properties: Record<string, Attr> } };
    expect(Object.keys(defs.base.properties)).toEqual(Object.keys(BASE_PROPERTIES));
    expect(defs.base.properties.login).toMatchObject({ title: "Username", type: "string", required: true });
    expect(defs.base.required).toEqual(["login", "firstName", "lastName", "email"]);
    const custom = defs.custom.properties;
    expect(Object.keys(custom)).toEqual(["startDate", "workplace"]);
    expect(custom.workplace?.enum).toEqual(["Office", "Hybrid", "Remote"]);
    expect(custom.workplace?.oneOf?.[0]).toEqual({ const: "Office", title: "Office" });
    expect(custom.workplace?.master?.type).toBe("PROFILE_MASTER");
  });

  it("marks what AD owns (PROFILE_MASTER) and what Okta owns (OKTA) in the AD-mastered org", async () => {
    const { res, body } = await raw("initech", "/api/v1/meta/schemas/user/default");
    expect(res.status).toBe(200);
    const defs = body!.definitions as { base: { properties: Record<string, { master: { type: string } }> }; custom: { properties: Record<string, { master: { type: string }; unique?: boolean }> } };
    expect(defs.base.properties.firstName!.master.type).toBe("PROFILE_MASTER");
    expect(defs.base.properties.department!.master.type).toBe("PROFILE_MASTER");
    expect(defs.base.properties.mobilePhone!.master.type).toBe("OKTA");
    expect(defs.custom.properties.samAccountName).toMatchObject({ master: { type: "PROFILE_MASTER" }, unique: true });
    expect(defs.custom.properties.startDate!.master.type).toBe("OKTA");
    expect((body!._links as { self: { href: string } }).self.href).toMatch(/\/api\/v1\/meta\/schemas\/user\/osc\w+$/);
    // The schema's own id works as well as "default".
    const id = (body!._links as { self: { href: string } }).self.href.split("/").pop()!;
    expect((await raw("initech", `/api/v1/meta/schemas/user/${id}`)).res.status).toBe(200);
    expect((await raw("initech", "/api/v1/meta/schemas/user/oscnope")).res.status).toBe(404);
  });

  it("declares every attribute the seeded people carry, with values that pass it (HR org included)", () => {
    for (const org of orgs.values()) {
      for (const u of org.users.values()) {
        expect(schemaViolations(org, u.profile, u.id, () => undefined).causes, `${org.slug} ${u.profile.login}`).toEqual([]);
      }
    }
    const umbrella = orgs.get("umbrella")!.userSchema!;
    expect(Object.keys(umbrella.custom).sort()).toEqual(["employeeType", "hireDate", "terminationDate", "workerStatus", "workplace"]);
    expect(umbrella.custom.workplace!.master.type).toBe("OKTA");
    expect(umbrella.custom.hireDate!.master.type).toBe("PROFILE_MASTER");
  });

  it("is refused (E0000006) to a Help Desk admin's token, as the spec lists only app, API access and org admins", async () => {
    const { res, body } = await raw("globex", "/api/v1/meta/schemas/user/default");
    expect(res.status).toBe(403);
    expect(body!.errorCode).toBe("E0000006");
  });
});

describe("custom attribute validation on create and update", () => {
  const login = (n: string) => `schema.${n}@acme.example`;
  const base = (n: string) => ({ login: login(n), email: login(n), firstName: "Schema", lastName: "Test" });

  it("accepts defined custom attributes of the right type and enum value", async () => {
    const user = await sdkFor("acme").userApi.createUser({ body: { profile: { ...base("ok"), workplace: "Remote", startDate: "2026-04-01" } }, activate: false });
    expect(user.profile?.workplace).toBe("Remote");
    const updated = await sdkFor("acme").userApi.updateUser({ userId: user.id!, user: { profile: { workplace: "Hybrid" } } });
    expect(updated.profile?.workplace).toBe("Hybrid");
  });

  it("refuses an undefined attribute on create: E0000001 'newUser', the cause names the property", async () => {
    const { res, body } = await raw("acme", "/api/v1/users?activate=false", { method: "POST", body: JSON.stringify({ profile: { ...base("unknown"), costCentre: "CC-1" } }) });
    expect(res.status).toBe(400);
    expect(body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: newUser" });
    expect(body!.errorCauses).toEqual([{ errorSummary: "costCentre: Property name 'costCentre' is not defined in the schema" }]);
    expect(orgs.get("acme")!.users.size).toBeGreaterThan(0);
    expect([...orgs.get("acme")!.users.values()].some((u) => u.profile.login === login("unknown"))).toBe(false);
  });

  it("refuses a wrong type, a value outside the enum and a bad pattern, naming each property", async () => {
    const e = await sdkFor("acme")
      .userApi.createUser({ body: { profile: { ...base("types"), employeeNumber: 42 as unknown as string, workplace: "Moon", startDate: "April" } } })
      .then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(OktaApiError);
    const err = e as OktaApiError;
    expect(err.status).toBe(400);
    expect(err.errorCode).toBe("E0000001");
    const causes = (err.errorCauses ?? []).map((c) => (c as { errorSummary: string }).errorSummary);
    expect(causes).toEqual(["employeeNumber: Does not match required type string", "workplace: Does not match any of the allowed values", "startDate: Does not match required pattern"]);
  });

  it("refuses the same on a partial update, and an AD-unique attribute already taken", async () => {
    const someone = [...orgs.get("acme")!.users.values()].find((u) => u.status === "ACTIVE")!;
    const { res, body } = await raw("acme", `/api/v1/users/${someone.id}`, { method: "POST", body: JSON.stringify({ profile: { shoeSize: 44 } }) });
    expect(res.status).toBe(400);
    expect(body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: shoeSize" });

    const people = [...orgs.get("initech")!.users.values()].filter((u) => typeof u.profile.samAccountName === "string");
    const [a, b] = people;
    const taken = await raw("initech", `/api/v1/users/${a!.id}`, { method: "POST", body: JSON.stringify({ profile: { samAccountName: b!.profile.samAccountName } }) });
    expect(taken.res.status).toBe(400);
    expect(taken.body!.errorCauses).toEqual([{ errorSummary: "samAccountName: An object with this field already exists in the current organization" }]);
    // Clearing a non-required attribute with null is fine.
    const cleared = await raw("initech", `/api/v1/users/${a!.id}`, { method: "POST", body: JSON.stringify({ profile: { startDate: null } }) });
    expect(cleared.res.status).toBe(200);
  });
});

describe("GET /api/v1/iam/assignees/users", () => {
  it("lists the users holding admin roles, paged with _links.next (SDK and raw)", async () => {
    const org = orgs.get("acme")!;
    const expected = [...org.roles].filter(([, r]) => r.length > 0).map(([id]) => id).sort();
    expect(expected.length).toBeGreaterThan(3);
    const first = await raw("acme", "/api/v1/iam/assignees/users?limit=2");
    expect(first.res.status).toBe(200);
    const value = first.body!.value as Array<{ id: string; orn: string; _links: { roles: { href: string } } }>;
    expect(value.map((v) => v.id)).toEqual(expected.slice(0, 2));
    expect(value[0]!.orn).toMatch(/^orn:okta:00o\w+:users:00u\w+$/);
    expect(value[0]!._links.roles.href).toBe(`${em.orgUrl("acme")}/api/v1/users/${expected[0]}/roles`);
    const next = (first.body!._links as { next?: { href: string } }).next!.href;
    expect(next).toBe(`${em.orgUrl("acme")}/api/v1/iam/assignees/users?after=${expected[1]}&limit=2`);
    const all: string[] = [];
    let url: string | undefined = "/api/v1/iam/assignees/users?limit=2";
    while (url) {
      const page = await raw("acme", url);
      all.push(...(page.body!.value as Array<{ id: string }>).map((v) => v.id));
      const href = (page.body!._links as { next?: { href: string } }).next?.href;
      url = href ? href.slice(em.orgUrl("acme").length) : undefined;
    }
    expect(all).toEqual(expected);

    const viaSdk = await sdkFor("acme").roleAssignmentApi.listUsersWithRoleAssignments({ limit: 100 });
    expect(viaSdk.value?.map((v) => v.id)).toEqual(expected);
    expect(viaSdk._links?.next).toBeUndefined();
  });
});

describe("GET /api/v1/users/me with an SSWS token", () => {
  it("is the token's user, even for a Help Desk admin's token", async () => {
    for (const slug of ["acme", "globex"]) {
      const me = await sdkFor(slug).userApi.getUser({ userId: "me" });
      expect(me.profile?.login).toBe(`msp-integration@${slug}.example`);
    }
  });
});
