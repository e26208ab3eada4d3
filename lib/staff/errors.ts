// An expected, user-facing failure of an administration service (shown as the action's error message).
export type AdminErrorCode = "not_found" | "conflict" | "forbidden" | "invalid_input";

export class AdminError extends Error {
  constructor(
    public readonly code: AdminErrorCode,
    message: string,
    public readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "AdminError";
  }
}
