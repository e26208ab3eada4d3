/**
 * The checked-in Okta contract (emulator/contract/okta-contract.json) as a validator: it covers
 * everything the emulator routes, carries no prose, and still rejects what Okta's spec rejects:
 * each deliberately wrong body below fails, so the conformance tests' "all responses valid" means
 * something. Needs nothing outside the repository.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRouter, startEmulator, type RunningEmulator } from "../../emulator/server.ts";
import { TRANSITIONS } from "../../emulator/lifecycle.ts";
import { buildFixtureOrg, type Fixture } from "./fixtures.ts";
import { loadContract, OpenApiValidator } from "./openapi-validator.ts";

const contract = loadContract();
let em: RunningEmulator;
let fx: Fixture;

beforeAll(async () => {
  fx = buildFixtureOrg({ users: 5 });
  em = await startEmulator({ port: 0, orgs: [fx.org] });
});

afterAll(async () => {
  await em?.stop();
});

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${em.orgUrl("acme")}${path}`, { headers: { Authorization: `SSWS ${fx.token}`, Accept: "application/json" } });
  return { status: res.status, body: await res.json() };
}

/** Validates one response with a fresh validator; returns its failures' problems. */
function problems(method: string, path: string, status: number, body: unknown, spec: "management" | "oauth" = "management"): string[] {
  const v = new OpenApiValidator(spec);
  v.validate(method, path, status, body);
  return v.failures.map((f) => f.problem);
}

