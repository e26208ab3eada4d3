import "server-only";
// The Log Viewer's reads, through the wrapper like every Okta read:
//
//   logsPage(slug, params)      the page: ONE bounded Okta request (newest first, 50, `after` cursor)
//                               plus ONE bounded database query joining the page's events to this
//                               org's audit rows by transaction id
//   GET .../logs/tail           the live tail: Okta's polling request (ASCENDING, open-ended `since`,
//                               follow `next`); Okta's 429 becomes "slowed down", never an error
//   GET .../logs/export         CSV of the current query, streamed, at most EXPORT_ROW_CAP rows, paced
//                               by Okta's rate-limit headers; audited as an export (attempt + outcome)
//
// A refused query (checkLogQuery) is refused by the input schema, i.e. before the wrapper builds the
// org's gateway: no Okta call is made and the staff member reads the sentence.
import { AsyncLocalStorage } from "node:async_hooks";
import { z } from "zod";
import { ActionError, tenantAction, tenantRoute, toResponse, type TenantActionContext } from "@/lib/actions";
import { appendAudit } from "@/lib/audit/append";
import { describeOktaError } from "@/lib/okta/gateway";
import { roleLabels } from "@/lib/rbac/grants";
import { readServiceAccounts } from "@/lib/users/service-accounts-page";
import { auditLinksFor, type AuditLink } from "./audit-join";
import { csvEventLine, csvHeader } from "./csv";
import type { LogViewerParams } from "./href";
import { logsRateLimit, pollLogs, readLogPage, type LogEventView } from "./okta";
import { checkLogQuery, firstError, PAGE_LIMIT, type CheckedLogQuery } from "./query";
import { cursorField, logParamsOf, logQueryFields, refineLogQuery } from "./query-schema";

/** The service-accounts quick view isolates at most this many accounts (one filter clause each). */
export const MAX_SERVICE_ACCOUNT_ACTORS = 50;
/** The export stops here and says so. */
export const EXPORT_ROW_CAP = 10_000;
/** Okta's largest System Log page. */
export const EXPORT_PAGE_SIZE = 1000;
/** Events the tail asks for per poll. */
export const TAIL_LIMIT = 100;
/** How far back a tail may start. */
const TAIL_MAX_AGE_MS = 24 * 3600_000;

export interface LogEventRow extends LogEventView {
  /** The console action (audit row of this org) whose Okta request caused this event. */
  audit: AuditLink | null;
}

export interface LogsPageData {
  events: LogEventRow[];
  nextAfter: string | null;
  limit: number;
  /** What Okta was asked (shown to experts under the results). */
  okta: { since: string; until: string; filter: string | null; q: string | null };
  notes: string[];
  /** The service-accounts view: how many accounts were isolated, and whether more exist. */
  serviceAccounts: { count: number; truncated: boolean } | null;
}

interface ResolvedQuery {
  query: CheckedLogQuery;
  serviceAccounts: LogsPageData["serviceAccounts"];
  /** Nothing can match (a service-accounts view in an org without any): no Okta log call. */
  empty: boolean;
}

/** The checked query, with the org's service accounts resolved for that quick view. */
async function resolveQuery(ctx: TenantActionContext, params: LogViewerParams, now = Date.now()): Promise<ResolvedQuery> {
  const checked = checkLogQuery(params, now);
  if (!checked.ok) throw new ActionError(firstError(checked), "invalid");
  if (!checked.query.needsServiceAccounts) return { query: checked.query, serviceAccounts: null, empty: false };
  const view = await readServiceAccounts(ctx.okta, ctx.db, ctx.tenant);
  const ids = view.rows.filter((r) => !r.missing).map((r) => r.id);
  const isolated = ids.slice(0, MAX_SERVICE_ACCOUNT_ACTORS);
  const serviceAccounts = { count: isolated.length, truncated: view.truncated || ids.length > isolated.length };
  const again = checkLogQuery(params, now, { actorIds: isolated });
  if (!again.ok) throw new ActionError(firstError(again), "invalid");
  return { query: again.query, serviceAccounts, empty: isolated.length === 0 };
}

export const logsPageInput = z
  .object({ ...logQueryFields, after: cursorField, prev: z.string().max(30_000).optional() })
  .superRefine(refineLogQuery);

async function withAudit(ctx: TenantActionContext, events: LogEventView[]): Promise<LogEventRow[]> {
  let links = new Map<string, AuditLink>();
  try {
    links = await auditLinksFor(ctx.db, ctx.tenant.id, events);
  } catch (err) {
    // The events still show; only the join to the console's own log is missing.
    console.error("[logs] audit join failed", err);
  }
  return events.map((e) => ({ ...e, audit: (e.transaction.id && links.get(e.transaction.id)) || null }));
}

