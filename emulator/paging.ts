/** Cursor paging over id-ordered collections: `after` is the last id of the previous page. */
import { linkHeader, type ApiContext, type ApiResult } from "./http.ts";

export interface IdSequence {
  readonly length: number;
  at(i: number): string | undefined;
  indexAfter(id: string): number;
}

/** Wraps a plain sorted array as an IdSequence. */
export function sortedSequence(ids: string[]): IdSequence {
  return {
    length: ids.length,
    at: (i) => ids[i],
    indexAfter: (id) => {
      let lo = 0;
      let hi = ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ids[mid]! <= id) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}

/**
 * Serves one page: the next `limit` ids after the cursor for which `load` returns an item.
 * Gives a `next` link when the page is full and ids remain.
 */
export function pageOf<T>(ctx: ApiContext, ids: IdSequence, limit: number, load: (id: string) => T | undefined, serialize: (item: T) => unknown): ApiResult {
  const after = ctx.query.get("after");
  let i = after ? ids.indexAfter(after) : 0;
  const page: { id: string; item: T }[] = [];
  for (; i < ids.length && page.length < limit; i++) {
    const id = ids.at(i)!;
    const item = load(id);
    if (item !== undefined) page.push({ id, item });
  }
  let next: URLSearchParams | undefined;
  if (page.length === limit && i < ids.length) {
    next = new URLSearchParams(ctx.query);
    next.set("after", page[page.length - 1]!.id);
    next.set("limit", String(limit));
  }
  return { status: 200, body: page.map((p) => serialize(p.item)), headers: { Link: linkHeader(ctx, next) } };
}
