// The rate-limit budget of one Okta org, shared by every gateway (and SDK client) of that org in this
// process. Okta's headers are the truth: X-Rate-Limit-Limit / -Remaining / -Reset of each answer (reset in
// epoch seconds, turned into this machine's clock with the answer's Date header) set what is left in
// each endpoint bucket; the budget only subtracts what this process has sent since, so another console
// instance spending the same org's budget shows up in the very next answer and nobody assumes it is alone.
//
// Two lanes:
//   interactive (default): a technician's click. Goes first: it never waits behind bulk work for a
//     connection slot, may spend a bucket to the last request, and keeps the gateway's old behaviour (a
//     short wait for an exhausted window, a long one handed back as "try again in N seconds").
//   bulk: job items (lib/jobs). At most `maxBulkInFlight` at a time per org, and only while a bucket has
//     more than its reserve left (the reserve is for interactive requests); otherwise it waits for the
//     window to reset. A 429 is waited out and retried, never surfaced; a cancelled job's AbortSignal
//     stops the wait.
// Concurrency per org stays far below Okta's 75 concurrent requests (maxInFlight).
import { AsyncLocalStorage } from "node:async_hooks";

export type OktaLane = "interactive" | "bulk";

export interface BucketState {
  limit: number;
  /** What is left in this window: Okta's last figure minus what this process sent since. */
  remaining: number;
  /** Local clock (ms) when the window resets. */
  resetAt: number;
  /** Requests of this bucket sent by this process and not answered yet. */
  inFlight: number;
  /** The window passed locally and no answer has described the new one yet. */
  stale?: boolean;
}

export interface BudgetOptions {
  /** All requests of this process to the org at once (Okta allows 75 concurrent requests per org). */
  maxInFlight: number;
  /** Bulk requests at once. */
  maxBulkInFlight: number;
  /** Share of each bucket's limit that bulk requests leave to interactive ones... */
  reserveFraction: number;
  /** ...but at least this many requests. */
  minReserve: number;
  /** Added to every computed reset (the Date header has whole seconds; clocks differ a little). */
  resetMarginMs: number;
}

export const DEFAULT_BUDGET_OPTIONS: BudgetOptions = {
  maxInFlight: 32,
  maxBulkInFlight: 8,
  // A tenth of each window stays for technicians' clicks (a user's page reads 4-7 at once).
  reserveFraction: 0.1,
  minReserve: 4,
  resetMarginMs: 40,
};

/** Thrown when a bulk request's job was cancelled while it waited (no request was sent). */
export class OktaRequestAbortedError extends Error {
  readonly code = "ABORTED";
  constructor() {
    super("The job was cancelled; the request was not sent.");
    this.name = "OktaRequestAbortedError";
  }
}

interface HeaderSource {
  status: number;
  headers: { get(name: string): string | null };
}

interface Waiter {
  lane: OktaLane;
  wake: () => void;
}

/** A concurrency slot and a bucket reservation; give it back with release(). */
export interface BudgetTicket {
  readonly bucket: string;
  readonly lane: OktaLane;
  /** The bucket's dispatch count when this request went out (requests sent after it: count - seq). */
  readonly seq: number;
}

const SKEW_SAMPLES = 64;

export class OrgBudget {
  readonly buckets = new Map<string, BucketState>();
  readonly options: BudgetOptions;
  private inFlight = { interactive: 0, bulk: 0 };
  private waiters: Waiter[] = [];
  /** Requests sent per bucket by this process (never reset): orders answers against later requests. */
  private dispatched = new Map<string, number>();
  /** Recent (local receipt time - Date header) samples; their minimum is the clock offset. */
  private skewSamples: number[] = [];
  /** Counters for tests and the bench. */
  stats = { bulkWaits: 0, interactiveWaits: 0, observed429: 0 };

  constructor(options: Partial<BudgetOptions> = {}) {
    this.options = { ...DEFAULT_BUDGET_OPTIONS, ...options };
  }

  get active(): { interactive: number; bulk: number } {
    return { ...this.inFlight };
  }

  /** Bulk leaves this many requests of the bucket to interactive ones. */
  reserveOf(limit: number): number {
    return Math.max(this.options.minReserve, Math.ceil(limit * this.options.reserveFraction));
  }

  /** Local clock minus Okta's (ms, from the Date headers seen: the smallest offset is the closest). */
  clockOffsetMs(): number {
    return this.skewSamples.length ? Math.min(...this.skewSamples) : 0;
  }

