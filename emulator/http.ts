/**
 * Wire-level helpers shared by every handler: Okta's error object, the API context a handler
 * receives, request-body parsing and Link headers.
 */
import type { IncomingMessage } from "node:http";
import type { EventParty } from "./events.ts";
import type { IdFactory } from "./ids.ts";
import type { LogEventRecord, OidcClientRecord, OrgState, UserRecord } from "./model.ts";
import type { OrgRuntime } from "./store.ts";

export interface ErrorCause {
  errorSummary: string;
}

/** Thrown by handlers; the server turns it into Okta's error object. */
export class OktaError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly errorCauses: ErrorCause[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${errorCode} ${errorSummary}`);
  }
}

export function errorBody(err: OktaError, errorId: string) {
  return {
    errorCode: err.errorCode,
    errorSummary: err.errorSummary,
    errorLink: err.errorCode,
    errorId,
    errorCauses: err.errorCauses,
  };
}

/** Okta's error catalogue, for the errors the emulator raises. */
export const errors = {
  invalidToken: (headers: Record<string, string> = {}) => new OktaError(401, "E0000011", "Invalid token provided", [], headers),
  forbidden: (headers: Record<string, string> = {}) => new OktaError(403, "E0000006", "You do not have permission to perform the requested action", [], headers),
  notFound: (id: string, type: string) => new OktaError(404, "E0000007", `Not found: Resource not found: ${id} (${type})`),
  notFoundPath: () => new OktaError(404, "E0000007", "Not found: Resource not found: the requested path (Path)"),
  methodNotAllowed: (allow: string[]) =>
    new OktaError(405, "E0000022", "The endpoint does not support the provided HTTP method", [], { Allow: allow.join(", ") }),
  malformedBody: () => new OktaError(400, "E0000003", "The request body was not well-formed."),
  validation: (field: string, causes: string[]) =>
    new OktaError(
      400,
      "E0000001",
      `Api validation failed: ${field}`,
      causes.map((c) => ({ errorSummary: c })),
    ),
  invalidSearch: () => new OktaError(400, "E0000031", "Invalid search criteria."),
  badParam: (name: string) =>
    new OktaError(400, "E0000001", `Api validation failed: ${name}`, [{ errorSummary: `${name}: Invalid value` }]),
  rateLimited: (headers: Record<string, string>) =>
    new OktaError(429, "E0000047", "API call exceeded rate limit due to too many requests.", [], headers),
  internal: () => new OktaError(500, "E0000009", "Internal Server Error"),
  // Okta answers 503 with E0000010 while an org is in read-only maintenance; the closest real 503.
  unavailable: () => new OktaError(503, "E0000010", "Service is in read only mode"),
};

/** What a handler returns; the server adds the common headers. */
export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiContext {
  org: OrgState;
  rt: OrgRuntime;
  /** Absolute org URL as the client addressed it, e.g. http://127.0.0.1:8484/orgs/acme */
  orgUrl: string;
  url: URL;
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  requestId: string;
  /** The user behind an SSWS API token; null when a service app's access token authenticated the call. */
  principal: UserRecord | null;
  /** The OAuth service app behind a Bearer access token (null for SSWS). */
  client: OidcClientRecord | null;
  ids: IdFactory;
  userAgent: string;
  ipAddress: string;
  /** Records a System Log event caused by this request (actor = token owner or service app, transaction = request id). */
  emit(eventType: string, displayMessage: string, targets?: EventParty[], outcome?: LogEventRecord["outcome"]): void;
}

export const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw errors.malformedBody();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw errors.malformedBody();
  }
}

/** Builds `Link` header entries; `query` replaces the request's query for the `next` link. */
export function linkHeader(ctx: ApiContext, next?: URLSearchParams): string {
  const base = `${ctx.orgUrl}${ctx.url.pathname.slice(ctx.url.pathname.indexOf("/api/"))}`;
  const self = ctx.url.search ? `${base}${ctx.url.search}` : base;
  const links = [`<${self}>; rel="self"`];
  if (next) links.push(`<${base}?${next.toString()}>; rel="next"`);
  return links.join(", ");
}

/** Parses `limit` the way Okta does: default when absent, clamp to [1, max]; garbage is a 400. */
export function parseLimit(query: URLSearchParams, def: number, max: number): number {
  const raw = query.get("limit");
  if (raw === null || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw errors.badParam("limit");
  if (n < 1) return def;
  return Math.min(n, max);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function boolParam(query: URLSearchParams, name: string, def: boolean): boolean {
  const v = query.get(name);
  if (v === null) return def;
  return v.toLowerCase() === "true";
}
