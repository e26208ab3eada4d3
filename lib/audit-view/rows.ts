// One audit event as the audit pages show it (console-wide /audit and /t/<slug>/audit): serialisable
// for the client table. Browser-safe (types and a pure mapping).
import { formatDateTime } from "@/components/admin/format";
import type { AuditEventRecord } from "@/lib/audit/query";

export interface AuditRowView {
  seq: number;
  at: string;
  atLabel: string;
  staffEmail: string | null;
  role: string | null;
  tenantSlug: string | null;
  action: string;
  target: string | null;
  /** The target's own id (e.g. an Okta user id), for links. */
  targetId: string | null;
  targetType: string | null;
  /** "unknown": a write-ahead attempt whose outcome row is missing. */
  outcome: "success" | "failure" | "denied" | "unknown";
  errorCode: string | null;
  errorSummary: string | null;
  ticketId: string | null;
  oktaRequestIds: string[];
  inputJson: string;
  ip: string | null;
  userAgent: string | null;
  hash: string;
  /** The write-ahead attempt row this event settles (its own seq for an attempt without outcome). */
  attemptSeq: number | null;
  attemptAtLabel: string | null;
  /** Per Okta request id, its events in the org's Log Viewer (pages that offer the viewer). */
  oktaEventLinks?: Array<{ requestId: string; href: string }>;
  /** The Log Viewer on the target (an Okta user or group) around the entry's time. */
  oktaEventsAroundHref?: string;
}

export function targetLabel(target: AuditEventRecord["target"]): string | null {
  return target ? [target.type, target.name ?? target.id].filter(Boolean).join(": ") : null;
}

export function auditRowView(e: AuditEventRecord): AuditRowView {
  return {
    seq: e.seq,
    at: e.at.toISOString(),
    atLabel: formatDateTime(e.at, true),
    staffEmail: e.staffEmail,
    role: e.role,
    tenantSlug: e.tenantSlug,
    action: e.action,
    target: targetLabel(e.target),
    targetId: e.target?.id ?? null,
    targetType: e.target?.type ?? null,
    outcome: e.outcome,
    errorCode: e.errorCode,
    errorSummary: e.errorSummary,
    ticketId: e.ticketId,
    oktaRequestIds: e.oktaRequestIds,
    inputJson: JSON.stringify(e.input, null, 2),
    ip: e.ip,
    userAgent: e.userAgent,
    hash: e.hash,
    attemptSeq: e.attempt?.seq ?? null,
    attemptAtLabel: e.attempt ? formatDateTime(e.attempt.at, true) : null,
  };
}
