// URL state of the apps list and an app's user assignments (all optional; a bad value is dropped, never
// an error page). Okta's cursors only go forward: `prev` carries the cursors of the pages before.
// Browser-safe.
import { z } from "zod";

import { CURSOR, MAX_PREVIOUS_PAGES } from "@/lib/paging/cursor-trail";
import { cursorParam, cursorTrailParam, searchParamsRecord, trimmedTextParam } from "@/lib/paging/url-params";

export const pageParamsSchema = z.object({ q: trimmedTextParam(100), after: cursorParam, prev: cursorTrailParam });
export type PageParams = z.infer<typeof pageParamsSchema>;

export function parsePageParams(searchParams: Record<string, string | string[] | undefined>): PageParams {
  return pageParamsSchema.parse(searchParamsRecord(searchParams));
}

/** `base` with the query and a page position; without `page`, the first page (cursors belong to one query). */
export function pageHref(base: string, params: Pick<PageParams, "q">, page?: { after?: string; prev?: readonly string[] }): string {
  const sp = new URLSearchParams();
  if (params.q) sp.set("q", params.q);
  if (page?.after) {
    sp.set("after", page.after);
    const prev = (page.prev ?? []).slice(-MAX_PREVIOUS_PAGES);
    if (prev.length) sp.set("prev", prev.join(","));
  }
  const q = sp.toString();
  return q ? `${base}?${q}` : base;
}

export function nextHref(base: string, params: PageParams, nextAfter: string | null): string | null {
  if (!nextAfter || !CURSOR.test(nextAfter)) return null;
  return pageHref(base, params, { after: nextAfter, prev: params.after ? [...(params.prev ?? []), params.after] : [] });
}

export function previousHref(base: string, params: PageParams): string | null {
  if (!params.after) return null;
  const prev = params.prev ?? [];
  if (!prev.length) return pageHref(base, params);
  return pageHref(base, params, { after: prev[prev.length - 1], prev: prev.slice(0, -1) });
}

export const appsBase = (slug: string) => `/t/${encodeURIComponent(slug)}/apps`;
export const appBase = (slug: string, appId: string) => `${appsBase(slug)}/${encodeURIComponent(appId)}`;
