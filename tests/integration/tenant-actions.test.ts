// The org settings server actions through the one wrapper: permission table, audit rows with Okta
// request ids, and no credential in any result or audit row.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { seedOrgs } from "../../emulator/seeds";
import { registeredActions, type RegistryEntry } from "@/lib/actions";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { getTenantCredentialInfo } from "@/lib/tenants/service";
import { describeDatabases, resetDatabase } from "../helpers/test-db";
import "@/app/(console)/settings/orgs/actions";
import { staffDisplayEmail } from "@/lib/staff/display";

// The service encrypts with CREDENTIAL_KEYS from the environment when no keys are passed (as in the app).
process.env.CREDENTIAL_KEYS ??= `t1:${randomBytes(32).toString("base64")}`;
process.env.NEXTAUTH_SECRET ??= "x".repeat(40);
process.env.OKTA_ISSUER ??= "https://msp.example.com/oauth2/default";
process.env.OKTA_CLIENT_ID ??= "console";
process.env.OKTA_CLIENT_SECRET ??= "secret";
// The emulator serves its orgs on http://127.0.0.1; the actions read this setting (as in the app).
process.env.ALLOW_LOCAL_ORG_URLS = "true";

let emu: RunningEmulator;
let token = "";
beforeAll(async () => {
  emu = await startEmulator({ port: 0, orgs: seedOrgs("demo") });
  token = emu.org("acme").apiTokens[0]!.token;
});
afterAll(async () => emu?.stop());

function action(name: string): Extract<RegistryEntry, { scope: "console" }> {
  const entry = registeredActions().find((a) => a.name === name && a.kind === "consoleAction");
  if (!entry || entry.scope !== "console") throw new Error(`action ${name} is not registered`);
  return entry;
}

async function makeStaff(db: Db, role: string): Promise<StaffIdentity> {
  const s = await db.staffUser.create({ data: { email: `${role}-${randomBytes(3).toString("hex")}@msp.example`, name: role } });
  await db.staffGrant.create({ data: { staffId: s.id, role, tenantId: null } });
  return { staffId: s.id, sessionId: "test", email: staffDisplayEmail(s), name: s.name, oidcGroups: [] };
}

const meta = { ip: "127.0.0.1", userAgent: "vitest" };

