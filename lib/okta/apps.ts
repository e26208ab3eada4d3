import "server-only";
// Apps of a customer org and their assignments, read live: plain objects for the pages (the SDK's models
// are class instances). No permission logic here (lib/apps/actions.ts).
//
// Okta's apps list carries no assignment counts, so a list page reads them per row: one page of the
// app's group assignments and one of its users (bounded, counted as "200+" beyond), a few apps at a time.
// The apps bucket is Okta's smallest (100 requests a minute by default), which is why the list pages 20
// apps and the detail page reads users a page at a time.
import type { OktaGateway } from "./gateway";
import { afterFromNextLink } from "./users";

export interface AppSummary {
  id: string;
  /** Okta's app name (the integration: "salesforce", "zoomus", "oidc_client"). */
  name: string;
  label: string;
  status: string;
  signOnMode: string;
  features: string[];
  created: string | null;
  lastUpdated: string | null;
}

export interface AppListPage {
  apps: AppSummary[];
  nextAfter: string | null;
}

export interface CountAtMost {
  count: number;
  /** More exist than the one page read. */
  more: boolean;
}

export interface AppCounts {
  users: CountAtMost;
  groups: CountAtMost;
}

export interface AppUserRow {
  userId: string;
  /** USER: assigned directly (perhaps also through a group); GROUP: only through groups. */
  scope: string;
  /** The app user's status (ACTIVE, PROVISIONED, ...). */
  status: string;
  /** The user's name in the app (credentials.userName). */
  userName: string | null;
  displayName: string | null;
  login: string | null;
  userStatus: string | null;
  created: string | null;
}

export interface AppUsersPage {
  rows: AppUserRow[];
  nextAfter: string | null;
}

