// Audit log shapes. No server-only marker: scripts (audit-verify) load these modules through tsx.

/**
 * "attempt": the write-ahead row of a change, appended before the change may touch Okta or the console
 * database; its outcome follows as a separate row (success / failure / denied) whose attemptSeq names it.
 * An attempt without an outcome row means the outcome is unknown (the process died, or the outcome
 * could not be written).
 */
export type AuditOutcome = "attempt" | "success" | "failure" | "denied";

export interface AuditTarget {
  type: string;
  id?: string;
  name?: string;
}

/** What a caller hands to appendAudit. `input` is summarised and redacted before it is stored. */
export interface AuditInput {
  staffId?: string | null;
  staffEmail?: string | null;
  /** Effective role label(s), e.g. "Help Desk" or "Technician, Help Desk". */
  role?: string | null;
  tenantId?: string | null;
  tenantSlug?: string | null;
  /** e.g. "user.unlock", "staff.sign_in", "settings.tenant.update". */
  action: string;
  target?: AuditTarget | null;
  input?: unknown;
  outcome: AuditOutcome;
  errorCode?: string | null;
  errorSummary?: string | null;
  oktaRequestIds?: readonly string[];
  ticketId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** For an outcome row: the seq of the attempt row it settles. */
  attemptSeq?: number | null;
}

/** One stored row, with the JSON columns parsed. */
export interface AuditRecord {
  seq: number;
  at: Date;
  staffId: string | null;
  staffEmail: string | null;
  role: string | null;
  tenantId: string | null;
  tenantSlug: string | null;
  action: string;
  target: AuditTarget | null;
  input: unknown;
  outcome: AuditOutcome;
  errorCode: string | null;
  errorSummary: string | null;
  oktaRequestIds: string[];
  ticketId: string | null;
  ip: string | null;
  userAgent: string | null;
  attemptSeq: number | null;
  /** The AUDIT_KEYS key id of the row's HMAC; null for a legacy (plain SHA-256) row. */
  keyId: string | null;
  prevHash: string;
  hash: string;
}
