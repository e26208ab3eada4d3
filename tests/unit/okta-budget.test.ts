// The org rate-limit budget (lib/okta/budget.ts): Okta's headers set each bucket, bulk work leaves a
// reserve and waits for the reset, interactive requests go first for connection slots, a cancelled
// job's waits stop at once; and which requests the gateway may send again after a failure.
import { describe, expect, it } from "vitest";
import { OktaRequestAbortedError, OrgBudget } from "@/lib/okta/budget";
import { rateLimitBucket, retryableAfterFailure } from "@/lib/okta/gateway";

function answer(status: number, h: { limit?: number; remaining?: number; reset?: number; date?: number }) {
  const headers = new Map<string, string>();
  if (h.limit !== undefined) headers.set("x-rate-limit-limit", String(h.limit));
  if (h.remaining !== undefined) headers.set("x-rate-limit-remaining", String(h.remaining));
  if (h.reset !== undefined) headers.set("x-rate-limit-reset", String(h.reset));
  if (h.date !== undefined) headers.set("date", new Date(h.date).toUTCString());
  return { status, headers: { get: (n: string) => headers.get(n.toLowerCase()) ?? null } };
}

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0); // a whole second

describe("OrgBudget: buckets from Okta's headers", () => {
  it("takes the figures of a new window, keeps the lower figure within a window, ignores late answers", () => {
    const b = new OrgBudget({ resetMarginMs: 0 });
    b.observe("GET /u", answer(200, { limit: 60, remaining: 59, reset: T0 / 1000 + 3, date: T0 }), T0);
    expect(b.buckets.get("GET /u")).toMatchObject({ limit: 60, remaining: 59, resetAt: T0 + 3000 });
    // Another instance spent some: Okta's lower figure wins.
    b.observe("GET /u", answer(200, { limit: 60, remaining: 40, reset: T0 / 1000 + 3, date: T0 }), T0 + 10);
    expect(b.buckets.get("GET /u")!.remaining).toBe(40);
    // A higher figure of the same window does not undo our own spending.
    b.observe("GET /u", answer(200, { limit: 60, remaining: 50, reset: T0 / 1000 + 3, date: T0 }), T0 + 20);
    expect(b.buckets.get("GET /u")!.remaining).toBe(40);
    // The next window.
    b.observe("GET /u", answer(200, { limit: 60, remaining: 58, reset: T0 / 1000 + 6, date: T0 + 3000 }), T0 + 3010);
    expect(b.buckets.get("GET /u")).toMatchObject({ remaining: 58, resetAt: T0 + 6000 });
    // A late answer from the earlier window changes nothing.
    b.observe("GET /u", answer(200, { limit: 60, remaining: 1, reset: T0 / 1000 + 3, date: T0 + 2000 }), T0 + 3020);
    expect(b.buckets.get("GET /u")!.remaining).toBe(58);
  });

  it("an answer's figure counts the requests sent before it, not those sent after it", async () => {
    const b = new OrgBudget({ resetMarginMs: 0, maxBulkInFlight: 8 });
    const tickets = await Promise.all(Array.from({ length: 8 }, () => b.acquire("GET /r", "bulk")));
    // Okta counted all 8 before answering the first: 60 - 8 = 52 left; 7 were sent after the first.
    const first = answer(200, { limit: 60, remaining: 52, reset: Math.ceil(Date.now() / 1000) + 3, date: Date.now() });
    b.release(tickets[0]!, first);
    expect(b.buckets.get("GET /r")!.remaining).toBe(45);
    // The last one sent: nothing was sent after it, so Okta's 52 is the whole truth (not 52 - 7 in flight).
    b.observe("GET /r", first, Date.now(), tickets[7]!.seq);
    expect(b.buckets.get("GET /r")!.remaining).toBe(45); // the same window keeps the lower estimate
    const fresh = new OrgBudget({ resetMarginMs: 0 });
    const t = await Promise.all(Array.from({ length: 8 }, () => fresh.acquire("GET /r", "bulk")));
    fresh.release(t[7]!, first);
    expect(fresh.buckets.get("GET /r")!.remaining).toBe(52);
  });

  it("a concurrency 429 does not overwrite the bucket's window", () => {
    const b = new OrgBudget();
    b.observe("GET /u", answer(200, { limit: 600, remaining: 500, reset: T0 / 1000 + 60, date: T0 }), T0);
    b.observe("GET /u", answer(429, { limit: 75, remaining: 0, reset: T0 / 1000 + 1, date: T0 }), T0);
    expect(b.buckets.get("GET /u")).toMatchObject({ limit: 600, remaining: 500 });
  });

  it("turns X-Rate-Limit-Reset into local time with the Date header (the smallest offset seen)", () => {
    const b = new OrgBudget({ resetMarginMs: 0 });
    // This machine's clock runs 5 s ahead of Okta's; answers arrive 0-900 ms into a second.
    for (const late of [900, 300, 20, 600]) b.observe("GET /x", answer(200, { limit: 10, remaining: 9, reset: T0 / 1000 + 2, date: T0 }), T0 + 5000 + late);
    expect(b.clockOffsetMs()).toBe(5020);
    expect(b.localResetAt(T0 / 1000 + 2)).toBe(T0 + 2000 + 5020);
  });
});

