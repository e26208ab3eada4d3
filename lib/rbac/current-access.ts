import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import { effectiveAccess, type StaffAccess } from "./grants";
import type { TenantRow } from "./tenant-access";

/**
 * A staff member's access, resolved once per request (React cache) however many server components
 * ask (the shell, the page). Rendering only: actions resolve access again in the wrapper.
 */
export const accessFor = cache((staffId: string): Promise<StaffAccess> => effectiveAccess(db(), staffId));

/**
 * The org row for a URL slug, read once per request (React cache; outside a render, afresh) for the
 * tenant page guard and the read actions the page calls, which all resolve the same slug. Archived,
 * unknown and not-granted orgs are still decided on each caller's own check (resolveTenantAccess).
 */
export const tenantBySlug = cache((slug: string): Promise<TenantRow | null> => db().tenant.findUnique({ where: { slug } }));
