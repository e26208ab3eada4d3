// The two job kinds of issue 11 run against the real emulator through a tenant's gateway, with a
// constructed JobItemContext (the engine supplies the same in production): the CSV import of 5 rows
// (2 bad) plans exactly 3 users and creating them makes exactly 3, a repeated item never creates a
// second user, and an offboarding item with 3 steps does each step in Okta and records each.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import type { OrgState, UserRecord } from "../../emulator/model";
import { ActionError } from "@/lib/actions/errors";
import type { ActionTenant } from "@/lib/actions/core";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { JobItemContext } from "@/lib/jobs/types";
import { oktaGatewayFor, type OktaGateway } from "@/lib/okta/gateway";
import { readUserSchema } from "@/lib/okta/user-schema";
import { rolesAllow, rolesAllowOnPrivilegedTarget, type Permission, type Role } from "@/lib/rbac/permissions";
import { tenantCreateSchema } from "@/lib/tenants/schemas";
import { createTenant } from "@/lib/tenants/service";
import { readCsvBytes } from "@/lib/import/csv";
import { findExistingLogins, importLookups, loginChunks, SEARCH_MAX_ENCODED } from "@/lib/import/lookups";
import { autoMapColumns } from "@/lib/import/mapping";
import { lookupsNeeded, validateImport } from "@/lib/import/validate";
import { runImportItem, type ImportParams } from "@/lib/import/kind";
import { runOffboardingItem, type OffboardingParams } from "@/lib/offboarding/kind";
import type { StaffIdentity } from "@/lib/auth/session";
import { staffDisplayEmail } from "@/lib/staff/display";
import { importStartRoute, importValidateRoute } from "@/lib/import/actions";
import { offboardStartAction, saveOffboardingDefaultsAction } from "@/lib/offboarding/actions";
import { describeDatabases } from "../helpers/test-db";

process.env.CREDENTIAL_KEYS ??= `k1:${randomBytes(32).toString("base64")}`;
process.env.NEXTAUTH_SECRET ??= "k".repeat(40);
process.env.OKTA_ISSUER ??= "https://msp.example.com/oauth2/default";
process.env.OKTA_CLIENT_ID ??= "console";
process.env.OKTA_CLIENT_SECRET ??= "secret";
process.env.ALLOW_LOCAL_ORG_URLS = "true";

const SLUG = "io-acme";
let emu: RunningEmulator;
let token = "";

beforeAll(async () => {
  const acme = buildCustomerOrg({ slug: SLUG, name: "IO Acme", kind: "test", domain: "acme.io.example", users: 60, master: "OKTA", factors: true, lean: true }, "io", Date.now());
  emu = await startEmulator({ port: 0, orgs: [acme.builder.org] });
  token = acme.apiToken;
});
afterAll(async () => emu?.stop());

const org = (): OrgState => emu.org(SLUG) as unknown as OrgState;
const writes = () => emu.requests(SLUG).requests.filter((r) => r.method !== "GET");

function context<P>(db: Db, tenant: ActionTenant, okta: OktaGateway, kind: "user_import" | "offboarding", params: P, roles: Role[] = ["technician"]): JobItemContext<P> {
  const set = new Set(roles);
  return {
    db,
    tenant,
    job: { id: `job-${randomBytes(3).toString("hex")}`, kind, createdById: "staff-1", ticketId: "CHG-1" },
    params,
    roles: set,
    can: (p: Permission) => rolesAllow([...set], p),
    assertCanActOn: (t) => {
      if (t.privileged && !rolesAllowOnPrivilegedTarget([...set], kind === "offboarding" ? "users.offboard" : "users.import")) {
        throw new ActionError(`You may not act on ${t.name ?? "this privileged user"}.`, "forbidden");
      }
    },
    okta,
    signal: new AbortController().signal,
  };
}

