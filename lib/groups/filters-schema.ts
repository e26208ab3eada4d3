// The groups list's and the members section's URL state parsed from a page's search params (see
// filters.ts). Not imported by browser code: zod stays out of the groups pages' first load.
import { z } from "zod";
import { GROUP_TYPES } from "./filters";
import { MAX_PREVIOUS_PAGES, PAGE_SIZES, type PageSize } from "@/lib/users/filters";
import { CURSOR } from "@/lib/paging/cursor-trail";

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

export const groupsFilterSchema = z.object({
  q: z.preprocess((v) => {
    const s = first(v);
    return typeof s === "string" ? s.trim() || undefined : s;
  }, z.string().max(100).optional().catch(undefined)),
  type: z.preprocess(first, z.enum(GROUP_TYPES).optional().catch(undefined)),
  limit: z.preprocess(
    first,
    z.coerce
      .number()
      .refine((n): n is PageSize => (PAGE_SIZES as readonly number[]).includes(n))
      .optional()
      .catch(undefined),
  ),
  after: z.preprocess(first, z.string().regex(CURSOR).optional().catch(undefined)),
  prev: z.preprocess(
    (v) => {
      const s = first(v);
      if (typeof s !== "string" || s === "") return undefined;
      const list = s.split(",");
      return list.every((c) => CURSOR.test(c)) ? list.slice(-MAX_PREVIOUS_PAGES) : undefined;
    },
    z.array(z.string()).optional().catch(undefined),
  ),
});
export type GroupsFilterParams = z.infer<typeof groupsFilterSchema>;

export function parseGroupsFilters(searchParams: Record<string, string | string[] | undefined>): GroupsFilterParams {
  const record: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(searchParams)) if (v !== undefined) record[k] = v;
  return groupsFilterSchema.parse(record);
}

// ---------------------------------------------------------------------------------------------------
// The detail page's members section.

export const membersFilterSchema = z.object({
  mq: z.preprocess((v) => {
    const s = first(v);
    return typeof s === "string" ? s.trim() || undefined : s;
  }, z.string().max(100).optional().catch(undefined)),
  mafter: z.preprocess(first, z.string().regex(CURSOR).optional().catch(undefined)),
  mprev: groupsFilterSchema.shape.prev,
});
export type MembersFilterParams = z.infer<typeof membersFilterSchema>;
