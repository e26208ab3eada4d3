import "server-only";
// One org's audit log for whoever holds `audit.read` there (/t/<slug>/audit), through the wrapper:
//
//   tenantAuditView(slug, params)   readOnly, no Okta call: one page of this org's events (keyset on seq,
//                                   newest first) with the filter choices; the org comes from the URL
//                                   slug the wrapper resolved, never from the input, so another org's
//                                   rows cannot be asked for
//   auditExportGet                  GET /api/t/<slug>/audit/export?<same filters>: the matching events
//                                   as CSV, streamed page by page, at most EXPORT_ROW_CAP rows; not
//                                   readOnly, so every export is recorded (attempt + outcome rows with
//                                   the filters, and a Ticket ID where the org requires one)
//
// The reading itself is lib/audit/query.ts (queryAuditEvents: an attempt and its outcome are one event),
// shared with the console-wide /audit page.
import { ActionError, HTTP_STATUS, tenantAction, tenantRoute, type ActionResult, type TenantActionContext } from "@/lib/actions";
import { queryAuditEvents, type AuditEventFilters, type AuditEventRecord } from "@/lib/audit/query";
import type { Db } from "@/lib/db/client";
import { logViewerHref } from "@/lib/logs/href";
import { isCrossSiteRequest } from "@/lib/request/origin";
import { AUDIT_CSV_HEADER, auditCsvRow, CSV_BOM, csvLine } from "./csv";
import { auditRowView, type AuditRowView } from "./rows";
import { effectiveRange, resolveAuditRange, tenantAuditFilterSchema, type AuditRange, type TenantAuditParams } from "./tenant-filters";

export const TENANT_AUDIT_PAGE_SIZE = 50;
/** The most rows one CSV export holds (stated on the page); narrow the filters for the rest. */
export const EXPORT_ROW_CAP = 10_000;

const FILTER_FIELDS = ["range", "since", "until", "staff", "action", "outcome", "target", "ticket", "seq", "cursor"] as const;

/** The query filters of `params` inside org `tenantId` (null: a custom range that cannot be used). */
function eventFilters(tenantId: string, params: TenantAuditParams, now: Date): { filters: Omit<AuditEventFilters, "limit">; error?: string } {
  const range = resolveAuditRange(params, now);
  return {
    error: range.error,
    filters: {
      tenantId,
      ...(range.from ? { from: range.from } : {}),
      ...(range.to ? { to: range.to } : {}),
      ...(params.staff ? { staffId: params.staff } : {}),
      ...(params.action ? { action: params.action } : {}),
      ...(params.outcome ? { outcome: params.outcome } : {}),
      ...(params.target ? { target: params.target } : {}),
      ...(params.ticket ? { ticketId: params.ticket } : {}),
      ...(params.seq !== undefined ? { seq: params.seq } : {}),
    },
  };
}

const LOG_LEAD_MS = 5 * 60_000;
const LOG_TAIL_MS = 60 * 60_000;

/**
 * The Log Viewer link for the events one request caused: its transaction id, in a window around the
 * audit row (Okta writes them within seconds; the window keeps the viewer's query bounded).
 */
export function requestEventsHref(slug: string, requestId: string, at: Date, now: Date = new Date()): string {
  const since = new Date(at.getTime() - LOG_LEAD_MS);
  const until = new Date(Math.min(now.getTime(), at.getTime() + LOG_TAIL_MS));
  return logViewerHref(slug, { range: "custom", since: since.toISOString(), until: until.toISOString(), tx: requestId });
}

/** Targets whose id is an Okta id the Log Viewer can filter on. */
const OKTA_TARGETS = new Set(["user", "group"]);

/** An event as its org's pages show it, with Log Viewer links when the staff member may read the System Log. */
export function tenantRowView(e: AuditEventRecord, slug: string, withLogLinks: boolean, now: Date = new Date()): AuditRowView {
  const view = auditRowView(e);
  if (!withLogLinks || e.oktaRequestIds.length === 0) return view;
  view.oktaEventLinks = e.oktaRequestIds.map((requestId) => ({ requestId, href: requestEventsHref(slug, requestId, e.at, now) }));
  // Most of an action's requests are reads, which Okta does not log: "around this time, on this
  // target" is the one link that always finds what the action caused.
  if (e.target?.id && OKTA_TARGETS.has(e.target.type)) {
    const since = new Date(e.at.getTime() - LOG_LEAD_MS);
    const until = new Date(Math.min(now.getTime(), e.at.getTime() + LOG_LEAD_MS * 2));
    view.oktaEventsAroundHref = logViewerHref(slug, { range: "custom", since: since.toISOString(), until: until.toISOString(), target: e.target.id });
  }
  return view;
}

export interface TenantAuditPage {
  rows: AuditRowView[];
  nextCursor: number | null;
  range: AuditRange;
  /** Why nothing was read (a custom range that cannot be used). */
  rangeError: string | null;
  /** The entry a link asked to open (its event's seq), when it is on this page. */
  openSeq: number | null;
  /** Staff who appear in this org's log, for the filter. */
  staff: Array<{ id: string; label: string }>;
  /** Actions recorded in this org, for the filter. */
  actions: string[];
}

