// The Log Viewer's filter builder (lib/logs/query.ts): every filter alone and combined, quote
// escaping, the refusals (before any Okta call), retention notes, the URL helper and the CSV cells.
import { describe, expect, it } from "vitest";
import { csvCell, csvEventLine, csvHeader } from "@/lib/logs/csv";
import { EVENT_TYPES, QUICK_VIEWS } from "@/lib/logs/event-types";
import { logViewerHref } from "@/lib/logs/href";
import { checkLogQuery, isIpAddress, parseLogParams, type CheckedLogQuery } from "@/lib/logs/query";
import type { LogEventView } from "@/lib/logs/okta";

const NOW = Date.parse("2026-06-15T12:00:00.000Z");
const ok = (params: Parameters<typeof checkLogQuery>[0], extra?: Parameters<typeof checkLogQuery>[2]): CheckedLogQuery => {
  const r = checkLogQuery(params, NOW, extra);
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.errors)}`);
  return r.query;
};
const refused = (params: Parameters<typeof checkLogQuery>[0]) => {
  const r = checkLogQuery(params, NOW);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.query.okta)}`);
  return r.errors;
};

describe("time window", () => {
  it("defaults to the last 24 hours, bounded by until = now", () => {
    const q = ok({});
    expect(q.range).toBe("24h");
    expect(q.okta).toEqual({ since: "2026-06-14T12:00:00.000Z", until: "2026-06-15T12:00:00.000Z" });
  });
  it.each([
    ["15m", "2026-06-15T11:45:00.000Z"],
    ["1h", "2026-06-15T11:00:00.000Z"],
    ["7d", "2026-06-08T12:00:00.000Z"],
  ] as const)("range %s", (range, since) => {
    expect(ok({ range }).okta.since).toBe(since);
  });
  it("custom range; an until in the future is capped at now", () => {
    expect(ok({ range: "custom", since: "2026-06-01T00:00:00Z", until: "2026-06-02T00:00:00Z" }).okta).toEqual({ since: "2026-06-01T00:00:00.000Z", until: "2026-06-02T00:00:00.000Z" });
    expect(ok({ range: "custom", since: "2026-06-15T00:00:00Z", until: "2026-07-01T00:00:00Z" }).okta.until).toBe("2026-06-15T12:00:00.000Z");
    expect(ok({ since: "2026-06-15T00:00:00Z" }).range).toBe("custom");
  });
  it("refuses until before since, since in the future, over 180 days, malformed dates, unknown ranges", () => {
    expect(refused({ range: "custom", since: "2026-06-02T00:00:00Z", until: "2026-06-01T00:00:00Z" }).until).toBe("The end is before the start.");
    expect(refused({ range: "custom", since: "2026-06-16T00:00:00Z" }).since).toBe("The start is in the future.");
    expect(refused({ range: "custom", since: "2025-06-01T00:00:00Z", until: "2026-06-01T00:00:00Z" }).since).toMatch(/longer than 180 days/);
    expect(refused({ range: "custom", since: "yesterday" }).since).toMatch(/not a date/);
    expect(refused({ range: "custom", since: "2026-06-01T00:00:00Z", until: "2026-13-01" }).until).toMatch(/not a date/);
    expect(refused({ range: "custom" }).since).toMatch(/needs a start/);
    expect(refused({ range: "2w" as never }).range).toMatch(/Choose a time range/);
  });
  it("explains Okta's 90-day retention when the range reaches past it", () => {
    expect(ok({ range: "custom", since: "2026-02-01T00:00:00Z" }).notes[0]).toMatch(/keeps the System Log for 90 days: events before 2026-03-17 are gone/);
    expect(ok({ range: "custom", since: "2026-01-01T00:00:00Z", until: "2026-02-01T00:00:00Z" }).notes[0]).toMatch(/this range has no events/);
    expect(ok({ range: "7d" }).notes).toEqual([]);
  });
});

