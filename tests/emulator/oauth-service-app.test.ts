/**
 * OAuth for Okta: a service app gets Management API access tokens from the org authorization server
 * (client_credentials + private_key_jwt) and calls the API with them, driven through the official SDK
 * (authorizationMode "PrivateKey") and, where the SDK hides the wire, raw fetch. Management API
 * responses are validated against the contract from Okta's spec, token responses against the one from
 * the OAuth spec (emulator/contract/okta-contract.json).
 */
import { createSign, generateKeyPairSync, randomUUID } from "node:crypto";
import { Client, OktaApiError } from "@okta/okta-sdk-nodejs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildRouter, startEmulator, type RunningEmulator } from "../../emulator/server.ts";
import { DEMO_CUSTOMERS } from "../../emulator/seeds/index.ts";
import { buildCustomerOrg, SERVICE_APP_LABEL } from "../../emulator/seeds/customer.ts";
import { requiredScope } from "../../emulator/scopes.ts";
import type { OidcClientRecord } from "../../emulator/model.ts";
import { OpenApiValidator } from "./openapi-validator.ts";

interface ServiceAppEntry {
  clientId: string;
  name: string;
  keyId: string;
  privateKeyPem: string;
  scopes: string[];
  roles: string[];
}

let em: RunningEmulator;
let validator: OpenApiValidator;
let oauthValidator: OpenApiValidator;
const apps: Record<string, ServiceAppEntry> = {};
const NOW = Date.parse("2026-06-01T12:00:00.000Z");

beforeAll(async () => {
  validator = new OpenApiValidator();
  oauthValidator = new OpenApiValidator("oauth");
  const orgs = DEMO_CUSTOMERS.filter((s) => s.slug === "acme" || s.slug === "globex").map((s) => buildCustomerOrg(s, "demo", NOW).builder.org);
  em = await startEmulator({ port: 0, orgs, onExchange: (x) => validator.validate(x.method, x.path, x.status, x.body) });
  const index = (await (await fetch(`${em.baseUrl}/__emulator/orgs`)).json()) as Array<{ slug: string; serviceApp?: ServiceAppEntry }>;
  for (const o of index) if (o.serviceApp) apps[o.slug] = o.serviceApp;
});

afterAll(async () => {
  await em?.stop();
  console.log(validator.summary());
  expect(validator.failures).toEqual([]);
  expect(oauthValidator.failures).toEqual([]);
  expect(oauthValidator.validated).toBeGreaterThan(10);
});

beforeEach(() => {
  em.clearRequests();
});

function sdk(slug: string, opts: { scopes?: string[]; privateKey?: string | Record<string, unknown>; keyId?: string } = {}): Client {
  const app = apps[slug]!;
  return new Client({
    orgUrl: em.orgUrl(slug),
    authorizationMode: "PrivateKey",
    clientId: app.clientId,
    scopes: opts.scopes ?? ["okta.users.read", "okta.groups.manage", "okta.logs.read", "okta.roles.read"],
    privateKey: opts.privateKey ?? app.privateKeyPem,
    keyId: opts.keyId ?? app.keyId,
    cacheMiddleware: null,
  } as ConstructorParameters<typeof Client>[0]);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}

// ---- raw token requests ------------------------------------------------------------------------

interface AssertionOptions {
  clientId?: string;
  aud?: string;
  exp?: number;
  jti?: string | null;
  kid?: string | null;
  pem?: string;
  iss?: string;
}

function b64(o: unknown): string {
  return Buffer.from(JSON.stringify(o)).toString("base64url");
}

function assertion(slug: string, o: AssertionOptions = {}): string {
  const app = apps[slug]!;
  const now = Math.floor(Date.now() / 1000);
  const header: Record<string, unknown> = { alg: "RS256", typ: "JWT" };
  const kid = o.kid === undefined ? app.keyId : o.kid;
  if (kid !== null) header.kid = kid;
  const clientId = o.clientId ?? app.clientId;
  const payload: Record<string, unknown> = { aud: o.aud ?? `${em.orgUrl(slug)}/oauth2/v1/token`, iss: o.iss ?? clientId, sub: clientId, iat: now, exp: o.exp ?? now + 300 };
  const jti = o.jti === undefined ? randomUUID() : o.jti;
  if (jti !== null) payload.jti = jti;
  const input = `${b64(header)}.${b64(payload)}`;
  const sig = createSign("RSA-SHA256").update(input).sign(o.pem ?? app.privateKeyPem);
  return `${input}.${sig.toString("base64url")}`;
}

async function token(slug: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${em.orgUrl(slug)}/oauth2/v1/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json", ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const body = (await res.json()) as Record<string, unknown>;
  oauthValidator.validate("POST", "/oauth2/v1/token", res.status, body);
  return { status: res.status, body, headers: res.headers };
}

