// The Log Viewer's query: URL parameters -> a checked query -> Okta's System Log parameters
// (`filter`, `q`, `since`, `until`). Everything Okta would answer with a 400 is refused here first, in
// plain words, so a bad filter never costs an Okta call. Browser-safe (the search form shows the same
// sentences before it navigates).
import { quoteSearchValue } from "@/lib/users/search";
import { anyOf, eventTypeClause, eventTypeEntry, quickView, RAW_EVENT_TYPE } from "./event-types";
import { DEFAULT_LOG_RANGE, LOG_OUTCOMES, LOG_RANGES, QUICK_VIEW_KEYS, type LogRange, type LogViewerParams } from "./href";
import { CURSOR, MAX_PREVIOUS_PAGES } from "@/lib/paging/cursor-trail";

export const RANGE_MS: Record<Exclude<LogRange, "custom">, number> = {
  "15m": 15 * 60_000,
  "1h": 3600_000,
  "24h": 24 * 3600_000,
  "7d": 7 * 24 * 3600_000,
};
export const RANGE_LABELS: Record<LogRange, string> = { "15m": "Last 15 minutes", "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days", custom: "Custom range" };

const DAY_MS = 24 * 3600_000;
/** Okta keeps System Log events for 90 days. */
export const RETENTION_DAYS = 90;
/** The longest range the console asks for. */
export const MAX_RANGE_DAYS = 180;
/** Okta's `q`: at most 10 keywords of at most 40 characters each. */
export const MAX_KEYWORDS = 10;
export const MAX_KEYWORD_LENGTH = 40;
export const PAGE_LIMIT = 50;
export { CURSOR, MAX_PREVIOUS_PAGES };

