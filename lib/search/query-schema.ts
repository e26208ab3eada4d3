// The cross-org search query, checked before any Okta call (the /search page and the search route).
// Not in schema.ts: the browser code reading those shapes does not need zod.
import { z } from "zod";
import { CROSS_ORG_QUERY_MAX, CROSS_ORG_QUERY_MIN } from "./schema";

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
