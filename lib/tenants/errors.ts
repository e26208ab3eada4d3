// Expected errors of lib/tenants (lib/actions matches them by name). In their own file so that
// connection.ts and service.ts can both throw them without importing each other.
import { ActionError } from "@/lib/actions/errors";

/** Expected problems with the input; `fieldErrors` go back to the form fields (via lib/actions). */
export class TenantInputError extends ActionError {
  declare readonly fieldErrors: Record<string, string[]>;
  constructor(message: string, fieldErrors: Record<string, string[]> = {}) {
    super(message, "invalid", fieldErrors);
    this.name = "TenantInputError";
  }
}

export class TenantNotFoundError extends ActionError {
  constructor() {
    super("This org does not exist.", "not_found");
    this.name = "TenantNotFoundError";
  }
}
