// The one action wrapper: validation, session, tenant from the slug, grant, permission table, ticket,
// Okta gateway of that tenant (the local emulator, through the real SDK), audit rows.
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { z } from "zod";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { seedOrgs } from "../../emulator/seeds";
import {
  ActionError,
  consoleAction,
  consoleRoute,
  NOT_FOUND_MESSAGE,
  tenantAction,
  tenantRoute,
  type ActionResult,
  type CoreArgs,
  type GatewayFactory,
} from "@/lib/actions";
import { verifyAuditChain } from "@/lib/audit";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { createOktaGateway } from "@/lib/okta/gateway";
import { describeDatabases, resetDatabase } from "../helpers/test-db";
import { anonymousRefusals, oktaReads, rateLimitRefusals, staffDenials } from "@/lib/actions/audit-throttle";

/** The per-process throttles start afresh for every test (as if a minute had passed). */
function resetThrottles() {
  for (const t of [anonymousRefusals, staffDenials, rateLimitRefusals, oktaReads]) t.reset();
}
import { staffDisplayEmail } from "@/lib/staff/display";

// The Next-facing wrappers read the session, database and headers through these modules.
const next = vi.hoisted(() => ({ db: undefined as unknown, staff: null as unknown }));
vi.mock("@/lib/db", () => ({ db: () => next.db }));
vi.mock("@/lib/auth/session", () => ({ getStaff: async () => next.staff }));
vi.mock("@/lib/request/context", () => ({ requestMeta: async () => ({ ip: "203.0.113.9", userAgent: "vitest-form" }) }));

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, orgs: seedOrgs("demo") });
});
afterAll(async () => emu?.stop());

const meta = { ip: "198.51.100.7", userAgent: "vitest" };

// Tenants in the DB map onto emulator orgs by slug (ticketed -> acme).
const emulatorOrg: Record<string, string> = { acme: "acme", ticketed: "acme", globex: "globex" };
let gatewayCalls: string[] = [];
const gatewayFor =
  (db: Db): GatewayFactory =>
  async (tenant) => {
    const row = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    gatewayCalls.push(row.slug);
    const slug = emulatorOrg[row.slug] ?? row.slug;
    return createOktaGateway({ tenantId: row.id, orgUrl: emu.orgUrl(slug), credential: { type: "ssws", token: emu.org(slug).apiTokens[0]!.token }, allowLocalOrgUrls: true });
  };

// ---- actions under test (defined like real ones) ----
let bodyCalls = 0;
const readMe = tenantAction(
  { name: "test.read_me", permission: "users.read", input: z.object({ note: z.string().max(10).optional(), password: z.string().optional() }), auditFields: ["note", "password"] },
  async (ctx) => {
    bodyCalls++;
    const me = await ctx.okta.me();
    ctx.setTarget({ type: "user", id: me.id, name: me.displayName });
    return { id: me.id, tenant: ctx.tenant.slug, ticket: ctx.ticketId };
  },
);
const getUser = tenantAction(
  { name: "test.get_user", permission: "users.read", input: z.object({ userId: z.string().min(1) }), target: (i) => ({ type: "user", id: i.userId }), auditFields: ["userId"] },
  async (ctx, input) => {
    bodyCalls++;
    return ctx.okta.client.userApi.getUser({ userId: input.userId });
  },
);
const createUser = tenantAction({ name: "test.create_user", permission: "users.create", input: z.object({}), auditFields: [] }, async () => {
  bodyCalls++;
  return "created";
});
const unlock = tenantAction(
  { name: "test.unlock", permission: "users.unlock", input: z.object({ userId: z.string(), privileged: z.boolean() }), okta: false, auditFields: ["userId"] },
  async (ctx, input) => {
    bodyCalls++;
    ctx.assertCanActOn({ privileged: input.privileged, name: "Ada Admin" });
    return "unlocked";
  },
);
const boom = tenantAction({ name: "test.boom", permission: "users.read", input: z.object({}), okta: false, auditFields: [] }, async () => {
  bodyCalls++;
  throw new Error("secret internals at /srv/app.ts:42");
});
const expected = tenantAction({ name: "test.expected", permission: "users.read", input: z.object({}), okta: false, auditFields: [] }, async () => {
  throw new ActionError("This user is already active.");
});
const formEcho = tenantAction(
  { name: "test.form_echo", permission: "users.read", input: z.object({ note: z.string(), tags: z.array(z.string()) }), okta: false, auditFields: ["note", "tags"] },
  async (ctx, input) => ({ ticket: ctx.ticketId, ...input }),
);
const settingsRead = consoleAction({ name: "test.settings_read", permission: "settings.tenants.read", input: z.object({}), auditFields: [] }, async (ctx) => {
  bodyCalls++;
  return [...ctx.roles];
});
const settingsManage = consoleAction(
  { name: "test.settings_manage", permission: "settings.tenants.manage", input: z.object({ name: z.string().min(2, "Name is too short.") }), auditFields: ["name"] },
  async () => {
    bodyCalls++;
    return "saved";
  },
);
const userRoute = tenantRoute(
  { name: "test.route", permission: "users.create", input: z.object({ login: z.string().email() }), okta: false, auditFields: ["login"] },
  async (ctx, input) => ({ login: input.login, org: ctx.tenant.slug }),
);
const countsRoute = consoleRoute({ name: "test.counts", permission: "billing.userCounts", input: z.object({ q: z.string().optional() }), auditFields: ["q"] }, async (_ctx, input) => ({
  q: input.q ?? null,
}));

