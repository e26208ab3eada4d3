// Browser-safe shapes of the bulk user action (the users list's action bar and the server share them).
import { z } from "zod";
import { BULK_USER_ACTIONS } from "./bulk-user-action-labels";

// The actions, their labels and permissions: bulk-user-action-labels.ts (the list's action bar needs
// them without zod).
export { BULK_ACTION_LABELS, BULK_ACTION_PERMISSIONS, BULK_USER_ACTIONS, type BulkUserAction } from "./bulk-user-action-labels";

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
