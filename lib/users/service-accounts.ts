// Service accounts and privileged targets: which users the console treats as non-human or as Okta
// admins, and what that means for an action on them. Pure functions over data read from Okta (and,
// later, the console's own manual marks); browser-safe, so the UI explains missing buttons with the
// same words the server refuses with.
import { ROLE_LABELS, rolesAllow, rolesAllowOnPrivilegedTarget, type Permission, type Role } from "@/lib/rbac/permissions";

export interface UserLike {
  id: string;
  profile?: {
    login?: string | null;
    email?: string | null;
    firstName?: string | null;
    lastName?: string | null;
    displayName?: string | null;
    userType?: string | null;
  } | null;
}

export interface ServiceAccountContext {
  /** Members of the org's service-account group (read from Okta once per page). */
  serviceAccountGroupMemberIds?: ReadonlySet<string>;
  /** Name of that group, for the sentence. */
  serviceAccountGroupName?: string;
  /** The Okta user behind the console's own credential for this org (SSWS token owner), when known. */
  consolePrincipalId?: string | null;
  /** Accounts an Administrator marked in the console (kept in the console database), by user id. */
  manualMarks?: ReadonlyMap<string, { purpose?: string | null }>;
}

export type ServiceAccountReasonKind = "user_type" | "group" | "console_credential" | "well_known" | "manual";

export interface ServiceAccountReason {
  kind: ServiceAccountReasonKind;
  sentence: string;
}

/** Accounts MSPs and Okta's own agents run under, recognised by name or login. */
export const WELL_KNOWN_SERVICE_ACCOUNTS: ReadonlyArray<{ name: string; purpose: string; names: readonly string[]; logins: readonly string[] }> = [
  { name: "MSP-Okta Integration", purpose: "the MSP's API integration", names: ["mspoktaintegration"], logins: ["mspoktaintegration", "mspintegration"] },
  { name: "Deep Link", purpose: "the MSP's deep links into the Okta Admin Console", names: ["deeplink"], logins: ["deeplink", "mspdeeplink"] },
  { name: "OktaADAgent", purpose: "the Okta Active Directory agent", names: ["oktaadagent"], logins: ["oktaadagent"] },
  { name: "OktaRADIUS", purpose: "the Okta RADIUS server agent", names: ["oktaradius"], logins: ["oktaradius"] },
];

/** Group names that mean "the org's service accounts" when no group is configured explicitly. */
export function isServiceAccountGroupName(name: string | null | undefined): boolean {
  return typeof name === "string" && /^service[ _-]?accounts?$/i.test(name.trim());
}

/** Lower case, letters and digits only: "MSP-Okta Integration" -> "mspoktaintegration". */
const squash = (s: string | null | undefined) => (s ?? "").toLowerCase().replace(/[^a-z0-9]/g, "");

function wellKnownMatch(user: UserLike): (typeof WELL_KNOWN_SERVICE_ACCOUNTS)[number] | undefined {
  const p = user.profile ?? {};
  const names = new Set([squash(p.displayName), squash(`${p.firstName ?? ""}${p.lastName ?? ""}`), squash(p.firstName)].filter(Boolean));
  const loginLocal = squash((p.login ?? "").split("@")[0]);
  return WELL_KNOWN_SERVICE_ACCOUNTS.find((w) => w.names.some((n) => names.has(n)) || (loginLocal !== "" && w.logins.includes(loginLocal)));
}

/** Every reason the console has to treat `user` as a service account (empty: a person). */
export function serviceAccountReasons(user: UserLike, ctx: ServiceAccountContext = {}): ServiceAccountReason[] {
  const reasons: ServiceAccountReason[] = [];
  const p = user.profile ?? {};
  if (squash(p.userType) === "serviceaccount") {
    reasons.push({ kind: "user_type", sentence: `Okta marks it as a service account (user type "${p.userType}").` });
  }
  if (ctx.serviceAccountGroupMemberIds?.has(user.id)) {
    reasons.push({ kind: "group", sentence: `It is a member of the org's service-account group${ctx.serviceAccountGroupName ? ` (${ctx.serviceAccountGroupName})` : ""}.` });
  }
  if (ctx.consolePrincipalId && ctx.consolePrincipalId === user.id) {
    reasons.push({ kind: "console_credential", sentence: "The console's own API credential for this org belongs to it." });
  }
  const known = wellKnownMatch(user);
  if (known) reasons.push({ kind: "well_known", sentence: `It is the ${known.name} account (${known.purpose}).` });
  const mark = ctx.manualMarks?.get(user.id);
  if (mark) {
    const purpose = mark.purpose?.trim();
    reasons.push({ kind: "manual", sentence: `An Administrator marked it as a service account${purpose ? `: ${purpose}` : ""}.` });
  }
  return reasons;
}

