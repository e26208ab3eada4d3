import "server-only";
// Reads of one org's System Log (GET /api/v1/logs) through its gateway, as plain serialisable objects.
// No permission logic here: callers are the wrapper's read actions and routes.
//
//  - readLogPage: ONE bounded request (since + until), newest first (DESCENDING), one page; the next
//    page's `after` cursor is taken from the `next` link of Okta's Link header.
//  - pollLogs: Okta's polling request (ASCENDING, `since` without `until`): Okta always answers with a
//    `next` link to poll later; its `after` is handed back so the next poll continues from there.
import { ConsoleRequestExecutor, rateLimitBucket, type OktaGateway } from "@/lib/okta/gateway";
import { afterFromNextLink } from "@/lib/okta/users";
import { parseAttribution, type ParsedAttribution } from "@/lib/okta/attribution";
import type { OktaLogQuery } from "./query";

export interface LogParty {
  id: string | null;
  type: string | null;
  alternateId: string | null;
  displayName: string | null;
}

export interface LogEventView {
  uuid: string;
  published: string | null;
  eventType: string;
  displayMessage: string | null;
  severity: string | null;
  outcome: { result: string | null; reason: string | null };
  actor: LogParty;
  targets: LogParty[];
  client: {
    ipAddress: string | null;
    device: string | null;
    zone: string | null;
    userAgent: { raw: string | null; os: string | null; browser: string | null };
    /** "City, State, Country" as far as Okta knew it. */
    location: string | null;
    geolocation: { lat: number; lon: number } | null;
  };
  /** Okta's authenticationContext, flattened to label/value pairs (empty ones left out). */
  authentication: Array<[string, string]>;
  /** Okta's debugContext.debugData, as label/value pairs. */
  debug: Array<[string, string]>;
  transaction: { id: string | null; type: string | null };
  /** The console's User-Agent extension read back (who the console says acted), when present. */
  attribution: ParsedAttribution | null;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" && v !== "null" ? v : null);

function iso(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  return typeof v === "string" && v !== "" ? v : null;
}

function party(v: unknown): LogParty {
  const r = isRec(v) ? v : {};
  return { id: str(r.id), type: str(r.type), alternateId: str(r.alternateId), displayName: str(r.displayName) };
}

function scalar(v: unknown): string | null {
  if (typeof v === "string") return v === "" || v === "null" ? null : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return iso(v);
  return null;
}

/** Nested records flattened to "a.b" labels, scalars only, bounded. */
function pairs(v: unknown, prefix = "", out: Array<[string, string]> = [], depth = 0): Array<[string, string]> {
  if (!isRec(v) || depth > 3) return out;
  for (const [k, x] of Object.entries(v)) {
    if (out.length >= 40) break;
    const label = prefix ? `${prefix}.${k}` : k;
    const s = scalar(x);
    if (s !== null) out.push([label, s.slice(0, 500)]);
    else if (isRec(x)) pairs(x, label, out, depth + 1);
  }
  return out;
}

export function toLogEvent(e: unknown): LogEventView {
  const r = isRec(e) ? e : {};
  const outcome = isRec(r.outcome) ? r.outcome : {};
  const client = isRec(r.client) ? r.client : {};
  const ua = isRec(client.userAgent) ? client.userAgent : {};
  const geo = isRec(client.geographicalContext) ? client.geographicalContext : {};
  const point = isRec(geo.geolocation) ? geo.geolocation : {};
  const tx = isRec(r.transaction) ? r.transaction : {};
  const debug = isRec(r.debugContext) && isRec(r.debugContext.debugData) ? r.debugContext.debugData : {};
  const raw = str(ua.rawUserAgent);
  const location = [str(geo.city), str(geo.state), str(geo.country)].filter(Boolean).join(", ");
  const lat = typeof point.lat === "number" ? point.lat : null;
  const lon = typeof point.lon === "number" ? point.lon : null;
  return {
    uuid: String(r.uuid ?? ""),
    published: iso(r.published),
    eventType: str(r.eventType) ?? "",
    displayMessage: str(r.displayMessage),
    severity: str(r.severity),
    outcome: { result: str(outcome.result), reason: str(outcome.reason) },
    actor: party(r.actor),
    targets: Array.isArray(r.target) ? r.target.map(party) : [],
    client: {
      ipAddress: str(client.ipAddress),
      device: str(client.device),
      zone: str(client.zone),
      userAgent: { raw, os: str(ua.os), browser: str(ua.browser) },
      location: location || null,
      geolocation: lat !== null && lon !== null ? { lat, lon } : null,
    },
    authentication: pairs(r.authenticationContext),
    debug: pairs(debug),
    transaction: { id: str(tx.id), type: str(tx.type) },
    attribution: parseAttribution(raw),
  };
}

export interface LogPage {
  events: LogEventView[];
  /** The next (older) page's cursor; null on the last page. */
  nextAfter: string | null;
}

/** ONE bounded request: the page of events newest first. */
export async function readLogPage(okta: OktaGateway, query: OktaLogQuery, options: { after?: string; limit: number }): Promise<LogPage> {
  const collection = await okta.client.systemLogApi.listLogEvents({
    since: query.since,
    until: query.until,
    ...(query.filter ? { filter: query.filter } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(options.after ? { after: options.after } : {}),
    sortOrder: "DESCENDING",
    limit: options.limit,
  });
  const page = await collection.getNextPage();
  return { events: page.slice(0, options.limit).map(toLogEvent), nextAfter: afterFromNextLink(collection.nextUri) };
}

/** One answer to a polling request. */
export interface PollPage {
  events: LogEventView[];
  /** Where the next poll continues. */
  after: string | null;
}

/**
 * Okta's polling request: ASCENDING from `since`, no `until`. Okta answers with a `next` link even
 * when nothing new arrived; the next poll follows it (its `after`).
 */
export async function pollLogs(okta: OktaGateway, query: { since: string; filter?: string; q?: string }, options: { after?: string; limit: number }): Promise<PollPage> {
  const collection = await okta.client.systemLogApi.listLogEvents({
    since: query.since,
    ...(query.filter ? { filter: query.filter } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(options.after ? { after: options.after } : {}),
    sortOrder: "ASCENDING",
    limit: options.limit,
  });
  const page = await collection.getNextPage();
  return { events: page.slice(0, options.limit).map(toLogEvent), after: afterFromNextLink(collection.nextUri) ?? options.after ?? null };
}

/**
 * Where this org's System Log budget stands, from the rate-limit headers the gateway last saw for
 * GET /api/v1/logs (null before the first answer, or for a gateway that is not the console's own).
 */
export function logsRateLimit(okta: OktaGateway, now = Date.now()): { limit: number; remaining: number; resetInMs: number } | null {
  const executor = (okta.client as unknown as { requestExecutor?: unknown }).requestExecutor;
  if (!(executor instanceof ConsoleRequestExecutor)) return null;
  const state = executor.buckets.get(rateLimitBucket(okta.orgUrl, "GET", `${okta.orgUrl}/api/v1/logs`));
  if (!state || now >= state.resetAt) return null;
  return { limit: state.limit, remaining: state.remaining, resetInMs: state.resetAt - now };
}
