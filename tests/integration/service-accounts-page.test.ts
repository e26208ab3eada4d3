// The Service accounts page read (lib/users/service-accounts-page.ts) through the wrapper against the
// emulator: every source of "service account" is listed (Okta's user type, the service-account group,
// the console credential's principal, well-known names, manual marks), with admin roles and purpose;
// people are not; the reads are bounded (no whole-org listing); permissions follow the table.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import { oktaReads, staffDenials } from "@/lib/actions/audit-throttle";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { oktaGatewayFor } from "@/lib/okta/gateway";
import { staffDisplayEmail } from "@/lib/staff/display";
import { tenantCreateSchema } from "@/lib/tenants/schemas";
import { createTenant } from "@/lib/tenants/service";
import { mapBounded } from "@/lib/okta/bounded";
import { serviceAccountsPage, wellKnownSearch, type ServiceAccountsView } from "@/lib/users/service-accounts-page";
import { describeDatabases } from "../helpers/test-db";

process.env.CREDENTIAL_KEYS ??= `s1:${randomBytes(32).toString("base64")}`;
process.env.NEXTAUTH_SECRET ??= "s".repeat(40);
process.env.OKTA_ISSUER ??= "https://msp.example.com/oauth2/default";
process.env.OKTA_CLIENT_ID ??= "console";
process.env.OKTA_CLIENT_SECRET ??= "secret";
process.env.ALLOW_LOCAL_ORG_URLS = "true";

const SLUG = "sa-initech";
let emu: RunningEmulator;
let token = "";
const meta = { ip: "192.0.2.20", userAgent: "service-accounts-test" };

beforeAll(async () => {
  // A small AD-mastered org with the RADIUS agent: MSP-Okta Integration (token owner), Deep Link,
  // OktaADAgent, OktaRADIUS, all user type "Service Account" and in the "Service Accounts" group.
  const built = buildCustomerOrg(
    { slug: SLUG, name: "SA Initech", kind: "test", domain: "sa-initech.example", users: 40, master: "AD", adDomain: "corp.example.com", radius: true, lean: true },
    "sa-test",
    Date.now(),
  );
  emu = await startEmulator({ port: 0, orgs: [built.builder.org] });
  token = built.apiToken;
});
afterAll(async () => emu?.stop());

type OrgUser = { id: string; status: string; profile: Record<string, unknown> };
const orgUsers = () => [...emu.org(SLUG).users.values()] as unknown as OrgUser[];