describe("OrgBudget: the bulk lane", () => {
  it("leaves the reserve to interactive requests and waits for the window's reset", () => {
    const b = new OrgBudget({ reserveFraction: 0.1, minReserve: 2, resetMarginMs: 0 });
    b.observe("POST /w", answer(200, { limit: 20, remaining: 5, reset: T0 / 1000 + 3, date: T0 }), T0);
    expect(b.reserveOf(20)).toBe(2);
    const now = T0 + 100;
    expect(b.bulkDelay("POST /w", now)).toBe(0); // 5 -> 4
    expect(b.bulkDelay("POST /w", now)).toBe(0); // 4 -> 3
    expect(b.bulkDelay("POST /w", now)).toBe(0); // 3 -> 2
    expect(b.bulkDelay("POST /w", now)).toBe(2900); // the reserve stays
    // Interactive requests spend it at once.
    expect(b.paceDelay("POST /w", now)).toBe(0);
    expect(b.paceDelay("POST /w", now)).toBe(0);
    expect(b.buckets.get("POST /w")!.remaining).toBe(0);
    // Exhausted: an interactive request waits for a reset that is near, not for a far one.
    expect(b.paceDelay("POST /w", now)).toBe(2900);
    // After the reset the window is assumed fresh until Okta describes it.
    expect(b.bulkDelay("POST /w", T0 + 3001)).toBe(0);
    expect(b.buckets.get("POST /w")!.remaining).toBe(19);
  });

  it("a 429 empties the bucket until its reset", () => {
    const b = new OrgBudget({ resetMarginMs: 0 });
    b.observe("POST /w", answer(200, { limit: 60, remaining: 30, reset: T0 / 1000 + 3, date: T0 }), T0);
    const wait = b.exhausted("POST /w", answer(429, { limit: 60, remaining: 0, reset: T0 / 1000 + 3, date: T0 }), T0 + 1000);
    expect(wait).toBe(2000);
    expect(b.bulkDelay("POST /w", T0 + 1000)).toBe(2000);
  });

  it("at most maxBulkInFlight bulk requests; interactive requests go first for a free slot", async () => {
    const b = new OrgBudget({ maxInFlight: 4, maxBulkInFlight: 3 });
    const bulk = await Promise.all([1, 2, 3].map(() => b.acquire("GET /a", "bulk")));
    expect(b.active).toEqual({ interactive: 0, bulk: 3 });
    const order: string[] = [];
    const fourthBulk = b.acquire("GET /a", "bulk").then((t) => (order.push("bulk"), t));
    const interactive1 = await b.acquire("GET /a", "interactive"); // a free slot: goes at once
    order.push("interactive-1");
    const interactive2 = b.acquire("GET /a", "interactive").then((t) => (order.push("interactive-2"), t));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(["interactive-1"]);
    b.release(bulk[0]!); // one slot frees: the waiting interactive request takes it, not the bulk one
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(["interactive-1", "interactive-2"]);
    b.release(interactive1);
    b.release(await interactive2);
    await fourthBulk;
    expect(order).toEqual(["interactive-1", "interactive-2", "bulk"]);
  });

  it("a cancelled job's waiting request rejects at once without being sent", async () => {
    const b = new OrgBudget({ resetMarginMs: 0 });
    b.observe("POST /w", answer(200, { limit: 10, remaining: 0, reset: Math.ceil(Date.now() / 1000) + 30, date: Date.now() }));
    const controller = new AbortController();
    const waiting = b.acquire("POST /w", "bulk", controller.signal);
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    await expect(waiting).rejects.toBeInstanceOf(OktaRequestAbortedError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(b.active.bulk).toBe(0);
  });
});

describe("retryableAfterFailure", () => {
  it("reads and Okta's idempotent writes may be sent again; POSTs and deleting a user never", () => {
    expect(retryableAfterFailure("GET", "/api/v1/users/00u1")).toBe(true);
    expect(retryableAfterFailure("PUT", "/api/v1/groups/00g1/users/00u1")).toBe(true);
    expect(retryableAfterFailure("DELETE", "/api/v1/groups/00g1/users/00u1")).toBe(true);
    expect(retryableAfterFailure("DELETE", "/api/v1/users/00u1/sessions")).toBe(true);
    expect(retryableAfterFailure("DELETE", "/api/v1/users/00u1")).toBe(false);
    expect(retryableAfterFailure("POST", "/api/v1/users/00u1/lifecycle/reset_password")).toBe(false);
  });
});

describe("rateLimitBucket", () => {
  const org = "https://acme.okta.com";
  const b = (method: string, path: string) => rateLimitBucket(org, method, `${org}${path}`);
  it("follows Okta's management buckets: requests Okta counts together share one", () => {
    expect(b("GET", "/api/v1/users?limit=200")).toBe("GET /api/v1/users");
    expect(b("GET", "/api/v1/users/00u1abcdefghijklmnop")).toBe("GET /api/v1/users/:id");
    expect(b("GET", "/api/v1/users/me")).toBe("GET /api/v1/users/:id");
    // A user's roles and groups are one bucket at Okta: one here too.
    expect(b("GET", "/api/v1/users/00u1abcdefghijklmnop/roles")).toBe(b("GET", "/api/v1/users/00u2abcdefghijklmnop/groups"));
    expect(b("POST", "/api/v1/users/00u1abcdefghijklmnop/lifecycle/reset_password?sendEmail=true")).toBe(b("DELETE", "/api/v1/users/00u1abcdefghijklmnop/sessions"));
    expect(b("PUT", "/api/v1/groups/00g1abcdefghijklmnop/users/00u1abcdefghijklmnop")).toBe(b("GET", "/api/v1/groups?q=x"));
    expect(b("GET", "/api/v1/logs?since=x")).toBe("GET /api/v1/logs");
    expect(b("GET", "/api/v1/iam/assignees/users")).toBe("GET /api/v1/iam/assignees/users");
  });
});
