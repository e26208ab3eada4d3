// The groups list's and the members section's URL state parsed from a page's search params (see
// filters.ts). Not imported by browser code: zod stays out of the groups pages' first load.
import { z } from "zod";
import { GROUP_TYPES } from "./filters";
import { PAGE_SIZES, type PageSize } from "@/lib/users/filters";
import { cursorParam, cursorTrailParam, firstValue, pageSizeParam, searchParamsRecord, trimmedTextParam } from "@/lib/paging/url-params";

export const groupsFilterSchema = z.object({
  q: trimmedTextParam(100),
  type: z.preprocess(firstValue, z.enum(GROUP_TYPES).optional().catch(undefined)),
  limit: pageSizeParam<PageSize>(PAGE_SIZES),
  after: cursorParam,
  prev: cursorTrailParam,
});
export type GroupsFilterParams = z.infer<typeof groupsFilterSchema>;

export function parseGroupsFilters(searchParams: Record<string, string | string[] | undefined>): GroupsFilterParams {
  return groupsFilterSchema.parse(searchParamsRecord(searchParams));
}

// ---------------------------------------------------------------------------------------------------
// The detail page's members section.

export const membersFilterSchema = z.object({
  mq: trimmedTextParam(100),
  mafter: cursorParam,
  mprev: cursorTrailParam,
});
export type MembersFilterParams = z.infer<typeof membersFilterSchema>;