const grant = (slug: string, scope: string, a = assertion(slug)) =>
  token(slug, { grant_type: "client_credentials", scope, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: a });

async function api(slug: string, p: string, accessToken: string, init: RequestInit = {}) {
  const res = await fetch(`${em.orgUrl(slug)}${p}`, { ...init, headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json", "Content-Type": "application/json" } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
}

// ---- tests ---------------------------------------------------------------------------------------

describe("seeded service apps", () => {
  it("are listed by the control endpoint with their private key, scopes and roles", () => {
    expect(apps.acme).toMatchObject({ name: SERVICE_APP_LABEL, roles: ["SUPER_ADMIN"], clientId: expect.stringMatching(/^0oa/) });
    expect(apps.acme!.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(apps.acme!.scopes).toEqual(expect.arrayContaining(["okta.users.manage", "okta.groups.manage", "okta.apps.manage", "okta.logs.read", "okta.roles.read", "okta.factors.manage", "okta.orgs.read"]));
    expect(apps.globex!.roles).toEqual([]);
  });

  it("have the same key pair on every seed run", () => {
    const spec = DEMO_CUSTOMERS.find((s) => s.slug === "acme")!;
    const again = buildCustomerOrg(spec, "demo", NOW).builder.org.oidcClients.find((c) => c.applicationType === "service") as OidcClientRecord;
    expect(again.clientId).toBe(apps.acme!.clientId);
    expect(again.demoPrivateKeyPem).toBe(apps.acme!.privateKeyPem);
    expect(again.jwks?.[0]?.kid).toBe(apps.acme!.keyId);
  });
});

describe("through the SDK (authorizationMode PrivateKey)", () => {
  it("lists users with a token from the org authorization server", async () => {
    const client = sdk("acme");
    const users = await client.userApi.listUsers({ limit: 5 });
    const first: string[] = [];
    for await (const u of users) {
      if (u) first.push(u.id!);
      if (first.length === 5) break;
    }
    expect(first).toHaveLength(5);
    const served = em.requests("acme").requests.map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(served[0]).toBe("POST /oauth2/v1/token 200");
    expect(served[1]).toMatch(/^GET \/api\/v1\/users 200$/);
    // One token for the whole session.
    expect(served.filter((r) => r.startsWith("POST /oauth2/v1/token"))).toHaveLength(1);
  });

  it("also signs with a private JWK", async () => {
    const { privateKey } = { privateKey: (await import("node:crypto")).createPrivateKey(apps.acme!.privateKeyPem) };
    const jwk = { ...(privateKey.export({ format: "jwk" }) as Record<string, unknown>), kid: apps.acme!.keyId };
    const org = await sdk("acme", { privateKey: JSON.stringify(jwk), keyId: "" }).userApi.listUsers({ limit: 1 });
    const it = org[Symbol.asyncIterator]();
    expect((await it.next()).value).toBeTruthy();
  });

  it("writes, and the System Log names the service app as the actor", async () => {
    const client = sdk("acme");
    const name = `svc-app-group-${Date.now()}`;
    const group = await client.groupApi.createGroup({ group: { profile: { name, description: "made by the service app" } } });
    expect(group.profile?.name).toBe(name);
    const log = em.org("acme").logs;
    const created = log.filter((e) => e.eventType === "group.lifecycle.create" && e.target?.[0]?.id === group.id);
    expect(created).toHaveLength(1);
    expect(created[0]!.actor).toMatchObject({ id: apps.acme!.clientId, type: "PublicClientApp", alternateId: apps.acme!.clientId, displayName: SERVICE_APP_LABEL });
    const grantEvent = log.filter((e) => e.eventType === "app.oauth2.as.token.grant.access_token").at(-1)!;
    expect(grantEvent.actor).toMatchObject({ id: apps.acme!.clientId, type: "PublicClientApp" });
    // And through the API, as the console reads it.
    // (A `since` query polls: the log always has a next page, so read the first one only.)
    const events = await sdk("acme").systemLogApi.listLogEvents({ filter: `eventType eq "group.lifecycle.create" and target.id eq "${group.id}"`, since: new Date(Date.now() - 60_000).toISOString() });
    const first = await events[Symbol.asyncIterator]().next();
    expect(first.value?.actor).toMatchObject({ id: apps.acme!.clientId, type: "PublicClientApp", displayName: SERVICE_APP_LABEL });
  });

  it("answers 403 E0000006 (OktaApiError) when the token lacks the endpoint's scope", async () => {
    const client = sdk("acme", { scopes: ["okta.users.read"] });
    const err = await rejection(client.groupApi.createGroup({ group: { profile: { name: "nope" } } }));
    expect(err).toBeInstanceOf(OktaApiError);
    const e = err as OktaApiError;
    expect(e.status).toBe(403);
    expect(e.errorCode).toBe("E0000006");
    const challenge = (e.headers as unknown as { get(n: string): string | null }).get("www-authenticate") ?? "";
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="okta.groups.manage"');
    // okta.users.read does not allow writes either; reads work.
    await expect(client.userApi.createUser({ body: { profile: { login: "x@acme.example", email: "x@acme.example", firstName: "X", lastName: "Y" } } })).rejects.toMatchObject({ status: 403 });
    await expect(client.userApi.getUser({ userId: [...em.org("acme").users.keys()][0]! })).resolves.toMatchObject({ id: expect.any(String) });
  });

  it("lists the admin roles assigned to the client app (GET /oauth2/v1/clients/{clientId}/roles)", async () => {
    const roles = [];
    for await (const r of await sdk("acme").roleAssignmentApi.listRolesForClient({ clientId: apps.acme!.clientId })) if (r) roles.push(r);
    expect(roles).toHaveLength(1);
    expect(roles[0]).toMatchObject({ type: "SUPER_ADMIN", assignmentType: "CLIENT", status: "ACTIVE", label: "Super Administrator" });
    // SSWS works too; an unknown client is a 404.
    const ssws = em.org("acme").apiTokens[0]!.token;
    const res = await fetch(`${em.orgUrl("acme")}/oauth2/v1/clients/${apps.acme!.clientId}/roles`, { headers: { Authorization: `SSWS ${ssws}` } });
    const body = (await res.json()) as Array<{ _links: { assignee: { href: string } } }>;
    expect(res.status).toBe(200);
    expect(body[0]!._links.assignee.href).toBe(`${em.orgUrl("acme")}/oauth2/v1/clients/${apps.acme!.clientId}/roles`);
    const missing = await fetch(`${em.orgUrl("acme")}/oauth2/v1/clients/0oaNoSuchClient00000/roles`, { headers: { Authorization: `SSWS ${ssws}` } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { errorCode: string }).errorCode).toBe("E0000007");
  });

  it("refuses every call of a service app without an admin role (403 E0000006)", async () => {
    const client = sdk("globex");
    // Collections fetch lazily: the first next() sends the request.
    const roles = await client.roleAssignmentApi.listRolesForClient({ clientId: apps.globex!.clientId });
    const err = await rejection(roles[Symbol.asyncIterator]().next());
    expect(err).toBeInstanceOf(OktaApiError);
    expect(err).toMatchObject({ status: 403, errorCode: "E0000006" });
    const groups = await client.groupApi.listGroups();
    await expect(groups[Symbol.asyncIterator]().next()).rejects.toMatchObject({ status: 403, errorCode: "E0000006" });
    // It did get a token: the refusal is about the missing admin role, not the credential.
    expect(em.requests("globex").requests.map((r) => `${r.method} ${r.path} ${r.status}`)[0]).toBe("POST /oauth2/v1/token 200");
  });
});

describe("org authorization server token endpoint", () => {
  it("issues an org-issued Bearer token for the granted scopes, ignoring an unsolicited DPoP proof", async () => {
    const { status, body } = await token("acme", {
      grant_type: "client_credentials",
      scope: "okta.users.read okta.groups.read",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion("acme"),
    }, { DPoP: "eyJ0eXAiOiJkcG9wK2p3dCJ9.e30.sig" });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "okta.users.read okta.groups.read" });
    const claims = claimsOf(String(body.access_token));
    expect(claims).toMatchObject({ iss: em.orgUrl("acme"), aud: em.orgUrl("acme"), sub: apps.acme!.clientId, cid: apps.acme!.clientId, scp: ["okta.users.read", "okta.groups.read"] });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    // Signed by the org authorization server's published key.
    const keys = (await (await fetch(`${em.orgUrl("acme")}/oauth2/v1/keys`)).json()) as { keys: Array<{ kid: string }> };
    const header = JSON.parse(Buffer.from(String(body.access_token).split(".")[0]!, "base64url").toString()) as { kid: string };
    expect(keys.keys.map((k) => k.kid)).toContain(header.kid);
  });

  it("leaves ungranted Okta scopes out of the token, and refuses when none is granted", async () => {
    const partial = await grant("globex", "okta.users.read okta.policies.read");
    expect(partial.status).toBe(200);
    expect(partial.body.scope).toBe("okta.users.read");
    const none = await grant("acme", "okta.policies.read");
    expect(none).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
    expect(await grant("acme", "")).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
    expect(await grant("acme", "openid okta.users.read")).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
    expect(await grant("acme", "okta.users.read not-a-scope")).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
  });

  it("rejects bad client assertions with invalid_client (401)", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const cases: Array<[string, string, RegExp]> = [
      ["signature", assertion("acme", { pem: other }), /signature is invalid/],
      ["aud", assertion("acme", { aud: `${em.orgUrl("acme")}/oauth2/default/v1/token` }), /audience claim/],
      ["aud of another org", assertion("acme", { aud: `${em.orgUrl("globex")}/oauth2/v1/token` }), /audience claim/],
      ["expired", assertion("acme", { exp: Math.floor(Date.now() / 1000) - 5 }), /expired/],
      ["exp too far", assertion("acme", { exp: Math.floor(Date.now() / 1000) + 2 * 3600 }), /too far into the future/],
      ["kid", assertion("acme", { kid: "some-other-key" }), /kid is invalid/],
      ["iss != sub", assertion("acme", { iss: "0oaSomeoneElse" }), /'iss' and 'sub'/],
      ["unknown client", assertion("acme", { clientId: "0oaNoSuchClient00000" }), /client_id/],
      ["another org's app", assertion("globex"), /client_id/],
    ];
    for (const [what, a, description] of cases) {
      const r = await grant("acme", "okta.users.read", a);
      expect(r.status, what).toBe(401);
      expect(r.body.error, what).toBe("invalid_client");
      expect(String(r.body.error_description), what).toMatch(description);
    }
  });

  it("accepts a client assertion once (jti replay is invalid_client)", async () => {
    const a = assertion("acme");
    expect((await grant("acme", "okta.users.read", a)).status).toBe(200);
    const again = await grant("acme", "okta.users.read", a);
    expect(again).toMatchObject({ status: 401, body: { error: "invalid_client", error_description: "The client_assertion token has already been used." } });
  });

  it("answers protocol errors as OAuth JSON", async () => {
    const t = (form: Record<string, string>, headers?: Record<string, string>) => token("acme", form, headers);
    expect(await t({ grant_type: "client_credentials", scope: "okta.users.read" })).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(await t({ grant_type: "client_credentials", scope: "okta.users.read", client_id: apps.acme!.clientId, client_secret: "guess" })).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const withType = (grant_type: string) => ({ grant_type, scope: "okta.users.read", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion("acme") });
    expect(await t(withType("urn:example:nope"))).toMatchObject({ status: 400, body: { error: "unsupported_grant_type" } });
    expect(await t(withType("authorization_code"))).toMatchObject({ status: 400, body: { error: "unauthorized_client" } });
    expect(await t({ ...withType("client_credentials"), client_assertion_type: "urn:example:other" })).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const both = await t(withType("client_credentials"), { Authorization: `Basic ${Buffer.from(`${apps.acme!.clientId}:x`).toString("base64")}` });
    expect(both).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    const get = await fetch(`${em.orgUrl("acme")}/oauth2/v1/token`);
    expect(get.status).toBe(405);
  });
});

