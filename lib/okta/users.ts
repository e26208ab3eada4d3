import "server-only";
// Reads of one org's users through its gateway, as plain serialisable objects (no SDK models cross
// into pages). No permission logic here: callers are the read-only actions.
//
// The list reads exactly ONE page per call: the SDK's Collection would fetch every page when iterated,
// so it is asked for one page (getNextPage) and the next `after` cursor is taken from the `next`
// link Okta's Link header carried, which the Collection keeps as `nextUri`.
import type { Mastery } from "@/lib/tenants/schemas";
import { STATUS_INFO, isUserStatus } from "@/lib/users/lifecycle";
import { userSource, type UserSource } from "@/lib/users/mastery";
import { quoteSearchValue, type OktaUserListParams } from "@/lib/users/search";
import { describeOktaError, type OktaGateway, type OktaRoleSummary } from "./gateway";

// ---------------------------------------------------------------------------------------------------
// Shapes

export interface UserSummary {
  id: string;
  /** Okta's status (a string: Okta may add statuses the console does not know yet). */
  status: string;
  statusLabel: string;
  login: string;
  email: string | null;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  department: string | null;
  title: string | null;
  /** Okta's free-text user type ("Employee", "Service Account"...). */
  userType: string | null;
  provider: { type: string | null; name: string | null };
  source: UserSource;
  lastLogin: string | null;
  created: string | null;
}

export interface UserDetail extends UserSummary {
  activated: string | null;
  statusChanged: string | null;
  lastUpdated: string | null;
  passwordChanged: string | null;
  transitioningToStatus: string | null;
  typeId: string | null;
  /** Every profile attribute Okta returned, custom ones included (JSON values). */
  profile: Record<string, ProfileValue>;
}

export type ProfileValue = string | number | boolean | null | ProfileValue[] | { [k: string]: ProfileValue };

export interface UserListPage {
  users: UserSummary[];
  /** The cursor of the next page (from Okta's Link header); null on the last page, and always for `q`. */
  nextAfter: string | null;
  /** False for `q`, which Okta never pages: a full page may hide more matches. */
  pages: boolean;
}

export interface GroupSummary {
  id: string;
  name: string;
  description: string | null;
  type: string | null;
}

export interface AppLinkSummary {
  appInstanceId: string;
  appName: string | null;
  label: string;
  hidden: boolean;
}

export interface FactorSummary {
  id: string;
  factorType: string;
  provider: string | null;
  vendorName: string | null;
  status: string | null;
  enrolled: string | null;
  lastUpdated: string | null;
  /** What identifies it to the person: phone number, email, device, credential id. */
  detail: string | null;
}

export interface UserEventSummary {
  uuid: string;
  published: string | null;
  eventType: string;
  displayMessage: string | null;
  severity: string | null;
  outcome: { result: string | null; reason: string | null };
  actor: { id: string | null; type: string | null; alternateId: string | null; displayName: string | null };
  targets: Array<{ id: string | null; type: string | null; alternateId: string | null; displayName: string | null }>;
  ipAddress: string | null;
  userAgent: string | null;
  /** Okta's request id of the call that caused it (the audit log's join key). */
  transactionId: string | null;
}

