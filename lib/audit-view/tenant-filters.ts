// The URL state of one org's audit page, /t/<slug>/audit (browser-safe). Every field is optional and a
// bad value is dropped (like the console-wide page's filters, ./filters.ts), so a pasted link always
// opens. The Log Viewer links here with `?seq=<audit seq>` (open that entry) and `?ticket=<id>`.
//
//   range    1h | 24h | 7d | 30d | 90d | all | custom   (default 24h; `all` when the link names an entry
//            or a ticket, which may be older than a day)
//   since / until   UTC instants for `custom` (the form sends "YYYY-MM-DDTHH:mm", ISO 8601 works too)
//   staff    a staff member's id          action   an audit action name, exact
//   outcome  success | failure | denied | unknown
//   target   the target's id or login, exact (an Okta user id finds every change to that user)
//   ticket   Ticket ID, exact             seq      one entry (its own seq or its attempt's)
//   cursor   keyset paging: entries with a lower seq
import { z } from "zod";
import { auditOutcomeParam, text } from "./filters";
import { AUDIT_RANGES, type AuditRange } from "./tenant-ranges";

// The ranges, their labels and the datetime-local helper: tenant-ranges.ts (the filter form is browser
// code and reads them there, without zod).
export { AUDIT_RANGE_LABELS, AUDIT_RANGES, datetimeLocalValue, type AuditRange } from "./tenant-ranges";

const RANGE_MS: Partial<Record<AuditRange, number>> = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000, "90d": 90 * 86_400_000 };

const instant = z
  .string()
  .trim()
  .max(40)
  .transform((v) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v) ? `${v}Z` : v))
  .refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(new Date(v).getTime()))
  .transform((v) => new Date(v).toISOString())
  .optional()
  .catch(undefined);

const positiveInt = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);

export const tenantAuditFilterSchema = z.object({
  range: z.enum(AUDIT_RANGES).optional().catch(undefined),
  since: instant,
  until: instant,
  staff: text(64),
  action: text(100),
  outcome: auditOutcomeParam,
  target: text(200),
  ticket: text(64),
  seq: positiveInt,
  cursor: positiveInt,
});
export type TenantAuditParams = Partial<z.infer<typeof tenantAuditFilterSchema>>;

/** From a page's search params (repeated keys: the first one). */
export function parseTenantAuditParams(raw: Record<string, string | string[] | undefined>): TenantAuditParams {
  const flat = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return tenantAuditFilterSchema.parse(flat);
}

/** The range in force: the one asked for, else "all" for a link to an entry or a ticket, else 24 hours. */
export function effectiveRange(params: TenantAuditParams): AuditRange {
  if (params.range) return params.range;
  return params.seq !== undefined || params.ticket !== undefined ? "all" : "24h";
}

export interface ResolvedRange {
  range: AuditRange;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** A custom range that cannot be used, in a sentence (nothing is read then). */
  error?: string;
}

export function resolveAuditRange(params: TenantAuditParams, now: Date = new Date()): ResolvedRange {
  const range = effectiveRange(params);
  const span = RANGE_MS[range];
  if (span !== undefined) return { range, from: new Date(now.getTime() - span) };
  if (range === "all") return { range };
  const from = params.since ? new Date(params.since) : undefined;
  const to = params.until ? new Date(params.until) : undefined;
  if (!from && !to) return { range, error: "Choose a start or an end for the custom range." };
  if (from && to && to.getTime() <= from.getTime()) return { range, from, to, error: "The end of the range must be after its start." };
  return { range, ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

const ORDER = ["range", "since", "until", "staff", "action", "outcome", "target", "ticket", "seq"] as const;

/** The query string of `params` (without "?"): the default range, blanks and `since/until` outside custom are left out. */
export function tenantAuditSearch(params: TenantAuditParams, cursor?: number): string {
  const sp = new URLSearchParams();
  for (const key of ORDER) {
    const value = params[key];
    if (value === undefined || value === "") continue;
    if ((key === "since" || key === "until") && params.range !== "custom") continue;
    sp.set(key, String(value));
  }
  if (cursor !== undefined) sp.set("cursor", String(cursor));
  return sp.toString();
}

/** `/t/<slug>/audit?...` for the same filters (first page unless `cursor`). */
export function tenantAuditHref(slug: string, params: TenantAuditParams = {}, cursor?: number): string {
  const q = tenantAuditSearch(params, cursor);
  return `/t/${encodeURIComponent(slug)}/audit${q ? `?${q}` : ""}`;
}

/** The CSV export of the same filters (all pages, up to the export's row cap). */
export function tenantAuditExportHref(slug: string, params: TenantAuditParams): string {
  const q = tenantAuditSearch({ ...params, seq: undefined, cursor: undefined, range: effectiveRange(params) });
  return `/api/t/${encodeURIComponent(slug)}/audit/export${q ? `?${q}` : ""}`;
}
