// The Log Viewer (lib/logs/actions.ts) through the one wrapper against the real emulator: a
// technician's unlock through the real unlock action shows up as user.account.unlock with the
// technician and Ticket ID (from the User-Agent and from the audit row); cursor paging; the live tail
// picks up an event written after it started; refused queries make no Okta request; the CSV export's
// content, its cap, and its audit rows.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import { actorFromUser } from "../../emulator/events";
import type { OrgState, UserRecord } from "../../emulator/model";
import { oktaReads, staffDenials } from "@/lib/actions/audit-throttle";
import type { ActionResult } from "@/lib/actions";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { EXPORT_ROW_CAP, logsExportRoute, logsPage, logsTailRoute, type LogsPageData, type TailData, type ExportStream } from "@/lib/logs/actions";
import { CSV_COLUMNS } from "@/lib/logs/csv";
import { oktaGatewayFor } from "@/lib/okta/gateway";
import { staffDisplayEmail } from "@/lib/staff/display";
import { tenantCreateSchema } from "@/lib/tenants/schemas";
import { createTenant } from "@/lib/tenants/service";
import { unlockUserAction } from "@/lib/users/actions";
import { describeDatabases } from "../helpers/test-db";

process.env.CREDENTIAL_KEYS ??= `lv:${randomBytes(32).toString("base64")}`;
process.env.NEXTAUTH_SECRET ??= "l".repeat(40);
process.env.OKTA_ISSUER ??= "https://msp.example.com/oauth2/default";
process.env.OKTA_CLIENT_ID ??= "console";
process.env.OKTA_CLIENT_SECRET ??= "secret";
process.env.ALLOW_LOCAL_ORG_URLS = "true";

const ACME = "lv-acme";
const BULK = "lv-bulk";
const BULK_EVENTS = EXPORT_ROW_CAP + 50;
const meta = { ip: "192.0.2.40", userAgent: "logs-viewer-test" };

let emu: RunningEmulator;
const tokens: Record<string, string> = {};
let bulkActor: UserRecord;

beforeAll(async () => {
  const now = Date.now();
  const acme = buildCustomerOrg({ slug: ACME, name: "LV Acme", kind: "test", domain: "acme.lv.example", users: 80, master: "OKTA", lean: true }, "lv", now);
  const bulk = buildCustomerOrg({ slug: BULK, name: "LV Bulk", kind: "test", domain: "bulk.lv.example", users: 10, master: "OKTA", lean: true }, "lvb", now);
  // More events in the last hours than the export's cap, with a formula-looking message.
  bulkActor = [...bulk.builder.org.users.values()][0]!;
  for (let k = 0; k < BULK_EVENTS; k++) {
    bulk.builder.event(now - 60_000 - k * 500, { eventType: "user.session.start", displayMessage: k === 0 ? "=cmd|' /C calc'!A0" : k % 100 === 0 ? `Login flagged-zz ${k}` : `Login ${k}`, actor: actorFromUser(bulkActor), ipAddress: "198.51.100.9", userAgent: "bulk" });
  }
  bulk.builder.flushEvents();
  // Enough history in Acme for several pages.
  const someone = [...acme.builder.org.users.values()][5]!;
  for (let k = 0; k < 130; k++) acme.builder.event(now - 3600_000 - k * 60_000, { eventType: "user.session.start", displayMessage: "User login to Okta", actor: actorFromUser(someone) });
  acme.builder.flushEvents();
  emu = await startEmulator({ port: 0, orgs: [acme.builder.org, bulk.builder.org] });
  tokens[ACME] = acme.apiToken;
  tokens[BULK] = bulk.apiToken;
});
afterAll(async () => emu?.stop());

const org = (slug: string): OrgState => emu.org(slug) as unknown as OrgState;
const used = new Set<string>();
function lockedPerson(): UserRecord {
  const o = org(ACME);
  const u = [...o.users.values()].find((x) => !used.has(x.id) && !x.serviceAccount && !(o.roles.get(x.id) ?? []).length && x.status === "ACTIVE" && !/service/i.test(String(x.profile.userType ?? "")));
  if (!u) throw new Error("no person left");
  used.add(u.id);
  u.status = "LOCKED_OUT";
  return u;
}

type Runnable<T> = { run(args: unknown): Promise<ActionResult<T>> };

