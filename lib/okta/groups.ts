import "server-only";
// Reads of an org's groups through the tenant's gateway, returning plain objects (no permission logic
// here: lib/groups decides who may call them). Every read is bounded: one page, or a fixed number of
// pages with a `complete` flag saying whether the end was reached.
import type { OktaGateway, OktaRoleSummary } from "./gateway";
import { afterFromNextLink, toUserSummary, type Bounded, type UserSummary } from "./users";

export type GroupType = "OKTA_GROUP" | "APP_GROUP" | "BUILT_IN";

export interface GroupSummary {
  id: string;
  name: string;
  description: string | null;
  /** Okta's type; null when Okta sent one the console does not know. */
  type: GroupType | null;
  rawType: string | null;
  created: string | null;
  lastUpdated: string | null;
  lastMembershipUpdated: string | null;
  /** From `expand=stats`; null when Okta did not send it. */
  usersCount: number | null;
  appsCount: number | null;
  /** APP_GROUP: where it is imported from (e.g. the AD domain, from the profile), when known. */
  source: string | null;
}

export interface GroupAppSummary {
  id: string;
  label: string;
  name: string | null;
  status: string | null;
  signOnMode: string | null;
}

export interface GroupRuleSummary {
  id: string;
  name: string;
  status: string | null;
  expression: string | null;
  /** Every group the rule assigns people to (this one among them). */
  targetGroupIds: string[];
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

function iso(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  return typeof v === "string" && v !== "" ? v : null;
}

const GROUP_TYPES: readonly string[] = ["OKTA_GROUP", "APP_GROUP", "BUILT_IN"];

/** Okta group ids are letters and digits; anything else is "not found" without a call. */
const OKTA_ID = /^[A-Za-z0-9]{1,64}$/;
export function isOktaGroupId(id: string): boolean {
  return OKTA_ID.test(id);
}

export function toGroupSummary(raw: unknown): GroupSummary | null {
  if (!isRec(raw) || typeof raw.id !== "string") return null;
  const profile = isRec(raw.profile) ? raw.profile : {};
  const embedded = isRec(raw._embedded) ? raw._embedded : isRec(raw.embedded) ? raw.embedded : {};
  const stats = isRec(embedded.stats) ? embedded.stats : {};
  const rawType = str(raw.type);
  const source = str(profile.windowsDomainQualifiedName)?.split("\\")[0] ?? null;
  return {
    id: raw.id,
    name: str(profile.name) ?? raw.id,
    description: str(profile.description),
    type: rawType && GROUP_TYPES.includes(rawType) ? (rawType as GroupType) : null,
    rawType,
    created: iso(raw.created),
    lastUpdated: iso(raw.lastUpdated),
    lastMembershipUpdated: iso(raw.lastMembershipUpdated),
    usersCount: num(stats.usersCount),
    appsCount: num(stats.appsCount),
    source,
  };
}

/** What the groups list asks Okta: one of Okta's three ways, never mixed. */
export type GroupListParams =
  | { mode: "all" }
  | { mode: "q"; q: string }
  | { mode: "filter"; filter: string }
  | { mode: "search"; search: string };

export interface GroupListPage {
  groups: GroupSummary[];
  nextAfter: string | null;
}

/** One page of groups with member and app counts (`expand=stats`): ONE Okta call. */
export async function listGroupsPage(okta: OktaGateway, params: GroupListParams, options: { after?: string; limit: number }): Promise<GroupListPage> {
  const limit = Math.max(1, Math.min(200, Math.trunc(options.limit)));
  const collection = await okta.client.groupApi.listGroups({
    ...(params.mode === "q" ? { q: params.q } : {}),
    ...(params.mode === "filter" ? { filter: params.filter } : {}),
    ...(params.mode === "search" ? { search: params.search, sortBy: "profile.name", sortOrder: "asc" } : {}),
    // Okta's `q` does not page: a cursor must not be sent with it.
    ...(options.after && params.mode !== "q" ? { after: options.after } : {}),
    limit,
    expand: "stats",
  });
  const items = await collection.getNextPage();
  return {
    groups: items.map(toGroupSummary).filter((g): g is GroupSummary => g !== null),
    nextAfter: params.mode === "q" ? null : afterFromNextLink(collection.nextUri),
  };
}

/**
 * One group with its member and app counts, or null when this org has no such group. ONE call:
 * listGroups with `filter=id eq "…"` and `expand=stats` (getGroup takes no expand).
 */
export async function getGroupWithStats(okta: OktaGateway, groupId: string): Promise<GroupSummary | null> {
  if (!isOktaGroupId(groupId)) return null;
  const collection = await okta.client.groupApi.listGroups({ filter: `id eq "${groupId}"`, expand: "stats", limit: 1 });
  const items = await collection.getNextPage();
  const group = items.map(toGroupSummary).find((g) => g?.id === groupId);
  return group ?? null;
}

export interface MembersPage {
  users: UserSummary[];
  nextAfter: string | null;
}

/** One page of a group's members (Okta's cursor). */
export async function listGroupMembersPage(okta: OktaGateway, groupId: string, options: { after?: string; limit: number; mastery?: string | null }): Promise<MembersPage> {
  const collection = await okta.client.groupApi.listGroupUsers({ groupId, limit: Math.max(1, Math.min(200, options.limit)), ...(options.after ? { after: options.after } : {}) });
  const items = await collection.getNextPage();
  return { users: items.map((u) => toUserSummary(u, options.mastery)), nextAfter: afterFromNextLink(collection.nextUri) };
}

/** Okta cannot search inside a group: the console reads at most this many members to search them. */
export const MEMBER_SEARCH_LIMIT = 1000;

export interface MemberSearch {
  users: UserSummary[];
  /** How many members were read. */
  scanned: number;
  /** False when the group has more members than MEMBER_SEARCH_LIMIT (matches beyond were not seen). */
  complete: boolean;
}

/** True when a member's name, login or email contains the text (case-insensitive). */
export function memberMatches(user: Pick<UserSummary, "displayName" | "login" | "email">, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return [user.displayName, user.login, user.email].some((v) => typeof v === "string" && v.toLowerCase().includes(needle));
}

/**
 * Members whose name, login or email contains `text`: Okta's listGroupUsers has no search, so the
 * console reads pages of 200 members up to MEMBER_SEARCH_LIMIT and says when it stopped early.
 */
export async function searchGroupMembers(okta: OktaGateway, groupId: string, text: string, options: { mastery?: string | null; max?: number } = {}): Promise<MemberSearch> {
  const max = options.max ?? MEMBER_SEARCH_LIMIT;
  const collection = await okta.client.groupApi.listGroupUsers({ groupId, limit: 200 });
  const users: UserSummary[] = [];
  let scanned = 0;
  for await (const raw of collection) {
    if (scanned >= max) return { users, scanned, complete: false };
    scanned++;
    const u = toUserSummary(raw, options.mastery);
    if (memberMatches(u, text)) users.push(u);
  }
  return { users, scanned, complete: true };
}

/** The apps assigned to a group (at most `cap`). */
export async function listGroupApps(okta: OktaGateway, groupId: string, cap = 200): Promise<Bounded<GroupAppSummary>> {
  const collection = await okta.client.groupApi.listAssignedApplicationsForGroup({ groupId, limit: Math.min(cap, 200) });
  const items: GroupAppSummary[] = [];
  for await (const raw of collection) {
    if (items.length >= cap) return { items, truncated: true };
    if (!isRec(raw) || typeof raw.id !== "string") continue;
    items.push({ id: raw.id, label: str(raw.label) ?? str(raw.name) ?? raw.id, name: str(raw.name), status: str(raw.status), signOnMode: str(raw.signOnMode) });
  }
  return { items, truncated: false };
}

/** Okta allows at most 2,000 group rules per org: 10 pages of 200 read them all. */
export const RULE_PAGES = 10;

export interface RulesTargeting {
  rules: GroupRuleSummary[];
  /** False when the org has more rules than the console read. */
  complete: boolean;
}

function toRuleSummary(raw: unknown): GroupRuleSummary | null {
  if (!isRec(raw) || typeof raw.id !== "string") return null;
  const conditions = isRec(raw.conditions) ? raw.conditions : {};
  const expression = isRec(conditions.expression) ? conditions.expression : {};
  const actions = isRec(raw.actions) ? raw.actions : {};
  const assign = isRec(actions.assignUserToGroups) ? actions.assignUserToGroups : {};
  const groupIds = Array.isArray(assign.groupIds) ? assign.groupIds.filter((g): g is string => typeof g === "string") : [];
  return { id: raw.id, name: str(raw.name) ?? raw.id, status: str(raw.status), expression: str(expression.value), targetGroupIds: groupIds };
}

/**
 * The group rules that put people in these groups. Okta's rule `search` matches rule names only, so
 * the rules are paged (200 a page, at most RULE_PAGES pages, which covers Okta's 2,000-rule maximum)
 * and matched on their target groups.
 */
export async function listRulesTargeting(okta: OktaGateway, groupIds: readonly string[]): Promise<RulesTargeting> {
  const wanted = new Set(groupIds);
  const collection = await okta.client.groupApi.listGroupRules({ limit: 200 });
  const rules: GroupRuleSummary[] = [];
  let read = 0;
  for await (const raw of collection) {
    if (read >= RULE_PAGES * 200) return { rules, complete: false };
    read++;
    const rule = toRuleSummary(raw);
    if (rule && rule.targetGroupIds.some((g) => wanted.has(g))) rules.push(rule);
  }
  return { rules, complete: true };
}

/** The admin roles assigned to a group (GET /api/v1/groups/{groupId}/roles). */
export async function listGroupRoles(okta: OktaGateway, groupId: string): Promise<OktaRoleSummary[]> {
  const collection = await okta.client.roleAssignmentApi.listGroupAssignedRoles({ groupId });
  const roles: OktaRoleSummary[] = [];
  for await (const item of collection) {
    if (!isRec(item)) continue;
    roles.push({
      id: str(item.id) ?? undefined,
      type: str(item.type) ?? String(item.role ?? "CUSTOM"),
      label: str(item.label) ?? undefined,
      status: str(item.status) ?? undefined,
      assignmentType: str(item.assignmentType) ?? undefined,
    });
  }
  return roles;
}

/** The groups a user belongs to (ids and names), bounded. */
export async function listUserGroupIds(okta: OktaGateway, userId: string, cap = 200): Promise<Bounded<{ id: string; name: string }>> {
  const collection = await okta.client.userApi.listUserGroups({ userId });
  const items: Array<{ id: string; name: string }> = [];
  for await (const raw of collection) {
    if (items.length >= cap) return { items, truncated: true };
    const g = toGroupSummary(raw);
    if (g) items.push({ id: g.id, name: g.name });
  }
  return { items, truncated: false };
}

/**
 * How a user holds an app: "direct" (assigned to them: scope USER), "group" (only through groups:
 * scope GROUP) or "none" (Okta answers 404: not assigned at all).
 */
export async function appAssignmentScope(okta: OktaGateway, appId: string, userId: string): Promise<"direct" | "group" | "none"> {
  try {
    const appUser = (await okta.client.applicationApi.getApplicationUser({ appId, userId })) as unknown;
    const scope = isRec(appUser) ? str(appUser.scope) : null;
    return scope === "USER" ? "direct" : "group";
  } catch (err) {
    if (isRec(err) && err.status === 404) return "none";
    throw err;
  }
}
