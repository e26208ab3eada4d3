// The hash chain. Two row formats, told apart by the row's keyId:
// - keyed (keyId set, every row written since AUDIT_KEYS): hash = HMAC-SHA-256(key of keyId,
//   prevHash + "\n" + canonical JSON of ["audit-v2", ...content fields, attemptSeq, keyId]). A database
//   writer without the key cannot recompute it, so rewriting a row and the tail after it shows.
// - legacy (keyId null, rows written before keyed chains): hash = SHA-256(prevHash + "\n" + canonical
//   JSON of ["audit-v1", ...content fields]); such rows keep verifying as they are.
// `seq` is not hashed: a row's position is fixed by prevHash, so moving a row (changing its seq or
// swapping rows) shows up as a broken link, which verify names as "reordered".
import crypto from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** The hashed columns, in hashing order. Adding a column means a new format version, never a reorder. */
export const HASHED_FIELDS = [
  "at",
  "staffId",
  "staffEmail",
  "role",
  "tenantId",
  "tenantSlug",
  "action",
  "targetType",
  "targetId",
  "targetName",
  "input",
  "outcome",
  "errorCode",
  "errorSummary",
  "oktaRequestIds",
  "ticketId",
  "ip",
  "userAgent",
] as const;

export type HashedField = (typeof HASHED_FIELDS)[number];
export type AuditContent = { at: Date } & { [K in Exclude<HashedField, "at">]: K extends "action" | "outcome" | "input" | "oktaRequestIds" ? string : string | null };

/** The columns added by keyed rows (also hashed in the keyed format). */
export interface KeyedFields {
  /** For an outcome row: the seq of the attempt row it settles. */
  attemptSeq: number | null;
  keyId: string | null;
}

const LEGACY_FORMAT = "audit-v1";
const KEYED_FORMAT = "audit-v2";

function contentValues(row: AuditContent): unknown[] {
  return HASHED_FIELDS.map((f) => {
    const v = row[f];
    if (f === "at") return (v as Date).toISOString();
    return v ?? null;
  });
}

/** The legacy (unkeyed) canonical form. */
export function canonicalContent(row: AuditContent): string {
  return JSON.stringify([LEGACY_FORMAT, ...contentValues(row)]);
}

/** The keyed canonical form: the content plus the link to the attempt and the key id. */
export function canonicalKeyedContent(row: AuditContent & KeyedFields): string {
  return JSON.stringify([KEYED_FORMAT, ...contentValues(row), row.attemptSeq ?? null, row.keyId]);
}

/** Legacy rows only (keyId null): plain SHA-256. */
export function chainHash(prevHash: string, row: AuditContent): string {
  return crypto.createHash("sha256").update(`${prevHash}\n${canonicalContent(row)}`).digest("hex");
}

/** Keyed rows: HMAC-SHA-256 under the key named by row.keyId. */
export function keyedChainHash(prevHash: string, row: AuditContent & KeyedFields, key: Buffer): string {
  return crypto.createHmac("sha256", key).update(`${prevHash}\n${canonicalKeyedContent(row)}`).digest("hex");
}

export type RowHash = { ok: true; hash: string } | { ok: false; reason: "unknown key"; keyId: string };

/**
 * The hash a stored row must carry: legacy SHA-256 when it has no keyId, else the HMAC under that key
 * (or "unknown key" when the key ring does not hold it: the row cannot be checked here).
 */
export function expectedHash(prevHash: string, row: AuditContent & KeyedFields, keys: ReadonlyMap<string, Buffer>): RowHash {
  if (row.keyId === null) return { ok: true, hash: chainHash(prevHash, row) };
  const key = keys.get(row.keyId);
  if (!key) return { ok: false, reason: "unknown key", keyId: row.keyId };
  return { ok: true, hash: keyedChainHash(prevHash, row, key) };
}
