// One org's audit log and the timeline join, through the wrapper, against the local Okta emulator and
// the database (SQLite, and PostgreSQL with TEST_DATABASE_URL):
//  - a technician's unlock with a Ticket ID through the REAL action: the audit row's Okta request id is
//    the transaction.id of the user.account.unlock event Okta recorded, and the join links them both
//    ways (row -> its events, event -> its row, with the technician and the ticket);
//  - the org audit view shows that org's rows only (another org's are refused or never returned),
//    Billing is refused, filters (exact ticket, staff, action, outcome, target, one entry) work;
//  - the CSV export streams the matching rows, is itself audited, and refuses Billing.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import type { OrgState, UserRecord } from "../../emulator/model";
import { oktaReads, staffDenials } from "@/lib/actions/audit-throttle";
import type { ActionResult, CoreArgs } from "@/lib/actions";
import { appendAudit } from "@/lib/audit";
import { auditExportResponse, auditExportRoute, tenantAuditView, type AuditExport, type TenantAuditPage } from "@/lib/audit-view/tenant";
import type { StaffIdentity } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { invalidateOktaGateway, oktaGatewayFor } from "@/lib/okta/gateway";
import type { Role } from "@/lib/rbac/permissions";
import { staffDisplayEmail } from "@/lib/staff/display";
import { tenantCreateSchema } from "@/lib/tenants/schemas";
import { createTenant } from "@/lib/tenants/service";
import { attributeEvent, eventsByAuditRow, indexByRequestId, joinTimeline } from "@/lib/timeline/join";
import { userTimelineView, type UserTimelineData } from "@/lib/timeline/user-timeline";
import { unlockUserAction } from "@/lib/users/actions";
import { describeDatabases } from "../helpers/test-db";

process.env.CREDENTIAL_KEYS ??= `a1:${randomBytes(32).toString("base64")}`;
process.env.NEXTAUTH_SECRET ??= "a".repeat(40);
process.env.OKTA_ISSUER ??= "https://msp.example.com/oauth2/default";
process.env.OKTA_CLIENT_ID ??= "console";
process.env.OKTA_CLIENT_SECRET ??= "secret";
process.env.ALLOW_LOCAL_ORG_URLS = "true";

const A = "at-acme";
const B = "at-globex";
const meta = { ip: "192.0.2.44", userAgent: "audit-tenant-test" };

let emu: RunningEmulator;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  const now = Date.now();
  const built = [A, B].map((slug) =>
    buildCustomerOrg({ slug, name: slug, kind: "test", domain: `${slug}.example`, users: 40, master: "OKTA", lean: true }, "at", now),
  );
  emu = await startEmulator({ port: 0, orgs: built.map((b) => b.builder.org) });
  built.forEach((b, i) => (tokens[[A, B][i]!] = b.apiToken));
});
afterAll(async () => emu?.stop());

const used = new Set<string>();
/** A plain person of org A nobody used yet (the emulator serves both database suites), now locked out. */
function lockedPerson(): UserRecord {
  const o = emu.org(A) as unknown as OrgState;
  const u = [...o.users.values()].find(
    (x) => !used.has(x.id) && x.status === "ACTIVE" && !(o.roles.get(x.id) ?? []).length && !x.serviceAccount && !/service/i.test(String(x.profile.userType ?? "")) && !x.profile.login.startsWith("msp-"),
  );
  if (!u) throw new Error("no unused person left");
  used.add(u.id);
  u.status = "LOCKED_OUT";
  return u;
}

