import { expect, it } from "vitest";
import { ANONYMOUS_ROWS_PER_MINUTE, admitAnonymousAudit } from "@/lib/actions/anonymous-audit";

it("audits anonymous refusals up to a limit per action and minute, then reports what it skipped", () => {
  const t0 = 1_000_000;
  const first = Array.from({ length: ANONYMOUS_ROWS_PER_MINUTE + 5 }, (_, i) => admitAnonymousAudit("flood.test", t0 + i));
  expect(first.filter((r) => r.write)).toHaveLength(ANONYMOUS_ROWS_PER_MINUTE);
  expect(first.slice(ANONYMOUS_ROWS_PER_MINUTE).every((r) => !r.write)).toBe(true);
  // Another action has its own budget.
  expect(admitAnonymousAudit("other.test", t0).write).toBe(true);
  // The next minute's first row carries the count of the skipped ones.
  expect(admitAnonymousAudit("flood.test", t0 + 60_000)).toEqual({ write: true, suppressedBefore: 5 });
});
