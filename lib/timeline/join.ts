// One timeline from two logs (pure; browser-safe): the console's audit rows and Okta's System Log
// events. The join key is Okta's request id: the console stores each call's X-Okta-Request-Id in the
// audit row (oktaRequestIds) and Okta records it on the events that call caused as transaction.id.
//
//  - An audit row links to the Okta events whose transaction id is one of its request ids.
//  - An Okta event the console caused names its technician and Ticket ID: from the audit row with its
//    transaction id when there is one (the proof: the console recorded that request), else from the
//    console's User-Agent extension Okta recorded on the event (lib/okta/attribution.ts), e.g. for
//    events Okta emits later or outside the rows read. The extension is only what a caller claimed, so
//    it is marked as such; an event whose agent is not the console's is not attributed at all.
import { parseAttribution } from "@/lib/okta/attribution";

/** What the join needs of an audit row (an event: an attempt folded into its outcome). */
export interface JoinAuditRow {
  seq: number;
  /** ISO instant. */
  at: string;
  staffEmail: string | null;
  ticketId: string | null;
  oktaRequestIds: readonly string[];
}

/** What the join needs of a System Log event. */
export interface JoinOktaEvent {
  uuid: string;
  /** ISO instant. */
  published: string | null;
  transactionId: string | null;
  /** client.userAgent.rawUserAgent */
  userAgent: string | null;
}

export type Attribution =
  | { via: "request_id"; staff: string | null; ticketId: string | null; auditSeq: number }
  | { via: "user_agent"; staff: string; ticketId: string | null };

/** Audit rows by each of their Okta request ids (a request id belongs to one action; the newest row wins). */
export function indexByRequestId<R extends JoinAuditRow>(rows: readonly R[]): Map<string, R> {
  const out = new Map<string, R>();
  for (const row of rows) for (const id of row.oktaRequestIds) if (id && !out.has(id)) out.set(id, row);
  return out;
}

/** Who the console says caused `event`: by request id first, by the User-Agent extension second, else null. */
export function attributeEvent(event: JoinOktaEvent, byRequestId: ReadonlyMap<string, JoinAuditRow>): Attribution | null {
  const row = event.transactionId ? byRequestId.get(event.transactionId) : undefined;
  if (row) return { via: "request_id", staff: row.staffEmail, ticketId: row.ticketId, auditSeq: row.seq };
  const ua = parseAttribution(event.userAgent);
  return ua ? { via: "user_agent", staff: ua.staff, ticketId: ua.ticketId } : null;
}

/** The events each audit row caused, by seq (rows without any are absent). */
export function eventsByAuditRow<E extends JoinOktaEvent>(rows: readonly JoinAuditRow[], events: readonly E[]): Map<number, E[]> {
  const byRequest = indexByRequestId(rows);
  const out = new Map<number, E[]>();
  for (const e of events) {
    const row = e.transactionId ? byRequest.get(e.transactionId) : undefined;
    if (row) (out.get(row.seq) ?? out.set(row.seq, []).get(row.seq)!).push(e);
  }
  return out;
}

export type TimelineItem<R extends JoinAuditRow, E extends JoinOktaEvent> =
  | { kind: "console"; at: string; row: R; events: E[] }
  | { kind: "okta"; at: string; event: E; attribution: Attribution | null };

const time = (iso: string | null): number => {
  const t = iso ? new Date(iso).getTime() : NaN;
  return Number.isNaN(t) ? 0 : t;
};

/**
 * The merged timeline, newest first: every audit row with the Okta events it caused (nested, oldest
 * first, and not repeated on their own), then every other Okta event with its attribution when known.
 * Ties keep the console row first (its events follow it in time).
 */
export function joinTimeline<R extends JoinAuditRow, E extends JoinOktaEvent>(rows: readonly R[], events: readonly E[]): Array<TimelineItem<R, E>> {
  const byRequest = indexByRequestId(rows);
  const caused = eventsByAuditRow(rows, events);
  const items: Array<TimelineItem<R, E>> = rows.map((row) => ({
    kind: "console" as const,
    at: row.at,
    row,
    events: [...(caused.get(row.seq) ?? [])].sort((a, b) => time(a.published) - time(b.published)),
  }));
  for (const e of events) {
    if (e.transactionId && byRequest.has(e.transactionId)) continue;
    items.push({ kind: "okta", at: e.published ?? "", event: e, attribution: attributeEvent(e, byRequest) });
  }
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => time(b.item.at) - time(a.item.at) || (a.item.kind === b.item.kind ? a.index - b.index : a.item.kind === "console" ? -1 : 1))
    .map(({ item }) => item);
}
