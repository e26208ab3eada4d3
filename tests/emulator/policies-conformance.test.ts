/**
 * Conformance of the policy and network-zone endpoints: driven through the official SDK and raw fetch,
 * every response validated against the contract (emulator/contract/okta-contract.json), and each
 * policy and rule also against the subtype its `type` names (Policy's discriminator mapping), which
 * the base schema of the list does not descend into.
 */
import { Client, OktaApiError } from "@okta/okta-sdk-nodejs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCustomerOrg } from "../../emulator/seeds/customer.ts";
import { startEmulator, type RunningEmulator } from "../../emulator/server.ts";
import type { OrgState } from "../../emulator/model.ts";
import { OpenApiValidator } from "./openapi-validator.ts";

const NOW = Date.parse("2026-06-01T12:00:00.000Z");
const POLICY_SUBTYPE: Record<string, string> = { OKTA_SIGN_ON: "OktaSignOnPolicy", PASSWORD: "PasswordPolicy", MFA_ENROLL: "AuthenticatorEnrollmentPolicy", ACCESS_POLICY: "AccessPolicy" };
const RULE_SUBTYPE: Record<string, string> = { SIGN_ON: "OktaSignOnPolicyRule", PASSWORD: "PasswordPolicyRule", MFA_ENROLL: "AuthenticatorEnrollmentPolicyRule", ACCESS_POLICY: "AccessPolicyRule" };
const TYPES = ["OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "ACCESS_POLICY"] as const;

let em: RunningEmulator;
let org: OrgState;
let token: string;
let sdk: Client;
let validator: OpenApiValidator;

async function raw(path: string, tk = token) {
  const res = await fetch(`${em.orgUrl("tiny")}${path}`, { headers: { Authorization: `SSWS ${tk}`, Accept: "application/json" } });
  const text = await res.text();
  return { res, body: text ? JSON.parse(text) : undefined };
}

const groupId = (name: string) => [...org.groups.values()].find((g) => g.profile.name === name)!.id;

beforeAll(async () => {
  validator = new OpenApiValidator();
  const seeded = buildCustomerOrg({ slug: "tiny", name: "Tiny", kind: "test", domain: "tiny.example", users: 40, master: "OKTA" }, "policies-test", NOW);
  org = seeded.builder.org;
  token = seeded.apiToken;
  em = await startEmulator({ port: 0, orgs: [org], onExchange: (x) => validator.validate(x.method, x.path, x.status, x.body) });
  sdk = new Client({ orgUrl: em.orgUrl("tiny"), token, cacheMiddleware: null } as ConstructorParameters<typeof Client>[0]);
});

afterAll(async () => {
  await em?.stop();
  console.log(validator.summary());
  expect(validator.failures).toEqual([]);
});

describe("policies", () => {
  it("lists each type in priority order, every policy valid as its subtype", async () => {
    for (const type of TYPES) {
      const { res, body } = await raw(`/api/v1/policies?type=${type}`);
      expect(res.status).toBe(200);
      expect(body.length).toBeGreaterThan(0);
      expect(body.every((p: { type: string }) => p.type === type)).toBe(true);
      const priorities = body.map((p: { priority: number }) => p.priority);
      expect(priorities).toEqual([...priorities].sort((a: number, b: number) => a - b));
      for (const p of body) expect(validator.validateComponent(POLICY_SUBTYPE[type]!, p)).toBeNull();
    }
  });

  it("seeds the session, enrolment and password policies the console explains", async () => {
    const marketing = groupId("Users – Marketing");
    const service = groupId("Service Accounts");
    const signOn = (await raw("/api/v1/policies?type=OKTA_SIGN_ON")).body;
    expect(signOn[0].conditions.people.groups.include).toEqual([marketing]);
    const office = (await raw("/api/v1/zones")).body.find((z: { name: string }) => z.name === "Office");
    expect(office.gateways.length).toBeGreaterThan(0);
    const rules = (await raw(`/api/v1/policies/${signOn[0].id}/rules`)).body;
    expect(rules[0].conditions.network).toEqual({ connection: "ZONE", exclude: [office.id] });
    expect(rules[0].actions.signon).toMatchObject({ requireFactor: true, factorPromptMode: "ALWAYS" });

    const access = (await raw("/api/v1/policies?type=ACCESS_POLICY")).body;
    const accessRules = (await raw(`/api/v1/policies/${access[0].id}/rules`)).body;
    expect(accessRules[0].conditions.people.groups).toEqual({ include: [marketing], exclude: [service] });
    expect(accessRules[0].actions.appSignOn.verificationMethod.constraints[0].possession.phishingResistant).toBe("REQUIRED");

    // Enrolment policies only include groups: service accounts are left out by a higher-priority policy.
    const enrol = (await raw("/api/v1/policies?type=MFA_ENROLL")).body;
    expect(enrol[0].conditions.people.groups).toEqual({ include: [service] });
    expect(enrol[1].conditions.people.groups).toEqual({ include: [groupId("Everyone")] });
    const password = (await raw("/api/v1/policies?type=PASSWORD")).body;
    expect(password.some((p: { system: boolean }) => p.system)).toBe(true);
  });

  it("serves a policy, its rules and one rule; every rule valid as its subtype", async () => {
    for (const type of TYPES) {
      const list = (await raw(`/api/v1/policies?type=${type}`)).body;
      for (const p of list) {
        const one = await raw(`/api/v1/policies/${p.id}`);
        expect(one.body).toEqual(p);
        const rules = await raw(`/api/v1/policies/${p.id}/rules`);
        expect(rules.res.status).toBe(200);
        for (const r of rules.body) {
          expect(r.type).toBe(type === "OKTA_SIGN_ON" ? "SIGN_ON" : type);
          expect(validator.validateComponent(RULE_SUBTYPE[r.type]!, r)).toBeNull();
          expect((await raw(`/api/v1/policies/${p.id}/rules/${r.id}`)).body).toEqual(r);
        }
      }
    }
  });

  it("works through the SDK (listPolicies / listPolicyRules)", async () => {
    const policies: Array<{ id?: string; type?: string }> = [];
    for await (const p of await sdk.policyApi.listPolicies({ type: "OKTA_SIGN_ON" })) if (p) policies.push(p);
    expect(policies.map((p) => p.type)).toEqual(["OKTA_SIGN_ON", "OKTA_SIGN_ON"]);
    const rules: Array<{ name?: string }> = [];
    for await (const r of await sdk.policyApi.listPolicyRules({ policyId: policies[0]!.id! })) if (r) rules.push(r);
    expect(rules.length).toBe(2);
  });

  it("filters by status and name prefix; types Okta knows but the org has none of list empty", async () => {
    expect((await raw("/api/v1/policies?type=PASSWORD&status=INACTIVE")).body).toEqual([]);
    expect((await raw("/api/v1/policies?type=PASSWORD&q=admin")).body.map((p: { name: string }) => p.name)).toEqual(["Administrators"]);
    expect((await raw("/api/v1/policies?type=IDP_DISCOVERY")).body).toEqual([]);
  });

  it("refuses a missing or unknown type with E0000002, unknown ids with E0000007", async () => {
    for (const q of ["", "?type=", "?type=OAUTH_AUTHORIZATION_POLICY", "?type=okta_sign_on"]) {
      const { res, body } = await raw(`/api/v1/policies${q}`);
      expect(res.status).toBe(400);
      expect(body).toMatchObject({ errorCode: "E0000002", errorSummary: "The request was not valid: Invalid policy type specified", errorCauses: [] });
    }
    const missing = await raw("/api/v1/policies/00pNoSuchPolicy00000");
    expect(missing.res.status).toBe(404);
    expect(missing.body.errorSummary).toBe("Not found: Resource not found: 00pNoSuchPolicy00000 (Policy)");
    expect((await raw("/api/v1/policies/00pNoSuchPolicy00000/rules")).res.status).toBe(404);
    const anyPolicy = (await raw("/api/v1/policies?type=PASSWORD")).body[0];
    expect((await raw(`/api/v1/policies/${anyPolicy.id}/rules/0prNoSuchRule000000`)).res.status).toBe(404);
    const err = await sdk.policyApi.getPolicy({ policyId: "00pNoSuchPolicy00000" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OktaApiError);
    expect((err as OktaApiError).errorCode).toBe("E0000007");
  });

  it("is refused (E0000006) to a Help Desk admin's token, as Okta does", async () => {
    const helpdesk = [...org.users.values()].find((u) => u.status === "ACTIVE" && !org.roles.has(u.id))!;
    org.roles.set(helpdesk.id, [{ id: "ra1HelpDeskTest00000", userId: helpdesk.id, type: "HELP_DESK_ADMIN", label: "Help Desk Administrator", status: "ACTIVE", created: new Date(NOW).toISOString(), lastUpdated: new Date(NOW).toISOString(), assignmentType: "USER" }]);
    org.apiTokens.push({ token: "00helpdesk-policies-test-token", name: "hd", userId: helpdesk.id });
    const { res, body } = await raw("/api/v1/policies?type=OKTA_SIGN_ON", "00helpdesk-policies-test-token");
    expect(res.status).toBe(403);
    expect(body.errorCode).toBe("E0000006");
    expect((await raw("/api/v1/zones", "00helpdesk-policies-test-token")).res.status).toBe(403);
  });
});

describe("network zones", () => {
  it("lists IP zones (system ones and Office) valid as IPNetworkZone, filters and gets one", async () => {
    const { body } = await raw("/api/v1/zones");
    expect(body.map((z: { name: string }) => z.name).sort()).toEqual(["BlockedIpZone", "LegacyIpZone", "Office"]);
    for (const z of body) expect(validator.validateComponent("IPNetworkZone", z)).toBeNull();
    const custom = (await raw(`/api/v1/zones?filter=${encodeURIComponent("system eq false")}`)).body;
    expect(custom.map((z: { name: string }) => z.name)).toEqual(["Office"]);
    const blocklists = (await raw(`/api/v1/zones?filter=${encodeURIComponent('usage eq "BLOCKLIST"')}`)).body;
    expect(blocklists.map((z: { name: string }) => z.name)).toEqual(["BlockedIpZone"]);
    expect((await raw(`/api/v1/zones/${custom[0].id}`)).body).toEqual(custom[0]);
    expect((await raw("/api/v1/zones/nzoNoSuchZone0000000")).res.status).toBe(404);
    expect((await raw(`/api/v1/zones?filter=${encodeURIComponent('name eq "Office"')}`)).res.status).toBe(400);
  });

  it("pages with limit and after", async () => {
    const first = await raw("/api/v1/zones?limit=2");
    expect(first.body).toHaveLength(2);
    const next = /<([^>]+)>; rel="next"/.exec(first.res.headers.get("link") ?? "")?.[1];
    expect(next).toBeTruthy();
    const after = new URL(next!).searchParams.get("after")!;
    const second = await raw(`/api/v1/zones?limit=2&after=${after}`);
    expect(second.body).toHaveLength(1);
  });
});
