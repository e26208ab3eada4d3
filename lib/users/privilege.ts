import "server-only";
// What the console knows about one org's service accounts and one user's privilege, read LIVE from
// Okta (and the console's own manual marks) at the moment a page renders or an action runs. A user's
// roles, groups and marks are never cached: a user who became an Okta admin a minute ago is privileged
// now. Only WHICH group is the org's service-account group is remembered for a few minutes, for list
// pages (its members are still read live); the guard of an action reads the target's own groups.
//
//   serviceAccountContext(okta, db, tenantId)  -> for lists (the privileged marker on every row)
//   readTargetPrivilege(okta, db, tenantId, id) -> for one user (detail page, every action's guard)
import { ActionError } from "@/lib/actions/errors";
import type { Db } from "@/lib/db/client";
import { afterOktaRequestsLeave } from "@/lib/okta/okta-first";
import type { OktaGateway, OktaRoleSummary } from "@/lib/okta/gateway";
import { getUserDetail, type UserDetail } from "@/lib/okta/users";
import { assessPrivilege, isServiceAccountGroupName, type PrivilegeAssessment, type ServiceAccountContext } from "./service-accounts";

/** Members of the service-account group read for a list page (one Okta page). */
export const SERVICE_GROUP_MEMBER_LIMIT = 200;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);

interface GroupLike {
  id: string;
  name: string;
}

function groupOf(raw: unknown): GroupLike | null {
  if (!isRec(raw)) return null;
  const profile = isRec(raw.profile) ? raw.profile : {};
  const id = typeof raw.id === "string" ? raw.id : "";
  const name = typeof profile.name === "string" ? profile.name : "";
  return id ? { id, name } : null;
}

/** The console's manual marks for this org, by Okta user id. */
export async function manualServiceAccountMarks(db: Db, tenantId: string): Promise<Map<string, { purpose: string; login: string }>> {
  const rows = await db.serviceAccountMark.findMany({ where: { tenantId }, select: { oktaUserId: true, purpose: true, login: true } });
  return new Map(rows.map((r) => [r.oktaUserId, { purpose: r.purpose, login: r.login }]));
}

/** The user behind the console's API token (SSWS). An OAuth service app has no user: null. */
export async function consolePrincipalId(okta: OktaGateway): Promise<string | null> {
  if (okta.credentialType !== "ssws") return null;
  return (await okta.me()).id;
}

/**
 * The org's service-account group(s): ONE Okta call, `q` (starts-with on the group name) for
 * "service", keeping the names isServiceAccountGroupName accepts ("Service Accounts", "service_account"...).
 */
export async function findServiceAccountGroups(okta: OktaGateway): Promise<GroupLike[]> {
  const collection = await okta.client.groupApi.listGroups({ q: "service", limit: 50 });
  const page = await collection.getNextPage();
  return page.map(groupOf).filter((g): g is GroupLike => g !== null && isServiceAccountGroupName(g.name));
}

/** One page of a group's members (bounded): their ids and whether more exist. */
async function groupMemberIds(okta: OktaGateway, groupId: string): Promise<{ ids: string[]; truncated: boolean }> {
  const collection = await okta.client.groupApi.listGroupUsers({ groupId, limit: SERVICE_GROUP_MEMBER_LIMIT });
  const page = await collection.getNextPage();
  const ids = page.map((u) => (isRec(u) && typeof u.id === "string" ? u.id : "")).filter(Boolean);
  return { ids, truncated: Boolean(collection.nextUri) };
}

export interface OrgServiceAccountContext extends ServiceAccountContext {
  /** The service-account group has more members than one page holds (list markers may miss some). */
  groupTruncated?: boolean;
  serviceAccountGroupIds?: string[];
}

/**
 * Everything the console uses to recognise service accounts in this org: the service-account group
 * (found by name, one call, then one bounded page of its members), the principal behind the console's
 * own credential (SSWS: GET /users/me), and the manual marks. The three reads run in parallel.
 */
/** How long list pages reuse the answer to "which groups are the service-account groups?". */
export const SERVICE_GROUP_IDS_TTL_MS = 5 * 60_000;
const serviceGroupIds = new Map<string, { at: number; groups: Promise<GroupLike[]> }>();

/**
 * findServiceAccountGroups, remembered per org for SERVICE_GROUP_IDS_TTL_MS (shared while in flight;
 * a failure is forgotten at once), so a list page reads the group's members in the same parallel
 * wave as its other reads instead of one round trip later.
 */
export function serviceAccountGroupsCached(okta: OktaGateway, now = Date.now()): Promise<GroupLike[]> {
  const hit = serviceGroupIds.get(okta.tenantId);
  if (hit && now - hit.at < SERVICE_GROUP_IDS_TTL_MS) return hit.groups;
  const groups = findServiceAccountGroups(okta);
  serviceGroupIds.set(okta.tenantId, { at: now, groups });
  groups.catch(() => {
    if (serviceGroupIds.get(okta.tenantId)?.groups === groups) serviceGroupIds.delete(okta.tenantId);
  });
  return groups;
}

/** Tests and the service-accounts page (after an Administrator's change): forget the org's groups. */
export function forgetServiceAccountGroups(tenantId?: string): void {
  if (tenantId === undefined) serviceGroupIds.clear();
  else serviceGroupIds.delete(tenantId);
}

