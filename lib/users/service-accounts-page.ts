import "server-only";
// The Service accounts page of one org: every account the console treats as a service account, read
// live and bounded — never by scanning the org:
//   1. in parallel: the service-account context (the group found by name + one page of its members,
//      the console credential's principal, the manual marks: lib/users/privilege.ts), ONE search for
//      profile.userType eq "Service Account", ONE search for the well-known accounts' logins and
//      names, and the marks' details from the console database;
//   2. the users the searches did not return (group members, principal, marked ids) by id, at most
//      MAX_ACCOUNTS, LOOKUP_CONCURRENCY at a time;
//   3. each account's admin roles, LOOKUP_CONCURRENCY at a time.
import { z } from "zod";
import { tenantAction } from "@/lib/actions";
import { staffDisplayEmail } from "@/lib/staff/display";
import type { Db } from "@/lib/db/client";
import type { OktaGateway } from "@/lib/okta/gateway";
import { getUserDetail, toUserSummary, type UserSummary } from "@/lib/okta/users";
import { serviceAccountContext } from "./privilege";
import { quoteSearchValue } from "./search";
import { serviceAccountReasons, WELL_KNOWN_SERVICE_ACCOUNTS, type ServiceAccountReason } from "./service-accounts";
import { mapBounded } from "@/lib/okta/bounded";

/** At most this many accounts are shown (an org with more has a bigger problem than this page). */
export const MAX_ACCOUNTS = 200;
/** Okta requests in flight at once for the per-account reads. */
export const LOOKUP_CONCURRENCY = 8;

export interface ServiceAccountMarkView {
  purpose: string;
  markedAt: string;
  markedBy: string | null;
}

export interface ServiceAccountRow {
  id: string;
  login: string;
  displayName: string;
  status: string;
  statusLabel: string;
  lastLogin: string | null;
  /** Okta admin role labels; null when Okta refused to list them. */
  adminRoles: string[] | null;
  reasons: ServiceAccountReason[];
  /** What it is for: the mark's note, else the strongest reason in words. */
  purpose: string;
  mark: ServiceAccountMarkView | null;
  /** Marked in the console, but Okta no longer has the user (deleted): only the mark remains. */
  missing?: boolean;
}

export interface ServiceAccountsView {
  rows: ServiceAccountRow[];
  /** Some source held more than the page reads (more accounts exist than are listed). */
  truncated: boolean;
  serviceAccountGroupName: string | null;
  /** The console's credential is an OAuth service app (no user behind it). */
  oauthCredential: boolean;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);

/** ONE page of an Okta `search`. */
async function searchUsers(okta: OktaGateway, search: string, limit: number, mastery: string): Promise<{ users: UserSummary[]; truncated: boolean; raw: Map<string, unknown> }> {
  const collection = await okta.client.userApi.listUsers({ search, limit });
  const page = await collection.getNextPage();
  const raw = new Map<string, unknown>();
  for (const u of page) if (isRec(u) && typeof u.id === "string") raw.set(u.id, u);
  return { users: page.map((u) => toUserSummary(u, mastery)), truncated: Boolean(collection.nextUri), raw };
}

export const USER_TYPE_SEARCH = `profile.userType eq ${quoteSearchValue("Service Account")}`;

/**
 * One search for the well-known accounts: their usual logins (starts-with) and names. The results are
 * checked again with the same rule the guard uses, so a person called "Deep" is not listed.
 */
export function wellKnownSearch(): string {
  const logins = ["msp-integration", "mspintegration", "msp-okta", "mspokta", "deeplink", "deep-link", "msp-deeplink", "oktaadagent", "oktaradius"];
  const names = ["MSP-Okta", "OktaADAgent", "OktaRADIUS"];
  const clauses = [
    ...logins.map((l) => `profile.login sw ${quoteSearchValue(l)}`),
    ...names.map((n) => `profile.firstName eq ${quoteSearchValue(n)}`),
    ...WELL_KNOWN_SERVICE_ACCOUNTS.map((w) => `profile.displayName eq ${quoteSearchValue(w.name)}`),
  ];
  return clauses.join(" or ");
}

async function markDetails(db: Db, tenantId: string): Promise<Map<string, ServiceAccountMarkView & { login: string }>> {
  const marks = await db.serviceAccountMark.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } });
  const staffIds = [...new Set(marks.map((m) => m.markedById).filter((id): id is string => Boolean(id)))];
  const staff = staffIds.length ? await db.staffUser.findMany({ where: { id: { in: staffIds } } }) : [];
  const names = new Map(staff.map((s) => [s.id, staffDisplayEmail(s) || s.name]));
  return new Map(
    marks.map((m) => [
      m.oktaUserId,
      { purpose: m.purpose, login: m.login, markedAt: m.createdAt.toISOString(), markedBy: m.markedById ? (names.get(m.markedById) ?? null) : null },
    ]),
  );
}

const isStatus = (err: unknown, status: number) => isRec(err) && err.status === status;

