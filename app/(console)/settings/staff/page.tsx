import type { Metadata } from "next";
import Link from "next/link";
import { ScopeText, SourceText } from "@/components/admin/grant-text";
import { formatDateTime } from "@/components/admin/format";
import { NoAccess } from "@/components/admin/no-access";
import { SettingsNav } from "@/components/admin/settings-nav";
import { StaffStatusBadge } from "@/components/admin/staff-status-badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { consoleCan } from "@/lib/staff/access";
import { staffListFilterSchema } from "@/lib/staff/schemas";
import { listStaff } from "@/lib/staff/service";
import { AddStaffButton } from "./staff-forms";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireStaffPage();
  if (!(await consoleCan(me.staffId, "settings.staff.read"))) return <NoAccess title="Staff" need="see staff, teams and grants" />;
  const canManage = await consoleCan(me.staffId, "settings.staff.manage");
  const filter = staffListFilterSchema.parse(await searchParams);
  const staff = await listStaff(db(), filter);
  const filtered = Boolean(filter.q) || filter.status !== "all";

  return (
    <>
      <PageHeader
        title="Staff"
        description="Everyone at the MSP who can sign in to the console, and what they may do in which orgs."
        actions={canManage ? <AddStaffButton /> : null}
      />
      <SettingsNav staffId={me.staffId} />
      <form role="search" aria-label="Staff" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="staff-q" className="block text-sm font-medium text-slate-800">
            Search
          </label>
          <input
            id="staff-q"
            name="q"
            type="search"
            defaultValue={filter.q ?? ""}
            placeholder="Name or email"
            className="mt-1 block w-72 rounded-md border-0 px-3 py-1.5 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
          />
        </div>
        <div>
          <label htmlFor="staff-status" className="block text-sm font-medium text-slate-800">
            Status
          </label>
          <select
            id="staff-status"
            name="status"
            defaultValue={filter.status}
            className="mt-1 block rounded-md border-0 py-1.5 pl-3 pr-8 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
          >
            <option value="all">All</option>
            <option value="active">Active</option>
            <option value="disabled">Disabled</option>
          </select>
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
        {filtered ? (
          <Link href="/settings/staff" className="pb-2 text-sm text-indigo-700 hover:underline">
            Clear
          </Link>
        ) : null}
      </form>

      {staff.length === 0 ? (
        <EmptyState title={filtered ? "No staff member matches" : "No staff yet"}>
          {filtered ? "Try another name or email." : "Staff appear here after their first sign-in, or when you add them by email."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Staff members ({staff.length})</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2.5">Name</th>
                <th scope="col" className="px-4 py-2.5">Status</th>
                <th scope="col" className="px-4 py-2.5">Last sign-in</th>
                <th scope="col" className="px-4 py-2.5">Access</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {staff.map((s) => (
                <tr key={s.id} className="align-top hover:bg-slate-50">
                  <td className="px-4 py-3">
                    <Link href={`/settings/staff/${s.id}`} className="font-medium text-indigo-700 hover:underline">
                      {s.name}
                    </Link>
                    <div className="text-xs text-slate-500">{s.email}</div>
                  </td>
                  <td className="px-4 py-3">
                    <StaffStatusBadge staff={s} />
                  </td>
                  <td className="whitespace-nowrap px-4 py-3 text-slate-600">{s.lastSignInAt ? formatDateTime(s.lastSignInAt) : "Never"}</td>
                  <td className="px-4 py-3">
                    {s.grants.length === 0 ? (
                      <span className="text-slate-400">No access</span>
                    ) : (
                      <ul className="space-y-0.5">
                        {s.grants.map((g, i) => (
                          <li key={i}>
                            <span className="font-medium text-slate-800">{g.roleLabel}</span> <span className="text-slate-500">in</span>{" "}
                            <ScopeText scope={g.scope} /> <span className="text-xs">· <SourceText source={g.source} link={false} /></span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
