// zod schemas of the app pages and actions, shared by the forms and the server. Browser-safe. The
// ticket ID is read by the wrapper from every action's input (lib/actions).
import { z } from "zod";

export const oktaAppIdSchema = z.string().trim().regex(/^0oa[A-Za-z0-9]{10,37}$/, "That is not an Okta app id.");
export const oktaGroupIdSchema = z.string().trim().regex(/^00g[A-Za-z0-9]{10,37}$/, "That is not an Okta group id.");
export const oktaUserIdSchema = z.string().trim().regex(/^[A-Za-z0-9]{15,40}$/, "That is not an Okta user id.");

export const appUserTargetSchema = z.object({ appId: oktaAppIdSchema, userId: oktaUserIdSchema });
export const appGroupTargetSchema = z.object({ appId: oktaAppIdSchema, groupId: oktaGroupIdSchema });

export const appPreviewSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("assign_group"), appId: oktaAppIdSchema, groupId: oktaGroupIdSchema }),
  z.object({ kind: z.literal("unassign_group"), appId: oktaAppIdSchema, groupId: oktaGroupIdSchema }),
  z.object({ kind: z.literal("unassign_user"), appId: oktaAppIdSchema, userId: oktaUserIdSchema }),
]);
export type AppPreviewInput = z.infer<typeof appPreviewSchema>;
