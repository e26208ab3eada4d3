// The input of every group action, shared by the forms (browser) and the server (lib/groups/actions.ts).
// Browser-safe. The ticket ID is read by the wrapper itself (lib/actions/ticket.ts).
import { z } from "zod";
import { oktaGroupIdSchema, oktaUserIdSchema } from "@/lib/users/schemas";

export { oktaGroupIdSchema };

/** Okta's group name: required, at most 255 characters (OktaUserGroupProfile). */
export const groupNameSchema = z.string().trim().min(1, "Enter a name for the group.").max(255, "A group name has at most 255 characters.");
/** Okta's description: optional, at most 1,024 characters. */
export const groupDescriptionSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : v),
  z.string().max(1024, "A description has at most 1,024 characters.").optional().default(""),
);

export const createGroupSchema = z.object({ name: groupNameSchema, description: groupDescriptionSchema });
export const updateGroupSchema = z.object({ groupId: oktaGroupIdSchema, name: groupNameSchema, description: groupDescriptionSchema });
export const deleteGroupSchema = z.object({
  groupId: oktaGroupIdSchema,
  /** The group's name typed to confirm. */
  confirmName: z.string().trim().min(1, "Type the group's name to confirm."),
});

/** At most this many people per add or remove (each is one Okta call, a few at a time). */
export const MAX_MEMBERSHIP_BATCH = 50;

const userIds = z
  .array(oktaUserIdSchema)
  .min(1, "Pick at least one person.")
  .max(MAX_MEMBERSHIP_BATCH, `At most ${MAX_MEMBERSHIP_BATCH} people at a time.`)
  .transform((ids) => [...new Set(ids)]);

export const membershipSchema = z.object({ groupId: oktaGroupIdSchema, userIds });
export const groupTargetSchema = z.object({ groupId: oktaGroupIdSchema });
export const memberSearchSchema = z.object({ groupId: oktaGroupIdSchema, text: z.string().trim().min(1).max(100) });

/** The removal preview: the people, and their names as the page shows them (display only). */
export const removalImpactSchema = membershipSchema.extend({
  names: z.record(oktaUserIdSchema, z.string().trim().max(200)).optional(),
});
