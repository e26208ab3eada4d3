import type { Metadata } from "next";
import { DashboardCards, type DashboardOrg } from "@/components/dashboard/dashboard-cards";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { accessFor } from "@/lib/rbac/current-access";
import { roleLabels } from "@/lib/rbac/grants";
import { rolesAllow } from "@/lib/rbac/permissions";

export const metadata: Metadata = { title: "Dashboard" };

/**
 * A card per org with live numbers from Okta (GET /api/dashboard streams them, one card at a time; this
 * page itself makes no Okta call). What a card shows follows the staff member's roles in that org.
 */
export default async function DashboardPage() {
  const staff = await requireStaffPage();
  const access = await accessFor(staff.staffId);
  const orgs: DashboardOrg[] = access.visibleTenants
    .filter((t) => rolesAllow(t.roles, "tenant.userCount"))
    .map((t) => ({ slug: t.slug, name: t.name, roleLabel: roleLabels(t.roles), statuses: rolesAllow(t.roles, "users.read"), signIns: rolesAllow(t.roles, "logs.read") }));
  return (
    <>
      <PageHeader
        title={`Welcome, ${staff.name.split(" ")[0]}`}
        description={
          orgs.length
            ? `You have access to ${orgs.length} customer org${orgs.length === 1 ? "" : "s"}. Press Ctrl+K to jump to one${orgs.some((o) => o.statuses) ? " or to find a person" : ""}.`
            : undefined
        }
      />
      {orgs.length === 0 ? (
        <EmptyState title="No customer orgs yet">
          You don&apos;t have a role in any customer org. An MSP administrator can add you to a team or grant you a role.
        </EmptyState>
      ) : (
        <DashboardCards orgs={orgs} />
      )}
    </>
  );
}
