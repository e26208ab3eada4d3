// The users list's URL state parsed from a page's search params (see filters.ts). Not imported by
// browser code: zod stays out of the list's first load.
import { z } from "zod";
import { PAGE_SIZES, type PageSize } from "./filters";
import { isUserStatus, type UserStatus } from "./lifecycle";
import { MAX_EXPRESSION_LENGTH, SORTABLE_ATTRIBUTES } from "./search";
import { cursorParam, cursorTrailParam, firstValue, pageSizeParam, searchParamsRecord, trimmedTextParam } from "@/lib/paging/url-params";

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


export const usersFilterSchema = z.object({
  q: trimmedTextParam(200),
  status: statuses,
  search: trimmedTextParam(MAX_EXPRESSION_LENGTH),
  sortBy: z.preprocess(firstValue, z.enum(SORTABLE_ATTRIBUTES).optional().catch(undefined)),
  sortOrder: z.preprocess(firstValue, z.enum(["asc", "desc"]).optional().catch(undefined)),
  limit: pageSizeParam<PageSize>(PAGE_SIZES),
  after: cursorParam,
  prev: cursorTrailParam,
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
    return usersFilterSchema.parse(record);
  }
  return usersFilterSchema.parse(searchParamsRecord(searchParams));
}

