// Test connection and the gateway with an OAuth service-app credential, end to end against the emulator's
// org authorization server (the seeded "MSP Console Service App" of acme and of globex).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { DEMO_CUSTOMERS } from "../../emulator/seeds";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import { createOktaGateway, describeOktaError, withOktaRequestLog } from "@/lib/okta/gateway";
import { testConnection } from "@/lib/tenants/connection";
import { DEFAULT_OAUTH_SCOPES, type OktaCredential } from "@/lib/tenants/schemas";

interface ServiceAppEntry {
  clientId: string;
  keyId: string;
  privateKeyPem: string;
}

let emu: RunningEmulator;
const apps: Record<string, ServiceAppEntry> = {};

beforeAll(async () => {
  const orgs = DEMO_CUSTOMERS.filter((s) => s.slug === "acme" || s.slug === "globex").map((s) => buildCustomerOrg(s, "demo", Date.now()).builder.org);
  emu = await startEmulator({ port: 0, orgs });
  const index = (await (await fetch(`${emu.baseUrl}/__emulator/orgs`)).json()) as Array<{ slug: string; serviceApp?: ServiceAppEntry }>;
  for (const o of index) if (o.serviceApp) apps[o.slug] = o.serviceApp;
});
afterAll(async () => emu?.stop());
beforeEach(() => {
  emu.clearFaults();
  emu.clearRequests();
});

function credential(slug: string, over: Partial<Extract<OktaCredential, { type: "oauth" }>> = {}): OktaCredential {
  const app = apps[slug]!;
  return { type: "oauth", clientId: app.clientId, privateKey: app.privateKeyPem, keyId: app.keyId, scopes: [...DEFAULT_OAUTH_SCOPES], ...over };
}

describe("test connection with an OAuth service app", () => {
  it("passes for acme's service app (SUPER_ADMIN assigned to the client), with request ids per step", async () => {
    const report = await testConnection({ allowLocalOrgUrls: true, orgUrl: emu.orgUrl("acme"), credential: credential("acme") });
    expect(report.steps.map((s) => [s.name, s.status])).toEqual([
      ["reachable", "passed"],
      ["credential", "passed"],
      ["adminRole", "passed"],
    ]);
    expect(report.ok).toBe(true);
    expect(report.steps[1]!.detail).toMatch(/obtained an access token/);
    expect(report.steps[2]!.detail).toMatch(/holds Super Administrator/);
    const served = emu.requests("acme").requests;
    expect(served.map((r) => `${r.method} ${r.path} ${r.status}`)).toContain("POST /oauth2/v1/token 200");
    expect(served.map((r) => `${r.method} ${r.path} ${r.status}`)).toContain(`GET /oauth2/v1/clients/${apps.acme!.clientId}/roles 200`);
    for (const s of report.steps.slice(1)) {
      expect(s.requestIds.length).toBeGreaterThan(0);
      for (const id of s.requestIds) expect(served.map((r) => r.requestId)).toContain(id);
    }
  });

  it("reports the missing admin role for globex's service app (token issued, role read refused)", async () => {
    const report = await testConnection({ allowLocalOrgUrls: true, orgUrl: emu.orgUrl("globex"), credential: credential("globex") });
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.status)).toEqual(["passed", "passed", "failed"]);
    expect(report.steps[2]!.detail).toMatch(/Missing: Super Administrator or Organization Administrator/);
  });

  it("fails step 2 naming the requested scopes Okta left out of the token (not granted to the app)", async () => {
    const report = await testConnection({ allowLocalOrgUrls: true, orgUrl: emu.orgUrl("acme"), credential: credential("acme", { scopes: [...DEFAULT_OAUTH_SCOPES, "okta.policies.read"] }) });
    expect(report.steps.map((s) => s.status)).toEqual(["passed", "failed", "skipped"]);
    expect(report.steps[1]!.detail).toMatch(/left out okta\.policies\.read: the app has not been granted that scope/);
  });

  it("fails step 2 when the key does not match the registered one", async () => {
    const report = await testConnection({ allowLocalOrgUrls: true, orgUrl: emu.orgUrl("acme"), credential: credential("acme", { privateKey: apps.globex!.privateKeyPem }) });
    expect(report.steps.map((s) => s.status)).toEqual(["passed", "failed", "skipped"]);
    expect(report.steps[1]!.detail).toMatch(/refused to issue an access token/);
    expect(report.steps[1]!.detail).toMatch(/kid is invalid|signature is invalid/);
    expect(report.steps[1]!.detail).not.toContain("PRIVATE KEY");
  });

  it("fails step 2 for an unknown client id", async () => {
    const report = await testConnection({ allowLocalOrgUrls: true, orgUrl: emu.orgUrl("acme"), credential: credential("acme", { clientId: "0oaNoSuchClient00000" }) });
    expect(report.steps.map((s) => s.status)).toEqual(["passed", "failed", "skipped"]);
    expect(report.steps[1]!.detail).toMatch(/client_id/);
  });
});

describe("gateway with an OAuth service app", () => {
  it("works through the SDK and names the missing scope when one is not in the token", async () => {
    const gw = createOktaGateway({ tenantId: "t-oauth", allowLocalOrgUrls: true, orgUrl: emu.orgUrl("acme"), credential: credential("acme", { scopes: ["okta.users.read", "okta.roles.read"] }) });
    const roles = await gw.clientRoles();
    expect(roles.map((r) => [r.type, r.assignmentType])).toEqual([["SUPER_ADMIN", "CLIENT"]]);
    const run = await withOktaRequestLog(() => gw.client.groupApi.createGroup({ group: { profile: { name: "gw-oauth-denied" } } }));
    const d = describeOktaError(run.error);
    expect(d).toMatchObject({ code: "E0000006", status: 403 });
    expect(d?.sentence).toContain("okta.groups.manage");
  });

  it("me() is for API tokens: a service app has no user (404)", async () => {
    const gw = createOktaGateway({ tenantId: "t-oauth", allowLocalOrgUrls: true, orgUrl: emu.orgUrl("acme"), credential: credential("acme") });
    const run = await withOktaRequestLog(() => gw.me());
    expect(describeOktaError(run.error)).toMatchObject({ code: "E0000007", status: 404 });
  });
});
