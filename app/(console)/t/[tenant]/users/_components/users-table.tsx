"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Suspense, use, useMemo, useState } from "react";
import type { RowSelectionState } from "@tanstack/react-table";
import { cn } from "@/components/ui/cn";
import { columnHelper, CursorPager, DataTable } from "@/components/ui/data-table";
import { StatusBadge } from "@/components/users/status-badge";
import { Hint } from "@/components/ui/tooltip";
import type { ActionResult } from "@/lib/actions/result";
import type { BulkUserAction } from "@/lib/jobs/kinds/bulk-user-action-schema";
import type { UserSummary } from "@/lib/okta/users";
import { PAGE_SIZES, sortHref, type UsersFilterParams } from "@/lib/users/filters";
import { rowPrivilege, serviceAccountContextOf, type PrivilegeMarkers } from "@/lib/users/list-markers";
import { isPageSize, pageSizeHref, type DateLabel } from "@/lib/users/list-view";
import type { SortableAttribute } from "@/lib/users/search";
import { BulkActionBar } from "./bulk-action-bar";

export interface UserRowView extends UserSummary {
  href: string;
  lastLoginLabel: DateLabel | null;
  createdLabel: DateLabel | null;
}

type MarkersPromise = Promise<ActionResult<PrivilegeMarkers>>;
const UNREAD: PrivilegeMarkers = { admins: null, serviceAccounts: null };

function SortHeader({ label, slug, params, attr }: { label: string; slug: string; params: UsersFilterParams; attr: SortableAttribute }) {
  const active = params.sortBy === attr;
  const order = active ? (params.sortOrder ?? "asc") : null;
  return (
    <Link
      href={sortHref(slug, params, attr)}
      prefetch={false}
      className={cn("group inline-flex items-center gap-1 rounded hover:text-slate-900", active && "text-slate-900")}
      aria-label={`${label}: ${order ? `sorted ${order === "asc" ? "ascending" : "descending"}, click to reverse` : "sort ascending"}`}
    >
      {label}
      <span aria-hidden className={cn("text-[10px]", active ? "opacity-100" : "opacity-0 group-hover:opacity-50")}>
        {order === "desc" ? "▼" : "▲"}
      </span>
    </Link>
  );
}

function DateCell({ label }: { label: DateLabel | null }) {
  if (!label) return <span className="text-slate-400">Never</span>;
  return (
    <time dateTime={label.iso} title={label.full} className="whitespace-nowrap">
      {label.text}
    </time>
  );
}

function Marker({ row, markers }: { row: UserRowView; markers: MarkersPromise }) {
  const result = use(markers);
  const data: PrivilegeMarkers = result.ok ? result.data : UNREAD;
  const ctx = useMemo(() => serviceAccountContextOf(data), [data]);
  const p = rowPrivilege(row, data, ctx);
  if (!p.label) return <span className="sr-only">Not privileged</span>;
  const tone = p.label === "unknown" ? "bg-slate-50 text-slate-500 ring-slate-200 italic" : p.admin ? "bg-violet-50 text-violet-700 ring-violet-200" : "bg-orange-50 text-orange-800 ring-orange-200";
  return (
    <Hint content={p.detail}>
      <button type="button" className={cn("inline-flex cursor-help items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", tone)}>
        {p.label !== "unknown" ? (
          <svg aria-hidden viewBox="0 0 16 16" className="h-3 w-3" fill="currentColor">
            <path d="M8 1 2.5 3v4.2c0 3.3 2.3 6.3 5.5 7.3 3.2-1 5.5-4 5.5-7.3V3L8 1Z" />
          </svg>
        ) : null}
        {p.label}
      </button>
    </Hint>
  );
}

