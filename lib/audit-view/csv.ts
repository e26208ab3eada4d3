// CSV of audit events (browser-safe, pure), with the Log Viewer export's cell rules (lib/logs/csv.ts):
// every cell quoted, and a cell a spreadsheet would run as a formula (= + - @, tab, carriage return)
// prefixed with an apostrophe, so an input summary or a user agent cannot run in the reader's
// spreadsheet (formula injection).
import type { AuditEventRecord } from "@/lib/audit/query";
import { csvLine } from "@/lib/logs/csv";

export { CSV_BOM, csvCell, csvLine } from "@/lib/logs/csv";

export const AUDIT_CSV_HEADER = [
  "entry",
  "time (UTC)",
  "staff",
  "role",
  "org",
  "action",
  "target type",
  "target id",
  "target name",
  "outcome",
  "error code",
  "error summary",
  "ticket id",
  "okta request ids",
  "ip",
  "user agent",
  "input (secrets removed)",
  "attempt entry",
  "hash",
] as const;

export function auditCsvRow(e: AuditEventRecord): string {
  return csvLine([
    e.seq,
    e.at.toISOString(),
    e.staffEmail,
    e.role,
    e.tenantSlug,
    e.action,
    e.target?.type,
    e.target?.id,
    e.target?.name,
    e.outcome,
    e.errorCode,
    e.errorSummary,
    e.ticketId,
    e.oktaRequestIds.join(" "),
    e.ip,
    e.userAgent,
    JSON.stringify(e.input),
    e.attempt?.seq,
    e.hash,
  ]);
}
