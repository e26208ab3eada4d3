// Turns whatever an Okta call threw into plain words for staff. Never returns a stack trace, a URL
// with credentials, or a token. Returns null for errors that are not about Okta or the network (bugs),
// which the action wrapper reports as a generic failure.

import { OrgNetworkRefusedError } from "@/lib/net/errors";

export interface OktaErrorDescription {
  /** Okta's error code (E0000011...), a network code (ECONNREFUSED...) or TIMEOUT. */
  code?: string;
  /** HTTP status, when Okta answered. */
  status?: number;
  /** Short label, e.g. "Invalid API token". */
  summary: string;
  /** One or two sentences a technician can act on. */
  sentence: string;
}

/** Thrown by the gateway when Okta does not answer in time. */
export class OktaTimeoutError extends Error {
  readonly code = "TIMEOUT";
  constructor(readonly timeoutMs: number, readonly path: string) {
    super(`Okta did not answer within ${Math.round(timeoutMs / 1000)} seconds (${path})`);
    this.name = "OktaTimeoutError";
  }
}

/**
 * The SDK's OAuth client does not check the token endpoint's status (in 8.1.0 `Http.errorFilter` is
 * undefined there), so an error body would be cached as the "access token". The gateway checks the
 * answer and throws this instead.
 */
export class OktaOAuthTokenError extends Error {
  readonly code = "OAUTH_TOKEN";
  constructor(
    readonly oauthError: string | undefined,
    readonly oauthDescription: string | undefined,
  ) {
    super(`Okta issued no access token${oauthError ? ` (${oauthError})` : ""}`);
    this.name = "OktaOAuthTokenError";
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "the connection was refused",
  ENOTFOUND: "the host name does not exist",
  EAI_AGAIN: "the host name could not be resolved right now",
  ECONNRESET: "the connection was reset",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
  ETIMEDOUT: "the connection timed out",
  EPIPE: "the connection was closed",
  UND_ERR_SOCKET: "the connection was closed",
  UND_ERR_CONNECT_TIMEOUT: "the connection timed out",
  CERT_HAS_EXPIRED: "its TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "its TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "its TLS certificate chain is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its TLS certificate could not be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: "its TLS certificate does not match the host name",
};

interface HeadersLike {
  get(name: string): string | null;
}

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === "object" && v !== null;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as HeadersLike).get === "function") return (headers as HeadersLike).get(name) ?? undefined;
  if (isRecord(headers)) {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
    const v = key ? headers[key] : undefined;
    return typeof v === "string" ? v : Array.isArray(v) ? String(v[0]) : undefined;
  }
  return undefined;
}

/** Seconds until the rate-limit window resets, from X-Rate-Limit-Reset (and Date for clock skew). */
export function secondsUntilReset(headers: unknown, now = Date.now()): number | undefined {
  const reset = Number(header(headers, "x-rate-limit-reset"));
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  const dateHeader = header(headers, "date");
  const serverNow = dateHeader ? Date.parse(dateHeader) : NaN;
  const base = Number.isFinite(serverNow) ? serverNow : now;
  return Math.max(1, Math.ceil((reset * 1000 - base) / 1000));
}

function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; isRecord(e) && depth < 4; e = e.cause, depth++) {
    const code = e.code ?? e.errno;
    if (typeof code === "string" && code in NETWORK_CODES) return code;
  }
  return undefined;
}

function isTimeout(err: unknown): boolean {
  if (err instanceof OktaTimeoutError) return true;
  if (!isRecord(err)) return false;
  if (err.name === "TimeoutError") return true; // AbortSignal.timeout()
  if (err.name === "FetchError" && err.type === "request-timeout") return true; // node-fetch v2
  return isRecord(err.cause) && err.cause.name === "TimeoutError";
}

function causesText(causes: unknown): string {
  if (!Array.isArray(causes)) return "";
  const texts = causes
    .map((c) => (isRecord(c) && typeof c.errorSummary === "string" ? c.errorSummary : ""))
    .filter(Boolean);
  return texts.length ? ` ${texts.join(" ")}` : "";
}

