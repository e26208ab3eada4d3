// Input summaries for the audit log. Three layers, in this order:
//   1. allowlist: each action names the input fields its row keeps (pickAuditFields); anything else is
//      dropped before it gets here (lib/actions/core.ts);
//   2. secret-looking field names (token, password, …) are replaced at any depth;
//   3. secret-looking VALUES are masked whatever their field name: Okta API tokens, JWTs, PEM blocks,
//      "Bearer …"/"SSWS …" credentials, private JWKs and key JSON, 6–8 digit one-time codes, and long
//      high-entropy base64/hex strings.
// Then long values are cut and the size is bounded.

const SECRET_KEY = /token|secret|password|passcode|passwd|key|credential|authorization|cookie/i;
export const REDACTED = "[redacted]";
const MAX_STRING = 200;
const MAX_ITEMS = 50;
const MAX_DEPTH = 6;
const MAX_JSON = 8_000;

// ---------------------------------------------------------------------------------------------------
// Secret-looking values

/** Private parts of a JWK (RFC 7518): an object with kty and any of these holds a private key. */
const JWK_PRIVATE = ["d", "p", "q", "dp", "dq", "qi", "k"] as const;

const PATTERNS: Array<{ name: string; re: RegExp; keep?: (match: string, ...groups: string[]) => string }> = [
  // PEM blocks (private keys, certificates), also when cut off before the END line.
  { name: "pem", re: /-----BEGIN [A-Z0-9 ]{1,40}-----[\s\S]*?(?:-----END [A-Z0-9 ]{1,40}-----|$)/g },
  // Authorization header values: keep the scheme, mask the credential.
  { name: "auth-scheme", re: /\b(Bearer|SSWS)\s+[A-Za-z0-9._~+/=-]{8,}/gi, keep: (_m, scheme) => `${scheme} ${REDACTED}` },
  // JWTs (JWS compact form; the header always starts with {" = eyJ).
  { name: "jwt", re: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g },
  // Okta API (SSWS) tokens: "00" + 40 characters.
  { name: "okta-token", re: /(?<![A-Za-z0-9_-])00[A-Za-z0-9_-]{40}(?![A-Za-z0-9_-])/g },
  // JSON holding a private key (service account files, JWK sets), embedded in a string.
  { name: "key-json", re: /"(?:private_key|privateKey|private_key_id|client_secret)"\s*:\s*"[^"]*"/g, keep: (m) => m.replace(/:\s*"[^"]*"$/, `: "${REDACTED}"`) },
];

/** Whole-value one-time codes: 6–8 digits, optionally split in two groups ("123 456", "1234-5678"). */
const ONE_TIME_CODE = /^\s*(?:\d{6,8}|\d{3,4}[ -]\d{3,4})\s*$/;

/** Candidates for "long random string": runs of base64 / base64url / hex characters. */
const TOKEN_RUN = /[A-Za-z0-9+/_-]{32,}={0,2}/g;

function shannonBitsPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A run that reads as key material rather than words or a path: hex of 32+ characters with varied
 * digits, or 32+ base64 characters mixing upper case, lower case and digits with high entropy.
 */
function looksRandom(run: string): boolean {
  const body = run.replace(/=+$/, "");
  if (body.length < 32) return false;
  if (/^[0-9a-f]+$/i.test(body)) return shannonBitsPerChar(body) >= 3;
  if (!/[A-Z]/.test(body) || !/[a-z]/.test(body) || !/[0-9]/.test(body)) return false;
  return shannonBitsPerChar(body) >= 4;
}

function maskRandomRuns(s: string): string {
  return s.replace(TOKEN_RUN, (run) => {
    // A path ("/api/v1/users/00u…") is several short segments: judge each segment on its own, unless
    // the run carries base64's tell-tale padding or "+".
    if (run.includes("/") && !/[+=]/.test(run)) {
      return run
        .split("/")
        .map((seg) => (looksRandom(seg) ? REDACTED : seg))
        .join("/");
    }
    return looksRandom(run) ? REDACTED : run;
  });
}

/** True when the string as a whole is JSON holding private key material (a JWK or a key file). */
function isPrivateKeyJson(s: string): boolean {
  const t = s.trim();
  if (!t.startsWith("{") && !t.startsWith("[")) return false;
  try {
    return holdsPrivateKey(JSON.parse(t) as unknown, 0);
  } catch {
    return false;
  }
}

