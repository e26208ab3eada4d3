/**
 * /api/v1/logs (System Log). `org.logs` is kept ascending by `published`, so time bounds and
 * cursors resolve by binary search. Okta semantics:
 *  - bounded request (`until` given): pages with `next` until the window is exhausted;
 *  - polling request (no `until`, ASCENDING): always returns a `next` link to poll later, even
 *    when the page is empty.
 */
import { compile, evaluate, type Dialect } from "../filters.ts";
import { OktaError, linkHeader, parseLimit, type ApiContext, type ApiResult } from "../http.ts";
import type { LogEventRecord } from "../model.ts";
import type { Router } from "../router.ts";
import { serializeLogEvent } from "../serialize.ts";

const DEFAULT_WINDOW_MS = 7 * 24 * 3600 * 1000;

/**
 * Okta documents eq/sw/co/gt/lt/ge/le/pr with and/or/not on event fields. Whether values are
 * compared case-sensitively is not documented; we match case-insensitively, as most clients expect.
 */
const LOG_DIALECT: Dialect = {
  allows: (attr, op) => op !== "ew" && /^[A-Za-z][A-Za-z0-9_.]*$/.test(attr),
  allowNot: true,
  caseInsensitive: true,
};

/** Resolves a dotted path, fanning out over arrays (e.g. `target.id` over all targets). */
function logAttr(event: LogEventRecord, path: string): unknown {
  let cur: unknown[] = [event];
  for (const key of path.split(".")) {
    const next: unknown[] = [];
    for (const c of cur) {
      if (c === null || typeof c !== "object") continue;
      const v = (c as Record<string, unknown>)[key];
      if (Array.isArray(v)) next.push(...v);
      else if (v !== undefined) next.push(v);
    }
    cur = next;
  }
  return cur.length === 0 ? undefined : cur.length === 1 && !path.startsWith("target.") ? cur[0] : cur;
}

const haystacks = new WeakMap<LogEventRecord, string>();

/** Text a `q` keyword is matched against: messages, types, parties, client and outcome. */
function haystack(e: LogEventRecord): string {
  let h = haystacks.get(e);
  if (h === undefined) {
    const parts = [e.displayMessage, e.eventType, e.severity, e.outcome.result, e.outcome.reason ?? "", e.client.ipAddress, e.client.userAgent.rawUserAgent];
    parts.push(e.actor.id, e.actor.alternateId, e.actor.displayName);
    for (const t of e.target ?? []) parts.push(t.id, t.alternateId, t.displayName);
    h = parts.join("\n").toLowerCase();
    haystacks.set(e, h);
  }
  return h;
}

function invalidDate(): OktaError {
  return new OktaError(
    400,
    "E0000030",
    "Bad request. Invalid date. Dates must be of the form yyyy-MM-dd'T'HH:mm:ss.SSSZZ, e.g. 2013-01-01T12:00:00.000-07:00.",
  );
}

function parseDate(raw: string | null): number | null {
  if (raw === null || raw === "") return null;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw invalidDate();
  return t;
}

/** Index of the first event published at or after `iso`. */
function lowerBound(logs: LogEventRecord[], iso: string): number {
  let lo = 0;
  let hi = logs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (logs[mid]!.published < iso) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function encodeCursor(e: LogEventRecord): string {
  return Buffer.from(`${e.published}|${e.uuid}`).toString("base64url");
}

/** Position of the event a cursor names, or -1 if it no longer exists. */
function decodeCursor(logs: LogEventRecord[], cursor: string): number {
  const [published, uuid] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!published || !uuid) throw new OktaError(400, "E0000001", "Api validation failed: after", [{ errorSummary: "after: Invalid cursor" }]);
  for (let i = lowerBound(logs, published); i < logs.length && logs[i]!.published === published; i++) {
    if (logs[i]!.uuid === uuid) return i;
  }
  return lowerBound(logs, published) - 1;
}

function listLogs(ctx: ApiContext): ApiResult {
  const logs = ctx.org.logs;
  const limit = parseLimit(ctx.query, 100, 1000);
  const untilMs = parseDate(ctx.query.get("until"));
  const bounded = untilMs !== null;
  const endMs = untilMs ?? Date.now();
  const sinceMs = parseDate(ctx.query.get("since")) ?? endMs - DEFAULT_WINDOW_MS;
  if (bounded && sinceMs > endMs) throw new OktaError(400, "E0000001", "Api validation failed: since", [{ errorSummary: "since: The since date must be before the until date" }]);
  const descending = (ctx.query.get("sortOrder") ?? "ASCENDING").toUpperCase() === "DESCENDING";
  const filter = ctx.query.get("filter");
  const expr = filter ? compile(filter, LOG_DIALECT) : null;
  const terms = (ctx.query.get("q") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (e: LogEventRecord) =>
    (!expr || evaluate(expr, e, logAttr, true)) && terms.every((t) => haystack(e).includes(t));

  const lo = lowerBound(logs, new Date(sinceMs).toISOString());
  // `until` is exclusive; a polling request sees everything recorded so far.
  const hi = bounded ? lowerBound(logs, new Date(endMs).toISOString()) : logs.length;
  const after = ctx.query.get("after");
  const page: LogEventRecord[] = [];
  let more = false;
  if (!descending) {
    let i = after ? Math.max(lo, decodeCursor(logs, after) + 1) : lo;
    for (; i < hi && page.length < limit; i++) if (matches(logs[i]!)) page.push(logs[i]!);
    more = i < hi;
  } else {
    let i = after ? Math.min(hi, decodeCursor(logs, after)) - 1 : hi - 1;
    for (; i >= lo && page.length < limit; i--) if (matches(logs[i]!)) page.push(logs[i]!);
    more = i >= lo;
  }

  let next: URLSearchParams | undefined;
  const last = page[page.length - 1];
  if (more || (!bounded && !descending)) {
    next = new URLSearchParams(ctx.query);
    if (last) next.set("after", encodeCursor(last));
    next.set("limit", String(limit));
  }
  return { status: 200, body: page.map(serializeLogEvent), headers: { Link: linkHeader(ctx, next) } };
}

export function registerLogRoutes(router: Router): void {
  router.add("GET", "/api/v1/logs", listLogs);
}
