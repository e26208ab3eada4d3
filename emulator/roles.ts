/**
 * Admin roles assigned to groups (Okta's group role assignments): every member of such a group holds
 * the role too, and Okta lists it among the member's roles with `assignmentType: "GROUP"`. The emulator
 * stores the group's assignments once (`OrgState.groupRoles`) and derives the members' view when read,
 * so adding or removing a member changes their roles at once, as in Okta.
 */
import type { OrgState, RoleAssignmentRecord } from "./model.ts";

/** The roles assigned to one group (empty when none). */
export function groupRolesOf(org: OrgState, groupId: string): RoleAssignmentRecord[] {
  return org.groupRoles?.get(groupId) ?? [];
}

/** A user's roles: direct assignments first, then those through each group they belong to. */
export function userRolesOf(org: OrgState, userId: string): RoleAssignmentRecord[] {
  const direct = org.roles.get(userId) ?? [];
  if (!org.groupRoles?.size) return direct;
  const viaGroups: RoleAssignmentRecord[] = [];
  for (const [groupId, roles] of org.groupRoles) {
    if (roles.length > 0 && org.memberships.get(groupId)?.has(userId)) viaGroups.push(...roles);
  }
  return viaGroups.length ? [...direct, ...viaGroups] : direct;
}

/** Ids of users holding at least one admin role, directly or through a group. */
export function adminAssigneeIds(org: OrgState): string[] {
  const ids = new Set<string>();
  for (const [id, roles] of org.roles) if (roles.length > 0) ids.add(id);
  for (const [groupId, roles] of org.groupRoles ?? []) {
    if (roles.length === 0) continue;
    for (const id of org.memberships.get(groupId) ?? []) ids.add(id);
  }
  return [...ids].filter((id) => org.users.has(id));
}
