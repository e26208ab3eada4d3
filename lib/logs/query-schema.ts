// The Log Viewer's read action and routes: their zod input (the URL's strings), checked by
// checkLogQuery (query.ts). Apart from query.ts, which the search form (browser code) reads without zod.
import { z } from "zod";
import { checkLogQuery, CURSOR } from "./query";
import type { LogViewerParams } from "./href";

/** The wire shape of the read action and the routes: the URL's strings, checked by checkLogQuery. */
const str = (max: number) => z.string().trim().max(max).optional();
export const logQueryFields = {
  range: str(20),
  since: str(60),
  until: str(60),
  actor: str(300),
  target: str(300),
  type: str(200),
  outcome: str(20),
  ip: str(60),
  q: str(1000),
  view: str(40),
  tx: str(200),
};
export const LOG_QUERY_KEYS = Object.keys(logQueryFields) as Array<keyof LogViewerParams>;

/** The query fields of a parsed input, blank ones dropped (forms send ""). */
export function logParamsOf(input: Partial<Record<keyof LogViewerParams, string | undefined>>): LogViewerParams {
  const out: Record<string, string> = {};
  for (const k of LOG_QUERY_KEYS) {
    const v = input[k];
    if (typeof v === "string" && v !== "") out[k] = v;
  }
  return out as LogViewerParams;
}

export const cursorField = z.string().regex(CURSOR, "Not a page cursor.").optional();

/** Adds checkLogQuery's sentences as field issues: a refused query never reaches the body (no Okta call). */
export function refineLogQuery(input: Partial<Record<keyof LogViewerParams, string | undefined>>, ctx: z.RefinementCtx): void {
  const checked = checkLogQuery(logParamsOf(input));
  if (checked.ok) return;
  for (const [field, message] of Object.entries(checked.errors)) ctx.addIssue({ code: "custom", path: field === "_form" ? [] : [field], message });
}