function holdsPrivateKey(v: unknown, depth: number): boolean {
  if (!v || typeof v !== "object" || depth > 4) return false;
  if (Array.isArray(v)) return v.some((x) => holdsPrivateKey(x, depth + 1));
  const o = v as Record<string, unknown>;
  if (isPrivateJwk(o) || typeof o.private_key === "string" || typeof o.privateKey === "string") return true;
  return Object.values(o).some((x) => holdsPrivateKey(x, depth + 1));
}

function isPrivateJwk(o: Record<string, unknown>): boolean {
  return typeof o.kty === "string" && JWK_PRIVATE.some((k) => typeof o[k] === "string");
}

/**
 * The string with every secret-looking part replaced by "[redacted]" (the rest kept, so "token is
 * 00abc…" reads "token is [redacted]"). A whole value that is a one-time code or private-key JSON
 * becomes "[redacted]".
 */
export function maskSecrets(s: string): string {
  if (ONE_TIME_CODE.test(s) || isPrivateKeyJson(s)) return REDACTED;
  let out = s;
  for (const p of PATTERNS) {
    out = out.replace(p.re, (m: string, ...groups: unknown[]) => (p.keep ? p.keep(m, ...(groups.filter((g) => typeof g === "string") as string[])) : REDACTED));
  }
  return maskRandomRuns(out);
}

/** maskSecrets for optional columns (target names, error summaries). */
export function maskSecretsIn<T extends string | null | undefined>(s: T): T {
  return (typeof s === "string" ? maskSecrets(s) : s) as T;
}

/** A number that reads as a one-time code (6–8 digits). */
function isCodeLikeNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 100_000 && n <= 99_999_999;
}

// ---------------------------------------------------------------------------------------------------
// Allowlist

/**
 * The declared fields of an input, nothing else: what an action's `auditFields` keeps. Fields that
 * are absent stay absent (no `undefined` keys).
 */
export function pickAuditFields(input: unknown, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!input || typeof input !== "object") return out;
  const source = input as Record<string, unknown>;
  for (const f of fields) if (Object.prototype.hasOwnProperty.call(source, f) && source[f] !== undefined) out[f] = source[f];
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Summary

function truncate(s: string): string {
  return s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}…(+${s.length - MAX_STRING} chars)` : s;
}

function summarise(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
      // Masked before cutting, so a secret straddling the cut is still recognised.
      return truncate(maskSecrets(value));
    case "number":
      return isCodeLikeNumber(value) ? REDACTED : value;
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "function":
    case "symbol":
      return undefined;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof FormData !== "undefined" && value instanceof FormData) {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of value.entries()) obj[k] = typeof v === "string" ? v : `[file ${v.name}]`;
    return summarise(obj, depth, seen);
  }
  const obj = value as object;
  if (seen.has(obj)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[…]";
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const items = obj.slice(0, MAX_ITEMS).map((v) => summarise(v, depth + 1, seen) ?? null);
      if (obj.length > MAX_ITEMS) items.push(`…(+${obj.length - MAX_ITEMS} items)`);
      return items;
    }
    if (obj instanceof Map) return summarise(Object.fromEntries(obj), depth, seen);
    if (obj instanceof Set) return summarise([...obj], depth, seen);
    // A private JWK under any field name.
    if (isPrivateJwk(obj as Record<string, unknown>)) return REDACTED;
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const [k, v] of Object.entries(obj)) {
      if (n++ >= MAX_ITEMS) {
        out["…"] = `+${Object.keys(obj).length - MAX_ITEMS} keys`;
        break;
      }
      if (SECRET_KEY.test(k)) {
        out[k] = REDACTED;
        continue;
      }
      const s = summarise(v, depth + 1, seen);
      if (s !== undefined) out[k] = s;
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/**
 * A JSON-safe summary of an action's (already allowlisted) input: every key matching a secret-looking
 * name (at any depth) is replaced by "[redacted]", secret-looking values are masked (maskSecrets),
 * strings are cut at 200 characters, arrays and objects at 50 entries, nesting at 6 levels.
 */
export function redactInput(value: unknown): unknown {
  return summarise(value, 0, new WeakSet());
}

/** The stored JSON text of an input summary (bounded in size). */
export function inputSummaryJson(value: unknown): string {
  if (value === undefined) return "{}";
  const json = JSON.stringify(redactInput(value) ?? null);
  return json.length > MAX_JSON ? JSON.stringify({ truncated: true, preview: json.slice(0, MAX_JSON) }) : json;
}
