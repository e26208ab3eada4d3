/**
 * Okta-style rate limits: a fixed window per org and per endpoint bucket, reported through
 * X-Rate-Limit-Limit / -Remaining / -Reset (epoch seconds when the window ends), plus a per-org
 * cap on concurrent in-flight requests.
 */

export type RateLimitProfile = "workforce" | "free" | "test";

interface Bucket {
  name: string;
  limit: number;
}

interface ProfileLimits {
  windowMs: number;
  usersCollection: number;
  userById: number;
  userWrites: number;
  groups: number;
  apps: number;
  logs: number;
  other: number;
  concurrency: number;
}

/**
 * workforce: Okta's documented per-minute defaults for a Workforce Identity org.
 * free: approximates Okta's developer-edition (free) org, whose limits are a fraction of
 *   workforce (100/min on the users, groups and apps collections, 60/min on logs; the per-id
 *   user endpoints share the users limit). Exact figures vary by org and are not published per
 *   endpoint, so these are a plausible, documented-looking mapping.
 * test: tiny limits in a 2-second window so tests can trip and recover quickly.
 */
const PROFILES: Record<RateLimitProfile, ProfileLimits> = {
  workforce: { windowMs: 60_000, usersCollection: 600, userById: 2000, userWrites: 600, groups: 500, apps: 100, logs: 120, other: 1200, concurrency: 75 },
  free: { windowMs: 60_000, usersCollection: 100, userById: 100, userWrites: 100, groups: 100, apps: 100, logs: 60, other: 100, concurrency: 75 },
  test: { windowMs: 2_000, usersCollection: 10, userById: 10, userWrites: 10, groups: 10, apps: 10, logs: 10, other: 10, concurrency: 75 },
};

/** Maps a request (path relative to the org) to its rate-limit bucket. */
export function bucketFor(profile: RateLimitProfile, method: string, path: string): Bucket {
  const p = PROFILES[profile];
  if (path === "/api/v1/users") return { name: "users", limit: p.usersCollection };
  if (path.startsWith("/api/v1/users/")) {
    const rest = path.slice("/api/v1/users/".length);
    if (method === "GET" && !rest.includes("/")) return { name: "users/{id}:read", limit: p.userById };
    if (method === "GET") return { name: "users/{id}/*:read", limit: p.other };
    return { name: "users/{id}:write", limit: p.userWrites };
  }
  if (path === "/api/v1/groups" || path.startsWith("/api/v1/groups/")) return { name: "groups", limit: p.groups };
  if (path === "/api/v1/apps" || path.startsWith("/api/v1/apps/")) return { name: "apps", limit: p.apps };
  if (path === "/api/v1/logs") return { name: "logs", limit: p.logs };
  return { name: "other", limit: p.other };
}

/**
 * A custom budget (benchmarks): every bucket gets `limit` requests per `windowMs` window, reported with
 * the same headers as Okta's (X-Rate-Limit-Reset = the window's end in epoch seconds, so windows are
 * whole seconds long). The profile's concurrency cap still applies.
 */
export interface CustomRateLimit {
  windowMs: number;
  limit: number;
}

export function parseCustomRateLimit(value: unknown): CustomRateLimit {
  const v = (value ?? {}) as Record<string, unknown>;
  const windowMs = Number(v.windowMs);
  const limit = Number(v.limit);
  if (!Number.isInteger(windowMs) || windowMs < 1000 || windowMs % 1000 !== 0 || windowMs > 3_600_000) {
    throw new Error("rateLimit.windowMs must be a whole number of seconds in ms (1000..3600000)");
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000) throw new Error("rateLimit.limit must be a positive integer");
  return { windowMs, limit };
}

export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  private inFlight = new Map<string, number>();

  /** When set, replaces the profile's windows and bucket limits (not its concurrency cap). */
  custom: CustomRateLimit | null = null;

  constructor(public profile: RateLimitProfile) {}

  setProfile(profile: RateLimitProfile): void {
    this.profile = profile;
    this.custom = null;
    this.windows.clear();
  }

  /** A custom window and limit for every bucket (null: back to the profile's). */
  setCustom(custom: CustomRateLimit | null): void {
    this.custom = custom;
    this.windows.clear();
  }

  /** Counts one request against its bucket. */
  take(orgSlug: string, method: string, path: string, now = Date.now()): RateLimitDecision {
    const windowMs = this.custom?.windowMs ?? PROFILES[this.profile].windowMs;
    const base = bucketFor(this.profile, method, path);
    const bucket = this.custom ? { name: base.name, limit: this.custom.limit } : base;
    const key = `${orgSlug} ${bucket.name}`;
    const start = Math.floor(now / windowMs) * windowMs;
    let w = this.windows.get(key);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    const headers = {
      "X-Rate-Limit-Limit": String(bucket.limit),
      "X-Rate-Limit-Remaining": String(Math.max(0, bucket.limit - w.count)),
      "X-Rate-Limit-Reset": String(Math.ceil((start + windowMs) / 1000)),
    };
    return { allowed: w.count <= bucket.limit, headers };
  }

  /** Claims a concurrency slot; returns false when the org is at its in-flight cap. */
  acquire(orgSlug: string): boolean {
    const n = this.inFlight.get(orgSlug) ?? 0;
    if (n >= PROFILES[this.profile].concurrency) return false;
    this.inFlight.set(orgSlug, n + 1);
    return true;
  }

  release(orgSlug: string): void {
    this.inFlight.set(orgSlug, Math.max(0, (this.inFlight.get(orgSlug) ?? 1) - 1));
  }

  /**
   * Headers for a concurrency rejection. Okta reports the concurrency limit in the same headers;
   * the reset is "about now" because a slot frees as soon as any in-flight request completes.
   */
  concurrencyHeaders(now = Date.now()): Record<string, string> {
    return {
      "X-Rate-Limit-Limit": String(PROFILES[this.profile].concurrency),
      "X-Rate-Limit-Remaining": "0",
      "X-Rate-Limit-Reset": String(Math.ceil(now / 1000) + 1),
    };
  }
}
