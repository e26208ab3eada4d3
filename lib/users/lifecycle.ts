// THE table of what Okta lets you do to a user in each status, and which console permission each
// operation needs. The users pages offer an operation only when this table and the staff member's
// roles both allow it; the actions check the same table before calling Okta. Browser-safe.
//
// Sources: Okta's Management API reference (User Lifecycle, User Credentials, User Factors, User
// Sessions; the descriptions the official SDK 8.1.0 carries) and tests/emulator lifecycle rules. A
// cross-check test (tests/integration/users-lifecycle-table.test.ts) drives every status x operation
// through the official SDK against the emulator and compares the answer with this table.
import { rolesAllow, rolesAllowOnPrivilegedTarget, type Permission, type Role } from "@/lib/rbac/permissions";

export const USER_STATUSES = [
  "STAGED",
  "PROVISIONED",
  "ACTIVE",
  "RECOVERY",
  "PASSWORD_EXPIRED",
  "LOCKED_OUT",
  "SUSPENDED",
  "DEPROVISIONED",
] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export function isUserStatus(value: unknown): value is UserStatus {
  return typeof value === "string" && (USER_STATUSES as readonly string[]).includes(value);
}

export type StatusTone = "neutral" | "success" | "info" | "warning" | "danger";

export interface StatusInfo {
  /** The Okta Admin Console's label for the status. */
  label: string;
  /** What it means for the person and what a technician can do (badge hover, detail page). */
  meaning: string;
  tone: StatusTone;
}

// Labels as Okta's Admin Console shows them (help.okta.com "User account status").
export const STATUS_INFO: Record<UserStatus, StatusInfo> = {
  STAGED: {
    label: "Staged",
    meaning: "Created but not activated yet: they cannot sign in until someone activates them.",
    tone: "neutral",
  },
  PROVISIONED: {
    label: "Pending user action",
    meaning: "Activated, but they have not finished activation (set a password from the email): resend the activation, or wait for them.",
    tone: "info",
  },
  ACTIVE: { label: "Active", meaning: "Can sign in.", tone: "success" },
  RECOVERY: {
    label: "Password reset",
    meaning: "A password reset is under way: they cannot sign in until they finish it with the reset link.",
    tone: "warning",
  },
  PASSWORD_EXPIRED: {
    label: "Password expired",
    meaning: "Their password has expired: they must choose a new one at their next sign-in.",
    tone: "warning",
  },
  LOCKED_OUT: {
    label: "Locked out",
    meaning: "Locked out after too many failed sign-ins: unlock, or wait for the org's auto-unlock.",
    tone: "danger",
  },
  SUSPENDED: {
    label: "Suspended",
    meaning: "Suspended by an administrator: they cannot sign in; groups and app assignments are kept. Unsuspend to restore access.",
    tone: "danger",
  },
  DEPROVISIONED: {
    label: "Deactivated",
    meaning: "Deactivated: they cannot sign in and their app assignments are removed. Activate them again, or delete them for good.",
    tone: "neutral",
  },
};

export const USER_OPERATIONS = [
  "edit_profile",
  "activate",
  "reactivate",
  "unlock",
  "reset_password",
  "temp_password",
  "expire_password",
  "reset_factors",
  "reset_factor",
  "clear_sessions",
  "suspend",
  "unsuspend",
  "deactivate",
  "delete",
] as const;
export type UserOperation = (typeof USER_OPERATIONS)[number];

export function isUserOperation(value: unknown): value is UserOperation {
  return typeof value === "string" && (USER_OPERATIONS as readonly string[]).includes(value);
}

const ALL: readonly UserStatus[] = USER_STATUSES;
const NOT_DEACTIVATED: readonly UserStatus[] = USER_STATUSES.filter((s) => s !== "DEPROVISIONED");
/** Finished activation: can sign in, modulo a lock, an expiry or a reset under way. */
const ACTIVATED: readonly UserStatus[] = ["ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT"];

