import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { oktaGatewayFor, TenantUnavailableError } from "@/lib/okta/gateway";
import { decryptWithKeys, keyIdOf, type CredentialKey } from "@/lib/tenants/envelope";
import {
  archiveTenant,
  createTenant,
  getTenant,
  getTenantBySlug,
  getTenantCredentialInfo,
  listTenants,
  listTenantTags,
  rotateTenantCredential,
  TenantInputError,
  testDraftTenantConnection,
  testSavedTenantConnection,
  unarchiveTenant,
  updateTenant,
} from "@/lib/tenants/service";
import { localOrgUrlError, tenantCreateSchema, tenantRotateCredentialSchema, tenantUpdateSchema } from "@/lib/tenants/schemas";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

const run = promisify(execFile);
const root = path.resolve(__dirname, "../..");

const k1: CredentialKey = { id: "k1", key: randomBytes(32) };
const k2: CredentialKey = { id: "k2", key: randomBytes(32) };
const TOKEN = "00SecretTokenValue_abcdefghijklmnopqrstuv";
const NEW_TOKEN = "00AnotherTokenValue_abcdefghijklmnopqrst";
const URL_CHANGE_MESSAGE = "Enter the credential again when you change the org URL: the stored one is tied to the old URL.";

async function rejection(p: Promise<unknown>): Promise<TenantInputError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TenantInputError);
  return err as TenantInputError;
}

function createInput(over: Record<string, unknown> = {}) {
  return tenantCreateSchema.parse({
    name: "Acme Corp",
    slug: "acme",
    orgUrl: "https://acme.okta.com/",
    mastery: "okta",
    tags: "Retail, eu",
    ticketRequired: "on",
    credentialType: "ssws",
    apiToken: TOKEN,
    ...over,
  });
}

function keysEnv(keys: CredentialKey[]): string {
  return keys.map((k) => `${k.id}:${k.key.toString("base64")}`).join(",");
}

