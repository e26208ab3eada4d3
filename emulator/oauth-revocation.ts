/**
 * User-wide OAuth token revocation, shared by the Management API (which decides when) and the OIDC
 * provider (which refuses refresh tokens issued before it). Okta revokes a user's refresh tokens when
 * the user is deactivated or suspended, and on "Clear user sessions" with `oauthTokens=true`;
 * reactivating the user later does not bring them back. Kept here, not in emulator/oidc, so the API
 * keeps working without the OIDC module.
 */
import type { OrgState } from "./model.ts";

const revokedAt = new WeakMap<OrgState, Map<string, number>>();

/** Every OAuth token issued to the user until now stops working. */
export function revokeUserOAuthTokens(org: OrgState, userId: string, at = Date.now()): void {
  let m = revokedAt.get(org);
  if (!m) revokedAt.set(org, (m = new Map()));
  m.set(userId, at);
}

/** True when a token issued to the user at `issuedAt` (ms) has been revoked user-wide since. */
export function revokedSince(org: OrgState, userId: string, issuedAt: number): boolean {
  const at = revokedAt.get(org)?.get(userId);
  return at !== undefined && issuedAt <= at;
}
