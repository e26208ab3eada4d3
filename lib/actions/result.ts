// The result contract of every server action and route handler. No server-only marker: client
// components import these types (forms show `error` and `fieldErrors` inline).

export type ActionErrorCode =
  | "invalid"
  | "unauthenticated"
  | "not_found"
  | "forbidden"
  | "okta"
  | "internal"
  /** Too many Okta reads by this staff member; `retryAfterSeconds` says when to try again. */
  | "rate_limited"
  /** The write-ahead audit row could not be written, so the change was not made. */
  | "audit_unavailable";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; code: ActionErrorCode; fieldErrors?: Record<string, string[]>; retryAfterSeconds?: number };

/** HTTP status of each error code in route handlers. */
export const HTTP_STATUS: Record<ActionErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  okta: 502,
  internal: 500,
  rate_limited: 429,
  audit_unavailable: 503,
};

/** Exactly what a staff member sees for an org that is unknown, archived or not theirs. */
export const NOT_FOUND_MESSAGE = "This org does not exist, or you do not have access to it.";
export const UNAUTHENTICATED_MESSAGE = "Your session has ended. Sign in again.";
export const INVALID_MESSAGE = "Check the highlighted fields.";
export const AUDIT_UNAVAILABLE_MESSAGE =
  "The audit log could not be written, so nothing was changed. Try again in a moment; if it keeps happening, tell an administrator.";