describeDatabases("Log Viewer", (getDb) => {
  const staff = {} as Record<"technician" | "billing", StaffIdentity>;

  beforeAll(async () => {
    const db = getDb();
    const ids: Record<string, string> = {};
    for (const slug of [ACME, BULK]) {
      const input = tenantCreateSchema.parse({ name: slug, slug, orgUrl: emu.orgUrl(slug), mastery: "okta", credentialType: "ssws", apiToken: tokens[slug] });
      ids[slug] = (await createTenant(input, { db, keys: env().CREDENTIAL_KEYS, allowLocalOrgUrls: true })).id;
    }
    for (const role of ["technician", "billing"] as const) {
      const s = await db.staffUser.create({ data: { email: `lv-${role}-${randomBytes(3).toString("hex")}@msp.example`, name: `LV ${role}` } });
      await db.staffGrant.createMany({ data: [ACME, BULK].map((slug) => ({ staffId: s.id, role, tenantId: ids[slug]! })) });
      staff[role] = { staffId: s.id, sessionId: `lv-${role}`, email: staffDisplayEmail(s), name: s.name, oidcGroups: [] };
    }
  });

  beforeEach(() => {
    staffDenials.reset();
    oktaReads.reset();
    emu.clearFaults();
    emu.clearRequests();
  });

  function run<T>(action: Runnable<T>, rawInput: unknown, slug = ACME, who: keyof typeof staff = "technician"): Promise<ActionResult<T>> {
    return action.run({
      db: getDb(),
      staff: staff[who],
      meta,
      slug,
      rawInput,
      gatewayFor: (t: { id: string }, db: Db) => oktaGatewayFor(t, { db, keys: env().CREDENTIAL_KEYS }),
    });
  }
  const data = <T,>(r: ActionResult<T>): T => {
    if (!r.ok) throw new Error(`expected success, got ${r.code}: ${r.error} ${JSON.stringify(r.fieldErrors ?? {})}`);
    return r.data;
  };
  const logReads = (slug = ACME) => emu.requests(slug).requests.filter((r) => r.path.startsWith("/api/v1/logs"));

  it("a technician's unlock appears as user.account.unlock with the technician and Ticket ID, from the User-Agent and the audit row", async () => {
    const u = lockedPerson();
    const ticket = `INC-LV-${randomBytes(2).toString("hex")}`;
    expect(data(await run(unlockUserAction as never, { userId: u.id, ticketId: ticket }))).toEqual({ status: "ACTIVE" });
    const unlockRequest = emu.requests(ACME).requests.find((r) => r.method === "POST")!;
    emu.clearRequests();

    const page = data(await run<LogsPageData>(logsPage as never, { range: "15m", type: "unlock", target: u.id }));
    expect(logReads()).toHaveLength(1);
    const event = page.events.find((e) => e.eventType === "user.account.unlock" && e.targets.some((t) => t.id === u.id));
    expect(event).toBeDefined();
    expect(event!.transaction.id).toBe(unlockRequest.requestId);
    expect(event!.attribution).toEqual({ staff: staff.technician.email, ticketId: ticket });
    const row = await getDb().auditEvent.findFirst({ where: { action: "user.unlock", outcome: "success", ticketId: ticket } });
    expect(event!.audit).toMatchObject({ seq: row!.seq, staffEmail: staff.technician.email, ticketId: ticket, action: "user.unlock" });

    // By transaction id (the audit row's link into the viewer) and by the "done through this console" view.
    const byTx = data(await run<LogsPageData>(logsPage as never, { tx: unlockRequest.requestId }));
    expect(byTx.events.map((e) => e.eventType)).toEqual(["user.account.unlock"]);
    const viaConsole = data(await run<LogsPageData>(logsPage as never, { range: "15m", view: "console" }));
    expect(viaConsole.events.some((e) => e.uuid === event!.uuid)).toBe(true);
    expect(viaConsole.events.every((e) => e.attribution !== null)).toBe(true);
  });

  it("pages newest first with Okta's cursor, one request per page, bounded by until", async () => {
    const first = data(await run<LogsPageData>(logsPage as never, { range: "7d" }));
    expect(first.events).toHaveLength(50);
    expect(first.nextAfter).toBeTruthy();
    expect(logReads()).toHaveLength(1);
    const times = first.events.map((e) => e.published!);
    expect([...times].sort().reverse()).toEqual(times);

    emu.clearRequests();
    const second = data(await run<LogsPageData>(logsPage as never, { range: "7d", after: first.nextAfter }));
    expect(logReads()).toHaveLength(1);
    expect(second.events.length).toBeGreaterThan(0);
    expect(second.events[0]!.published! <= times[times.length - 1]!).toBe(true);
    const firstIds = new Set(first.events.map((e) => e.uuid));
    expect(second.events.some((e) => firstIds.has(e.uuid))).toBe(false);
  });

  it("the live tail picks up an event written after it started, following Okta's next link", async () => {
    const from = new Date().toISOString();
    const start = data(await run<TailData>(logsTailRoute as never, { from }));
    expect(start.slowedDown).toBe(false);
    expect(logReads()).toHaveLength(1);

    const u = lockedPerson();
    const ticket = "INC-TAIL";
    data(await run(unlockUserAction as never, { userId: u.id, ticketId: ticket }));
    const next = data(await run<TailData>(logsTailRoute as never, { from, after: start.after ?? undefined }));
    const event = next.events.find((e) => e.eventType === "user.account.unlock" && e.targets.some((t) => t.id === u.id));
    expect(event?.attribution).toEqual({ staff: staff.technician.email, ticketId: ticket });
    expect(event?.audit?.ticketId).toBe(ticket);
    // The next poll continues after it: nothing seen twice.
    const again = data(await run<TailData>(logsTailRoute as never, { from, after: next.after ?? undefined }));
    expect(again.events.some((e) => e.uuid === event!.uuid)).toBe(false);
  });

  it("Okta's 429 slows the tail down instead of failing it", async () => {
    emu.addFault({ org: ACME, pathPattern: "^/api/v1/logs", count: 10, status: 429 });
    const r = data(await run<TailData>(logsTailRoute as never, { from: new Date().toISOString(), after: "abc" }));
    expect(r).toMatchObject({ events: [], slowedDown: true, after: "abc" });
    expect(r.retryAfterSeconds).toBeGreaterThan(0);
  }, 30_000);

  it("refused queries make no Okta request and say why", async () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ q: "a b c d e f g h i j k" }, "q", /at most 10 words/],
      [{ q: "x".repeat(41) }, "q", /at most 40 characters/],
      [{ range: "custom", since: "2026-01-02T00:00:00Z", until: "2026-01-01T00:00:00Z" }, "until", /before the start/],
      [{ range: "custom", since: new Date(Date.now() + 3600_000).toISOString() }, "since", /in the future/],
      [{ range: "custom", since: "2025-01-01T00:00:00Z", until: "2025-12-01T00:00:00Z" }, "since", /180 days/],
      [{ ip: "999.1.1.1" }, "ip", /not an IP address/],
      [{ type: "not a type" }, "type", /event type/],
      [{ outcome: "MAYBE" }, "outcome", /outcome/],
    ];
    for (const [input, field, sentence] of cases) {
      const r = await run(logsPage as never, input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe("invalid");
        expect(r.fieldErrors?.[field]?.[0]).toMatch(sentence);
      }
      expect(await run(logsExportRoute as never, input)).toMatchObject({ ok: false, code: "invalid" });
      expect(await run(logsTailRoute as never, { ...input, from: new Date().toISOString() })).toMatchObject({ ok: false, code: "invalid" });
    }
    expect(emu.requests(ACME).count).toBe(0);
  });

  it("Billing may not read the System Log (no Okta call)", async () => {
    expect(await run(logsPage as never, {}, ACME, "billing")).toMatchObject({ ok: false, code: "forbidden" });
    expect(await run(logsExportRoute as never, {}, ACME, "billing")).toMatchObject({ ok: false, code: "forbidden" });
    expect(emu.requests(ACME).count).toBe(0);
  });

  async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
    // Keep the byte-order mark (Response.text() would drop it).
    return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
  }

  it("exports the query as CSV: every matching event, formula-safe, audited as an export", async () => {
    const r = data(await run<ExportStream>(logsExportRoute as never, { range: "24h", actor: bulkActor.id, q: "flagged-zz" }, BULK));
    expect(r.filename).toMatch(/^system-log-lv-bulk-\d{8}-\d{6}\.csv$/);
    const text = await readAll(r.body);
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(`\uFEFF${CSV_COLUMNS.map((c) => `"${c}"`).join(",")}`);
    const expected = org(BULK).logs.filter((e) => e.displayMessage.includes("flagged-zz"));
    expect(expected.length).toBe(Math.floor((BULK_EVENTS - 1) / 100));
    expect(lines.length - 1).toBe(expected.length);
    const tenant = await getDb().tenant.findUnique({ where: { slug: BULK } });
    const rows = await getDb().auditEvent.findMany({ where: { action: "logs.export", tenantId: tenant!.id }, orderBy: { seq: "asc" } });
    const last = rows.slice(-2);
    expect(last.map((x) => x.outcome)).toEqual(["attempt", "success"]);
    expect(last[1]!.attemptSeq).toBe(last[0]!.seq);
    expect(JSON.parse(last[1]!.input)).toMatchObject({ rows: expected.length, capped: false });
  });

  it("stops at the row cap, paging with the cursor, and neutralises formulas", async () => {
    const r = data(await run<ExportStream>(logsExportRoute as never, { range: "24h" }, BULK));
    const text = await readAll(r.body);
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines.length - 1).toBe(EXPORT_ROW_CAP);
    expect(text).toContain(`"'=cmd|' /C calc'!A0"`);
    const reads = logReads(BULK);
    expect(reads.length).toBe(EXPORT_ROW_CAP / 1000);
    const tenant = await getDb().tenant.findUnique({ where: { slug: BULK } });
    const outcome = await getDb().auditEvent.findFirst({ where: { action: "logs.export", tenantId: tenant!.id, outcome: "success" }, orderBy: { seq: "desc" } });
    expect(JSON.parse(outcome!.input)).toMatchObject({ rows: EXPORT_ROW_CAP, capped: true });
  }, 60_000);
});
