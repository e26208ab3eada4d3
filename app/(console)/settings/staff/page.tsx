import type { Metadata } from "next";
import Link from "next/link";
import { NoAccess } from "@/components/admin/no-access";
import { SettingsNav } from "@/components/admin/settings-nav";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { consoleCan } from "@/lib/staff/access";
import { staffListFilterSchema } from "@/lib/staff/schemas";
import { listStaff } from "@/lib/staff/service";
import { AddStaffButton } from "./staff-forms";
import { StaffTable } from "./staff-table";

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

      <StaffTable
        staff={staff}
        empty={
          <EmptyState title={filtered ? "No staff member matches" : "No staff yet"}>
            {filtered ? "Try another name or email." : "Staff appear here after their first sign-in, or when you add them by email."}
          </EmptyState>
        }
      />
    </>
  );
}