function ensurePeriod(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** "Not found: Resource not found: 00u1 (User)" -> "user 00u1". */
function notFoundObject(summary: string): string {
  const m = /Resource not found:\s*(.+?)\s*\((\w+)\)\s*$/.exec(summary);
  if (!m) return "the requested object";
  const [, id, type] = m;
  if (type === "Path") return "the requested API path";
  return `the ${type!.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()} ${id}`;
}

/**
 * The scope named by Okta's `insufficient_scope` challenge on a 403 to a service app's call, e.g.
 * `Bearer ..., scope="okta.groups.manage", error="insufficient_scope", ...`.
 */
function missingScope(headers: unknown): string | undefined {
  const challenge = header(headers, "www-authenticate") ?? "";
  if (!/error="insufficient_scope"/.test(challenge)) return undefined;
  return /\bscope="([^"]+)"/.exec(challenge)?.[1] ?? "";
}

function insufficientScope(status: number | undefined, scope: string): OktaErrorDescription {
  return {
    code: "E0000006",
    status,
    summary: "Missing OAuth scope",
    sentence: scope
      ? `Okta refused: the service app's access token does not carry the ${scope} scope. Grant it to the app in Okta (Okta API Scopes) and add it to this org's scopes.`
      : "Okta refused: the service app's access token does not carry the scope this action needs. Check the scopes granted to the app in Okta and this org's scopes.",
  };
}

function describeOktaApiError(err: Rec): OktaErrorDescription {
  const status = typeof err.status === "number" ? err.status : undefined;
  const code = typeof err.errorCode === "string" && err.errorCode ? err.errorCode : undefined;
  const summary = typeof err.errorSummary === "string" ? err.errorSummary : "";
  const url = typeof err.url === "string" ? err.url : "";
  const causes = causesText(err.errorCauses);

  if (url.includes("/oauth2/v1/token") && !code) {
    return {
      status,
      code: "OAUTH_TOKEN",
      summary: "Service app sign-in refused",
      sentence:
        "Okta refused to issue an access token to the service app: check the client id, that the public key is registered on the app with the same key id, and that the scopes are granted.",
    };
  }

  switch (code) {
    case "E0000011":
      return {
        code,
        status,
        summary: "Invalid API token",
        sentence:
          "The API token was rejected by Okta: it is wrong, expired, or was revoked (tokens expire after 30 days unused, or when their admin is deactivated). Rotate the credential with a new token.",
      };
    case "E0000004":
      return { code, status, summary: "Authentication failed", sentence: "Okta rejected the sign-in credentials." };
    case "E0000005":
      return { code, status, summary: "Invalid session", sentence: "Okta rejected the request: the credential is not valid for this org." };
    case "E0000006": {
      const scope = missingScope(err.headers);
      if (scope !== undefined) return insufficientScope(status, scope);
      return {
        code,
        status,
        summary: "Permission denied in Okta",
        sentence:
          "Okta refused: the admin behind this org's credential does not have permission for this action (check its admin role, or the service app's scopes).",
      };
    }
    case "E0000047": {
      const seconds = secondsUntilReset(err.headers);
      return {
        code,
        status,
        summary: "Rate limit reached",
        sentence: `Okta's rate limit for this org was reached; try again in ${seconds ?? 60} seconds.`,
      };
    }
    case "E0000007":
      return {
        code,
        status,
        summary: "Not found in Okta",
        sentence: `Okta could not find ${notFoundObject(summary)}; it may have been deleted or never existed.`,
      };
    case "E0000001":
      return {
        code,
        status,
        summary: "Okta rejected the input",
        sentence: ensurePeriod(`Okta rejected the input: ${summary.replace(/^Api validation failed:\s*/, "")}.${causes}`),
      };
    case "E0000010":
      return {
        code,
        status,
        summary: "Org in read-only mode",
        sentence: "Okta answered that the org is in read-only maintenance mode; nothing was changed. Try again when maintenance ends.",
      };
    case "E0000009":
      return { code, status, summary: "Okta internal error", sentence: "Okta had an internal error; try again in a moment." };
    case "E0000022":
      return { code, status, summary: "Unsupported operation", sentence: "Okta does not support this operation on this endpoint." };
    default:
      break;
  }
  if (status !== undefined && status >= 500) {
    return { code, status, summary: "Okta is unavailable", sentence: `Okta answered with a server error (HTTP ${status}); try again in a moment.` };
  }
  if (status === 429) {
    const seconds = secondsUntilReset(err.headers);
    return { code, status, summary: "Rate limit reached", sentence: `Okta's rate limit for this org was reached; try again in ${seconds ?? 60} seconds.` };
  }
  return {
    code,
    status,
    summary: summary || `Okta error${status ? ` (HTTP ${status})` : ""}`,
    sentence: ensurePeriod(`Okta refused the request: ${summary || `HTTP ${status ?? "error"}`}${causes ? `.${causes}` : ""}`),
  };
}

