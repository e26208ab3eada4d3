/** /api/v1/groups: list/search, CRUD, members and assigned apps. */
import { targetFromGroup } from "../events.ts";
import { addMember, applyRulesToUser, removeMember, revokeApp } from "../directory.ts";
import { compile, evaluate, getPath, type CompareOp, type Dialect } from "../filters.ts";
import { errors, isObject, parseLimit, type ApiContext, type ApiResult } from "../http.ts";
import type { GroupRecord } from "../model.ts";
import { pageOf, sortedSequence } from "../paging.ts";
import type { Router } from "../router.ts";
import { groupRolesOf } from "../roles.ts";
import { serializeApp, serializeGroup, serializeRole, serializeUser } from "../serialize.ts";
import { findUser } from "./users.ts";

/** Okta's listGroups default and maximum page size. */
const GROUPS_MAX = 10000;
/** listGroupUsers defaults to 1000 ("for historical reasons", per the spec). */
const MEMBERS_DEFAULT = 1000;
const MEMBERS_MAX = 10000;

const TOP = new Set(["id", "created", "lastMembershipUpdated", "lastUpdated", "type", "source.id"]);
const SEARCH_DIALECT: Dialect = {
  allows: (attr: string, op: CompareOp) =>
    ["eq", "sw", "co", "gt", "ge", "lt", "le", "pr"].includes(op) &&
    (op !== "co" || attr === "profile.name" || attr === "profile.description") &&
    (TOP.has(attr) || /^profile\.[A-Za-z0-9_]+$/.test(attr)),
  allowNot: true,
  caseInsensitive: true,
};
/** `filter`: type/id eq, and date ranges on lastUpdated / lastMembershipUpdated. */
const FILTER_DIALECT: Dialect = {
  allows: (attr, op) =>
    ((attr === "type" || attr === "id") && op === "eq") ||
    ((attr === "lastUpdated" || attr === "lastMembershipUpdated") && ["eq", "gt", "ge", "lt", "le"].includes(op)),
  allowNot: false,
  caseInsensitive: false,
};

export function findGroup(ctx: ApiContext, id: string): GroupRecord {
  const g = ctx.org.groups.get(id);
  if (!g) throw errors.notFound(id, "UserGroup");
  return g;
}

function appsCount(ctx: ApiContext, groupId: string): number {
  let n = 0;
  for (const groups of ctx.org.appGroups.values()) if (groups.has(groupId)) n++;
  return n;
}

function serializer(ctx: ApiContext) {
  const stats = (ctx.query.get("expand") ?? "").split(",").includes("stats");
  return (g: GroupRecord) =>
    serializeGroup(
      g,
      ctx.orgUrl,
      stats ? { usersCount: ctx.org.memberships.get(g.id)?.size ?? 0, appsCount: appsCount(ctx, g.id), hasAdminPrivilege: groupRolesOf(ctx.org, g.id).length > 0 } : undefined,
    );
}

function listGroups(ctx: ApiContext): ApiResult {
  const q = ctx.query.get("q");
  const search = ctx.query.get("search");
  const filter = ctx.query.get("filter");
  const limit = parseLimit(ctx.query, GROUPS_MAX, GROUPS_MAX);
  let matches: (g: GroupRecord) => boolean = () => true;
  if (search !== null) {
    const expr = compile(search, SEARCH_DIALECT);
    matches = (g) => evaluate(expr, g, getPath, true);
  } else if (filter !== null) {
    const expr = compile(filter, FILTER_DIALECT);
    matches = (g) => evaluate(expr, g, getPath, false);
  } else if (q !== null) {
    const needle = q.toLowerCase();
    matches = (g) => g.profile.name.toLowerCase().startsWith(needle);
  }
  const load = (id: string) => {
    const g = ctx.org.groups.get(id);
    return g && matches(g) ? g : undefined;
  };
  return pageOf(ctx, ctx.rt.groups, limit, load, serializer(ctx));
}

function validateGroupProfile(ctx: ApiContext, body: unknown, selfId?: string): { name: string; description: string | null; [k: string]: unknown } {
  if (!isObject(body) || !isObject(body.profile)) throw errors.validation("profile", ["profile: The field cannot be left blank"]);
  const { name, description } = body.profile;
  if (typeof name !== "string" || name.trim() === "") throw errors.validation("name", ["name: The field cannot be left blank"]);
  for (const g of ctx.org.groups.values()) {
    if (g.id !== selfId && g.type === "OKTA_GROUP" && g.profile.name.toLowerCase() === name.toLowerCase()) {
      throw errors.validation("name", ["name: An object with this field already exists in the current organization"]);
    }
  }
  return { ...body.profile, name, description: typeof description === "string" ? description : null };
}

function createGroup(ctx: ApiContext): ApiResult {
  const profile = validateGroupProfile(ctx, ctx.body);
  const ts = new Date().toISOString();
  const group: GroupRecord = {
    id: ctx.ids.id("00g"),
    created: ts,
    lastUpdated: ts,
    lastMembershipUpdated: ts,
    objectClass: ["okta:user_group"],
    type: "OKTA_GROUP",
    profile,
  };
  ctx.org.groups.set(group.id, group);
  ctx.rt.groups.insert(group.id);
  ctx.org.memberships.set(group.id, new Set());
  ctx.emit("group.lifecycle.create", "Create Okta group", [targetFromGroup(group)]);
  return { status: 200, body: serializeGroup(group, ctx.orgUrl) };
}

