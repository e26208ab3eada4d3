// Reading the audit log: filters plus cursor paging by seq, newest first. queryAudit pages raw rows;
// queryAuditEvents pages what a person reads as events (an attempt and its outcome are one event).
import type { Db } from "@/lib/db/client";
import type { AuditOutcome, AuditRecord } from "./types";

export interface AuditFilters {
  tenantId?: string;
  staffId?: string;
  action?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
  /** The target's id or its name (e.g. an Okta user id or login), exact. */
  target?: string;
  /** Ticket ID, exact. */
  ticketId?: string;
  /** One event: the row with this seq, or the outcome row that settles the attempt with this seq. */
  seq?: number;
  /** The `nextCursor` of the previous page: rows with a lower seq follow. */
  cursor?: number;
  limit: number;
}

/** The row filters shared by queryAudit and queryAuditEvents (outcome and cursor aside). */
function rowWhere(filters: Omit<AuditFilters, "outcome" | "cursor" | "limit">) {
  const at: { gte?: Date; lt?: Date } = {};
  if (filters.from) at.gte = filters.from;
  if (filters.to) at.lt = filters.to;
  const or: object[][] = [];
  if (filters.target !== undefined) or.push([{ targetId: filters.target }, { targetName: filters.target }]);
  if (filters.seq !== undefined) or.push([{ seq: filters.seq }, { attemptSeq: filters.seq }]);
  return {
    ...(filters.tenantId !== undefined ? { tenantId: filters.tenantId } : {}),
    ...(filters.staffId !== undefined ? { staffId: filters.staffId } : {}),
    ...(filters.action !== undefined ? { action: filters.action } : {}),
    ...(filters.ticketId !== undefined ? { ticketId: filters.ticketId } : {}),
    ...(filters.from || filters.to ? { at } : {}),
    ...(or.length ? { AND: or.map((OR) => ({ OR })) } : {}),
  };
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
    attemptSeq: row.attemptSeq,
    keyId: row.keyId,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** `from` is inclusive, `to` exclusive. `limit` is clamped to 1..200. */
export async function queryAudit(db: Db, filters: AuditFilters): Promise<AuditPage> {
  const limit = Math.min(Math.max(Math.trunc(filters.limit) || 50, 1), 200);
  const rows = await db.auditEvent.findMany({
    where: {
      ...rowWhere(filters),
      ...(filters.outcome !== undefined ? { outcome: filters.outcome } : {}),
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

// ---------------------------------------------------------------------------------------------------
// Events: an attempt row and the outcome row that settles it read as one event

export type AuditEventOutcome = Exclude<AuditOutcome, "attempt"> | "unknown";

/**
 * One event: a standalone row (sign-in, denial, legacy row), an outcome row joined with its attempt,
 * or an attempt without an outcome ("unknown": the process stopped, or the outcome could not be
 * written). Fields come from the outcome row when there is one (its target may be refined).
 */
export interface AuditEventRecord extends Omit<AuditRecord, "outcome"> {
  outcome: AuditEventOutcome;
  /** The write-ahead attempt row of this event, when it had one. */
  attempt: { seq: number; at: Date } | null;
}

export interface AuditEventFilters extends Omit<AuditFilters, "outcome"> {
  outcome?: AuditEventOutcome;
}

export interface AuditEventPage {
  events: AuditEventRecord[];
  /** Rows with a lower seq follow (pass as `cursor`). */
  nextCursor: number | null;
}

/** Rows read per page at most, so an "unknown" filter over a long log stays bounded. */
const MAX_SCAN = 2_000;

/**
 * Events newest first. Attempt rows whose outcome row exists are folded into that outcome (which
 * appears at its own, later seq); attempts without one are returned as outcome "unknown". Filters
 * match rows (an attempt and its outcome carry the same staff, org and action).
 */
export async function queryAuditEvents(db: Db, filters: AuditEventFilters): Promise<AuditEventPage> {
  const limit = Math.min(Math.max(Math.trunc(filters.limit) || 50, 1), 200);
  const outcomeWhere = filters.outcome === undefined ? {} : { outcome: filters.outcome === "unknown" ? "attempt" : filters.outcome };
  const where = { ...rowWhere(filters), ...outcomeWhere };

  const events: AuditEventRecord[] = [];
  let cursor = filters.cursor;
  let scanned = 0;
  const olderWhere = () => ({ ...where, ...(cursor !== undefined ? { seq: { lt: cursor } } : {}) });
  while (events.length < limit) {
    if (scanned >= MAX_SCAN) return { events, nextCursor: cursor ?? null };
    const rows = await db.auditEvent.findMany({ where: olderWhere(), orderBy: { seq: "desc" }, take: limit });
    if (rows.length === 0) return { events, nextCursor: null };
    scanned += rows.length;
    const attemptSeqs = rows.filter((r) => r.outcome === "attempt").map((r) => r.seq);
    const linkedSeqs = rows.flatMap((r) => (r.attemptSeq !== null ? [r.attemptSeq] : []));
    const [settlements, attempts] = await Promise.all([
      attemptSeqs.length ? db.auditEvent.findMany({ where: { attemptSeq: { in: attemptSeqs } }, select: { attemptSeq: true } }) : [],
      linkedSeqs.length ? db.auditEvent.findMany({ where: { seq: { in: linkedSeqs }, outcome: "attempt" }, select: { seq: true, at: true } }) : [],
    ]);
    const settled = new Set(settlements.map((x) => x.attemptSeq));
    const attemptAt = new Map(attempts.map((a) => [a.seq, a.at]));
    for (const row of rows) {
      if (events.length >= limit) break;
      cursor = row.seq;
      const record = toAuditRecord(row);
      if (row.outcome === "attempt") {
        // Settled: its outcome row (at a later seq) is the event.
        if (!settled.has(row.seq)) events.push({ ...record, outcome: "unknown", attempt: { seq: row.seq, at: row.at } });
        continue;
      }
      const linked = row.attemptSeq;
      events.push({
        ...record,
        outcome: record.outcome as Exclude<AuditOutcome, "attempt">,
        attempt: linked !== null ? { seq: linked, at: attemptAt.get(linked) ?? row.at } : null,
      });
    }
  }
  const more = await db.auditEvent.findFirst({ where: olderWhere(), select: { seq: true } });
  return { events, nextCursor: more ? (cursor ?? null) : null };
}