describe("Management API with a Bearer token", () => {
  let accessToken = "";
  beforeAll(async () => {
    accessToken = String((await grant("acme", "okta.users.read okta.orgs.read")).body.access_token);
  });

  it("rejects a tampered, foreign or unsigned token with 401 E0000011", async () => {
    const [h, p] = accessToken.split(".");
    const forged = `${h}.${b64({ ...claimsOf(accessToken), scp: ["okta.users.manage"] })}.${accessToken.split(".")[2]}`;
    const globexToken = String((await grant("globex", "okta.users.read")).body.access_token);
    for (const bad of [forged, globexToken, `${h}.${p}.`, "not-a-jwt"]) {
      const r = await api("acme", "/api/v1/users?limit=1", bad);
      expect(r.status).toBe(401);
      expect(r.body?.errorCode).toBe("E0000011");
      expect(r.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
  });

  it("answers /api/v1/users/me with 404: a service app is not a user", async () => {
    const r = await api("acme", "/api/v1/users/me", accessToken);
    expect(r).toMatchObject({ status: 404, body: { errorCode: "E0000007" } });
  });

  it("reads what the scopes allow (okta.orgs.read: GET /api/v1/org)", async () => {
    expect((await api("acme", "/api/v1/org", accessToken)).status).toBe(200);
    expect((await api("acme", "/api/v1/logs?limit=1", accessToken)).status).toBe(403);
  });
});

describe("route scopes", () => {
  it("match the oauth2 security of every registered route in Okta's spec", () => {
    const mismatches: string[] = [];
    for (const { method, template } of buildRouter().list()) {
      // The emulator serves the user lifecycle operations through one template; the spec lists each.
      const specPath = template.replace("/lifecycle/:op", "/lifecycle/activate").replace(/:(\w+)/g, "{$1}");
      const op = validator.findOperation(method, specPath);
      if (!op) {
        mismatches.push(`${method} ${template}: not in the spec`);
        continue;
      }
      const ours = requiredScope(method, template);
      if (!ours || !op.oauthScopes.includes(ours)) mismatches.push(`${method} ${template}: ours ${ours}, spec ${op.oauthScopes.join(" ")}`);
    }
    expect(mismatches).toEqual([]);
  });
});
