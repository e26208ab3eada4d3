"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { columnHelper, CursorPager, DataTable } from "@/components/ui/data-table";
import type { RowSelectionState } from "@tanstack/react-table";
import { StatusBadge } from "@/components/users/status-badge";
import { AddMembersDialog } from "./add-members-dialog";
import { RemoveMembersDialog } from "./remove-members-dialog";

export interface MemberRow {
  id: string;
  displayName: string;
  login: string;
  email: string | null;
  status: string;
  href: string;
}

/**
 * The members card's interactive part: search (within the group), the page of members with row
 * selection, "Add people" and "Remove selected" (each confirmed; removal shows the apps lost first).
 */
export function MembersPanel({
  slug,
  group,
  rows,
  searchText,
  searchHrefBase,
  previousHref,
  nextHref,
  canChange,
  ticketRequired,
  orgName,
  caption,
}: {
  slug: string;
  group: { id: string; name: string };
  rows: MemberRow[];
  searchText: string;
  /** The group's page URL without member parameters. */
  searchHrefBase: string;
  previousHref: string | null;
  nextHref: string | null;
  canChange: boolean;
  ticketRequired: boolean;
  orgName: string;
  caption: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [text, setText] = useState(searchText);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [removing, setRemoving] = useState<Array<{ id: string; name: string }> | null>(null);

  const selected = rows.filter((r) => selection[r.id]);
  const columns = useMemo(() => {
    const col = columnHelper<MemberRow>();
    return [
      col.accessor("displayName", {
        header: "Name",
        meta: { rowHeader: true },
        cell: ({ row: { original: u } }) => (
          <div className="min-w-0">
            <Link href={u.href} prefetch={false} className="font-medium text-slate-900 hover:text-indigo-700 hover:underline">
              {u.displayName}
            </Link>
            <p className="max-w-56 truncate text-xs text-slate-500" title={u.login}>
              {u.login}
            </p>
          </div>
        ),
      }),
      col.accessor("status", {
        header: "Status",
        meta: { headerClassName: "hidden sm:table-cell", cellClassName: "hidden sm:table-cell" },
        cell: ({ getValue }) => <StatusBadge status={getValue()} />,
      }),
      ...(canChange
        ? [
            col.display({
              id: "remove",
              header: () => <span className="sr-only">Remove</span>,
              // Narrow screens remove through the row checkboxes ("Remove N selected"): the column would not fit.
              meta: { headerClassName: "hidden w-px sm:table-cell", cellClassName: "hidden w-px text-right sm:table-cell" },
              cell: ({ row: { original: u } }) => (
                <Button variant="ghost" size="sm" onClick={() => setRemoving([{ id: u.id, name: u.displayName }])} aria-label={`Remove ${u.displayName} from ${group.name}`}>
                  Remove
                </Button>
              ),
            }),
          ]
        : []),
    ];
  }, [canChange, group.name]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    const q = text.trim();
    startTransition(() => router.push(q ? `${searchHrefBase}?mq=${encodeURIComponent(q)}` : searchHrefBase));
  };

  return (
    <>
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        <form role="search" aria-label="Search members" onSubmit={search} className="flex min-w-0 flex-1 basis-60 items-end gap-2">
          <label className="min-w-0 flex-1">
            <span className="sr-only">Search members by name, username or email</span>
            <input
              type="search"
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={100}
              placeholder="Search members by name or email"
              className="block h-9 w-full rounded-md border-0 bg-white px-3 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
            />
          </label>
          <Button type="submit" variant="secondary" disabled={pending}>
            Search
          </Button>
        </form>
        {canChange ? (
          <div className="flex flex-wrap gap-2">
            {selected.length ? (
              <Button variant="danger" onClick={() => setRemoving(selected.map((u) => ({ id: u.id, name: u.displayName })))}>
                Remove {selected.length} selected
              </Button>
            ) : null}
            <AddMembersDialog slug={slug} group={group} ticketRequired={ticketRequired} orgName={orgName} />
          </div>
        ) : null}
      </div>
      <DataTable
        columns={columns}
        data={rows}
        getRowId={(u) => u.id}
        caption={caption}
        density="compact"
        className="shadow-none"
        empty={<p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">{searchText ? `No members match “${searchText}”.` : "Nobody is in this group yet."}</p>}
        selection={canChange ? { state: selection, onChange: setSelection, rowLabel: (u) => `Select ${u.displayName}` } : undefined}
        footer={previousHref || nextHref ? <CursorPager previousHref={previousHref} nextHref={nextHref} label="Members pages" /> : undefined}
      />
      {removing ? (
        <RemoveMembersDialog
          key={removing.map((p) => p.id).join(",")}
          slug={slug}
          group={group}
          people={removing}
          open
          ticketRequired={ticketRequired}
          onClose={() => setRemoving(null)}
          onDone={() => {
            setRemoving(null);
            setSelection({});
            router.refresh();
          }}
        />
      ) : null}
    </div>
    </>
  );
}
