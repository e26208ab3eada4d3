import "server-only";
// The dashboard's reads of one org. Okta's users API has no count endpoint: a status count pages
// `filter=status eq "X"` (200 a page) up to STATUS_COUNT_BOUND people and says "over N" beyond it.
// Failed sign-ins come from ONE bounded System Log query over the last 7 days (newest first, 1,000 a
// page, at most SIGN_IN_EVENT_BOUND events): the last 24 hours and the per-day chart are both read
// from it; days older than the oldest event read are marked incomplete when the bound was reached.
import type { OktaGateway } from "@/lib/okta/gateway";
import { orgUserCount } from "@/lib/okta/org-overview";
import { COUNTED_STATUSES, type BoundedCount, type CountedStatus, type FailedSignIns, type SignInDay } from "./types";

export const STATUS_PAGE_SIZE = 200;
/** At most this many people are counted per status (6 requests of 200); beyond it the card says "over 1,000". */
export const STATUS_COUNT_BOUND = 1_000;
export const SIGN_IN_PAGE_SIZE = 1_000;
/** At most this many failed sign-in events are counted (3 requests at most of the System Log's 120 a minute). */
export const SIGN_IN_EVENT_BOUND = 2_000;
export const FAILED_SIGN_IN_FILTER = 'eventType eq "user.session.start" and outcome.result eq "FAILURE"';
const DAY_MS = 86_400_000;

/**
 * People in one status, paged up to `bound`: one more than the bound is read, so "over" is only said
 * when there really are more (a full last page alone does not tell: Okta links a next page anyway).
 */
export async function countUsersInStatus(okta: OktaGateway, status: CountedStatus, bound = STATUS_COUNT_BOUND): Promise<BoundedCount> {
  const collection = await okta.client.userApi.listUsers({ filter: `status eq "${status}"`, limit: Math.min(STATUS_PAGE_SIZE, bound + 1) });
  let count = 0;
  for (;;) {
    const page = await collection.getNextPage();
    count += page.length;
    if (count > bound) return { count: bound, over: true };
    if (!collection.nextUri || page.length === 0) return { count, over: false };
  }
}

export async function statusCounts(okta: OktaGateway): Promise<Record<CountedStatus, BoundedCount>> {
  const counts = await Promise.all(COUNTED_STATUSES.map((s) => countUsersInStatus(okta, s)));
  return Object.fromEntries(COUNTED_STATUSES.map((s, i) => [s, counts[i]!])) as Record<CountedStatus, BoundedCount>;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Failed sign-ins of the last 24 hours and per UTC day over 7 days, from one bounded query. */
export async function failedSignIns(okta: OktaGateway, now = Date.now(), bound = SIGN_IN_EVENT_BOUND): Promise<FailedSignIns> {
  const todayStart = Date.parse(`${dayOf(now)}T00:00:00.000Z`);
  const since = todayStart - 6 * DAY_MS;
  const collection = await okta.client.systemLogApi.listLogEvents({
    since: new Date(since).toISOString(),
    until: new Date(now).toISOString(),
    filter: FAILED_SIGN_IN_FILTER,
    sortOrder: "DESCENDING",
    limit: Math.min(SIGN_IN_PAGE_SIZE, bound + 1),
  });
  let times: number[] = [];
  let capped = false;
  for (;;) {
    const page = await collection.getNextPage();
    for (const e of page) {
      const at = Date.parse(String((e as { published?: unknown }).published ?? ""));
      if (Number.isFinite(at)) times.push(at);
    }
    if (times.length > bound) {
      // Newest first: keep the newest `bound`; the rest is "more".
      capped = true;
      times = times.sort((x, y) => y - x).slice(0, bound);
      break;
    }
    if (!collection.nextUri || page.length === 0) break;
  }
  // Newest first: with the bound reached, everything older than the oldest event read is unknown.
  const oldest = times.length ? Math.min(...times) : now;
  const dayly = new Map<string, number>();
  for (const t of times) dayly.set(dayOf(t), (dayly.get(dayOf(t)) ?? 0) + 1);
  const days: SignInDay[] = [];
  for (let d = since; d <= todayStart; d += DAY_MS) {
    const key = dayOf(d);
    days.push({ day: key, failed: dayly.get(key) ?? 0, complete: !capped || oldest <= d });
  }
  const last24 = times.filter((t) => t >= now - DAY_MS).length;
  return { last24h: { count: last24, over: capped && oldest > now - DAY_MS }, days };
}

export { orgUserCount };
