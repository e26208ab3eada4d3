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
import { listUserGroups, settle, type Bounded, type GroupSummary, type Section } from "@/lib/okta/users";
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

export interface UserPolicyReads {
  policies: Section<PolicySet>;
  groups: Section<Bounded<GroupSummary>>;
}

/**
 * The user page's Policies tab, read when it is opened (not with the page): the policy set takes two
 * waves (policies, then their rules) and about a dozen requests, which would hold up every user view
 * and spend Okta's policy rate limit on people nobody asked about. The user's groups are read in the
 * same first wave.
 */
export const userPoliciesView = tenantAction(
  {
    name: "policies.user.read",
    permission: "groups.read",
    input: z.object({ userId: idSchema }),
    readOnly: true,
    auditFields: ["userId"],
    target: (i) => ({ type: "user", id: i.userId }),
    example: { userId: "00u1abcdefghijklmnop" },
  },
  async (ctx, input): Promise<UserPolicyReads> => {
    const [policies, groups] = await Promise.all([settle(readPolicies(ctx.okta)), settle(listUserGroups(ctx.okta, input.userId))]);
    return { policies, groups };
  },
);