export function describeOktaError(err: unknown): OktaErrorDescription | null {
  if (!isRecord(err)) return null;

  // The org network guard (lib/net): refused address, redirect, oversized answer. Its message is the sentence.
  if (err instanceof OrgNetworkRefusedError) return { code: err.code, summary: err.summary, sentence: err.message };
  if (err instanceof OktaOAuthTokenError) {
    const why = err.oauthDescription ? ` Okta said: ${ensurePeriod(err.oauthDescription)}` : "";
    return {
      code: "OAUTH_TOKEN",
      summary: "Service app sign-in refused",
      sentence: `Okta refused to issue an access token to the service app: check the client id, that its public key (and key id) is registered on the app, and that the scopes are granted.${why}`,
    };
  }
  if (err.name === "OktaApiError" || (typeof err.errorCode === "string" && typeof err.status === "number")) {
    return describeOktaApiError(err);
  }
  if (err.name === "HttpError" && typeof err.status === "number") {
    const status = err.status;
    // Real orgs have been seen answering a missing scope with an empty-bodied 403 and only the challenge
    // header (okta/okta-sdk-golang#145); the SDK then throws HttpError instead of OktaApiError.
    const scope = status === 403 ? missingScope(err.headers) : undefined;
    if (scope !== undefined) return insufficientScope(status, scope);
    if (status === 429) {
      const seconds = secondsUntilReset(err.headers);
      return { status, summary: "Rate limit reached", sentence: `Okta's rate limit for this org was reached; try again in ${seconds ?? 60} seconds.` };
    }
    if (status >= 500) {
      return { status, summary: "Okta is unavailable", sentence: `The org URL answered with a server error (HTTP ${status}); try again in a moment.` };
    }
    return {
      status,
      summary: "Not an Okta answer",
      sentence: `The org URL answered with HTTP ${status}, but not the way Okta does. Check that the org URL is right.`,
    };
  }
  if (isTimeout(err)) {
    const ms = err instanceof OktaTimeoutError ? err.timeoutMs : undefined;
    return {
      code: "TIMEOUT",
      summary: "Okta did not answer",
      sentence: `Okta did not answer${ms ? ` within ${Math.round(ms / 1000)} seconds` : " in time"}; the org may be slow or unreachable. Try again.`,
    };
  }
  const net = networkCode(err);
  if (net) {
    return {
      code: net,
      summary: "Org URL unreachable",
      sentence: `The org URL did not answer (${NETWORK_CODES[net]}). Check the URL, and that this server can reach it.`,
    };
  }
  if (typeof err.message === "string") {
    if (/Unable to convert private key|Key type .* is not supported|PEM|asn1|DECODER/i.test(err.message)) {
      return {
        code: "PRIVATE_KEY",
        summary: "Unreadable private key",
        sentence: "The service app's private key could not be read: paste the full PEM (PKCS#8 or PKCS#1) or the private JWK.",
      };
    }
    if (err.name === "FetchError" || /^fetch failed$/i.test(err.message)) {
      return { code: "NETWORK", summary: "Org URL unreachable", sentence: "The org URL did not answer. Check the URL, and that this server can reach it." };
    }
  }
  return null;
}
