// Expected failures an action body may throw: the message reaches the staff member as written, so it
// must be a plain sentence without secrets. Anything else thrown (bugs) becomes a generic message with
// a log reference. No server-only marker so lib/ services can throw it without pulling in Next.

export type ExpectedErrorCode = "invalid" | "not_found" | "forbidden" | "okta";

export class ActionError extends Error {
  constructor(
    message: string,
    readonly code: ExpectedErrorCode = "invalid",
    readonly fieldErrors?: Record<string, string[]>,
    /** Short machine code for the audit row (defaults to `code`). */
    readonly auditCode?: string,
  ) {
    super(message);
    this.name = "ActionError";
  }
}
