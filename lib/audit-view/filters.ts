// The audit page's filters, from its search params (all optional; bad values are dropped).
import { z } from "zod";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()))
  .optional()
  .catch(undefined);

export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined)
    .catch(undefined);

/** "unknown": changes whose attempt was recorded but whose outcome was not. */
export const auditOutcomeParam = z.enum(["success", "failure", "denied", "unknown"]).optional().catch(undefined);

export const auditFilterSchema = z.object({
  org: text(100),
  staff: text(64),
  action: text(100),
  outcome: auditOutcomeParam,
  from: day,
  to: day,
  cursor: z.coerce.number().int().positive().optional().catch(undefined),
});
export type AuditFilterParams = z.infer<typeof auditFilterSchema>;

/** UTC day bounds: `from` inclusive at 00:00, `to` inclusive (so the exclusive bound is the next day). */
export function dayRange(params: Pick<AuditFilterParams, "from" | "to">): { from?: Date; to?: Date } {
  const out: { from?: Date; to?: Date } = {};
  if (params.from) out.from = new Date(`${params.from}T00:00:00Z`);
  if (params.to) out.to = new Date(new Date(`${params.to}T00:00:00Z`).getTime() + 86_400_000);
  return out;
}

/** The search string for the same filters with another cursor (undefined = first page). */
export function auditHref(params: AuditFilterParams, cursor?: number): string {
  const sp = new URLSearchParams();
  for (const key of ["org", "staff", "action", "outcome", "from", "to"] as const) {
    const v = params[key];
    if (v) sp.set(key, v);
  }
  if (cursor !== undefined) sp.set("cursor", String(cursor));
  const q = sp.toString();
  return q ? `/audit?${q}` : "/audit";
}
