import "server-only";
import type { Db } from "@/lib/db/client";
import type { Role } from "./permissions";
import { effectiveAccess, type StaffAccess } from "./grants";

export type TenantRow = NonNullable<Awaited<ReturnType<Db["tenant"]["findUnique"]>>>;
/** The org row for a slug as this request already read it (lib/rbac/current-access.ts tenantBySlug). */
export type TenantLookup = (slug: string) => Promise<TenantRow | null>;

export type TenantAccess =
  | { ok: true; tenant: TenantRow; access: StaffAccess; roles: Set<Role> }
  | { ok: false; tenant: TenantRow | null; access: StaffAccess; reason: "Unknown org" | "Archived org" | "No grant in this org" };

/**
 * Resolves a tenant from its URL slug for one staff member. Unknown, archived and not-granted orgs
 * are all "not visible" (callers answer them identically, as an unknown org); `reason` is for audit.
 * Shared by the action wrapper and the tenant pages so both decide exactly alike.
 */
export async function resolveTenantAccess(
  db: Db,
  staffId: string,
  slug: unknown,
  knownAccess?: Promise<StaffAccess>,
  knownTenant?: TenantLookup,
): Promise<TenantAccess> {
  const validSlug = typeof slug === "string" && slug.length > 0 && slug.length <= 100;
  const [row, access] = await Promise.all([
    // Pages and their read actions share the request's one read of the org row (never across requests).
    validSlug ? (knownTenant ? knownTenant(slug) : db.tenant.findUnique({ where: { slug } })) : Promise.resolve(null),
    // Pages pass the request's cached access (the shell resolves it too); the wrapper resolves afresh.
    knownAccess ?? effectiveAccess(db, staffId),
  ]);
  if (!row) return { ok: false, tenant: null, access, reason: "Unknown org" };
  if (row.archivedAt) return { ok: false, tenant: row, access, reason: "Archived org" };
  const roles = access.rolesFor(row.id);
  if (roles.size === 0) return { ok: false, tenant: row, access, reason: "No grant in this org" };
  return { ok: true, tenant: row, access, roles };
}
