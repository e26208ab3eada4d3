// The typeahead lookups (GET /api/t/[tenant]/users/lookup and /groups/lookup) against the emulator:
// one Okta `q` request each, the {items: [{id, label, sublabel, status}]} shape, validation before any
// call, the permission table, and the route handler's JSON answer.
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import { DEMO_CUSTOMERS } from "../../emulator/seeds";
import type { CoreArgs, GatewayFactory } from "@/lib/actions";
import { oktaReads } from "@/lib/actions/audit-throttle";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { createOktaGateway } from "@/lib/okta/gateway";
import { groupLookupRoute } from "@/lib/groups/lookups";
import { userLookupRoute } from "@/lib/users/lookups";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

const next = vi.hoisted(() => ({ db: undefined as unknown, staff: null as unknown }));
vi.mock("@/lib/db", () => ({ db: () => next.db }));
vi.mock("@/lib/auth/session", () => ({ getStaff: async () => next.staff }));

let emu: RunningEmulator;
beforeAll(async () => {
  const spec = DEMO_CUSTOMERS.find((c) => c.slug === "acme")!;
  emu = await startEmulator({ port: 0, orgs: [buildCustomerOrg({ ...spec, users: 150, history: undefined }, "demo", Date.now()).builder.org] });
});
afterAll(async () => emu?.stop());

const gatewayFor =
  (db: Db): GatewayFactory =>
  async (tenant) => {
    const row = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    return createOktaGateway({ tenantId: row.id, orgUrl: emu.orgUrl("acme"), credential: { type: "ssws", token: emu.org("acme").apiTokens[0]!.token }, allowLocalOrgUrls: true });
  };

describeDatabases("lookups", (getDb) => {
  const staff: Record<string, StaffIdentity> = {};
  beforeEach(async () => {
    const db = getDb();
    next.db = db;
    await resetDatabase(db);
    oktaReads.reset();
    emu.clearRequests();
    const tenant = await db.tenant.create({ data: { slug: "acme", name: "Acme", orgUrl: "https://acme.okta.com" } });
    for (const [key, role] of [
      ["hd", "helpdesk"],
      ["billing", "billing"],
    ] as const) {
      const row = await db.staffUser.create({ data: { email: `${key}@msp.test`, name: key } });
      await db.staffGrant.create({ data: { staffId: row.id, role, tenantId: tenant.id } });
      staff[key] = { staffId: row.id, sessionId: `s-${key}`, email: `${key}@msp.test`, name: key, oidcGroups: [] };
    }
  });
  const args = (key: string, rawInput: unknown): CoreArgs => ({ db: getDb(), staff: staff[key]!, slug: "acme", rawInput, meta: { ip: "198.51.100.7", userAgent: "vitest" }, gatewayFor: gatewayFor(getDb()) });
  const people = () => [...emu.org("acme").users.values()];

  it("users: Okta's q (starts-with on first, last name and email), one request, at most 10 by default", async () => {
    const someone = people().find((u) => u.status === "ACTIVE" && u.profile.lastName)!;
    const prefix = someone.profile.lastName!.slice(0, 3);
    const r = await userLookupRoute.run(args("hd", { q: prefix }));
    if (!r.ok) throw new Error(r.error);
    const expected = people().filter(
      (u) => u.status !== "DEPROVISIONED" && [u.profile.firstName, u.profile.lastName, u.profile.email].some((v) => typeof v === "string" && v.toLowerCase().startsWith(prefix.toLowerCase())),
    );
    expect(r.data.items.length).toBe(Math.min(10, expected.length));
    expect(r.data.items.map((i) => i.id)).toContain(someone.id);
    const item = r.data.items.find((i) => i.id === someone.id)!;
    expect(item).toEqual({ id: someone.id, label: someone.profile.displayName, sublabel: someone.profile.login, status: "ACTIVE", statusLabel: "Active" });
    const served = emu.requests("acme").requests;
    expect(served).toHaveLength(1);
    expect(served[0]!.path).toBe("/api/v1/users");
    // limit is honoured (and capped by the schema at 20).
    const two = await userLookupRoute.run(args("hd", { q: "a", limit: "2" }));
    expect(two.ok && two.data.items.length).toBe(2);
    expect(await userLookupRoute.run(args("hd", { q: "a", limit: "500" }))).toMatchObject({ ok: false, code: "invalid" });
  });

  it("groups: q on the group name, with the type as sublabel", async () => {
    const r = await groupLookupRoute.run(args("hd", { q: "Users" }));
    if (!r.ok) throw new Error(r.error);
    expect(r.data.items.length).toBeGreaterThan(3);
    expect(r.data.items.every((i) => i.label.startsWith("Users"))).toBe(true);
    expect(r.data.items[0]).toMatchObject({ sublabel: expect.stringMatching(/^Okta group · All .* staff$/), status: "OKTA_GROUP" });
  });

  it("refuses an empty query before any Okta call, and roles without users.read / groups.read", async () => {
    expect(await userLookupRoute.run(args("hd", { q: "  " }))).toMatchObject({ ok: false, code: "invalid", fieldErrors: { q: ["Type at least one character."] } });
    expect(await userLookupRoute.run(args("billing", { q: "ada" }))).toMatchObject({ ok: false, code: "forbidden" });
    expect(await groupLookupRoute.run(args("billing", { q: "eng" }))).toMatchObject({ ok: false, code: "forbidden" });
    expect(emu.requests("acme").count).toBe(0);
  });

  it("the route handlers read the query string and answer JSON with the wrapper's statuses", async () => {
    next.staff = staff.hd;
    const ctx = { params: Promise.resolve({ tenant: "acme" }) };
    const bad = await userLookupRoute(new Request("http://localhost:3000/api/t/acme/users/lookup?q=&limit=3"), ctx);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("cache-control")).toBe("no-store");
    expect(await bad.json()).toMatchObject({ ok: false, code: "invalid", fieldErrors: { q: ["Type at least one character."] } });
    next.staff = staff.billing;
    const forbidden = await groupLookupRoute(new Request("http://localhost:3000/api/t/acme/groups/lookup?q=eng"), ctx);
    expect(forbidden.status).toBe(403);
    next.staff = null;
    expect((await userLookupRoute(new Request("http://localhost:3000/api/t/acme/users/lookup?q=ada"), ctx)).status).toBe(401);
    expect(emu.requests("acme").count).toBe(0);
  });
});
