// The result contract of every server action and route handler. No server-only marker: client
// components import these types (forms show `error` and `fieldErrors` inline).

export type ActionErrorCode = "invalid" | "unauthenticated" | "not_found" | "forbidden" | "okta" | "internal";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; code: ActionErrorCode; fieldErrors?: Record<string, string[]> };

/** HTTP status of each error code in route handlers. */
export const HTTP_STATUS: Record<ActionErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  okta: 502,
  internal: 500,
};

/** Exactly what a staff member sees for an org that is unknown, archived or not theirs. */
export const NOT_FOUND_MESSAGE = "This org does not exist, or you do not have access to it.";
export const UNAUTHENTICATED_MESSAGE = "Your session has ended. Sign in again.";
export const INVALID_MESSAGE = "Check the highlighted fields.";
