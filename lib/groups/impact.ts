import "server-only";
// The facts behind the blast-radius summaries (lib/groups/blast-radius.ts computes them), read live
// from Okta when a confirmation dialog opens, bounded and in parallel. Read-only actions: nothing is
// written, their successes are not audited (failures and denials are).
//
// Removing members: the group's apps; for each person (at most REMOVAL_USERS_CHECKED) their groups
// and, for each of the group's apps, how they hold it (direct or through groups); the apps of their
// other groups (each group read once, at most OTHER_GROUPS_READ groups). Deleting a group: member
// count, apps, rules that target it, policies that reference it and its admin roles, all at once.
import { tenantAction, type TenantActionContext } from "@/lib/actions";
import { mapBounded } from "@/lib/okta/bounded";
import { appAssignmentScope, getGroupWithStats, listGroupApps, listRulesTargeting, listUserGroupIds, type GroupSummary } from "@/lib/okta/groups";
import { policiesReferencingGroups } from "@/lib/okta/policies";
import { settle, type Section } from "@/lib/okta/users";
import { computeDeleteImpact, computeRemovalImpact, type DeleteImpact, type RemovalImpact, type RemovalUserFacts } from "./blast-radius";
import { GROUP_GONE, readGroupAdminRoles } from "./guards";
import { groupTargetSchema, removalImpactSchema } from "./schemas";

/** People whose lost apps are worked out per confirmation (the rest are named as not checked). */
export const REMOVAL_USERS_CHECKED = 20;
/** Apps of the group checked per person. */
export const REMOVAL_APPS_CHECKED = 20;
/** Other groups whose apps are read (once each) for one confirmation. */
export const OTHER_GROUPS_READ = 60;
/** Reads in flight at once for one confirmation. */
const IN_FLIGHT = 6;

const EXAMPLE_GROUP_ID = "00gexample0000000001";

const value = <T>(s: Section<T>): T | null => (s.ok ? s.data : null);

/**
 * The group, or null when this org has none with this id. A preview of a group that is gone answers
 * with that sentence as its only finding (the change itself then answers "not found").
 */
async function groupOrNull(ctx: TenantActionContext, groupId: string): Promise<GroupSummary | null> {
  const group = await getGroupWithStats(ctx.okta, groupId);
  if (group) ctx.setTarget({ type: "group", id: group.id, name: group.name });
  return group;
}

export const removalImpactAction = tenantAction(
  {
    name: "group.impact.removal",
    permission: "groups.read",
    input: removalImpactSchema,
    readOnly: true,
    target: (i) => ({ type: "group", id: i.groupId }),
    auditFields: ["groupId", "userIds"],
    example: { groupId: EXAMPLE_GROUP_ID, userIds: ["00uexample0000000001"] },
  },
  async (ctx, input): Promise<RemovalImpact> => {
    const checked = input.userIds.slice(0, REMOVAL_USERS_CHECKED);
    const groupWork = groupOrNull(ctx, input.groupId);
    const appsWork = settle(listGroupApps(ctx.okta, input.groupId, REMOVAL_APPS_CHECKED));
    const userGroupsWork = mapBounded(checked, IN_FLIGHT, (userId) => settle(listUserGroupIds(ctx.okta, userId)));
    const [group, appsSection, userGroups] = await Promise.all([groupWork, appsWork, userGroupsWork]);
    if (!group) return { groupName: input.groupId, users: [], affected: 0, gaps: [GROUP_GONE] };
    const apps = value(appsSection);
    const groupNames: Record<string, string> = {};
    for (const s of userGroups) for (const g of value(s)?.items ?? []) groupNames[g.id] = g.name;

    // The second wave: how each person holds each of the group's apps, and the apps of their other groups.
    const otherIds = [...new Set(userGroups.flatMap((s) => (value(s)?.items ?? []).map((g) => g.id)).filter((id) => id !== group.id))];
    const readable = otherIds.slice(0, OTHER_GROUPS_READ);
    const pairs = checked.flatMap((userId) => (apps?.items ?? []).map((app) => ({ userId, appId: app.id })));
    const [otherApps, scopes] = await Promise.all([
      mapBounded(readable, IN_FLIGHT, async (gid) => [gid, value(await settle(listGroupApps(ctx.okta, gid)))] as const),
      mapBounded(pairs, IN_FLIGHT, async (p) => ({ ...p, scope: value(await settle(appAssignmentScope(ctx.okta, p.appId, p.userId))) })),
    ]);
    const otherGroupApps: Record<string, string[] | null> = {};
    // (A group with more than 200 apps counts with the 200 read.)
  for (const [gid, list] of otherApps) otherGroupApps[gid] = list ? list.items.map((a) => a.id) : null;
    // Groups beyond the bound stay unknown (undefined): people in them show "could not be checked".

    const users: RemovalUserFacts[] = checked.map((userId, i) => {
      const g = value(userGroups[i]!);
      const assignment: RemovalUserFacts["assignment"] = {};
      for (const s of scopes) if (s.userId === userId) assignment[s.appId] = s.scope;
      return { userId, name: input.names?.[userId] ?? userId, groups: g ? { ids: g.items.map((x) => x.id), truncated: g.truncated } : null, assignment };
    });
    return computeRemovalImpact({
      group: { id: group.id, name: group.name },
      groupApps: apps ? { items: apps.items.map((a) => ({ id: a.id, label: a.label })), truncated: apps.truncated } : null,
      users,
      otherGroupApps,
      groupNames,
      uncheckedUserIds: input.userIds.slice(REMOVAL_USERS_CHECKED),
    });
  },
);

export const deleteImpactAction = tenantAction(
  {
    name: "group.impact.delete",
    permission: "groups.read",
    input: groupTargetSchema,
    readOnly: true,
    target: (i) => ({ type: "group", id: i.groupId }),
    auditFields: ["groupId"],
    example: { groupId: EXAMPLE_GROUP_ID },
  },
  async (ctx, input): Promise<DeleteImpact> => {
    const [group, apps, rules, policies, roles] = await Promise.all([
      groupOrNull(ctx, input.groupId),
      settle(listGroupApps(ctx.okta, input.groupId)),
      settle(listRulesTargeting(ctx.okta, [input.groupId])),
      settle(policiesReferencingGroups(ctx.okta, [input.groupId])),
      settle(readGroupAdminRoles(ctx, input.groupId)),
    ]);
    if (!group) return { members: null, apps: [], rules: [], policies: [], adminRoles: [], warnings: [], gaps: [GROUP_GONE] };
    const a = value(apps);
    const r = value(rules);
    const roleFacts = value(roles);
    return computeDeleteImpact({
      group: { id: group.id, name: group.name, type: group.type },
      usersCount: group.usersCount,
      apps: a ? { items: a.items.map((x) => ({ id: x.id, label: x.label })), truncated: a.truncated } : null,
      rules: r ? { items: r.rules.map((x) => ({ id: x.id, name: x.name, status: x.status, targetGroupIds: x.targetGroupIds })), complete: r.complete } : null,
      policies: value(policies),
      adminRoles: roleFacts ? (roleFacts.roles ?? null) : null,
    });
  },
);