describe("filters alone", () => {
  it.each([
    [{ actor: "00u1abcdefghijklmno2" }, 'actor.id eq "00u1abcdefghijklmno2"'],
    [{ actor: "ada@acme.example" }, 'actor.alternateId eq "ada@acme.example"'],
    [{ target: "00u1abcdefghijklmno2" }, 'target.id eq "00u1abcdefghijklmno2"'],
    [{ target: "ada@acme.example" }, 'target.alternateId eq "ada@acme.example"'],
    [{ type: "unlock" }, '(eventType eq "user.account.unlock" or eventType eq "user.account.unlock_by_admin")'],
    [{ type: "user.account.unlock" }, 'eventType eq "user.account.unlock"'],
    [{ type: "user-lifecycle" }, 'eventType sw "user.lifecycle."'],
    [{ type: "sign-in-failure" }, '(eventType eq "user.session.start" or eventType eq "user.authentication.sso" or eventType eq "user.authentication.auth_via_mfa" or eventType eq "user.authentication.verify") and outcome.result eq "FAILURE"'],
    [{ outcome: "FAILURE" }, 'outcome.result eq "FAILURE"'],
    [{ outcome: "deny" as never }, 'outcome.result eq "DENY"'],
    [{ ip: "203.0.113.7" }, 'client.ipAddress eq "203.0.113.7"'],
    [{ ip: "2001:db8::1" }, 'client.ipAddress eq "2001:db8::1"'],
    [{ tx: "XaBc-12_3" }, 'transaction.id eq "XaBc-12_3"'],
    [{ view: "lockouts" }, '(eventType eq "user.account.lock" or eventType eq "user.account.lock.limit")'],
    [{ view: "console" }, 'client.userAgent.rawUserAgent co "okta-msp-console/"'],
  ] as const)("%j", (params, filter) => {
    const q = ok(params);
    expect(q.okta.filter).toBe(filter);
    expect(q.okta.q).toBeUndefined();
  });
  it("free text becomes q, whitespace collapsed", () => {
    expect(ok({ q: "  locked   out " }).okta).toMatchObject({ q: "locked out" });
    expect(ok({ q: "locked out" }).okta.filter).toBeUndefined();
  });
  it("every catalogue entry and quick view builds a filter", () => {
    for (const e of EVENT_TYPES) expect(ok({ type: e.key }).okta.filter).toMatch(/^\(?eventType (eq|sw) "/);
    for (const v of QUICK_VIEWS) {
      const q = ok({ view: v.key });
      expect(q.needsServiceAccounts).toBe(v.key === "service-accounts");
    }
  });
  it("service accounts: isolated by actor id once resolved", () => {
    expect(ok({ view: "service-accounts" }, { actorIds: ["00uA", "00uB"] }).okta.filter).toBe('(actor.id eq "00uA" or actor.id eq "00uB")');
    expect(ok({ view: "service-accounts", outcome: "FAILURE" }, { actorIds: ["00uA", "00uB"] }).okta.filter).toBe(
      'outcome.result eq "FAILURE" and (actor.id eq "00uA" or actor.id eq "00uB")',
    );
  });
});

describe("filters combined", () => {
  it("joins with and, parenthesising alternatives", () => {
    const q = ok({ range: "1h", actor: "ada@acme.example", type: "lockout", outcome: "FAILURE", ip: "198.51.100.4", tx: "abc", q: "max attempts" });
    expect(q.okta.filter).toBe(
      'actor.alternateId eq "ada@acme.example" and (eventType eq "user.account.lock" or eventType eq "user.account.lock.limit") and outcome.result eq "FAILURE" and client.ipAddress eq "198.51.100.4" and transaction.id eq "abc"',
    );
    expect(q.okta.q).toBe("max attempts");
    expect(q.okta.since).toBe("2026-06-15T11:00:00.000Z");
  });
  it("a quick view and a type both apply", () => {
    expect(ok({ view: "failed-sign-ins", target: "bob@x.example" }).okta.filter).toBe(
      'target.alternateId eq "bob@x.example" and ((eventType eq "user.session.start" or eventType eq "user.authentication.sso" or eventType eq "user.authentication.auth_via_mfa" or eventType eq "user.authentication.verify") and outcome.result eq "FAILURE")',
    );
  });
});

describe("quote escaping", () => {
  it("escapes quotes and backslashes inside values", () => {
    expect(ok({ actor: 'o"brien\\x@acme.example' }).okta.filter).toBe('actor.alternateId eq "o\\"brien\\\\x@acme.example"');
    expect(ok({ target: '" or actor.id pr or "' }).okta.filter).toBe('target.alternateId eq "\\" or actor.id pr or \\""');
  });
});

describe("refusals", () => {
  it("free text over Okta's limits", () => {
    expect(refused({ q: "a b c d e f g h i j k" }).q).toMatch(/at most 10 words/);
    expect(refused({ q: `x${"y".repeat(40)}` }).q).toMatch(/at most 40 characters/);
    expect(ok({ q: "a b c d e f g h i j" }).okta.q).toBe("a b c d e f g h i j");
    expect(ok({ q: "y".repeat(40) }).okta.q).toHaveLength(40);
  });
  it("malformed values", () => {
    expect(refused({ ip: "300.1.1.1" }).ip).toMatch(/not an IP address/);
    expect(refused({ ip: "hello" }).ip).toMatch(/not an IP address/);
    expect(refused({ type: "Robert'); DROP" }).type).toMatch(/Choose an event type/);
    expect(refused({ outcome: "MAYBE" as never }).outcome).toMatch(/Success, Failure/);
    expect(refused({ view: "everything" as never }).view).toBe("Unknown quick view.");
    expect(refused({ tx: "a b" }).tx).toMatch(/transaction id/);
    expect(refused({ actor: "a\u0000b" }).actor).toMatch(/Okta id or a login/);
    expect(refused({ target: "x".repeat(257) }).target).toMatch(/Okta id or a login/);
  });
  it("several at once", () => {
    expect(Object.keys(refused({ ip: "nope", q: "z".repeat(41) })).sort()).toEqual(["ip", "q"]);
  });
  it("IP addresses", () => {
    for (const ip of ["127.0.0.1", "::1", "2001:db8:0:0:0:0:0:1", "::ffff:192.0.2.1", "fe80::1%eth0"]) expect(isIpAddress(ip), ip).toBe(true);
    for (const ip of ["1.2.3", "1:2:3", "2001::db8::1", "12345::1", "1.2.3.4.5"]) expect(isIpAddress(ip), ip).toBe(false);
  });
});

describe("URL", () => {
  it("logViewerHref keeps the contract; since/until only with custom; default range left out", () => {
    expect(logViewerHref("acme")).toBe("/t/acme/logs");
    expect(logViewerHref("acme", { range: "24h", actor: "ada@x.example", view: "failed-sign-ins" })).toBe("/t/acme/logs?actor=ada%40x.example&view=failed-sign-ins");
    expect(logViewerHref("acme", { range: "1h", since: "2026-01-01T00:00:00Z" })).toBe("/t/acme/logs?range=1h");
    expect(logViewerHref("acme", { range: "custom", since: "2026-01-01T00:00:00Z", tx: "abc" })).toBe("/t/acme/logs?range=custom&since=2026-01-01T00%3A00%3A00Z&tx=abc");
    expect(logViewerHref("acme", { q: "x" }, { after: "c2", prev: ["c1"] })).toBe("/t/acme/logs?q=x&after=c2&prev=c1");
  });
  it("parseLogParams reads strings back and drops bad cursors", () => {
    const href = logViewerHref("acme", { range: "custom", since: "2026-01-01T00:00:00Z", until: "2026-01-02T00:00:00Z", type: "unlock", q: "hi there" }, { after: "abc", prev: ["x", "y"] });
    expect(parseLogParams(new URLSearchParams(href.split("?")[1]))).toEqual({ range: "custom", since: "2026-01-01T00:00:00Z", until: "2026-01-02T00:00:00Z", type: "unlock", q: "hi there", after: "abc", prev: ["x", "y"] });
    expect(parseLogParams({ after: "a,b", q: ["one", "two"], ip: "  " })).toEqual({ q: "one" });
  });
});

describe("CSV", () => {
  it("quotes every cell and neutralises formulas", () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    for (const bad of ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"]) expect(csvCell(bad).startsWith(`"'`), bad).toBe(true);
    expect(csvCell(null)).toBe('""');
    expect(csvHeader().startsWith("\uFEFF\"published\",")).toBe(true);
  });
  it("a row names the technician and ticket from the audit row, else from the User-Agent", () => {
    const e = {
      uuid: "u",
      published: "2026-06-15T11:00:00.000Z",
      eventType: "user.account.unlock",
      displayMessage: "=HYPERLINK()",
      severity: "INFO",
      outcome: { result: "SUCCESS", reason: null },
      actor: { id: "00u1", type: "User", alternateId: "svc@x", displayName: "Svc" },
      targets: [{ id: "00u2", type: "User", alternateId: "ada@x", displayName: "Ada" }],
      client: { ipAddress: "1.2.3.4", device: null, zone: null, userAgent: { raw: "ua", os: null, browser: null }, location: null, geolocation: null },
      authentication: [],
      debug: [],
      transaction: { id: "tx1", type: "WEB" },
      attribution: { staff: "tech@msp.example", ticketId: "INC-1" },
    } satisfies LogEventView;
    expect(csvEventLine(e)).toContain('"\'=HYPERLINK()"');
    expect(csvEventLine(e)).toContain('"Ada <ada@x> (User)"');
    expect(csvEventLine(e).trimEnd().endsWith('"tech@msp.example","INC-1"')).toBe(true);
    const audit = { seq: 9, attemptSeq: 8, action: "user.unlock", staffEmail: "t2@msp.example", ticketId: "INC-2", outcome: "success", at: "" };
    expect(csvEventLine(e, audit).trimEnd().endsWith('"t2@msp.example","INC-2"')).toBe(true);
  });
});
