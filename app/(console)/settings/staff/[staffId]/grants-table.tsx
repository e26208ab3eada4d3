"use client";

import { useMemo } from "react";
import { ScopeText, SourceText } from "@/components/admin/grant-text";
import { columnHelper, DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { GrantScope, GrantSource } from "@/lib/staff/service";
import { RemoveGrantButton } from "../staff-forms";

export interface GrantRow {
  /** Stable across refreshes (the grant id, or the team): focus after a removal depends on it. */
  key: string;
  roleLabel: string;
  scope: GrantScope;
  source: GrantSource;
  /** What the Remove confirmation names, e.g. "Technician in Acme for Ada". */
  label: string;
}

/** The Access card's heading (page.tsx): where focus goes when the last removable row is gone. */
export const HEADING_ID = "grants-heading";

const col = columnHelper<GrantRow>();
const baseColumns: DataTableColumn<GrantRow>[] = [
  col.accessor("roleLabel", { header: "Role", meta: { rowHeader: true, cellClassName: "font-medium text-slate-800" } }),
  col.accessor("scope", { header: "Orgs", cell: ({ getValue }) => <ScopeText scope={getValue()} /> }),
  col.accessor("source", { header: "Source", cell: ({ getValue }) => <SourceText source={getValue()} /> }),
];
const manageColumn = col.display({
  id: "actions",
  header: () => <span className="sr-only">Actions</span>,
  meta: { cellClassName: "text-right" },
  cell: ({ row: { original: g } }) =>
    g.source.kind === "direct" ? (
      <RemoveGrantButton grantId={g.source.grantId} label={g.label} rowKey={g.key} headingId={HEADING_ID} />
    ) : (
      <span className="text-xs text-slate-400">Edit the team</span>
    ),
});

export function GrantsTable({ grants, canManage }: { grants: GrantRow[]; canManage: boolean }) {
  const columns = useMemo(() => (canManage ? [...baseColumns, manageColumn] : baseColumns), [canManage]);
  return (
    <DataTable
      columns={columns}
      data={grants}
      getRowId={(g) => g.key}
      caption="Grants"
      density="card"
      className="rounded-none border-0 shadow-none"
    />
  );
}
