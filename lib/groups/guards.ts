import "server-only";
// The checks every group change makes at action time, before any Okta write, from facts read live:
//   - the group exists in THIS org (else "not found"), and its type allows the change: only Okta groups
//     (OKTA_GROUP) are edited, deleted or have members changed here; app-imported and built-in groups
//     are managed by their source / by Okta, and the refusal says so;
//   - membership changes by roles without the privileged-target grant (Help Desk): never of a group
//     that grants an Okta admin role (GET /api/v1/groups/{id}/roles; unreadable counts as granting),
//     never of a privileged user (Okta admin or service account: lib/users/privilege.ts, as the user
//     actions read it). Group, roles and users are read in one parallel wave.
// A refusal throws an ActionError (audited as denied or failed by the wrapper) and nothing is written.
import { ActionError, type TenantActionContext } from "@/lib/actions";
import { mapBounded } from "@/lib/okta/bounded";
import { getGroupWithStats, listGroupRoles, type GroupSummary } from "@/lib/okta/groups";
import { roleLabels } from "@/lib/rbac/grants";
import { rolesAllowOnPrivilegedTarget } from "@/lib/rbac/permissions";
import { readTargetPrivilege } from "@/lib/users/privilege";
import { readOnlyReason } from "./read-only";

export const GROUP_GONE = "Okta has no group with this id in this org; it may have been deleted.";

/** Privilege reads of several users run at most this many at a time (each is one parallel wave of 4). */
const PRIVILEGE_CONCURRENCY = 4;


const isRec = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** The group, or "not found". Sets the audit target to it. */
export async function readGroupOrThrow(ctx: TenantActionContext, groupId: string): Promise<GroupSummary> {
  const group = await getGroupWithStats(ctx.okta, groupId);
  if (!group) throw new ActionError(GROUP_GONE, "not_found", undefined, "E0000007");
  ctx.setTarget({ type: "group", id: group.id, name: group.name });
  return group;
}

/** Refuses changes to groups that are not Okta groups, with the reason. */
export function assertOktaGroup(group: GroupSummary, what: string): void {
  const reason = readOnlyReason(group);
  if (reason) throw new ActionError(`${reason} ${what} Nothing was changed.`, "invalid", undefined, "group_read_only");
}

export interface GroupAdminRoles {
  /** Role labels, or null when Okta refused to list them (treated as granting). */
  roles: string[] | null;
  grantsAdmin: boolean;
}

export async function readGroupAdminRoles(ctx: TenantActionContext, groupId: string): Promise<GroupAdminRoles> {
  try {
    const roles = await listGroupRoles(ctx.okta, groupId);
    return { roles: roles.map((r) => r.label ?? r.type), grantsAdmin: roles.length > 0 };
  } catch (err) {
    if (isRec(err) && err.status === 403) return { roles: null, grantsAdmin: true };
    throw err;
  }
}

export interface MembershipGuardResult {
  group: GroupSummary;
}

/**
 * Reads and checks a membership change (add or remove `userIds` to/from `groupId`). Roles that may act
 * on privileged targets (Technicians, Administrators) skip the privilege reads: their answer would not
 * change the outcome.
 */
export async function guardMembershipChange(ctx: TenantActionContext, groupId: string, userIds: readonly string[], verb: "add" | "remove"): Promise<MembershipGuardResult> {
  const restricted = !rolesAllowOnPrivilegedTarget(ctx.roles, "groups.membership");
  const groupWork = readGroupOrThrow(ctx, groupId);
  const rolesWork = restricted ? readGroupAdminRoles(ctx, groupId) : Promise.resolve(null);
  const usersWork = restricted
    ? mapBounded(userIds, PRIVILEGE_CONCURRENCY, async (userId) => {
        const p = await readTargetPrivilege(ctx.okta, ctx.db, ctx.tenant.id, userId, { mastery: ctx.tenant.mastery });
        return { userId, login: p.user.login, privileged: p.assessment.privileged };
      })
    : Promise.resolve([]);
  // Settle everything first, so no read is left rejecting unobserved.
  const [g, r, u] = await Promise.allSettled([groupWork, rolesWork, usersWork]);
  if (g.status === "rejected") throw g.reason;
  const group = g.value;
  assertOktaGroup(group, verb === "add" ? "People cannot be added to it here." : "People cannot be removed from it here.");
  if (r.status === "rejected") throw r.reason;
  if (r.value?.grantsAdmin) {
    const roles = r.value.roles ? r.value.roles.join(", ") : "roles Okta would not list";
    throw new ActionError(
      `${group.name} grants an Okta admin role (${roles}); your role in ${ctx.tenant.name} (${roleLabels(ctx.roles)}) does not allow changing its members. Nothing was changed.`,
      "forbidden",
      undefined,
      "admin_role_group",
    );
  }
  if (u.status === "rejected") throw u.reason;
  const privileged = u.value.filter((x) => x.privileged);
  if (privileged.length) {
    const names = privileged.map((x) => x.login).join(", ");
    throw new ActionError(
      `${names} ${privileged.length === 1 ? "holds" : "hold"} an Okta admin role or ${privileged.length === 1 ? "is a service account" : "are service accounts"}; your role in ${ctx.tenant.name} (${roleLabels(ctx.roles)}) does not allow changing the groups of privileged users. Nothing was changed.`,
      "forbidden",
      undefined,
      "privileged_target",
    );
  }
  return { group };
}