describe("the contract", () => {
  it("names its source and the full spec's size", () => {
    expect(contract.source).toMatchObject({ repository: "okta/okta-management-openapi-spec", folder: "dist/current", license: "Apache-2.0" });
    expect(contract.source.commit).toMatch(/^[0-9a-f]{40}$/);
    for (const spec of Object.values(contract.specs)) {
      expect(spec.version).toBe(contract.source.version);
      expect(Object.keys(spec.operations).length).toBeLessThan(spec.specOperations);
    }
    const v = new OpenApiValidator();
    expect(v.summary()).toMatch(new RegExp(`^OpenAPI coverage: 0 of ${v.totalOperations} operations exercised \\(the contract's; Okta Admin Management API ${contract.source.version} has ${v.spec.operations}\\)`));
  });

  it("has an operation for every route the emulator serves (regenerate with npm run contract:update when this fails)", () => {
    const v = new OpenApiValidator();
    const missing: string[] = [];
    for (const { method, template } of buildRouter().list()) {
      const concrete = template.includes("/lifecycle/:op") ? Object.keys(TRANSITIONS).map((op) => template.replace(":op", op)) : [template];
      for (const p of concrete) if (!v.findOperation(method, p.replace(/:\w+/g, "x"))) missing.push(`${method} ${p}`);
    }
    expect(missing).toEqual([]);
    const oauth = new OpenApiValidator("oauth");
    for (const [method, p] of [["POST", "/oauth2/v1/token"], ["GET", "/oauth2/v1/keys"], ["POST", "/oauth2/default/v1/token"], ["GET", "/oauth2/default/.well-known/openid-configuration"]] as const) {
      expect(oauth.findOperation(method, p), `${method} ${p}`).toBeDefined();
    }
  });

  it("keeps no descriptions, examples, titles or x- fields in its schemas", () => {
    const prose: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (!node || typeof node !== "object") return;
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}[${i}]`));
      for (const [k, v] of Object.entries(node)) {
        if (["description", "summary", "title", "example", "examples", "externalDocs", "default"].includes(k) || k.startsWith("x-")) prose.push(`${at}.${k}`);
        // Property names are data, not keywords ("description" is a Group profile field).
        if (k === "properties" && v && typeof v === "object") for (const [name, s] of Object.entries(v)) walk(s, `${at}.properties.${name}`);
        else if (!["enum", "const", "required", "discriminator"].includes(k)) walk(v, `${at}.${k}`);
      }
    };
    for (const [name, spec] of Object.entries(contract.specs)) {
      for (const [id, op] of Object.entries(spec.operations)) walk(op.responses, `${name}.${id}`);
      walk(spec.components.schemas, `${name}.schemas`);
    }
    expect(prose).toEqual([]);
  });
});

describe("validation against the contract", () => {
  it("accepts the emulator's real responses", async () => {
    const me = await get("/api/v1/users/me");
    expect(problems("GET", "/api/v1/users/me", me.status, me.body)).toEqual([]);
    const roles = await get(`/api/v1/users/${fx.admin.id}/roles`);
    expect(problems("GET", `/api/v1/users/${fx.admin.id}/roles`, roles.status, roles.body)).toEqual([]);
    const missing = await get("/api/v1/users/00unope");
    expect(missing.status).toBe(404);
    expect(problems("GET", "/api/v1/users/00unope", missing.status, missing.body)).toEqual([]);
  });

  it("rejects a user whose fields break the schema", async () => {
    const { body } = await get("/api/v1/users/me");
    const user = body as Record<string, unknown> & { profile: Record<string, unknown> };
    const wrong = (patch: Record<string, unknown>) => problems("GET", "/api/v1/users/me", 200, { ...user, ...patch });
    expect(wrong({ status: "HAPPY" }).join()).toMatch(/status must be equal to one of the allowed values/);
    expect(wrong({ created: "yesterday" }).join()).toMatch(/created must match format "date-time"/);
    expect(wrong({ id: 42 }).join()).toMatch(/id must be string/);
    expect(wrong({ profile: { ...user.profile, email: "not-an-email" } }).join()).toMatch(/profile\/email must match format "email"/);
    expect(wrong({ profile: { ...user.profile, firstName: "" } }).join()).toMatch(/profile\/firstName must NOT have fewer than 1 characters/);
    // A list response is checked item by item.
    expect(problems("GET", "/api/v1/users", 200, [user, { ...user, status: 7 }]).join()).toMatch(/\/1\/status must be string/);
  });

  it("rejects a role outside the discriminator's mapping and a malformed Okta error", async () => {
    const { body } = await get(`/api/v1/users/${fx.admin.id}/roles`);
    const [role] = body as Array<Record<string, unknown>>;
    expect(problems("GET", `/api/v1/users/${fx.admin.id}/roles`, 200, [{ ...role, type: "OVERLORD" }]).join()).toMatch(/type must be equal to one of the allowed values/);
    // 404 is declared for getUser; 401 is not, and is still held to Okta's error object.
    expect(problems("GET", "/api/v1/users/00unope", 404, { errorCode: 404, errorSummary: "Not found" }).join()).toMatch(/errorCode must be string/);
    expect(problems("GET", "/api/v1/users/me", 401, { errorCauses: "none" }).join()).toMatch(/errorCauses must be array/);
  });

  it("rejects undeclared statuses, bodies on 204 and paths outside the contract", () => {
    expect(problems("GET", "/api/v1/users/me", 201, {})).toEqual(["status 201 is not declared"]);
    expect(problems("DELETE", "/api/v1/groups/00g1", 204, { deleted: true })).toEqual(["204 with a body"]);
    expect(problems("GET", "/api/v1/users/me", 200, undefined)).toEqual(["declared a JSON body but none was sent"]);
    expect(problems("GET", "/api/v1/brands", 200, [])).toEqual(["no operation in the spec matches"]);
  });

  it("rejects a token response the OAuth spec does not allow", () => {
    const good = { token_type: "Bearer", expires_in: 3600, access_token: "eyJ.x.y", scope: "okta.users.read" };
    expect(problems("POST", "/oauth2/v1/token", 200, good, "oauth")).toEqual([]);
    expect(problems("POST", "/oauth2/v1/token", 200, { ...good, expires_in: "soon" }, "oauth").join()).toMatch(/expires_in must be integer/);
    expect(problems("POST", "/oauth2/v1/token", 200, { ...good, token_type: "Cookie" }, "oauth").join()).toMatch(/token_type must be equal to one of the allowed values/);
    expect(problems("POST", "/oauth2/v1/token", 400, { error: 3 }, "oauth").join()).toMatch(/error must be/);
  });
});
