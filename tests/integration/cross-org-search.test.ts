// Cross-org search (GET /api/search, lib/search/cross-org.ts) through the staff-scope wrapper against
// the emulator: one users request per org the staff member may see and holds users.read in, answers
// streamed as each org answers, an org that fails or hangs shows its own error or timeout while the
// others answer, orgs outside the staff member's access are never called, one audit row per search.
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import type { GatewayFactory } from "@/lib/actions";
import { oktaReads, staffDenials } from "@/lib/actions/audit-throttle";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { createOktaGateway, type OktaGateway } from "@/lib/okta/gateway";
import type { Role } from "@/lib/rbac/permissions";
import { crossOrgSearchRoute, SEARCH_ORG_TIMEOUT_MS } from "@/lib/search/cross-org";
import type { SearchLine } from "@/lib/search/schema";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

const next = vi.hoisted(() => ({ db: undefined as unknown, staff: null as unknown }));
vi.mock("@/lib/db", () => ({ db: () => next.db }));
vi.mock("@/lib/auth/session", () => ({ getStaff: async () => next.staff }));

const ORGS = ["xa", "xb", "xc", "xd"] as const;
type Org = (typeof ORGS)[number];
let emu: RunningEmulator;
const SHARED = { firstName: "Zebulon", lastName: "Crossorgly" };

beforeAll(async () => {
  const now = Date.now();
  emu = await startEmulator({
    port: 0,
    orgs: ORGS.map((slug) => buildCustomerOrg({ slug, name: `Org ${slug}`, kind: "search", domain: `${slug}.example`, users: 12, master: "OKTA", lean: true }, "search", now).builder.org),
  });
  // The same person in two orgs (created through Okta's API, as a customer's admin would).
  for (const slug of ["xa", "xc"] as const) {
    const res = await fetch(`${emu.orgUrl(slug)}/api/v1/users?activate=true`, {
      method: "POST",
      headers: { Authorization: `SSWS ${emu.org(slug).apiTokens[0]!.token}`, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ profile: { ...SHARED, email: `zebulon@${slug}.example`, login: `zebulon@${slug}.example` } }),
    });
    expect(res.status).toBe(200);
  }
});
afterAll(async () => emu?.stop());

/** Counts gateway creations per org; each tenant's gateway talks to its emulator org. */
function gateways(db: Db, built: string[]): GatewayFactory {
  const cache = new Map<string, OktaGateway>();
  return async (tenant) => {
    const row = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    built.push(row.slug);
    const hit = cache.get(row.slug);
    if (hit) return hit;
    const gw = createOktaGateway({ tenantId: row.id, orgUrl: emu.orgUrl(row.slug), credential: { type: "ssws", token: emu.org(row.slug).apiTokens[0]!.token }, allowLocalOrgUrls: true });
    cache.set(row.slug, gw);
    return gw;
  };
}

async function drain<T>(it: AsyncIterable<T>): Promise<Array<T & { at: number }>> {
  const t0 = performance.now();
  const out: Array<T & { at: number }> = [];
  for await (const line of it) out.push({ ...line, at: performance.now() - t0 });
  return out;
}

type OrgLine = Extract<SearchLine, { type: "org" }>;
const orgLines = <L extends SearchLine>(lines: L[]) => lines.filter((l): l is L & OrgLine => l.type === "org");

