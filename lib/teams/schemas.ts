// zod schemas for teams, shared by the server actions (authoritative) and the forms.
// No server-only imports: the browser bundle includes this file.
import { z } from "zod";
import { roleField, ticketIdField } from "@/lib/staff/schemas";

export const TEAM_SCOPE_TYPES = ["all", "orgs", "tag"] as const;
export type TeamScopeType = (typeof TEAM_SCOPE_TYPES)[number];
export const TEAM_SCOPE_LABELS: Record<TeamScopeType, string> = {
  all: "All orgs",
  orgs: "Chosen orgs",
  tag: "Orgs carrying a tag",
};

const idField = (what: string) => z.string({ error: `Missing ${what}` }).trim().min(1, `Missing ${what}`).max(64);

const optionalTrimmed = (max: number, message: string) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .pipe(z.string().max(max, message).optional());

const teamFields = z.object({
  name: z.string({ error: "Enter a team name" }).trim().min(1, "Enter a team name").max(80, "Use at most 80 characters"),
  description: z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? "")
    .pipe(z.string().max(500, "Use at most 500 characters")),
  role: roleField,
  scopeType: z.enum(TEAM_SCOPE_TYPES, { error: "Choose which orgs the team covers" }),
  tenantIds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [...new Set((Array.isArray(v) ? v : v ? [v] : []).map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(64)).max(500)),
  scopeTag: optionalTrimmed(40, "Use at most 40 characters"),
  oidcGroup: optionalTrimmed(200, "Use at most 200 characters"),
  ticketId: ticketIdField,
});

function checkScope(v: z.infer<typeof teamFields>, ctx: z.RefinementCtx) {
  if (v.scopeType === "orgs" && v.tenantIds.length === 0) {
    ctx.addIssue({ code: "custom", path: ["tenantIds"], message: "Choose at least one org" });
  }
  if (v.scopeType === "tag" && !v.scopeTag) {
    ctx.addIssue({ code: "custom", path: ["scopeTag"], message: "Choose a tag" });
  }
}

export const teamCreateSchema = teamFields.superRefine(checkScope);
export type TeamCreateInput = z.infer<typeof teamCreateSchema>;

export const teamUpdateSchema = teamFields.extend({ id: idField("team") }).superRefine(checkScope);
export type TeamUpdateInput = z.infer<typeof teamUpdateSchema>;

export const teamDeleteSchema = z.object({ id: idField("team"), ticketId: ticketIdField });
export type TeamDeleteInput = z.infer<typeof teamDeleteSchema>;

export const teamMemberSchema = z.object({ teamId: idField("team"), staffId: idField("staff member"), ticketId: ticketIdField });
export type TeamMemberInput = z.infer<typeof teamMemberSchema>;

export const UNION_RULE_TEXT = "When several grants apply to the same org, the staff member gets every permission any of them gives.";
export const OIDC_GROUP_HINT = "Membership follows this group in your MSP's Okta at each sign-in";
