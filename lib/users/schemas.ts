// The input of every user action, shared by the forms (browser) and the server actions
// (lib/users/actions.ts): one schema each, so the form's field messages and the server's refusals are
// the same words. Browser-safe. The ticket ID is not here: the wrapper reads `ticketId` from every
// action's input itself (lib/actions/ticket.ts).
import { z } from "zod";

/** Okta user ids are 20 characters, 00u + base62; anything else is refused before a call. */
export const oktaUserIdSchema = z.string().trim().regex(/^[A-Za-z0-9]{15,40}$/, "That is not an Okta user id.");
export const oktaGroupIdSchema = z.string().trim().regex(/^[A-Za-z0-9]{15,40}$/, "That is not an Okta group id.");
export const oktaFactorIdSchema = z.string().trim().regex(/^[A-Za-z0-9]{15,40}$/, "That is not an Okta factor id.");

/** Empty form fields are absent, not "". */
const optionalText = (max: number, message?: string) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : v), z.string().max(max, message ?? `At most ${max} characters.`).optional());

// Okta's own limits (UserProfile in the Management API): login and email 5-100 characters, names up to 50.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const loginSchema = z
  .string()
  .trim()
  .min(5, "A login has at least 5 characters.")
  .max(100, "A login has at most 100 characters.")
  .regex(/^[^\s]+$/, "A login has no spaces.");
export const emailSchema = z.string().trim().max(100, "An email address has at most 100 characters.").regex(EMAIL, "Enter an email address like name@example.com.");
const nameSchema = (label: string) => z.string().trim().min(1, `Enter the ${label}.`).max(50, `The ${label} has at most 50 characters.`);

/** The base attributes the forms show by name; the org's custom attributes come from its user schema. */
export const BASE_PROFILE_FIELDS = ["firstName", "lastName", "login", "email", "secondEmail", "mobilePhone", "department", "title", "manager"] as const;
export type BaseProfileField = (typeof BASE_PROFILE_FIELDS)[number];

export const BASE_PROFILE_LABELS: Record<BaseProfileField, string> = {
  firstName: "First name",
  lastName: "Last name",
  login: "Username (login)",
  email: "Primary email",
  secondEmail: "Secondary email",
  mobilePhone: "Mobile phone",
  department: "Department",
  title: "Title",
  manager: "Manager",
};

/** A custom attribute value as a form or JSON body sends it; checked against the org's schema on the server. */
export const customValueSchema = z.union([z.string().max(1024), z.number(), z.boolean(), z.null(), z.array(z.union([z.string().max(1024), z.number()])).max(100)]);
/** Okta attribute names: letters, digits and underscores, starting with a letter. */
export const attributeNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,99}$/, "That is not an attribute name.");
export const customProfileSchema = z.record(attributeNameSchema, customValueSchema).default({});

export const createProfileSchema = z.object({
  firstName: nameSchema("first name"),
  lastName: nameSchema("last name"),
  login: loginSchema,
  email: emailSchema,
  secondEmail: z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : v), emailSchema.optional()),
  mobilePhone: optionalText(100),
  department: optionalText(200),
  title: optionalText(200),
  manager: optionalText(200),
});

/** How a new user starts: Okta's `activate` query parameter and, for a temporary password, a credential. */
export const ACTIVATION_CHOICES = ["email", "temp_password", "staged"] as const;
export type ActivationChoice = (typeof ACTIVATION_CHOICES)[number];
export const ACTIVATION_LABELS: Record<ActivationChoice, string> = {
  email: "Activate and send the activation email",
  temp_password: "Activate with a temporary password (shown to you once)",
  staged: "Create staged (activate later)",
};

export const createUserSchema = z.object({
  profile: createProfileSchema,
  custom: customProfileSchema,
  groupIds: z.array(oktaGroupIdSchema).max(50, "Add at most 50 groups at once.").default([]),
  activation: z.enum(ACTIVATION_CHOICES, { message: "Choose how the user starts." }),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

/**
 * A partial profile update: only the fields the technician changed. `null` clears an optional
 * attribute. At least one change.
 */
export const updateUserSchema = z
  .object({
    userId: oktaUserIdSchema,
    changes: z.record(attributeNameSchema, customValueSchema),
    /** The service-account override (see overrideSchema), when the target is a service account. */
    override: z.lazy(() => overrideSchema),
  })
  .superRefine((v, ctx) => {
    if (Object.keys(v.changes).length === 0) ctx.addIssue({ code: "custom", path: ["changes"], message: "Nothing was changed." });
    for (const [key, schema] of [
      ["firstName", nameSchema("first name")],
      ["lastName", nameSchema("last name")],
      ["login", loginSchema],
      ["email", emailSchema],
    ] as const) {
      if (key in v.changes) {
        const r = schema.safeParse(v.changes[key]);
        if (!r.success) ctx.addIssue({ code: "custom", path: ["changes", key], message: r.error.issues[0]?.message ?? "Invalid value." });
      }
    }
    if (v.changes.secondEmail != null && v.changes.secondEmail !== "") {
      const r = emailSchema.safeParse(v.changes.secondEmail);
      if (!r.success) ctx.addIssue({ code: "custom", path: ["changes", "secondEmail"], message: r.error.issues[0]?.message ?? "Invalid value." });
    }
  });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/**
 * The Administrator's override of the service-account guard: the account's login typed again. Only
 * read by the server when the target is a service account (ignored otherwise).
 */
export const overrideSchema = z.object({ confirmLogin: z.string().trim().min(1, "Type the account's login to override.").max(100) }).optional();

/** Every lifecycle / reset action: the user, and the override when the target is a service account. */
export const userTargetSchema = z.object({ userId: oktaUserIdSchema, override: overrideSchema });

export const resetPasswordSchema = userTargetSchema.extend({
  /** true: Okta emails the reset link; false: the link is returned to the technician once. */
  sendEmail: z.boolean().default(true),
  /** Okta's `revokeSessions`: end their current sessions too. */
  revokeSessions: z.boolean().default(false),
});

export const clearSessionsSchema = userTargetSchema.extend({
  /** Okta's `oauthTokens=true`: also revoke the OAuth tokens issued to them. */
  revokeOAuthTokens: z.boolean().default(false),
});

export const resetFactorSchema = userTargetSchema.extend({ factorId: oktaFactorIdSchema });

/** Delete is Okta's second step (the user is already deactivated); the login typed to confirm. */
export const deleteUserSchema = userTargetSchema.extend({ confirmLogin: z.string().trim().min(1, "Type the user's login to confirm.").max(100) });

export const activateSchema = userTargetSchema.extend({
  /** true: Okta emails the activation link; false: the link is returned to the technician once. */
  sendEmail: z.boolean().default(true),
});

export const markServiceAccountSchema = z.object({
  userId: oktaUserIdSchema,
  purpose: z.string().trim().min(3, "Say what the account is for (at least 3 characters).").max(300, "At most 300 characters."),
});
export const unmarkServiceAccountSchema = z.object({ userId: oktaUserIdSchema });

/** Typeahead lookups (user picker, group picker, palette): Okta's `q`, starts-with. */
export const lookupSchema = z.object({
  q: z.string().trim().min(1, "Type at least one character.").max(100),
  limit: z.coerce.number().int().min(1).max(20).default(10),
});
