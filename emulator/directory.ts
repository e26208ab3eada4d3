/**
 * Directory side effects that cross resources: group membership drives app assignments (scope
 * GROUP), and active group rules drive membership. Handlers call these so every path (add member,
 * create user, profile update, rule activation) emits the same events.
 */
import { targetFromApp, targetFromGroup, targetFromUser } from "./events.ts";
import { compileRuleExpression, type CompiledRule } from "./expressions.ts";
import type { ApiContext } from "./http.ts";
import type { AppUserAssignment, GroupRecord, GroupRuleRecord, OrgState, UserRecord } from "./model.ts";

export function userGroupIds(org: OrgState, userId: string): Set<string> {
  const out = new Set<string>();
  for (const [gid, members] of org.memberships) if (members.has(userId)) out.add(gid);
  return out;
}

function now(): string {
  return new Date().toISOString();
}

/** Grants `appId` to a user, directly or through `viaGroupId`; emits the add event on first grant. */
export function grantApp(
  ctx: ApiContext,
  appId: string,
  user: UserRecord,
  via: { direct: true; profile?: Record<string, unknown> } | { groupId: string },
): AppUserAssignment {
  const org = ctx.org;
  const app = org.apps.get(appId)!;
  let byUser = org.appUsers.get(appId);
  if (!byUser) {
    byUser = new Map();
    org.appUsers.set(appId, byUser);
  }
  let a = byUser.get(user.id);
  const ts = now();
  const isNew = !a;
  if (!a) {
    a = { appId, userId: user.id, scope: "USER", viaGroupIds: [], direct: false, created: ts, lastUpdated: ts, profile: {} };
    byUser.set(user.id, a);
  }
  if ("direct" in via) {
    a.direct = true;
    if (via.profile) a.profile = { ...a.profile, ...via.profile };
  } else if (!a.viaGroupIds.includes(via.groupId)) {
    a.viaGroupIds.push(via.groupId);
  }
  a.scope = a.direct ? "USER" : "GROUP";
  a.lastUpdated = ts;
  if (isNew) {
    ctx.emit("application.user_membership.add", `Add user to application membership`, [targetFromUser(user), targetFromApp(app)]);
  }
  return a;
}

/** Withdraws one source of an assignment; the assignment goes when no source remains. */
export function revokeApp(ctx: ApiContext, appId: string, user: UserRecord, via: { direct: true } | { groupId: string }): void {
  const org = ctx.org;
  const byUser = org.appUsers.get(appId);
  const a = byUser?.get(user.id);
  if (!byUser || !a) return;
  if ("direct" in via) a.direct = false;
  else a.viaGroupIds = a.viaGroupIds.filter((g) => g !== via.groupId);
  if (!a.direct && a.viaGroupIds.length === 0) {
    byUser.delete(user.id);
    const app = org.apps.get(appId)!;
    ctx.emit("application.user_membership.remove", `Remove user's application membership`, [targetFromUser(user), targetFromApp(app)]);
  } else {
    a.scope = a.direct ? "USER" : "GROUP";
    a.lastUpdated = now();
  }
}

export function addMember(ctx: ApiContext, group: GroupRecord, user: UserRecord): boolean {
  const org = ctx.org;
  let members = org.memberships.get(group.id);
  if (!members) {
    members = new Set();
    org.memberships.set(group.id, members);
  }
  if (members.has(user.id)) return false;
  members.add(user.id);
  group.lastMembershipUpdated = now();
  ctx.emit("group.user_membership.add", "Add user to group membership", [targetFromUser(user), targetFromGroup(group)]);
  for (const [appId, groups] of org.appGroups) if (groups.has(group.id)) grantApp(ctx, appId, user, { groupId: group.id });
  return true;
}

export function removeMember(ctx: ApiContext, group: GroupRecord, user: UserRecord): boolean {
  const org = ctx.org;
  const members = org.memberships.get(group.id);
  if (!members?.delete(user.id)) return false;
  group.lastMembershipUpdated = now();
  ctx.emit("group.user_membership.remove", "Remove user from group membership", [targetFromUser(user), targetFromGroup(group)]);
  for (const [appId, groups] of org.appGroups) if (groups.has(group.id)) revokeApp(ctx, appId, user, { groupId: group.id });
  return true;
}

/** Compiles a rule's expression; throws an Error with Okta-ish wording if it is invalid. */
export function compileRule(rule: GroupRuleRecord): CompiledRule {
  return compileRuleExpression(rule.conditions.expression.value);
}

function ruleTracking(org: OrgState, ruleId: string): Set<string> {
  org.ruleMemberships ??= new Map();
  let set = org.ruleMemberships.get(ruleId);
  if (!set) {
    set = new Set();
    org.ruleMemberships.set(ruleId, set);
  }
  return set;
}

/**
 * Applies one active rule to one user: adds matching users to the target groups and removes users
 * the rule itself added once they stop matching (Okta keeps manually added members).
 */
function applyRuleToUser(ctx: ApiContext, rule: GroupRuleRecord, matches: CompiledRule, user: UserRecord): void {
  const org = ctx.org;
  const excluded = rule.conditions.people?.users?.exclude ?? [];
  const eligible = user.status !== "DEPROVISIONED" && !excluded.includes(user.id);
  const tracked = ruleTracking(org, rule.id);
  const match = eligible && matches({ profile: user.profile, groupIds: userGroupIds(org, user.id) });
  for (const gid of rule.actions.assignUserToGroups.groupIds) {
    const group = org.groups.get(gid);
    if (!group) continue;
    if (match) {
      if (addMember(ctx, group, user)) tracked.add(user.id);
    } else if (tracked.has(user.id)) {
      removeMember(ctx, group, user);
    }
  }
  if (!match) tracked.delete(user.id);
}

/** Evaluates one rule against every user (rule activation). */
export function applyRule(ctx: ApiContext, rule: GroupRuleRecord): void {
  const matches = compileRule(rule);
  for (const user of ctx.org.users.values()) applyRuleToUser(ctx, rule, matches, user);
}

/** Re-evaluates all active rules for a user whose profile or status changed. */
export function applyRulesToUser(ctx: ApiContext, user: UserRecord): void {
  for (const rule of ctx.org.rules.values()) {
    if (rule.status !== "ACTIVE") continue;
    applyRuleToUser(ctx, rule, compileRule(rule), user);
  }
}

/** Removes every trace of a user (hard delete). */
export function purgeUser(org: OrgState, userId: string): void {
  for (const members of org.memberships.values()) members.delete(userId);
  for (const byUser of org.appUsers.values()) byUser.delete(userId);
  for (const tracked of org.ruleMemberships?.values() ?? []) tracked.delete(userId);
  org.factors.delete(userId);
  org.roles.delete(userId);
  org.sessions.delete(userId);
  org.users.delete(userId);
}
