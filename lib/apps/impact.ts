import "server-only";
// The live, bounded reads behind the app assignment confirmations (lib/apps/blast-radius.ts computes
// from them). Each preview makes its reads in one parallel wave; unassigning a group adds one bounded
// wave for the members of the app's other groups.
import { ActionError } from "@/lib/actions/errors";
import type { OktaGateway } from "@/lib/okta/gateway";
import { mapBounded } from "@/lib/okta/bounded";
import { getAppUser, listAppGroups } from "@/lib/okta/apps";
import { groupAssignImpact, groupUnassignImpact, userUnassignImpact, type GroupAssignImpact, type GroupUnassignImpact, type MemberLite, type UserUnassignImpact } from "./blast-radius";

/** Members of a group read for a preview (one page). */
export const PREVIEW_MEMBERS = 200;
/** The app's users read to tell who already has it (pages of Okta's maximum, 500). */
export const PREVIEW_APP_USERS_PAGES = 2;
/** Other assigned groups whose members are read when unassigning a group. */
export const PREVIEW_OTHER_GROUPS = 10;
export const PREVIEW_OTHER_GROUP_MEMBERS = 1000;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : "");

/**
 * Like Promise.all, but waits for every read (none is left running, or rejecting, unobserved) and, when
 * several fail, throws the console's own refusal (an ActionError such as "no such app") first.
 */
export async function allReads<T extends readonly unknown[]>(reads: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(reads);
  const failures = settled.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown);
  if (failures.length) throw failures.find((e) => e instanceof ActionError) ?? failures[0];
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

export interface GroupLite {
  id: string;
  name: string;
  type: string | null;
}

function memberOf(u: unknown): MemberLite | null {
  if (!isRec(u) || typeof u.id !== "string") return null;
  const p = isRec(u.profile) ? u.profile : {};
  const name = [str(p.firstName), str(p.lastName)].filter(Boolean).join(" ");
  return { id: u.id, displayName: str(p.displayName) || name || str(p.login) || u.id, login: str(p.login), status: str(u.status) };
}

const statusOf = (err: unknown) => (isRec(err) && typeof err.status === "number" ? err.status : undefined);

/** The group, or null when Okta knows no such group in this org. */
export async function getGroupLite(okta: OktaGateway, groupId: string): Promise<GroupLite | null> {
  try {
    const g = (await okta.client.groupApi.getGroup({ groupId })) as unknown;
    if (!isRec(g) || typeof g.id !== "string") return null;
    const p = isRec(g.profile) ? g.profile : {};
    return { id: g.id, name: str(p.name) || g.id, type: typeof g.type === "string" ? g.type : null };
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw err;
  }
}

async function groupMembers(okta: OktaGateway, groupId: string, limit: number): Promise<{ members: MemberLite[]; more: boolean }> {
  const collection = await okta.client.groupApi.listGroupUsers({ groupId, limit });
  const page = await collection.getNextPage();
  return { members: page.map(memberOf).filter((m): m is MemberLite => m !== null), more: Boolean(collection.nextUri) };
}

/** The app's users (ids and scope), a bounded number of pages. */
async function appUsers(okta: OktaGateway, appId: string): Promise<{ ids: Set<string>; direct: Set<string>; complete: boolean }> {
  const collection = await okta.client.applicationApi.listApplicationUsers({ appId, limit: 500 });
  const ids = new Set<string>();
  const direct = new Set<string>();
  for (let page = 0; page < PREVIEW_APP_USERS_PAGES; page++) {
    const items = await collection.getNextPage();
    for (const a of items as unknown[]) {
      if (!isRec(a) || typeof a.id !== "string") continue;
      ids.add(a.id);
      if (a.scope === "USER") direct.add(a.id);
    }
    if (!collection.nextUri) return { ids, direct, complete: true };
  }
  return { ids, direct, complete: false };
}

export interface AssignGroupPreview {
  group: GroupLite;
  alreadyAssigned: boolean;
  impact: GroupAssignImpact;
}

export async function previewAssignGroup(okta: OktaGateway, appId: string, groupId: string): Promise<AssignGroupPreview | null> {
  const [group, members, users, groups] = await allReads([getGroupLite(okta, groupId), groupMembers(okta, groupId, PREVIEW_MEMBERS).catch(notFoundAsNull), appUsers(okta, appId), listAppGroups(okta, appId)] as const);
  if (!group || !members) return null;
  return {
    group,
    alreadyAssigned: groups.items.some((g) => g.groupId === groupId),
    impact: groupAssignImpact({ members: members.members, membersMore: members.more, appUserIds: users.ids, appUsersComplete: users.complete }),
  };
}

export interface UnassignGroupPreview {
  group: GroupLite;
  assigned: boolean;
  impact: GroupUnassignImpact;
  /** Names of the other groups the app is assigned to (the members' other paths). */
  otherGroups: string[];
}

export async function previewUnassignGroup(okta: OktaGateway, appId: string, groupId: string): Promise<UnassignGroupPreview | null> {
  const [group, members, users, groups] = await allReads([getGroupLite(okta, groupId), groupMembers(okta, groupId, PREVIEW_MEMBERS).catch(notFoundAsNull), appUsers(okta, appId), listAppGroups(okta, appId)] as const);
  if (!group || !members) return null;
  const others = groups.items.filter((g) => g.groupId !== groupId);
  const read = others.slice(0, PREVIEW_OTHER_GROUPS);
  const otherMembers = await mapBounded(read, 4, (g) => groupMembers(okta, g.groupId, PREVIEW_OTHER_GROUP_MEMBERS));
  const otherIds = new Set(otherMembers.flatMap((m) => m.members.map((x) => x.id)));
  return {
    group,
    assigned: groups.items.some((g) => g.groupId === groupId),
    otherGroups: others.map((g) => g.name),
    impact: groupUnassignImpact({
      members: members.members,
      membersMore: members.more,
      directIds: users.direct,
      directComplete: users.complete,
      otherGroupMemberIds: otherIds,
      otherGroupsComplete: !groups.truncated && others.length <= PREVIEW_OTHER_GROUPS && otherMembers.every((m) => !m.more),
    }),
  };
}

export interface UnassignUserPreview {
  impact: UserUnassignImpact;
  /** Names of the groups through which the user also has the app. */
  viaGroups: string[];
}

export async function previewUnassignUser(okta: OktaGateway, appId: string, userId: string): Promise<UnassignUserPreview> {
  const [appUser, userGroups, groups] = await allReads([
    getAppUser(okta, appId, userId),
    okta.client.userApi.listUserGroups({ userId }).then(async (c) => (await c.getNextPage()) as unknown[]),
    listAppGroups(okta, appId),
  ] as const);
  const appGroupIds = new Set(groups.items.map((g) => g.groupId));
  const userGroupIds = userGroups.filter(isRec).map((g) => str(g.id));
  const impact = userUnassignImpact({ scope: appUser?.scope ?? null, userGroupIds, appGroupIds });
  const names = new Map(groups.items.map((g) => [g.groupId, g.name]));
  const via = "viaGroupIds" in impact ? impact.viaGroupIds : [];
  return { impact, viaGroups: via.map((id) => names.get(id) ?? id) };
}

function notFoundAsNull(err: unknown): null {
  if (statusOf(err) === 404) return null;
  throw err;
}
