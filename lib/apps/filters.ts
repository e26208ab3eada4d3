// URL state of the apps list and an app's user assignments (all optional; a bad value is dropped, never
// an error page). Okta's cursors only go forward: `prev` carries the cursors of the pages before.
// Browser-safe.
import { z } from "zod";

const CURSOR = /^[A-Za-z0-9._~:=+/-]{1,512}$/;
const MAX_PREVIOUS = 40;
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = z.preprocess((v) => {
  const s = first(v);
  return typeof s === "string" ? s.trim() || undefined : s;
}, z.string().max(100).optional().catch(undefined));
const cursor = z.preprocess(first, z.string().regex(CURSOR).optional().catch(undefined));
const trail = z.preprocess(
  (v) => {
    const s = first(v);
    if (typeof s !== "string" || s === "") return undefined;
    const list = s.split(",");
    return list.every((c) => CURSOR.test(c)) ? list.slice(-MAX_PREVIOUS) : undefined;
  },
  z.array(z.string()).optional().catch(undefined),
);

export const pageParamsSchema = z.object({ q: text, after: cursor, prev: trail });
export type PageParams = z.infer<typeof pageParamsSchema>;

export function parsePageParams(searchParams: Record<string, string | string[] | undefined>): PageParams {
  const record: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(searchParams)) if (v !== undefined) record[k] = v;
  return pageParamsSchema.parse(record);
}

/** `base` with the query and a page position; without `page`, the first page (cursors belong to one query). */
export function pageHref(base: string, params: Pick<PageParams, "q">, page?: { after?: string; prev?: readonly string[] }): string {
  const sp = new URLSearchParams();
  if (params.q) sp.set("q", params.q);
  if (page?.after) {
    sp.set("after", page.after);
    const prev = (page.prev ?? []).slice(-MAX_PREVIOUS);
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
