/** /api/v1/users: list/search, CRUD, lifecycle and the per-user sub-resources. */
import { targetFromUser } from "../events.ts";
import { compile, evaluate, getPath, type CompareOp, type Dialect, type Expr } from "../filters.ts";
import { addMember, applyRulesToUser, purgeUser, userGroupIds } from "../directory.ts";
import { OktaError, boolParam, errors, isObject, linkHeader, parseLimit, type ApiContext, type ApiResult } from "../http.ts";
import { nextStatus, transitionError, TRANSITIONS, type LifecycleOp } from "../lifecycle.ts";
import { revokeUserOAuthTokens } from "../oauth-revocation.ts";
import type { UserProfile, UserRecord } from "../model.ts";
import { pageOf } from "../paging.ts";
import { assertProfileMatchesSchema } from "../schema.ts";
import type { Router } from "../router.ts";
import { serializeAppLink, serializeFactor, serializeGroup, serializeRole, serializeUser } from "../serialize.ts";
import { userRolesOf } from "../roles.ts";

const MAX_LIMIT = 200;
/** Okta's `q` defaults to 10 results (per the spec) and never pages. */
const Q_DEFAULT_LIMIT = 10;

const FILTER_ATTRS = new Set(["status", "lastUpdated", "id", "profile.login", "profile.email", "profile.firstName", "profile.lastName"]);

/** `filter`: a fixed attribute set, `eq` only except lastUpdated ranges, no `not`, case-sensitive values. */
const FILTER_DIALECT: Dialect = {
  allows: (attr, op) => FILTER_ATTRS.has(attr) && (op === "eq" || (attr === "lastUpdated" && ["gt", "ge", "lt", "le"].includes(op))),
  allowNot: false,
  caseInsensitive: false,
};

const SEARCH_TOP_LEVEL = new Set(["id", "status", "created", "activated", "statusChanged", "lastUpdated", "passwordChanged", "lastLogin", "type.id"]);
const SEARCH_CO_ATTRS = new Set(["profile.firstName", "profile.lastName", "profile.email", "profile.login"]);
const SEARCH_OPS = new Set<CompareOp>(["eq", "sw", "co", "gt", "ge", "lt", "le", "pr"]);

/** `search`: any profile attribute or top-level property; `ne` is unsupported; `co` only on four attributes. */
const SEARCH_DIALECT: Dialect = {
  allows: (attr, op) =>
    SEARCH_OPS.has(op) && (op !== "co" || SEARCH_CO_ATTRS.has(attr)) && (SEARCH_TOP_LEVEL.has(attr) || /^profile\.[A-Za-z0-9_]+$/.test(attr)),
  allowNot: true,
  caseInsensitive: true,
};

export function findUser(ctx: ApiContext, idOrLogin: string): UserRecord {
  if (idOrLogin === "me") {
    // A service app's token has no user behind it. Okta's answer is not documented; the emulator
    // resolves "me" like any other id or login that matches no user (404 E0000007). Guess.
    if (!ctx.principal) throw errors.notFound("me", "User");
    return ctx.principal;
  }
  const byId = ctx.org.users.get(idOrLogin);
  if (byId) return byId;
  const id = ctx.rt.loginIndex.get(idOrLogin.toLowerCase());
  const user = id ? ctx.org.users.get(id) : undefined;
  if (!user) throw errors.notFound(idOrLogin, "User");
  return user;
}

function pageResult(ctx: ApiContext, users: UserRecord[], nextAfter: string | null, limit: number): ApiResult {
  let next: URLSearchParams | undefined;
  if (nextAfter !== null) {
    next = new URLSearchParams(ctx.query);
    next.set("after", nextAfter);
    next.set("limit", String(limit));
  }
  return { status: 200, body: users.map((u) => serializeUser(u, ctx.orgUrl)), headers: { Link: linkHeader(ctx, next) } };
}

/**
 * Walks users in id order from the cursor, collecting `limit` matches. As Okta does, a full page
 * gets a `next` link even if no further match exists (the last page may be empty); proving
 * another match exists could mean scanning the rest of a 100k-user org.
 */
function scanById(ctx: ApiContext, limit: number, matches: (u: UserRecord) => boolean): ApiResult {
  const load = (id: string) => {
    const u = ctx.org.users.get(id);
    return u && matches(u) ? u : undefined;
  };
  return pageOf(ctx, ctx.rt.users, limit, load, (u) => serializeUser(u, ctx.orgUrl));
}

