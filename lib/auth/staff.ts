import "server-only";
import type { Db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { syncOidcTeamMemberships } from "@/lib/rbac/oidc-teams";

export interface OidcIdentity {
  subject: string;
  email: string;
  /** The ID token's `email_verified`; only a verified email may link to a pre-added staff row. */
  emailVerified: boolean;
  name: string;
  groups: string[];
}

export type SignInResult =
  | { ok: true; staffId: string }
  | { ok: false; reason: "disabled" | "identity_conflict" | "unverified_email" };

/**
 * Records a successful OIDC sign-in.
 * - A known subject (`sub`) signs in as its own staff row, whatever its email says today.
 * - Only an email Okta verified (`email_verified`) may occupy the unique `email` column; an unverified
 *   one is kept in `unverifiedEmail` for display and never links, claims or blocks anything.
 * - An unknown subject may claim a staff row by email only when that row has never signed in
 *   (pre-added by an administrator) and the email is verified; a row that already belongs to another
 *   subject is never taken over (Okta emails are not unique and are often user-editable).
 * - BOOTSTRAP_ADMINS become Administrators when their row is created or first claimed, never again:
 *   removing a bootstrap admin's grant sticks.
 * - Team memberships bound to the `groups` claim are synced. Disabled staff are refused.
 */
export async function recordStaffSignIn(db: Db, identity: OidcIdentity, bootstrapAdmins: readonly string[]): Promise<SignInResult> {
  try {
    return await recordStaffSignInOnce(db, identity, bootstrapAdmins);
  } catch (err) {
    // Two first sign-ins of the same person at once (two tabs, two instances): both saw no row and
    // the second create hit the unique subject or email. Once more, the row the winner made is found.
    if (!isUniqueViolation(err)) throw err;
    return recordStaffSignInOnce(db, identity, bootstrapAdmins);
  }
}

async function recordStaffSignInOnce(db: Db, identity: OidcIdentity, bootstrapAdmins: readonly string[]): Promise<SignInResult> {
  const email = identity.email.toLowerCase();
  const bySubject = await db.staffUser.findUnique({ where: { subject: identity.subject } });
  let existing = bySubject;
  let firstSignIn = false;
  if (!existing) {
    const byEmail = email ? await db.staffUser.findUnique({ where: { email } }) : null;
    if (byEmail) {
      // Refused rather than creating a second row that shows the same address as someone else's.
      if (byEmail.subject !== null) return { ok: false, reason: "identity_conflict" };
      if (!identity.emailVerified) return { ok: false, reason: "unverified_email" };
      existing = byEmail;
    }
    firstSignIn = true;
  }
  if (existing?.status === "disabled") return { ok: false, reason: "disabled" };

  const profile = { name: identity.name || email, oidcGroups: JSON.stringify(identity.groups), lastSignInAt: new Date() };
  let staff;
  if (existing) {
    staff = await db.staffUser.update({
      where: { id: existing.id },
      data: { ...profile, subject: identity.subject, ...(await emailColumns(db, existing, email, identity.emailVerified)) },
    });
  } else {
    const verifiedFree = identity.emailVerified && email !== "";
    staff = await db.staffUser.create({
      data: { ...profile, subject: identity.subject, email: verifiedFree ? email : null, unverifiedEmail: verifiedFree ? null : email || null },
    });
  }

  if (firstSignIn && identity.emailVerified && bootstrapAdmins.includes(email)) {
    const hasAdmin = await db.staffGrant.findFirst({ where: { staffId: staff.id, role: "admin", tenantId: null } });
    if (!hasAdmin) await db.staffGrant.create({ data: { staffId: staff.id, role: "admin", tenantId: null } });
  }
  await syncOidcTeamMemberships(db, staff.id, identity.groups);
  return { ok: true, staffId: staff.id };
}

/**
 * The email columns for a known row after a sign-in.
 * - Verified and held by no other row: it becomes `email` (the unverified copy is cleared).
 * - Verified but held by another row: left as it was (never taken from someone else).
 * - Unverified: kept in `unverifiedEmail` only. The row keeps `email` when it is that same address (an
 *   Administrator entered it, or Okta verified it earlier); an address Okta no longer reports is released.
 */
async function emailColumns(db: Db, row: { id: string; email: string | null }, email: string, verified: boolean): Promise<{ email?: string | null; unverifiedEmail?: string | null }> {
  if (!email) return {};
  if (verified) {
    if (row.email === email) return { unverifiedEmail: null };
    const holder = await db.staffUser.findUnique({ where: { email }, select: { id: true } });
    return holder ? {} : { email, unverifiedEmail: null };
  }
  if (row.email === email) return { unverifiedEmail: null };
  return { email: null, unverifiedEmail: email };
}
