// The users list's URL state (all optional; a bad value is dropped, never an error page), so a search
// can be pasted into a ticket and Back/Forward move between pages. Browser-safe.
//
// Okta's cursors only go forward, so Previous needs the cursors of the pages before: `prev` carries
// them (pages 2..n-1; page 1 has no cursor), `after` is the current page's.
//
// Parsing a URL into these params (zod) is in filters-schema.ts: the browser code that builds links
// with this module does not need zod.
import type { UsersFilterParams } from "./filters-schema";
import type { SORTABLE_ATTRIBUTES, UserListInput } from "./search";
import { CURSOR, MAX_PREVIOUS_PAGES, nextPageCursor, previousPageCursor } from "@/lib/paging/cursor-trail";

export const PAGE_SIZES = [25, 50, 200] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 25;
export { MAX_PREVIOUS_PAGES };
export type { UsersFilterParams };

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
