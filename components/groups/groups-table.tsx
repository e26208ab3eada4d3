"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { columnHelper, CursorPager, DataTable } from "@/components/ui/data-table";
import { groupsHref, type GroupsFilterParams } from "@/lib/groups/filters";
import { PAGE_SIZES } from "@/lib/users/filters";
import type { GroupSummary } from "@/lib/okta/groups";
import { GroupTypeBadge } from "./type-badge";

export interface GroupRowView extends GroupSummary {
  href: string;
  membershipLabel: string | null;
}

const count = (n: number | null) => (n === null ? <span className="text-slate-400" title="Okta did not send the count">—</span> : n.toLocaleString("en"));

export function GroupsTable({
  rows,
  slug,
  params,
  limit,
  pageNumber,
  previousHref,
  nextHref,
}: {
  rows: GroupRowView[];
  slug: string;
  params: GroupsFilterParams;
  limit: number;
  pageNumber: number;
  previousHref: string | null;
  nextHref: string | null;
}) {
  const router = useRouter();
  const columns = useMemo(() => {
    const col = columnHelper<GroupRowView>();
    return [
      col.accessor("name", {
        header: "Name",
        meta: { rowHeader: true },
        cell: ({ row: { original: g } }) => (
          <div className="min-w-0 max-w-[11rem] sm:max-w-md">
            <Link href={g.href} prefetch={false} className="font-medium text-slate-900 hover:text-indigo-700 hover:underline">
              {g.name}
            </Link>
            {g.description ? (
              <p className="truncate text-xs text-slate-500" title={g.description}>
                {g.description}
              </p>
            ) : null}
            <GroupTypeBadge type={g.type} className="mt-1 sm:hidden" />
          </div>
        ),
      }),
      col.accessor("type", {
        header: "Type",
        meta: { headerClassName: "hidden sm:table-cell", cellClassName: "hidden sm:table-cell" },
        cell: ({ getValue }) => <GroupTypeBadge type={getValue()} />,
      }),
      col.accessor("usersCount", {
        header: "Members",
        meta: { headerClassName: "text-right", cellClassName: "text-right tabular-nums text-slate-700" },
        cell: ({ getValue }) => count(getValue()),
      }),
      col.accessor("appsCount", {
        header: "Apps",
        meta: { headerClassName: "text-right", cellClassName: "text-right tabular-nums text-slate-700" },
        cell: ({ getValue }) => count(getValue()),
      }),
      col.accessor("membershipLabel", {
        header: "Membership changed",
        meta: { headerClassName: "hidden whitespace-nowrap lg:table-cell", cellClassName: "hidden whitespace-nowrap text-slate-600 lg:table-cell" },
        cell: ({ getValue }) => getValue() ?? <span className="text-slate-400">—</span>,
      }),
    ];
  }, []);
  const first = (pageNumber - 1) * limit + 1;
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={(g) => g.id}
      caption={`Groups, page ${pageNumber}`}
      density="compact"
      footer={
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-600" aria-live="polite">
            Page {pageNumber} · groups {first.toLocaleString("en")}–{(first + rows.length - 1).toLocaleString("en")}
          </p>
          <div className="flex flex-wrap items-center gap-4">
            <label className="flex items-center gap-2 text-sm text-slate-600">
              <span>Rows per page</span>
              <select
                value={limit}
                onChange={(e) => router.push(groupsHref(slug, { ...params, limit: Number(e.target.value) as never, after: undefined, prev: undefined }))}
                className="h-8 rounded-md border-0 bg-white py-0 pl-2 pr-7 text-sm text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
              >
                {PAGE_SIZES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <CursorPager previousHref={previousHref} nextHref={nextHref} label="Groups pages" />
          </div>
        </div>
      }
    />
  );
}
