// The timeline join (lib/timeline/join.ts): audit rows and System Log events meet on Okta's request id
// (transaction.id); an event without a matching row is attributed from the console's User-Agent
// extension; nothing else is ever attributed or linked.
import { describe, expect, it } from "vitest";
import { attributeEvent, eventsByAuditRow, indexByRequestId, joinTimeline, type JoinAuditRow, type JoinOktaEvent } from "@/lib/timeline/join";
import { withAttribution } from "@/lib/okta/attribution";

const row = (seq: number, at: string, ids: string[], extra: Partial<JoinAuditRow> = {}): JoinAuditRow => ({
  seq,
  at,
  staffEmail: "tech@msp.example",
  ticketId: `INC-${seq}`,
  oktaRequestIds: ids,
  ...extra,
});
const event = (uuid: string, published: string, transactionId: string | null, userAgent: string | null = null): JoinOktaEvent => ({ uuid, published, transactionId, userAgent });
const consoleUa = (staff: string, ticketId?: string) => withAttribution("okta-sdk-nodejs/8.1.0 node/22", { staff, ticketId });

describe("attributeEvent", () => {
  it("matches by request id first: the audit row's staff member and ticket, with its entry", () => {
    const rows = [row(7, "2026-12-01T10:00:00.000Z", ["req-a", "req-b"])];
    const e = event("e1", "2026-12-01T10:00:01.000Z", "req-b", consoleUa("someone.else@msp.example", "OTHER-1"));
    // The User-Agent claims someone else: the audit row (the proof) wins.
    expect(attributeEvent(e, indexByRequestId(rows))).toEqual({ via: "request_id", staff: "tech@msp.example", ticketId: "INC-7", auditSeq: 7 });
  });

  it("falls back to the console's User-Agent extension when no row carries the transaction id", () => {
    const e = event("e2", "2026-12-01T10:00:01.000Z", "req-unknown", consoleUa("help@msp.example", "INC-9"));
    expect(attributeEvent(e, indexByRequestId([row(1, "2026-12-01T09:00:00.000Z", ["req-a"])]))).toEqual({ via: "user_agent", staff: "help@msp.example", ticketId: "INC-9" });
    expect(attributeEvent(event("e3", "2026-12-01T10:00:00.000Z", null, consoleUa("help@msp.example")), new Map())).toEqual({ via: "user_agent", staff: "help@msp.example", ticketId: null });
  });

  it("attributes nothing to events the console did not cause", () => {
    const rows = indexByRequestId([row(1, "2026-12-01T09:00:00.000Z", ["req-a"])]);
    expect(attributeEvent(event("e4", "2026-12-01T10:00:00.000Z", "req-z", "Mozilla/5.0 (X11; Linux x86_64)"), rows)).toBeNull();
    expect(attributeEvent(event("e5", "2026-12-01T10:00:00.000Z", null, null), rows)).toBeNull();
    // A transaction id that merely contains a row's request id is not that request.
    expect(attributeEvent(event("e6", "2026-12-01T10:00:00.000Z", "req-a-2", null), rows)).toBeNull();
    expect(attributeEvent(event("e7", "2026-12-01T10:00:00.000Z", "REQ-A", null), rows)).toBeNull();
  });
});

describe("eventsByAuditRow", () => {
  it("links each row to the events of each of its request ids, and rows without events to none", () => {
    const rows = [row(1, "2026-12-01T09:00:00.000Z", ["r1", "r2"]), row(2, "2026-12-01T09:05:00.000Z", ["r3"]), row(3, "2026-12-01T09:06:00.000Z", [])];
    const events = [event("a", "2026-12-01T09:00:01Z", "r1"), event("b", "2026-12-01T09:00:02Z", "r2"), event("c", "2026-12-01T09:00:03Z", "r9"), event("d", "2026-12-01T09:05:01Z", "r3")];
    const linked = eventsByAuditRow(rows, events);
    expect(linked.get(1)?.map((e) => e.uuid)).toEqual(["a", "b"]);
    expect(linked.get(2)?.map((e) => e.uuid)).toEqual(["d"]);
    expect(linked.has(3)).toBe(false);
  });
});

describe("joinTimeline", () => {
  it("merges newest first, nests caused events under their row (not repeated) and attributes the rest", () => {
    const rows = [row(10, "2026-12-01T10:00:00.000Z", ["req-unlock"]), row(12, "2026-12-01T12:00:00.000Z", ["req-reset"], { ticketId: null })];
    const events = [
      event("signin", "2026-12-01T11:00:00.000Z", "okta-own-tx", "Mozilla/5.0"),
      event("unlock", "2026-12-01T10:00:00.500Z", "req-unlock", consoleUa("tech@msp.example", "INC-10")),
      event("later", "2026-12-01T13:00:00.000Z", "req-not-read", consoleUa("help@msp.example", "INC-77")),
      event("reset2", "2026-12-01T12:00:02.000Z", "req-reset"),
      event("reset1", "2026-12-01T12:00:01.000Z", "req-reset"),
    ];
    const items = joinTimeline(rows, events);
    expect(items.map((i) => (i.kind === "console" ? `console#${i.row.seq}` : `okta:${i.event.uuid}`))).toEqual(["okta:later", "console#12", "okta:signin", "console#10"]);
    const reset = items[1]!;
    expect(reset.kind === "console" && reset.events.map((e) => e.uuid)).toEqual(["reset1", "reset2"]);
    const later = items[0]!;
    expect(later.kind === "okta" && later.attribution).toEqual({ via: "user_agent", staff: "help@msp.example", ticketId: "INC-77" });
    const signin = items[2]!;
    expect(signin.kind === "okta" && signin.attribution).toBeNull();
  });

  it("keeps a console row before an event at the same instant, and works with either side empty", () => {
    const at = "2026-12-01T10:00:00.000Z";
    const items = joinTimeline([row(1, at, [])], [event("x", at, null)]);
    expect(items.map((i) => i.kind)).toEqual(["console", "okta"]);
    expect(joinTimeline([], [])).toEqual([]);
    expect(joinTimeline([row(2, at, ["r"])], []).map((i) => i.kind)).toEqual(["console"]);
  });
});