export async function readServiceAccounts(okta: OktaGateway, db: Db, tenant: { id: string; mastery: string }): Promise<ServiceAccountsView> {
  const [ctx, byType, wellKnown, marks] = await Promise.all([
    serviceAccountContext(okta, db, tenant.id, { fresh: true }),
    searchUsers(okta, USER_TYPE_SEARCH, MAX_ACCOUNTS, tenant.mastery),
    searchUsers(okta, wellKnownSearch(), 50, tenant.mastery),
    markDetails(db, tenant.id),
  ]);

  // Users already read (with their full profile, for the reasons), by id.
  const known = new Map<string, { summary: UserSummary; raw: unknown }>();
  for (const r of [byType, wellKnown]) for (const s of r.users) known.set(s.id, { summary: s, raw: r.raw.get(s.id) });

  const wanted = new Set<string>([
    ...byType.users.map((u) => u.id),
    ...wellKnown.users.map((u) => u.id),
    ...(ctx.serviceAccountGroupMemberIds ?? []),
    ...(ctx.consolePrincipalId ? [ctx.consolePrincipalId] : []),
    ...marks.keys(),
  ]);
  let truncated = byType.truncated || Boolean(ctx.groupTruncated);
  let ids = [...wanted];
  if (ids.length > MAX_ACCOUNTS) {
    truncated = true;
    ids = ids.slice(0, MAX_ACCOUNTS);
  }

  // 2. the ones no search returned, by id (group members, principal, marks)
  const missingIds = new Set<string>();
  const toFetch = ids.filter((id) => !known.has(id));
  await mapBounded(toFetch, LOOKUP_CONCURRENCY, async (id) => {
    const detail = await getUserDetail(okta, id, tenant.mastery);
    if (!detail) {
      missingIds.add(id);
      return;
    }
    known.set(id, { summary: detail, raw: { id, profile: detail.profile } });
  });

  // Keep the accounts that really are service accounts by the guard's own rule (a well-known search
  // hit named "Deep Smith" is not one).
  const accounts = ids
    .filter((id) => known.has(id))
    .map((id) => {
      const { summary, raw } = known.get(id)!;
      const profile = isRec(raw) && isRec(raw.profile) ? raw.profile : {};
      const reasons = serviceAccountReasons({ id, profile: profile as never }, ctx);
      return { summary, reasons };
    })
    .filter((a) => a.reasons.length > 0);

  // 3. admin roles, bounded
  const roles = await mapBounded(accounts, LOOKUP_CONCURRENCY, async (a) => {
    try {
      const list = await okta.userRoles(a.summary.id);
      return [...new Set(list.map((r) => r.label || r.type))];
    } catch (err) {
      if (isStatus(err, 403) || isStatus(err, 404)) return null;
      throw err;
    }
  });

  const rows: ServiceAccountRow[] = accounts.map((a, i) => {
    const mark = marks.get(a.summary.id);
    return {
      id: a.summary.id,
      login: a.summary.login,
      displayName: a.summary.displayName,
      status: a.summary.status,
      statusLabel: a.summary.statusLabel,
      lastLogin: a.summary.lastLogin,
      adminRoles: roles[i] ?? null,
      reasons: a.reasons,
      purpose: mark?.purpose ?? purposeOf(a.reasons),
      mark: mark ? { purpose: mark.purpose, markedAt: mark.markedAt, markedBy: mark.markedBy } : null,
    };
  });
  for (const id of missingIds) {
    const mark = marks.get(id);
    if (!mark) continue;
    rows.push({
      id,
      login: mark.login,
      displayName: mark.login,
      status: "DELETED",
      statusLabel: "Not in Okta",
      lastLogin: null,
      adminRoles: [],
      reasons: [{ kind: "manual", sentence: `An Administrator marked it as a service account: ${mark.purpose}` }],
      purpose: mark.purpose,
      mark: { purpose: mark.purpose, markedAt: mark.markedAt, markedBy: mark.markedBy },
      missing: true,
    });
  }
  rows.sort((x, y) => x.displayName.localeCompare(y.displayName));
  return { rows, truncated, serviceAccountGroupName: ctx.serviceAccountGroupName ?? null, oauthCredential: okta.credentialType !== "ssws" };
}

function purposeOf(reasons: ServiceAccountReason[]): string {
  const order: ServiceAccountReason["kind"][] = ["console_credential", "well_known", "user_type", "group", "manual"];
  const best = [...reasons].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))[0];
  if (best?.kind === "well_known") {
    // "It is the Deep Link account (the MSP's deep links...)." -> "The MSP's deep links..."
    const known = WELL_KNOWN_SERVICE_ACCOUNTS.find((w) => best.sentence.includes(`the ${w.name} account`));
    if (known) return `${known.purpose.charAt(0).toUpperCase()}${known.purpose.slice(1)}.`;
  }
  return best?.sentence ?? "";
}

export const serviceAccountsPage = tenantAction(
  { name: "serviceAccounts.list", permission: "users.read", input: z.object({}), readOnly: true, auditFields: [] },
  async (ctx): Promise<ServiceAccountsView & { canManage: boolean }> => ({
    ...(await readServiceAccounts(ctx.okta, ctx.db, ctx.tenant)),
    canManage: ctx.can("users.serviceAccounts.manage"),
  }),
);
