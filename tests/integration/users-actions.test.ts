// Every user action (lib/users/actions.ts) through the one wrapper against the real emulator: each
// succeeds on a suitable seeded user and shows Okta's state after; each refusal (status, privileged
// target, service account, incomplete override, wrong typed login, AD-owned attribute, bad input)
// makes NO Okta write (asserted on the emulator's request log) and writes the expected audit row;
// Okta's errors (login taken, 404, 429, 5xx) become field errors or plain sentences, never a success.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import type { OrgState, UserRecord, UserStatus } from "../../emulator/model";
import { staffDenials } from "@/lib/actions/audit-throttle";
import type { ActionResult } from "@/lib/actions";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { oktaGatewayFor } from "@/lib/okta/gateway";
import { tenantCreateSchema } from "@/lib/tenants/schemas";
import { createTenant } from "@/lib/tenants/service";
import { staffDisplayEmail } from "@/lib/staff/display";
import * as actions from "@/lib/users/actions";
import { describeDatabases } from "../helpers/test-db";

process.env.CREDENTIAL_KEYS ??= `u1:${randomBytes(32).toString("base64")}`;
process.env.NEXTAUTH_SECRET ??= "u".repeat(40);
process.env.OKTA_ISSUER ??= "https://msp.example.com/oauth2/default";
process.env.OKTA_CLIENT_ID ??= "console";
process.env.OKTA_CLIENT_SECRET ??= "secret";
process.env.ALLOW_LOCAL_ORG_URLS = "true";

const ACME = "ua-acme";
const INITECH = "ua-initech";
const meta = { ip: "192.0.2.20", userAgent: "users-actions-test" };

let emu: RunningEmulator;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const now = Date.now();
  const acme = buildCustomerOrg({ slug: ACME, name: "UA Acme", kind: "test", domain: "acme.ua.example", users: 160, master: "OKTA", factors: true, lean: true }, "ua", now);
  const initech = buildCustomerOrg(
    { slug: INITECH, name: "UA Initech", kind: "test", domain: "initech.ua.example", users: 40, master: "AD", adDomain: "corp.example.com", lean: true },
    "ua",
    now,
  );
  emu = await startEmulator({ port: 0, orgs: [acme.builder.org, initech.builder.org] });
  tokens[ACME] = acme.apiToken;
  tokens[INITECH] = initech.apiToken;
});
afterAll(async () => emu?.stop());

const org = (slug: string): OrgState => emu.org(slug) as unknown as OrgState;

// ---------------------------------------------------------------------------------------------------
// Seeded users, arranged into the status a test needs (each test takes people nobody else used)

const used = new Set<string>();

/** A login no earlier run used (the emulator serves both database suites). */
const fresh = (local: string) => `${local}.${randomBytes(3).toString("hex")}@acme.ua.example`;

function isPlainPerson(o: OrgState, u: UserRecord): boolean {
  if ((o.roles.get(u.id) ?? []).length) return false;
  if (u.serviceAccount || /service/i.test(String(u.profile.userType ?? ""))) return false;
  for (const [gid, members] of o.memberships) if (members.has(u.id) && /service/i.test(o.groups.get(gid)?.profile.name ?? "")) return false;
  return true;
}

/** A plain person (no admin role, not a service account) of `slug`, now in `status`. */
function person(slug: string, status: UserStatus, options: { withPassword?: boolean; withFactors?: boolean } = {}): UserRecord {
  const o = org(slug);
  const u = [...o.users.values()].find(
    (x) => !used.has(x.id) && isPlainPerson(o, x) && x.status !== "DEPROVISIONED" && (!options.withFactors || (o.factors.get(x.id) ?? []).length > 0),
  );
  if (!u) throw new Error(`no unused person left in ${slug}`);
  used.add(u.id);
  u.status = status;
  u.transitioningToStatus = null;
  if (options.withPassword === false) delete u.credentials.password;
  return u;
}

function withRole(slug: string, role: string): UserRecord {
  const o = org(slug);
  const u = [...o.users.values()].find((x) => (o.roles.get(x.id) ?? []).some((r) => r.type === role) && !x.serviceAccount);
  if (!u) throw new Error(`no ${role} in ${slug}`);
  return u;
}

const integrationAccount = (slug: string) => [...org(slug).users.values()].find((u) => u.profile.login.startsWith("msp-integration@"))!;

/** Requests to `slug` since the last clear, other than reads. */
const writes = (slug: string) => emu.requests(slug).requests.filter((r) => r.method !== "GET");

// ---------------------------------------------------------------------------------------------------