function PageSizeSelect({ slug, params, limit }: { slug: string; params: UsersFilterParams; limit: number }) {
  const router = useRouter();
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <span>Rows per page</span>
      <select
        value={limit}
        onChange={(e) => {
          const n = Number(e.target.value);
          if (isPageSize(n)) router.push(pageSizeHref(slug, params, n));
        }}
        className="h-8 rounded-md border-0 bg-white py-0 pl-2 pr-7 text-sm text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
      >
        {PAGE_SIZES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}

export function UsersTable({
  rows,
  slug,
  params,
  markers,
  limit,
  pageNumber,
  previousHref,
  nextHref,
  bulkActions = [],
  ticketRequired = false,
}: {
  rows: UserRowView[];
  slug: string;
  params: UsersFilterParams;
  markers: MarkersPromise | null;
  limit: number;
  pageNumber: number;
  previousHref: string | null;
  nextHref: string | null;
  /** Bulk actions the staff member's role allows here (none: no checkboxes). */
  bulkActions?: BulkUserAction[];
  ticketRequired?: boolean;
}) {
  const [selection, setSelection] = useState<RowSelectionState>({});
  const selected = rows.filter((r) => selection[r.id]).map((r) => ({ userId: r.id, login: r.login, displayName: r.displayName }));
  const columns = useMemo(() => {
    const col = columnHelper<UserRowView>();
    const sort = (label: string, attr: SortableAttribute) =>
      function SortableHeader() {
        return <SortHeader label={label} slug={slug} params={params} attr={attr} />;
      };
    return [
      col.accessor("displayName", {
        header: sort("Name", "profile.lastName"),
        meta: { rowHeader: true, headerClassName: "whitespace-nowrap px-2.5 first:pl-4", cellClassName: "px-2.5 first:pl-4" },
        cell: ({ row: { original: u } }) => (
          <div className="min-w-0">
            <Link href={u.href} prefetch={false} className="font-medium text-slate-900 hover:text-indigo-700 hover:underline">
              {u.displayName}
            </Link>
            {u.title ? (
              <p className="max-w-40 truncate text-xs text-slate-500" title={u.title}>
                {u.title}
              </p>
            ) : null}
            <p className="max-w-40 truncate text-xs text-slate-500 md:hidden">{u.login}</p>
            <StatusBadge status={u.status} className="mt-1 sm:hidden" />
          </div>
        ),
      }),
      col.display({
        id: "privilege",
        header: () => "Privilege",
        meta: { headerClassName: "whitespace-nowrap px-2.5", cellClassName: "whitespace-nowrap px-2.5" },
        cell: ({ row: { original: u } }) =>
          markers ? (
            <Suspense fallback={<span className="inline-block h-4 w-16 animate-pulse rounded bg-slate-100" aria-label="Checking privilege" />}>
              <Marker row={u} markers={markers} />
            </Suspense>
          ) : (
            <span className="text-xs italic text-slate-500">unknown</span>
          ),
      }),
      col.accessor("login", {
        header: sort("Username", "profile.login"),
        meta: { headerClassName: "hidden md:table-cell px-2.5", cellClassName: "hidden text-slate-600 md:table-cell px-2.5" },
        cell: ({ getValue }) => (
          <span title={getValue()} className="block max-w-40 truncate">
            {getValue()}
          </span>
        ),
      }),
      col.accessor("status", {
        header: sort("Status", "status"),
        meta: { headerClassName: "hidden px-2.5 sm:table-cell", cellClassName: "hidden px-2.5 sm:table-cell" },
        cell: ({ getValue }) => <StatusBadge status={getValue()} />,
      }),
      col.accessor("source", {
        header: "Source",
        meta: { headerClassName: "hidden xl:table-cell px-2.5", cellClassName: "hidden whitespace-nowrap text-slate-600 xl:table-cell px-2.5" },
        cell: ({ getValue }) => {
          const s = getValue();
          return <span title={s.detail ? `${s.label}: ${s.detail}` : s.label}>{s.label}</span>;
        },
      }),
      col.accessor("department", {
        header: sort("Department", "profile.department"),
        meta: { headerClassName: "hidden lg:table-cell px-2.5", cellClassName: "hidden text-slate-600 lg:table-cell px-2.5" },
        cell: ({ getValue }) => {
          const d = getValue();
          return d ? (
            <span title={d} className="block max-w-32 truncate">
              {d}
            </span>
          ) : (
            <span className="text-slate-400">—</span>
          );
        },
      }),
      col.accessor("lastLoginLabel", {
        header: "Last sign-in",
        meta: { headerClassName: "hidden whitespace-nowrap sm:table-cell px-2.5", cellClassName: "hidden text-slate-600 sm:table-cell px-2.5" },
        cell: ({ getValue }) => <DateCell label={getValue()} />,
      }),
      col.accessor("createdLabel", {
        header: sort("Created", "created"),
        meta: { headerClassName: "hidden xl:table-cell px-2.5", cellClassName: "hidden text-slate-600 xl:table-cell px-2.5" },
        cell: ({ getValue }) => <DateCell label={getValue()} />,
      }),
    ];
  }, [slug, params, markers]);

  const first = (pageNumber - 1) * limit + 1;
  return (
    <>
      {bulkActions.length ? (
        <div className="mb-2">
          <BulkActionBar slug={slug} selected={selected} actions={bulkActions} ticketRequired={ticketRequired} onClear={() => setSelection({})} />
        </div>
      ) : null}
      <DataTable
        columns={columns}
        data={rows}
        getRowId={(u) => u.id}
        caption={`Users, page ${pageNumber}`}
        density="compact"
        selection={bulkActions.length ? { state: selection, onChange: setSelection, rowLabel: (u) => `Select ${u.displayName}` } : undefined}
        footer={
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-slate-600" aria-live="polite">
              Page {pageNumber} · {rows.length === 0 ? "no users" : `users ${first.toLocaleString("en")}–${(first + rows.length - 1).toLocaleString("en")}`}
            </p>
            <div className="flex flex-wrap items-center gap-4">
              <PageSizeSelect slug={slug} params={params} limit={limit} />
              <CursorPager previousHref={previousHref} nextHref={nextHref} label="Users pages" />
            </div>
          </div>
        }
      />
    </>
  );
}