/** Logins, emails and ids: printable, no control characters. */
const PARTY = /^[^\u0000-\u001f\u007f]{1,256}$/;
/** An Okta object id (00u..., 0oa..., 00g...): 20 letters and digits. */
const OKTA_ID = /^0[0-9a-z]{19}$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^(?=.*:)[0-9a-f:]{2,39}(?:%[0-9a-z]+)?$/i;
const IPV6_V4 = /^(?=.*:)[0-9a-f:]{2,30}:(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/i;
/** X-Okta-Request-Id values: letters, digits and a few separators. */
const TRANSACTION = /^[A-Za-z0-9_.:@-]{1,128}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function isIpAddress(s: string): boolean {
  if (IPV4.test(s)) return true;
  if (!IPV6.test(s) && !IPV6_V4.test(s)) return false;
  const body = s.replace(/%.*$/, "");
  const doubles = body.split("::").length - 1;
  if (doubles > 1) return false;
  const groups = body.split(":").filter((g) => g !== "" && !g.includes("."));
  return groups.every((g) => g.length <= 4) && (doubles === 1 || body.split(":").length >= (body.includes(".") ? 7 : 8));
}

// ---------------------------------------------------------------------------------------------------
// URL -> raw strings (never throws)

export interface LogUrlParams extends LogViewerParams {
  after?: string;
  prev?: string[];
}

type RawParams = Record<string, string | string[] | undefined> | URLSearchParams;

const KEYS = ["range", "since", "until", "actor", "target", "type", "outcome", "ip", "q", "view", "tx"] as const;

/**
 * The URL's parameters as trimmed strings (blank is absent; a repeated one takes the first). Values are
 * NOT checked here: checkLogQuery refuses bad ones with a sentence, rather than silently dropping them.
 */
export function parseLogParams(searchParams: RawParams): LogUrlParams {
  const get = (k: string): string | undefined => {
    const v = searchParams instanceof URLSearchParams ? searchParams.get(k) : searchParams[k];
    const s = Array.isArray(v) ? v[0] : v;
    return typeof s === "string" && s.trim() !== "" ? s.trim().slice(0, 2000) : undefined;
  };
  const out: Record<string, unknown> = {};
  for (const k of KEYS) {
    const v = get(k);
    if (v !== undefined) out[k] = v;
  }
  const after = get("after");
  if (after && CURSOR.test(after)) {
    out.after = after;
    const prev = get("prev");
    const list = prev ? prev.split(",") : [];
    if (list.length > 0 && list.every((c) => CURSOR.test(c))) out.prev = list.slice(-MAX_PREVIOUS_PAGES);
  }
  return out as LogUrlParams;
}

// ---------------------------------------------------------------------------------------------------
// Checked query

export interface OktaLogQuery {
  since: string;
  until: string;
  filter?: string;
  q?: string;
}

export interface CheckedLogQuery {
  range: LogRange;
  okta: OktaLogQuery;
  /** The quick view needs the org's service accounts (resolved on the server, then `actorIds`). */
  needsServiceAccounts: boolean;
  /** Sentences to show beside the results (e.g. Okta's retention). */
  notes: string[];
}

export type LogQueryResult = { ok: true; query: CheckedLogQuery } | { ok: false; errors: Partial<Record<keyof LogViewerParams | "_form", string>> };

function partyClause(field: "actor" | "target", value: string): string {
  return OKTA_ID.test(value) ? `${field}.id eq ${quoteSearchValue(value)}` : `${field}.alternateId eq ${quoteSearchValue(value)}`;
}

/** The clause isolating a set of actors (the service-accounts quick view). */
export function actorIdsClause(ids: readonly string[]): string {
  return anyOf(ids.map((id) => `actor.id eq ${quoteSearchValue(id)}`));
}

function isoDate(s: string): number | null {
  if (!ISO.test(s)) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

function dateLabel(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Checks the URL's query and builds Okta's parameters, or says what is wrong with each field. `now` is
 * the request's clock; the window is bounded (`until` is always sent, so Okta never answers a polling
 * request here).
 */
export function checkLogQuery(params: LogViewerParams, now = Date.now(), extra: { actorIds?: readonly string[] } = {}): LogQueryResult {
  const errors: Partial<Record<keyof LogViewerParams | "_form", string>> = {};
  const clauses: string[] = [];
  const notes: string[] = [];

  // Time window
  let range: LogRange = DEFAULT_LOG_RANGE;
  if (params.range !== undefined) {
    if ((LOG_RANGES as readonly string[]).includes(params.range)) range = params.range;
    else errors.range = "Choose a time range: last 15 minutes, hour, 24 hours, 7 days, or a custom range.";
  } else if (params.since !== undefined || params.until !== undefined) {
    range = "custom";
  }
  let sinceMs = now - RANGE_MS["24h"];
  let untilMs = now;
  if (range !== "custom") {
    sinceMs = now - RANGE_MS[range];
  } else {
    const since = params.since !== undefined ? isoDate(params.since) : null;
    const until = params.until !== undefined ? isoDate(params.until) : now;
    if (params.since === undefined) errors.since = "A custom range needs a start (since).";
    else if (since === null) errors.since = "The start is not a date and time (e.g. 2026-03-01T09:00:00Z).";
    if (until === null) errors.until = "The end is not a date and time (e.g. 2026-03-01T17:00:00Z).";
    if (since !== null && until !== null) {
      if (since > now) errors.since = "The start is in the future.";
      else if (until <= since) errors.until = "The end is before the start.";
      else if (until - since > MAX_RANGE_DAYS * DAY_MS) errors.since = `The range is longer than ${MAX_RANGE_DAYS} days; choose a shorter one.`;
      else {
        sinceMs = since;
        untilMs = Math.min(until, now);
      }
    }
  }
  const retentionStart = now - RETENTION_DAYS * DAY_MS;
  if (!errors.since && !errors.until && sinceMs < retentionStart) {
    notes.push(
      untilMs <= retentionStart
        ? `Okta keeps the System Log for ${RETENTION_DAYS} days: nothing before ${dateLabel(retentionStart)} can be found, so this range has no events.`
        : `Okta keeps the System Log for ${RETENTION_DAYS} days: events before ${dateLabel(retentionStart)} are gone, so this range starts there in practice.`,
    );
  }

  // Parties
  for (const field of ["actor", "target"] as const) {
    const v = params[field];
    if (v === undefined) continue;
    if (!PARTY.test(v)) errors[field] = `The ${field} must be an Okta id or a login of at most 256 characters.`;
    else clauses.push(partyClause(field, v));
  }

  // Event type
  if (params.type !== undefined) {
    const entry = eventTypeEntry(params.type);
    if (entry) clauses.push(eventTypeClause(entry));
    else if (RAW_EVENT_TYPE.test(params.type) && params.type.length <= 120) clauses.push(`eventType eq ${quoteSearchValue(params.type)}`);
    else errors.type = "Choose an event type from the list, or type an Okta event type such as user.account.unlock.";
  }

  if (params.outcome !== undefined) {
    const o = params.outcome.toUpperCase();
    if ((LOG_OUTCOMES as readonly string[]).includes(o)) clauses.push(`outcome.result eq ${quoteSearchValue(o)}`);
    else errors.outcome = "The outcome must be Success, Failure, Allow, Deny, Challenge or Unknown.";
  }

  if (params.ip !== undefined) {
    if (isIpAddress(params.ip)) clauses.push(`client.ipAddress eq ${quoteSearchValue(params.ip)}`);
    else errors.ip = "This is not an IP address (e.g. 203.0.113.7 or 2001:db8::1).";
  }

  if (params.tx !== undefined) {
    if (TRANSACTION.test(params.tx)) clauses.push(`transaction.id eq ${quoteSearchValue(params.tx)}`);
    else errors.tx = "This is not an Okta transaction id (letters, digits, - and _).";
  }

  let needsServiceAccounts = false;
  if (params.view !== undefined) {
    const view = (QUICK_VIEW_KEYS as readonly string[]).includes(params.view) ? quickView(params.view) : undefined;
    if (!view) errors.view = "Unknown quick view.";
    else if (view.clause) clauses.push(view.clause);
    else if (extra.actorIds) {
      if (extra.actorIds.length > 0) clauses.push(actorIdsClause(extra.actorIds));
    } else needsServiceAccounts = true;
  }

  // Free text: Okta's q
  let q: string | undefined;
  if (params.q !== undefined) {
    const words = params.q.split(/\s+/).filter(Boolean);
    const long = words.find((w) => w.length > MAX_KEYWORD_LENGTH);
    if (words.length > MAX_KEYWORDS) errors.q = `Okta searches at most ${MAX_KEYWORDS} words at once; this has ${words.length}.`;
    else if (long) errors.q = `Okta searches words of at most ${MAX_KEYWORD_LENGTH} characters; "${long.slice(0, 20)}…" has ${long.length}.`;
    else if (words.some((w) => /[\u0000-\u001f\u007f]/.test(w))) errors.q = "The search text contains control characters.";
    else q = words.join(" ");
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const filter = clauses.length === 0 ? undefined : clauses.length === 1 ? clauses[0] : clauses.map((c) => (/ or /.test(c) && !/^\(.*\)$/.test(c) ? `(${c})` : c)).join(" and ");
  return {
    ok: true,
    query: {
      range,
      okta: { since: new Date(sinceMs).toISOString(), until: new Date(untilMs).toISOString(), ...(filter ? { filter } : {}), ...(q ? { q } : {}) },
      needsServiceAccounts,
      notes,
    },
  };
}

/** The first sentence of a refused query. */
export function firstError(result: Extract<LogQueryResult, { ok: false }>): string {
  return Object.values(result.errors)[0] ?? "This search cannot be sent to Okta.";
}
