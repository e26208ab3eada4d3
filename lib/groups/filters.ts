// The groups list's URL state (all optional; a bad value is dropped, never an error page) and the one
// Okta query it becomes. Browser-safe. Like the users list: Okta's cursors only go forward, so
// Previous needs the cursors of the pages before (`prev`), `after` is the current page's.
// Parsing the URL (zod) is in filters-schema.ts: the browser code that builds links needs no zod.
import type { GroupsFilterParams, MembersFilterParams } from "./filters-schema";
import { MAX_PREVIOUS_PAGES, type PageSize } from "@/lib/users/filters";
import { quoteSearchValue } from "@/lib/users/search";
import { CURSOR, nextPageCursor, previousPageCursor } from "@/lib/paging/cursor-trail";

export const GROUP_TYPES = ["OKTA_GROUP", "APP_GROUP", "BUILT_IN"] as const;
export type GroupTypeFilter = (typeof GROUP_TYPES)[number];

/** The type filter's names, as technicians say them. */
export const GROUP_TYPE_LABELS: Record<GroupTypeFilter, string> = {
  OKTA_GROUP: "Okta",
  APP_GROUP: "App-imported",
  BUILT_IN: "Built-in",
};

export const DEFAULT_GROUP_PAGE_SIZE: PageSize = 50;
export type { GroupsFilterParams, MembersFilterParams };

export function groupPageSize(params: Pick<GroupsFilterParams, "limit">): PageSize {
  return (params.limit as PageSize | undefined) ?? DEFAULT_GROUP_PAGE_SIZE;
}

export function groupPageNumber(params: Pick<GroupsFilterParams, "after" | "prev">): number {
  return params.after ? (params.prev?.length ?? 0) + 2 : 1;
}

export type GroupListQuery =
  | { mode: "all" }
  | { mode: "q"; q: string }
  | { mode: "filter"; filter: string }
  | { mode: "search"; search: string };

/**
 * The one Okta call of a list page. Text alone is Okta's `q` (starts-with on the name, one page: Okta
 * does not page `q`); a type alone is `filter=type eq "…"` (pages); both together are a `search`
 * expression (pages), since Okta does not combine `q` with `filter`.
 */
export function groupListQuery(params: Pick<GroupsFilterParams, "q" | "type">): GroupListQuery {
  if (params.q && params.type) return { mode: "search", search: `type eq "${params.type}" and profile.name sw ${quoteSearchValue(params.q)}` };
  if (params.q) return { mode: "q", q: params.q };
  if (params.type) return { mode: "filter", filter: `type eq "${params.type}"` };
  return { mode: "all" };
}

const base = (slug: string) => `/t/${encodeURIComponent(slug)}/groups`;

/** The list's URL; any change of text, type or page size starts at page 1 (cursors belong to one query). */
export function groupsHref(slug: string, params: GroupsFilterParams, page?: { after?: string; prev?: readonly string[] }): string {
  const sp = new URLSearchParams();
  if (params.q) sp.set("q", params.q);
  if (params.type) sp.set("type", params.type);
  if (params.limit && params.limit !== DEFAULT_GROUP_PAGE_SIZE) sp.set("limit", String(params.limit));
  if (page?.after) {
    sp.set("after", page.after);
    const prev = (page.prev ?? []).slice(-MAX_PREVIOUS_PAGES);
    if (prev.length) sp.set("prev", prev.join(","));
  }
  const s = sp.toString();
  return s ? `${base(slug)}?${s}` : base(slug);
}

export function nextGroupsHref(slug: string, params: GroupsFilterParams, nextAfter: string | null): string | null {
  if (!nextAfter || !CURSOR.test(nextAfter)) return null;
  return groupsHref(slug, params, nextPageCursor(params, nextAfter));
}

export function previousGroupsHref(slug: string, params: GroupsFilterParams): string | null {
  const before = previousPageCursor(params);
  return before === null ? null : groupsHref(slug, params, before);
}

// ---------------------------------------------------------------------------------------------------
// The detail page's members section: its own cursor trail and search text, in the same URL.

export const MEMBERS_PAGE_SIZE = 50;

export function membersHref(slug: string, groupId: string, params: MembersFilterParams, page?: { after?: string; prev?: readonly string[] }): string {
  const sp = new URLSearchParams();
  if (params.mq) sp.set("mq", params.mq);
  if (page?.after) {
    sp.set("mafter", page.after);
    const prev = (page.prev ?? []).slice(-MAX_PREVIOUS_PAGES);
    if (prev.length) sp.set("mprev", prev.join(","));
  }
  const s = sp.toString();
  return `${base(slug)}/${encodeURIComponent(groupId)}${s ? `?${s}` : ""}`;
}

export function nextMembersHref(slug: string, groupId: string, params: MembersFilterParams, nextAfter: string | null): string | null {
  if (!nextAfter || !CURSOR.test(nextAfter)) return null;
  const prev = params.mafter ? [...(params.mprev ?? []), params.mafter] : [];
  return membersHref(slug, groupId, params, { after: nextAfter, prev });
}

export function previousMembersHref(slug: string, groupId: string, params: MembersFilterParams): string | null {
  if (!params.mafter) return null;
  const prev = params.mprev ?? [];
  if (prev.length === 0) return membersHref(slug, groupId, { mq: params.mq });
  return membersHref(slug, groupId, params, { after: prev[prev.length - 1], prev: prev.slice(0, -1) });
}