function replaceGroup(ctx: ApiContext): ApiResult {
  const group = findGroup(ctx, ctx.params.groupId!);
  // Only Okta-mastered groups have an editable profile; app groups come from their directory.
  if (group.type !== "OKTA_GROUP") throw errors.forbidden();
  group.profile = validateGroupProfile(ctx, ctx.body, group.id);
  group.lastUpdated = new Date().toISOString();
  ctx.emit("group.profile.update", "Update group profile", [targetFromGroup(group)]);
  return { status: 200, body: serializeGroup(group, ctx.orgUrl) };
}

function deleteGroup(ctx: ApiContext): ApiResult {
  const group = findGroup(ctx, ctx.params.groupId!);
  // The spec: OKTA_GROUP and APP_GROUP can be deleted; BUILT_IN (Everyone) answers 403 E0000006.
  if (group.type === "BUILT_IN") throw errors.forbidden();
  for (const [appId, groups] of ctx.org.appGroups) {
    if (!groups.delete(group.id)) continue;
    for (const uid of ctx.org.memberships.get(group.id) ?? []) {
      const user = ctx.org.users.get(uid);
      if (user) revokeApp(ctx, appId, user, { groupId: group.id });
    }
  }
  ctx.org.memberships.delete(group.id);
  // Its role assignments go with it (its members no longer hold them).
  ctx.org.groupRoles?.delete(group.id);
  // Group rules that assigned people to it lose that target and become INVALID (GroupRuleStatus):
  // they stop assigning anyone until edited.
  for (const rule of ctx.org.rules.values()) {
    const targets = rule.actions.assignUserToGroups.groupIds;
    if (!targets.includes(group.id)) continue;
    rule.actions.assignUserToGroups.groupIds = targets.filter((id) => id !== group.id);
    rule.status = "INVALID";
    rule.lastUpdated = new Date().toISOString();
  }
  ctx.org.groups.delete(group.id);
  ctx.rt.groups.remove(group.id);
  ctx.emit("group.lifecycle.delete", "Delete Okta group", [targetFromGroup(group)]);
  return { status: 204 };
}

function listMembers(ctx: ApiContext): ApiResult {
  const group = findGroup(ctx, ctx.params.groupId!);
  const limit = parseLimit(ctx.query, MEMBERS_DEFAULT, MEMBERS_MAX);
  const ids = [...(ctx.org.memberships.get(group.id) ?? [])].sort();
  return pageOf(ctx, sortedSequence(ids), limit, (id) => ctx.org.users.get(id), (u) => serializeUser(u, ctx.orgUrl));
}

function membershipChange(ctx: ApiContext, add: boolean): ApiResult {
  const group = findGroup(ctx, ctx.params.groupId!);
  const user = findUser(ctx, ctx.params.userId!);
  // Memberships of app and built-in groups are managed by their source, not the API.
  if (group.type !== "OKTA_GROUP") throw errors.forbidden();
  if (add) addMember(ctx, group, user);
  else removeMember(ctx, group, user);
  // Rules may test group membership (isMemberOfAnyGroup).
  applyRulesToUser(ctx, user);
  return { status: 204 };
}

function listGroupApps(ctx: ApiContext): ApiResult {
  const group = findGroup(ctx, ctx.params.groupId!);
  const limit = parseLimit(ctx.query, 20, 200);
  const ids = [...ctx.org.appGroups].filter(([, groups]) => groups.has(group.id)).map(([appId]) => appId).sort();
  return pageOf(ctx, sortedSequence(ids), limit, (id) => ctx.org.apps.get(id), (a) => serializeApp(a, ctx.orgUrl));
}

/** GET /api/v1/groups/{groupId}/roles (listGroupAssignedRoles): the admin roles assigned to the group. */
function listGroupRoles(ctx: ApiContext): ApiResult {
  const group = findGroup(ctx, ctx.params.groupId!);
  return { status: 200, body: groupRolesOf(ctx.org, group.id).map((r) => serializeRole(r, ctx.orgUrl)) };
}

export function registerGroupRoutes(router: Router): void {
  router
    .add("GET", "/api/v1/groups", listGroups)
    .add("POST", "/api/v1/groups", createGroup)
    .add("GET", "/api/v1/groups/:groupId", (ctx) => ({ status: 200, body: serializer(ctx)(findGroup(ctx, ctx.params.groupId!)) }))
    .add("PUT", "/api/v1/groups/:groupId", replaceGroup)
    .add("DELETE", "/api/v1/groups/:groupId", deleteGroup)
    .add("GET", "/api/v1/groups/:groupId/users", listMembers)
    .add("PUT", "/api/v1/groups/:groupId/users/:userId", (ctx) => membershipChange(ctx, true))
    .add("DELETE", "/api/v1/groups/:groupId/users/:userId", (ctx) => membershipChange(ctx, false))
    .add("GET", "/api/v1/groups/:groupId/apps", listGroupApps)
    .add("GET", "/api/v1/groups/:groupId/roles", listGroupRoles);
}
