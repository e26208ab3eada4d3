"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { ScopeText, SourceText } from "@/components/admin/grant-text";
import { formatDateTime } from "@/components/admin/format";
import { StaffStatusBadge } from "@/components/admin/staff-status-badge";
import { columnHelper, DataTable } from "@/components/ui/data-table";
import type { StaffListItem } from "@/lib/staff/service";

const col = columnHelper<StaffListItem>();
// Module scope: stable columns (TanStack Table rebuilds its models when they change).
const columns = [
  col.accessor("name", {
    header: "Name",
    cell: ({ row }) => (
      <>
        <Link href={`/settings/staff/${row.original.id}`} prefetch={false} className="font-medium text-indigo-700 hover:underline">
          {row.original.name}
        </Link>
        <div className="text-xs text-slate-500">{row.original.email}</div>
      </>
    ),
  }),
  col.accessor("status", { header: "Status", cell: ({ row }) => <StaffStatusBadge staff={row.original} /> }),
  col.accessor("lastSignInAt", {
    header: "Last sign-in",
    meta: { cellClassName: "whitespace-nowrap text-slate-600" },
    cell: ({ getValue }) => {
      const at = getValue();
      return at ? formatDateTime(at) : "Never";
    },
  }),
  col.accessor("grants", {
    header: "Access",
    cell: ({ getValue }) => {
      const grants = getValue();
      if (grants.length === 0) return <span className="text-slate-400">No access</span>;
      return (
        <ul className="space-y-0.5">
          {grants.map((g, i) => (
            <li key={i}>
              <span className="font-medium text-slate-800">{g.roleLabel}</span> <span className="text-slate-500">in</span>{" "}
              <ScopeText scope={g.scope} /> <span className="text-xs">· <SourceText source={g.source} link={false} /></span>
            </li>
          ))}
        </ul>
      );
    },
  }),
];

export function StaffTable({ staff, empty }: { staff: StaffListItem[]; empty: ReactNode }) {
  return <DataTable columns={columns} data={staff} getRowId={(s) => s.id} caption={`Staff members (${staff.length})`} empty={empty} />;
}
