import "server-only";
// The other half of the timeline: which console action caused an Okta event. Okta records the
// X-Okta-Request-Id of the call that caused an event as its `transaction.id`; the audit row of that
// action keeps the same ids (`oktaRequestIds`). For a page of events the matching rows are read in ONE
// bounded query over the page's time window (never one query per row), then matched in memory.
import type { Db } from "@/lib/db/client";
import type { LogEventView } from "./okta";

export interface AuditLink {
  seq: number;
  /** The write-ahead attempt this outcome settles (the audit page shows the two as one entry). */
  attemptSeq: number | null;
  action: string;
  staffEmail: string | null;
  ticketId: string | null;
  outcome: string;
  at: string;
}

/** The audit row is written after Okta answered; Okta may record the event a little later. */
const BEFORE_MS = 5 * 60_000;
const AFTER_MS = 15 * 60_000;
/** At most this many audit rows are read for one page. */
export const AUDIT_JOIN_LIMIT = 1000;

function ids(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** transaction.id -> the audit row of this org that carried it, for the events of one page. */
export async function auditLinksFor(db: Db, tenantId: string, events: readonly Pick<LogEventView, "published" | "transaction">[]): Promise<Map<string, AuditLink>> {
  const wanted = new Set(events.map((e) => e.transaction.id).filter((x): x is string => !!x));
  const times = events.map((e) => (e.published ? Date.parse(e.published) : NaN)).filter((t) => Number.isFinite(t));
  const out = new Map<string, AuditLink>();
  if (wanted.size === 0 || times.length === 0) return out;
  const rows = await db.auditEvent.findMany({
    where: {
      tenantId,
      at: { gte: new Date(Math.min(...times) - BEFORE_MS), lte: new Date(Math.max(...times) + AFTER_MS) },
      outcome: { in: ["success", "failure"] },
      NOT: { oktaRequestIds: "[]" },
    },
    orderBy: { seq: "desc" },
    take: AUDIT_JOIN_LIMIT,
    select: { seq: true, attemptSeq: true, action: true, staffEmail: true, ticketId: true, outcome: true, at: true, oktaRequestIds: true },
  });
  for (const row of rows) {
    for (const id of ids(row.oktaRequestIds)) {
      if (!wanted.has(id) || out.has(id)) continue;
      out.set(id, {
        seq: row.seq,
        attemptSeq: row.attemptSeq,
        action: row.action,
        staffEmail: row.staffEmail,
        ticketId: row.ticketId,
        outcome: row.outcome,
        at: row.at.toISOString(),
      });
    }
  }
  return out;
}
