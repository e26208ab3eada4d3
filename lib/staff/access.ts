// Page-side permission checks for the administration pages (staff, teams, access, audit). Pages only
// decide what to render; the wrapper in lib/actions decides again for every action.
import "server-only";
import { accessFor } from "@/lib/rbac/current-access";
import type { Permission } from "@/lib/rbac/permissions";

export async function consoleCan(staffId: string, permission: Permission): Promise<boolean> {
  return (await accessFor(staffId)).can(permission);
}