describeDatabases("tenant service", (getDb, dbEnv) => {
  const deps = () => ({ db: getDb(), keys: [k1] });
  beforeEach(async () => resetDatabase(getDb()));

  it("creates an org with an encrypted credential and never returns it", async () => {
    const t = await createTenant(createInput(), deps());
    expect(t).toMatchObject({ slug: "acme", orgUrl: "https://acme.okta.com", credentialType: "ssws", credentialKeyId: "k1", ticketRequired: true, tags: ["eu", "retail"] });
    expect(JSON.stringify(t)).not.toContain(TOKEN);
    expect(Object.keys(t)).not.toContain("credentialCiphertext");
    const raw = await getDb().tenant.findUniqueOrThrow({ where: { id: t.id } });
    expect(raw.credentialCiphertext).not.toContain(TOKEN);
    expect(raw.credentialCiphertext.startsWith("v2.k1.")).toBe(true);
    expect(JSON.parse(decryptWithKeys([k1], { tenantId: t.id, orgUrl: "https://acme.okta.com" }, raw.credentialCiphertext))).toEqual({ type: "ssws", token: TOKEN });
    // Moving the envelope to another tenant does not decrypt (AAD = tenant id + org URL), nor does
    // the same tenant with another URL.
    const other = await createTenant(createInput({ slug: "other", orgUrl: "https://other.okta.com" }), deps());
    expect(() => decryptWithKeys([k1], { tenantId: other.id, orgUrl: "https://acme.okta.com" }, raw.credentialCiphertext)).toThrow();
    expect(() => decryptWithKeys([k1], { tenantId: t.id, orgUrl: "https://other.okta.com" }, raw.credentialCiphertext)).toThrow();
    const listed = await listTenants({}, deps());
    expect(JSON.stringify(listed)).not.toContain("v2.k1.");
  });

  it("refuses duplicate slugs and org URLs with field errors", async () => {
    await createTenant(createInput(), deps());
    const err = await createTenant(createInput({ name: "Again" }), deps()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TenantInputError);
    expect((err as TenantInputError).fieldErrors.slug?.[0]).toMatch(/already used by Acme Corp/);
    expect((err as TenantInputError).fieldErrors.orgUrl?.[0]).toMatch(/already uses this org URL/);
  });

  it("updates everything but the credential, and rotates the credential separately", async () => {
    const t = await createTenant(createInput(), deps());
    const before = await getDb().tenant.findUniqueOrThrow({ where: { id: t.id } });
    const updated = await updateTenant(
      // The same URL, spelled with a trailing slash: not a change.
      tenantUpdateSchema.parse({ id: t.id, name: "Acme Inc", slug: "acme-inc", orgUrl: "https://acme.okta.com/", mastery: "active_directory", tags: "emea" }),
      deps(),
    );
    expect(updated).toMatchObject({ name: "Acme Inc", slug: "acme-inc", orgUrl: "https://acme.okta.com", mastery: "active_directory", ticketRequired: false, tags: ["emea"] });
    const afterUpdate = await getDb().tenant.findUniqueOrThrow({ where: { id: t.id } });
    expect(afterUpdate.credentialCiphertext).toBe(before.credentialCiphertext);

    const rotated = await rotateTenantCredential(
      tenantRotateCredentialSchema.parse({
        id: t.id,
        credentialType: "oauth",
        oauthClientId: "0oaServiceApp",
        oauthPrivateKey: '{"kty":"RSA","n":"x","e":"AQAB","d":"y"}',
        oauthScopes: "okta.users.manage okta.groups.manage",
      }),
      { db: getDb(), keys: [k2, k1] },
    );
    expect(rotated).toMatchObject({ credentialType: "oauth", credentialKeyId: "k2", oauthClientId: "0oaServiceApp", oauthScopes: ["okta.users.manage", "okta.groups.manage"] });
    const info = await getTenantCredentialInfo(t.id, deps());
    expect(info).toMatchObject({ type: "oauth", keyId: "k2" });
    expect(JSON.stringify(info)).not.toContain("kty");
  });

  it("refuses an org URL change without the credential; with it, the new credential is bound to the new URL and the gateway calls it", async () => {
    const t = await createTenant(createInput(), deps());
    const before = await getDb().tenant.findUniqueOrThrow({ where: { id: t.id } });
    const details = { id: t.id, name: "Acme Corp", slug: "acme", orgUrl: "https://evil.example.com", mastery: "okta", tags: "retail, eu", ticketRequired: "on" };

    const err = await rejection(updateTenant(tenantUpdateSchema.parse(details), deps()));
    expect(err.fieldErrors).toEqual({ orgUrl: [URL_CHANGE_MESSAGE] });
    const unchanged = await getDb().tenant.findUniqueOrThrow({ where: { id: t.id } });
    expect(unchanged.orgUrl).toBe("https://acme.okta.com");
    expect(unchanged.credentialCiphertext).toBe(before.credentialCiphertext);
    // The gateway still uses the stored credential for the stored URL only.
    const gwBefore = await oktaGatewayFor({ id: t.id }, { db: getDb(), keys: [k1] });
    expect(gwBefore.orgUrl).toBe("https://acme.okta.com");

    // A half-filled credential is a credential field error, not a silent skip.
    const half = tenantUpdateSchema.safeParse({ ...details, credentialType: "ssws", apiToken: "" });
    expect(half.error?.issues.map((i) => i.path[0])).toEqual(["apiToken"]);

    const moved = await updateTenant(
      tenantUpdateSchema.parse({ ...details, orgUrl: "https://acme-new.okta.com", credentialType: "ssws", apiToken: NEW_TOKEN }),
      { db: getDb(), keys: [k2, k1] },
    );
    expect(moved).toMatchObject({ orgUrl: "https://acme-new.okta.com", credentialType: "ssws", credentialKeyId: "k2" });
    expect(JSON.stringify(moved)).not.toContain(NEW_TOKEN);
    const row = await getDb().tenant.findUniqueOrThrow({ where: { id: t.id } });
    expect(JSON.parse(decryptWithKeys([k2], { tenantId: t.id, orgUrl: "https://acme-new.okta.com" }, row.credentialCiphertext))).toEqual({ type: "ssws", token: NEW_TOKEN });
    expect(() => decryptWithKeys([k2], { tenantId: t.id, orgUrl: "https://acme.okta.com" }, row.credentialCiphertext)).toThrow();
    const gw = await oktaGatewayFor({ id: t.id }, { db: getDb(), keys: [k2, k1] });
    expect(gw).not.toBe(gwBefore);
    expect(gw.orgUrl).toBe("https://acme-new.okta.com");
    expect(gw.client.apiToken).toBe(NEW_TOKEN);
    expect((await getTenantCredentialInfo(t.id, deps()))?.keyId).toBe("k2");
  });

  it("a URL changed in the database alone makes the credential unusable instead of sending it there", async () => {
    const t = await createTenant(createInput(), deps());
    await oktaGatewayFor({ id: t.id }, { db: getDb(), keys: [k1] }); // warm the cache
    await getDb().tenant.update({ where: { id: t.id }, data: { orgUrl: "https://evil.example.com" } });
    const err = await oktaGatewayFor({ id: t.id }, { db: getDb(), keys: [k1] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TenantUnavailableError);
    expect(String((err as Error).message)).toMatch(/stored credential cannot be used.*org URL.*enter it again/);
    expect(String((err as Error).message)).not.toContain(TOKEN);
    // Test connection (saved) refuses before any request: evil.example.com is never called.
    const saved = await rejection(testSavedTenantConnection(t.id, deps()));
    expect(saved.message).toMatch(/stored credential cannot be used.*Replace the credential/);
    // Key rotation refuses to re-bind it (all or nothing).
    const { reencryptAllCredentials } = await import("@/lib/tenants/key-rotation");
    await expect(reencryptAllCredentials(getDb(), [k2, k1])).rejects.toThrow(/could not be decrypted.*nothing was changed/);
  });

  it("accepts local / plain-http org URLs only with allowLocalOrgUrls (ALLOW_LOCAL_ORG_URLS)", async () => {
    const local = "http://127.0.0.1:8484/orgs/acme";
    const refused = await rejection(createTenant(createInput({ orgUrl: local }), deps()));
    expect(refused.fieldErrors.orgUrl?.[0]).toMatch(/does not accept local or plain-http org URLs \(ALLOW_LOCAL_ORG_URLS is off\)/);
    expect(await getDb().tenant.count()).toBe(0);
    for (const orgUrl of ["https://localhost", "https://127.0.0.2", "http://localhost:3000/x"]) {
      const e = await rejection(createTenant(createInput({ orgUrl }), deps()));
      expect(e.fieldErrors.orgUrl, orgUrl).toHaveLength(1);
    }

    const t = await createTenant(createInput(), deps());
    const toLocal = { id: t.id, name: "Acme Corp", slug: "acme", orgUrl: local, mastery: "okta", credentialType: "ssws", apiToken: TOKEN };
    const e = await rejection(updateTenant(tenantUpdateSchema.parse(toLocal), deps()));
    expect(e.fieldErrors.orgUrl?.[0]).toMatch(/ALLOW_LOCAL_ORG_URLS/);

    // Test connection: refused before any request (port 1 would otherwise fail step 1).
    const draft = await rejection(testDraftTenantConnection({ orgUrl: "http://127.0.0.1:1", credential: { type: "ssws", token: TOKEN } }, deps()));
    expect(draft.fieldErrors.orgUrl?.[0]).toMatch(/ALLOW_LOCAL_ORG_URLS/);

    // With the setting on, the same URLs are accepted.
    const on = { ...deps(), allowLocalOrgUrls: true };
    const moved = await updateTenant(tenantUpdateSchema.parse(toLocal), on);
    expect(moved.orgUrl).toBe(local);
    const localOrg = await createTenant(createInput({ slug: "local", orgUrl: "http://localhost:8484/orgs/globex" }), on);
    expect(localOrg.orgUrl).toBe("http://localhost:8484/orgs/globex");
    // ...and a saved local org is not called once the setting is off again.
    const saved = await rejection(testSavedTenantConnection(localOrg.id, deps()));
    expect(saved.fieldErrors.orgUrl?.[0]).toMatch(/ALLOW_LOCAL_ORG_URLS/);
  });

  it("refuses org URLs on private or metadata IP literals when saving and testing (metadata even with ALLOW_LOCAL_ORG_URLS)", async () => {
    for (const orgUrl of ["https://10.0.0.5", "https://192.168.1.10", "https://[::ffff:10.0.0.1]", "https://[fd00:ec2::254]", "https://169.254.169.254"]) {
      const e = await rejection(createTenant(createInput({ orgUrl }), deps()));
      expect(e.fieldErrors.orgUrl?.[0], orgUrl).toMatch(/^The org URL's address .* is a .*; the console does not connect there\./);
    }
    const on = { ...deps(), allowLocalOrgUrls: true };
    for (const orgUrl of ["https://169.254.169.254", "https://[fd00:ec2::254]", "https://100.100.100.200"]) {
      const e = await rejection(createTenant(createInput({ orgUrl }), on));
      expect(e.fieldErrors.orgUrl?.[0], orgUrl).toMatch(/cloud metadata service address.*always refused/);
      const t = await rejection(testDraftTenantConnection({ orgUrl, credential: { type: "ssws", token: TOKEN } }, on));
      expect(t.fieldErrors.orgUrl?.[0], orgUrl).toMatch(/cloud metadata service address/);
    }
    expect(await getDb().tenant.count()).toBe(0);
    // A private address is fine with the setting on (a dev org on the LAN).
    expect((await createTenant(createInput({ orgUrl: "https://10.0.0.5" }), on)).orgUrl).toBe("https://10.0.0.5");
  });

  it("refuses to test an archived org before decrypting or calling anything", async () => {
    const t = await createTenant(createInput(), deps());
    await archiveTenant({ id: t.id }, deps());
    const e = await rejection(testSavedTenantConnection(t.id, deps()));
    expect(e.message).toBe("This org is archived: the console does not connect to it. Unarchive it first to test its connection.");
  });

  it("archives and unarchives; archived orgs leave the default list", async () => {
    const t = await createTenant(createInput(), deps());
    await createTenant(createInput({ slug: "globex", name: "Globex", orgUrl: "https://globex.okta.com", tags: "us", mastery: "hr" }), deps());
    await archiveTenant({ id: t.id }, deps());
    expect((await listTenants({}, deps())).map((x) => x.slug)).toEqual(["globex"]);
    expect((await listTenants({ archived: "archived" }, deps())).map((x) => x.slug)).toEqual(["acme"]);
    expect((await listTenants({ archived: "all", q: "GLOB" }, deps())).map((x) => x.slug)).toEqual(["globex"]);
    expect((await listTenants({ archived: "all", tag: "retail" }, deps())).map((x) => x.slug)).toEqual(["acme"]);
    expect((await listTenants({ archived: "all", mastery: "hr" }, deps())).map((x) => x.slug)).toEqual(["globex"]);
    expect(await listTenantTags(deps())).toEqual(["eu", "retail", "us"]);
    await unarchiveTenant({ id: t.id }, deps());
    expect((await getTenantBySlug("acme", deps()))?.archivedAt).toBeNull();
    expect(await getTenant("nope", deps())).toBeNull();
  });

  it("rotate-key re-encrypts every credential under the first key, idempotently", async () => {
    const a = await createTenant(createInput(), deps());
    const b = await createTenant(createInput({ slug: "globex", orgUrl: "https://globex.okta.com" }), deps());
    const env = {
      ...process.env,
      DATABASE_URL: dbEnv.url(),
      CREDENTIAL_KEYS: keysEnv([k2, k1]),
      NEXTAUTH_SECRET: "x".repeat(40),
      OKTA_ISSUER: "https://msp.example.com/oauth2/default",
      OKTA_CLIENT_ID: "console",
      OKTA_CLIENT_SECRET: "secret",
    };
    const first = await run("npx", ["tsx", "scripts/rotate-key.ts"], { cwd: root, env });
    expect(first.stdout).toMatch(/Re-encrypted: 2/);
    expect(first.stdout).not.toContain(TOKEN);
    for (const t of [a, b]) {
      const row = await getDb().tenant.findUniqueOrThrow({ where: { id: t.id } });
      expect(keyIdOf(row.credentialCiphertext)).toBe("k2");
      expect(row.credentialKeyId).toBe("k2");
      // Re-encrypted with the same binding: it decrypts for the row's URL and no other.
      expect(JSON.parse(decryptWithKeys([k2], { tenantId: t.id, orgUrl: row.orgUrl }, row.credentialCiphertext)).token).toBe(TOKEN);
      expect(() => decryptWithKeys([k2], { tenantId: t.id, orgUrl: "https://evil.example.com" }, row.credentialCiphertext)).toThrow(/org URL/);
    }
    const second = await run("npx", ["tsx", "scripts/rotate-key.ts"], { cwd: root, env });
    expect(second.stdout).toMatch(/Re-encrypted: 0/);
    expect(second.stdout).toMatch(/Already under the current key: 2/);
    // A missing old key aborts without changes.
    await rotateTenantCredential(tenantRotateCredentialSchema.parse({ id: a.id, credentialType: "ssws", apiToken: TOKEN }), { db: getDb(), keys: [k1] });
    const k3: CredentialKey = { id: "k3", key: randomBytes(32) };
    const failed = await run("npx", ["tsx", "scripts/rotate-key.ts"], { cwd: root, env: { ...env, CREDENTIAL_KEYS: keysEnv([k3, k2]) } }).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/could not be decrypted.*nothing was changed/);
    const rowB = await getDb().tenant.findUniqueOrThrow({ where: { id: b.id } });
    expect(rowB.credentialKeyId).toBe("k2");
  }, 60_000);
});

describe("org URL rules", () => {
  it("normalises and rejects with helpful messages", () => {
    const parse = (orgUrl: string) => tenantCreateSchema.safeParse({ name: "x", slug: "xx", orgUrl, mastery: "okta", credentialType: "ssws", apiToken: TOKEN });
    expect(parse("https://acme.okta.com///").data?.orgUrl).toBe("https://acme.okta.com");
    expect(parse("acme.okta.com").data?.orgUrl).toBe("https://acme.okta.com");
    expect(parse("http://127.0.0.1:8484/orgs/acme/").data?.orgUrl).toBe("http://127.0.0.1:8484/orgs/acme");
    const admin = parse("https://acme-admin.okta.com");
    expect(admin.success).toBe(false);
    expect(admin.error?.issues[0]?.message).toMatch(/Admin Console.*https:\/\/acme\.okta\.com/);
    expect(parse("http://acme.okta.com").error?.issues[0]?.message).toMatch(/https/);
    expect(parse("https://acme.okta.com/api/v1").error?.issues[0]?.message).toMatch(/without a path/);
    expect(parse("https://acme.okta.com?x=1").success).toBe(false);
  });

  it("refuses local and plain-http org URLs on the server unless ALLOW_LOCAL_ORG_URLS is on", () => {
    for (const url of ["http://127.0.0.1:8484/orgs/acme", "http://localhost:3000", "https://localhost", "https://api.localhost", "https://127.1.2.3", "https://[::1]:8443", "https://0.0.0.0"]) {
      expect(localOrgUrlError(url, false), url).toMatch(/ALLOW_LOCAL_ORG_URLS is off/);
      expect(localOrgUrlError(url, true), url).toBeUndefined();
    }
    for (const url of ["https://acme.okta.com", "https://login.acme.example.com"]) expect(localOrgUrlError(url, false), url).toBeUndefined();
  });

  it("validates slugs and credentials", () => {
    const base = { name: "x", orgUrl: "https://a.okta.com", mastery: "okta", credentialType: "ssws", apiToken: TOKEN };
    for (const slug of ["a", "Acme", "-acme", "acme-", "ac_me", "a".repeat(41)]) {
      expect(tenantCreateSchema.safeParse({ ...base, slug }).success, slug).toBe(false);
    }
    expect(tenantCreateSchema.safeParse({ ...base, slug: "a1-b2" }).success).toBe(true);
    const noToken = tenantCreateSchema.safeParse({ ...base, slug: "ok", apiToken: "" });
    expect(noToken.error?.issues[0]?.path).toEqual(["apiToken"]);
    const badKey = tenantCreateSchema.safeParse({ ...base, slug: "ok", credentialType: "oauth", oauthClientId: "c", oauthPrivateKey: "nope", oauthScopes: "okta.users.read" });
    expect(badKey.error?.issues.map((i) => i.path[0])).toEqual(["oauthPrivateKey"]);
    const parsed = tenantCreateSchema.parse({ ...base, slug: "ok" });
    expect(parsed).not.toHaveProperty("apiToken");
    expect(parsed.credential).toEqual({ type: "ssws", token: TOKEN });
  });
});
