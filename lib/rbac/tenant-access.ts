import "server-only";
import type { Db } from "@/lib/db/client";
import type { Role } from "./permissions";
import { effectiveAccess, type StaffAccess } from "./grants";

type TenantRow = NonNullable<Awaited<ReturnType<Db["tenant"]["findUnique"]>>>;

export type TenantAccess =
  | { ok: true; tenant: TenantRow; access: StaffAccess; roles: Set<Role> }
  | { ok: false; tenant: TenantRow | null; access: StaffAccess; reason: "Unknown org" | "Archived org" | "No grant in this org" };

/**
 * Resolves a tenant from its URL slug for one staff member. Unknown, archived and not-granted orgs
 * are all "not visible" (callers answer them identically, as an unknown org); `reason` is for audit.
 * Shared by the action wrapper and the tenant pages so both decide exactly alike.
 */
export async function resolveTenantAccess(db: Db, staffId: string, slug: unknown, knownAccess?: Promise<StaffAccess>): Promise<TenantAccess> {
  const validSlug = typeof slug === "string" && slug.length > 0 && slug.length <= 100;
  const [row, access] = await Promise.all([
    validSlug ? db.tenant.findUnique({ where: { slug } }) : Promise.resolve(null),
    // Pages pass the request's cached access (the shell resolves it too); the wrapper resolves afresh.
    knownAccess ?? effectiveAccess(db, staffId),
  ]);
  if (!row) return { ok: false, tenant: null, access, reason: "Unknown org" };
  if (row.archivedAt) return { ok: false, tenant: row, access, reason: "Archived org" };
  const roles = access.rolesFor(row.id);
  if (roles.size === 0) return { ok: false, tenant: row, access, reason: "No grant in this org" };
  return { ok: true, tenant: row, access, roles };
}