export async function serviceAccountContext(okta: OktaGateway, db: Db, tenantId: string, options: { fresh?: boolean } = {}): Promise<OrgServiceAccountContext> {
  const groupsWork = (async () => {
    const groups = await (options.fresh ? findServiceAccountGroups(okta) : serviceAccountGroupsCached(okta));
    const members = await Promise.all(groups.map((g) => groupMemberIds(okta, g.id)));
    return { groups, members };
  })();
  const marksWork = afterOktaRequestsLeave().then(() => manualServiceAccountMarks(db, tenantId));
  const [{ groups, members }, principal, marks] = await Promise.all([groupsWork, consolePrincipalId(okta), marksWork]);
  return {
    serviceAccountGroupMemberIds: new Set(members.flatMap((m) => m.ids)),
    serviceAccountGroupName: groups[0]?.name,
    serviceAccountGroupIds: groups.map((g) => g.id),
    groupTruncated: members.some((m) => m.truncated),
    consolePrincipalId: principal,
    manualMarks: marks,
  };
}

/** The user's groups that are service-account groups (one page of the user's groups, Okta's page size). */
async function userServiceAccountGroups(okta: OktaGateway, userId: string): Promise<{ groups: GroupLike[]; truncated: boolean }> {
  const collection = await okta.client.userApi.listUserGroups({ userId });
  const page = await collection.getNextPage();
  const groups = page.map(groupOf).filter((g): g is GroupLike => g !== null);
  return { groups: groups.filter((g) => isServiceAccountGroupName(g.name)), truncated: Boolean(collection.nextUri) };
}

const isStatus = (err: unknown, status: number) => isRec(err) && err.status === status;

export interface TargetPrivilege {
  user: UserDetail;
  assessment: PrivilegeAssessment;
  /** Okta refused to list the user's admin roles (the credential lacks the right): treated as an Okta admin. */
  rolesUnreadable?: boolean;
}

export const ROLES_UNREADABLE_LABEL = "Admin roles unknown (Okta refused to list them)";

/**
 * One user and their privilege, read at action time: the user, their admin roles, their groups (is
 * one of them the service-account group?), the console's credential principal and the manual marks,
 * ALL IN PARALLEL (one round trip). Throws a "not_found" ActionError when Okta knows no such user in
 * this org; other Okta errors propagate (the action reports them; nothing is written).
 *
 * When Okta refuses to list the user's roles (403: the org's credential lacks the right), the user is
 * treated as an Okta admin: the console cannot prove otherwise, and this protects the customer.
 */
export async function readTargetPrivilege(
  okta: OktaGateway,
  db: Db,
  tenantId: string,
  userId: string,
  options: { mastery?: string | null } = {},
): Promise<TargetPrivilege> {
  const userWork = getUserDetail(okta, userId, options.mastery);
  const rolesWork: Promise<OktaRoleSummary[] | "unreadable"> = okta.userRoles(userId).catch((err: unknown) => {
    if (isStatus(err, 403)) return "unreadable" as const;
    throw err;
  });
  const groupsWork = userServiceAccountGroups(okta, userId);
  const principalWork = consolePrincipalId(okta);
  const marksWork = manualServiceAccountMarks(db, tenantId);
  // Settle everything first, so no read is left running (and rejecting unobserved) after a failure.
  const [user, roles, groups, principal, marks] = await Promise.allSettled([userWork, rolesWork, groupsWork, principalWork, marksWork]);

  if (user.status === "rejected") throw user.reason;
  if (user.value === null) throw new ActionError("Okta has no user with this id in this org; it may have been deleted.", "not_found");
  for (const r of [roles, groups, principal, marks]) {
    // A user deleted between the reads answers 404 to the others: the same "not found".
    if (r.status === "rejected" && isStatus(r.reason, 404)) throw new ActionError("Okta has no user with this id in this org; it may have been deleted.", "not_found");
    if (r.status === "rejected") throw r.reason;
  }
  const v = <T>(r: PromiseSettledResult<T>): T => (r as PromiseFulfilledResult<T>).value;
  const roleList = v(roles);
  const userGroups = v(groups);
  const unreadable = roleList === "unreadable";
  let ctx: ServiceAccountContext = {
    serviceAccountGroupMemberIds: new Set(userGroups.groups.length ? [userId] : []),
    serviceAccountGroupName: userGroups.groups[0]?.name,
    consolePrincipalId: v(principal),
    manualMarks: v(marks),
  };
  if (userGroups.truncated && userGroups.groups.length === 0) {
    // In more groups than one page: look the other way round (the service-account group's members).
    const found = await findServiceAccountGroups(okta);
    const members = await Promise.all(found.map((g) => groupMemberIds(okta, g.id)));
    const member = members.some((m) => m.ids.includes(userId));
    ctx = { ...ctx, serviceAccountGroupMemberIds: new Set(member ? [userId] : []), serviceAccountGroupName: found[0]?.name };
  }
  const adminRoles = unreadable ? [{ type: "UNKNOWN", label: ROLES_UNREADABLE_LABEL }] : roleList;
  return { user: user.value, assessment: assessPrivilege(user.value, adminRoles, ctx), ...(unreadable ? { rolesUnreadable: true } : {}) };
}