describeDatabases("service accounts page", (getDb) => {
  let tenantId = "";
  const staff = {} as Record<"admin" | "technician" | "helpdesk" | "billing", StaffIdentity>;

  beforeAll(async () => {
    const db = getDb();
    const input = tenantCreateSchema.parse({ name: "SA Initech", slug: SLUG, orgUrl: emu.orgUrl(SLUG), mastery: "active_directory", credentialType: "ssws", apiToken: token });
    tenantId = (await createTenant(input, { db, keys: env().CREDENTIAL_KEYS, allowLocalOrgUrls: true })).id;
    for (const role of ["admin", "technician", "helpdesk", "billing"] as const) {
      const s = await db.staffUser.create({ data: { email: `${role}-${randomBytes(3).toString("hex")}@sa.test`, name: role } });
      await db.staffGrant.create({ data: { staffId: s.id, role, tenantId: role === "admin" ? null : tenantId } });
      staff[role] = { staffId: s.id, sessionId: `sa-${role}`, email: staffDisplayEmail(s), name: s.name, oidcGroups: [] };
    }
  });
  beforeEach(async () => {
    staffDenials.reset();
    oktaReads.reset();
    emu.clearRequests();
    await getDb().serviceAccountMark.deleteMany({});
  });

  const run = (who: StaffIdentity, db: Db = getDb()) =>
    serviceAccountsPage.run({ db, staff: who, meta, slug: SLUG, rawInput: {}, gatewayFor: (t) => oktaGatewayFor(t, { db, keys: env().CREDENTIAL_KEYS }) });

  async function view(who: StaffIdentity): Promise<ServiceAccountsView & { canManage: boolean }> {
    const r = await run(who);
    if (!r.ok) throw new Error(`${r.code}: ${r.error}`);
    return r.data;
  }

  it("lists every service account with why, purpose, admin roles and last sign-in; no person", async () => {
    const v = await view(staff.technician);
    const logins = v.rows.map((r) => r.login.split("@")[0]);
    expect(logins.sort()).toEqual(["msp-deeplink", "msp-integration", "oktaadagent", "oktaradius"]);
    const integration = v.rows.find((r) => r.login.startsWith("msp-integration@"))!;
    expect(integration.reasons.map((r) => r.kind).sort()).toEqual(["console_credential", "group", "user_type", "well_known"]);
    expect(integration.adminRoles).toContain("Super Administrator");
    expect(integration.purpose).toMatch(/console's own API credential/);
    expect(v.rows.find((r) => r.login.startsWith("oktaradius@"))!.reasons.map((r) => r.kind)).toContain("well_known");
    expect(v.serviceAccountGroupName).toBe("Service Accounts");
    expect(v.truncated).toBe(false);
    expect(v.canManage).toBe(false);
    for (const r of v.rows) expect(r.lastLogin === null || /^\d{4}-/.test(r.lastLogin)).toBe(true);
    // Nobody else: every listed account is non-human by Okta's own marks.
    const people = orgUsers().filter((u) => u.profile.userType !== "Service Account").map((u) => u.id);
    expect(v.rows.filter((r) => people.includes(r.id))).toEqual([]);
  });

  it("reads bounded: searches and one group page, never a whole-org listing", async () => {
    await view(staff.technician);
    const requests = emu.requests(SLUG).requests;
    const lists = requests.filter((r) => r.method === "GET" && r.path === "/api/v1/users");
    // Exactly the two searches (user type, well-known names), each one page.
    expect(lists).toHaveLength(2);
    // Per account: its admin roles. Group: find by name, one page of members. Principal: /users/me.
    expect(requests.filter((r) => /\/roles$/.test(r.path))).toHaveLength(4);
    expect(requests.length).toBeLessThanOrEqual(2 + 2 + 1 + 4);
  });

  it("includes the accounts Administrators marked, with the mark's note; a marked user Okta no longer has stays visible as such", async () => {
    const person = orgUsers().find((u) => u.status === "ACTIVE" && u.profile.userType === "Employee")!;
    await getDb().serviceAccountMark.createMany({
      data: [
        { tenantId, oktaUserId: person.id, login: String(person.profile.login), purpose: "Nightly HR export (owner: IT)", markedById: staff.admin.staffId },
        { tenantId, oktaUserId: "00u0000000000000gone", login: "gone@sa-initech.example", purpose: "Old scanner account" },
      ],
    });
    const v = await view(staff.admin);
    expect(v.canManage).toBe(true);
    const marked = v.rows.find((r) => r.id === person.id)!;
    expect(marked).toMatchObject({ purpose: "Nightly HR export (owner: IT)", mark: { markedBy: staff.admin.email } });
    expect(marked.reasons.map((r) => r.kind)).toEqual(["manual"]);
    expect(marked.adminRoles).toEqual([]);
    const gone = v.rows.find((r) => r.id === "00u0000000000000gone")!;
    expect(gone).toMatchObject({ missing: true, login: "gone@sa-initech.example", purpose: "Old scanner account" });
    // A mark of another org is not this org's.
    expect(v.rows).toHaveLength(6);
  });

  it("Help Desk may read it; Billing is refused without an Okta call", async () => {
    expect((await run(staff.helpdesk)).ok).toBe(true);
    emu.clearRequests();
    const refused = await run(staff.billing);
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    expect(emu.requests(SLUG).count).toBe(0);
  });
});

describe("helpers", () => {
  it("mapBounded keeps order and never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const out = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 * (8 - n)));
      running--;
      return n * 2;
    });
    expect(out).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(peak).toBe(3);
  });

  it("the well-known search is one valid expression of quoted values", () => {
    const s = wellKnownSearch();
    expect(s).toContain('profile.login sw "oktaradius"');
    expect(s.split(" or ").every((c) => /^profile\.\w+ (sw|eq) "[^"]+"$/.test(c))).toBe(true);
  });
});
