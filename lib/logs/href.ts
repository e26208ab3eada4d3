// Links into the Log Viewer (/t/<slug>/logs). The whole query lives in the URL so a search can be
// pasted into a ticket; other features (the audit page, the user detail page, the timeline) build
// their links with `logViewerHref` instead of spelling parameters by hand. Browser-safe.
//
// The contract:
//   range    15m | 1h | 24h | 7d | custom   (default 24h; since/until only with custom)
//   since / until   ISO 8601 instants
//   actor / target  an Okta id or login
//   type     an event-type key of the catalogue (lib/logs/event-types.ts) or a raw Okta eventType
//   outcome  SUCCESS | FAILURE | ALLOW | DENY | CHALLENGE | UNKNOWN
//   ip       an IP address
//   q        free text (Okta's `q`: at most 10 keywords of at most 40 characters)
//   view     a quick view key (failed-sign-ins | lockouts | mfa | admin | service-accounts | console)
//   tx       a transaction id (Okta's `transaction.id`, i.e. the X-Okta-Request-Id of the call)
//   after / prev    paging cursors (the viewer's own; links from elsewhere start at the first page)

import { nextPageCursor, previousPageCursor } from "@/lib/paging/cursor-trail";

export const LOG_RANGES = ["15m", "1h", "24h", "7d", "custom"] as const;
export type LogRange = (typeof LOG_RANGES)[number];
export const DEFAULT_LOG_RANGE: LogRange = "24h";

export const LOG_OUTCOMES = ["SUCCESS", "FAILURE", "ALLOW", "DENY", "CHALLENGE", "UNKNOWN"] as const;
export type LogOutcome = (typeof LOG_OUTCOMES)[number];

export const QUICK_VIEW_KEYS = ["failed-sign-ins", "lockouts", "mfa", "admin", "service-accounts", "console"] as const;
export type QuickViewKey = (typeof QUICK_VIEW_KEYS)[number];

export interface LogViewerParams {
  range?: LogRange;
  /** ISO instant; only with range "custom". */
  since?: string;
  /** ISO instant; only with range "custom". */
  until?: string;
  actor?: string;
  target?: string;
  type?: string;
  outcome?: LogOutcome;
  ip?: string;
  q?: string;
  view?: QuickViewKey;
  tx?: string;
}

/** The order parameters appear in a link (stable, so equal queries give equal URLs). */
const ORDER = ["range", "since", "until", "actor", "target", "type", "outcome", "ip", "q", "view", "tx"] as const;

/** The query string of `params` (without "?"); the default range and blank values are left out. */
export function logViewerSearch(params: LogViewerParams, page?: { after?: string; prev?: readonly string[] }): string {
  const sp = new URLSearchParams();
  const custom = params.range === "custom";
  for (const key of ORDER) {
    const value = params[key];
    if (value === undefined || value === null || String(value).trim() === "") continue;
    if (key === "range" && value === DEFAULT_LOG_RANGE) continue;
    if ((key === "since" || key === "until") && !custom) continue;
    sp.set(key, String(value).trim());
  }
  if (page?.after) {
    sp.set("after", page.after);
    if (page.prev && page.prev.length > 0) sp.set("prev", page.prev.join(","));
  }
  return sp.toString();
}

/** `/t/<slug>/logs?...` for `params` (first page unless `page` is given). */
export function logViewerHref(tenantSlug: string, params: LogViewerParams = {}, page?: { after?: string; prev?: readonly string[] }): string {
  const base = `/t/${encodeURIComponent(tenantSlug)}/logs`;
  const q = logViewerSearch(params, page);
  return q ? `${base}?${q}` : base;
}

/** The next (older) page, from the cursor Okta's Link header gave for this page; null on the last page. */
export function logsNextHref(tenantSlug: string, params: LogViewerParams, current: { after?: string; prev?: readonly string[] }, nextAfter: string | null): string | null {
  if (!nextAfter) return null;
  return logViewerHref(tenantSlug, params, nextPageCursor(current, nextAfter));
}

/** The page before; null on the first page. */
export function logsPreviousHref(tenantSlug: string, params: LogViewerParams, current: { after?: string; prev?: readonly string[] }): string | null {
  const before = previousPageCursor(current);
  return before === null ? null : logViewerHref(tenantSlug, params, before);
}

/** The console's audit entry of a Log Viewer event (the org's audit page, /t/<slug>/audit). */
export function auditEntryHref(tenantSlug: string, link: { seq: number; ticketId?: string | null }): string {
  return `/t/${encodeURIComponent(tenantSlug)}/audit?seq=${link.seq}`;
}
