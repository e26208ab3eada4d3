/** /api/v1/apps: list/get, user assignments and group assignments. */
import { targetFromApp, targetFromGroup } from "../events.ts";
import { grantApp, revokeApp } from "../directory.ts";
import { compile, evaluate, getPath, type Dialect } from "../filters.ts";
import { errors, isObject, parseLimit, type ApiContext, type ApiResult } from "../http.ts";
import type { AppGroupAssignment, AppRecord } from "../model.ts";
import { pageOf, sortedSequence } from "../paging.ts";
import type { Router } from "../router.ts";
import { serializeApp, serializeAppGroup, serializeAppUser, serializeGroup, serializeUser } from "../serialize.ts";
import { findGroup } from "./groups.ts";
import { findUser } from "./users.ts";

/** Okta's app `filter` supports status, name and user.id / group.id eq. */
const APP_FILTER: Dialect = {
  allows: (attr, op) => op === "eq" && ["status", "name", "user.id", "group.id"].includes(attr),
  allowNot: false,
  caseInsensitive: false,
};

function findApp(ctx: ApiContext, id: string): AppRecord {
  const a = ctx.org.apps.get(id);
  if (!a) throw errors.notFound(id, "AppInstance");
  return a;
}

function appAttr(ctx: ApiContext) {
  return (app: AppRecord, attr: string): unknown => {
    if (attr === "user.id") return [...(ctx.org.appUsers.get(app.id)?.keys() ?? [])];
    if (attr === "group.id") return [...(ctx.org.appGroups.get(app.id)?.keys() ?? [])];
    return getPath(app, attr);
  };
}

function listApps(ctx: ApiContext): ApiResult {
  const limit = parseLimit(ctx.query, 20, 200);
  const filter = ctx.query.get("filter");
  const q = ctx.query.get("q")?.toLowerCase();
  const expr = filter !== null ? compile(filter, APP_FILTER) : null;
  const get = appAttr(ctx);
  const ids = [...ctx.org.apps.keys()].sort();
  const load = (id: string) => {
    const a = ctx.org.apps.get(id);
    if (!a) return undefined;
    if (expr && !evaluate(expr, a, get, false)) return undefined;
    // q matches the start of the app's name or label.
    if (q && !a.name.toLowerCase().startsWith(q) && !a.label.toLowerCase().startsWith(q)) return undefined;
    return a;
  };
  return pageOf(ctx, sortedSequence(ids), limit, load, (a) => serializeApp(a, ctx.orgUrl));
}

function listAppUsers(ctx: ApiContext): ApiResult {
  const app = findApp(ctx, ctx.params.appId!);
  const limit = parseLimit(ctx.query, 50, 500);
  const byUser = ctx.org.appUsers.get(app.id) ?? new Map();
  const q = ctx.query.get("q")?.toLowerCase();
  const ids = [...byUser.keys()].sort();
  const load = (id: string) => {
    const user = ctx.org.users.get(id);
    const a = byUser.get(id);
    if (!user || !a) return undefined;
    if (q && ![user.profile.login, user.profile.email, user.profile.firstName, user.profile.lastName].some((v) => typeof v === "string" && v.toLowerCase().startsWith(q))) return undefined;
    return { a, user };
  };
  // `expand=user` embeds each app user's Okta user (Okta: _embedded.user).
  const expandUser = ctx.query.get("expand") === "user";
  return pageOf(ctx, sortedSequence(ids), limit, load, ({ a, user }) => ({
    ...serializeAppUser(a, user, ctx.orgUrl),
    ...(expandUser ? { _embedded: { user: serializeUser(user, ctx.orgUrl) } } : {}),
  }));
}

function getAppUser(ctx: ApiContext): ApiResult {
  const app = findApp(ctx, ctx.params.appId!);
  const user = findUser(ctx, ctx.params.userId!);
  const a = ctx.org.appUsers.get(app.id)?.get(user.id);
  if (!a) throw errors.notFound(user.id, "AppUser");
  return { status: 200, body: serializeAppUser(a, user, ctx.orgUrl) };
}

function assignUser(ctx: ApiContext): ApiResult {
  const app = findApp(ctx, ctx.params.appId!);
  const body = ctx.body;
  if (!isObject(body) || typeof body.id !== "string") throw errors.validation("id", ["id: The field cannot be left blank"]);
  const user = findUser(ctx, body.id);
  const profile = isObject(body.profile) ? body.profile : undefined;
  // Apps whose app user schema requires attributes (e.g. a licence type) refuse an assignment without them.
  const missing = (app.requiredAppUserAttributes ?? []).filter((attr) => {
    const v = profile?.[attr] ?? ctx.org.appUsers.get(app.id)?.get(user.id)?.profile[attr];
    return v === undefined || v === null || v === "";
  });
  if (missing.length) throw errors.validation("profile", missing.map((attr) => `${attr}: The field cannot be left blank`));
  const a = grantApp(ctx, app.id, user, { direct: true, profile });
  return { status: 200, body: serializeAppUser(a, user, ctx.orgUrl) };
}

