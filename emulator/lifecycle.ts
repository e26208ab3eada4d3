/**
 * User lifecycle operations as data: which statuses each operation accepts, where it leads and
 * which error Okta answers otherwise. The implementation (api/users.ts) and the table-driven test
 * both read this table, so the rules live in exactly one place.
 */
import type { UserStatus } from "./model.ts";

export type LifecycleOp =
  | "activate"
  | "reactivate"
  | "deactivate"
  | "suspend"
  | "unsuspend"
  | "unlock"
  | "reset_password"
  | "expire_password"
  | "expire_password_with_temp_password"
  | "reset_factors";

export interface LifecycleError {
  status: number;
  errorCode: string;
  errorSummary: string;
  causes?: string[];
}

export interface Transition {
  from: readonly UserStatus[];
  /**
   * Resulting status; "keep" leaves it unchanged. For activate the result depends on whether
   * the user has a password (ACTIVE) or must finish activation by email/token (PROVISIONED).
   */
  to: UserStatus | "keep" | "ACTIVE_OR_PROVISIONED";
  /** Error for a status outside `from`; `byStatus` overrides it for specific statuses. */
  error: LifecycleError;
  byStatus?: Partial<Record<UserStatus, LifecycleError>>;
  eventType: string;
}

export const ALL_STATUSES: readonly UserStatus[] = [
  "STAGED",
  "PROVISIONED",
  "ACTIVE",
  "RECOVERY",
  "PASSWORD_EXPIRED",
  "LOCKED_OUT",
  "SUSPENDED",
  "DEPROVISIONED",
];

const NOT_ALLOWED: LifecycleError = {
  status: 403,
  errorCode: "E0000038",
  errorSummary: "This operation is not allowed in the user's current status.",
};

const ALREADY_ACTIVE: LifecycleError = {
  status: 403,
  errorCode: "E0000016",
  errorSummary: "Activation failed because the user is already active",
};

/** Statuses of a user who has finished activation (can sign in, modulo lock/expiry). */
const ACTIVATED: readonly UserStatus[] = ["ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT"];

export const TRANSITIONS: Record<LifecycleOp, Transition> = {
  // Okta: "can only be performed on users with a STAGED or DEPROVISIONED status".
  activate: {
    from: ["STAGED", "DEPROVISIONED"],
    to: "ACTIVE_OR_PROVISIONED",
    error: NOT_ALLOWED,
    byStatus: { ACTIVE: ALREADY_ACTIVE, RECOVERY: ALREADY_ACTIVE, PASSWORD_EXPIRED: ALREADY_ACTIVE, LOCKED_OUT: ALREADY_ACTIVE, SUSPENDED: ALREADY_ACTIVE },
    eventType: "user.lifecycle.activate",
  },
  // Okta: "can only be performed on users with a PROVISIONED status" (re-sends activation).
  reactivate: {
    from: ["PROVISIONED"],
    to: "PROVISIONED",
    error: NOT_ALLOWED,
    byStatus: { ACTIVE: ALREADY_ACTIVE },
    eventType: "user.lifecycle.reactivate",
  },
  deactivate: {
    from: ["STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "SUSPENDED"],
    to: "DEPROVISIONED",
    error: NOT_ALLOWED,
    eventType: "user.lifecycle.deactivate",
  },
  // suspend/unsuspend declare 400 in the spec: Okta answers E0000001 with the reason as a cause.
  suspend: {
    from: ["ACTIVE"],
    to: "SUSPENDED",
    error: { status: 400, errorCode: "E0000001", errorSummary: "Api validation failed: status", causes: ["status: Cannot suspend a user that is not active"] },
    eventType: "user.lifecycle.suspend",
  },
  unsuspend: {
    from: ["SUSPENDED"],
    to: "ACTIVE",
    error: { status: 400, errorCode: "E0000001", errorSummary: "Api validation failed: status", causes: ["status: Cannot unsuspend a user that is not suspended"] },
    eventType: "user.lifecycle.unsuspend",
  },
  unlock: {
    from: ["LOCKED_OUT"],
    to: "ACTIVE",
    // E0000032 is Okta's dedicated unlock error.
    error: { status: 403, errorCode: "E0000032", errorSummary: "Unlock is not allowed for this user." },
    eventType: "user.account.unlock",
  },
  reset_password: {
    from: [...ACTIVATED, "PROVISIONED"],
    to: "RECOVERY",
    error: NOT_ALLOWED,
    eventType: "user.account.reset_password",
  },
  expire_password: {
    from: ACTIVATED,
    to: "PASSWORD_EXPIRED",
    error: NOT_ALLOWED,
    eventType: "user.account.expire_password",
  },
  expire_password_with_temp_password: {
    from: ACTIVATED,
    to: "PASSWORD_EXPIRED",
    error: NOT_ALLOWED,
    eventType: "user.account.expire_password",
  },
  // Okta keeps the status; a deprovisioned user has no factors to reset. Unsure which statuses
  // Okta refuses exactly; DEPROVISIONED is the only one that makes no sense.
  reset_factors: {
    from: ["STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "SUSPENDED"],
    to: "keep",
    error: NOT_ALLOWED,
    eventType: "user.mfa.factor.reset_all",
  },
};

/** Returns the error for `op` on a user in `status`, or null when the transition is allowed. */
export function transitionError(op: LifecycleOp, status: UserStatus): LifecycleError | null {
  const t = TRANSITIONS[op];
  if (t.from.includes(status)) return null;
  return t.byStatus?.[status] ?? t.error;
}

export function nextStatus(op: LifecycleOp, current: UserStatus, hasPassword: boolean): UserStatus {
  const to = TRANSITIONS[op].to;
  if (to === "keep") return current;
  if (to === "ACTIVE_OR_PROVISIONED") return hasPassword ? "ACTIVE" : "PROVISIONED";
  return to;
}
