// Reading the audit log: filters plus cursor paging by seq, newest first.
import type { Db } from "@/lib/db/client";
import type { AuditOutcome, AuditRecord } from "./types";

export interface AuditFilters {
  tenantId?: string;
  staffId?: string;
  action?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
  /** The `nextCursor` of the previous page: rows with a lower seq follow. */
  cursor?: number;
  limit: number;
}

export interface AuditPage {
  events: AuditRecord[];
  nextCursor: number | null;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

type AuditRow = Awaited<ReturnType<Db["auditEvent"]["findFirstOrThrow"]>>;

export function toAuditRecord(row: AuditRow): AuditRecord {
  return {
    seq: row.seq,
    at: row.at,
    staffId: row.staffId,
    staffEmail: row.staffEmail,
    role: row.role,
    tenantId: row.tenantId,
    tenantSlug: row.tenantSlug,
    action: row.action,
    target: row.targetType ? { type: row.targetType, id: row.targetId ?? undefined, name: row.targetName ?? undefined } : null,
    input: parseJson<unknown>(row.input, {}),
    outcome: row.outcome as AuditOutcome,
    errorCode: row.errorCode,
    errorSummary: row.errorSummary,
    oktaRequestIds: parseJson<string[]>(row.oktaRequestIds, []),
    ticketId: row.ticketId,
    ip: row.ip,
    userAgent: row.userAgent,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** `from` is inclusive, `to` exclusive. `limit` is clamped to 1..200. */
export async function queryAudit(db: Db, filters: AuditFilters): Promise<AuditPage> {
  const limit = Math.min(Math.max(Math.trunc(filters.limit) || 50, 1), 200);
  const at: { gte?: Date; lt?: Date } = {};
  if (filters.from) at.gte = filters.from;
  if (filters.to) at.lt = filters.to;
  const rows = await db.auditEvent.findMany({
    where: {
      ...(filters.tenantId !== undefined ? { tenantId: filters.tenantId } : {}),
      ...(filters.staffId !== undefined ? { staffId: filters.staffId } : {}),
      ...(filters.action !== undefined ? { action: filters.action } : {}),
      ...(filters.outcome !== undefined ? { outcome: filters.outcome } : {}),
      ...(filters.from || filters.to ? { at } : {}),
      ...(filters.cursor !== undefined ? { seq: { lt: filters.cursor } } : {}),
    },
    orderBy: { seq: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    events: page.map(toAuditRecord),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null,
  };
}
