// The dashboard's cards (GET /api/dashboard, lib/dashboard) against the emulator: status counts paged
// up to a bound ("over N"), failed sign-ins from one bounded System Log query, Billing gets the total
// only (and no users or System Log request is made for it), the per-org cache and its refresh.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import type { GatewayFactory } from "@/lib/actions";
import { oktaReads, staffDenials } from "@/lib/actions/audit-throttle";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { clearDashboardCache, dashboardRoute } from "@/lib/dashboard/cards";
import { countUsersInStatus, failedSignIns, FAILED_SIGN_IN_FILTER } from "@/lib/dashboard/counts";
import { COUNTED_STATUSES, type DashboardLine, type OrgCard } from "@/lib/dashboard/types";
import { createOktaGateway, type OktaGateway } from "@/lib/okta/gateway";
import type { Role } from "@/lib/rbac/permissions";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

vi.mock("@/lib/db", () => ({ db: () => undefined }));
vi.mock("@/lib/auth/session", () => ({ getStaff: async () => null }));

const ORGS = ["da", "db"] as const;
let emu: RunningEmulator;
const DAY = 86_400_000;

beforeAll(async () => {
  const now = Date.now();
  emu = await startEmulator({
    port: 0,
    orgs: [
      buildCustomerOrg({ slug: "da", name: "Dash A", kind: "dash", domain: "da.example", users: 40, master: "OKTA", lean: true, history: { days: 10, maxSignInsPerDay: 30 } }, "dash", now).builder.org,
      buildCustomerOrg({ slug: "db", name: "Dash B", kind: "dash", domain: "db.example", users: 30, master: "OKTA", lean: true }, "dash", now).builder.org,
    ],
  });
  // At least one failed sign-in in da's last 24 hours, whatever the seeded history made of today (the
  // count is still compared with the emulator's own log below): a copy of an earlier failure, 2 hours ago.
  const da = emu.org("da");
  const failure = da.logs.find((e) => e.eventType === "user.session.start" && e.outcome.result === "FAILURE");
  if (!failure) throw new Error("the seeded history has no failed sign-in");
  da.logs.push({ ...failure, uuid: randomUUID(), published: new Date(now - 2 * 3_600_000).toISOString() });
  da.logs.sort((x, y) => Date.parse(x.published) - Date.parse(y.published));
  // Known numbers in db: 7 locked out, 2 suspended.
  const people = [...emu.org("db").users.values()].filter((u) => u.status === "ACTIVE").slice(0, 9);
  people.slice(0, 7).forEach((u) => (u.status = "LOCKED_OUT"));
  people.slice(7).forEach((u) => (u.status = "SUSPENDED"));
});
afterAll(async () => emu?.stop());

function gatewayOf(slug: string): OktaGateway {
  return createOktaGateway({ tenantId: slug, orgUrl: emu.orgUrl(slug), credential: { type: "ssws", token: emu.org(slug).apiTokens[0]!.token }, allowLocalOrgUrls: true });
}

function gateways(db: Db): GatewayFactory {
  const cache = new Map<string, OktaGateway>();
  return async (tenant) => {
    const row = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    const gw = cache.get(row.slug) ?? gatewayOf(row.slug);
    cache.set(row.slug, gw);
    return gw;
  };
}

const statusCount = (slug: string, status: string) => [...emu.org(slug).users.values()].filter((u) => u.status === status).length;

function expectedFailures(slug: string, since: number, until: number): number {
  return emu.org(slug).logs.filter((e) => e.eventType === "user.session.start" && e.outcome.result === "FAILURE" && Date.parse(e.published) >= since && Date.parse(e.published) < until).length;
}

