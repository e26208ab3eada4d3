import { auditExportGet } from "@/lib/audit-view/tenant";

// This org's audit log as CSV, streamed, through the wrapper (lib/audit-view/tenant.ts).
export const GET = auditExportGet;
