import "server-only";
// GET /api/dashboard: a card per org where the staff member may see the user count (tenant.userCount),
// loaded in parallel (DASHBOARD_CONCURRENCY orgs in flight, each org's reads in one parallel wave),
// streamed as NDJSON one card at a time. What a card holds follows the roles in THAT org: the total
// always; the status counts with users.read; failed sign-ins with logs.read. Billing gets totals only.
// Cards are cached in this process for CARD_CACHE_SECONDS per org and view (the same numbers for
// everyone who may see them); `refresh=1` reads Okta afresh and refills the cache.
import { fanOut, orgErrorSentence, staffRoute, type StaffOrg } from "@/lib/actions/staff";
import type { OktaGateway } from "@/lib/okta/gateway";
import { failedSignIns, orgUserCount, SIGN_IN_EVENT_BOUND, STATUS_COUNT_BOUND, statusCounts } from "./counts";
import type { DashboardLine, OrgCard, Part } from "./types";
import { z } from "zod";

// The route's input (here, not in types.ts: the dashboard's browser code reads types.ts without zod).
export const dashboardInput = z.object({
  /** "1": read Okta afresh, bypassing (and refilling) the cache. */
  refresh: z.enum(["0", "1"]).optional(),
  /** Only this org (a card's own Refresh). */
  org: z.string().trim().min(1).max(100).regex(/^[a-z0-9-]+$/, "Not an org slug.").optional(),
});

export const CARD_CACHE_SECONDS = 60;
/** Orgs read at once; each org sends up to 8 requests in its wave, so ~48 in flight at most. */
export const DASHBOARD_CONCURRENCY = 6;
/** An org slower than this shows "did not answer" (its status pages may take a few sequential reads). */
export const DASHBOARD_ORG_TIMEOUT_MS = 12_000;
const CACHE_MAX_ENTRIES = 2_000;

interface View {
  statuses: boolean;
  signIns: boolean;
}

interface Cached {
  at: number;
  card: Omit<OrgCard, "cached" | "slug" | "name">;
}

const globalCache = globalThis as unknown as { __dashboardCards?: Map<string, Cached> };
const cache = (globalCache.__dashboardCards ??= new Map());

const keyOf = (tenantId: string, view: View) => `${tenantId}:${view.statuses ? "s" : ""}${view.signIns ? "l" : ""}`;

/** Tests: start with an empty cache. */
export function clearDashboardCache(): void {
  cache.clear();
}

async function part<T>(read: () => Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (err) {
    return { ok: false, error: orgErrorSentence(err, "dashboard.cards") };
  }
}

/** One org's card: every read at once; a part that fails says so on the card, the rest still shows. */
export async function readCard(okta: OktaGateway, view: View, now = Date.now()): Promise<Cached["card"]> {
  const [people, statuses, signIns] = await Promise.all([
    part(() => orgUserCount(okta)),
    view.statuses ? part(() => statusCounts(okta)) : Promise.resolve(undefined),
    view.signIns ? part(() => failedSignIns(okta, now)) : Promise.resolve(undefined),
  ]);
  return { asOf: new Date(now).toISOString(), people, ...(statuses ? { statuses } : {}), ...(signIns ? { signIns } : {}) };
}

/** Every read of the card failed, with the first one's sentence. */
class CardError extends Error {}

/** Every part failed: the org itself is the problem (unreachable, credential refused). */
function wholeCardFailed(card: Cached["card"]): string | null {
  const parts: Array<Part<unknown>> = [card.people, card.statuses, card.signIns].filter((p) => p !== undefined);
  const first = parts[0];
  return parts.every((p) => !p.ok) && first && !first.ok ? first.error : null;
}

export const dashboardRoute = staffRoute(
  { name: "dashboard.cards", permission: "tenant.userCount", input: dashboardInput, auditFields: ["refresh", "org"], example: {} },
  async function* (ctx, input): AsyncGenerator<DashboardLine> {
    const t0 = performance.now();
    const orgs: readonly StaffOrg[] = input.org ? ctx.orgs.filter((o) => o.slug === input.org) : ctx.orgs;
    // A card's own refresh reaches that org only: its audit row (if any) says so.
    if (input.org) ctx.addAuditDetail({ orgs: orgs.map((o) => o.slug) });
    yield { type: "start", orgs: orgs.map((o) => ({ slug: o.slug, name: o.name })), cacheSeconds: CARD_CACHE_SECONDS, statusBound: STATUS_COUNT_BOUND, signInBound: SIGN_IN_EVENT_BOUND };
    const results = fanOut(orgs, { concurrency: DASHBOARD_CONCURRENCY, timeoutMs: DASHBOARD_ORG_TIMEOUT_MS }, async (org): Promise<OrgCard> => {
      const view: View = { statuses: ctx.can(org, "users.read"), signIns: ctx.can(org, "logs.read") };
      const key = keyOf(org.id, view);
      const hit = cache.get(key);
      if (hit && input.refresh !== "1" && Date.now() - hit.at < CARD_CACHE_SECONDS * 1000) return { ...hit.card, slug: org.slug, name: org.name, cached: true };
      const card = await readCard(await ctx.okta(org), view);
      const failure = wholeCardFailed(card);
      if (failure) throw new CardError(failure);
      // Only complete cards are kept: a part that failed is read again next time.
      const complete = [card.people, card.statuses, card.signIns].every((p) => p === undefined || p.ok);
      if (complete) {
        if (cache.size >= CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
        cache.set(key, { at: Date.now(), card });
      } else cache.delete(key);
      return { ...card, slug: org.slug, name: org.name, cached: false };
    });
    for await (const r of results) {
      const org = r.item;
      if (r.ok) {
        const failedParts = [r.value.people, r.value.statuses, r.value.signIns].filter((p) => p && !p.ok) as Array<{ error: string }>;
        if (failedParts.length) ctx.orgFailed(org, failedParts[0]!.error);
        yield { type: "org", slug: org.slug, name: org.name, status: "ok", card: r.value };
      } else {
        const error = r.error instanceof CardError ? r.error.message : orgErrorSentence(r.error, "dashboard.cards");
        ctx.orgFailed(org, r.timedOut ? "timeout" : error);
        yield { type: "org", slug: org.slug, name: org.name, status: r.timedOut ? "timeout" : "error", error };
      }
    }
    yield { type: "done", ms: Math.round(performance.now() - t0) };
  },
);