async function filterChoices(db: Db, tenantId: string): Promise<Pick<TenantAuditPage, "staff" | "actions">> {
  const [staffRows, actionRows] = await Promise.all([
    db.auditEvent.findMany({ where: { tenantId, staffId: { not: null } }, select: { staffId: true, staffEmail: true }, distinct: ["staffId"] }),
    db.auditEvent.findMany({ where: { tenantId }, select: { action: true }, distinct: ["action"], orderBy: { action: "asc" } }),
  ]);
  const ids = staffRows.map((r) => r.staffId!).filter(Boolean);
  const names = new Map((await db.staffUser.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  const staff = staffRows
    .map((r) => {
      const name = names.get(r.staffId!);
      const email = r.staffEmail ?? "unknown";
      return { id: r.staffId!, label: name && name !== email ? `${name} (${email})` : email };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
  return { staff, actions: actionRows.map((r) => r.action) };
}

export async function readTenantAuditPage(ctx: Pick<TenantActionContext, "db" | "tenant" | "can">, params: TenantAuditParams, now: Date = new Date()): Promise<TenantAuditPage> {
  const { filters, error } = eventFilters(ctx.tenant.id, params, now);
  const [page, choices] = await Promise.all([
    error ? Promise.resolve({ events: [], nextCursor: null }) : queryAuditEvents(ctx.db, { ...filters, ...(params.cursor !== undefined ? { cursor: params.cursor } : {}), limit: TENANT_AUDIT_PAGE_SIZE }),
    filterChoices(ctx.db, ctx.tenant.id),
  ]);
  const withLogLinks = ctx.can("logs.read");
  const rows = page.events.map((e) => tenantRowView(e, ctx.tenant.slug, withLogLinks, now));
  const open = params.seq !== undefined ? rows.find((r) => r.seq === params.seq || r.attemptSeq === params.seq) : undefined;
  return { rows, nextCursor: page.nextCursor, range: effectiveRange(params), rangeError: error ?? null, openSeq: open?.seq ?? null, ...choices };
}

export const tenantAuditView = tenantAction(
  {
    name: "audit.tenant.read",
    permission: "audit.read",
    input: tenantAuditFilterSchema,
    readOnly: true,
    okta: false,
    auditFields: [...FILTER_FIELDS],
    target: () => ({ type: "audit_log" }),
    example: {},
  },
  async (ctx, input): Promise<TenantAuditPage> => readTenantAuditPage(ctx, input),
);

// ---------------------------------------------------------------------------------------------------
// CSV export

const EXPORT_PAGE = 200;

/** The matching events as CSV lines (header first), page by page on the seq keyset, at most `cap` events. */
export async function* auditCsvLines(db: Db, filters: Omit<AuditEventFilters, "limit" | "cursor">, cap: number = EXPORT_ROW_CAP): AsyncGenerator<string> {
  yield `${CSV_BOM}${csvLine(AUDIT_CSV_HEADER)}`;
  let cursor: number | undefined;
  let written = 0;
  while (written < cap) {
    const page = await queryAuditEvents(db, { ...filters, ...(cursor !== undefined ? { cursor } : {}), limit: Math.min(EXPORT_PAGE, cap - written) });
    for (const e of page.events) yield auditCsvRow(e);
    written += page.events.length;
    if (page.nextCursor === null || page.events.length === 0) return;
    cursor = page.nextCursor;
  }
}

export interface AuditExport {
  filename: string;
  lines: AsyncGenerator<string>;
}

const exportInput = tenantAuditFilterSchema.omit({ seq: true, cursor: true });

export const auditExportRoute = tenantRoute(
  {
    name: "audit.export",
    permission: "audit.read",
    input: exportInput,
    okta: false,
    auditInput: (i) => ({ ...i, format: "csv", rowCap: EXPORT_ROW_CAP }),
    target: () => ({ type: "audit_log", name: "CSV export" }),
    example: { range: "24h" },
  },
  async (ctx, input): Promise<AuditExport> => {
    const { filters, error } = eventFilters(ctx.tenant.id, input, new Date());
    if (error) throw new ActionError(error, "invalid", { until: [error] });
    const day = new Date().toISOString().slice(0, 10);
    return { filename: `audit-${ctx.tenant.slug}-${day}.csv`, lines: auditCsvLines(ctx.db, filters) };
  },
  { respond: auditExportResponse },
);

/** The streamed CSV, or a plain-text sentence when the export was refused. */
export function auditExportResponse(result: ActionResult<AuditExport>): Response {
  if (!result.ok) {
    const headers: Record<string, string> = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
    if (result.retryAfterSeconds !== undefined) headers["Retry-After"] = String(result.retryAfterSeconds);
    const details = Object.values(result.fieldErrors ?? {}).flat().filter((m): m is string => typeof m === "string" && m !== result.error);
    return new Response(`${[`The audit log was not exported: ${result.error}`, ...details].join("\n")}\n`, { status: HTTP_STATUS[result.code], headers });
  }
  const { lines, filename } = result.data;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        console.error("[audit export] reading the audit log failed mid-export", err);
        controller.error(err);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "no-store",
      "X-Export-Row-Cap": String(EXPORT_ROW_CAP),
    },
  });
}

/**
 * The GET handler. An export writes audit rows, so a page on another site must not be able to make a
 * signed-in staff member's browser start one: requests the browser marks as cross-site are refused
 * before the pipeline runs (like the audited deep link).
 */
export async function auditExportGet(req: Request, context: { params: Promise<Record<string, string | string[] | undefined>> }): Promise<Response> {
  if (isCrossSiteRequest(req.headers)) {
    return new Response("The audit log was not exported: the request did not come from the console's own pages.\n", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return auditExportRoute(req, context);
}
