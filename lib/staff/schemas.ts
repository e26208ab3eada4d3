// zod schemas for staff administration, shared by the server actions (authoritative) and the forms.
// No server-only imports: the browser bundle includes this file.
import { z } from "zod";
import { ALL_ORG_ROLES, ROLES, type Role } from "@/lib/rbac/permissions";

import { ticketIdField } from "@/lib/actions/ticket";

export { ticketIdField };

const idField = (what: string) => z.string({ error: `Missing ${what}` }).trim().min(1, `Missing ${what}`).max(64);

export const roleField = z.enum(ROLES, { error: "Choose a role" });

/** "" or "all" (or absent) = every org. */
const tenantScopeField = z
  .string()
  .optional()
  .transform((v) => {
    const t = v?.trim();
    return t && t !== "all" ? t : null;
  })
  .pipe(z.string().max(64).nullable());

export const staffAddSchema = z.object({
  email: z.string({ error: "Enter an email address" }).trim().toLowerCase().pipe(z.email({ error: "Enter a valid email address" }).max(254)),
  name: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .pipe(z.string().max(100, "Use at most 100 characters").optional()),
  ticketId: ticketIdField,
});
export type StaffAddInput = z.infer<typeof staffAddSchema>;

export const grantAddSchema = z
  .object({
    staffId: idField("staff member"),
    role: roleField,
    tenantId: tenantScopeField,
    ticketId: ticketIdField,
  })
  .superRefine((v, ctx) => {
    if (isAllOrgRole(v.role) && v.tenantId !== null) {
      ctx.addIssue({ code: "custom", path: ["tenantId"], message: "This role always applies to all orgs" });
    }
  });
export type GrantAddInput = z.infer<typeof grantAddSchema>;

export const grantRemoveSchema = z.object({ grantId: idField("grant"), ticketId: ticketIdField });
export type GrantRemoveInput = z.infer<typeof grantRemoveSchema>;

export const staffStatusSchema = z.object({
  staffId: idField("staff member"),
  status: z.enum(["active", "disabled"], { error: "Choose enable or disable" }),
  ticketId: ticketIdField,
});
export type StaffStatusInput = z.infer<typeof staffStatusSchema>;

export const staffListFilterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(["all", "active", "disabled"]).default("all").catch("all"),
});
export type StaffListFilter = z.infer<typeof staffListFilterSchema>;

export function isAllOrgRole(role: Role): boolean {
  return ALL_ORG_ROLES.includes(role);
}