describeDatabases("action wrapper", (getDb) => {
  const ids: Record<string, string> = {};
  const staff: Record<string, StaffIdentity> = {};

  async function makeStaff(db: Db, key: string, grants: Array<{ role: string; tenant: string | null }>) {
    const row = await db.staffUser.create({ data: { email: `${key}@msp.test`, name: key } });
    for (const g of grants) await db.staffGrant.create({ data: { staffId: row.id, role: g.role, tenantId: g.tenant ? ids[g.tenant]! : null } });
    staff[key] = { staffId: row.id, sessionId: `s-${key}`, email: staffDisplayEmail(row), name: row.name, oidcGroups: [] };
  }

  beforeEach(async () => {
    const db = getDb();
    next.db = db;
    next.staff = null;
    await resetDatabase(db);
    gatewayCalls = [];
    bodyCalls = 0;
    emu.clearRequests();
    resetThrottles();
    for (const [slug, name, extra] of [
      ["acme", "Acme", {}],
      ["globex", "Globex", {}],
      ["oldco", "Old Co", { archivedAt: new Date() }],
      ["ticketed", "Ticketed", { ticketRequired: true }],
    ] as const) {
      const t = await db.tenant.create({ data: { slug, name, orgUrl: `https://${slug}.okta.com`, ...extra } });
      ids[slug] = t.id;
    }
    await makeStaff(db, "hd", [
      { role: "helpdesk", tenant: "acme" },
      { role: "helpdesk", tenant: "ticketed" },
      { role: "helpdesk", tenant: "oldco" },
    ]);
    await makeStaff(db, "tech", [{ role: "technician", tenant: "acme" }]);
    await makeStaff(db, "ro", [{ role: "readonly_admin", tenant: null }]);
    await makeStaff(db, "billing", [{ role: "billing", tenant: null }]);
  });

  const args = (key: string | null, slug: string, rawInput: unknown): CoreArgs => ({
    db: getDb(),
    staff: key ? staff[key]! : null,
    slug,
    rawInput,
    meta,
    gatewayFor: gatewayFor(getDb()),
  });
  const audit = () => getDb().auditEvent.findMany({ orderBy: { seq: "asc" } });

  it("validation errors come back per field, before the session, without calling the body or auditing", async () => {
    const r = await readMe.run(args(null, "acme", { note: "far too long a note" }));
    expect(r).toMatchObject({ ok: false, code: "invalid", fieldErrors: { note: [expect.any(String)] } });
    const bad = await readMe.run(args("tech", "acme", { ticketId: "no spaces allowed" }));
    expect(bad).toMatchObject({ ok: false, code: "invalid", fieldErrors: { ticketId: [expect.stringContaining("letters, digits")] } });
    const long = await readMe.run(args("tech", "acme", { ticketId: "x".repeat(65) }));
    expect(long).toMatchObject({ ok: false, code: "invalid", fieldErrors: { ticketId: ["A ticket ID has at most 64 characters."] } });
    expect(bodyCalls).toBe(0);
    expect(gatewayCalls).toEqual([]);
    expect(await audit()).toEqual([]);
  });

  it("refuses without a session and audits the attempt", async () => {
    const r = await readMe.run(args(null, "acme", {}));
    expect(r).toEqual({ ok: false, code: "unauthenticated", error: "Your session has ended. Sign in again." });
    expect(await audit()).toMatchObject([{ action: "test.read_me", outcome: "denied", errorCode: "unauthenticated", staffId: null, tenantSlug: "acme" }]);
    expect(bodyCalls).toBe(0);
    expect(gatewayCalls).toEqual([]);
  });

  it("answers unknown, foreign and archived orgs identically, audits each, and makes no Okta call", async () => {
    const unknown = await readMe.run(args("hd", "nope", {}));
    const foreign = await readMe.run(args("hd", "globex", {}));
    const archived = await readMe.run(args("hd", "oldco", {}));
    expect(unknown).toEqual({ ok: false, code: "not_found", error: NOT_FOUND_MESSAGE });
    expect(foreign).toEqual(unknown);
    expect(archived).toEqual(unknown);
    const rows = await audit();
    expect(rows.map((r) => [r.outcome, r.errorCode, r.errorSummary, r.tenantSlug])).toEqual([
      ["denied", "not_found", "Unknown org", "nope"],
      ["denied", "not_found", "No grant in this org", "globex"],
      ["denied", "not_found", "Archived org", "oldco"],
    ]);
    expect(rows.every((r) => r.staffId === staff.hd!.staffId)).toBe(true);
    expect(bodyCalls).toBe(0);
    expect(gatewayCalls).toEqual([]);
    expect(emu.requests().count).toBe(0);
  });

  it("refuses a missing permission with a sentence, audited, without Okta", async () => {
    const r = await createUser.run(args("hd", "acme", {}));
    expect(r).toEqual({ ok: false, code: "forbidden", error: "Your role in Acme (Help Desk) does not allow creating users." });
    expect(await audit()).toMatchObject([
      { action: "test.create_user", outcome: "denied", errorCode: "forbidden", role: "Help Desk", tenantId: ids.acme, staffEmail: "hd@msp.test" },
    ]);
    expect(bodyCalls).toBe(0);
    expect(gatewayCalls).toEqual([]);
  });

  it("runs the body with the gateway of that org and audits success with the Okta request ids", async () => {
    const r = await readMe.run(args("tech", "acme", { note: "hi", password: "hunter2" }));
    expect(r.ok).toBe(true);
    expect(gatewayCalls).toEqual(["acme"]);
    const served = emu.requests("acme").requests.map((q) => q.requestId);
    expect(served.length).toBeGreaterThan(0);
    // Write-ahead: the attempt row first (before the gateway), then the outcome row linked to it.
    const [attempt, row] = await audit();
    expect(attempt).toMatchObject({ action: "test.read_me", outcome: "attempt", role: "Technician", tenantId: ids.acme, oktaRequestIds: "[]", attemptSeq: null });
    expect(JSON.parse(attempt!.input)).toEqual({ note: "hi", password: "[redacted]" });
    expect(row).toMatchObject({ action: "test.read_me", outcome: "success", role: "Technician", tenantId: ids.acme, tenantSlug: "acme", ip: meta.ip, userAgent: meta.userAgent });
    expect(row!.attemptSeq).toBe(attempt!.seq);
    expect(JSON.parse(row!.oktaRequestIds)).toEqual(served);
    expect(row!.targetType).toBe("user");
    expect(row!.targetId).toBe((r as { data: { id: string } }).data.id);
    expect(JSON.parse(row!.input)).toEqual({ note: "hi", password: "[redacted]" });
  });

  it("within one request, the page's read actions share one read of the org row and the gateway takes the gate's row", async () => {
    const db = getDb();
    const lookups: string[] = [];
    const requestRow = new Map<string, ReturnType<Db["tenant"]["findUnique"]>>();
    // Like tenantBySlug (React cache): one read per slug for the whole request.
    const tenantBySlug = (slug: string) => {
      lookups.push(slug);
      if (!requestRow.has(slug)) requestRow.set(slug, db.tenant.findUnique({ where: { slug } }));
      return requestRow.get(slug)!;
    };
    const rows: Array<{ id: string; slug?: string } | undefined> = [];
    const recording: GatewayFactory = async (tenant, database, row) => {
      rows.push(row);
      return gatewayFor(database)(tenant, database);
    };
    const [a, b] = await Promise.all([
      readMe.run({ ...args("tech", "acme", {}), tenantBySlug, gatewayFor: recording }),
      readMe.run({ ...args("tech", "acme", {}), tenantBySlug, gatewayFor: recording }),
    ]);
    expect(a).toMatchObject({ ok: true, data: { tenant: "acme" } });
    expect(b).toMatchObject({ ok: true, data: { tenant: "acme" } });
    expect(lookups).toEqual(["acme", "acme"]);
    expect(requestRow.size).toBe(1);
    expect(rows.map((r) => [r?.id, r?.slug])).toEqual([
      [ids.acme, "acme"],
      [ids.acme, "acme"],
    ]);
    // The shared row is still checked on each call: archived and not-granted orgs stay refused.
    const archived = await readMe.run({ ...args("hd", "oldco", {}), tenantBySlug, gatewayFor: recording });
    const foreign = await readMe.run({ ...args("hd", "globex", {}), tenantBySlug, gatewayFor: recording });
    expect(archived).toEqual({ ok: false, code: "not_found", error: NOT_FOUND_MESSAGE });
    expect(foreign).toEqual(archived);
    expect(rows).toHaveLength(2);
  });

  it("reports Okta failures as sentences and audits them with Okta's error code and request ids", async () => {
    const r = await getUser.run(args("tech", "acme", { userId: "00unotthere0000000" }));
    expect(r).toMatchObject({ ok: false, code: "okta" });
    expect((r as { error: string }).error).toMatch(/^Okta could not find/);
    // The failure outcome is linked to its attempt row.
    const [attempt, row] = await audit();
    expect(attempt).toMatchObject({ outcome: "attempt", targetId: "00unotthere0000000" });
    expect(row).toMatchObject({ outcome: "failure", errorCode: "E0000007", errorSummary: "Not found in Okta", targetId: "00unotthere0000000", attemptSeq: attempt!.seq });
    expect(JSON.parse(row!.oktaRequestIds)).toEqual(emu.requests("acme").requests.map((q) => q.requestId));
    expect(JSON.parse(row!.oktaRequestIds)).toHaveLength(1);
  });

  it("requires a ticket ID where the org says so, before any Okta call", async () => {
    const missing = await readMe.run(args("hd", "ticketed", { ticketId: "  " }));
    expect(missing).toMatchObject({ ok: false, code: "invalid", fieldErrors: { ticketId: [expect.stringContaining("requires a ticket ID")] } });
    expect(gatewayCalls).toEqual([]);
    expect(bodyCalls).toBe(0);
    const ok = await readMe.run(args("hd", "ticketed", { ticketId: " INC-1234#5 " }));
    expect(ok).toMatchObject({ ok: true, data: { ticket: "INC-1234#5", tenant: "ticketed" } });
    const rows = await audit();
    expect(rows.map((r) => [r.outcome, r.ticketId])).toEqual([
      ["attempt", "INC-1234#5"],
      ["success", "INC-1234#5"],
    ]);
    // An optional ticket elsewhere is recorded too
    await readMe.run(args("tech", "acme", { ticketId: "CHG_77" }));
    expect((await audit())[3]?.ticketId).toBe("CHG_77");
  });

  it("refuses Help Desk on privileged targets (audited as denied) and lets a Technician act", async () => {
    const refused = await unlock.run(args("hd", "acme", { userId: "00u1", privileged: true }));
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    expect((refused as { error: string }).error).toContain("Ada Admin holds an Okta admin role or is a service account");
    expect(await unlock.run(args("hd", "acme", { userId: "00u2", privileged: false }))).toEqual({ ok: true, data: "unlocked" });
    expect(await unlock.run(args("tech", "acme", { userId: "00u1", privileged: true }))).toEqual({ ok: true, data: "unlocked" });
    const rows = await audit();
    expect(rows.map((r) => [r.outcome, r.errorCode, r.role, r.attemptSeq])).toEqual([
      ["attempt", null, "Help Desk", null],
      ["denied", "privileged_target", "Help Desk", rows[0]!.seq],
      ["attempt", null, "Help Desk", null],
      ["success", null, "Help Desk", rows[2]!.seq],
      ["attempt", null, "Technician", null],
      ["success", null, "Technician", rows[4]!.seq],
    ]);
    expect(gatewayCalls).toEqual([]); // okta: false builds no gateway
  });

  it("turns unexpected errors into a generic message with a reference, and expected ones into their sentence", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const r = await boom.run(args("tech", "acme", {}));
    spy.mockRestore();
    expect(r).toMatchObject({ ok: false, code: "internal" });
    const error = (r as { error: string }).error;
    expect(error).toMatch(/^Something went wrong; the error was logged with reference [0-9a-f]{10}\.$/);
    expect(error).not.toContain("secret internals");
    const [, row] = await audit();
    expect(row).toMatchObject({ outcome: "failure", errorCode: "internal" });
    expect(row!.errorSummary).toContain(error.match(/reference ([0-9a-f]+)/)![1]!);
    expect(await expected.run(args("tech", "acme", {}))).toEqual({ ok: false, code: "invalid", error: "This user is already active." });
  });

  it("console actions: console roles only, sentences, audit", async () => {
    const db = getDb();
    expect(await settingsRead.run({ db, staff: staff.ro!, rawInput: {}, meta })).toEqual({ ok: true, data: ["readonly_admin"] });
    expect(await settingsManage.run({ db, staff: staff.ro!, rawInput: { name: "Acme" }, meta })).toEqual({
      ok: false,
      code: "forbidden",
      error: "Your role (Read-only Administrator) does not allow adding, editing, archiving orgs and rotating credentials.",
    });
    expect(await settingsRead.run({ db, staff: staff.tech!, rawInput: {}, meta })).toEqual({
      ok: false,
      code: "forbidden",
      error: "Your access does not allow seeing customer org settings.",
    });
    expect(await settingsRead.run({ db, staff: null, rawInput: {}, meta })).toMatchObject({ code: "unauthenticated" });
    expect(await settingsManage.run({ db, staff: staff.ro!, rawInput: { name: "A" }, meta })).toMatchObject({
      code: "invalid",
      fieldErrors: { name: ["Name is too short."] },
    });
    const rows = await audit();
    expect(rows.map((r) => [r.action, r.outcome, r.errorCode])).toEqual([
      ["test.settings_read", "attempt", null],
      ["test.settings_read", "success", null],
      ["test.settings_manage", "denied", "forbidden"],
      ["test.settings_read", "denied", "forbidden"],
      ["test.settings_read", "denied", "unauthenticated"],
    ]);
    expect(bodyCalls).toBe(1);
  });

  it("Next-facing server actions take the session and headers from the request (also as useActionState forms)", async () => {
    next.staff = staff.tech;
    const form = new FormData();
    form.set("ticketId", "INC-9");
    form.set("note", "from form");
    form.append("tags", "a");
    form.append("tags", "b");
    const r = (await formEcho("acme", { ok: false }, form)) as ActionResult<{ ticket: string }>;
    expect(r).toEqual({ ok: true, data: { ticket: "INC-9", note: "from form", tags: ["a", "b"] } });
    next.staff = null;
    expect(await formEcho("acme", { note: "x", tags: [] })).toMatchObject({ code: "unauthenticated" });
    // The real gateway (no credential stored for this org) fails as a sentence, not a stack trace.
    next.staff = staff.tech;
    expect(await readMe("acme", {})).toEqual({ ok: false, code: "okta", error: "This org has no credential yet." });
    const rows = await audit();
    expect(rows[0]).toMatchObject({ ip: "203.0.113.9", userAgent: "vitest-form", ticketId: "INC-9" });
  });

  it("route handlers answer JSON with 400/401/403/404/200 and take the org from the route param only", async () => {
    const post = (slug: string, body: string) =>
      userRoute(
        new Request(`http://localhost:3000/api/t/${slug}/users`, {
          method: "POST",
          body,
          // The console's own page (NEXTAUTH_URL's origin) sending JSON: see the cross-origin test below.
          headers: { "x-forwarded-for": "192.0.2.1, 10.0.0.1", origin: "http://localhost:3000", "content-type": "application/json" },
        }),
        { params: Promise.resolve({ tenant: slug }) },
      );
    next.staff = null;
    expect((await post("acme", JSON.stringify({ login: "a@b.co" }))).status).toBe(401);
    next.staff = staff.tech;
    expect((await post("acme", "{not json")).status).toBe(400);
    expect((await post("acme", JSON.stringify({ login: "nope" }))).status).toBe(400);
    expect((await post("globex", JSON.stringify({ login: "a@b.co" }))).status).toBe(404);
    expect((await post("oldco", JSON.stringify({ login: "a@b.co" }))).status).toBe(404);
    // A tenant id or slug in the body changes nothing: the org is the route's.
    const ok = await post("acme", JSON.stringify({ login: "a@b.co", tenantId: ids.globex, tenant: "globex" }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, data: { login: "a@b.co", org: "acme" } });
    next.staff = staff.hd;
    const denied = await post("acme", JSON.stringify({ login: "a@b.co" }));
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ ok: false, code: "forbidden", error: "Your role in Acme (Help Desk) does not allow creating users." });
    next.staff = staff.billing;
    const get = await countsRoute(new Request("http://console.test/api/counts?q=x"), { params: Promise.resolve({}) });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ ok: true, data: { q: "x" } });
    const rows = await audit();
    // No trusted proxy configured: the right-most X-Forwarded-For entry (lib/request/client-ip.ts).
    expect(rows.find((r) => r.outcome === "success")?.ip).toBe("10.0.0.1");
  });

  it("route handlers refuse state-changing requests from other origins (403) or without JSON (415) before anything runs", async () => {
    next.staff = staff.tech;
    const send = (method: string, headers: Record<string, string>) =>
      userRoute(new Request("http://localhost:3000/api/t/acme/users", { method, body: JSON.stringify({ login: "a@b.co" }), headers }), {
        params: Promise.resolve({ tenant: "acme" }),
      });
    const json = { "content-type": "application/json" };
    const before = (await audit()).length;
    for (const headers of [json, { ...json, origin: "https://evil.example" }, { ...json, origin: "http://localhost:3000", "sec-fetch-site": "cross-site" }]) {
      const res = await send("POST", headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.json()).toMatchObject({ ok: false, code: "forbidden" });
    }
    // An HTML form (or a no-CORS fetch) cannot declare JSON.
    for (const type of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"]) {
      expect((await send("PUT", { origin: "http://localhost:3000", "content-type": type })).status, type).toBe(415);
    }
    // Refused before the session, the org, the body or the audit log were touched.
    expect(await audit()).toHaveLength(before);
    expect((await send("POST", { ...json, origin: "http://localhost:3000", "sec-fetch-site": "same-origin" })).status).toBe(200);
    // Reads are not state-changing: a GET from anywhere goes on to the usual checks.
    next.staff = staff.billing;
    expect((await countsRoute(new Request("http://localhost:3000/api/counts", { headers: { origin: "https://evil.example" } }), { params: Promise.resolve({}) })).status).toBe(200);
  });

  it("leaves a valid audit chain behind", async () => {
    await readMe.run(args("tech", "acme", {}));
    await createUser.run(args("hd", "acme", {}));
    await readMe.run(args("hd", "globex", {}));
    expect(await verifyAuditChain(getDb())).toMatchObject({ ok: true, rows: 4 });
  });
});
