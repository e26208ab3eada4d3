// The audit log for app code. (Scripts import the modules below directly: they carry no server-only
// marker because `npm run audit:verify` runs them outside Next.)
import "server-only";

export { appendAudit, auditContent } from "./append";
export { queryAudit, toAuditRecord, type AuditFilters, type AuditPage } from "./query";
export { verifyAuditChain, type AuditVerifyResult, type AuditChainProblem } from "./verify";
export { redactInput, inputSummaryJson, REDACTED } from "./redact";
export { GENESIS_HASH } from "./chain";
export type { AuditInput, AuditOutcome, AuditRecord, AuditTarget } from "./types";
