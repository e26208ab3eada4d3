// The dashboard's per-org card and the lines GET /api/dashboard streams (browser-safe).

/** Statuses the dashboard counts, in the order the card shows them. */
export const COUNTED_STATUSES = ["LOCKED_OUT", "PASSWORD_EXPIRED", "SUSPENDED", "STAGED", "RECOVERY", "DEPROVISIONED"] as const;
export type CountedStatus = (typeof COUNTED_STATUSES)[number];

/** A count read by paging up to a bound: `over` means "more than `count`" (Okta has no count endpoint). */
export interface BoundedCount {
  count: number;
  over: boolean;
}

export type Part<T> = { ok: true; value: T } | { ok: false; error: string };

export interface SignInDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  failed: number;
  /** false: the bound was reached before this day was fully read (the count is a lower bound). */
  complete: boolean;
}

export interface FailedSignIns {
  last24h: BoundedCount;
  /** Seven UTC days, oldest first, today last. */
  days: SignInDay[];
}

export interface OrgCard {
  slug: string;
  name: string;
  /** When these numbers were read from Okta (ISO). */
  asOf: string;
  /** Served from the console's short cache. */
  cached: boolean;
  /** Total people (the Everyone group's count). */
  people: Part<number | null>;
  /** Absent: the staff member's roles do not show status counts in this org (Billing). */
  statuses?: Part<Record<CountedStatus, BoundedCount>>;
  /** Absent: the roles do not read the System Log in this org (Billing). */
  signIns?: Part<FailedSignIns>;
}

export type DashboardLine =
  | { type: "start"; orgs: Array<{ slug: string; name: string }>; cacheSeconds: number; statusBound: number; signInBound: number }
  | { type: "org"; slug: string; name: string; status: "ok"; card: OrgCard }
  | { type: "org"; slug: string; name: string; status: "error" | "timeout"; error: string }
  | { type: "done"; ms: number };

/** How much a card needs attention: locked-out people and failed sign-ins weigh most; failures too. */
export function attentionScore(card: OrgCard | { error: string }): number {
  if ("error" in card) return 1_000;
  let score = 0;
  if (card.statuses?.ok) {
    const s = card.statuses.value;
    score += s.LOCKED_OUT.count * 10 + s.PASSWORD_EXPIRED.count * 2 + s.RECOVERY.count * 2;
  }
  if (card.signIns?.ok) score += card.signIns.value.last24h.count * 3;
  if ((card.statuses && !card.statuses.ok) || (card.signIns && !card.signIns.ok) || !card.people.ok) score += 500;
  return score;
}