function unassignUser(ctx: ApiContext): ApiResult {
  const app = findApp(ctx, ctx.params.appId!);
  const user = findUser(ctx, ctx.params.userId!);
  const a = ctx.org.appUsers.get(app.id)?.get(user.id);
  if (!a) throw errors.notFound(user.id, "AppUser");
  // A group-derived assignment cannot be removed per user; Okta refuses with 403.
  if (!a.direct) throw errors.forbidden();
  revokeApp(ctx, app.id, user, { direct: true });
  return { status: 204 };
}

function listAppGroups(ctx: ApiContext): ApiResult {
  const app = findApp(ctx, ctx.params.appId!);
  const limit = parseLimit(ctx.query, 20, 200);
  const groups = ctx.org.appGroups.get(app.id) ?? new Map();
  const ids = [...groups.keys()].sort();
  return pageOf(ctx, sortedSequence(ids), limit, (id) => groups.get(id), (g) => appGroupBody(ctx, g));
}

/** `expand=group` embeds the assigned group (Okta: _embedded.group). */
function appGroupBody(ctx: ApiContext, a: AppGroupAssignment) {
  const group = ctx.query.get("expand") === "group" ? ctx.org.groups.get(a.groupId) : undefined;
  return { ...serializeAppGroup(a, ctx.orgUrl), ...(group ? { _embedded: { group: serializeGroup(group, ctx.orgUrl) } } : {}) };
}

function getAppGroup(ctx: ApiContext): ApiResult {
  const app = findApp(ctx, ctx.params.appId!);
  const a = ctx.org.appGroups.get(app.id)?.get(ctx.params.groupId!);
  if (!a) throw errors.notFound(ctx.params.groupId!, "AppGroup");
  return { status: 200, body: appGroupBody(ctx, a) };
}

function assignGroup(ctx: ApiContext): ApiResult {
  const app = findApp(ctx, ctx.params.appId!);
  const group = findGroup(ctx, ctx.params.groupId!);
  let groups = ctx.org.appGroups.get(app.id);
  if (!groups) {
    groups = new Map();
    ctx.org.appGroups.set(app.id, groups);
  }
  const body = isObject(ctx.body) ? ctx.body : {};
  const ts = new Date().toISOString();
  let a = groups.get(group.id);
  if (!a) {
    const priority = typeof body.priority === "number" ? body.priority : groups.size;
    a = { appId: app.id, groupId: group.id, priority, lastUpdated: ts, profile: isObject(body.profile) ? body.profile : {} };
    groups.set(group.id, a);
    ctx.emit("group.application_assignment.add", "Add assigned application to group", [targetFromApp(app), targetFromGroup(group)]);
    for (const uid of ctx.org.memberships.get(group.id) ?? []) {
      const user = ctx.org.users.get(uid);
      if (user) grantApp(ctx, app.id, user, { groupId: group.id });
    }
  } else {
    if (isObject(body.profile)) a.profile = body.profile;
    if (typeof body.priority === "number") a.priority = body.priority;
    a.lastUpdated = ts;
  }
  return { status: 200, body: serializeAppGroup(a, ctx.orgUrl) };
}

function unassignGroup(ctx: ApiContext): ApiResult {
  const app = findApp(ctx, ctx.params.appId!);
  const groups = ctx.org.appGroups.get(app.id);
  const groupId = ctx.params.groupId!;
  if (!groups?.has(groupId)) throw errors.notFound(groupId, "AppGroup");
  groups.delete(groupId);
  const group = ctx.org.groups.get(groupId);
  if (group) ctx.emit("group.application_assignment.remove", "Remove assigned application from group", [targetFromApp(app), targetFromGroup(group)]);
  for (const uid of ctx.org.memberships.get(groupId) ?? []) {
    const user = ctx.org.users.get(uid);
    if (user) revokeApp(ctx, app.id, user, { groupId });
  }
  return { status: 204 };
}

export function registerAppRoutes(router: Router): void {
  router
    .add("GET", "/api/v1/apps", listApps)
    .add("GET", "/api/v1/apps/:appId", (ctx) => ({ status: 200, body: serializeApp(findApp(ctx, ctx.params.appId!), ctx.orgUrl) }))
    .add("GET", "/api/v1/apps/:appId/users", listAppUsers)
    .add("POST", "/api/v1/apps/:appId/users", assignUser)
    .add("GET", "/api/v1/apps/:appId/users/:userId", getAppUser)
    .add("DELETE", "/api/v1/apps/:appId/users/:userId", unassignUser)
    .add("GET", "/api/v1/apps/:appId/groups", listAppGroups)
    .add("GET", "/api/v1/apps/:appId/groups/:groupId", getAppGroup)
    .add("PUT", "/api/v1/apps/:appId/groups/:groupId", assignGroup)
    .add("DELETE", "/api/v1/apps/:appId/groups/:groupId", unassignGroup);
}