export interface OperationRule {
  label: string;
  /** The console permission (lib/rbac/permissions.ts) an operation needs. */
  permission: Permission;
  /** Statuses from which the console offers it. */
  from: readonly UserStatus[];
  /**
   * Statuses from which Okta would accept the call but the console does not offer it, with the reason.
   * The cross-check test counts these as "Okta allows" so the table stays honest about Okta.
   */
  withheld?: Partial<Record<UserStatus, string>>;
  /** Hard to undo for the person (access removed, credentials invalidated, data gone). */
  destructive: boolean;
  /** What happens, for the confirmation dialog. */
  effect: string;
  /** The Okta endpoint, for the reader. */
  endpoint: string;
}

export const OPERATIONS: Record<UserOperation, OperationRule> = {
  edit_profile: {
    label: "Edit profile",
    permission: "users.update",
    from: NOT_DEACTIVATED,
    withheld: {
      // Okta: deactivated users' profiles are updated only when the org turned on "Edit deactivated
      // user profiles". The console cannot see that setting; a save Okta ignores would look done.
      DEPROVISIONED: "Okta updates a deactivated user's profile only if the org allows editing deactivated users; activate them first.",
    },
    destructive: false,
    effect: "Saves the changed profile fields in Okta.",
    endpoint: "POST /api/v1/users/{id}",
  },
  // Okta: "Perform this operation only on users with a STAGED or DEPROVISIONED status."
  activate: {
    label: "Activate",
    permission: "users.lifecycle",
    from: ["STAGED", "DEPROVISIONED"],
    destructive: false,
    effect: "Activates the user. Without a password they get an activation email (or a link to hand over) and stay pending until they set one.",
    endpoint: "POST /api/v1/users/{id}/lifecycle/activate",
  },
  // Okta's current reference also names RECOVERY; older references and the emulator say PROVISIONED
  // only. A user in RECOVERY has a reset link on its way; a new reset is the clearer remedy, so the
  // console offers "resend activation" only to users who never finished activating.
  reactivate: {
    label: "Resend activation",
    permission: "users.lifecycle",
    from: ["PROVISIONED"],
    destructive: false,
    effect: "Restarts activation: a new activation email (or link) replaces the previous one.",
    endpoint: "POST /api/v1/users/{id}/lifecycle/reactivate",
  },
  // Okta also unlocks ACTIVE users blocked from unknown devices (Identity Engine); the console offers
  // unlock for LOCKED_OUT only, the case Okta and the emulator both document.
  unlock: {
    label: "Unlock",
    permission: "users.unlock",
    from: ["LOCKED_OUT"],
    destructive: false,
    effect: "Unlocks the account: they can sign in again with their current password.",
    endpoint: "POST /api/v1/users/{id}/lifecycle/unlock",
  },
  reset_password: {
    label: "Reset password",
    permission: "users.resetPassword",
    from: ["PROVISIONED", ...ACTIVATED],
    destructive: true,
    effect: "Starts a password reset: the user gets a reset email (or you get a one-time link to hand over) and cannot sign in until they finish it.",
    endpoint: "POST /api/v1/users/{id}/lifecycle/reset_password",
  },
  temp_password: {
    label: "Set a temporary password",
    permission: "users.resetPassword",
    from: ACTIVATED,
    destructive: true,
    effect: "Replaces the password with a temporary one, shown to you once; they must change it at their next sign-in.",
    endpoint: "POST /api/v1/users/{id}/lifecycle/expire_password_with_temp_password",
  },
  expire_password: {
    label: "Expire password",
    permission: "users.resetPassword",
    from: ACTIVATED,
    destructive: false,
    effect: "Keeps the password but makes them change it at their next sign-in.",
    endpoint: "POST /api/v1/users/{id}/lifecycle/expire_password",
  },
  // Okta keeps the status ("The user's status remains ACTIVE"); a deactivated user has nothing to reset.
  reset_factors: {
    label: "Reset all MFA factors",
    permission: "users.resetMfa",
    from: NOT_DEACTIVATED,
    destructive: true,
    effect: "Removes every enrolled MFA factor: they enroll again at their next sign-in.",
    endpoint: "POST /api/v1/users/{id}/lifecycle/reset_factors",
  },
  // Okta: "You can't unenroll a factor from a deactivated user."
  reset_factor: {
    label: "Reset this factor",
    permission: "users.resetMfa",
    from: NOT_DEACTIVATED,
    destructive: true,
    effect: "Removes this one MFA factor: they can enroll it again.",
    endpoint: "DELETE /api/v1/users/{id}/factors/{factorId}",
  },
  clear_sessions: {
    label: "Clear sessions",
    permission: "users.clearSessions",
    from: ALL,
    destructive: false,
    effect: "Signs them out of Okta everywhere (and, if chosen, revokes their OAuth tokens).",
    endpoint: "DELETE /api/v1/users/{id}/sessions",
  },
  // Okta: "Perform this operation only on users with an ACTIVE status."
  suspend: {
    label: "Suspend",
    permission: "users.lifecycle",
    from: ["ACTIVE"],
    destructive: true,
    effect: "Blocks sign-in until unsuspended; groups and app assignments are kept.",
    endpoint: "POST /api/v1/users/{id}/lifecycle/suspend",
  },
  unsuspend: {
    label: "Unsuspend",
    permission: "users.lifecycle",
    from: ["SUSPENDED"],
    destructive: false,
    effect: "Restores sign-in: the user becomes Active again.",
    endpoint: "POST /api/v1/users/{id}/lifecycle/unsuspend",
  },
  // Okta: "Perform this operation only on users that do not have a DEPROVISIONED status."
  deactivate: {
    label: "Deactivate",
    permission: "users.lifecycle",
    from: NOT_DEACTIVATED,
    destructive: true,
    effect: "Deactivates the user: sign-in stops and they are unassigned from every app, which may delete their data in those apps. Okta warns this cannot be recovered.",
    endpoint: "POST /api/v1/users/{id}/lifecycle/deactivate",
  },
  // Okta deletes only DEPROVISIONED users; a DELETE on anyone else deactivates them instead. The
  // console keeps the two steps apart: deactivate first, then delete.
  delete: {
    label: "Delete",
    permission: "users.delete",
    from: ["DEPROVISIONED"],
    destructive: true,
    effect: "Deletes the user from Okta for good. This cannot be undone.",
    endpoint: "DELETE /api/v1/users/{id}",
  },
};

