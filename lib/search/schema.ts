// Cross-org search: the query and the lines the search streams (browser-safe: the /search page and
// the palette read the same shapes).
import { z } from "zod";

export const CROSS_ORG_QUERY_MIN = 2;
export const CROSS_ORG_QUERY_MAX = 100;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The search box: a name, an email, a login or an Okta user id; checked before any Okta call. */
export const crossOrgQuerySchema = z
  .string()
  .refine((v) => !CONTROL.test(v), "The search cannot contain control characters or line breaks.")
  .transform((v) => v.trim().replace(/\s+/g, " "))
  .pipe(
    z
      .string()
      .min(CROSS_ORG_QUERY_MIN, `Type at least ${CROSS_ORG_QUERY_MIN} characters.`)
      .max(CROSS_ORG_QUERY_MAX, `At most ${CROSS_ORG_QUERY_MAX} characters.`),
  );

export const crossOrgSearchInput = z.object({ q: crossOrgQuerySchema });

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
