// The org picker's data: only the orgs this staff member may see (effectiveAccess; never archived
// ones), recent ones first. Display fields only: no ids, no URLs, nothing about credentials.
import "server-only";
import type { OrgPickerOrg } from "@/components/org-picker/types";
import type { StaffIdentity } from "@/lib/auth/session";
import { db as defaultDb, type Db } from "@/lib/db";
import { effectiveAccess, type StaffAccess } from "@/lib/rbac/grants";
import { rolesAllow } from "@/lib/rbac/permissions";
import { recentTenantIds } from "@/lib/tenants/recent";

export async function orgPickerModel(
  staff: Pick<StaffIdentity, "staffId">,
  database: Db = defaultDb(),
  /** Pass it when the caller already resolved it (the shell), to skip a second resolution. */
  resolved?: StaffAccess,
): Promise<OrgPickerOrg[]> {
  const access = resolved ?? (await effectiveAccess(database, staff.staffId));
  const visibleIds = access.visibleTenants.map((t) => t.id);
  if (visibleIds.length === 0) return [];
  const [tenants, recent] = await Promise.all([
    database.tenant.findMany({
      where: { id: { in: visibleIds }, archivedAt: null },
      select: { id: true, slug: true, name: true, mastery: true, tags: { select: { tag: true }, orderBy: { tag: "asc" } } },
    }),
    recentTenantIds(database, staff.staffId),
  ]);
  const recentRank = new Map(recent.map((id, i) => [id, i]));
  return tenants
    .map((t) => ({
      id: t.id,
      org: { slug: t.slug, name: t.name, mastery: t.mastery, tags: t.tags.map((x) => x.tag), recent: recentRank.has(t.id), searchUsers: rolesAllow(access.rolesFor(t.id), "users.read") },
    }))
    .sort((a, b) => {
      const ra = recentRank.get(a.id) ?? Infinity;
      const rb = recentRank.get(b.id) ?? Infinity;
      return ra - rb || a.org.name.localeCompare(b.org.name);
    })
    .map((x) => x.org);
}
