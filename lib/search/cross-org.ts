import "server-only";
// Cross-org search (GET /api/search?q=): a person by name, email, login or Okta id in every org where
// the staff member holds users.read, ONE Okta users request per org (`q` for a single word, else a
// `search` expression: exact login/email, "first last", or the id; lib/users/search.ts decides, as
// for the users list), at most SEARCH_CONCURRENCY orgs in flight, each answer streamed as it arrives.
// An org that fails or takes longer than SEARCH_ORG_TIMEOUT_MS yields its own line and never holds
// the others. One audit row per search: the query and the orgs searched (and which failed).
import { fanOut, orgErrorSentence, staffRoute } from "@/lib/actions/staff";
import type { OktaGateway } from "@/lib/okta/gateway";
import { STATUS_INFO, isUserStatus } from "@/lib/users/lifecycle";
import { userListQuery } from "@/lib/users/search";
import { crossOrgSearchInput } from "./query-schema";
import type { SearchHit, SearchLine } from "./schema";

/**
 * Orgs in flight at once. Each request goes to a different customer (its own Okta rate limit), so the
 * bound is about the console: sockets and CPU for parsing answers. 100 orgs at 150 ms per answer take
 * ceil(100 / n) rounds of 150 ms: 25 in flight is 4 rounds (600 ms), leaving ~200 ms of the 800 ms
 * target for the console's own work (about 1.5 ms of CPU per org answer); 24 would already be 5 rounds.
 */
export const SEARCH_CONCURRENCY = 25;
/** An org slower than this shows "did not answer" and frees its slot. */
export const SEARCH_ORG_TIMEOUT_MS = 5_000;
/** People per org: a search names someone; more than this says "more in this org". */
export const SEARCH_PER_ORG_LIMIT = 10;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

export function searchHit(slug: string, user: unknown): SearchHit | null {
  if (!isRec(user) || typeof user.id !== "string") return null;
  const p = isRec(user.profile) ? user.profile : {};
  const login = str(p.login) ?? user.id;
  const name = [str(p.firstName), str(p.lastName)].filter(Boolean).join(" ");
  const status = str(user.status);
  return {
    id: user.id,
    label: str(p.displayName) ?? (name || login),
    login,
    ...(str(p.email) && p.email !== login ? { email: str(p.email) } : {}),
    ...(status ? { status, statusLabel: isUserStatus(status) ? STATUS_INFO[status].label : status } : {}),
    href: `/t/${encodeURIComponent(slug)}/users/${encodeURIComponent(user.id)}`,
  };
}

/** One org: one Okta request, at most SEARCH_PER_ORG_LIMIT people (one more read to know there are more). */
export async function searchOrg(okta: OktaGateway, slug: string, q: string): Promise<{ users: SearchHit[]; more: boolean }> {
  const query = userListQuery({ text: q });
  if (!query.ok) throw Object.assign(new Error(query.error), { name: "TenantInputError" });
  const { params } = query;
  const limit = SEARCH_PER_ORG_LIMIT + 1;
  const collection = await okta.client.userApi.listUsers(params.mode === "q" ? { q: params.q, limit } : { search: params.search, limit });
  const page = await collection.getNextPage();
  const users = page.map((u) => searchHit(slug, u)).filter((u): u is SearchHit => u !== null);
  return { users: users.slice(0, SEARCH_PER_ORG_LIMIT), more: users.length > SEARCH_PER_ORG_LIMIT || Boolean(collection.nextUri) };
}

/** GET /api/search?q= -> NDJSON lines (lib/search/schema.ts SearchLine). */
export const crossOrgSearchRoute = staffRoute(
  { name: "search.users", permission: "users.read", input: crossOrgSearchInput, auditFields: ["q"], auditSuccess: true, example: { q: "ada" } },
  async function* (ctx, input): AsyncGenerator<SearchLine> {
    const t0 = performance.now();
    yield { type: "start", q: input.q, orgs: ctx.orgs.map((o) => ({ slug: o.slug, name: o.name })), timeoutMs: SEARCH_ORG_TIMEOUT_MS };
    let failed = 0;
    let found = 0;
    const results = fanOut(ctx.orgs, { concurrency: SEARCH_CONCURRENCY, timeoutMs: SEARCH_ORG_TIMEOUT_MS }, async (org) => searchOrg(await ctx.okta(org), org.slug, input.q));
    for await (const r of results) {
      const org = r.item;
      const ms = Math.round(r.ms);
      if (r.ok) {
        found += r.value.users.length;
        yield { type: "org", slug: org.slug, name: org.name, status: "ok", users: r.value.users, more: r.value.more, ms };
      } else {
        failed++;
        const error = orgErrorSentence(r.error, "search.users");
        ctx.orgFailed(org, r.timedOut ? "timeout" : error);
        yield { type: "org", slug: org.slug, name: org.name, status: r.timedOut ? "timeout" : "error", error, ms };
      }
    }
    ctx.addAuditDetail({ found });
    yield { type: "done", ms: Math.round(performance.now() - t0), orgs: ctx.orgs.length, failed, users: found };
  },
);