export interface AppGroupRow {
  groupId: string;
  name: string;
  type: string | null;
  priority: number | null;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
function iso(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  return str(v);
}

/** Okta ids are letters and digits; anything else is "not found" without a call. */
export function isOktaId(id: string): boolean {
  return /^[A-Za-z0-9]{1,64}$/.test(id);
}

export const APP_PAGE_SIZE = 20;
export const COUNT_PAGE = 200;
export const APP_USERS_PAGE_SIZE = 25;
export const APP_GROUPS_LIMIT = 200;

export function toAppSummary(a: unknown): AppSummary | null {
  if (!isRec(a) || typeof a.id !== "string") return null;
  return {
    id: a.id,
    name: str(a.name) ?? "",
    label: str(a.label) ?? str(a.name) ?? a.id,
    status: str(a.status) ?? "ACTIVE",
    signOnMode: str(a.signOnMode) ?? "",
    features: Array.isArray(a.features) ? a.features.filter((f): f is string => typeof f === "string") : [],
    created: iso(a.created),
    lastUpdated: iso(a.lastUpdated),
  };
}

/** One page of the org's apps: Okta's `q` (starts-with on name and label) and cursor. */
export async function listAppsPage(okta: OktaGateway, req: { q?: string; after?: string; limit?: number }): Promise<AppListPage> {
  const collection = await okta.client.applicationApi.listApplications({
    ...(req.q ? { q: req.q } : {}),
    ...(req.after ? { after: req.after } : {}),
    limit: req.limit ?? APP_PAGE_SIZE,
  });
  const page = await collection.getNextPage();
  return { apps: page.map(toAppSummary).filter((a): a is AppSummary => a !== null), nextAfter: afterFromNextLink(collection.nextUri) };
}

const statusOf = (err: unknown) => (isRec(err) && typeof err.status === "number" ? err.status : undefined);

/** The app, or null when Okta knows no such app in this org. */
export async function getApp(okta: OktaGateway, appId: string): Promise<AppSummary | null> {
  if (!isOktaId(appId)) return null;
  try {
    return toAppSummary(await okta.client.applicationApi.getApplication({ appId }));
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw err;
  }
}

async function countPage(collection: { getNextPage(): Promise<unknown[]>; nextUri?: string | null }): Promise<CountAtMost> {
  const page = await collection.getNextPage();
  return { count: page.length, more: Boolean(collection.nextUri) };
}

/** How many users and groups are assigned (one page of each, in parallel; "200+" beyond). */
export async function appAssignmentCounts(okta: OktaGateway, appId: string): Promise<AppCounts> {
  // allSettled: when one read fails the other still finishes before this settles, so no request of
  // this row outlives the call that made it (its request id stays in that call's log).
  const [users, groups] = await Promise.allSettled([
    okta.client.applicationApi.listApplicationUsers({ appId, limit: COUNT_PAGE }).then(countPage),
    okta.client.applicationApi.listApplicationGroupAssignments({ appId, limit: COUNT_PAGE }).then(countPage),
  ]);
  if (users.status === "rejected") throw users.reason;
  if (groups.status === "rejected") throw groups.reason;
  return { users: users.value, groups: groups.value };
}

export function toAppUserRow(a: unknown): AppUserRow | null {
  if (!isRec(a) || typeof a.id !== "string") return null;
  const credentials = isRec(a.credentials) ? a.credentials : {};
  const embedded = isRec(a._embedded) && isRec(a._embedded.user) ? a._embedded.user : null;
  const profile = embedded && isRec(embedded.profile) ? embedded.profile : {};
  const name = [str(profile.firstName), str(profile.lastName)].filter(Boolean).join(" ");
  return {
    userId: a.id,
    scope: str(a.scope) ?? "USER",
    status: str(a.status) ?? "",
    userName: str(credentials.userName),
    displayName: str(profile.displayName) ?? (name || null),
    login: str(profile.login),
    userStatus: embedded ? str(embedded.status) : null,
    created: iso(a.created),
  };
}

/** One page of the app's users with their Okta users embedded (`expand=user`). */
export async function listAppUsersPage(okta: OktaGateway, appId: string, req: { q?: string; after?: string; limit?: number }): Promise<AppUsersPage> {
  const collection = await okta.client.applicationApi.listApplicationUsers({
    appId,
    expand: "user",
    ...(req.q ? { q: req.q } : {}),
    ...(req.after ? { after: req.after } : {}),
    limit: req.limit ?? APP_USERS_PAGE_SIZE,
  });
  const page = await collection.getNextPage();
  return { rows: page.map(toAppUserRow).filter((r): r is AppUserRow => r !== null), nextAfter: afterFromNextLink(collection.nextUri) };
}

export function toAppGroupRow(a: unknown): AppGroupRow | null {
  if (!isRec(a) || typeof a.id !== "string") return null;
  const group = isRec(a._embedded) && isRec(a._embedded.group) ? a._embedded.group : null;
  const profile = group && isRec(group.profile) ? group.profile : {};
  return { groupId: a.id, name: str(profile.name) ?? a.id, type: group ? str(group.type) : null, priority: typeof a.priority === "number" ? a.priority : null };
}

/** The groups assigned to the app, with the groups embedded (`expand=group`); bounded. */
export async function listAppGroups(okta: OktaGateway, appId: string, limit = APP_GROUPS_LIMIT): Promise<{ items: AppGroupRow[]; truncated: boolean }> {
  const collection = await okta.client.applicationApi.listApplicationGroupAssignments({ appId, expand: "group", limit });
  const page = await collection.getNextPage();
  return { items: page.map(toAppGroupRow).filter((r): r is AppGroupRow => r !== null), truncated: Boolean(collection.nextUri) };
}

/** The user's app assignment, or null when the user has none. */
export async function getAppUser(okta: OktaGateway, appId: string, userId: string): Promise<AppUserRow | null> {
  try {
    return toAppUserRow(await okta.client.applicationApi.getApplicationUser({ appId, userId }));
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw err;
  }
}
