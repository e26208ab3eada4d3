// The hash chain: each row's hash = SHA-256(prevHash + "\n" + canonical JSON of its content fields in a
// fixed order). `seq` is not hashed: a row's position is fixed by prevHash, so moving a row (changing
// its seq or swapping rows) shows up as a broken link, which verify names as "reordered".
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

const FORMAT = "audit-v1";

export function canonicalContent(row: AuditContent): string {
  const values = HASHED_FIELDS.map((f) => {
    const v = row[f];
    if (f === "at") return (v as Date).toISOString();
    return v ?? null;
  });
  return JSON.stringify([FORMAT, ...values]);
}

export function chainHash(prevHash: string, row: AuditContent): string {
  return crypto.createHash("sha256").update(`${prevHash}\n${canonicalContent(row)}`).digest("hex");
}
