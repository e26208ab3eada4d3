import { beforeEach, expect, it } from "vitest";
import { ANONYMOUS_ROWS_PER_MINUTE, admitAnonymousAudit } from "@/lib/actions/anonymous-audit";
import { AuditAdmission, TokenBucket, anonymousRefusals } from "@/lib/actions/audit-throttle";

beforeEach(() => anonymousRefusals.reset());

it("audits anonymous refusals up to a limit per action and minute, one summary row, then reports what it skipped", () => {
  const t0 = 1_000_000;
  const first = Array.from({ length: ANONYMOUS_ROWS_PER_MINUTE + 5 }, (_, i) => admitAnonymousAudit("flood.test", t0 + i));
  expect(first.filter((r) => r.write)).toHaveLength(ANONYMOUS_ROWS_PER_MINUTE + 1);
  expect(first.filter((r) => r.summary)).toEqual([{ write: true, summary: true, suppressedBefore: 0 }]);
  expect(first[ANONYMOUS_ROWS_PER_MINUTE]?.summary).toBe(true);
  expect(first.slice(ANONYMOUS_ROWS_PER_MINUTE + 1).every((r) => !r.write)).toBe(true);
  // Another action has its own budget.
  expect(admitAnonymousAudit("other.test", t0).write).toBe(true);
  // The next minute's first row carries the count of the skipped ones.
  expect(admitAnonymousAudit("flood.test", t0 + 60_000)).toEqual({ write: true, summary: false, suppressedBefore: 4 });
});

it("without a summary row, admits exactly `limit` rows per window (rate-limit refusals: one a minute)", () => {
  const once = new AuditAdmission({ limit: 1, windowMs: 60_000, summaryRow: false, describe: (k) => k });
  const t0 = 5_000;
  expect(once.admit("s1", t0)).toEqual({ write: true, summary: false, suppressedBefore: 0 });
  expect(once.admit("s1", t0 + 10).write).toBe(false);
  expect(once.admit("s1", t0 + 59_999).write).toBe(false);
  expect(once.admit("s2", t0 + 20).write).toBe(true);
  expect(once.admit("s1", t0 + 60_000)).toEqual({ write: true, summary: false, suppressedBefore: 2 });
});

it("token bucket: a burst, then the sustained rate, with a retry-after", () => {
  const bucket = new TokenBucket({ perMinute: 60, burst: 3 });
  const t0 = 10_000;
  expect([1, 2, 3].map(() => bucket.take("a", t0).ok)).toEqual([true, true, true]);
  const refused = bucket.take("a", t0);
  expect(refused).toEqual({ ok: false, retryAfterMs: 1000 });
  expect(bucket.take("b", t0).ok).toBe(true); // per key
  expect(bucket.take("a", t0 + 500)).toEqual({ ok: false, retryAfterMs: 500 });
  expect(bucket.take("a", t0 + 1000).ok).toBe(true); // one token a second
  expect(bucket.take("a", t0 + 1000).ok).toBe(false);
  // A long pause refills to the burst, not beyond.
  expect([1, 2, 3, 4].map(() => bucket.take("a", t0 + 600_000).ok)).toEqual([true, true, true, false]);
});
