// Cross-org search: the query and the lines the search streams (browser-safe: the /search page and
// the palette read the same shapes). The query's zod schema is in query-schema.ts (server side).

export const CROSS_ORG_QUERY_MIN = 2;
export const CROSS_ORG_QUERY_MAX = 100;
export interface SearchHit {
  id: string;
  label: string;
  login: string;
  email?: string;
  status?: string;
  statusLabel?: string;
  /** The user's page in that org. */
  href: string;
}

export interface SearchOrgRef {
  slug: string;
  name: string;
}

export type SearchLine =
  | { type: "start"; q: string; orgs: SearchOrgRef[]; timeoutMs: number }
  | { type: "org"; slug: string; name: string; status: "ok"; users: SearchHit[]; more: boolean; ms: number }
  | { type: "org"; slug: string; name: string; status: "error" | "timeout"; error: string; ms: number }
  | { type: "done"; ms: number; orgs: number; failed: number; users: number };