export const logsPage = tenantAction(
  {
    name: "logs.search",
    permission: "logs.read",
    input: logsPageInput,
    readOnly: true,
    auditFields: ["range", "since", "until", "actor", "target", "type", "outcome", "ip", "q", "view", "tx"],
    example: {},
  },
  async (ctx, input): Promise<LogsPageData> => {
    const { query, serviceAccounts, empty } = await resolveQuery(ctx, logParamsOf(input));
    const page = empty ? { events: [], nextAfter: null } : await readLogPage(ctx.okta, query.okta, { after: input.after, limit: PAGE_LIMIT });
    return {
      events: await withAudit(ctx, page.events),
      nextAfter: page.nextAfter,
      limit: PAGE_LIMIT,
      okta: { since: query.okta.since, until: query.okta.until, filter: query.okta.filter ?? null, q: query.okta.q ?? null },
      notes: query.notes,
      serviceAccounts,
    };
  },
);

// ---------------------------------------------------------------------------------------------------
// Live tail

export interface TailData {
  events: LogEventRow[];
  /** Where the next poll continues (Okta's `next` link's cursor). */
  after: string | null;
  /** Okta's rate limit answered: wait `retryAfterSeconds`, then poll again with the same cursor. */
  slowedDown: boolean;
  retryAfterSeconds: number | null;
}

const isoField = z.string().trim().max(60).refine((s) => !Number.isNaN(Date.parse(s)), "Not a date and time.");

export const tailInput = z
  .object({ ...logQueryFields, from: isoField, after: cursorField })
  .superRefine(refineLogQuery)
  .superRefine((input, ctx) => {
    const from = Date.parse(input.from);
    if (from > Date.now() + 60_000) ctx.addIssue({ code: "custom", path: ["from"], message: "The tail cannot start in the future." });
    if (from < Date.now() - TAIL_MAX_AGE_MS) ctx.addIssue({ code: "custom", path: ["from"], message: "The tail starts at most 24 hours back." });
    if (input.view === "service-accounts") ctx.addIssue({ code: "custom", path: ["view"], message: "Live tail is not offered for the service-accounts view; refresh the page instead." });
  });

function retryAfterOf(err: unknown, fallback: number): number {
  const headers = (err as { headers?: unknown })?.headers;
  let raw: string | null | undefined;
  if (headers && typeof (headers as { get?: unknown }).get === "function") raw = (headers as { get(n: string): string | null }).get("retry-after");
  else if (headers && typeof headers === "object") raw = (headers as Record<string, string | undefined>)["retry-after"];
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.min(120, Math.ceil(n)) : fallback;
}

const isRateLimited = (err: unknown) => describeOktaError(err)?.status === 429 || (err as { status?: unknown })?.status === 429;

/** GET /api/t/[tenant]/logs/tail?<query>&from=<ISO>&after=<cursor> */
export const logsTailRoute = tenantRoute(
  {
    name: "logs.tail",
    permission: "logs.read",
    input: tailInput,
    readOnly: true,
    auditFields: ["type", "outcome", "view", "from"],
    // A tail starts at most 24 hours back: the example is taken when the module loads (the matrix runs then).
    example: { from: new Date().toISOString() },
  },
  async (ctx, input): Promise<TailData> => {
    const { query } = await resolveQuery(ctx, logParamsOf(input));
    try {
      const page = await pollLogs(ctx.okta, { since: new Date(Date.parse(input.from)).toISOString(), filter: query.okta.filter, q: query.okta.q }, { after: input.after, limit: TAIL_LIMIT });
      return { events: await withAudit(ctx, page.events), after: page.after, slowedDown: false, retryAfterSeconds: null };
    } catch (err) {
      if (!isRateLimited(err)) throw err;
      const rate = logsRateLimit(ctx.okta);
      const wait = retryAfterOf(err, rate ? Math.ceil(rate.resetInMs / 1000) : 30);
      return { events: [], after: input.after ?? null, slowedDown: true, retryAfterSeconds: wait };
    }
  },
);

// ---------------------------------------------------------------------------------------------------
// CSV export

export interface ExportStream {
  body: ReadableStream<Uint8Array>;
  filename: string;
}

export const exportInput = z.object({ ...logQueryFields }).superRefine(refineLogQuery);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The longest the export waits for Okta's rate-limit window at once. */
const MAX_EXPORT_WAIT_MS = 60_000;
const MAX_RATE_RETRIES = 5;

/** The filename: org, range and the moment of the export. */
function exportFilename(slug: string, now: Date): string {
  return `system-log-${slug.replace(/[^a-z0-9-]/gi, "_")}-${now.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-")}.csv`;
}

/**
 * The export's body. The first page is read inside the action (an Okta error is the action's plain
 * failure, audited); the rest streams, each page read in the action's context (so its calls carry the
 * technician's attribution) and paced by the rate-limit headers: when the System Log budget is nearly
 * spent the export waits for the window to reset rather than fail.
 */
