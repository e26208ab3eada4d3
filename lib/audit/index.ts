// The audit log for app code. (Scripts import the modules below directly: they carry no server-only
// marker because `npm run audit:verify` runs them outside Next.)
import "server-only";

export { appendAudit, auditContent } from "./append";
export {
  queryAudit,
  queryAuditEvents,
  toAuditRecord,
  type AuditEventFilters,
  type AuditEventOutcome,
  type AuditEventPage,
  type AuditEventRecord,
  type AuditFilters,
  type AuditPage,
} from "./query";
export { verifyAuditChain, describeSegments, type AuditVerifyResult, type AuditChainProblem, type AuditKeySegment } from "./verify";
export { redactInput, inputSummaryJson, maskSecrets, pickAuditFields, REDACTED } from "./redact";
export { GENESIS_HASH } from "./chain";
export type { AuditInput, AuditOutcome, AuditRecord, AuditTarget } from "./types";
