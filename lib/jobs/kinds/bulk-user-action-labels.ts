// The bulk user actions, as the users list's action bar and the server name them (zod-free: the bar
// is browser code; the params schema is in bulk-user-action-schema.ts).

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