describeDatabases("org settings actions", (getDb) => {
  let admin: StaffIdentity;
  let reader: StaffIdentity;
  beforeEach(async () => {
    await resetDatabase(getDb());
    admin = await makeStaff(getDb(), "admin");
    reader = await makeStaff(getDb(), "readonly_admin");
  });
  const run = (name: string, staff: StaffIdentity | null, rawInput: unknown) => action(name).run({ db: getDb(), staff, meta, rawInput });

  const createInput = () => ({ name: "Acme", slug: "acme", orgUrl: emu.orgUrl("acme"), mastery: "okta", tags: "retail", credentialType: "ssws", apiToken: token });

  it("creates an org (admin) and audits it without the credential", async () => {
    const result = await run("tenant.create", admin, createInput());
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain(token);
    const id = (result as { ok: true; data: { id: string } }).data.id;
    const audit = await getDb().auditEvent.findMany({ where: { action: "tenant.create", outcome: { not: "attempt" } } });
    expect(audit).toHaveLength(1);
    // Filed under the org it created, so the org's own audit trail starts with it.
    expect(audit[0]).toMatchObject({ outcome: "success", targetType: "tenant", targetId: id, tenantId: id, tenantSlug: "acme", staffId: admin.staffId });
    expect(JSON.stringify(audit[0])).not.toContain(token);
    // Nor does its write-ahead attempt row.
    expect(JSON.stringify(await getDb().auditEvent.findMany({ where: { action: "tenant.create" } }))).not.toContain(token);
    expect(JSON.parse(audit[0]!.input)).toMatchObject({ slug: "acme", authType: "ssws" });
    const info = await getTenantCredentialInfo(id, { db: getDb() });
    expect(info?.lastRotatedAt.getTime()).toBe(audit[0]!.at.getTime());
  });

  it("refuses a read-only administrator: no org, a denied audit row", async () => {
    const result = await run("tenant.create", reader, createInput());
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect(await getDb().tenant.count()).toBe(0);
    const audit = await getDb().auditEvent.findFirst({ where: { action: "tenant.create" } });
    expect(audit?.outcome).toBe("denied");
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("returns field errors for bad input", async () => {
    const result = await run("tenant.create", admin, { ...createInput(), slug: "Bad Slug", orgUrl: "https://acme-admin.okta.com", apiToken: "" });
    expect(result.ok).toBe(false);
    const fe = (result as { fieldErrors?: Record<string, string[]> }).fieldErrors ?? {};
    expect(Object.keys(fe).sort()).toEqual(["apiToken", "orgUrl", "slug"]);
    expect(fe.orgUrl?.[0]).toMatch(/Admin Console/);
  });

  it("tests a draft connection and keeps the Okta request ids in the audit row", async () => {
    emu.clearRequests();
    const result = await run("tenant.testConnection", admin, { orgUrl: emu.orgUrl("acme"), credentialType: "ssws", apiToken: token });
    expect(result.ok).toBe(true);
    const report = (result as { ok: true; data: { ok: boolean; steps: { requestIds: string[] }[] } }).data;
    expect(report.ok).toBe(true);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "tenant.testConnection", outcome: { not: "attempt" } } });
    const ids = JSON.parse(audit.oktaRequestIds) as string[];
    expect(ids.sort()).toEqual(report.steps.flatMap((s) => s.requestIds).sort());
    expect(ids.sort()).toEqual(emu.requests("acme").requests.map((r) => r.requestId).sort());
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("read-only administrators may test a saved org but not rotate, edit or archive it", async () => {
    const created = await run("tenant.create", admin, createInput());
    const id = (created as { ok: true; data: { id: string } }).data.id;
    const saved = await run("tenant.testSavedConnection", reader, { id });
    expect(saved).toMatchObject({ ok: true, data: { ok: true } });
    expect(JSON.stringify(saved)).not.toContain(token);
    for (const [name, input] of [
      ["tenant.rotateCredential", { id, credentialType: "ssws", apiToken: token }],
      ["tenant.update", { id, name: "X", slug: "acme", orgUrl: emu.orgUrl("acme"), mastery: "okta" }],
      ["tenant.archive", { id }],
    ] as const) {
      expect(await run(name, reader, input), name).toMatchObject({ ok: false, code: "forbidden" });
    }
    expect(await run("tenant.archive", admin, { id, ticketId: "CHG-1" })).toMatchObject({ ok: true });
    expect((await getDb().tenant.findUniqueOrThrow({ where: { id } })).archivedAt).not.toBeNull();
    expect(await run("tenant.unarchive", admin, { id })).toMatchObject({ ok: true });
  });

  it("an edit that changes the org URL needs the credential again; the audit row says it was set, without it", async () => {
    const created = await run("tenant.create", admin, createInput());
    const id = (created as { ok: true; data: { id: string } }).data.id;
    const details = { id, name: "Acme", slug: "acme", orgUrl: emu.orgUrl("globex"), mastery: "okta", tags: "retail" };
    const refused = await run("tenant.update", admin, details);
    expect(refused).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { orgUrl: ["Enter the credential again when you change the org URL: the stored one is tied to the old URL."] },
    });
    expect((await getDb().tenant.findUniqueOrThrow({ where: { id } })).orgUrl).toBe(emu.orgUrl("acme"));

    const globexToken = emu.org("globex").apiTokens[0]!.token;
    const saved = await run("tenant.update", admin, { ...details, credentialType: "ssws", apiToken: globexToken });
    expect(saved).toMatchObject({ ok: true });
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "tenant.update", outcome: "success" } });
    expect(JSON.stringify(audit)).not.toContain(globexToken);
    expect(JSON.parse(audit.input)).toMatchObject({ orgUrl: emu.orgUrl("globex"), authType: "ssws", authReplaced: true });
    const info = await getTenantCredentialInfo(id, { db: getDb() });
    expect(info?.lastRotatedAt.getTime()).toBe(audit.at.getTime());
    // The saved org now tests against the new URL with the new credential.
    emu.clearRequests();
    const tested = await run("tenant.testSavedConnection", admin, { id });
    expect(tested).toMatchObject({ ok: true });
    expect(emu.requests("globex").requests.length).toBeGreaterThan(0);
    expect(emu.requests("acme").requests).toHaveLength(0);
  });

  it("refuses to test an archived org: a plain sentence, a failure audit row, no call to the org", async () => {
    const created = await run("tenant.create", admin, createInput());
    const id = (created as { ok: true; data: { id: string } }).data.id;
    expect(await run("tenant.archive", admin, { id, ticketId: "CHG-2" })).toMatchObject({ ok: true });
    emu.clearRequests();
    const tested = await run("tenant.testSavedConnection", admin, { id });
    expect(tested).toMatchObject({ ok: false, code: "invalid", error: expect.stringMatching(/^This org is archived: the console does not connect to it\./) });
    expect(emu.requests("acme").requests).toHaveLength(0);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "tenant.testSavedConnection", outcome: { not: "attempt" } } });
    expect(audit).toMatchObject({ outcome: "failure", targetId: id });
    expect(audit.errorSummary).toMatch(/archived/);
    // Unarchived, it can be tested again.
    expect(await run("tenant.unarchive", admin, { id })).toMatchObject({ ok: true });
    expect(await run("tenant.testSavedConnection", admin, { id })).toMatchObject({ ok: true, data: { ok: true } });
  });

  it("refuses without a session", async () => {
    expect(await run("tenant.create", null, createInput())).toMatchObject({ ok: false, code: "unauthenticated" });
  });
});
