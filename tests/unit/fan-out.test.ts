// The staff-scope wrapper's fan-out (lib/actions/staff.ts): bounded concurrency, results in completion
// order, a slow item times out on its own and frees its slot, a reader that stops early starts nothing
// more; and the cross-org query's validation.
import { expect, it } from "vitest";
import { fanOut, FanOutTimeoutError } from "@/lib/actions/staff";
import { crossOrgSearchInput } from "@/lib/search/query-schema";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("keeps at most `concurrency` in flight and yields each result as it settles", async () => {
  let inFlight = 0;
  let most = 0;
  const delays = [40, 10, 30, 5, 20, 15];
  const order: number[] = [];
  for await (const r of fanOut(delays, { concurrency: 2, timeoutMs: 1_000 }, async (ms) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await sleep(ms);
    inFlight--;
    return ms;
  })) {
    expect(r.ok).toBe(true);
    order.push(r.item);
  }
  expect(most).toBe(2);
  expect(order.sort((a, b) => a - b)).toEqual([...delays].sort((a, b) => a - b));
  expect(order).toHaveLength(6);
});

it("a hanging item is yielded as timed out while the others go on; failures are yielded, not thrown", async () => {
  const t0 = performance.now();
  const seen: Array<{ item: string; at: number; ok: boolean; timedOut?: boolean }> = [];
  for await (const r of fanOut(["hang", "fail", "a", "b"], { concurrency: 2, timeoutMs: 100 }, async (item) => {
    if (item === "hang") await sleep(5_000);
    if (item === "fail") throw new Error("boom");
    await sleep(5);
    return item;
  })) {
    seen.push({ item: r.item, at: performance.now() - t0, ok: r.ok, ...(r.ok ? {} : { timedOut: r.timedOut }) });
    if (!r.ok && r.timedOut) expect(r.error).toBeInstanceOf(FanOutTimeoutError);
  }
  expect(seen.map((s) => s.item)).toEqual(["fail", "a", "b", "hang"]);
  expect(seen.find((s) => s.item === "fail")).toMatchObject({ ok: false, timedOut: false });
  const hang = seen.find((s) => s.item === "hang")!;
  expect(hang).toMatchObject({ ok: false, timedOut: true });
  expect(hang.at).toBeLessThan(1_000);
  // The others did not wait for the hanging one.
  expect(seen.find((s) => s.item === "b")!.at).toBeLessThan(80);
});

it("a reader that stops early starts no further items", async () => {
  const started: number[] = [];
  for await (const r of fanOut([1, 2, 3, 4, 5, 6], { concurrency: 1, timeoutMs: 1_000 }, async (n) => {
    started.push(n);
    await sleep(1);
    return n;
  })) {
    if (r.item === 2) break;
  }
  await sleep(20);
  // The slot item 2 freed was refilled before the reader saw item 2 (3 started); nothing after the stop.
  expect(started).toEqual([1, 2, 3]);
});

it("the cross-org query is trimmed, 2 to 100 characters, without control characters", () => {
  expect(crossOrgSearchInput.parse({ q: "  Ada   Lovelace " })).toEqual({ q: "Ada Lovelace" });
  for (const q of ["a", " a ", "x".repeat(101), "ada\u0000", "ada\tx", "ada\nx", "ada\u2028x", "ada\u0085x"]) {
    expect(crossOrgSearchInput.safeParse({ q }).success, JSON.stringify(q)).toBe(false);
  }
  expect(crossOrgSearchInput.safeParse({}).success).toBe(false);
});
