// lib/okta/policies.ts against the emulator: one parallel wave of the four policy lists and the zones,
// then the rules (bounded), the references to groups and the policies that apply to a user, and a token
// that may not read policies (Okta's Help Desk administrator) failing with Okta's answer.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import { DEMO_CUSTOMERS } from "../../emulator/seeds";
import { createOktaGateway } from "@/lib/okta/gateway";
import { policiesForUser, policiesReferencingGroups, readPolicies } from "@/lib/okta/policies";
import { describeOktaError } from "@/lib/okta/errors";

let emu: RunningEmulator;
beforeAll(async () => {
  const spec = DEMO_CUSTOMERS.find((c) => c.slug === "acme")!;
  emu = await startEmulator({ port: 0, orgs: [buildCustomerOrg({ ...spec, users: 60, history: undefined }, "demo", Date.now()).builder.org] });
});
afterAll(async () => emu?.stop());

const gateway = (token = emu.org("acme").apiTokens[0]!.token) =>
  createOktaGateway({ tenantId: `t-policies-${token.slice(-6)}`, orgUrl: emu.orgUrl("acme"), credential: { type: "ssws", token }, allowLocalOrgUrls: true });
const group = (name: string) => [...emu.org("acme").groups.values()].find((g) => g.profile.name === name)!.id;

it("reads the four types and the zones in one wave, then every policy's rules", async () => {
  emu.clearRequests("acme");
  const set = await readPolicies(gateway());
  const log = emu.requests("acme").requests;
  const pathOf = (r: { path: string }) => r.path.split("?")[0]!;
  const lists = log.filter((r) => ["/api/v1/policies", "/api/v1/zones"].includes(pathOf(r)));
  expect(lists.map(pathOf).sort()).toEqual(["/api/v1/policies", "/api/v1/policies", "/api/v1/policies", "/api/v1/policies", "/api/v1/zones"]);
  const rules = log.filter((r) => pathOf(r).endsWith("/rules"));
  expect(rules).toHaveLength(set.policies.length);
  // The rules reads start once the lists have answered: one wave of lists, then the rules.
  expect(Math.min(...rules.map((r) => log.indexOf(r)))).toBeGreaterThan(Math.max(...lists.map((r) => log.indexOf(r))));
  expect(set.unavailable).toEqual([]);
  expect(set.truncated).toBe(false);
  expect([...set.zoneNames.values()]).toContain("Office");
  expect(set.policies.every((p) => Array.isArray(p.rules))).toBe(true);
});

it("policiesReferencingGroups: Marketing's session policy and FIDO2 rule, Service Accounts' exemption and exclusion", async () => {
  const marketing = group("Users – Marketing");
  const service = group("Service Accounts");
  const refs = await policiesReferencingGroups(gateway(), [marketing, service]);
  expect(refs.map((r) => [r.type, r.name, r.ruleName ?? null, r.effect, r.groupId === marketing ? "marketing" : "service"])).toEqual([
    ["OKTA_SIGN_ON", "Marketing – outside the office", null, "include", "marketing"],
    ["ACCESS_POLICY", "Default Policy", "Marketing outside the office: phishing-resistant", "include", "marketing"],
    ["ACCESS_POLICY", "Default Policy", "Marketing outside the office: phishing-resistant", "exclude", "service"],
    ["MFA_ENROLL", "Service accounts – no authenticator enrolment", null, "include", "service"],
  ]);
  expect(refs[1]!.summary).toBe("Requires a phishing-resistant factor outside Office, asked again every 2 hours");
  expect(refs[0]!.summary).toBe("Requires MFA at every sign-in outside Office; Signs in without an extra factor in Office");
  expect(await policiesReferencingGroups(gateway(), [])).toEqual([]);
});

it("policiesForUser: a Marketing member gets the FIDO2 rule through Users – Marketing", async () => {
  const marketing = group("Users – Marketing");
  const r = await policiesForUser(gateway(), [group("Everyone"), marketing]);
  const applied = r.policies.filter((p) => p.applies).map((p) => [p.type, p.policyName]);
  expect(applied).toEqual([
    ["OKTA_SIGN_ON", "Marketing – outside the office"],
    ["ACCESS_POLICY", "Default Policy"],
    ["MFA_ENROLL", "Workforce authenticator enrolment"],
    ["PASSWORD", "Default Policy"],
  ]);
  const auth = r.policies.find((p) => p.type === "ACCESS_POLICY")!;
  expect(auth.rules[0]!.viaGroupIds).toEqual([marketing]);
});

it("a Help Desk administrator's token may not read policies: Okta's 403 in a plain sentence", async () => {
  const org = emu.org("acme");
  const someone = [...org.users.values()].find((u) => u.status === "ACTIVE" && !org.roles.has(u.id))!;
  org.roles.set(someone.id, [{ id: "ra1HdPolicies0000000", userId: someone.id, type: "HELP_DESK_ADMIN", label: "Help Desk Administrator", status: "ACTIVE", created: new Date().toISOString(), lastUpdated: new Date().toISOString(), assignmentType: "USER" }]);
  org.apiTokens.push({ token: "00hd-policies-integration", name: "hd", userId: someone.id });
  const err = await readPolicies(gateway("00hd-policies-integration")).then(
    () => null,
    (e: unknown) => e,
  );
  const d = describeOktaError(err);
  expect(d?.status).toBe(403);
  expect(d?.sentence).toMatch(/permission/i);
});