function userAttr(u: UserRecord, attr: string): unknown {
  return getPath(u, attr);
}

function matcher(expr: Expr, dialect: Dialect) {
  return (u: UserRecord) => evaluate(expr, u, userAttr, dialect.caseInsensitive);
}

/**
 * Search with sortBy: needs every match, sorted by the property then id. Cursor = last id of the page.
 * Keys are computed once per match (not per comparison): on the 100,000-user perf org this keeps a
 * sorted page in the low hundreds of milliseconds instead of seconds.
 */
function sortedSearch(ctx: ApiContext, limit: number, expr: Expr | null, sortBy: string): ApiResult {
  const desc = (ctx.query.get("sortOrder") ?? "asc").toLowerCase().startsWith("desc");
  const all: Array<{ key: string; user: UserRecord }> = [];
  for (const u of ctx.org.users.values()) {
    if (expr && !evaluate(expr, u, userAttr, true)) continue;
    const v = getPath(u, sortBy);
    all.push({ key: v === null || v === undefined ? "" : String(v).toLowerCase(), user: u });
  }
  all.sort((a, b) => {
    const c = a.key < b.key ? -1 : a.key > b.key ? 1 : a.user.id < b.user.id ? -1 : a.user.id > b.user.id ? 1 : 0;
    return desc ? -c : c;
  });
  const after = ctx.query.get("after");
  const start = after ? all.findIndex((x) => x.user.id === after) + 1 : 0;
  const page = all.slice(start, start + limit).map((x) => x.user);
  const more = start + limit < all.length;
  return pageResult(ctx, page, more ? page[page.length - 1]!.id : null, limit);
}

function listUsers(ctx: ApiContext): ApiResult {
  const q = ctx.query.get("q");
  const filter = ctx.query.get("filter");
  const search = ctx.query.get("search");
  if (search !== null) {
    const limit = parseLimit(ctx.query, MAX_LIMIT, MAX_LIMIT);
    const expr = search.trim() === "" ? null : compile(search, SEARCH_DIALECT);
    const sortBy = ctx.query.get("sortBy");
    if (sortBy) return sortedSearch(ctx, limit, expr, sortBy);
    return scanById(ctx, limit, expr ? matcher(expr, SEARCH_DIALECT) : () => true);
  }
  if (filter !== null) {
    const limit = parseLimit(ctx.query, MAX_LIMIT, MAX_LIMIT);
    return scanById(ctx, limit, matcher(compile(filter, FILTER_DIALECT), FILTER_DIALECT));
  }
  if (q !== null) {
    // Per the spec, q matches firstName, lastName or email by prefix, case-insensitively, skips
    // DEPROVISIONED users and never returns a next link.
    const limit = parseLimit(ctx.query, Q_DEFAULT_LIMIT, MAX_LIMIT);
    const needle = q.toLowerCase();
    const index = ctx.rt.users;
    const page: UserRecord[] = [];
    for (let i = 0; i < index.length && page.length < limit; i++) {
      const u = ctx.org.users.get(index.at(i)!)!;
      if (u.status === "DEPROVISIONED") continue;
      const p = u.profile;
      if ([p.firstName, p.lastName, p.email].some((v) => typeof v === "string" && v.toLowerCase().startsWith(needle))) page.push(u);
    }
    return pageResult(ctx, page, null, limit);
  }
  const limit = parseLimit(ctx.query, MAX_LIMIT, MAX_LIMIT);
  return scanById(ctx, limit, (u) => u.status !== "DEPROVISIONED");
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Okta's default profile schema: login (email-shaped), email, firstName and lastName are required; then
 * every property must be one the org's schema defines, of its type and bounds (emulator/schema.ts).
 */
function validateProfile(ctx: ApiContext, profile: Record<string, unknown>, selfId?: string): void {
  const causes: string[] = [];
  let field: string | undefined;
  const fail = (f: string, msg: string) => {
    field ??= f;
    causes.push(`${f}: ${msg}`);
  };
  for (const f of ["login", "email", "firstName", "lastName"]) {
    const v = profile[f];
    if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) fail(f, "The field cannot be left blank");
    else if (typeof v !== "string") fail(f, "Does not match required type");
  }
  if (typeof profile.login === "string" && profile.login.trim() !== "") {
    if (!EMAIL.test(profile.login)) fail("login", "Username must be in the form of an email address");
    else {
      const existing = ctx.rt.loginIndex.get(profile.login.toLowerCase());
      if (existing && existing !== selfId) fail("login", "An object with this field already exists in the current organization");
    }
  }
  if (typeof profile.email === "string" && profile.email.trim() !== "" && !EMAIL.test(profile.email)) fail("email", "Does not match required pattern");
  if (field) throw errors.validation(field, causes);
  assertProfileMatchesSchema(ctx.org, profile, { selfId, creating: selfId === undefined, users: ctx.org.users.values() });
}

