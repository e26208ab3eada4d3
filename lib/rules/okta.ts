import "server-only";
// Group rules and the reads around them (groups by id, bounded member lists, users pages), as plain
// objects. No permission logic here: lib/rules/actions.ts decides who may call what.
import type { OktaGateway } from "@/lib/okta/gateway";
import { mapBounded } from "@/lib/okta/bounded";
import { afterFromNextLink, toUserDetail } from "@/lib/okta/users";

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : str(v));

export type RuleStatus = "ACTIVE" | "INACTIVE" | "INVALID" | string;

export interface GroupRule {
  id: string;
  name: string;
  status: RuleStatus;
  expression: string;
  targetGroupIds: string[];
  excludedUserIds: string[];
  created: string | null;
  lastUpdated: string | null;
}

export interface GroupRef {
  id: string;
  /** null: Okta has no group with this id (deleted). */
  name: string | null;
  type: string | null;
}

export interface UserBrief {
  id: string;
  login: string;
  displayName: string;
}

export function toGroupRule(raw: unknown): GroupRule {
  const r = isRec(raw) ? raw : {};
  const conditions = isRec(r.conditions) ? r.conditions : {};
  const expression = isRec(conditions.expression) ? conditions.expression : {};
  const people = isRec(conditions.people) ? conditions.people : {};
  const users = isRec(people.users) ? people.users : {};
  const actions = isRec(r.actions) ? r.actions : {};
  const assign = isRec(actions.assignUserToGroups) ? actions.assignUserToGroups : {};
  return {
    id: String(r.id ?? ""),
    name: str(r.name) ?? String(r.id ?? ""),
    status: str(r.status) ?? "UNKNOWN",
    expression: str(expression.value) ?? "",
    targetGroupIds: Array.isArray(assign.groupIds) ? assign.groupIds.map(String) : [],
    excludedUserIds: Array.isArray(users.exclude) ? users.exclude.map(String) : [],
    created: iso(r.created),
    lastUpdated: iso(r.lastUpdated),
  };
}

/** The most rules the list reads (Okta allows 2,000 per org). */
export const RULES_LIST_BOUND = 2000;

export async function listGroupRules(okta: OktaGateway): Promise<{ rules: GroupRule[]; truncated: boolean }> {
  const collection = await okta.client.groupApi.listGroupRules({ limit: 200 });
  const rules: GroupRule[] = [];
  for await (const r of collection) {
    if (rules.length >= RULES_LIST_BOUND) return { rules, truncated: true };
    if (r) rules.push(toGroupRule(r));
  }
  return { rules, truncated: false };
}

const statusOf = (err: unknown): number | undefined => (isRec(err) && typeof err.status === "number" ? err.status : undefined);

/** One rule, or null when Okta has none with this id. */
export async function getGroupRule(okta: OktaGateway, ruleId: string): Promise<GroupRule | null> {
  try {
    return toGroupRule(await okta.client.groupApi.getGroupRule({ ruleId }));
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw err;
  }
}

/** Groups by id (bounded concurrency); a missing group comes back with name null. */
export async function readGroups(okta: OktaGateway, ids: readonly string[]): Promise<Map<string, GroupRef>> {
  const unique = [...new Set(ids)];
  const refs = await mapBounded(unique, 4, async (id): Promise<GroupRef> => {
    try {
      const g = (await okta.client.groupApi.getGroup({ groupId: id })) as unknown;
      const rec = isRec(g) ? g : {};
      const profile = isRec(rec.profile) ? rec.profile : {};
      return { id, name: str(profile.name) ?? id, type: str(rec.type) };
    } catch (err) {
      if (statusOf(err) === 404) return { id, name: null, type: null };
      throw err;
    }
  });
  return new Map(refs.map((r) => [r.id, r]));
}

export interface MemberSet {
  ids: Set<string>;
  /** More members than the bound: the set holds only the first ones. */
  truncated: boolean;
  requests: number;
}

/** Members of a group, up to `bound` (pages of 200). */
export async function readMemberIds(okta: OktaGateway, groupId: string, bound: number): Promise<MemberSet> {
  const ids = new Set<string>();
  let after: string | undefined;
  let requests = 0;
  for (;;) {
    let page: unknown[];
    let collection;
    try {
      collection = await okta.client.groupApi.listGroupUsers({ groupId, limit: 200, ...(after ? { after } : {}) });
      page = await collection.getNextPage();
    } catch (err) {
      // A group that no longer exists has no members.
      if (statusOf(err) === 404) return { ids, truncated: false, requests: requests + 1 };
      throw err;
    }
    requests++;
    for (const u of page) if (isRec(u) && typeof u.id === "string") ids.add(u.id);
    const next = afterFromNextLink(collection.nextUri);
    if (!next || page.length === 0) return { ids, truncated: false, requests };
    if (ids.size >= bound) return { ids, truncated: true, requests };
    after = next;
  }
}

export interface UsersPage {
  users: Array<UserBrief & { status: string; profile: Record<string, unknown> }>;
  nextAfter: string | null;
}

/** One page of the org's users (all, or a `search`), with their profiles. */
export async function readUsersPage(okta: OktaGateway, options: { search?: string; after?: string; limit: number }): Promise<UsersPage> {
  const collection = await okta.client.userApi.listUsers({
    ...(options.search ? { search: options.search } : {}),
    ...(options.after ? { after: options.after } : {}),
    limit: options.limit,
  });
  const page = await collection.getNextPage();
  return {
    users: page.map((raw) => {
      const u = toUserDetail(raw);
      return { id: u.id, login: u.login, displayName: u.displayName, status: u.status, profile: u.profile };
    }),
    nextAfter: afterFromNextLink(collection.nextUri),
  };
}

/** Apps assigned to a group (labels), bounded. */
export async function readGroupAppLabels(okta: OktaGateway, groupId: string, bound = 20): Promise<{ labels: string[]; truncated: boolean }> {
  const collection = await okta.client.groupApi.listAssignedApplicationsForGroup({ groupId, limit: bound });
  const labels: string[] = [];
  for await (const a of collection) {
    if (labels.length >= bound) return { labels, truncated: true };
    if (isRec(a)) labels.push(str(a.label) ?? String(a.id ?? ""));
  }
  return { labels, truncated: false };
}