export function isServiceAccount(user: UserLike, ctx: ServiceAccountContext = {}): boolean {
  return serviceAccountReasons(user, ctx).length > 0;
}

// ---------------------------------------------------------------------------------------------------
// Privileged targets

export interface AdminRoleLike {
  type: string;
  label?: string;
}

export interface PrivilegeAssessment {
  /** Holds an Okta admin role or is a service account. */
  privileged: boolean;
  oktaAdmin: boolean;
  serviceAccount: boolean;
  /** Role labels ("Super Administrator"), for the marker's tooltip. */
  adminRoles: string[];
  serviceAccountReasons: ServiceAccountReason[];
}

const ROLE_TYPE_LABELS: Record<string, string> = {
  SUPER_ADMIN: "Super Administrator",
  ORG_ADMIN: "Organization Administrator",
  APP_ADMIN: "Application Administrator",
  USER_ADMIN: "Group Administrator",
  GROUP_MEMBERSHIP_ADMIN: "Group Membership Administrator",
  HELP_DESK_ADMIN: "Help Desk Administrator",
  READ_ONLY_ADMIN: "Read-only Administrator",
  MOBILE_ADMIN: "Mobile Administrator",
  API_ACCESS_MANAGEMENT_ADMIN: "API Access Management Administrator",
  REPORT_ADMIN: "Report Administrator",
  API_ADMIN: "API Administrator",
  ACCESS_CERTIFICATIONS_ADMIN: "Access Certifications Administrator",
  ACCESS_REQUESTS_ADMIN: "Access Requests Administrator",
};

/**
 * Whether acting on `user` is acting on a privileged target. Any admin role assignment counts,
 * read-only ones and custom ones included: the console errs towards protecting admins.
 */
export function assessPrivilege(user: UserLike, adminRoles: readonly AdminRoleLike[], ctx: ServiceAccountContext = {}): PrivilegeAssessment {
  const reasons = serviceAccountReasons(user, ctx);
  const labels = [...new Set(adminRoles.map((r) => r.label || ROLE_TYPE_LABELS[r.type] || r.type))];
  return {
    privileged: labels.length > 0 || reasons.length > 0,
    oktaAdmin: labels.length > 0,
    serviceAccount: reasons.length > 0,
    adminRoles: labels,
    serviceAccountReasons: reasons,
  };
}

export type TargetDecision =
  | { kind: "allowed" }
  | { kind: "refused"; reason: string }
  /** Refused, but an Administrator may go ahead with a Ticket ID and the account's login typed. */
  | { kind: "override"; reason: string; confirmLogin: string };

const roleList = (roles: readonly Role[]) => roles.map((r) => ROLE_LABELS[r]).join(", ") || "none";

/**
 * Whether staff holding `roles` may run an action needing `permission` on the assessed user:
 *  - a service account is refused for every role; roles holding users.serviceAccounts.override
 *    (Administrator) may override (ticket + login);
 *  - an Okta admin is refused for roles without the permission's privileged-target grant (Help Desk);
 *  - everyone else: the permission decides.
 */
export function targetDecision(permission: Permission, roles: readonly Role[], target: { login: string; assessment: PrivilegeAssessment }): TargetDecision {
  if (!rolesAllow(roles, permission)) return { kind: "refused", reason: `Your role in this org (${roleList(roles)}) does not allow this.` };
  const a = target.assessment;
  if (a.serviceAccount) {
    const why = a.serviceAccountReasons[0]?.sentence ?? "";
    const reason = `${target.login} is a service account: the console refuses changes to it for every role. ${why}`.trim();
    // The permission table decides who may override (users.serviceAccounts.override), not a role name.
    if (rolesAllow(roles, "users.serviceAccounts.override")) {
      return { kind: "override", reason: `${reason} You may override with a Ticket ID by typing its login.`, confirmLogin: target.login };
    }
    return { kind: "refused", reason };
  }
  if (a.oktaAdmin && !rolesAllowOnPrivilegedTarget(roles, permission)) {
    return {
      kind: "refused",
      reason: `${target.login} holds an Okta admin role (${a.adminRoles.join(", ")}); your role in this org (${roleList(roles)}) does not act on Okta admins.`,
    };
  }
  return { kind: "allowed" };
}

/** The override's typed confirmation: the account's login, ignoring case and surrounding spaces (Okta logins are case-insensitive). */
export function overrideConfirmed(decision: TargetDecision, typedLogin: string): boolean {
  return decision.kind === "override" && typedLogin.trim().toLowerCase() === decision.confirmLogin.trim().toLowerCase() && typedLogin.trim() !== "";
}
