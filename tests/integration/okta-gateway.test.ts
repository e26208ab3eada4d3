// The per-tenant gateway and test connection against the local emulator.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { seedOrgs } from "../../emulator/seeds";
import {
  createOktaGateway,
  describeOktaError,
  invalidateOktaGateway,
  oktaGatewayFor,
  TenantUnavailableError,
  withOktaRequestLog,
  type OktaGateway,
} from "@/lib/okta/gateway";
import { testConnection } from "@/lib/tenants/connection";
import type { CredentialKey } from "@/lib/tenants/envelope";
import { archiveTenant, createTenant, rotateTenantCredential } from "@/lib/tenants/service";
import { tenantCreateSchema, tenantRotateCredentialSchema } from "@/lib/tenants/schemas";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

let emu: RunningEmulator;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  emu = await startEmulator({ port: 0, orgs: seedOrgs("demo") });
  for (const slug of ["acme", "globex"]) tokens[slug] = emu.org(slug).apiTokens[0]!.token;
});
afterAll(async () => emu?.stop());
beforeEach(() => {
  emu.clearFaults();
  emu.clearRequests();
});

function gateway(slug: string, token = tokens[slug]!, timeoutMs?: number): OktaGateway {
  return createOktaGateway({
    tenantId: `t-${slug}`,
    orgUrl: `${emu.orgUrl(slug)}/`, // trailing slash on purpose: must be normalised
    credential: { type: "ssws", token },
    allowLocalOrgUrls: true, // the emulator is on http://127.0.0.1
    executorOptions: timeoutMs ? { attemptTimeoutMs: timeoutMs, maxRetries: 2, maxRetryDelayMs: 10_000 } : undefined,
  });
}