describeDatabases("dashboard cards", (getDb) => {
  const staff = {} as Record<string, StaffIdentity>;
  beforeEach(async () => {
    const db = getDb();
    await resetDatabase(db);
    oktaReads.reset();
    staffDenials.reset();
    clearDashboardCache();
    emu.clearFaults();
    const ids: Record<string, string> = {};
    for (const slug of ORGS) ids[slug] = (await db.tenant.create({ data: { slug, name: slug === "da" ? "Dash A" : "Dash B", orgUrl: `https://${slug}.okta.com` } })).id;
    const make = async (key: string, role: Role, org: string | null) => {
      const row = await db.staffUser.create({ data: { email: `${key}@msp.test`, name: key } });
      await db.staffGrant.create({ data: { staffId: row.id, role, tenantId: org ? ids[org]! : null } });
      staff[key] = { staffId: row.id, sessionId: `s-${key}`, email: `${key}@msp.test`, name: key, oidcGroups: [] };
    };
    await make("tech", "technician", null);
    await make("billing", "billing", null);
    await make("hd", "helpdesk", "db");
  });

  const run = async (key: string, rawInput: unknown = {}) => {
    const r = await dashboardRoute.run({ db: getDb(), staff: staff[key] ?? null, rawInput, meta: { ip: "198.51.100.9", userAgent: "vitest" }, gatewayFor: gateways(getDb()) });
    if (!r.ok) throw new Error(r.error);
    const lines: DashboardLine[] = [];
    for await (const l of r.data) lines.push(l);
    return lines;
  };
  const cards = (lines: DashboardLine[]) =>
    Object.fromEntries(lines.filter((l): l is Extract<DashboardLine, { type: "org"; status: "ok" }> => l.type === "org" && l.status === "ok").map((l) => [l.slug, l.card])) as Record<string, OrgCard>;

  it("a card per org: total, status counts and failed sign-ins, the org with locked-out people included", async () => {
    const before = Date.now();
    const lines = await run("tech");
    expect(lines[0]).toMatchObject({ type: "start", orgs: [{ slug: "da" }, { slug: "db" }], cacheSeconds: 60, statusBound: 1000 });
    const c = cards(lines);
    const b = c.db!;
    expect(b.cached).toBe(false);
    expect(b.people).toEqual({ ok: true, value: emu.org("db").users.size });
    if (!b.statuses?.ok) throw new Error("no status counts");
    for (const s of COUNTED_STATUSES) expect(b.statuses.value[s], s).toEqual({ count: statusCount("db", s), over: false });
    expect(b.statuses.value.LOCKED_OUT.count).toBeGreaterThanOrEqual(7);
    expect(b.statuses.value.SUSPENDED.count).toBeGreaterThanOrEqual(2);

    const a = c.da!;
    if (!a.signIns?.ok) throw new Error("no sign-ins");
    const now = Date.parse(a.asOf);
    expect(now).toBeGreaterThanOrEqual(before - 1000);
    expect(a.signIns.value.last24h).toEqual({ count: expectedFailures("da", now - DAY, now), over: false });
    expect(a.signIns.value.last24h.count).toBeGreaterThan(0);
    expect(a.signIns.value.days).toHaveLength(7);
    for (const d of a.signIns.value.days) {
      const start = Date.parse(`${d.day}T00:00:00Z`);
      expect(d, d.day).toEqual({ day: d.day, failed: expectedFailures("da", start, Math.min(start + DAY, now)), complete: true });
    }
    expect(a.signIns.value.days.at(-1)!.day).toBe(new Date(now).toISOString().slice(0, 10));
  });

  it("Okta has no count: a status is paged up to the bound and then says 'over N'; so are sign-ins", async () => {
    const okta = gatewayOf("db");
    emu.clearRequests("db");
    const locked = statusCount("db", "LOCKED_OUT");
    expect(await countUsersInStatus(okta, "LOCKED_OUT", 3)).toEqual({ count: 3, over: true });
    // One more than the bound is read: one request was enough to know there are more.
    expect(emu.requests("db").requests.map((r) => r.path)).toEqual(["/api/v1/users"]);
    // Exactly the bound: not "over".
    expect(await countUsersInStatus(okta, "LOCKED_OUT", locked)).toEqual({ count: locked, over: false });
    expect(await countUsersInStatus(okta, "LOCKED_OUT", locked - 1)).toEqual({ count: locked - 1, over: true });

    const a = gatewayOf("da");
    const full = await failedSignIns(a);
    const total = full.days.reduce((n, d) => n + d.failed, 0);
    expect(total).toBeGreaterThan(4);
    emu.clearRequests("da");
    const capped = await failedSignIns(a, Date.now(), 4);
    // At most the bound was read (pages of the bound's size), and what could not be read is marked.
    expect(emu.requests("da").requests.map((r) => r.path)).toEqual(["/api/v1/logs"]);
    expect(capped.days.reduce((n, d) => n + d.failed, 0)).toBe(4);
    expect(capped.days.some((d) => !d.complete)).toBe(true);
    expect(capped.days.at(-1)!.complete || capped.last24h.over).toBe(true);
    expect(FAILED_SIGN_IN_FILTER).toBe('eventType eq "user.session.start" and outcome.result eq "FAILURE"');
  });

  it("Billing gets user counts only: no status breakdown, no sign-in data, and no users or System Log request", async () => {
    emu.clearRequests();
    const c = cards(await run("billing"));
    expect(Object.keys(c).sort()).toEqual(["da", "db"]);
    for (const card of Object.values(c)) {
      expect(card.people.ok).toBe(true);
      expect(card).not.toHaveProperty("statuses");
      expect(card).not.toHaveProperty("signIns");
    }
    const paths = new Set(emu.requests().requests.map((r) => r.path));
    expect([...paths]).toEqual(["/api/v1/groups"]);
  });

  it("cards are cached per org for a minute; refresh reads Okta again; Help Desk sees only its org", async () => {
    await run("tech");
    emu.clearRequests();
    const again = cards(await run("tech"));
    expect(again.da!.cached).toBe(true);
    expect(again.db!.cached).toBe(true);
    expect(emu.requests().count).toBe(0);

    // Help Desk in db: the same view (users.read and logs.read), so the same cached numbers.
    const hd = await run("hd");
    expect(hd[0]).toMatchObject({ orgs: [{ slug: "db" }] });
    expect(cards(hd).db!.cached).toBe(true);
    expect(emu.requests().count).toBe(0);

    const fresh = cards(await run("tech", { refresh: "1" }));
    expect(fresh.da!.cached).toBe(false);
    expect(emu.requests("da").count).toBeGreaterThan(0);
    // One org's own refresh reads only that org.
    emu.clearRequests();
    const one = await run("tech", { refresh: "1", org: "db" });
    expect(one[0]).toMatchObject({ orgs: [{ slug: "db" }] });
    expect(emu.requests("da").count).toBe(0);
    expect(emu.requests("db").count).toBeGreaterThan(0);
  });

  it("a failing org shows its own error; the other card is unaffected; the failure is audited once", async () => {
    emu.addFault({ org: "da", pathPattern: "/api/v1/", count: 20, status: 503 });
    const lines = await run("tech", { refresh: "1" });
    const a = lines.find((l) => l.type === "org" && l.slug === "da");
    expect(a).toMatchObject({ type: "org", status: "error", error: expect.any(String) });
    expect(cards(lines).db!.people.ok).toBe(true);
    const rows = await getDb().auditEvent.findMany({ where: { action: "dashboard.cards" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: "failure", errorCode: "org_failures" });
    emu.clearFaults();
    // A healthy dashboard view leaves no row (a read).
    await run("tech", { refresh: "1" });
    expect(await getDb().auditEvent.count({ where: { action: "dashboard.cards" } })).toBe(1);
  });
});