describeDatabases("import and offboarding job kinds", (getDb) => {
  let tenant: ActionTenant;
  let okta: OktaGateway;
  const used = new Set<string>();

  beforeAll(async () => {
    const db = getDb();
    const input = tenantCreateSchema.parse({ name: SLUG, slug: SLUG, orgUrl: emu.orgUrl(SLUG), mastery: "okta", credentialType: "ssws", apiToken: token });
    const row = await createTenant(input, { db, keys: env().CREDENTIAL_KEYS, allowLocalOrgUrls: true });
    tenant = { id: row.id, slug: SLUG, name: SLUG, orgUrl: emu.orgUrl(SLUG), ticketRequired: false, mastery: "okta", credentialType: "ssws", callerVerification: "off" };
    okta = await oktaGatewayFor({ id: row.id }, { db, keys: env().CREDENTIAL_KEYS });
  });

  describe("user_import", () => {
    it("5 rows with 2 bad: the report lists the 2 with reasons; running the plan creates exactly the 3 good ones; a repeat creates none", async () => {
      const tag = randomBytes(3).toString("hex");
      const existing = [...org().users.values()].find((u) => u.status === "ACTIVE")!;
      const group = [...org().groups.values()].find((g) => g.type === "OKTA_GROUP")!;
      const csv = [
        "First Name,Last Name,Email,Username,Groups",
        `Ada,Lovelace,ada.${tag}@acme.io.example,ada.${tag}@acme.io.example,${group.profile.name}`,
        `Alan,Turing,alan.${tag}@acme.io.example,alan.${tag}@acme.io.example,`,
        `Bad,Email,not-an-email,bad.${tag}@acme.io.example,`,
        `Grace,Hopper,grace.${tag}@acme.io.example,grace.${tag}@acme.io.example,${group.id}`,
        `Dup,Okta,dup.${tag}@acme.io.example,${existing.profile.login},`,
      ].join("\r\n");
      const parsed = readCsvBytes(new TextEncoder().encode(`\uFEFF${csv}`));
      if (!parsed.ok) throw new Error(parsed.error);
      const attributes = await readUserSchema(okta);
      const mapping = autoMapColumns(parsed.headers, attributes);
      expect(mapping).toEqual(["firstName", "lastName", "email", "login", "groups"]);
      const skip = new Set<number>();
      const lookups = await importLookups(okta, lookupsNeeded(parsed.rows, mapping, skip));
      const report = validateImport({ headers: parsed.headers, rows: parsed.rows, mapping, attributes, skip, lookups });
      expect(report.fileProblems).toEqual([]);
      expect(report.rows.map((r) => [r.line, r.problems.map((p) => p.message).join(" ")])).toEqual([
        [4, expect.stringContaining("not a valid email address")],
        [6, expect.stringContaining("Okta already has a user with login")],
      ]);
      expect(report.planned.map((p) => p.login)).toEqual([`ada.${tag}@acme.io.example`, `alan.${tag}@acme.io.example`, `grace.${tag}@acme.io.example`]);
      // Validation wrote nothing.
      expect(writes()).toEqual([]);

      const before = org().users.size;
      const ctx = context<ImportParams>(getDb(), tenant, okta, "user_import", { activation: "staged", fileName: "people.csv" });
      const items = report.planned.map((p) => ({ line: p.row + 2, login: p.login, profile: p.profile as Record<string, string>, groups: p.groups }));
      const outcomes = [];
      for (const item of items) outcomes.push(await runImportItem(ctx, item));
      expect(outcomes.map((o) => o.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
      expect(org().users.size).toBe(before + 3);
      const ada = [...org().users.values()].find((u) => u.profile.login === items[0]!.login)!;
      expect(ada.status).toBe("STAGED");
      expect(org().memberships.get(group.id)?.has(ada.id)).toBe(true);
      const grace = [...org().users.values()].find((u) => u.profile.login === items[2]!.login)!;
      expect(org().memberships.get(group.id)?.has(grace.id)).toBe(true);
      expect(outcomes[0]!.result).toMatchObject({ login: items[0]!.login, userId: ada.id, groupsAdded: group.profile.name });

      // The same items again (a crash after Okta answered): nothing new is created.
      emu.clearRequests();
      const again = await runImportItem(ctx, items[0]!);
      expect(again).toMatchObject({ status: "succeeded", result: { userId: ada.id, note: expect.stringContaining("not created twice") } });
      expect(org().users.size).toBe(before + 3);
      expect(writes().filter((w) => w.path === "/api/v1/users")).toEqual([]);
    });

    it("existing logins are found across several searches of 40 (case-insensitive)", async () => {
      const existing = [...org().users.values()].slice(0, 45).map((u) => u.profile.login);
      const logins = [...existing.map((l) => l.toUpperCase()), ...Array.from({ length: 40 }, (_, i) => `nobody.${i}@acme.io.example`)];
      const chunks = loginChunks(logins);
      expect(chunks.flat()).toEqual(logins);
      expect(chunks.length).toBeGreaterThan(3);
      for (const c of chunks) expect(encodeURIComponent(c.map((l) => `profile.login eq "${l}"`).join(" or ")).length).toBeLessThanOrEqual(SEARCH_MAX_ENCODED);
      const found = await findExistingLogins(okta, logins.map((l) => l.toLowerCase()));
      expect([...found.keys()].sort()).toEqual(existing.map((l) => l.toLowerCase()).sort());
    });

    it("a row whose login another person took meanwhile fails with a sentence and creates nobody", async () => {
      const existing = [...org().users.values()].find((u) => u.status === "ACTIVE")!;
      const ctx = context<ImportParams>(getDb(), tenant, okta, "user_import", { activation: "email", fileName: "x.csv" });
      const before = org().users.size;
      const out = await runImportItem(ctx, { line: 2, login: existing.profile.login, profile: { firstName: "Some", lastName: "One", email: "some.one@acme.io.example", login: existing.profile.login }, groups: [] });
      expect(out).toMatchObject({ status: "failed", error: expect.stringContaining("already has a different user") });
      expect(org().users.size).toBe(before);
    });

    it("activation by email creates an active (provisioned) user", async () => {
      const login = `eve.${randomBytes(3).toString("hex")}@acme.io.example`;
      const ctx = context<ImportParams>(getDb(), tenant, okta, "user_import", { activation: "email", fileName: "x.csv" });
      const out = await runImportItem(ctx, { line: 2, login, profile: { firstName: "Eve", lastName: "Email", email: login, login }, groups: [] });
      expect(out.status).toBe("succeeded");
      expect([...org().users.values()].find((u) => u.profile.login === login)?.status).toBe("PROVISIONED");
    });
  });

  describe("offboarding", () => {
    function plainActive(): UserRecord {
      const o = org();
      const u = [...o.users.values()].find(
        (x) => x.status === "ACTIVE" && !(o.roles.get(x.id) ?? []).length && !x.serviceAccount && !/service|integration/i.test(x.profile.login) && (o.sessions.get(x.id) ?? []).length === 0 && !used.has(x.id),
      )!;
      used.add(u.id);
      return u;
    }

    it("three steps (sessions, groups, deactivate): each happens in Okta and each is recorded", async () => {
      const u = plainActive();
      const o = org();
      o.sessions.set(u.id, [{ id: `s-${u.id}`, userId: u.id, created: new Date().toISOString() }]);
      const okGroup = [...o.groups.values()].find((g) => g.type === "OKTA_GROUP" && !o.memberships.get(g.id)?.has(u.id))!;
      await okta.client.groupApi.assignUserToGroup({ groupId: okGroup.id, userId: u.id });
      emu.clearRequests();

      const ctx = context<OffboardingParams>(getDb(), tenant, okta, "offboarding", { steps: ["revoke_sessions", "remove_groups", "deactivate"] });
      const out = await runOffboardingItem(ctx, { userId: u.id, login: u.profile.login });
      expect(out.status).toBe("succeeded");
      const steps = Object.fromEntries((out.result as { steps: Array<{ step: string; status: string; message: string }> }).steps.map((x) => [x.step, { status: x.status, message: x.message }]));
      expect(Object.keys(steps)).toEqual(["revoke_sessions", "remove_groups", "deactivate"]);
      expect(steps.revoke_sessions).toEqual({ status: "done", message: expect.stringContaining("OAuth tokens revoked") });
      expect(steps.remove_groups).toMatchObject({ status: "done", message: expect.stringContaining(okGroup.profile.name) });
      expect(steps.deactivate).toEqual({ status: "done", message: "Deactivated." });

      expect((o.sessions.get(u.id) ?? []).length).toBe(0);
      const oktaGroupsLeft = [...o.memberships].filter(([gid, m]) => m.has(u.id) && o.groups.get(gid)?.type === "OKTA_GROUP");
      expect(oktaGroupsLeft).toEqual([]);
      expect(o.users.get(u.id)?.status).toBe("DEPROVISIONED");
      const paths = writes().map((w) => `${w.method} ${w.path}`);
      expect(paths).toContain(`DELETE /api/v1/users/${u.id}/sessions`);
      expect(paths).toContain(`DELETE /api/v1/groups/${okGroup.id}/users/${u.id}`);
      expect(paths).toContain(`POST /api/v1/users/${u.id}/lifecycle/deactivate`);
      expect(paths.some((p) => p.includes("reset_factors") || p.includes("/apps/"))).toBe(false);

      // Again (a repeat after a crash): nothing left to do, nothing fails.
      const again = await runOffboardingItem(ctx, { userId: u.id });
      const s2 = Object.fromEntries((again.result as { steps: Array<{ step: string; status: string; message: string }> }).steps.map((x) => [x.step, { status: x.status, message: x.message }]));
      expect(s2.deactivate).toEqual({ status: "skipped", message: "Already deactivated." });
      expect(s2.remove_groups?.status).toBe("done");
    });

    it("unassign apps and reset factors: direct assignments go, group-derived ones are named", async () => {
      const u = plainActive();
      const o = org();
      // The first app that takes a plain assignment (some require profile attributes such as a licence type).
      let app: (typeof o.apps extends Map<string, infer A> ? A : never) | undefined;
      for (const a of o.apps.values()) {
        if (a.status !== "ACTIVE" || o.appUsers.get(a.id)?.has(u.id)) continue;
        try {
          await okta.client.applicationApi.assignUserToApplication({ appId: a.id, appUser: { id: u.id } as never });
          app = a;
          break;
        } catch {
          continue;
        }
      }
      if (!app) throw new Error("no app takes a plain assignment");
      expect(o.appUsers.get(app.id)?.get(u.id)?.direct).toBe(true);
      const ctx = context<OffboardingParams>(getDb(), tenant, okta, "offboarding", { steps: ["unassign_apps", "reset_factors"] });
      const out = await runOffboardingItem(ctx, { userId: u.id });
      const steps = Object.fromEntries((out.result as { steps: Array<{ step: string; status: string; message: string }> }).steps.map((x) => [x.step, { status: x.status, message: x.message }]));
      expect(Object.keys(steps)).toEqual(["reset_factors", "unassign_apps"]);
      expect(steps.unassign_apps).toMatchObject({ status: "done", message: expect.stringContaining(app.label) });
      expect(o.appUsers.get(app.id)?.get(u.id)?.direct ?? false).toBe(false);
      expect(steps.reset_factors?.status).toBe("done");
      expect((o.factors.get(u.id) ?? []).length).toBe(0);
    });

    it("an Okta admin is refused for a role without the privileged-target grant, before any write", async () => {
      const o = org();
      const admin = [...o.users.values()].find((x) => (o.roles.get(x.id) ?? []).length > 0 && !x.serviceAccount)!;
      emu.clearRequests();
      const ctx = context<OffboardingParams>(getDb(), tenant, okta, "offboarding", { steps: ["deactivate"] }, ["helpdesk"]);
      await expect(runOffboardingItem(ctx, { userId: admin.id })).rejects.toThrow(/may not act on/);
      expect(writes()).toEqual([]);
      expect(o.users.get(admin.id)?.status).not.toBe("DEPROVISIONED");
    });

    it("a service account is never offboarded in bulk", async () => {
      const o = org();
      const svc = [...o.users.values()].find((x) => x.serviceAccount || /^msp-integration@/.test(x.profile.login))!;
      emu.clearRequests();
      const ctx = context<OffboardingParams>(getDb(), tenant, okta, "offboarding", { steps: ["revoke_sessions", "deactivate"] }, ["admin"]);
      const out = await runOffboardingItem(ctx, { userId: svc.id });
      expect(out).toMatchObject({ status: "failed", error: expect.stringContaining("service account") });
      expect(writes()).toEqual([]);
    });
  });

  describe("through the wrapper: nothing reaches Okta before the technician starts the job", () => {
    const meta = { ip: "192.0.2.30", userAgent: "import-offboarding-test" };
    const staff = {} as Record<"technician" | "helpdesk" | "admin", StaffIdentity>;
    beforeAll(async () => {
      const db = getDb();
      for (const role of ["technician", "helpdesk", "admin"] as const) {
        const s = await db.staffUser.create({ data: { email: `${role}-${randomBytes(3).toString("hex")}@msp.example`, name: role } });
        await db.staffGrant.create({ data: { staffId: s.id, role, tenantId: role === "admin" ? null : tenant.id } });
        staff[role] = { staffId: s.id, sessionId: `io-${role}`, email: staffDisplayEmail(s), name: s.name, oidcGroups: [] };
      }
    });
    type Runnable = { run(args: Record<string, unknown>): Promise<unknown> };
    const run = async (a: Runnable, who: keyof typeof staff, rawInput: unknown) =>
      (await a.run({ db: getDb(), staff: staff[who], meta, slug: SLUG, rawInput, gatewayFor: (t: { id: string }, db: Db) => oktaGatewayFor(t, { db, keys: env().CREDENTIAL_KEYS }) })) as
        | { ok: true; data: Record<string, unknown> }
        | { ok: false; code: string; error: string };
    const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

    it("validate reads only; start refuses while a bad row is neither fixed nor skipped; skipping it makes a job of the good rows", async () => {
      const tag = randomBytes(3).toString("hex");
      const file = b64(`login,email,firstName,lastName\nw1.${tag}@acme.io.example,w1.${tag}@acme.io.example,W,One\nbad-login,w2.${tag}@acme.io.example,W,Two\n`);
      emu.clearRequests();
      const v = await run(importValidateRoute as unknown as Runnable, "technician", { file, fileName: "w.csv" });
      expect(v.ok && (v.data.report as { badCount: number }).badCount).toBe(1);
      const refused = await run(importStartRoute as unknown as Runnable, "technician", { file, fileName: "w.csv", activation: "staged" });
      expect(refused).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("fix or skip") });
      expect(writes()).toEqual([]);
      expect(await getDb().job.count({ where: { tenantId: tenant.id, kind: "user_import" } })).toBe(0);

      const started = await run(importStartRoute as unknown as Runnable, "technician", { file, fileName: "w.csv", activation: "staged", skip: [1], ticketId: "CHG-9" });
      if (!started.ok) throw new Error(started.error);
      const job = await getDb().job.findUniqueOrThrow({ where: { id: String(started.data.jobId) }, include: { items: true } });
      expect(job).toMatchObject({ kind: "user_import", ticketId: "CHG-9", total: 1, createdById: staff.technician.staffId });
      expect(job.items.map((i) => i.label)).toEqual([`w1.${tag}@acme.io.example (line 2)`]);
      expect(writes()).toEqual([]);
      // Help Desk may not import at all.
      expect(await run(importStartRoute as unknown as Runnable, "helpdesk", { file, fileName: "w.csv", activation: "staged", skip: [1] })).toMatchObject({ ok: false, code: "forbidden" });
    });

    it("offboarding: a scheduled job with the chosen steps in order; unknown ids refused; defaults saved by an Administrator only", async () => {
      const u = [...org().users.values()].find((x) => x.status === "ACTIVE" && !used.has(x.id))!;
      used.add(u.id);
      const at = new Date(Date.now() + 3_600_000).toISOString();
      emu.clearRequests();
      const r = await run(offboardStartAction as unknown as Runnable, "technician", { userIds: [u.id], steps: ["deactivate", "revoke_sessions"], scheduledFor: at });
      if (!r.ok) throw new Error(r.error);
      const job = await getDb().job.findUniqueOrThrow({ where: { id: String(r.data.jobId) }, include: { items: true } });
      expect(job).toMatchObject({ kind: "offboarding", status: "scheduled", total: 1 });
      expect(job.scheduledFor?.toISOString()).toBe(at);
      expect(JSON.parse(job.params)).toEqual({ steps: ["revoke_sessions", "deactivate"] });
      expect(JSON.parse(job.items[0]!.input)).toEqual({ userId: u.id, login: u.profile.login });
      expect(writes()).toEqual([]);

      const unknown = await run(offboardStartAction as unknown as Runnable, "technician", { userIds: ["00uthisdoesnotexist1"], steps: ["deactivate"] });
      expect(unknown).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("no user with id") });
      const past = await run(offboardStartAction as unknown as Runnable, "technician", { userIds: [u.id], steps: ["deactivate"], scheduledFor: "2020-01-01T00:00:00Z" });
      expect(past).toMatchObject({ ok: false, code: "invalid" });

      expect(await run(saveOffboardingDefaultsAction as unknown as Runnable, "technician", { steps: ["deactivate"] })).toMatchObject({ ok: false, code: "forbidden" });
      expect(await run(saveOffboardingDefaultsAction as unknown as Runnable, "admin", { steps: ["deactivate", "revoke_sessions"] })).toMatchObject({ ok: true, data: { steps: ["revoke_sessions", "deactivate"] } });
      expect((await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).offboardingDefaults).toBe('["revoke_sessions","deactivate"]');
      const audit = await getDb().auditEvent.findFirst({ where: { action: "tenant.offboarding_defaults.update", outcome: "success" }, orderBy: { seq: "desc" } });
      expect(JSON.parse(audit!.input)).toEqual({ steps: ["revoke_sessions", "deactivate"] });
    });
  });
});
