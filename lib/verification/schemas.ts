// Inputs of the caller-verification actions (browser-safe; shared by the dialog and the server).
import { z } from "zod";
import { oktaFactorIdSchema, oktaUserIdSchema } from "@/lib/users/schemas";

/** The console's own row id (cuid). */
export const verificationIdSchema = z.string().trim().regex(/^[a-z0-9]{20,40}$/i, "That is not a verification id.");

/**
 * What an unlock / password reset / MFA reset may carry about caller verification. The server never
 * needs the id (it reads its own rows); a claimed id that is not a fresh success of this staff member
 * for this user is refused. `skipReason`: "recommended" orgs, no verification: why not.
 */
export const callerCheckSchema = z
  .object({
    verificationId: verificationIdSchema.optional(),
    skipReason: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.string().trim().min(5, "Say in a few words why the caller was not verified.").max(300, "At most 300 characters.").optional(),
    ),
  })
  .optional();
export type CallerCheck = z.infer<typeof callerCheckSchema>;

export const userOnlySchema = z.object({ userId: oktaUserIdSchema });
export const startChallengeSchema = z.object({ userId: oktaUserIdSchema, factorId: oktaFactorIdSchema });
export const pollSchema = z.object({ userId: oktaUserIdSchema, verificationId: verificationIdSchema });
export const verifyOtpSchema = pollSchema.extend({
  /** The code the caller reads back. Never audited, logged or stored (not in any audit selection). */
  passCode: z.string().trim().regex(/^[0-9]{4,10}$/, "Enter the digits the caller reads to you."),
});
export const breakGlassRequestSchema = z.object({
  userId: oktaUserIdSchema,
  reason: z.string().trim().min(10, "Say why the caller cannot be verified (at least 10 characters).").max(500, "At most 500 characters."),
});
export const breakGlassDecisionSchema = z.object({
  verificationId: verificationIdSchema,
  decision: z.enum(["approve", "deny"]),
  note: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(300).optional()),
});