describeDatabases("org audit log and timeline", (getDb) => {
  const staff = {} as Record<"technician" | "helpdesk" | "billing" | "other", StaffIdentity>;
  const tenantIds: Record<string, string> = {};

  beforeAll(async () => {
    const db = getDb();
    for (const slug of [A, B]) {
      const input = tenantCreateSchema.parse({ name: slug, slug, orgUrl: emu.orgUrl(slug), mastery: "okta", credentialType: "ssws", apiToken: tokens[slug] });
      tenantIds[slug] = (await createTenant(input, { db, keys: env().CREDENTIAL_KEYS, allowLocalOrgUrls: true })).id;
    }
    // technician, helpdesk and billing work in org A only; "other" is a technician of org B only.
    const grants: Record<keyof typeof staff, { role: Role; slug: string }> = {
      technician: { role: "technician", slug: A },
      helpdesk: { role: "helpdesk", slug: A },
      billing: { role: "billing", slug: A },
      other: { role: "technician", slug: B },
    };
    for (const [key, g] of Object.entries(grants) as Array<[keyof typeof staff, { role: Role; slug: string }]>) {
      const s = await db.staffUser.create({ data: { email: `${key}-${randomBytes(3).toString("hex")}@msp.example`, name: `The ${key}` } });
      await db.staffGrant.create({ data: { staffId: s.id, role: g.role, tenantId: tenantIds[g.slug]! } });
      staff[key] = { staffId: s.id, sessionId: `at-${key}`, email: staffDisplayEmail(s), name: s.name, oidcGroups: [] };
    }
  });

  beforeEach(() => {
    staffDenials.reset();
    oktaReads.reset();
  });

  const args = (who: keyof typeof staff, rawInput: unknown, slug = A): CoreArgs => ({
    db: getDb(),
    staff: staff[who],
    meta,
    slug,
    rawInput,
    // A fresh client per call: a pooled keep-alive socket left idle by a long database-only test can
    // meet the emulator's own 5 s keep-alive timeout and be reset, which is not what this file tests.
    gatewayFor: (t, db) => {
      invalidateOktaGateway(t.id);
      return oktaGatewayFor(t, { db, keys: env().CREDENTIAL_KEYS });
    },
  });
  const ok = <T>(r: ActionResult<T>): T => {
    if (!r.ok) throw new Error(`expected success, got ${r.code}: ${r.error}`);
    return r.data;
  };
  const view = async (who: keyof typeof staff, params: Record<string, unknown>, slug = A) => ok((await tenantAuditView.run(args(who, params, slug))) as ActionResult<TenantAuditPage>);

  /** The technician unlocks a fresh locked-out user of A with a unique ticket (the real action). */
  async function unlockWithTicket() {
    const user = lockedPerson();
    const ticket = `INC-${randomBytes(4).toString("hex")}`;
    expect(ok(await unlockUserAction.run(args("technician", { userId: user.id, ticketId: ticket })))).toEqual({ status: "ACTIVE" });
    return { user, ticket };
  }

  it("joins a technician's unlock with its Okta event both ways, by request id", async () => {
    const { user, ticket } = await unlockWithTicket();
    // The console half: the user's timeline rows (this org's audit, target = the user).
    const timeline = ok((await userTimelineView.run(args("technician", { userId: user.id }))) as ActionResult<UserTimelineData>);
    const rows = timeline.audit;
    const row = rows.find((r) => r.action === "user.unlock")!;
    expect(row).toMatchObject({ outcome: "success", ticketId: ticket, staffEmail: staff.technician.email, targetId: user.id });
    // The Okta half, read by the same action: what Okta's System Log says about the user.
    expect(timeline.events.ok, "the timeline read the user's System Log events").toBe(true);
    const events = timeline.events.ok ? timeline.events.data : [];
    const unlock = events.find((e) => e.eventType === "user.account.unlock")!;
    expect(unlock, "Okta recorded the unlock").toBeDefined();
    // The audit row's request id IS the event's transaction id.
    expect(row.oktaRequestIds).toContain(unlock.transactionId);
    // Row -> events, and the link into the Log Viewer for that transaction.
    expect(eventsByAuditRow(rows, events).get(row.seq)?.map((e) => e.uuid)).toEqual([unlock.uuid]);
    expect(row.oktaEventLinks?.map((l) => new URL(l.href, "http://x").searchParams.get("tx"))).toContain(unlock.transactionId);
    // And the one link that finds whatever the action caused: the Log Viewer on the user around then.
    expect(new URL(row.oktaEventsAroundHref!, "http://x").searchParams.get("target")).toBe(user.id);
    // Event -> row: the technician and the ticket, proven by the audit row.
    expect(attributeEvent(unlock, indexByRequestId(rows))).toEqual({ via: "request_id", staff: staff.technician.email, ticketId: ticket, auditSeq: row.seq });
    // Without the audit row the User-Agent extension still names them (events Okta emits later).
    expect(attributeEvent(unlock, new Map())).toEqual({ via: "user_agent", staff: staff.technician.email, ticketId: ticket });
    // On the merged timeline the event sits under its console row and nowhere else.
    const items = joinTimeline(rows, events);
    const consoleItem = items.find((i) => i.kind === "console" && i.row.seq === row.seq);
    expect(consoleItem?.kind === "console" && consoleItem.events.map((e) => e.uuid)).toEqual([unlock.uuid]);
    expect(items.some((i) => i.kind === "okta" && i.event.uuid === unlock.uuid)).toBe(false);
  });

  it("shows an org's rows only to whoever holds audit.read there; Billing and other orgs are refused", async () => {
    const { ticket } = await unlockWithTicket();
    // The same ticket used in org B (written directly: nobody in this test acts in both orgs).
    await appendAudit(getDb(), { action: "user.unlock", tenantId: tenantIds[B], tenantSlug: B, staffId: staff.other.staffId, staffEmail: staff.other.email, outcome: "success", ticketId: ticket, target: { type: "user", id: "00uOTHERORG" } });

    const mine = await view("technician", { ticket });
    expect(mine.rows.map((r) => r.tenantSlug)).toEqual([A]);
    expect((await view("helpdesk", { ticket })).rows).toHaveLength(1);
    // B's own technician sees B's row, never A's.
    expect((await view("other", { ticket }, B)).rows.map((r) => r.targetId)).toEqual(["00uOTHERORG"]);

    // Org B for A's technician: exactly like an org that does not exist (and audited as denied).
    const cross = await tenantAuditView.run(args("technician", { ticket }, B));
    expect(cross).toMatchObject({ ok: false, code: "not_found" });
    // Billing in its own org: refused with a sentence, audited as denied.
    const billing = await tenantAuditView.run(args("billing", {}));
    expect(billing).toMatchObject({ ok: false, code: "forbidden" });
    const denial = await getDb().auditEvent.findFirst({ where: { action: "audit.tenant.read", outcome: "denied", staffId: staff.billing.staffId } });
    expect(denial?.errorSummary).toBe("Missing permission audit.read");
    // A tenant id in the input is not a way in: the org is the URL slug's.
    expect((await view("technician", { ticket, tenantId: tenantIds[B], org: B })).rows.map((r) => r.tenantSlug)).toEqual([A]);
  });

  it("filters by exact ticket, staff, action, outcome, target and one entry", async () => {
    const { user, ticket } = await unlockWithTicket();
    const [row] = (await view("technician", { ticket })).rows;
    expect(row).toBeDefined();
    // Exact: a prefix or another case is not the ticket.
    expect((await view("technician", { ticket: ticket.slice(0, -1) })).rows).toEqual([]);
    expect((await view("technician", { ticket: ticket.toLowerCase() })).rows).toEqual([]);
    expect((await view("technician", { ticket, staff: staff.technician.staffId, action: "user.unlock", outcome: "success" })).rows.map((r) => r.seq)).toEqual([row!.seq]);
    expect((await view("technician", { ticket, staff: staff.helpdesk.staffId })).rows).toEqual([]);
    expect((await view("technician", { ticket, outcome: "failure" })).rows).toEqual([]);
    expect((await view("technician", { ticket, action: "user.suspend" })).rows).toEqual([]);
    // Target by Okta id and by login.
    expect((await view("technician", { target: user.id, range: "1h" })).rows.map((r) => r.seq)).toContain(row!.seq);
    expect((await view("technician", { target: user.profile.login, range: "1h" })).rows.map((r) => r.seq)).toContain(row!.seq);
    // One entry, by its own seq or its attempt's (the Log Viewer links with either), opened.
    const bySeq = await view("technician", { seq: row!.seq });
    expect(bySeq.rows.map((r) => r.seq)).toEqual([row!.seq]);
    expect(bySeq.openSeq).toBe(row!.seq);
    const byAttempt = await view("technician", { seq: row!.attemptSeq });
    expect(byAttempt.rows.map((r) => r.seq)).toEqual([row!.seq]);
    // Filter choices come from this org's log.
    const page = await view("technician", {});
    expect(page.staff.map((s) => s.id)).toContain(staff.technician.staffId);
    expect(page.staff.map((s) => s.id)).not.toContain(staff.other.staffId);
    expect(page.actions).toContain("user.unlock");
    // A custom range that ends before it starts reads nothing and says why.
    const bad = await view("technician", { range: "custom", since: "2026-11-02T00:00", until: "2026-11-01T00:00" });
    expect(bad.rows).toEqual([]);
    expect(bad.rangeError).toMatch(/after its start/);
  });

  it("pages on seq, newest first, without gaps or repeats", async () => {
    const db = getDb();
    const ticket = `PG-${randomBytes(3).toString("hex")}`;
    for (let i = 0; i < 53; i++) await appendAudit(db, { action: "test.page", tenantId: tenantIds[A], tenantSlug: A, staffId: staff.technician.staffId, staffEmail: staff.technician.email, outcome: "success", ticketId: ticket });
    const first = await view("technician", { ticket });
    expect(first.rows).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    const second = await view("technician", { ticket, cursor: first.nextCursor });
    expect(second.rows).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
    const seqs = [...first.rows, ...second.rows].map((r) => r.seq);
    expect(new Set(seqs).size).toBe(53);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });

  it("exports the matching rows as streamed CSV, records the export, and refuses Billing", async () => {
    const { ticket } = await unlockWithTicket();
    await appendAudit(getDb(), { action: "test.formula", tenantId: tenantIds[A], tenantSlug: A, staffId: staff.technician.staffId, staffEmail: staff.technician.email, outcome: "failure", errorSummary: "=HYPERLINK(\"http://evil\")", ticketId: ticket });
    const result = (await auditExportRoute.run(args("technician", { ticket, range: "all" }))) as ActionResult<AuditExport>;
    const res = auditExportResponse(result);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-at-acme-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get("x-export-row-cap")).toBe("10000");
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A UTF-8 byte-order mark first, so spreadsheet programs read accents right.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
    expect(lines[0]!.startsWith('"entry","time (UTC)"')).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"test.formula"');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[2]).toContain('"user.unlock"');
    expect(lines[2]).toContain(`"${ticket}"`);
    // The export is in the audit log: attempt and outcome, with its filters and the cap.
    const recorded = await getDb().auditEvent.findMany({ where: { action: "audit.export", staffId: staff.technician.staffId }, orderBy: { seq: "desc" }, take: 2 });
    expect(recorded.map((r) => r.outcome).sort()).toEqual(["attempt", "success"]);
    expect(JSON.parse(recorded[0]!.input)).toMatchObject({ ticket, range: "all", format: "csv", rowCap: 10000 });

    const refused = auditExportResponse((await auditExportRoute.run(args("billing", { ticket }))) as ActionResult<AuditExport>);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/^The audit log was not exported: /);
    const cross = auditExportResponse((await auditExportRoute.run(args("technician", {}, B))) as ActionResult<AuditExport>);
    expect(cross.status).toBe(404);
  });
});
