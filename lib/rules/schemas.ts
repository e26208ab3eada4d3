// zod schemas for group rules, shared by the forms and the server (browser-safe).
import { z } from "zod";
import { GROUP_ID_PATTERN, MAX_EXPRESSION_LENGTH } from "./expression";
import { oktaUserIdSchema } from "@/lib/users/schemas";

export const ruleIdSchema = z.string().trim().regex(/^0pr[A-Za-z0-9]{12,37}$/, "That is not an Okta group rule id.");
export const ruleGroupIdSchema = z.string().trim().regex(GROUP_ID_PATTERN, "That is not an Okta group id.");

export const ruleNameSchema = z.string().trim().min(1, "Give the rule a name.").max(50, "Okta allows at most 50 characters in a rule name.");
export const expressionSchema = z
  .string()
  .trim()
  .min(1, "Write a condition or build one above.")
  .max(MAX_EXPRESSION_LENGTH, `An expression has at most ${MAX_EXPRESSION_LENGTH} characters.`);
const excludedSchema = z.array(oktaUserIdSchema).max(100, "Okta allows at most 100 excluded users per rule.").default([]);

export const createRuleSchema = z.object({
  name: ruleNameSchema,
  expression: expressionSchema,
  groupIds: z.array(ruleGroupIdSchema).min(1, "Pick at least one target group.").max(20, "Pick at most 20 target groups."),
  excludedUserIds: excludedSchema,
});
export type CreateRuleInput = z.infer<typeof createRuleSchema>;

/** Okta cannot change a rule's target groups (actions) after it was created. */
export const updateRuleSchema = z.object({
  ruleId: ruleIdSchema,
  name: ruleNameSchema,
  expression: expressionSchema,
  excludedUserIds: excludedSchema,
});
export type UpdateRuleInput = z.infer<typeof updateRuleSchema>;

export const ruleTargetSchema = z.object({ ruleId: ruleIdSchema });
export const deleteRuleSchema = z.object({ ruleId: ruleIdSchema, removeUsers: z.boolean().default(false) });

export const previewSchema = z.object({
  expression: expressionSchema,
  groupIds: z.array(ruleGroupIdSchema).min(1, "Pick at least one target group.").max(20),
  excludedUserIds: excludedSchema,
  cursor: z
    .object({ after: z.string().max(512).nullable(), checked: z.number().int().min(0).max(100_000) })
    .nullable()
    .default(null),
});
export type PreviewInput = z.input<typeof previewSchema>;
