import "server-only";
// The policy reads behind the user page's "Policies" card and the group page's "Policies" section: one
// readOnly action that reads the org's policies, rules and zone names (lib/okta/policies.ts) and hands
// back the settled set; the pages compute, with lib/policies/explain.ts, what applies to whom.
//
// Permission: groups.read. Policies are explained through group membership (which policies include or
// exclude a group, which apply to a person through their groups), read-only and holding no secrets, so
// whoever may see the groups may see why they matter; the org's Okta credential still decides whether
// Okta answers (a Help Desk administrator's token is refused: the card then shows Okta's sentence).
import { z } from "zod";
import { tenantAction } from "@/lib/actions";
import { settle, type Section } from "@/lib/okta/users";
import { readPolicies, type PolicySet } from "@/lib/okta/policies";

const idSchema = z.string().trim().regex(/^[A-Za-z0-9]{1,64}$/, "Not an Okta id.");

export const policySetView = tenantAction(
  {
    name: "policies.read",
    permission: "groups.read",
    input: z.object({ userId: idSchema.optional(), groupId: idSchema.optional() }),
    readOnly: true,
    auditFields: ["userId", "groupId"],
    target: (i) => (i.userId ? { type: "user", id: i.userId } : i.groupId ? { type: "group", id: i.groupId } : { type: "policies" }),
    example: { userId: "00u1abcdefghijklmnop" },
  },
  async (ctx): Promise<Section<PolicySet>> => settle(readPolicies(ctx.okta)),
);