async function startExport(ctx: TenantActionContext, params: LogViewerParams): Promise<ExportStream> {
  const now = new Date();
  const { query, empty } = await resolveQuery(ctx, params, now.getTime());
  const attempt = await appendAudit(ctx.db, {
    action: "logs.export",
    outcome: "attempt",
    staffId: ctx.staff.staffId,
    staffEmail: ctx.staff.email,
    role: roleLabels(ctx.roles) || null,
    tenantId: ctx.tenant.id,
    tenantSlug: ctx.tenant.slug,
    target: { type: "system_log", name: ctx.tenant.name },
    input: { ...params, rowCap: EXPORT_ROW_CAP },
    ticketId: ctx.ticketId,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
  }).catch((err: unknown) => {
    console.error("[audit] AUDIT WRITE FAILED: could not record the attempt of logs.export; the export was refused", err);
    throw new ActionError("The export cannot be recorded in the audit log right now, so it was not started. Try again in a moment.", "invalid", undefined, "audit_unavailable");
  });
  const first = empty ? { events: [], nextAfter: null } : await readLogPage(ctx.okta, query.okta, { limit: EXPORT_PAGE_SIZE });
  const inContext = AsyncLocalStorage.snapshot();
  const encoder = new TextEncoder();
  let rows = 0;
  let after = first.nextAfter;
  let pending: LogEventView[] | null = first.events;
  let waited = 0;
  let finished = false;

  const settle = async (outcome: "success" | "failure", errorSummary: string | null) => {
    if (finished) return;
    finished = true;
    await appendAudit(ctx.db, {
      action: "logs.export",
      outcome,
      staffId: ctx.staff.staffId,
      staffEmail: ctx.staff.email,
      role: roleLabels(ctx.roles) || null,
      tenantId: ctx.tenant.id,
      tenantSlug: ctx.tenant.slug,
      target: { type: "system_log", name: ctx.tenant.name },
      input: { ...params, rows, capped: rows >= EXPORT_ROW_CAP, waitedSeconds: Math.round(waited / 1000) },
      errorSummary,
      errorCode: outcome === "failure" ? "export_failed" : null,
      ticketId: ctx.ticketId,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
      attemptSeq: attempt.seq,
    }).catch((err: unknown) => console.error("[audit] AUDIT WRITE FAILED: could not record the outcome of logs.export", err));
  };

  const nextPage = (cursor: string) =>
    inContext(async () => {
      for (let attemptNo = 0; ; attemptNo++) {
        const rate = logsRateLimit(ctx.okta);
        if (rate && rate.remaining <= Math.max(2, Math.ceil(rate.limit * 0.05))) {
          const wait = Math.min(MAX_EXPORT_WAIT_MS, rate.resetInMs + 250);
          waited += wait;
          await sleep(wait);
        }
        try {
          return await readLogPage(ctx.okta, query.okta, { after: cursor, limit: EXPORT_PAGE_SIZE });
        } catch (err) {
          if (!isRateLimited(err) || attemptNo >= MAX_RATE_RETRIES) throw err;
          const wait = Math.min(MAX_EXPORT_WAIT_MS, retryAfterOf(err, 10) * 1000);
          waited += wait;
          await sleep(wait);
        }
      }
    });

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvHeader()));
    },
    async pull(controller) {
      try {
        if (pending === null) {
          if (!after || rows >= EXPORT_ROW_CAP) {
            await settle("success", null);
            controller.close();
            return;
          }
          const page = await nextPage(after);
          pending = page.events;
          after = page.nextAfter;
        }
        const batch = pending.slice(0, EXPORT_ROW_CAP - rows);
        pending = null;
        const links = await auditLinksFor(ctx.db, ctx.tenant.id, batch).catch(() => new Map<string, AuditLink>());
        let chunk = "";
        for (const e of batch) chunk += csvEventLine(e, e.transaction.id ? links.get(e.transaction.id) : null);
        rows += batch.length;
        if (chunk) controller.enqueue(encoder.encode(chunk));
        if (batch.length === 0 && !after) {
          await settle("success", null);
          controller.close();
        }
      } catch (err) {
        const sentence = describeOktaError(err)?.sentence ?? "The export stopped because of an unexpected error.";
        if (!describeOktaError(err)) console.error("[logs] export failed", err);
        await settle("failure", `Stopped after ${rows} rows: ${sentence}`);
        controller.error(err);
      }
    },
    async cancel() {
      await settle("failure", `Cancelled by the browser after ${rows} rows.`);
    },
  });
  return { body, filename: exportFilename(ctx.tenant.slug, now) };
}

/** GET /api/t/[tenant]/logs/export?<query> -> text/csv, streamed. */
export const logsExportRoute = tenantRoute(
  {
    name: "logs.export.start",
    permission: "logs.read",
    input: exportInput,
    readOnly: true,
    auditFields: ["range", "since", "until", "actor", "target", "type", "outcome", "ip", "q", "view", "tx"],
    example: {},
  },
  async (ctx, input): Promise<ExportStream> => startExport(ctx, logParamsOf(input)),
  {
    respond: (result) => {
      if (!result.ok) return toResponse(result);
      return new Response(result.data.body, {
        status: 200,
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="${result.data.filename}"`,
          "Cache-Control": "no-store",
          "X-Export-Row-Cap": String(EXPORT_ROW_CAP),
        },
      });
    },
  },
);