function applyCredentials(user: UserRecord, creds: unknown, ts: string): void {
  if (!isObject(creds)) return;
  if (isObject(creds.password) && typeof creds.password.value === "string") {
    user.credentials.password = { value: creds.password.value };
    user.passwordChanged = ts;
  }
  const rq = creds.recovery_question;
  if (isObject(rq) && typeof rq.question === "string") {
    user.credentials.recovery_question = { question: rq.question, answer: typeof rq.answer === "string" ? rq.answer : undefined };
  }
}

function createUser(ctx: ApiContext): ApiResult {
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.profile)) throw errors.validation("profile", ["profile: The field cannot be left blank"]);
  const activate = boolParam(ctx.query, "activate", true);
  const expire = ctx.query.get("nextLogin") === "changePassword";
  const hasPassword = isObject(body.credentials) && isObject(body.credentials.password) && typeof body.credentials.password.value === "string";
  if (expire && !activate) {
    throw new OktaError(400, "E0000125", "Could not create user. To create a user and expire their password immediately, `activate` must be true.");
  }
  if (expire && !hasPassword) {
    throw new OktaError(400, "E0000124", "Could not create user. To create a user and expire their password immediately, a password must be specified.");
  }
  validateProfile(ctx, body.profile);
  const groupIds = Array.isArray(body.groupIds) ? body.groupIds.map(String) : [];
  const missing = groupIds.find((g) => !ctx.org.groups.has(g));
  if (missing) throw errors.validation("groupIds", [`groupIds: Group ${missing} was not found`]);

  const ts = new Date().toISOString();
  const typeId = isObject(body.type) && typeof body.type.id === "string" ? body.type.id : "oty1defaulttype00001";
  const user: UserRecord = {
    id: ctx.ids.id("00u"),
    status: "STAGED",
    created: ts,
    activated: null,
    statusChanged: null,
    lastLogin: null,
    lastUpdated: ts,
    passwordChanged: null,
    type: { id: typeId },
    profile: { ...(body.profile as UserProfile) },
    credentials: { provider: { type: "OKTA", name: "OKTA" } },
  };
  applyCredentials(user, body.credentials, ts);
  ctx.org.users.set(user.id, user);
  ctx.rt.users.insert(user.id);
  ctx.rt.loginIndex.set(user.profile.login.toLowerCase(), user.id);
  ctx.emit("user.lifecycle.create", "Create okta user", [targetFromUser(user)]);

  if (activate) {
    user.status = expire ? "PASSWORD_EXPIRED" : nextStatus("activate", "STAGED", hasPassword);
    user.statusChanged = ts;
    if (user.status !== "PROVISIONED") user.activated = ts;
    ctx.emit("user.lifecycle.activate", "Activate Okta user", [targetFromUser(user)]);
  }
  for (const gid of groupIds) addMember(ctx, ctx.org.groups.get(gid)!, user);
  applyRulesToUser(ctx, user);
  return { status: 200, body: serializeUser(user, ctx.orgUrl) };
}

function updateUser(ctx: ApiContext, replace: boolean): ApiResult {
  const user = findUser(ctx, ctx.params.id!);
  const body = ctx.body;
  if (!isObject(body)) throw errors.malformedBody();
  const ts = new Date().toISOString();
  let profileChanged = false;
  if (body.profile !== undefined) {
    if (!isObject(body.profile)) throw errors.validation("profile", ["profile: Does not match required type"]);
    const next = replace ? { ...body.profile } : { ...user.profile, ...body.profile };
    validateProfile(ctx, next, user.id);
    const oldLogin = user.profile.login.toLowerCase();
    profileChanged = JSON.stringify(next) !== JSON.stringify(user.profile);
    user.profile = next as UserProfile;
    const newLogin = user.profile.login.toLowerCase();
    if (newLogin !== oldLogin) {
      ctx.rt.loginIndex.delete(oldLogin);
      ctx.rt.loginIndex.set(newLogin, user.id);
    }
  } else if (replace) {
    throw errors.validation("profile", ["profile: The field cannot be left blank"]);
  }
  applyCredentials(user, body.credentials, ts);
  user.lastUpdated = ts;
  if (profileChanged) {
    ctx.emit("user.account.update_profile", "Update user profile for Okta", [targetFromUser(user)]);
    applyRulesToUser(ctx, user);
  }
  return { status: 200, body: serializeUser(user, ctx.orgUrl) };
}

