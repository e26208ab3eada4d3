// Bounds on what one caller can make the console do per minute, per process:
// - AuditAdmission: refusals are audited, but every audit row takes the chain-head lock, so a flood of
//   refusals (anonymous requests, or a signed-in staff member probing orgs or permissions in a loop)
//   would queue every real write behind it. The first `limit` refusals per key and window get their own
//   row; the next one is written as the summary row ("further … are counted, not recorded one by one");
//   the rest are counted, and the count is carried onto the key's next written row (and logged).
// - TokenBucket: reads that call Okta spend the customer's Okta rate limit, so each staff member gets a
//   bucket (refilled continuously, with a burst) and is refused with "rate_limited" when it is empty.
// Both are per process: behind several console instances each instance bounds its share.

export interface Admission {
  /** This refusal gets an audit row. */
  write: boolean;
  /** This row is the window's summary row: later refusals in the window are only counted. */
  summary: boolean;
  /** Refusals of this key that were counted without a row since its last written row. */
  suppressedBefore: number;
}

interface Window {
  startedAt: number;
  written: number;
  suppressed: number;
}

const MAX_KEYS = 10_000;

export class AuditAdmission {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly opts: {
      /** Rows per key and window before the summary row. */
      limit: number;
      windowMs: number;
      /** false: no summary row, the (limit + 1)-th refusal is already only counted. */
      summaryRow: boolean;
      /** For the log line naming what was suppressed. */
      describe: (key: string) => string;
    },
  ) {}

  admit(key: string, now = Date.now()): Admission {
    let w = this.windows.get(key);
    if (!w || now - w.startedAt >= this.opts.windowMs) {
      const carried = w?.suppressed ?? 0;
      if (carried) console.warn(`[audit] ${carried} more ${this.opts.describe(key)} were refused without an audit row of their own`);
      this.prune(now);
      w = { startedAt: now, written: 0, suppressed: 0 };
      this.windows.set(key, w);
      w.written++;
      return { write: true, summary: this.opts.limit === 0 && this.opts.summaryRow, suppressedBefore: carried };
    }
    if (w.written < this.opts.limit) {
      w.written++;
      return { write: true, summary: false, suppressedBefore: 0 };
    }
    if (this.opts.summaryRow && w.written === this.opts.limit) {
      w.written++;
      return { write: true, summary: true, suppressedBefore: 0 };
    }
    w.suppressed++;
    return { write: false, summary: false, suppressedBefore: 0 };
  }

  /** Drops closed windows without suppressed refusals once the map grows (bounded memory). */
  private prune(now: number) {
    if (this.windows.size < MAX_KEYS) return;
    for (const [k, w] of this.windows) if (now - w.startedAt >= this.opts.windowMs && w.suppressed === 0) this.windows.delete(k);
  }

  /** Tests: forget every window. */
  reset() {
    this.windows.clear();
  }
}

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBucket {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly opts: {
      /** Sustained rate. */
      perMinute: number;
      /** Bucket size: how many may be spent at once after a quiet spell. */
      burst: number;
    },
  ) {
    this.perMs = opts.perMinute / 60_000;
  }

  take(key: string, now = Date.now()): Take {
    const b = this.buckets.get(key) ?? { tokens: this.opts.burst, at: now };
    b.tokens = Math.min(this.opts.burst, b.tokens + Math.max(0, now - b.at) * this.perMs);
    b.at = now;
    if (this.buckets.size >= MAX_KEYS && !this.buckets.has(key)) this.prune(now);
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - b.tokens) / this.perMs) };
  }

  /** Drops buckets that have refilled completely (they behave like absent ones). */
  private prune(now: number) {
    for (const [k, b] of this.buckets) if (b.tokens + (now - b.at) * this.perMs >= this.opts.burst) this.buckets.delete(k);
  }

  /** Tests: refill every bucket. */
  reset() {
    this.buckets.clear();
  }
}

// ---------------------------------------------------------------------------------------------------
// The console's limits

export const ANONYMOUS_ROWS_PER_MINUTE = 10;
export const STAFF_DENIAL_ROWS_PER_MINUTE = 20;
/** Okta reads per staff member: 120 a minute sustained, up to 120 at once (a dashboard of many orgs). */
export const OKTA_READS_PER_MINUTE = 120;
export const OKTA_READ_BURST = 120;

/** Refusals without a session, per action (anyone on the internet can send them). */
export const anonymousRefusals = new AuditAdmission({
  limit: ANONYMOUS_ROWS_PER_MINUTE,
  windowMs: 60_000,
  summaryRow: true,
  describe: (action) => `unauthenticated "${action}" requests in the last minute`,
});

/** Denials of a signed-in staff member (not_found, forbidden), per staff member. */
export const staffDenials = new AuditAdmission({
  limit: STAFF_DENIAL_ROWS_PER_MINUTE,
  windowMs: 60_000,
  summaryRow: true,
  describe: (staffId) => `denials of staff ${staffId} in the last minute`,
});

/** Rate-limit refusals: one row per staff member and minute. */
export const rateLimitRefusals = new AuditAdmission({
  limit: 1,
  windowMs: 60_000,
  summaryRow: false,
  describe: (staffId) => `rate-limited Okta reads of staff ${staffId} in the last minute`,
});

/** Okta reads per staff member. */
export const oktaReads = new TokenBucket({ perMinute: OKTA_READS_PER_MINUTE, burst: OKTA_READ_BURST });