export interface Bounded<T> {
  items: T[];
  /** More exist than the console reads for one page. */
  truncated: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Mapping helpers (SDK models are class instances with Date fields; pages need plain JSON)

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

function iso(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  return typeof v === "string" && v !== "" ? v : null;
}

function jsonValue(v: unknown, depth = 0): ProfileValue | undefined {
  if (v === null) return null;
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return iso(v);
  if (depth > 4) return undefined;
  if (Array.isArray(v)) return v.map((x) => jsonValue(x, depth + 1)).filter((x): x is ProfileValue => x !== undefined);
  if (isRec(v)) {
    const out: Record<string, ProfileValue> = {};
    for (const [k, x] of Object.entries(v)) {
      const j = jsonValue(x, depth + 1);
      if (j !== undefined) out[k] = j;
    }
    return out;
  }
  return undefined;
}

function plainProfile(profile: unknown): Record<string, ProfileValue> {
  const out: Record<string, ProfileValue> = {};
  if (!isRec(profile)) return out;
  for (const [k, v] of Object.entries(profile)) {
    const j = jsonValue(v);
    if (j !== undefined) out[k] = j;
  }
  return out;
}

export function toUserSummary(user: unknown, mastery?: Mastery | string | null): UserSummary {
  const u = isRec(user) ? user : {};
  const p = isRec(u.profile) ? u.profile : {};
  const creds = isRec(u.credentials) ? u.credentials : {};
  const provider = isRec(creds.provider) ? creds.provider : {};
  const status = str(u.status) ?? "UNKNOWN";
  const firstName = str(p.firstName);
  const lastName = str(p.lastName);
  const login = str(p.login) ?? String(u.id ?? "");
  const name = [firstName, lastName].filter(Boolean).join(" ");
  const providerPlain = { type: str(provider.type), name: str(provider.name) };
  return {
    id: String(u.id ?? ""),
    status,
    statusLabel: isUserStatus(status) ? STATUS_INFO[status].label : status,
    login,
    email: str(p.email),
    displayName: str(p.displayName) ?? (name || login),
    firstName,
    lastName,
    department: str(p.department),
    title: str(p.title),
    userType: str(p.userType),
    provider: providerPlain,
    source: userSource(providerPlain, mastery),
    lastLogin: iso(u.lastLogin),
    created: iso(u.created),
  };
}

export function toUserDetail(user: unknown, mastery?: Mastery | string | null): UserDetail {
  const u = isRec(user) ? user : {};
  return {
    ...toUserSummary(user, mastery),
    activated: iso(u.activated),
    statusChanged: iso(u.statusChanged),
    lastUpdated: iso(u.lastUpdated),
    passwordChanged: iso(u.passwordChanged),
    transitioningToStatus: str(u.transitioningToStatus),
    typeId: isRec(u.type) ? str(u.type.id) : null,
    profile: plainProfile(u.profile),
  };
}

// ---------------------------------------------------------------------------------------------------
// The list: one Okta request per page

export interface UserListRequest {
  params: OktaUserListParams;
  /** Okta's cursor from the previous page's Link header. */
  after?: string;
  limit: number;
  /** The org's mastery setting (names IMPORT sources). */
  mastery?: Mastery | string | null;
}

/** The cursor in a `next` link, or null. Okta's links are absolute URLs with `after` in the query. */
export function afterFromNextLink(nextUri: string | null | undefined): string | null {
  if (!nextUri) return null;
  try {
    return new URL(nextUri).searchParams.get("after") || null;
  } catch {
    return null;
  }
}

export async function listUsersPage(gateway: OktaGateway, req: UserListRequest): Promise<UserListPage> {
  const p = req.params;
  const limit = Math.max(1, Math.min(200, Math.trunc(req.limit)));
  const collection = await gateway.client.userApi.listUsers({
    ...(p.mode === "q" ? { q: p.q } : {}),
    ...(p.mode === "filter" ? { filter: p.filter } : {}),
    ...(p.mode === "search" ? { search: p.search, sortBy: p.sortBy, sortOrder: p.sortOrder } : {}),
    // q never pages: a cursor from elsewhere must not be sent with it.
    ...(req.after && p.mode !== "q" ? { after: req.after } : {}),
    limit,
  });
  const items = await collection.getNextPage();
  return {
    users: items.map((u) => toUserSummary(u, req.mastery)),
    nextAfter: p.mode === "q" ? null : afterFromNextLink(collection.nextUri),
    pages: p.pages,
  };
}

// ---------------------------------------------------------------------------------------------------
// One user's detail: independent reads, started together, each settling on its own

/** Okta user ids are letters and digits; anything else is answered "not found" without a call. */
const OKTA_ID = /^[A-Za-z0-9]{1,64}$/;

export function isOktaUserId(id: string): boolean {
  return OKTA_ID.test(id);
}

const isNotFound = (err: unknown) => isRec(err) && err.status === 404;

/** The user, or null when Okta knows no such user in this org (deleted, another org's id, a typo). */
export async function getUserDetail(gateway: OktaGateway, userId: string, mastery?: Mastery | string | null): Promise<UserDetail | null> {
  if (!isOktaUserId(userId)) return null;
  try {
    return toUserDetail(await gateway.client.userApi.getUser({ userId }), mastery);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** How many items a detail section reads at most (a user in thousands of groups is not a page). */
export const SECTION_LIMIT = 200;

async function bounded<T>(collection: AsyncIterable<unknown>, map: (item: unknown) => T | null, cap = SECTION_LIMIT): Promise<Bounded<T>> {
  const items: T[] = [];
  for await (const raw of collection) {
    if (items.length >= cap) return { items, truncated: true };
    const m = map(raw);
    if (m !== null) items.push(m);
  }
  return { items, truncated: false };
}

export async function listUserGroups(gateway: OktaGateway, userId: string): Promise<Bounded<GroupSummary>> {
  const collection = await gateway.client.userApi.listUserGroups({ userId });
  return bounded(collection, (g) => {
    if (!isRec(g)) return null;
    const profile = isRec(g.profile) ? g.profile : {};
    return { id: String(g.id ?? ""), name: str(profile.name) ?? String(g.id ?? ""), description: str(profile.description), type: str(g.type) };
  });
}

export async function listUserAppLinks(gateway: OktaGateway, userId: string): Promise<Bounded<AppLinkSummary>> {
  const collection = await gateway.client.userApi.listAppLinks({ userId });
  return bounded(collection, (a) => {
    if (!isRec(a)) return null;
    return { appInstanceId: String(a.appInstanceId ?? ""), appName: str(a.appName), label: str(a.label) ?? String(a.appName ?? "App"), hidden: a.hidden === true };
  });
}

function factorDetail(profile: unknown): string | null {
  if (!isRec(profile)) return null;
  for (const key of ["phoneNumber", "email", "name", "deviceType", "authenticatorName", "credentialId", "question"]) {
    const v = str(profile[key]);
    if (v) return v;
  }
  return null;
}

export async function listUserFactors(gateway: OktaGateway, userId: string): Promise<Bounded<FactorSummary>> {
  const collection = await gateway.client.userFactorApi.listFactors({ userId });
  return bounded(collection, (f) => {
    if (!isRec(f)) return null;
    return {
      id: String(f.id ?? ""),
      factorType: str(f.factorType) ?? "unknown",
      provider: str(f.provider),
      vendorName: str(f.vendorName),
      status: str(f.status),
      enrolled: iso(f.created),
      lastUpdated: iso(f.lastUpdated),
      detail: factorDetail(f.profile),
    };
  });
}

export async function listUserAdminRoles(gateway: OktaGateway, userId: string): Promise<OktaRoleSummary[]> {
  return gateway.userRoles(userId);
}

export const RECENT_EVENTS_DAYS = 7;
export const RECENT_EVENTS_LIMIT = 20;

function party(v: unknown) {
  const r = isRec(v) ? v : {};
  return { id: str(r.id), type: str(r.type), alternateId: str(r.alternateId), displayName: str(r.displayName) };
}

export function toUserEvent(e: unknown): UserEventSummary {
  const r = isRec(e) ? e : {};
  const outcome = isRec(r.outcome) ? r.outcome : {};
  const client = isRec(r.client) ? r.client : {};
  const ua = isRec(client.userAgent) ? client.userAgent : {};
  const tx = isRec(r.transaction) ? r.transaction : {};
  return {
    uuid: String(r.uuid ?? ""),
    published: iso(r.published),
    eventType: str(r.eventType) ?? "",
    displayMessage: str(r.displayMessage),
    severity: str(r.severity),
    outcome: { result: str(outcome.result), reason: str(outcome.reason) },
    actor: party(r.actor),
    targets: Array.isArray(r.target) ? r.target.map(party) : [],
    ipAddress: str(client.ipAddress),
    userAgent: str(ua.rawUserAgent),
    transactionId: str(tx.id),
  };
}

/**
 * The user's recent System Log events: the last 7 days, newest first, at most 20, where the user is
 * the actor or a target. One bounded request (until = now), one page.
 */
export async function listRecentUserEvents(gateway: OktaGateway, userId: string, now = new Date()): Promise<UserEventSummary[]> {
  const id = quoteSearchValue(userId);
  const collection = await gateway.client.systemLogApi.listLogEvents({
    since: new Date(now.getTime() - RECENT_EVENTS_DAYS * 86_400_000).toISOString(),
    until: now.toISOString(),
    filter: `actor.id eq ${id} or target.id eq ${id}`,
    sortOrder: "DESCENDING",
    limit: RECENT_EVENTS_LIMIT,
  });
  const page = await collection.getNextPage();
  return page.slice(0, RECENT_EVENTS_LIMIT).map(toUserEvent);
}

/** A section that never rejects: its data, or the sentence to show in its place. */
export type Section<T> = { ok: true; data: T } | { ok: false; error: string; code?: string; status?: number };

export async function settle<T>(work: Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, data: await work };
  } catch (err) {
    const d = describeOktaError(err);
    if (d) return { ok: false, error: d.sentence, code: d.code, status: d.status };
    // Not Okta's answer: a bug. Keep it out of the page, keep it in the server log.
    console.error("[okta/users] section failed", err);
    return { ok: false, error: "This section could not be loaded." };
  }
}

export interface UserDetailSections {
  user: Promise<Section<UserDetail | null>>;
  groups: Promise<Section<Bounded<GroupSummary>>>;
  apps: Promise<Section<Bounded<AppLinkSummary>>>;
  factors: Promise<Section<Bounded<FactorSummary>>>;
  roles: Promise<Section<OktaRoleSummary[]>>;
  events: Promise<Section<UserEventSummary[]>>;
}

/**
 * Starts every read of the detail page at once and hands back one promise per section, so a page can
 * stream each in its own Suspense boundary: a slow or failing section never holds up or breaks the
 * others. None of the promises rejects. A user id that is not an Okta id makes no call at all.
 */
export function userDetailSections(gateway: OktaGateway, userId: string, options: { mastery?: Mastery | string | null; now?: Date } = {}): UserDetailSections {
  if (!isOktaUserId(userId)) {
    const missing = Promise.resolve<Section<never>>({ ok: false, error: "Okta has no user with this id in this org.", status: 404 });
    return { user: Promise.resolve({ ok: true, data: null }), groups: missing, apps: missing, factors: missing, roles: missing, events: missing };
  }
  return {
    user: settle(getUserDetail(gateway, userId, options.mastery)),
    groups: settle(listUserGroups(gateway, userId)),
    apps: settle(listUserAppLinks(gateway, userId)),
    factors: settle(listUserFactors(gateway, userId)),
    roles: settle(listUserAdminRoles(gateway, userId)),
    events: settle(listRecentUserEvents(gateway, userId, options.now)),
  };
}