/** Whether the console offers `op` for a user in `status` (the role is checked separately). */
export function statusAllows(op: UserOperation, status: UserStatus): boolean {
  return OPERATIONS[op].from.includes(status);
}

/** The operations the console offers from `status`, in display order. */
export function operationsFromStatus(status: UserStatus): UserOperation[] {
  return USER_OPERATIONS.filter((op) => statusAllows(op, status));
}

/** The statuses Okta itself accepts `op` from (the offered ones plus those the console withholds). */
export function oktaAcceptedStatuses(op: UserOperation): UserStatus[] {
  const rule = OPERATIONS[op];
  const withheld = Object.keys(rule.withheld ?? {}) as UserStatus[];
  return USER_STATUSES.filter((s) => rule.from.includes(s) || withheld.includes(s));
}

const joinOr = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;

/** Why `op` is not offered for a user in `status`, as a sentence; null when it is. */
export function statusRefusal(op: UserOperation, status: UserStatus): string | null {
  const rule = OPERATIONS[op];
  if (rule.from.includes(status)) return null;
  const withheld = rule.withheld?.[status];
  if (withheld) return withheld;
  const current = STATUS_INFO[status].label;
  if (rule.from.length === USER_STATUSES.length - 1 && !rule.from.includes("DEPROVISIONED")) {
    return `${rule.label} is not possible for a deactivated user.`;
  }
  const allowed = joinOr(rule.from.map((s) => STATUS_INFO[s].label));
  return `${rule.label} is possible only for users who are ${allowed}; this user is ${current}.`;
}

export interface OfferedOperation {
  op: UserOperation;
  rule: OperationRule;
}

/**
 * What to offer a staff member for one user: allowed by the status table AND by their roles in this
 * org (including the privileged-target rule for Okta admins and service accounts). The server
 * checks the same again; this only decides which buttons exist.
 */
export function offeredOperations(status: UserStatus, roles: Iterable<Role>, options: { privilegedTarget: boolean }): OfferedOperation[] {
  const list = [...roles];
  return operationsFromStatus(status)
    .filter((op) => {
      const permission = OPERATIONS[op].permission;
      return options.privilegedTarget ? rolesAllowOnPrivilegedTarget(list, permission) : rolesAllow(list, permission);
    })
    .map((op) => ({ op, rule: OPERATIONS[op] }));
}
