/**
 * Scopes and custom claims of the default custom authorization server, as configured on the org
 * (`OrgState.authServer`). Okta's custom authorization servers know the built-in OIDC scopes only;
 * `groups` is NOT one of them (it is built into the org authorization server, not a custom one): an
 * admin has to create it as a custom scope, and group names reach tokens through a configured claim
 * (value type Groups + a name filter). A request for any other scope is refused with `invalid_scope`.
 */
import type { AuthServerClaim, GroupFilterType, OrgState } from "../model.ts";

/** The scopes every custom authorization server has (Okta's system scopes for OIDC). */
export const BUILT_IN_SCOPES: readonly string[] = ["openid", "profile", "email", "address", "phone", "offline_access"];

/** Built-in scopes plus the org's custom ones. */
export function supportedScopes(org: OrgState): string[] {
  return [...BUILT_IN_SCOPES, ...(org.authServer?.scopes ?? []).filter((s) => !BUILT_IN_SCOPES.includes(s))];
}

export function customClaimNames(org: OrgState): string[] {
  return (org.authServer?.claims ?? []).map((c) => c.name);
}

/**
 * Okta's group filters ("Starts with", "Equals", "Contains", "Matches regex"). The regex must match the
 * whole name (Okta's examples use `.*` for every group). Case sensitivity is not documented; the
 * emulator compares case-sensitively. An invalid regex matches nothing (Okta refuses to save one).
 */
export function groupFilterMatches(filter: { type: GroupFilterType; value: string }, name: string): boolean {
  switch (filter.type) {
    case "STARTS_WITH":
      return name.startsWith(filter.value);
    case "EQUALS":
      return name === filter.value;
    case "CONTAINS":
      return name.includes(filter.value);
    case "REGEX":
      try {
        return new RegExp(`^(?:${filter.value})$`, "u").test(name);
      } catch {
        return false;
      }
  }
}

/**
 * The names of the user's groups that pass the filter, sorted. Only Okta-sourced groups (OKTA_GROUP and
 * the BUILT_IN Everyone): Okta's groups filter does not see app groups (AD, LDAP...), for which its
 * guide says to use an expression claim instead. Okta fails the token request when more than 100 groups
 * match; the emulator does not model that limit.
 */
export function groupClaimValue(org: OrgState, userId: string, filter: AuthServerClaim["filter"]): string[] {
  const names: string[] = [];
  for (const [groupId, members] of org.memberships) {
    if (!members.has(userId)) continue;
    const g = org.groups.get(groupId);
    if (!g || g.type === "APP_GROUP") continue;
    if (groupFilterMatches(filter, g.profile.name)) names.push(g.profile.name);
  }
  return names.sort((a, b) => a.localeCompare(b));
}

/** A claim restricted to scopes ("Include in: The following scopes") applies when one of them was granted. */
export function claimApplies(claim: AuthServerClaim, scopes: readonly string[]): boolean {
  return !claim.scopes || claim.scopes.length === 0 || claim.scopes.some((s) => scopes.includes(s));
}

/**
 * The custom claims for one token or response:
 * - `id_token` (authorization code / refresh flows): IDENTITY claims set to "Always";
 * - `userinfo`: every IDENTITY claim;
 * - `access_token`: RESOURCE claims.
 */
export function customClaims(org: OrgState, userId: string, scopes: readonly string[], where: "id_token" | "userinfo" | "access_token"): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const claim of org.authServer?.claims ?? []) {
    const type = claim.claimType ?? "IDENTITY";
    if (where === "access_token" ? type !== "RESOURCE" : type !== "IDENTITY") continue;
    if (where === "id_token" && !claim.alwaysIncludeInToken) continue;
    if (!claimApplies(claim, scopes)) continue;
    out[claim.name] = groupClaimValue(org, userId, claim.filter);
  }
  return out;
}