  /** Okta's X-Rate-Limit-Reset (epoch seconds) on this machine's clock. */
  localResetAt(resetEpochSeconds: number): number {
    return resetEpochSeconds * 1000 + this.clockOffsetMs() + this.options.resetMarginMs;
  }

  // -------------------------------------------------------------------------------------------------
  // Interactive pacing (the gateway's behaviour before lanes; paceDelay reserves one call of the budget)

  /**
   * How long an interactive request waits before sending to this bucket (0 = go). Interactive requests
   * spend what is left at once (bulk work keeps a reserve for them and paces itself); only an exhausted
   * window is waited out, and only when it resets soon.
   */
  paceDelay(bucket: string, now = Date.now(), maxPaceMs = 5_000): number {
    const state = this.buckets.get(bucket);
    if (!state || now >= state.resetAt) return 0;
    const delay = state.remaining <= 0 ? state.resetAt - now : 0;
    state.remaining = Math.max(0, state.remaining - 1);
    // Waiting longer would hold the caller too long: send, and let Okta's 429 speak.
    return delay > maxPaceMs ? 0 : delay;
  }

  // -------------------------------------------------------------------------------------------------
  // Slots

  private canStart(lane: OktaLane): boolean {
    const total = this.inFlight.interactive + this.inFlight.bulk;
    if (total >= this.options.maxInFlight) return false;
    if (lane === "interactive") return true;
    // Interactive requests waiting for a slot go first.
    if (this.waiters.some((w) => w.lane === "interactive")) return false;
    return this.inFlight.bulk < this.options.maxBulkInFlight;
  }

  private wakeWaiters(): void {
    const waiting = this.waiters;
    this.waiters = [];
    // Interactive first: they re-check (and take slots) before bulk waiters do.
    for (const w of waiting.filter((x) => x.lane === "interactive")) w.wake();
    for (const w of waiting.filter((x) => x.lane === "bulk")) w.wake();
  }

