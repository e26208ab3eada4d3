import "server-only";
import type { Db } from "@/lib/db";
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
 * - An unknown subject may claim a staff row by email only when that row has never signed in
 *   (pre-added by an administrator) and the email is verified; a row that already belongs to another
 *   subject is never taken over (Okta emails are not unique and are often user-editable).
 * - BOOTSTRAP_ADMINS become Administrators when their row is created or first claimed, never again:
 *   removing a bootstrap admin's grant sticks.
 * - Team memberships bound to the `groups` claim are synced. Disabled staff are refused.
 */
export async function recordStaffSignIn(db: Db, identity: OidcIdentity, bootstrapAdmins: readonly string[]): Promise<SignInResult> {
  const email = identity.email.toLowerCase();
  const bySubject = await db.staffUser.findUnique({ where: { subject: identity.subject } });
  let existing = bySubject;
  let firstSignIn = false;
  if (!existing) {
    const byEmail = await db.staffUser.findUnique({ where: { email } });
    if (byEmail) {
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
    // The email of a known subject is refreshed only when no other row holds it.
    const emailFree = existing.email === email || !(await db.staffUser.findUnique({ where: { email } }));
    staff = await db.staffUser.update({
      where: { id: existing.id },
      data: { ...profile, subject: identity.subject, ...(emailFree ? { email } : {}) },
    });
  } else {
    staff = await db.staffUser.create({ data: { ...profile, subject: identity.subject, email } });
  }

  if (firstSignIn && identity.emailVerified && bootstrapAdmins.includes(email)) {
    const hasAdmin = await db.staffGrant.findFirst({ where: { staffId: staff.id, role: "admin", tenantId: null } });
    if (!hasAdmin) await db.staffGrant.create({ data: { staffId: staff.id, role: "admin", tenantId: null } });
  }
  await syncOidcTeamMemberships(db, staff.id, identity.groups);
  return { ok: true, staffId: staff.id };
}