describe("gateway", () => {
  it("normalises the org URL and records each response's X-Okta-Request-Id", async () => {
    const gw = gateway("acme");
    expect(gw.orgUrl).toBe(emu.orgUrl("acme"));
    const run = await withOktaRequestLog(async () => {
      const me = await gw.me();
      const roles = await gw.userRoles(me.id);
      return { me, roles };
    });
    expect(run.error).toBeUndefined();
    expect(run.result?.roles.map((r) => r.type)).toContain("SUPER_ADMIN");
    const served = emu.requests("acme").requests;
    expect(served.map((r) => r.path)).toEqual(["/api/v1/users/me", expect.stringMatching(/^\/api\/v1\/users\/[^/]+\/roles$/)]);
    expect(run.requestIds).toEqual(served.map((r) => r.requestId));
  });

  it("request ids join the System Log's transaction.id", async () => {
    const gw = gateway("acme");
    const run = await withOktaRequestLog(() =>
      gw.client.groupApi.createGroup({ group: { profile: { name: `gw-test-${Date.now()}`, description: "x" } } }),
    );
    expect(run.error).toBeUndefined();
    expect(run.requestIds).toHaveLength(1);
    const event = emu.org("acme").logs.find((e) => e.transaction.id === run.requestIds[0]);
    expect(event?.eventType).toBe("group.lifecycle.create");
  });

  it("keeps concurrent logs apart and nests into an outer log", async () => {
    const gw = gateway("acme");
    const [a, b] = await Promise.all([withOktaRequestLog(() => gw.me()), withOktaRequestLog(() => gw.me())]);
    expect(a.requestIds).toHaveLength(1);
    expect(b.requestIds).toHaveLength(1);
    expect(a.requestIds[0]).not.toBe(b.requestIds[0]);
    const outer = await withOktaRequestLog(async () => {
      const inner = await withOktaRequestLog(() => gw.me());
      await gw.me();
      return inner.requestIds;
    });
    expect(outer.requestIds).toHaveLength(2);
    expect(outer.requestIds).toContain(outer.result![0]);
  });

  it("describes a rejected token (401 E0000011)", async () => {
    const run = await withOktaRequestLog(() => gateway("acme", "00wrong-token-value-abcdefghijklmnop").me());
    const d = describeOktaError(run.error);
    expect(d).toMatchObject({ code: "E0000011", status: 401 });
    expect(d?.sentence).toMatch(/^The API token was rejected by Okta/);
    expect(run.requestIds).toHaveLength(1);
  });

  it("describes a missing object (404 E0000007)", async () => {
    const run = await withOktaRequestLog(() => gateway("acme").client.userApi.getUser({ userId: "00unosuchuser0000000" }));
    const d = describeOktaError(run.error);
    expect(d).toMatchObject({ code: "E0000007", status: 404 });
    expect(d?.sentence).toMatch(/^Okta could not find/);
    expect(d?.sentence).not.toMatch(/\n\s+at /);
  });

  it("retries 429 a bounded number of times, then describes it with the wait", async () => {
    emu.addFault({ org: "acme", pathPattern: "^/api/v1/users/me", status: 429, count: 10 });
    const started = Date.now();
    const run = await withOktaRequestLog(() => gateway("acme").me());
    const d = describeOktaError(run.error);
    expect(d).toMatchObject({ code: "E0000047", status: 429 });
    expect(d?.sentence).toMatch(/^Okta's rate limit for this org was reached; try again in \d+ seconds\.$/);
    // One attempt + OKTA_MAX_RETRIES (2) retries, each answered with its own request id.
    expect(emu.requests("acme").requests).toHaveLength(3);
    expect(run.requestIds).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);

  it("recovers from a short 429 with the SDK's retry", async () => {
    emu.addFault({ org: "acme", pathPattern: "^/api/v1/users/me", status: 429, count: 1 });
    const run = await withOktaRequestLog(() => gateway("acme").me());
    expect(run.error).toBeUndefined();
    expect(run.requestIds).toHaveLength(2);
  }, 10_000);

  it("times out a hung request", async () => {
    emu.addFault({ org: "acme", pathPattern: "^/api/v1/users/me", hangMs: 1_500, count: 1 });
    const run = await withOktaRequestLog(() => gateway("acme", tokens.acme, 300).me());
    const d = describeOktaError(run.error);
    expect(d?.code).toBe("TIMEOUT");
    expect(d?.sentence).toMatch(/did not answer/);
  });

  it("describes an org URL that refuses connections", async () => {
    const gw = createOktaGateway({ tenantId: "x", allowLocalOrgUrls: true, orgUrl: "http://127.0.0.1:1", credential: { type: "ssws", token: "t".repeat(40) } });
    const run = await withOktaRequestLog(() => gw.me());
    const d = describeOktaError(run.error);
    expect(d?.code).toBe("ECONNREFUSED");
    expect(d?.sentence).toMatch(/^The org URL did not answer/);
  });

  it("paces a nearly exhausted bucket and keeps buckets apart", async () => {
    const gw = gateway("acme");
    await gw.me();
    const executor = gw.client.requestExecutor as unknown as { buckets: Map<string, { limit: number; remaining: number; resetAt: number }>; paceDelay(b: string, now?: number): number };
    const bucket = [...executor.buckets.keys()].find((k) => k.startsWith("GET /api/v1/users"));
    expect(bucket).toBeDefined();
    const now = Date.now();
    executor.buckets.set("GET /api/v1/x", { limit: 100, remaining: 50, resetAt: now + 4_000 });
    expect(executor.paceDelay("GET /api/v1/x", now)).toBe(0);
    // Interactive requests spend what is left at once (bulk work keeps a reserve for them: lib/okta/budget.ts).
    executor.buckets.set("GET /api/v1/x", { limit: 100, remaining: 3, resetAt: now + 4_000 });
    expect(executor.paceDelay("GET /api/v1/x", now)).toBe(0);
    executor.buckets.set("GET /api/v1/x", { limit: 100, remaining: 0, resetAt: now + 2_000 });
    expect(executor.paceDelay("GET /api/v1/x", now)).toBe(2_000);
    // A window far away is not waited out (Okta's 429 answers instead).
    executor.buckets.set("GET /api/v1/x", { limit: 100, remaining: 0, resetAt: now + 50_000 });
    expect(executor.paceDelay("GET /api/v1/x", now)).toBe(0);
    expect(executor.paceDelay("GET /api/v1/other", now)).toBe(0);
  });

  it("wires OAuth service-app credentials (private_key_jwt to /oauth2/v1/token)", async () => {
    // Its own org (umbrella): a late request from an earlier test (the hung one) cannot land in its log.
    // A client id the org does not know: this proves the SDK posts a client assertion to the org's token
    // endpoint and that a refusal becomes a plain sentence. The accepted flow (the seeded service apps) is
    // in tests/integration/oauth-connection.test.ts.
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const gw = createOktaGateway({
      tenantId: "t-oauth",
      allowLocalOrgUrls: true,
      orgUrl: emu.orgUrl("umbrella"),
      credential: { type: "oauth", clientId: "0oaServiceApp", privateKey: pem, keyId: "kid-1", scopes: ["okta.users.read", "okta.groups.read"] },
    });
    expect(gw.client.authorizationMode).toBe("PrivateKey");
    expect(gw.client.scopes).toEqual(["okta.users.read", "okta.groups.read"]);
    expect(gw.client.keyId).toBe("kid-1");
    expect(gw.client.apiToken).toBe("");
    const run = await withOktaRequestLog(() => gw.ensureAccessToken());
    expect(emu.requests("umbrella").requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /oauth2/v1/token"]);
    const d = describeOktaError(run.error);
    expect(d?.code).toBe("OAUTH_TOKEN");
    expect(d?.sentence).toMatch(/refused to issue an access token/);
    expect(JSON.stringify(d)).not.toContain("PRIVATE KEY");
    // The refusal is not cached as a token: API calls ask again instead of sending "Bearer undefined".
    emu.clearRequests();
    const again = await withOktaRequestLog(() => gw.me());
    expect(describeOktaError(again.error)?.code).toBe("OAUTH_TOKEN");
    expect(emu.requests("umbrella").requests.map((r) => r.path)).toEqual(["/oauth2/v1/token"]);
  });

  it("describes an unreadable private key", async () => {
    const gw = createOktaGateway({ tenantId: "t", allowLocalOrgUrls: true, orgUrl: emu.orgUrl("acme"), credential: { type: "oauth", clientId: "c", privateKey: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----", scopes: ["okta.users.read"] } });
    const run = await withOktaRequestLog(() => gw.ensureAccessToken());
    expect(describeOktaError(run.error)?.code).toBe("PRIVATE_KEY");
  });

  it("does not serialise the credential", () => {
    const gw = gateway("acme");
    expect(JSON.stringify(gw)).not.toContain(tokens.acme);
  });
});

describe("test connection", () => {
  let plain: Server;
  let plainUrl = "";
  beforeAll(async () => {
    plain = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html><body>Welcome to nginx</body></html>");
    });
    await new Promise<void>((r) => plain.listen(0, "127.0.0.1", () => r()));
    plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => plain.close(() => r())));

  it("passes for a super admin token, with request ids per step", async () => {
    const report = await testConnection({ allowLocalOrgUrls: true, orgUrl: emu.orgUrl("acme"), credential: { type: "ssws", token: tokens.acme! } });
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.name, s.status])).toEqual([
      ["reachable", "passed"],
      ["credential", "passed"],
      ["adminRole", "passed"],
    ]);
    expect(report.steps[2]!.detail).toMatch(/Super Administrator/);
    const served = emu.requests("acme").requests.map((r) => r.requestId);
    for (const s of report.steps) {
      expect(s.requestIds.length).toBeGreaterThan(0);
      for (const id of s.requestIds) expect(served).toContain(id);
    }
  });

  it("fails step 2 for a wrong token", async () => {
    const report = await testConnection({ allowLocalOrgUrls: true, orgUrl: emu.orgUrl("acme"), credential: { type: "ssws", token: "00wrong-token-value-abcdefghijklmnop" } });
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.status)).toEqual(["passed", "failed", "skipped"]);
    expect(report.steps[1]!.detail).toMatch(/^The API token was rejected by Okta/);
  });

  it("fails step 3 when the token's admin only holds HELP_DESK_ADMIN, naming what is missing", async () => {
    const report = await testConnection({ allowLocalOrgUrls: true, orgUrl: emu.orgUrl("globex"), credential: { type: "ssws", token: tokens.globex! } });
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.status)).toEqual(["passed", "passed", "failed"]);
    expect(report.steps[2]!.detail).toMatch(/holds Help Desk Administrator\. Missing: Super Administrator or Organization Administrator/);
  });

  it("fails step 1 for a URL that is not Okta", async () => {
    const report = await testConnection({ allowLocalOrgUrls: true, orgUrl: plainUrl, credential: { type: "ssws", token: tokens.acme! } });
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.status)).toEqual(["failed", "skipped", "skipped"]);
    expect(report.steps[0]!.detail).toMatch(/not like an Okta org/);
  });

  it("fails step 1 for a URL that does not answer", async () => {
    const report = await testConnection({ allowLocalOrgUrls: true, orgUrl: "http://127.0.0.1:1", credential: { type: "ssws", token: tokens.acme! } });
    expect(report.steps[0]).toMatchObject({ status: "failed" });
    expect(report.steps[0]!.detail).toMatch(/^The org URL did not answer/);
  });
});

