// The ticket ID rules, in one place. Browser-safe (no server-only): form schemas use `ticketIdField`;
// the wrapper checks every action's ticket with `ticketIdSchema` before running it.
import { z } from "zod";

const TICKET_PATTERN = /^[A-Za-z0-9#._-]+$/;

export const ticketIdSchema = z
  .string()
  .trim()
  .max(64, "A ticket ID has at most 64 characters.")
  .regex(TICKET_PATTERN, "A ticket ID may contain only letters, digits and - _ # .");

/** An optional form field: empty means none, anything else must be a valid ticket ID. */
export const ticketIdField = z
  .string()
  .optional()
  .transform((v) => {
    const t = v?.trim();
    return t ? t : undefined;
  })
  .pipe(ticketIdSchema.optional());