type Result = ActionResult<Record<string, unknown>>;
interface Runnable {
  run(args: { db: Db; staff: StaffIdentity | null; meta: typeof meta; slug: string; rawInput: unknown; gatewayFor?: (t: { id: string }, db: Db) => Promise<never> }): Promise<unknown>;
  def: { name: string };
}

describeDatabases("user actions", (getDb) => {
  const staff = {} as Record<"admin" | "technician" | "helpdesk" | "readonly", StaffIdentity>;
  const L: Record<string, string> = Object.fromEntries(["staged.starter", "emailed.starter", "temp.starter", "grp.test", "once.only", "custom.attrs"].map((k) => [k, fresh(k)]));

  beforeAll(async () => {
    const db = getDb();
    const ids: Record<string, string> = {};
    for (const slug of [ACME, INITECH]) {
      const input = tenantCreateSchema.parse({
        name: slug,
        slug,
        orgUrl: emu.orgUrl(slug),
        mastery: slug === INITECH ? "active_directory" : "okta",
        credentialType: "ssws",
        apiToken: tokens[slug],
      });
      ids[slug] = (await createTenant(input, { db, keys: env().CREDENTIAL_KEYS, allowLocalOrgUrls: true })).id;
    }
    for (const role of ["admin", "technician", "helpdesk", "readonly"] as const) {
      const dbRole = role === "readonly" ? "readonly_admin" : role;
      const s = await db.staffUser.create({ data: { email: `${role}-${randomBytes(3).toString("hex")}@msp.example`, name: role } });
      if (role === "admin" || role === "readonly") await db.staffGrant.create({ data: { staffId: s.id, role: dbRole, tenantId: null } });
      else await db.staffGrant.createMany({ data: [ACME, INITECH].map((slug) => ({ staffId: s.id, role: dbRole, tenantId: ids[slug]! })) });
      staff[role] = { staffId: s.id, sessionId: `ua-${role}`, email: staffDisplayEmail(s), name: s.name, oidcGroups: [] };
    }
  });

  beforeEach(() => {
    staffDenials.reset();
    emu.clearFaults();
    emu.clearRequests();
  });

  async function run(action: Runnable, who: keyof typeof staff, rawInput: unknown, slug = ACME): Promise<Result> {
    return (await action.run({
      db: getDb(),
      staff: staff[who],
      meta,
      slug,
      rawInput,
      gatewayFor: ((t: { id: string }, db: Db) => oktaGatewayFor(t, { db, keys: env().CREDENTIAL_KEYS })) as never,
    })) as Result;
  }

  /** The outcome row (not the attempt) of the last run of `name`. */
  async function outcomeRow(name: string) {
    const row = await getDb().auditEvent.findFirst({ where: { action: name, outcome: { not: "attempt" } }, orderBy: { seq: "desc" } });
    if (!row) throw new Error(`no audit row for ${name}`);
    return { ...row, input: JSON.parse(row.input) as Record<string, unknown>, oktaRequestIds: JSON.parse(row.oktaRequestIds) as string[] };
  }

  const data = (r: Result) => {
    if (!r.ok) throw new Error(`expected success, got ${r.code}: ${r.error}`);
    return r.data;
  };

  // -------------------------------------------------------------------------------------------------
  describe("each action succeeds on a suitable user and returns Okta's state, re-read", () => {
    it("unlock: a locked-out user becomes active; one write; the audit row has its request id", async () => {
      const u = person(ACME, "LOCKED_OUT");
      const r = await run(actions.unlockUserAction, "helpdesk", { userId: u.id, ticketId: "INC-1" });
      expect(data(r)).toEqual({ status: "ACTIVE" });
      expect(writes(ACME).map((w) => `${w.method} ${w.path}`)).toEqual([`POST /api/v1/users/${u.id}/lifecycle/unlock`]);
      const row = await outcomeRow("user.unlock");
      expect(row).toMatchObject({ outcome: "success", targetType: "user", targetId: u.id, targetName: u.profile.login, ticketId: "INC-1" });
      expect(row.oktaRequestIds).toContain(writes(ACME)[0]!.requestId);
      expect(row.input).toEqual({ userId: u.id });
    });

    it("activate (link to hand over) and reactivate", async () => {
      const staged = person(ACME, "STAGED", { withPassword: false });
      const r = await run(actions.activateUserAction, "technician", { userId: staged.id, sendEmail: false });
      expect(data(r)).toMatchObject({ status: "PROVISIONED", activationUrl: expect.stringContaining("/tokens/") });
      const row = await outcomeRow("user.activate");
      expect(JSON.stringify(row)).not.toContain(String(data(r).activationUrl));
      expect(data(await run(actions.reactivateUserAction, "technician", { userId: staged.id }))).toEqual({ status: "PROVISIONED" });
      const byEmail = person(ACME, "STAGED", { withPassword: false });
      const e = data(await run(actions.activateUserAction, "technician", { userId: byEmail.id, sendEmail: true }));
      expect(e).toEqual({ status: "PROVISIONED" });
    });

    it("suspend, unsuspend, deactivate, then delete with the login typed (any case)", async () => {
      const u = person(ACME, "ACTIVE");
      expect(data(await run(actions.suspendUserAction, "technician", { userId: u.id }))).toEqual({ status: "SUSPENDED" });
      expect(data(await run(actions.unsuspendUserAction, "technician", { userId: u.id }))).toEqual({ status: "ACTIVE" });
      expect(data(await run(actions.deactivateUserAction, "technician", { userId: u.id }))).toEqual({ status: "DEPROVISIONED" });
      emu.clearRequests();
      expect(data(await run(actions.deleteUserAction, "technician", { userId: u.id, confirmLogin: u.profile.login.toUpperCase() }))).toEqual({ deleted: true });
      expect(writes(ACME).map((w) => `${w.method} ${w.path}`)).toEqual([`DELETE /api/v1/users/${u.id}`]);
      expect(org(ACME).users.has(u.id)).toBe(false);
    });

    it("reset password: by email, or a one-time link that is never audited", async () => {
      const a = person(ACME, "ACTIVE");
      expect(data(await run(actions.resetPasswordAction, "helpdesk", { userId: a.id, sendEmail: true }))).toEqual({ status: "RECOVERY" });
      const b = person(ACME, "ACTIVE");
      const r = data(await run(actions.resetPasswordAction, "helpdesk", { userId: b.id, sendEmail: false, revokeSessions: true }));
      expect(r).toMatchObject({ status: "RECOVERY", resetUrl: expect.stringContaining("/reset-password/") });
      const rows = await getDb().auditEvent.findMany({ where: { action: "user.reset_password" } });
      expect(JSON.stringify(rows)).not.toContain(String(r.resetUrl));
      expect((await outcomeRow("user.reset_password")).input).toEqual({ userId: b.id, sendEmail: false, revokeSessions: true });
    });

    it("temporary password: returned once, never in any audit row", async () => {
      const u = person(ACME, "ACTIVE");
      const r = data(await run(actions.setTempPasswordAction, "helpdesk", { userId: u.id }));
      expect(r.status).toBe("PASSWORD_EXPIRED");
      expect(typeof r.tempPassword).toBe("string");
      expect(String(r.tempPassword).length).toBeGreaterThanOrEqual(6);
      expect(org(ACME).users.get(u.id)!.credentials.password?.value).toBe(r.tempPassword);
      const rows = await getDb().auditEvent.findMany({ where: { action: "user.temp_password" } });
      expect(rows.length).toBe(2);
      expect(JSON.stringify(rows)).not.toContain(String(r.tempPassword));
    });

    it("expire password, reset all factors, reset one factor, clear sessions (with OAuth tokens)", async () => {
      const u = person(ACME, "ACTIVE", { withFactors: true });
      expect(data(await run(actions.expirePasswordAction, "helpdesk", { userId: u.id }))).toEqual({ status: "PASSWORD_EXPIRED" });
      const f = person(ACME, "ACTIVE", { withFactors: true });
      const factor = org(ACME).factors.get(f.id)![0]!;
      expect(data(await run(actions.resetFactorAction, "helpdesk", { userId: f.id, factorId: factor.id, ticketId: "INC-7" }))).toEqual({ status: "ACTIVE" });
      expect((org(ACME).factors.get(f.id) ?? []).some((x) => x.id === factor.id)).toBe(false);
      expect(data(await run(actions.resetFactorsAction, "helpdesk", { userId: f.id, ticketId: "INC-8" }))).toEqual({ status: "ACTIVE" });
      expect(org(ACME).factors.get(f.id) ?? []).toEqual([]);
      expect((await outcomeRow("user.reset_factors")).ticketId).toBe("INC-8");
      emu.clearRequests();
      // Faults match the path with its query: this one is consumed only by a DELETE asking Okta to revoke the tokens too.
      emu.addFault({ org: ACME, method: "DELETE", pathPattern: "/sessions\\?oauthTokens=true", hangMs: 1, count: 1 });
      expect(data(await run(actions.clearSessionsAction, "helpdesk", { userId: f.id, revokeOAuthTokens: true }))).toEqual({ status: "ACTIVE" });
      expect(writes(ACME).map((w) => `${w.method} ${w.path}`)).toEqual([`DELETE /api/v1/users/${f.id}/sessions`]);
      expect(await (await fetch(`${emu.baseUrl}/__emulator/faults`)).json()).toEqual([]);
    });

    it("a factor that is gone answers not found, not success", async () => {
      const f = person(ACME, "ACTIVE");
      const r = await run(actions.resetFactorAction, "helpdesk", { userId: f.id, factorId: "ufs00000000000000000" });
      expect(r).toMatchObject({ ok: false, code: "not_found" });
      expect((await outcomeRow("user.reset_factor")).outcome).toBe("failure");
    });

    it("edit profile: a partial update of only the changed fields; Okta's profile keeps the rest", async () => {
      const u = person(ACME, "ACTIVE");
      const before = { ...org(ACME).users.get(u.id)!.profile };
      const r = await run(actions.updateUserProfileAction, "technician", {
        userId: u.id,
        changes: { title: "Principal Engineer", department: before.department ?? null, firstName: before.firstName },
      });
      expect(data(r)).toEqual({ userId: u.id, changed: ["title"] });
      const after = org(ACME).users.get(u.id)!.profile;
      expect(after).toEqual({ ...before, title: "Principal Engineer" });
      expect(writes(ACME).map((w) => `${w.method} ${w.path}`)).toEqual([`POST /api/v1/users/${u.id}`]);
      // Nothing changed: no write at all.
      emu.clearRequests();
      expect(data(await run(actions.updateUserProfileAction, "technician", { userId: u.id, changes: { title: "Principal Engineer" } }))).toEqual({ userId: u.id, changed: [] });
      expect(writes(ACME)).toEqual([]);
      // Clearing an optional attribute sends null.
      data(await run(actions.updateUserProfileAction, "technician", { userId: u.id, changes: { title: "" } }));
      expect(org(ACME).users.get(u.id)!.profile.title ?? null).toBeNull();
    });

    it("create: staged, with the activation email, and with a temporary password straight into groups", async () => {
      const groups = [...org(ACME).groups.values()].filter((g) => g.type === "OKTA_GROUP" && !/service/i.test(g.profile.name)).slice(0, 2);
      const base = (login: string | undefined) => ({ firstName: "New", lastName: "Starter", login, email: login });

      const staged = data(await run(actions.createUserAction, "technician", { profile: base(L["staged.starter"]), activation: "staged" }));
      expect(staged).toMatchObject({ login: L["staged.starter"], status: "STAGED" });
      expect(staged.tempPassword).toBeUndefined();

      const emailed = data(await run(actions.createUserAction, "technician", { profile: base(L["emailed.starter"]), activation: "email" }));
      expect(emailed).toMatchObject({ status: "PROVISIONED" });

      emu.clearRequests();
      const temp = data(
        await run(actions.createUserAction, "technician", {
          profile: { ...base(L["temp.starter"]), department: "Engineering", title: "Engineer" },
          groupIds: groups.map((g) => g.id),
          activation: "temp_password",
          ticketId: "REQ-42",
        }),
      );
      expect(temp).toMatchObject({ status: "PASSWORD_EXPIRED", addedGroupIds: groups.map((g) => g.id) });
      expect(temp.groupErrors).toBeUndefined();
      const created = org(ACME).users.get(String(temp.userId))!;
      expect(created.credentials.password?.value).toBe(temp.tempPassword);
      for (const g of groups) expect(org(ACME).memberships.get(g.id)?.has(created.id)).toBe(true);
      expect(writes(ACME).filter((w) => w.method === "POST" && w.path === "/api/v1/users")).toHaveLength(1);
      const rows = await getDb().auditEvent.findMany({ where: { action: "user.create" } });
      expect(JSON.stringify(rows)).not.toContain(String(temp.tempPassword));
      const row = await outcomeRow("user.create");
      expect(row).toMatchObject({ targetId: created.id, targetName: L["temp.starter"], ticketId: "REQ-42" });
      expect(row.input).toMatchObject({ login: L["temp.starter"], activation: "temp_password", groupIds: groups.map((g) => g.id) });
    });

    it("create: a group that does not exist is reported for that group, never claimed; the user exists", async () => {
      const good = [...org(ACME).groups.values()].find((g) => g.type === "OKTA_GROUP" && !/service/i.test(g.profile.name))!;
      const r = data(
        await run(actions.createUserAction, "technician", {
          profile: { firstName: "Grp", lastName: "Test", login: L["grp.test"], email: L["grp.test"] },
          groupIds: [good.id, "00gdoesnotexist00001"],
          activation: "staged",
        }),
      );
      expect(r.addedGroupIds).toEqual([good.id]);
      expect(r.groupErrors).toEqual([expect.stringMatching(/^Not added to group 00gdoesnotexist00001: /)]);
    });

    it("create with the org's custom attributes, checked against its schema before any write", async () => {
      const login = L["custom.attrs"]!;
      const profile = { firstName: "Cus", lastName: "Tom", login, email: login };
      const bad = await run(actions.createUserAction, "technician", { profile, custom: { workplace: "Mars", startDate: "next week", nope: "x" }, activation: "staged" });
      expect(bad).toMatchObject({ ok: false, code: "invalid" });
      const fe = bad.ok ? {} : (bad.fieldErrors ?? {});
      expect(fe["custom.workplace"]).toEqual(["Choose one of: Office, Hybrid, Remote."]);
      expect(fe["custom.startDate"]).toEqual(["This value does not have the format this org expects."]);
      expect(fe["custom.nope"]).toEqual(["This org's user profile has no such attribute."]);
      expect(writes(ACME)).toEqual([]);
      const ok = data(await run(actions.createUserAction, "technician", { profile, custom: { workplace: "Remote", startDate: "2026-01-05" }, activation: "staged" }));
      expect(org(ACME).users.get(String(ok.userId))!.profile).toMatchObject({ workplace: "Remote", startDate: "2026-01-05", firstName: "Cus" });
      expect((await outcomeRow("user.create")).input).toMatchObject({ customAttributes: ["workplace", "startDate"] });
    });

    it("edit a custom attribute (validated against the schema); an AD user's Okta-mastered attributes stay editable", async () => {
      const u = person(ACME, "ACTIVE");
      const next = org(ACME).users.get(u.id)!.profile.workplace === "Hybrid" ? "Remote" : "Hybrid";
      expect(data(await run(actions.updateUserProfileAction, "technician", { userId: u.id, changes: { workplace: next } }))).toEqual({ userId: u.id, changed: ["workplace"] });
      expect(org(ACME).users.get(u.id)!.profile.workplace).toBe(next);
      const bad = await run(actions.updateUserProfileAction, "technician", { userId: u.id, changes: { workplace: "Moon" } });
      expect(bad).toMatchObject({ ok: false, code: "invalid", fieldErrors: { "changes.workplace": [expect.stringMatching(/^Choose one of/)] } });
      // Initech masters startDate and workplace in Okta (attribute-level mastering): editable for AD users.
      const ad = person(INITECH, "ACTIVE");
      emu.clearRequests();
      const r = await run(actions.updateUserProfileAction, "technician", { userId: ad.id, changes: { workplace: "Office", startDate: "2025-02-03" } }, INITECH);
      expect(data(r).changed).toContain("startDate");
      expect(org(INITECH).users.get(ad.id)!.profile).toMatchObject({ workplace: "Office", startDate: "2025-02-03" });
      expect(writes(INITECH)).toHaveLength(1);
    });

    it("mark and unmark a service account (console database); marked accounts are then guarded", async () => {
      const u = person(ACME, "LOCKED_OUT");
      const marked = await run(actions.markServiceAccountAction, "admin", { userId: u.id, purpose: "Backup agent" });
      expect(data(marked)).toEqual({ userId: u.id, login: u.profile.login });
      expect(await getDb().serviceAccountMark.count({ where: { oktaUserId: u.id } })).toBe(1);
      emu.clearRequests();
      const refused = await run(actions.unlockUserAction, "technician", { userId: u.id });
      expect(refused).toMatchObject({ ok: false, code: "forbidden" });
      expect(refused.ok || refused.error).toMatch(/service account.*An Administrator marked it as a service account: Backup agent/);
      expect(writes(ACME)).toEqual([]);
      expect(data(await run(actions.unmarkServiceAccountAction, "admin", { userId: u.id }))).toEqual({ userId: u.id });
      expect(await getDb().serviceAccountMark.count({ where: { oktaUserId: u.id } })).toBe(0);
      expect(await run(actions.unmarkServiceAccountAction, "admin", { userId: u.id })).toMatchObject({ ok: false, code: "not_found" });
      expect(await run(actions.markServiceAccountAction, "technician", { userId: u.id, purpose: "x y z" })).toMatchObject({ ok: false, code: "forbidden" });
    });
  });

  // -------------------------------------------------------------------------------------------------
  describe("refusals make no Okta write and write the expected audit row", () => {
    it("a status the table does not allow: a clear sentence, no write, a failure row", async () => {
      const u = person(ACME, "ACTIVE");
      const r = await run(actions.unlockUserAction, "technician", { userId: u.id });
      expect(r).toMatchObject({ ok: false, code: "invalid" });
      expect(r.ok || r.error).toBe("Unlock is possible only for users who are Locked out; this user is Active. Nothing was changed.");
      expect(writes(ACME)).toEqual([]);
      expect(await outcomeRow("user.unlock")).toMatchObject({ outcome: "failure", errorCode: "status_not_allowed", targetId: u.id });
      // Delete before deactivate: refused, the user is NOT deactivated by a stray DELETE.
      const d = await run(actions.deleteUserAction, "technician", { userId: u.id, confirmLogin: u.profile.login });
      expect(d).toMatchObject({ ok: false, code: "invalid" });
      expect(writes(ACME)).toEqual([]);
      expect(org(ACME).users.get(u.id)!.status).toBe("ACTIVE");
    });

    it("Help Desk on a super admin: denied (audited), no write; a Technician may", async () => {
      const sa = withRole(ACME, "SUPER_ADMIN");
      sa.status = "LOCKED_OUT";
      const r = await run(actions.unlockUserAction, "helpdesk", { userId: sa.id });
      expect(r).toMatchObject({ ok: false, code: "forbidden" });
      expect(r.ok || r.error).toMatch(/Okta admin role or is a service account/);
      expect(writes(ACME)).toEqual([]);
      expect(await outcomeRow("user.unlock")).toMatchObject({ outcome: "denied", errorCode: "privileged_target", targetId: sa.id, staffId: staff.helpdesk.staffId });
      expect(await run(actions.resetFactorsAction, "helpdesk", { userId: sa.id })).toMatchObject({ ok: false, code: "forbidden" });
      expect(writes(ACME)).toEqual([]);
      expect(data(await run(actions.unlockUserAction, "technician", { userId: sa.id }))).toEqual({ status: "ACTIVE" });
    });

    it("the MSP-Okta Integration account: refused for Help Desk and Technician; no write; denied rows", async () => {
      const svc = integrationAccount(ACME);
      for (const who of ["helpdesk", "technician"] as const) {
        const r = await run(actions.resetPasswordAction, who, { userId: svc.id, sendEmail: true });
        expect(r, who).toMatchObject({ ok: false, code: "forbidden" });
        expect(r.ok || r.error).toMatch(/is a service account: the console refuses changes to it for every role/);
        expect(await outcomeRow("user.reset_password")).toMatchObject({ outcome: "denied", errorCode: "service_account", targetId: svc.id, staffId: staff[who].staffId });
      }
      // A forged override from a Technician changes nothing.
      const forged = await run(actions.clearSessionsAction, "technician", { userId: svc.id, override: { confirmLogin: svc.profile.login }, ticketId: "INC-9" });
      expect(forged).toMatchObject({ ok: false, code: "forbidden" });
      expect(writes(ACME)).toEqual([]);
    });

    it("Administrator override: refused without the typed login, refused without a Ticket ID, done and audited with both", async () => {
      const svc = integrationAccount(ACME);
      const noLogin = await run(actions.clearSessionsAction, "admin", { userId: svc.id, ticketId: "CHG-1" });
      expect(noLogin).toMatchObject({ ok: false, code: "forbidden" });
      expect(noLogin.ok || noLogin.error).toMatch(/You may override with a Ticket ID by typing its login/);
      const wrong = await run(actions.clearSessionsAction, "admin", { userId: svc.id, override: { confirmLogin: "someone@else.example" }, ticketId: "CHG-1" });
      expect(wrong).toMatchObject({ ok: false, code: "forbidden", fieldErrors: { "override.confirmLogin": [expect.any(String)] } });
      const noTicket = await run(actions.clearSessionsAction, "admin", { userId: svc.id, override: { confirmLogin: svc.profile.login } });
      expect(noTicket).toMatchObject({ ok: false, code: "forbidden", fieldErrors: { ticketId: ["A Ticket ID is required to override the service-account guard."] } });
      expect(await outcomeRow("user.clear_sessions")).toMatchObject({ outcome: "denied", errorCode: "service_account_override_incomplete" });
      expect(writes(ACME)).toEqual([]);

      const done = await run(actions.clearSessionsAction, "admin", { userId: svc.id, override: { confirmLogin: ` ${svc.profile.login.toUpperCase()} ` }, ticketId: "CHG-2" });
      expect(data(done)).toEqual({ status: "ACTIVE" });
      expect(writes(ACME)).toHaveLength(1);
      const row = await outcomeRow("user.clear_sessions");
      expect(row).toMatchObject({ outcome: "success", ticketId: "CHG-2", targetId: svc.id, targetName: `${svc.profile.login} (service account; guard overridden)` });
      expect(row.input).toMatchObject({ userId: svc.id, override: true });
    });

    it("a profile edit of a service account needs the override too", async () => {
      const deepLink = [...org(ACME).users.values()].find((u) => u.profile.login.startsWith("msp-deeplink@"))!;
      const refused = await run(actions.updateUserProfileAction, "technician", { userId: deepLink.id, changes: { title: "Changed" } });
      expect(refused).toMatchObject({ ok: false, code: "forbidden" });
      expect(writes(ACME)).toEqual([]);
      // A title this run has not set yet (the emulator is shared by the SQLite and PostgreSQL runs).
      const title = `Deep links (MSP) ${randomBytes(4).toString("hex")}`;
      const done = await run(actions.updateUserProfileAction, "admin", { userId: deepLink.id, changes: { title }, override: { confirmLogin: deepLink.profile.login }, ticketId: "CHG-3" });
      expect(data(done)).toEqual({ userId: deepLink.id, changed: ["title"] });
      expect((await outcomeRow("user.profile.update")).input).toMatchObject({ userId: deepLink.id, fields: ["title"], override: true });
    });

    it("delete with the wrong login typed: no DELETE, a failure row", async () => {
      const u = person(ACME, "DEPROVISIONED");
      const r = await run(actions.deleteUserAction, "technician", { userId: u.id, confirmLogin: "not.them@acme.ua.example" });
      expect(r).toMatchObject({ ok: false, code: "invalid", fieldErrors: { confirmLogin: [expect.stringContaining(u.profile.login)] } });
      expect(writes(ACME)).toEqual([]);
      expect(org(ACME).users.has(u.id)).toBe(true);
      expect(await outcomeRow("user.delete")).toMatchObject({ outcome: "failure", errorCode: "confirmation_mismatch" });
    });

    it("an AD-mastered user: AD-owned attributes and unlock are refused with the reason; no write", async () => {
      const u = person(INITECH, "ACTIVE");
      expect(u.credentials.provider.type).toBe("ACTIVE_DIRECTORY");
      const r = await run(actions.updateUserProfileAction, "technician", { userId: u.id, changes: { department: "Finance" } }, INITECH);
      expect(r).toMatchObject({ ok: false, code: "invalid", fieldErrors: { "changes.department": [expect.stringMatching(/^Mastered by Active Directory \(corp\.example\.com\): change it there/)] } });
      expect(writes(INITECH)).toEqual([]);
      expect(await outcomeRow("user.profile.update")).toMatchObject({ outcome: "failure", errorCode: "mastered_elsewhere" });
      u.status = "LOCKED_OUT";
      const unlock = await run(actions.unlockUserAction, "technician", { userId: u.id }, INITECH);
      expect(unlock).toMatchObject({ ok: false, code: "invalid" });
      expect(unlock.ok || unlock.error).toMatch(/Okta cannot unlock a user mastered by Active Directory/);
      expect(writes(INITECH)).toEqual([]);
    });

    it("bad input: field errors before any Okta call and no audit row at all", async () => {
      const before = await getDb().auditEvent.count();
      const cases: Array<[Runnable, unknown, string]> = [
        [actions.unlockUserAction, { userId: "not an id" }, "userId"],
        [actions.createUserAction, { profile: { firstName: "", lastName: "X", login: "bad", email: "nope" }, activation: "now" }, "profile.login"],
        [actions.updateUserProfileAction, { userId: "00uexample0000000001", changes: {} }, "changes"],
        [actions.deleteUserAction, { userId: "00uexample0000000001" }, "confirmLogin"],
        [actions.resetPasswordAction, { userId: "00uexample0000000001", sendEmail: "yes" }, "sendEmail"],
      ];
      for (const [action, input, field] of cases) {
        const r = await run(action, "technician", input);
        expect(r, action.def.name).toMatchObject({ ok: false, code: "invalid" });
        expect(Object.keys(r.ok ? {} : (r.fieldErrors ?? {})), action.def.name).toContain(field);
      }
      expect(emu.requests(ACME).count).toBe(0);
      expect(await getDb().auditEvent.count()).toBe(before);
    });

    it("a read-only administrator is refused before anything is read", async () => {
      const u = person(ACME, "LOCKED_OUT");
      expect(await run(actions.unlockUserAction, "readonly", { userId: u.id })).toMatchObject({ ok: false, code: "forbidden" });
      expect(emu.requests(ACME).count).toBe(0);
    });
  });

  // -------------------------------------------------------------------------------------------------
  describe("Okta's errors", () => {
    it("login already taken: a field error on profile.login (create) and changes.login (edit)", async () => {
      const taken = person(ACME, "ACTIVE");
      const r = await run(actions.createUserAction, "technician", {
        profile: { firstName: "Dup", lastName: "Login", login: taken.profile.login, email: "dup@acme.ua.example" },
        activation: "staged",
      });
      expect(r).toMatchObject({ ok: false, code: "invalid", fieldErrors: { "profile.login": ["This username is already taken in this org."] } });
      expect(await outcomeRow("user.create")).toMatchObject({ outcome: "failure", errorCode: "E0000001" });
      const other = person(ACME, "ACTIVE");
      const e = await run(actions.updateUserProfileAction, "technician", { userId: other.id, changes: { login: taken.profile.login } });
      expect(e).toMatchObject({ ok: false, code: "invalid", fieldErrors: { "changes.login": ["This username is already taken in this org."] } });
    });

    it("a user id Okta does not know: not found, no write", async () => {
      const r = await run(actions.suspendUserAction, "technician", { userId: "00u0000000000000none" });
      expect(r).toMatchObject({ ok: false, code: "not_found", error: "Okta has no user with this id in this org; it may have been deleted." });
      expect(writes(ACME)).toEqual([]);
      expect(await outcomeRow("user.suspend")).toMatchObject({ outcome: "failure", errorCode: "not_found" });
      // Another org's user id is "not found" in this org.
      const elsewhere = person(INITECH, "ACTIVE");
      expect(await run(actions.suspendUserAction, "technician", { userId: elsewhere.id })).toMatchObject({ ok: false, code: "not_found" });
      expect(writes(INITECH)).toEqual([]);
    });

    it("429 on the write: retried after Okta's reset (Okta did not process it) and then done", async () => {
      const u = person(ACME, "LOCKED_OUT");
      emu.addFault({ org: ACME, method: "POST", pathPattern: "/lifecycle/unlock", status: 429, count: 1 });
      const r = await run(actions.unlockUserAction, "technician", { userId: u.id });
      expect(data(r)).toEqual({ status: "ACTIVE" });
      expect(writes(ACME).map((w) => w.status)).toEqual([429, 200]);
    }, 20_000);

    it("429 that persists: a plain sentence, never a success", async () => {
      const u = person(ACME, "LOCKED_OUT");
      emu.addFault({ org: ACME, method: "POST", pathPattern: "/lifecycle/unlock", status: 429, count: 5 });
      const r = await run(actions.unlockUserAction, "technician", { userId: u.id });
      expect(r).toMatchObject({ ok: false, code: "okta" });
      expect(r.ok || r.error).toMatch(/rate limit/i);
      expect(org(ACME).users.get(u.id)!.status).toBe("LOCKED_OUT");
      expect(await outcomeRow("user.unlock")).toMatchObject({ outcome: "failure" });
    }, 30_000);

    it("5xx on a write: sent once (no automatic retry), a plain sentence, a failure row", async () => {
      const u = person(ACME, "ACTIVE");
      emu.addFault({ org: ACME, method: "POST", pathPattern: "/lifecycle/suspend", status: 500, count: 1 });
      const r = await run(actions.suspendUserAction, "technician", { userId: u.id });
      expect(r).toMatchObject({ ok: false, code: "okta" });
      expect(r.ok || r.error).toMatch(/try again/i);
      expect(writes(ACME).map((w) => `${w.method} ${w.status}`)).toEqual(["POST 500"]);
      expect(await outcomeRow("user.suspend")).toMatchObject({ outcome: "failure" });
    });

    it("5xx on create: sent once (a retried create could make two users)", async () => {
      emu.addFault({ org: ACME, method: "POST", pathPattern: "^/api/v1/users\\?", status: 503, count: 1 });
      const r = await run(actions.createUserAction, "technician", {
        profile: { firstName: "Once", lastName: "Only", login: L["once.only"], email: L["once.only"] },
        activation: "staged",
      });
      expect(r).toMatchObject({ ok: false, code: "okta" });
      expect(writes(ACME)).toHaveLength(1);
    });
  });
});