describeDatabases("oktaGatewayFor", (getDb) => {
  const keys: CredentialKey[] = [{ id: "k1", key: randomBytes(32) }];
  beforeEach(async () => resetDatabase(getDb()));

  it("builds a gateway from the stored credential, caches it per credential version, refuses archived orgs", async () => {
    const t = await createTenant(
      tenantCreateSchema.parse({ name: "Acme", slug: "acme", orgUrl: emu.orgUrl("acme"), mastery: "okta", credentialType: "ssws", apiToken: tokens.acme }),
      { db: getDb(), keys, allowLocalOrgUrls: true }, // the emulator is on http://127.0.0.1
    );
    const gw1 = await oktaGatewayFor({ id: t.id }, { db: getDb(), keys, allowLocalOrgUrls: true });
    expect((await gw1.me()).id).toBeTruthy();
    expect(await oktaGatewayFor({ id: t.id }, { db: getDb(), keys, allowLocalOrgUrls: true })).toBe(gw1);

    await rotateTenantCredential(tenantRotateCredentialSchema.parse({ id: t.id, credentialType: "ssws", apiToken: tokens.globex }), { db: getDb(), keys });
    const gw2 = await oktaGatewayFor({ id: t.id }, { db: getDb(), keys, allowLocalOrgUrls: true });
    expect(gw2).not.toBe(gw1);
    // Same version seen from another process (cache dropped here): still a new client after a re-read.
    invalidateOktaGateway(t.id);
    expect(await oktaGatewayFor({ id: t.id }, { db: getDb(), keys, allowLocalOrgUrls: true })).not.toBe(gw2);

    await archiveTenant({ id: t.id }, { db: getDb(), keys });
    await expect(oktaGatewayFor({ id: t.id }, { db: getDb(), keys, allowLocalOrgUrls: true })).rejects.toBeInstanceOf(TenantUnavailableError);
    await expect(oktaGatewayFor({ id: "nope" }, { db: getDb(), keys })).rejects.toThrow(/does not exist/);
  });

  it("takes the row the wrapper read in this request: same checks, same cache, no second read; another org's row is ignored", async () => {
    const create = (slug: "acme" | "globex") =>
      createTenant(
        tenantCreateSchema.parse({ name: slug, slug, orgUrl: emu.orgUrl(slug), mastery: "okta", credentialType: "ssws", apiToken: tokens[slug] }),
        { db: getDb(), keys, allowLocalOrgUrls: true },
      );
    const [acme, globex] = await Promise.all([create("acme"), create("globex")]);
    const acmeRow = (await getDb().tenant.findUnique({ where: { id: acme.id } }))!;
    const globexRow = (await getDb().tenant.findUnique({ where: { id: globex.id } }))!;
    const gw = await oktaGatewayFor({ id: acme.id }, { db: getDb(), keys, allowLocalOrgUrls: true, row: acmeRow });
    expect(gw.orgUrl).toBe(emu.orgUrl("acme"));
    // The same credential version: the cached client, whether read here or handed over.
    expect(await oktaGatewayFor({ id: acme.id }, { db: getDb(), keys, allowLocalOrgUrls: true })).toBe(gw);
    // A row of another org never stands in for the one asked for.
    const asked = await oktaGatewayFor({ id: acme.id }, { db: getDb(), keys, allowLocalOrgUrls: true, row: globexRow });
    expect(asked).toBe(gw);
    expect(((await asked.me()) as { id: string }).id).toBe((await gw.me()).id);
    // The handed-over row is checked like a read one: archived refuses.
    await expect(
      oktaGatewayFor({ id: acme.id }, { db: getDb(), keys, allowLocalOrgUrls: true, row: { ...acmeRow, archivedAt: new Date() } }),
    ).rejects.toBeInstanceOf(TenantUnavailableError);
  });
});
