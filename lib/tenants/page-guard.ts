import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { actionTenant, auditStaffDenial, type ActionTenant } from "@/lib/actions/core";
import { requireStaffPage, type StaffIdentity } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { requestMeta } from "@/lib/request/context";
import type { StaffAccess } from "@/lib/rbac/grants";
import { rolesAllow, type Permission, type Role } from "@/lib/rbac/permissions";
import { accessFor, tenantBySlug } from "@/lib/rbac/current-access";
import { resolveTenantAccess } from "@/lib/rbac/tenant-access";

export interface TenantPageContext {
  staff: StaffIdentity;
  tenant: ActionTenant;
  roles: Set<Role>;
  access: StaffAccess;
  can(permission: Permission): boolean;
}

/**
 * For pages under /t/[tenant]: the staff member, the tenant (no credential fields) and their roles in
 * it. Orgs they may not see (unknown, archived, no grant) are a 404, exactly like a missing page, so
 * their existence is not revealed. Same resolution as the action wrapper (lib/rbac/tenant-access.ts).
 */
export const requireTenantPage = cache(async (slug: string): Promise<TenantPageContext> => {
  const staff = await requireStaffPage();
  const resolved = await resolveTenantAccess(db(), staff.staffId, slug, accessFor(staff.staffId), tenantBySlug);
  if (!resolved.ok) {
    // Audited like the wrapper's refusals: a probe for orgs one may not see leaves a trace.
    const meta = await requestMeta();
    // Throttled per staff member like the wrapper's denials, so probing cannot flood the chain lock.
    await auditStaffDenial(db(), {
      action: "tenant.open",
      staffId: staff.staffId,
      staffEmail: staff.email,
      tenantId: resolved.tenant?.id ?? null,
      tenantSlug: slug.slice(0, 100),
      outcome: "denied",
      errorCode: "not_found",
      errorSummary: resolved.reason,
      ip: meta.ip,
      userAgent: meta.userAgent,
    }).catch((err: unknown) => console.error(`[audit] could not record tenant.open denial: ${err instanceof Error ? err.message : String(err)}`));
    notFound();
  }
  const { roles, access } = resolved;
  return { staff, tenant: actionTenant(resolved.tenant), roles, access, can: (p) => rolesAllow(roles, p) };
});