  private waitForSlot(lane: OktaLane, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        lane,
        wake: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new OktaRequestAbortedError());
      };
      if (signal?.aborted) return reject(new OktaRequestAbortedError());
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /**
   * How long a bulk request must wait for this bucket (0: it may go now, and one call is reserved).
   * Bulk never spends the reserve; with no figure from Okta yet it goes (the first answers set it).
   */
  bulkDelay(bucket: string, now = Date.now()): number {
    const state = this.buckets.get(bucket);
    if (!state) return 0;
    if (now >= state.resetAt) {
      // A new window Okta has not described yet: assume it is fresh, minus what is still in flight.
      state.remaining = Math.max(0, state.limit - state.inFlight);
      state.resetAt = Number.POSITIVE_INFINITY; // until the next answer says when this window ends
      state.stale = true;
    }
    if (state.remaining > this.reserveOf(state.limit)) {
      state.remaining -= 1;
      return 0;
    }
    if (!Number.isFinite(state.resetAt)) return 50; // the window is new and unknown: wait for answers in flight
    return Math.max(1, state.resetAt - now);
  }

  /**
   * Takes a slot (interactive first; bulk at most maxBulkInFlight) and, for bulk, waits until the
   * bucket has more than its reserve left. Rejects with OktaRequestAbortedError if `signal` aborts first.
   */
  async acquire(bucket: string, lane: OktaLane, signal?: AbortSignal): Promise<BudgetTicket> {
    for (;;) {
      if (signal?.aborted) throw new OktaRequestAbortedError();
      if (!this.canStart(lane)) {
        if (lane === "interactive") this.stats.interactiveWaits++;
        await this.waitForSlot(lane, signal);
        continue;
      }
      if (lane === "bulk") {
        const delay = this.bulkDelay(bucket);
        if (delay > 0) {
          this.stats.bulkWaits++;
          await sleep(delay, signal);
          continue;
        }
      }
      this.inFlight[lane]++;
      const state = this.buckets.get(bucket);
      if (state) state.inFlight++;
      const seq = (this.dispatched.get(bucket) ?? 0) + 1;
      this.dispatched.set(bucket, seq);
      return { bucket, lane, seq };
    }
  }

  /** Gives the slot back and takes Okta's figures from the answer (if there was one). */
  release(ticket: BudgetTicket, response?: HeaderSource, now = Date.now()): void {
    this.inFlight[ticket.lane] = Math.max(0, this.inFlight[ticket.lane] - 1);
    const state = this.buckets.get(ticket.bucket);
    if (state && state.inFlight > 0) state.inFlight--;
    if (response) this.observe(ticket.bucket, response, now, ticket.seq);
    this.wakeWaiters();
  }

  // -------------------------------------------------------------------------------------------------
  // Okta's figures

  /** Records the Date header's offset from this machine's clock. */
  private sampleClock(response: HeaderSource, now: number): void {
    const serverDate = Date.parse(response.headers.get("date") ?? "");
    if (!Number.isFinite(serverDate)) return;
    this.skewSamples.push(now - serverDate);
    if (this.skewSamples.length > SKEW_SAMPLES) this.skewSamples.shift();
  }

  /**
   * Takes Okta's figures from an answer. `seq` (the answer's ticket): requests this process sent to the
   * bucket after that one are not in Okta's figure yet, those sent before it are (they arrived first).
   */
  observe(bucket: string, response: HeaderSource, now = Date.now(), seq?: number): void {
    this.sampleClock(response, now);
    const rawLimit = response.headers.get("x-rate-limit-limit");
    const limit = Number(rawLimit);
    const remaining = Number(response.headers.get("x-rate-limit-remaining"));
    const reset = Number(response.headers.get("x-rate-limit-reset"));
    if (rawLimit === null || !Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset) || reset <= 0) return;
    if (response.status === 429) this.stats.observed429++;
    const state = this.buckets.get(bucket);
    // Concurrency 429s report the concurrency cap, not the bucket: do not let them overwrite the window.
    if (response.status === 429 && remaining === 0 && limit < 100 && state && state.limit !== limit) return;
    const resetAt = this.localResetAt(reset);
    // Okta's figure minus what we sent after this request (not counted yet when it was answered).
    const sentAfter = seq === undefined ? (state?.inFlight ?? 0) : Math.max(0, (this.dispatched.get(bucket) ?? seq) - seq);
    const estimate = Math.max(0, remaining - sentAfter);
    if (!state) {
      this.buckets.set(bucket, { limit, remaining: estimate, resetAt, inFlight: 0 });
      return;
    }
    if (state.stale || resetAt > state.resetAt + 500 || limit !== state.limit) {
      // A window this process had not described yet: Okta's figure replaces the guess.
      state.limit = limit;
      state.remaining = estimate;
      state.resetAt = resetAt;
      state.stale = false;
      return;
    }
    if (resetAt < state.resetAt - 500) return; // a late answer from an earlier window
    // The same window: Okta's figure includes what others (other instances) spent; ours is already
    // subtracted locally. Keep the lower.
    state.remaining = Math.min(state.remaining, estimate);
  }

  /** A 429 for this bucket: nothing more until its reset. Returns how long to wait (ms). */
  exhausted(bucket: string, response: HeaderSource, now = Date.now()): number {
    const reset = Number(response.headers.get("x-rate-limit-reset"));
    const state = this.buckets.get(bucket);
    if (!Number.isFinite(reset) || reset <= 0) return 1_000;
    const resetAt = this.localResetAt(reset);
    if (state && resetAt >= state.resetAt - 500) {
      state.remaining = 0;
      if (!state.stale && resetAt > state.resetAt) state.resetAt = resetAt;
    }
    return Math.max(50, resetAt - now);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new OktaRequestAbortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new OktaRequestAbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

// ---------------------------------------------------------------------------------------------------
// One budget per org (by org URL: every gateway of the org, whatever tenant row or credential built it)

const globalBudgets = globalThis as unknown as { __oktaBudgets?: Map<string, OrgBudget> };
const budgets = (globalBudgets.__oktaBudgets ??= new Map());

export function orgBudget(orgUrl: string): OrgBudget {
  const key = orgUrl.trim().replace(/\/+$/, "").toLowerCase();
  let budget = budgets.get(key);
  if (!budget) {
    budget = new OrgBudget();
    budgets.set(key, budget);
  }
  return budget;
}

/** Tests: forget every org's budget. */
export function resetOrgBudgets(): void {
  budgets.clear();
}

// ---------------------------------------------------------------------------------------------------
// The lane of the current work (AsyncLocalStorage, like the request log): the job engine runs each item
// inside withOktaLane("bulk", signal, ...), so the kinds call the same lib functions as single actions.

interface LaneStore {
  lane: OktaLane;
  signal?: AbortSignal;
}

const globalLane = globalThis as unknown as { __oktaLane?: AsyncLocalStorage<LaneStore> };
const laneStorage = (globalLane.__oktaLane ??= new AsyncLocalStorage<LaneStore>());

export function withOktaLane<T>(lane: OktaLane, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  return laneStorage.run({ lane, ...(signal ? { signal } : {}) }, fn);
}

export function currentOktaLane(): LaneStore | undefined {
  return laneStorage.getStore();
}
