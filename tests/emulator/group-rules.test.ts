/**
 * Group rules as Okta runs them, checked on the wire against the contract: activation adds matching
 * users to the target groups, deactivation keeps every membership (Okta: "users who were added to a
 * group by that rule are not removed"), delete keeps them unless removeUsers=true, an expression that
 * does not parse or names an attribute outside the user profile is E0000001 with a cause, an active
 * rule cannot be replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server.ts";
import { buildFixtureOrg, type Fixture } from "./fixtures.ts";
import { OpenApiValidator } from "./openapi-validator.ts";

let em: RunningEmulator;
let fx: Fixture;
let validator: OpenApiValidator;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${em.orgUrl("acme")}${path}`, {
    method,
    headers: { Authorization: `SSWS ${fx.token}`, "Content-Type": "application/json", Accept: "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const rule = (name: string, expression: string, groupIds: string[]) => ({
  type: "group_rule",
  name,
  conditions: { expression: { value: expression, type: "urn:okta:expression:1.0" } },
  actions: { assignUserToGroups: { groupIds } },
});

beforeAll(async () => {
  validator = new OpenApiValidator();
  fx = buildFixtureOrg({ users: 120, statusEvery: 9 });
  em = await startEmulator({ port: 0, orgs: [fx.org], onExchange: (x) => validator.validate(x.method, x.path, x.status, x.body) });
});

afterAll(async () => {
  await em?.stop();
  expect(validator.failures).toEqual([]);
});

async function newGroup(name: string): Promise<string> {
  const { body } = await call("POST", "/api/v1/groups", { profile: { name } });
  return String(body!.id);
}

describe("group rules lifecycle and memberships", () => {
  it("activate adds every matching non-deactivated user; deactivate keeps them; delete keeps them by default", async () => {
    const target = await newGroup("Rule keeps");
    const created = await call("POST", "/api/v1/groups/rules", rule("Sales people", 'user.department=="Sales"', [target]));
    expect(created.status).toBe(200);
    expect(created.body!.status).toBe("INACTIVE");
    const id = String(created.body!.id);
    expect(fx.org.memberships.get(target)?.size ?? 0).toBe(0);

    expect((await call("POST", `/api/v1/groups/rules/${id}/lifecycle/activate`)).status).toBe(204);
    const expected = [...fx.org.users.values()].filter((u) => u.profile.department === "Sales" && u.status !== "DEPROVISIONED").map((u) => u.id).sort();
    expect([...fx.org.memberships.get(target)!].sort()).toEqual(expected);

    expect((await call("POST", `/api/v1/groups/rules/${id}/lifecycle/deactivate`)).status).toBe(204);
    expect([...fx.org.memberships.get(target)!].sort()).toEqual(expected);

    expect((await call("DELETE", `/api/v1/groups/rules/${id}`)).status).toBe(202);
    expect([...fx.org.memberships.get(target)!].sort()).toEqual(expected);
    expect((await call("GET", `/api/v1/groups/rules/${id}`)).status).toBe(404);
  });

  it("delete with removeUsers=true takes out only the users the rule added", async () => {
    const target = await newGroup("Rule removes");
    const manual = [...fx.org.users.values()].find((u) => u.profile.department === "Sales" && u.status === "ACTIVE")!;
    expect((await call("PUT", `/api/v1/groups/${target}/users/${manual.id}`)).status).toBe(204);
    const { body } = await call("POST", "/api/v1/groups/rules", rule("Sales again", 'user.department=="Sales"', [target]));
    const id = String(body!.id);
    await call("POST", `/api/v1/groups/rules/${id}/lifecycle/activate`);
    expect(fx.org.memberships.get(target)!.size).toBeGreaterThan(1);
    await call("POST", `/api/v1/groups/rules/${id}/lifecycle/deactivate`);
    expect((await call("DELETE", `/api/v1/groups/rules/${id}?removeUsers=true`)).status).toBe(202);
    expect([...fx.org.memberships.get(target)!]).toEqual([manual.id]);
  });

  it("refuses invalid expressions and unknown attributes with E0000001 and a cause; an active rule cannot be replaced", async () => {
    const target = await newGroup("Rule refusals");
    const syntax = await call("POST", "/api/v1/groups/rules", rule("bad", 'user.department = "x"', [target]));
    expect(syntax.status).toBe(400);
    expect(syntax.body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: conditions.expression.value" });

    const unknown = await call("POST", "/api/v1/groups/rules", rule("bad", 'user.departmnt=="Sales"', [target]));
    expect(unknown.status).toBe(400);
    expect(unknown.body!.errorCode).toBe("E0000001");
    expect((unknown.body!.errorCauses as Array<{ errorSummary: string }>)[0]!.errorSummary).toBe('Invalid property departmnt in expression user.departmnt=="Sales"');

    const ok = await call("POST", "/api/v1/groups/rules", rule("Base attrs", 'String.startsWith(user.login,"a") AND user.department=="Sales"', [target]));
    expect(ok.status).toBe(200);
    const id = String(ok.body!.id);
    await call("POST", `/api/v1/groups/rules/${id}/lifecycle/activate`);
    const replaced = await call("PUT", `/api/v1/groups/rules/${id}`, rule("Renamed", 'user.department=="Sales"', [target]));
    expect(replaced.status).toBe(400);
    expect(replaced.body!.errorCode).toBe("E0000001");
    expect((await call("GET", `/api/v1/groups/rules/${id}`)).body!.name).toBe("Base attrs");
  });
});
