// Page-side permission checks for the administration pages (staff, teams, access, audit). Pages only
// decide what to render; the wrapper in lib/actions decides again for every action.
import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import { effectiveAccess, type StaffAccess } from "@/lib/rbac/grants";
import type { Permission } from "@/lib/rbac/permissions";

/** The staff member's access, resolved once per request. */
export const accessFor = cache((staffId: string): Promise<StaffAccess> => effectiveAccess(db(), staffId));

export async function consoleCan(staffId: string, permission: Permission): Promise<boolean> {
  return (await accessFor(staffId)).can(permission);
}
