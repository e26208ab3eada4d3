// The user detail page's read action (lib/users/detail.ts) and the audited deep-link route
// (lib/users/deep-link.ts) through the one wrapper against the real emulator: every read starts at
// once (one wave), sections settle on their own (a failing one does not break the others), privilege
// facts match the actions' guard, ids that are not Okta ids make no call; the deep link is audited,
// refused without okta.deepLink, and needs a ticket where the org requires one.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import type { OrgState, UserRecord } from "../../emulator/model";
import { staffDenials, oktaReads } from "@/lib/actions/audit-throttle";
import type { ActionResult } from "@/lib/actions";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { oktaGatewayFor } from "@/lib/okta/gateway";
import { staffDisplayEmail } from "@/lib/staff/display";
import { tenantCreateSchema } from "@/lib/tenants/schemas";
import { createTenant } from "@/lib/tenants/service";
import { deepLinkRoute } from "@/lib/users/deep-link";
import { userDetailView, type UserDetailData } from "@/lib/users/detail";
import { describeDatabases } from "../helpers/test-db";

process.env.CREDENTIAL_KEYS ??= `ud:${randomBytes(32).toString("base64")}`;
process.env.NEXTAUTH_SECRET ??= "d".repeat(40);
process.env.OKTA_ISSUER ??= "https://msp.example.com/oauth2/default";
process.env.OKTA_CLIENT_ID ??= "console";
process.env.OKTA_CLIENT_SECRET ??= "secret";
process.env.ALLOW_LOCAL_ORG_URLS = "true";

const ACME = "ud-acme";
const UMBRELLA = "ud-umbrella";
const meta = { ip: "192.0.2.30", userAgent: "users-detail-test" };

let emu: RunningEmulator;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const now = Date.now();
  const acme = buildCustomerOrg({ slug: ACME, name: "UD Acme", kind: "test", domain: "acme.ud.example", users: 60, master: "OKTA", factors: true, lean: true }, "ud", now);
  const umbrella = buildCustomerOrg({ slug: UMBRELLA, name: "UD Umbrella", kind: "test", domain: "umbrella.ud.example", users: 20, master: "OKTA", lean: true }, "ud", now);
  emu = await startEmulator({ port: 0, orgs: [acme.builder.org, umbrella.builder.org] });
  tokens[ACME] = acme.apiToken;
  tokens[UMBRELLA] = umbrella.apiToken;
});
afterAll(async () => emu?.stop());

const org = (slug: string): OrgState => emu.org(slug) as unknown as OrgState;
const people = (slug: string) => [...org(slug).users.values()];
const plainPerson = (slug: string): UserRecord => {
  const o = org(slug);
  return people(slug).find((u) => u.status === "ACTIVE" && !u.serviceAccount && !(o.roles.get(u.id) ?? []).length && (o.factors.get(u.id) ?? []).length > 0)!;
};
const superAdmin = (slug: string) => people(slug).find((u) => (org(slug).roles.get(u.id) ?? []).some((r) => r.type === "SUPER_ADMIN") && !u.serviceAccount)!;
const integration = (slug: string) => people(slug).find((u) => u.profile.login.startsWith("msp-integration@"))!;

