// The System Log event types a technician asks for by name, mapped to Okta's eventType values (Okta's
// event type catalogue: developer.okta.com/docs/reference/api/event-types), and the quick views.
// Each entry is a filter clause in Okta's System Log `filter` syntax. Browser-safe.
import { quoteSearchValue } from "@/lib/users/search";
import type { QuickViewKey } from "./href";

export interface EventTypeEntry {
  key: string;
  label: string;
  /** The Okta eventType values (exact) this entry stands for. */
  types?: readonly string[];
  /** eventType prefixes (Okta's `sw`), for families such as user.lifecycle.* */
  prefixes?: readonly string[];
  /** An outcome the entry implies (a failed sign-in is a sign-in with outcome FAILURE). */
  outcome?: "FAILURE" | "SUCCESS";
  group: string;
}

const SIGN_IN_TYPES = ["user.session.start", "user.authentication.sso", "user.authentication.auth_via_mfa", "user.authentication.verify"] as const;

export const EVENT_TYPES: readonly EventTypeEntry[] = [
  { key: "sign-in", label: "Sign-in", types: ["user.session.start"], group: "Sign-in" },
  { key: "sign-in-failure", label: "Sign-in failure", types: SIGN_IN_TYPES, outcome: "FAILURE", group: "Sign-in" },
  { key: "app-sign-in", label: "App sign-in (SSO)", types: ["user.authentication.sso"], group: "Sign-in" },
  { key: "sign-out", label: "Sign-out", types: ["user.session.end"], group: "Sign-in" },
  { key: "sessions-cleared", label: "Sessions cleared", types: ["user.session.clear"], group: "Sign-in" },
  { key: "lockout", label: "Lockout", types: ["user.account.lock", "user.account.lock.limit"], group: "Account" },
  { key: "unlock", label: "Unlock", types: ["user.account.unlock", "user.account.unlock_by_admin"], group: "Account" },
  { key: "password-reset", label: "Password reset", types: ["user.account.reset_password"], group: "Account" },
  { key: "password-change", label: "Password change", types: ["user.account.update_password"], group: "Account" },
  { key: "password-expire", label: "Password expired", types: ["user.account.expire_password"], group: "Account" },
  { key: "profile-update", label: "Profile update", types: ["user.account.update_profile"], group: "Account" },
  { key: "mfa-enroll", label: "MFA enroll", types: ["user.mfa.factor.activate"], group: "MFA" },
  { key: "mfa-reset", label: "MFA reset", types: ["user.mfa.factor.deactivate", "user.mfa.factor.reset_all"], group: "MFA" },
  { key: "mfa-verify", label: "MFA verify", types: ["user.authentication.auth_via_mfa"], group: "MFA" },
  { key: "user-lifecycle", label: "User lifecycle", prefixes: ["user.lifecycle."], group: "Lifecycle" },
  { key: "user-create", label: "User created", types: ["user.lifecycle.create"], group: "Lifecycle" },
  { key: "user-deactivate", label: "User deactivated", types: ["user.lifecycle.deactivate"], group: "Lifecycle" },
  { key: "user-suspend", label: "User suspended or unsuspended", types: ["user.lifecycle.suspend", "user.lifecycle.unsuspend"], group: "Lifecycle" },
  { key: "group-membership", label: "Group membership", types: ["group.user_membership.add", "group.user_membership.remove"], group: "Access" },
  { key: "app-assignment", label: "App assignment", types: ["application.user_membership.add", "application.user_membership.remove"], group: "Access" },
  { key: "group-rule", label: "Group rule change", prefixes: ["group.rule."], group: "Access" },
  {
    key: "admin-privilege",
    label: "Admin role change",
    types: ["user.account.privilege.grant", "user.account.privilege.revoke", "group.privilege.grant", "group.privilege.revoke"],
    group: "Admin",
  },
  { key: "policy-change", label: "Policy change", prefixes: ["policy.lifecycle.", "policy.rule."], group: "Admin" },
  { key: "app-lifecycle", label: "App change", prefixes: ["application.lifecycle."], group: "Admin" },
  { key: "api-token", label: "API token change", prefixes: ["system.api_token."], group: "Admin" },
];

const BY_KEY = new Map(EVENT_TYPES.map((e) => [e.key, e]));

export function eventTypeEntry(key: string | undefined): EventTypeEntry | undefined {
  return key ? BY_KEY.get(key) : undefined;
}

/** A raw Okta eventType: dotted lower-case words, e.g. user.account.unlock. */
export const RAW_EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+){1,8}$/;

/** "a or b" parenthesised when it has more than one part. */
export function anyOf(clauses: readonly string[]): string {
  if (clauses.length === 1) return clauses[0]!;
  return `(${clauses.join(" or ")})`;
}

/** The filter clause of a catalogue entry. */
export function eventTypeClause(entry: Pick<EventTypeEntry, "types" | "prefixes" | "outcome">): string {
  const parts = [
    ...(entry.types ?? []).map((t) => `eventType eq ${quoteSearchValue(t)}`),
    ...(entry.prefixes ?? []).map((p) => `eventType sw ${quoteSearchValue(p)}`),
  ];
  const types = anyOf(parts);
  return entry.outcome ? `${types} and outcome.result eq ${quoteSearchValue(entry.outcome)}` : types;
}

/** The marker every Okta call of this console leaves in the event's User-Agent (lib/okta/attribution.ts). */
export const CONSOLE_USER_AGENT_MARK = "okta-msp-console/";

export interface QuickView {
  key: QuickViewKey;
  label: string;
  description: string;
  /** The filter clause; service accounts are resolved on the server per org (null here). */
  clause: string | null;
}

export const QUICK_VIEWS: readonly QuickView[] = [
  { key: "failed-sign-ins", label: "Failed sign-ins", description: "Sign-ins and MFA checks that failed", clause: eventTypeClause(BY_KEY.get("sign-in-failure")!) },
  { key: "lockouts", label: "Lockouts", description: "Accounts locked after too many attempts", clause: eventTypeClause(BY_KEY.get("lockout")!) },
  {
    key: "mfa",
    label: "MFA changes",
    description: "Factors enrolled, reset or removed",
    clause: anyOf([`eventType sw ${quoteSearchValue("user.mfa.factor.")}`]),
  },
  {
    key: "admin",
    label: "Admin actions",
    description: "Admin roles, policies, apps and API tokens changed",
    clause: anyOf([
      ...["user.account.privilege.", "group.privilege.", "policy.lifecycle.", "policy.rule.", "application.lifecycle.", "system.api_token.", "group.rule."].map(
        (p) => `eventType sw ${quoteSearchValue(p)}`,
      ),
    ]),
  },
  { key: "service-accounts", label: "Service accounts only", description: "Events caused by this org's service accounts", clause: null },
  {
    key: "console",
    label: "Done through this console",
    description: "Events caused by this console's technicians",
    clause: `client.userAgent.rawUserAgent co ${quoteSearchValue(CONSOLE_USER_AGENT_MARK)}`,
  },
];

export function quickView(key: string | undefined): QuickView | undefined {
  return QUICK_VIEWS.find((v) => v.key === key);
}

/** A label for an eventType value (the catalogue's name when one entry is exactly that type). */
export function eventTypeLabel(eventType: string): string | null {
  for (const e of EVENT_TYPES) if (e.types?.length === 1 && e.types[0] === eventType && !e.outcome) return e.label;
  return null;
}
