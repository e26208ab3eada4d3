import "server-only";
import { appendAudit } from "@/lib/audit";
import type { Db } from "@/lib/db";
import { syncOidcTeamMemberships } from "@/lib/rbac/oidc-teams";
import { requestMeta, type RequestMeta } from "@/lib/request/context";
import { staffDisplayEmail } from "@/lib/staff/display";
import type { IdentityRefresher } from "./oidc-refresh";
import { openIdentity, sealIdentity, type SealedIdentity } from "./refresh-token";

/**
 * Sessions follow the MSP's Okta: every IDENTITY_RECHECK_MINUTES a session that holds a refresh token
 * refreshes it at the MSP's token endpoint.
 * - Okta refuses (invalid_grant: deactivated, suspended, token revoked or expired): the session ends.
 * - Okta renews: the groups of the new ID token replace the stored ones and OIDC-bound teams are
 *   re-synced at once (a removed group drops its team); the (possibly rotated) refresh token is kept.
 * - Okta cannot be reached: the session is kept and retried every RETRY_MS, for at most
 *   UNREACHABLE_GRACE_MS past the due re-check; then it ends. The absolute limit (expiresAt) is checked
 *   before all this, so the grace never outlives it.
 * Sessions without a refresh token (the issuer does not offer offline_access) are not re-checked.
 */
export const UNREACHABLE_GRACE_MS = 60 * 60_000;
export const RETRY_MS = 60_000;

export interface IdentityRecheck {
  recheckMinutes: number;
  /** OKTA_ISSUER: bound into the refresh token's encryption. */
  issuer: string;
  refresher: IdentityRefresher;
}

export type RecheckResult =
  | { ok: true; groups: string[] | null }
  | { ok: false; reason: "identity_refused" | "identity_unconfirmed" };

interface SessionRow {
  id: string;
  createdAt: Date;
  identityCheckedAt: Date | null;
  refreshTokenCiphertext: string | null;
  staff: { id: string; subject: string | null; email: string | null; unverifiedEmail: string | null };
}

const ENDINGS = {
  okta_refused: "The MSP's Okta refused to renew the sign-in (staff member deactivated or suspended, or the token was revoked or expired)",
  subject_mismatch: "The MSP's Okta renewed the sign-in for a different identity",
  refresh_token_unreadable: "The session's refresh token could not be decrypted (encryption key or OKTA_ISSUER changed)",
  okta_unreachable: "The MSP's Okta could not be reached to re-check the staff member within the grace period",
} as const;
type Ending = keyof typeof ENDINGS;

async function endSession(db: Db, row: SessionRow, ending: Ending, now: Date, detail?: string): Promise<void> {
  const ended = await db.staffSession.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt: now, refreshTokenCiphertext: null } });
  if (ended.count === 0) return;
  let meta: RequestMeta = { ip: null, userAgent: null };
  try {
    meta = await requestMeta();
  } catch {
    // Outside a request scope (tests, scripts): no IP or user agent.
  }
  const email = staffDisplayEmail(row.staff);
  try {
    await appendAudit(db, {
      staffId: row.staff.id,
      staffEmail: email,
      action: "staff.session.ended",
      target: { type: "staff", id: row.staff.id, name: email },
      outcome: "denied",
      errorCode: ending,
      errorSummary: detail ? `${ENDINGS[ending]}: ${detail}` : ENDINGS[ending],
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
  } catch (err) {
    // The session is ended either way; a failing audit write must not keep it alive.
    console.error(`[audit] could not record staff.session.ended: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Re-checks the session's identity when due. Call after the revocation, expiry and idle checks. */
export async function recheckIdentity(db: Db, row: SessionRow, config: IdentityRecheck, now: Date): Promise<RecheckResult> {
  if (!row.refreshTokenCiphertext) return { ok: true, groups: null };
  const intervalMs = config.recheckMinutes * 60_000;
  const checkedAt = row.identityCheckedAt ?? row.createdAt;
  if (now.getTime() - checkedAt.getTime() < intervalMs) return { ok: true, groups: null };

  // The claim: only the request whose conditional update moves identityCheckedAt refreshes; concurrent
  // requests (other tabs, other console instances) see a fresh time and go on with the current state.
  const claim = await db.staffSession.updateMany({
    where: { id: row.id, revokedAt: null, identityCheckedAt: row.identityCheckedAt },
    data: { identityCheckedAt: now },
  });
  if (claim.count === 0) return { ok: true, groups: null };

  let sealed: SealedIdentity;
  try {
    sealed = openIdentity(row.id, config.issuer, row.refreshTokenCiphertext);
  } catch {
    await endSession(db, row, "refresh_token_unreadable", now);
    return { ok: false, reason: "identity_refused" };
  }

  const outcome = await config.refresher.refresh(sealed.refreshToken);
  if (outcome.kind === "refused") {
    await endSession(db, row, "okta_refused", now, outcome.error);
    return { ok: false, reason: "identity_refused" };
  }
  if (outcome.kind === "unavailable") {
    if (now.getTime() - sealed.confirmedAt > intervalMs + UNREACHABLE_GRACE_MS) {
      await endSession(db, row, "okta_unreachable", now, outcome.detail);
      return { ok: false, reason: "identity_unconfirmed" };
    }
    console.warn(`[auth] could not re-check a staff session with the MSP's Okta (kept, retrying in a minute): ${outcome.detail}`);
    // Due again in RETRY_MS (not a whole interval), still only for whoever claims it.
    await db.staffSession.updateMany({ where: { id: row.id, identityCheckedAt: now }, data: { identityCheckedAt: new Date(now.getTime() - intervalMs + RETRY_MS) } });
    return { ok: true, groups: null };
  }
  if (outcome.subject !== null && outcome.subject !== row.staff.subject) {
    await endSession(db, row, "subject_mismatch", now);
    return { ok: false, reason: "identity_refused" };
  }

  await db.staffSession.updateMany({
    where: { id: row.id, revokedAt: null },
    data: { identityCheckedAt: now, refreshTokenCiphertext: sealIdentity(row.id, config.issuer, { refreshToken: outcome.refreshToken, confirmedAt: now.getTime() }) },
  });
  if (outcome.groups) {
    await db.staffUser.update({ where: { id: row.staff.id }, data: { oidcGroups: JSON.stringify(outcome.groups) } });
    await syncOidcTeamMemberships(db, row.staff.id, outcome.groups);
  }
  return { ok: true, groups: outcome.groups };
}
