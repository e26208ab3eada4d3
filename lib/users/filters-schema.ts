// The users list's URL state parsed from a page's search params (see filters.ts). Not imported by
// browser code: zod stays out of the list's first load.
import { z } from "zod";
import { PAGE_SIZES, type PageSize } from "./filters";
import { isUserStatus, type UserStatus } from "./lifecycle";
import { MAX_EXPRESSION_LENGTH, SORTABLE_ATTRIBUTES } from "./search";
import { CURSOR, MAX_PREVIOUS_PAGES } from "@/lib/paging/cursor-trail";

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