function setStatus(user: UserRecord, status: UserRecord["status"], ts: string): void {
  if (user.status !== status) user.statusChanged = ts;
  if (status === "ACTIVE" && !user.activated) user.activated = ts;
  user.status = status;
  user.transitioningToStatus = null;
  user.lastUpdated = ts;
}

function deleteUser(ctx: ApiContext): ApiResult {
  const user = findUser(ctx, ctx.params.id!);
  // First DELETE deactivates; deleting a DEPROVISIONED user removes it for good.
  if (user.status !== "DEPROVISIONED") {
    setStatus(user, "DEPROVISIONED", new Date().toISOString());
    ctx.org.sessions.delete(user.id);
    revokeUserOAuthTokens(ctx.org, user.id);
    ctx.emit("user.lifecycle.deactivate", "Deactivate Okta user", [targetFromUser(user)]);
    return { status: 204 };
  }
  ctx.emit("user.lifecycle.delete.initiated", "Delete Okta user", [targetFromUser(user)]);
  ctx.rt.users.remove(user.id);
  ctx.rt.loginIndex.delete(user.profile.login.toLowerCase());
  purgeUser(ctx.org, user.id);
  return { status: 204 };
}

const DISPLAY: Record<LifecycleOp, string> = {
  activate: "Activate Okta user",
  reactivate: "Reactivate Okta user",
  deactivate: "Deactivate Okta user",
  suspend: "Suspend Okta user",
  unsuspend: "Unsuspend Okta user",
  unlock: "Unlock user account",
  reset_password: "Fired when the user's Okta password is reset",
  expire_password: "User's Okta password is expired",
  expire_password_with_temp_password: "User's Okta password is expired",
  reset_factors: "Reset all factors for user",
};

function lifecycle(ctx: ApiContext): ApiResult {
  const op = ctx.params.op as LifecycleOp;
  if (!(op in TRANSITIONS)) throw errors.notFoundPath();
  const user = findUser(ctx, ctx.params.id!);
  const err = transitionError(op, user.status);
  if (err) throw new OktaError(err.status, err.errorCode, err.errorSummary, (err.causes ?? []).map((c) => ({ errorSummary: c })));
  const ts = new Date().toISOString();
  const hasPassword = Boolean(user.credentials.password?.value);
  setStatus(user, nextStatus(op, user.status, hasPassword), ts);
  ctx.emit(TRANSITIONS[op].eventType, DISPLAY[op], [targetFromUser(user)]);
  const sendEmail = boolParam(ctx.query, "sendEmail", true);
  const token = () => ctx.ids.id("").slice(0, 20);
  switch (op) {
    case "activate":
    case "reactivate": {
      if (op === "activate") applyRulesToUser(ctx, user);
      if (sendEmail) return { status: 200, body: {} };
      const t = token();
      return { status: 200, body: { activationUrl: `${ctx.orgUrl}/tokens/${t}/verify`, activationToken: t } };
    }
    case "reset_password":
      if (boolParam(ctx.query, "revokeSessions", false)) ctx.org.sessions.delete(user.id);
      return { status: 200, body: sendEmail ? {} : { resetPasswordUrl: `${ctx.orgUrl}/signin/reset-password/${token()}` } };
    case "expire_password":
      return { status: 200, body: serializeUser(user, ctx.orgUrl) };
    case "expire_password_with_temp_password": {
      const tempPassword = token().slice(0, 8);
      user.credentials.password = { value: tempPassword };
      user.passwordChanged = ts;
      if (boolParam(ctx.query, "revokeSessions", false)) ctx.org.sessions.delete(user.id);
      return { status: 200, body: { tempPassword } };
    }
    case "reset_factors":
      ctx.org.factors.delete(user.id);
      return { status: 200, body: {} };
    case "deactivate":
    case "suspend":
      // Okta ends the user's sessions and revokes their OAuth tokens.
      ctx.org.sessions.delete(user.id);
      revokeUserOAuthTokens(ctx.org, user.id);
      return { status: 200, body: {} };
    default:
      return { status: 200, body: {} };
  }
}

