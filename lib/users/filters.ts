// The users list's URL state (all optional; a bad value is dropped, never an error page), so a search
// can be pasted into a ticket and Back/Forward move between pages. Browser-safe.
//
// Okta's cursors only go forward, so Previous needs the cursors of the pages before: `prev` carries
// them (pages 2..n-1; page 1 has no cursor), `after` is the current page's.
import { z } from "zod";
import { isUserStatus, type UserStatus } from "./lifecycle";
import { MAX_EXPRESSION_LENGTH, SORTABLE_ATTRIBUTES, type UserListInput } from "./search";
import { CURSOR, MAX_PREVIOUS_PAGES, nextPageCursor, previousPageCursor } from "@/lib/paging/cursor-trail";

export const PAGE_SIZES = [25, 50, 200] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 25;
export { MAX_PREVIOUS_PAGES };

/** Next.js hands repeated parameters over as arrays: a scalar field takes the first. */
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** Trimmed; blank is absent. */
const text = (max: number) =>
  z.preprocess((v) => {
    const s = first(v);
    return typeof s === "string" ? s.trim() || undefined : s;
  }, z.string().max(max).optional().catch(undefined));

const cursor = z.preprocess(first, z.string().regex(CURSOR).optional().catch(undefined));

/** `status=LOCKED_OUT,SUSPENDED` or repeated `status=`; unknown values are dropped. */
const statuses = z.preprocess(
  (v) => {
    const raw = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");
    const list = raw.flatMap((s) => s.split(",")).map((s) => s.trim().toUpperCase());
    const known = [...new Set(list.filter(isUserStatus))];
    return known.length > 0 ? known : undefined;
  },
  z.array(z.custom<UserStatus>(isUserStatus)).optional().catch(undefined),
);

const trail = z.preprocess(
  (v) => {
    const s = first(v);
    if (typeof s !== "string" || s === "") return undefined;
    const list = s.split(",");
    return list.every((c) => CURSOR.test(c)) ? list.slice(-MAX_PREVIOUS_PAGES) : undefined;
  },
  z.array(z.string()).optional().catch(undefined),
);

export const usersFilterSchema = z.object({
  q: text(200),
  status: statuses,
  search: text(MAX_EXPRESSION_LENGTH),
  sortBy: z.preprocess(first, z.enum(SORTABLE_ATTRIBUTES).optional().catch(undefined)),
  sortOrder: z.preprocess(first, z.enum(["asc", "desc"]).optional().catch(undefined)),
  limit: z.preprocess(
    first,
    z.coerce
      .number()
      .refine((n): n is PageSize => (PAGE_SIZES as readonly number[]).includes(n))
      .optional()
      .catch(undefined),
  ),
  after: cursor,
  prev: trail,
});
export type UsersFilterParams = z.infer<typeof usersFilterSchema>;

/** From a page's `searchParams` (or any record of strings / string arrays). Never throws. */
export function parseUsersFilters(searchParams: Record<string, string | string[] | undefined> | URLSearchParams): UsersFilterParams {
  const record: Record<string, string | string[]> = {};
  if (searchParams instanceof URLSearchParams) {
    for (const key of new Set(searchParams.keys())) {
      const all = searchParams.getAll(key);
      record[key] = all.length === 1 ? all[0]! : all;
    }
  } else {
    for (const [k, v] of Object.entries(searchParams)) if (v !== undefined) record[k] = v;
  }
  return usersFilterSchema.parse(record);
}

export function pageSize(params: Pick<UsersFilterParams, "limit">): PageSize {
  return (params.limit as PageSize | undefined) ?? DEFAULT_PAGE_SIZE;
}

/** 1 for the first page. */
export function pageNumber(params: Pick<UsersFilterParams, "after" | "prev">): number {
  return params.after ? (params.prev?.length ?? 0) + 2 : 1;
}

/** What lib/users/search.ts turns into the Okta call. */
export function listInput(params: UsersFilterParams): UserListInput {
  return { text: params.q, statuses: params.status, search: params.search, sortBy: params.sortBy, sortOrder: params.sortOrder };
}

const base = (tenantSlug: string) => `/t/${encodeURIComponent(tenantSlug)}/users`;

/**
 * The list's URL for `params` with another page position. Without `page`, the first page: any change
 * of query, chips, sort or page size starts over, since cursors belong to one query.
 */
export function usersHref(tenantSlug: string, params: UsersFilterParams, page?: { after?: string; prev?: readonly string[] }): string {
  const sp = new URLSearchParams();
  if (params.q) sp.set("q", params.q);
  if (params.status?.length) sp.set("status", params.status.join(","));
  if (params.search) sp.set("search", params.search);
  if (params.sortBy) {
    sp.set("sortBy", params.sortBy);
    if (params.sortOrder) sp.set("sortOrder", params.sortOrder);
  }
  if (params.limit && params.limit !== DEFAULT_PAGE_SIZE) sp.set("limit", String(params.limit));
  if (page?.after) {
    sp.set("after", page.after);
    const prev = (page.prev ?? []).slice(-MAX_PREVIOUS_PAGES);
    if (prev.length > 0) sp.set("prev", prev.join(","));
  }
  const q = sp.toString();
  return q ? `${base(tenantSlug)}?${q}` : base(tenantSlug);
}

/** The next page, from the cursor Okta's Link header gave for this page; null on the last page. */
export function nextPageHref(tenantSlug: string, params: UsersFilterParams, nextAfter: string | null): string | null {
  if (!nextAfter || !CURSOR.test(nextAfter)) return null;
  return usersHref(tenantSlug, params, nextPageCursor(params, nextAfter));
}

/** The page before; null on the first page. */
export function previousPageHref(tenantSlug: string, params: UsersFilterParams): string | null {
  const before = previousPageCursor(params);
  return before === null ? null : usersHref(tenantSlug, params, before);
}

/** A column header's link: sort by it ascending, or flip the order when it is already the sort. */
export function sortHref(tenantSlug: string, params: UsersFilterParams, sortBy: (typeof SORTABLE_ATTRIBUTES)[number]): string {
  const order = params.sortBy === sortBy && (params.sortOrder ?? "asc") === "asc" ? "desc" : "asc";
  return usersHref(tenantSlug, { ...params, sortBy, sortOrder: order });
}
