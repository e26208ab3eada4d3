// Recently opened orgs per staff member, for the org picker ("recent orgs first").
import "server-only";
import type { Db } from "@/lib/db";

/** How many recent orgs are kept per staff member (older rows are pruned on each visit). */
export const RECENT_TENANTS_KEPT = 10;

/**
 * Records that `staffId` opened `tenantId` (call it from app/(console)/t/[tenant]/layout.tsx once the
 * tenant is resolved and access checked). Upserts the row's usedAt and prunes beyond the newest 10.
 */
export async function recordTenantVisit(db: Db, staffId: string, tenantId: string, now = new Date()): Promise<void> {
  await db.recentTenant.upsert({
    where: { staffId_tenantId: { staffId, tenantId } },
    create: { staffId, tenantId, usedAt: now },
    update: { usedAt: now },
  });
  const stale = await db.recentTenant.findMany({
    where: { staffId },
    orderBy: { usedAt: "desc" },
    skip: RECENT_TENANTS_KEPT,
    select: { tenantId: true },
  });
  if (stale.length) await db.recentTenant.deleteMany({ where: { staffId, tenantId: { in: stale.map((r) => r.tenantId) } } });
}

/** The staff member's recent tenant ids, newest first. */
export async function recentTenantIds(db: Db, staffId: string): Promise<string[]> {
  const rows = await db.recentTenant.findMany({ where: { staffId }, orderBy: { usedAt: "desc" }, take: RECENT_TENANTS_KEPT, select: { tenantId: true } });
  return rows.map((r) => r.tenantId);
}