describeDatabases("cross-org search", (getDb) => {
  const staff = {} as Record<string, StaffIdentity>;
  const tenantIds = {} as Record<Org, string>;
  beforeEach(async () => {
    const db = getDb();
    next.db = db;
    await resetDatabase(db);
    oktaReads.reset();
    staffDenials.reset();
    emu.clearFaults();
    for (const slug of ORGS) {
      const t = await db.tenant.create({ data: { slug, name: `Org ${slug}`, orgUrl: `https://${slug}.okta.com`, archivedAt: slug === "xd" ? new Date() : null } });
      tenantIds[slug] = t.id;
    }
    const make = async (key: string, grants: Array<{ role: Role; org: Org | null }>) => {
      const row = await db.staffUser.create({ data: { email: `${key}@msp.test`, name: key } });
      for (const g of grants) await db.staffGrant.create({ data: { staffId: row.id, role: g.role, tenantId: g.org ? tenantIds[g.org] : null } });
      staff[key] = { staffId: row.id, sessionId: `s-${key}`, email: `${key}@msp.test`, name: key, oidcGroups: [] };
    };
    // Technician everywhere; Help Desk in xa only (plus Billing in xb: no users.read there); Billing only.
    await make("tech", [{ role: "technician", org: null }]);
    await make("hd", [
      { role: "helpdesk", org: "xa" },
      { role: "billing", org: "xb" },
      { role: "helpdesk", org: "xd" },
    ]);
    await make("billing", [{ role: "billing", org: null }]);
  });

  const run = async (key: string, rawInput: unknown, built: string[] = []) =>
    crossOrgSearchRoute.run({ db: getDb(), staff: staff[key] ?? null, rawInput, meta: { ip: "198.51.100.9", userAgent: "vitest" }, gatewayFor: gateways(getDb(), built) });

  it("finds a person who exists in two orgs in both, one users request per org, and writes one audit row", async () => {
    const before = Object.fromEntries(ORGS.map((o) => [o, emu.requests(o).count]));
    const built: string[] = [];
    const r = await run("tech", { q: "Crossorgly" }, built);
    if (!r.ok) throw new Error(r.error);
    const lines = await drain(r.data);
    expect(lines[0]).toMatchObject({ type: "start", q: "Crossorgly", orgs: [{ slug: "xa" }, { slug: "xb" }, { slug: "xc" }] });
    const orgs = orgLines(lines);
    expect(orgs.map((l) => l.slug).sort()).toEqual(["xa", "xb", "xc"]);
    const found = Object.fromEntries(orgs.map((l) => [l.slug, l.status === "ok" ? l.users : null]));
    expect(found.xa).toEqual([expect.objectContaining({ label: "Zebulon Crossorgly", login: "zebulon@xa.example", href: expect.stringMatching(/^\/t\/xa\/users\/00u/) })]);
    expect(found.xc).toEqual([expect.objectContaining({ login: "zebulon@xc.example", href: expect.stringMatching(/^\/t\/xc\/users\/00u/) })]);
    expect(found.xb).toEqual([]);
    expect(lines.at(-1)).toMatchObject({ type: "done", orgs: 3, failed: 0, users: 2 });
    // One request per org; the archived org is never called.
    for (const o of ["xa", "xb", "xc"] as const) {
      const served = emu.requests(o).requests.slice(before[o]);
      expect(served.map((s) => `${s.method} ${s.path}`)).toEqual(["GET /api/v1/users"]);
      expect(served[0]!.userAgent).toContain("staff=tech@msp.test");
    }
    expect(emu.requests("xd").count).toBe(before.xd);
    expect(built.sort()).toEqual(["xa", "xb", "xc"]);
    // The user's id link opens their page in THAT org.
    const id = found.xa![0]!.id;
    expect(emu.org("xa").users.get(id)?.profile.login).toBe("zebulon@xa.example");

    const rows = await getDb().auditEvent.findMany({ where: { action: "search.users" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: "success", staffEmail: "tech@msp.test", tenantId: null });
    const input = JSON.parse(String(rows[0]!.input)) as Record<string, unknown>;
    expect(input).toMatchObject({ q: "Crossorgly", orgs: ["xa", "xb", "xc"], found: 2 });
    expect(JSON.parse(String(rows[0]!.oktaRequestIds))).toHaveLength(3);
  });

  it("an exact email finds the one person; a first and last name find them too", async () => {
    const byEmail = await run("tech", { q: "zebulon@xc.example" });
    if (!byEmail.ok) throw new Error(byEmail.error);
    const lines = orgLines(await drain(byEmail.data));
    expect(lines.flatMap((l) => (l.status === "ok" ? l.users.map((u) => u.login) : []))).toEqual(["zebulon@xc.example"]);
    const byName = await run("tech", { q: "Zebulon Crossorgly" });
    if (!byName.ok) throw new Error(byName.error);
    const names = orgLines(await drain(byName.data));
    expect(names.flatMap((l) => (l.status === "ok" ? l.users.map((u) => u.login) : [])).sort()).toEqual(["zebulon@xa.example", "zebulon@xc.example"]);
  });

  it("an org that fails shows its own error and one that hangs its own timeout, while the others answer first", async () => {
    emu.addFault({ org: "xb", pathPattern: "/api/v1/users", count: 1, status: 500 });
    emu.addFault({ org: "xc", pathPattern: "/api/v1/users", count: 1, hangMs: SEARCH_ORG_TIMEOUT_MS + 2_000 });
    const xcBefore = emu.requests("xc").count;
    const r = await run("tech", { q: "Crossorgly" });
    if (!r.ok) throw new Error(r.error);
    const lines = await drain(r.data);
    const orgs = orgLines(lines);
    const by = Object.fromEntries(orgs.map((l) => [l.slug, l]));
    expect(by.xa).toMatchObject({ status: "ok", users: [expect.objectContaining({ login: "zebulon@xa.example" })] });
    expect(by.xb).toMatchObject({ status: "error", error: expect.stringMatching(/Okta/) });
    expect(by.xc).toMatchObject({ status: "timeout", error: `This org did not answer within ${SEARCH_ORG_TIMEOUT_MS / 1000} seconds.` });
    // The healthy org and the failing one were streamed long before the hanging one gave up.
    expect(by.xa!.at).toBeLessThan(2_000);
    expect(by.xb!.at).toBeLessThan(2_000);
    expect(by.xc!.at).toBeGreaterThanOrEqual(SEARCH_ORG_TIMEOUT_MS - 50);
    expect(orgs.map((l) => l.slug).indexOf("xc")).toBe(2);
    expect(lines.at(-1)).toMatchObject({ type: "done", failed: 2, users: 1 });
    const row = await getDb().auditEvent.findFirstOrThrow({ where: { action: "search.users" } });
    expect(row.outcome).toBe("success");
    expect(row.errorSummary).toMatch(/2 of 3 orgs failed or timed out: (xb, xc|xc, xb)/);
    const input = JSON.parse(String(row.input)) as { failed: Array<{ org: string; reason: string }> };
    expect(input.failed.map((f) => f.org).sort()).toEqual(["xb", "xc"]);
    // The emulator logs a request when it answers: let the hung one finish here, or it lands in the
    // request log of whichever test runs next (seen in CI as a second "GET /api/v1/users").
    await vi.waitFor(() => expect(emu.requests("xc").count).toBe(xcBefore + 1), { timeout: 5_000, interval: 50 });
  }, 20_000);

  it("orgs the staff member cannot see, or sees without users.read, are never queried", async () => {
    const before = Object.fromEntries(ORGS.map((o) => [o, emu.requests(o).count]));
    const built: string[] = [];
    const r = await run("hd", { q: "Crossorgly" }, built);
    if (!r.ok) throw new Error(r.error);
    const lines = await drain(r.data);
    expect(lines[0]).toMatchObject({ type: "start", orgs: [{ slug: "xa", name: "Org xa" }] });
    expect(orgLines(lines).map((l) => l.slug)).toEqual(["xa"]);
    expect(built).toEqual(["xa"]);
    expect(emu.requests("xa").count).toBe(before.xa! + 1);
    // xb: Billing there (no users.read); xc: no grant; xd: archived.
    for (const o of ["xb", "xc", "xd"] as const) expect(emu.requests(o).count, o).toBe(before[o]);
  });

  it("refuses Billing (users.read in no org) and bad queries before any Okta call", async () => {
    const total = emu.requests().count;
    expect(await run("billing", { q: "Crossorgly" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await getDb().auditEvent.count({ where: { action: "search.users", outcome: "denied" } })).toBe(1);
    expect(await run("tech", { q: "a" })).toMatchObject({ ok: false, code: "invalid", fieldErrors: { q: ["Type at least 2 characters."] } });
    expect(await run("tech", { q: "ada\u0000x" })).toMatchObject({ ok: false, code: "invalid", fieldErrors: { q: ["The search cannot contain control characters or line breaks."] } });
    expect(await run("tech", { q: "ada\nlovelace" })).toMatchObject({ ok: false, code: "invalid" });
    expect(await run("tech", { q: "x".repeat(101) })).toMatchObject({ ok: false, code: "invalid" });
    expect(await run("nobody", { q: "Crossorgly" })).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(emu.requests().count).toBe(total);
  });

  it("the route handler streams NDJSON, and answers JSON errors with the wrapper's statuses", async () => {
    next.staff = staff.tech;
    // The real gateway reads tenant credentials; this test only checks the handler's framing, so it
    // searches as Help Desk in an org with no stored credential: that org's line says so.
    const res = await crossOrgSearchRoute(new Request("http://localhost:3000/api/search?q=Crossorgly"), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    const lines = text.trim().split("\n").map((l) => JSON.parse(l) as SearchLine);
    expect(lines[0]!.type).toBe("start");
    expect(lines.at(-1)!.type).toBe("done");
    expect(orgLines(lines).every((l) => l.status === "error" && /credential/.test(l.error))).toBe(true);
    const bad = await crossOrgSearchRoute(new Request("http://localhost:3000/api/search?q=a"), { params: Promise.resolve({}) });
    expect(bad.status).toBe(400);
    next.staff = null;
    expect((await crossOrgSearchRoute(new Request("http://localhost:3000/api/search?q=abc"), { params: Promise.resolve({}) })).status).toBe(401);
  });
});