describeDatabases("user detail reads and deep links", (getDb) => {
  const staff = {} as Record<"technician" | "nodeeplink" | "helpdesk", StaffIdentity>;

  beforeAll(async () => {
    const db = getDb();
    const ids: Record<string, string> = {};
    for (const slug of [ACME, UMBRELLA]) {
      const input = tenantCreateSchema.parse({ name: slug, slug, orgUrl: emu.orgUrl(slug), mastery: "okta", credentialType: "ssws", apiToken: tokens[slug], ticketRequired: slug === UMBRELLA });
      ids[slug] = (await createTenant(input, { db, keys: env().CREDENTIAL_KEYS, allowLocalOrgUrls: true })).id;
    }
    const roles = { technician: "technician", nodeeplink: "technician_no_deeplink", helpdesk: "helpdesk" } as const;
    for (const [key, role] of Object.entries(roles) as Array<[keyof typeof roles, string]>) {
      const s = await db.staffUser.create({ data: { email: `${key}-${randomBytes(3).toString("hex")}@msp.example`, name: key } });
      await db.staffGrant.createMany({ data: [ACME, UMBRELLA].map((slug) => ({ staffId: s.id, role, tenantId: ids[slug]! })) });
      staff[key] = { staffId: s.id, sessionId: `ud-${key}`, email: staffDisplayEmail(s), name: s.name, oidcGroups: [] };
    }
  });

  beforeEach(() => {
    staffDenials.reset();
    oktaReads.reset();
    emu.clearFaults();
    emu.clearRequests();
  });

  const args = (who: keyof typeof staff, rawInput: unknown, slug = ACME) => ({
    db: getDb(),
    staff: staff[who],
    meta,
    slug,
    rawInput,
    gatewayFor: (t: { id: string }, db: Db) => oktaGatewayFor(t, { db, keys: env().CREDENTIAL_KEYS }),
  });

  async function detail(who: keyof typeof staff, userId: string): Promise<UserDetailData> {
    const r = (await userDetailView.run(args(who, { userId }))) as ActionResult<UserDetailData>;
    if (!r.ok) throw new Error(`${r.code}: ${r.error}`);
    return r.data;
  }
  const settled = (d: UserDetailData) => Promise.all([d.user, d.groups, d.apps, d.factors, d.roles, d.events, d.privilege]);

  describe("userDetailView", () => {
    it("starts every read at once and each section settles with its data", async () => {
      const u = plainPerson(ACME);
      emu.configure({ latencyMs: 60 });
      try {
        await settled(await detail("technician", u.id)); // warm: the gateway and its connections
        emu.clearRequests();
        oktaReads.reset();
        const d = await detail("technician", u.id);
        const [user, groups, apps, factors, roles, events, privilege] = await settled(d);
        // One wave: the seven responses (each 60 ms late) all finish within one latency of each other;
        // a second wave would finish at least 60 ms after the first.
        const done = emu.requests(ACME).requests.map((r) => Date.parse(r.at));
        expect(done).toHaveLength(7);
        expect(Math.max(...done) - Math.min(...done)).toBeLessThan(60);
        expect(user).toMatchObject({ ok: true, data: { id: u.id, login: u.profile.login } });
        expect(groups.ok && groups.data.items.length).toBeGreaterThan(0);
        expect(apps.ok).toBe(true);
        expect(factors.ok && factors.data.items.length).toBeGreaterThan(0);
        expect(roles).toEqual({ ok: true, data: [] });
        expect(events.ok).toBe(true);
        expect(privilege.assessment).toMatchObject({ privileged: false, oktaAdmin: false, serviceAccount: false });
      } finally {
        emu.configure({ latencyMs: 0 });
      }
      const paths = emu.requests(ACME).requests.map((r) => `${r.method} ${r.path}`);
      expect(paths.sort()).toEqual(
        [`/api/v1/users/${u.id}`, `/api/v1/users/${u.id}/groups`, `/api/v1/users/${u.id}/appLinks`, `/api/v1/users/${u.id}/factors`, `/api/v1/users/${u.id}/roles`, "/api/v1/logs", "/api/v1/users/me"]
          .map((p) => `GET ${p}`)
          .sort(),
      );
    });

    it("a failing section shows its own error and leaves the others alone", async () => {
      const u = plainPerson(ACME);
      emu.addFault({ org: ACME, pathPattern: `/api/v1/users/${u.id}/factors`, count: 5, status: 503 });
      const d = await detail("technician", u.id);
      const [user, groups, , factors] = await settled(d);
      expect(user.ok).toBe(true);
      expect(groups.ok).toBe(true);
      expect(factors.ok).toBe(false);
      if (!factors.ok) expect(factors.error).not.toMatch(/at .*\.ts|Error:/);
    });

    it("knows Okta admins and service accounts from the same reads", async () => {
      const boss = await settled(await detail("helpdesk", superAdmin(ACME).id));
      expect(boss[6].assessment).toMatchObject({ privileged: true, oktaAdmin: true, adminRoles: expect.arrayContaining(["Super Administrator"]) });
      const sa = await settled(await detail("helpdesk", integration(ACME).id));
      const kinds = sa[6].assessment?.serviceAccountReasons.map((r) => r.kind);
      expect(kinds).toEqual(expect.arrayContaining(["user_type", "group", "console_credential", "well_known"]));
    });

    it("an id that is not an Okta id makes no Okta call; an unknown id is null (the 404 page)", async () => {
      const bad = await detail("technician", "not-an-okta-id!");
      expect(await bad.user).toEqual({ ok: true, data: null });
      await settled(bad);
      expect(emu.requests(ACME).requests).toEqual([]);
      const unknown = await detail("technician", "00u0000000000000000x");
      expect(await unknown.user).toEqual({ ok: true, data: null });
    });

    it("another org's user is not found in this org", async () => {
      const other = people(UMBRELLA)[0]!;
      const d = await detail("technician", other.id);
      expect(await d.user).toEqual({ ok: true, data: null });
    });
  });

  describe("deep link route", () => {
    it("answers the admin console URL for okta.deepLink and records the deep link", async () => {
      const u = plainPerson(ACME);
      const r = await deepLinkRoute.run(args("technician", { userId: u.id }));
      expect(r).toEqual({ ok: true, data: { url: `${emu.orgUrl(ACME)}/admin/user/profile/view/${u.id}` } });
      const rows = await getDb().auditEvent.findMany({ where: { action: "okta.deep_link", staffId: staff.technician.staffId }, orderBy: { seq: "asc" } });
      expect(rows.map((x) => x.outcome)).toEqual(["attempt", "success"]);
      expect(rows[1]).toMatchObject({ targetType: "user", targetId: u.id });
      expect(emu.requests(ACME).requests).toEqual([]);
    });

    it("is refused (and audited) without okta.deepLink", async () => {
      const r = await deepLinkRoute.run(args("nodeeplink", { userId: plainPerson(ACME).id }));
      expect(r).toMatchObject({ ok: false, code: "forbidden" });
      expect(await getDb().auditEvent.count({ where: { action: "okta.deep_link", staffId: staff.nodeeplink.staffId, outcome: "denied" } })).toBe(1);
    });

    it("needs a ticket ID where the org requires one", async () => {
      const r = await deepLinkRoute.run(args("technician", {}, UMBRELLA));
      expect(r).toMatchObject({ ok: false, code: "invalid", fieldErrors: { ticketId: expect.any(Array) } });
      const ok = await deepLinkRoute.run(args("technician", { ticketId: "CHG-42" }, UMBRELLA));
      expect(ok).toEqual({ ok: true, data: { url: `${emu.orgUrl(UMBRELLA)}/admin` } });
      const row = await getDb().auditEvent.findFirst({ where: { action: "okta.deep_link", outcome: "success", tenantSlug: UMBRELLA }, orderBy: { seq: "desc" } });
      expect(row?.ticketId).toBe("CHG-42");
    });
  });
});
