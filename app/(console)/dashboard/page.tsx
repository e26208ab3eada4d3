import type { Metadata } from "next";
import Link from "next/link";
import { UserCount } from "@/components/dashboard/user-count";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { accessFor } from "@/lib/rbac/current-access";
import { roleLabels } from "@/lib/rbac/grants";
import { rolesAllow } from "@/lib/rbac/permissions";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const staff = await requireStaffPage();
  const access = await accessFor(staff.staffId);
  const orgs = access.visibleTenants;
  return (
    <>
      <PageHeader
        title={`Welcome, ${staff.name.split(" ")[0]}`}
        description={orgs.length ? `You have access to ${orgs.length} customer org${orgs.length === 1 ? "" : "s"}. Press Ctrl+K to jump to one.` : undefined}
      />
      {orgs.length === 0 ? (
        <EmptyState title="No customer orgs yet">
          You don&apos;t have a role in any customer org. An MSP administrator can add you to a team or grant you a role.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Customer orgs">
          {orgs.map((org) => {
            const roles = new Set(org.roles);
            return (
              <li key={org.id}>
                <Link
                  href={`/t/${encodeURIComponent(org.slug)}`}
                  className="flex h-full flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition hover:border-indigo-300 hover:shadow"
                >
                  <span className="font-semibold text-slate-900">{org.name}</span>
                  <span className="mt-1 text-xs text-slate-500">{roleLabels(roles)}</span>
                  <span className="mt-4 flex items-end justify-between">
                    {rolesAllow(roles, "tenant.userCount") ? (
                      <span className="flex flex-col">
                        <span className="text-xs uppercase tracking-wide text-slate-500">People</span>
                        <UserCount slug={org.slug} />
                      </span>
                    ) : (
                      <span />
                    )}
                    <Badge tone="neutral">Open</Badge>
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
