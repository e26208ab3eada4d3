// Browser-safe shapes of the bulk user action (the users list's action bar and the server share them).
import { z } from "zod";

export const BULK_USER_ACTIONS = [
  "reset_password",
  "reset_mfa",
  "clear_sessions",
  "suspend",
  "deactivate",
  "add_to_group",
  "remove_from_group",
  "assign_app",
] as const;
export type BulkUserAction = (typeof BULK_USER_ACTIONS)[number];

export const BULK_ACTION_LABELS: Record<BulkUserAction, string> = {
  reset_password: "Reset password",
  reset_mfa: "Reset MFA",
  clear_sessions: "Clear sessions",
  suspend: "Suspend",
  deactivate: "Deactivate",
  add_to_group: "Add to group",
  remove_from_group: "Remove from group",
  assign_app: "Assign app",
};

/** The permission each bulk action needs (as lib/users/lifecycle.ts OPERATIONS, groups and apps). */
export const BULK_ACTION_PERMISSIONS = {
  reset_password: "users.resetPassword",
  reset_mfa: "users.resetMfa",
  clear_sessions: "users.clearSessions",
  suspend: "users.lifecycle",
  deactivate: "users.lifecycle",
  add_to_group: "groups.membership",
  remove_from_group: "groups.membership",
  assign_app: "apps.assign",
} as const satisfies Record<BulkUserAction, string>;

const oktaId = z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, "Not an Okta id.");

export const bulkUserActionParamsSchema = z
  .object({
    action: z.enum(BULK_USER_ACTIONS),
    groupId: oktaId.optional(),
    appId: oktaId.optional(),
    revokeOAuthTokens: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.action === "add_to_group" || v.action === "remove_from_group") && !v.groupId) ctx.addIssue({ code: "custom", path: ["groupId"], message: "Choose a group." });
    if (v.action === "assign_app" && !v.appId) ctx.addIssue({ code: "custom", path: ["appId"], message: "Choose an app." });
  });
export type BulkUserActionParams = z.infer<typeof bulkUserActionParamsSchema>;

export const bulkUserItemSchema = z.object({
  userId: oktaId,
  /** For the report and the audit row's target name (as the list showed it). */
  login: z.string().max(300).optional(),
});
export type BulkUserItem = z.infer<typeof bulkUserItemSchema>;

/** At most this many users in one bulk action from the users list (a list page holds up to 200). */
export const MAX_BULK_USERS = 1_000;
