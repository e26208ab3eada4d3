import "server-only";
import type { Db } from "@/lib/db";
import { syncOidcTeamMemberships } from "@/lib/rbac/oidc-teams";

export interface OidcIdentity {
  subject: string;
  email: string;
  name: string;
  groups: string[];
}

export type SignInResult = { ok: true; staffId: string } | { ok: false; reason: "disabled" };

/**
 * Records a successful OIDC sign-in: creates or updates the staff member (matched by subject, else by
 * email for members an administrator added before their first sign-in), applies BOOTSTRAP_ADMINS and
 * syncs team memberships bound to the `groups` claim. Disabled staff are refused.
 */
export async function recordStaffSignIn(db: Db, identity: OidcIdentity, bootstrapAdmins: readonly string[]): Promise<SignInResult> {
  const email = identity.email.toLowerCase();
  const existing =
    (await db.staffUser.findUnique({ where: { subject: identity.subject } })) ??
    (await db.staffUser.findUnique({ where: { email } }));
  if (existing?.status === "disabled") return { ok: false, reason: "disabled" };

  const data = {
    subject: identity.subject,
    email,
    name: identity.name || email,
    oidcGroups: JSON.stringify(identity.groups),
    lastSignInAt: new Date(),
  };
  const staff = existing
    ? await db.staffUser.update({ where: { id: existing.id }, data })
    : await db.staffUser.create({ data });

  if (bootstrapAdmins.includes(email)) {
    const hasAdmin = await db.staffGrant.findFirst({ where: { staffId: staff.id, role: "admin", tenantId: null } });
    if (!hasAdmin) await db.staffGrant.create({ data: { staffId: staff.id, role: "admin", tenantId: null } });
  }
  await syncOidcTeamMemberships(db, staff.id, identity.groups);
  return { ok: true, staffId: staff.id };
}
