// Zod pieces for list state kept in the URL (users, groups, apps): every field is optional and a bad
// value is dropped, never an error page. Browser-safe (zod and the cursor rules only).
import { z } from "zod";
import { CURSOR, MAX_PREVIOUS_PAGES } from "./cursor-trail";

/** Next.js hands repeated parameters over as arrays: a scalar field takes the first. */
export const firstValue = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** Trimmed; blank is absent; longer than `max` is dropped. */
export const trimmedTextParam = (max: number) =>
  z.preprocess((v) => {
    const s = firstValue(v);
    return typeof s === "string" ? s.trim() || undefined : s;
  }, z.string().max(max).optional().catch(undefined));

/** This page's Okta cursor (`after`). */
export const cursorParam = z.preprocess(firstValue, z.string().regex(CURSOR).optional().catch(undefined));

/** The cursors of the pages before this one (`prev=c1,c2`), the last MAX_PREVIOUS_PAGES kept. */
export const cursorTrailParam = z.preprocess(
  (v) => {
    const s = firstValue(v);
    if (typeof s !== "string" || s === "") return undefined;
    const list = s.split(",");
    return list.every((c) => CURSOR.test(c)) ? list.slice(-MAX_PREVIOUS_PAGES) : undefined;
  },
  z.array(z.string()).optional().catch(undefined),
);

/** One of the page sizes a list offers (`limit=50`); anything else is absent (the list's default). */
export const pageSizeParam = <N extends number>(sizes: readonly N[]) =>
  z.preprocess(
    firstValue,
    z.coerce
      .number()
      .refine((n): n is N => (sizes as readonly number[]).includes(n))
      .optional()
      .catch(undefined),
  );

/** A page's `searchParams` as a plain record for a schema (absent values left out). */
export function searchParamsRecord(searchParams: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(searchParams)) if (v !== undefined) record[k] = v;
  return record;
}