function listUserGroups(ctx: ApiContext): ApiResult {
  const user = findUser(ctx, ctx.params.id!);
  const ids = [...userGroupIds(ctx.org, user.id)].sort();
  return { status: 200, body: ids.map((id) => serializeGroup(ctx.org.groups.get(id)!, ctx.orgUrl)) };
}

function listAppLinks(ctx: ApiContext): ApiResult {
  const user = findUser(ctx, ctx.params.id!);
  const links: unknown[] = [];
  for (const [appId, byUser] of ctx.org.appUsers) {
    const a = byUser.get(user.id);
    const app = ctx.org.apps.get(appId);
    if (a && app && app.status === "ACTIVE") links.push(serializeAppLink(a, app, ctx.orgUrl, links.length));
  }
  return { status: 200, body: links };
}

function listFactors(ctx: ApiContext): ApiResult {
  const user = findUser(ctx, ctx.params.id!);
  return { status: 200, body: (ctx.org.factors.get(user.id) ?? []).map((f) => serializeFactor(f, ctx.orgUrl)) };
}

function getFactor(ctx: ApiContext): ApiResult {
  const user = findUser(ctx, ctx.params.id!);
  const f = (ctx.org.factors.get(user.id) ?? []).find((x) => x.id === ctx.params.factorId);
  if (!f) throw errors.notFound(ctx.params.factorId!, "UserFactor");
  return { status: 200, body: serializeFactor(f, ctx.orgUrl) };
}

function deleteFactor(ctx: ApiContext): ApiResult {
  const user = findUser(ctx, ctx.params.id!);
  // Okta: "You can't unenroll a factor from a deactivated user." The spec declares 403 for this call;
  // the error code is not documented, the generic status error (as for lifecycle calls) is our guess.
  if (user.status === "DEPROVISIONED") throw new OktaError(403, "E0000038", "This operation is not allowed in the user's current status.");
  const factors = ctx.org.factors.get(user.id) ?? [];
  const f = factors.find((x) => x.id === ctx.params.factorId);
  if (!f) throw errors.notFound(ctx.params.factorId!, "UserFactor");
  ctx.org.factors.set(
    user.id,
    factors.filter((x) => x !== f),
  );
  ctx.emit("user.mfa.factor.deactivate", "Reset factor for user", [targetFromUser(user)]);
  return { status: 204 };
}

function listRoles(ctx: ApiContext): ApiResult {
  const user = findUser(ctx, ctx.params.id!);
  return { status: 200, body: userRolesOf(ctx.org, user.id).map((r) => serializeRole(r, ctx.orgUrl)) };
}

function clearSessions(ctx: ApiContext): ApiResult {
  const user = findUser(ctx, ctx.params.id!);
  ctx.org.sessions.delete(user.id);
  // `oauthTokens=true` also revokes the user's OIDC / OAuth refresh and access tokens.
  if (boolParam(ctx.query, "oauthTokens", false)) revokeUserOAuthTokens(ctx.org, user.id);
  ctx.emit("user.session.clear", "Clear user session", [targetFromUser(user)]);
  return { status: 204 };
}

export function registerUserRoutes(router: Router): void {
  router
    .add("GET", "/api/v1/users", listUsers)
    .add("POST", "/api/v1/users", createUser)
    .add("GET", "/api/v1/users/:id", (ctx) => ({ status: 200, body: serializeUser(findUser(ctx, ctx.params.id!), ctx.orgUrl) }))
    .add("POST", "/api/v1/users/:id", (ctx) => updateUser(ctx, false))
    .add("PUT", "/api/v1/users/:id", (ctx) => updateUser(ctx, true))
    .add("DELETE", "/api/v1/users/:id", deleteUser)
    .add("POST", "/api/v1/users/:id/lifecycle/:op", lifecycle)
    .add("GET", "/api/v1/users/:id/groups", listUserGroups)
    .add("GET", "/api/v1/users/:id/appLinks", listAppLinks)
    .add("GET", "/api/v1/users/:id/factors", listFactors)
    .add("GET", "/api/v1/users/:id/factors/:factorId", getFactor)
    .add("DELETE", "/api/v1/users/:id/factors/:factorId", deleteFactor)
    .add("GET", "/api/v1/users/:id/roles", listRoles)
    .add("DELETE", "/api/v1/users/:id/sessions", clearSessions);
}
