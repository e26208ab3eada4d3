"use client";

import {
  createColumnHelper,
  rowExpandingFeature,
  rowSelectionFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ExpandedState,
  type OnChangeFn,
  type RowData,
  type RowSelectionState,
} from "@tanstack/react-table";
import Link from "next/link";
import { Fragment, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { buttonClasses } from "./button";
import { cn } from "./cn";

/** Per-column presentation. `rowHeader` renders that column's cells as <th scope="row">. */
export interface DataTableColumnMeta {
  headerClassName?: string;
  cellClassName?: string;
  rowHeader?: boolean;
}

// Module scope: TanStack Table wants a stable feature set. No sorting/filtering/pagination row
// models on purpose: the server (our database or Okta's cursors) decides what one page holds, and
// the table renders exactly the rows it is given ("manual" processing).
export const dataTableFeatures = tableFeatures({
  rowSelectionFeature,
  rowExpandingFeature,
  columnMeta: {} as DataTableColumnMeta,
});
type Features = typeof dataTableFeatures;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- columns of one table carry different value types
export type DataTableColumn<TData extends RowData> = ColumnDef<Features, TData, any>;

/** Typed column builders for a DataTable of TData: `const col = columnHelper<Org>()`. */
export function columnHelper<TData extends RowData>() {
  return createColumnHelper<Features, TData>();
}

const DENSITY = {
  comfortable: { th: "px-4 py-2.5", td: "px-4 py-3" },
  compact: { th: "px-3 py-2.5", td: "px-3 py-2" },
  /** Inside a Card: aligned with CardHeader's padding (pass className to drop the frame). */
  card: { th: "px-5 py-2", td: "px-5 py-2.5" },
} as const;

export interface DataTableSelection<TData extends RowData> {
  /** Selected row ids (getRowId); the ids survive paging, unlike loaded row objects. */
  state: RowSelectionState;
  onChange: OnChangeFn<RowSelectionState>;
  /** Accessible name of a row's checkbox, e.g. "Select Ada Lovelace". */
  rowLabel: (row: TData) => string;
  canSelect?: (row: TData) => boolean;
}

export interface DataTableDetail<TData extends RowData> {
  render: (row: TData) => ReactNode;
  /** Accessible name of the toggle, e.g. "Show details of entry 12". */
  toggleLabel: (row: TData, expanded: boolean) => string;
}

/**
 * The console's table, on TanStack Table. It renders a page of rows it is given (it never fetches,
 * sorts or slices), with a caption for assistive technology, an empty state, a loading state, an
 * optional checkbox column (row selection by stable id) and optional expandable detail rows. Each
 * row carries data-row-key (its id) so focusAfterRowRemoval can move focus sensibly when a row goes.
 * Keep `columns` stable (module scope or useMemo).
 */
export function DataTable<TData extends RowData>({
  columns,
  data,
  getRowId,
  caption,
  empty,
  loading = false,
  loadingRows = 5,
  density = "comfortable",
  selection,
  detail,
  defaultExpanded,
  rowClassName,
  className,
  footer,
}: {
  columns: DataTableColumn<TData>[];
  data: TData[];
  getRowId: (row: TData) => string;
  /** Read by screen readers before the table (visually hidden). */
  caption: string;
  /** Shown instead of the table when there are no rows and nothing is loading. */
  empty?: ReactNode;
  loading?: boolean;
  loadingRows?: number;
  density?: keyof typeof DENSITY;
  selection?: DataTableSelection<TData>;
  detail?: DataTableDetail<TData>;
  /** Detail rows open at first render, by row id (e.g. the entry a link pointed at). */
  defaultExpanded?: readonly string[];
  rowClassName?: (row: TData, state: { expanded: boolean; selected: boolean }) => string | undefined;
  className?: string;
  /** Below the table, inside its frame: a pager (CursorPager) or a summary. */
  footer?: ReactNode;
}) {
  const pad = DENSITY[density];
  const [expanded, setExpanded] = useState<ExpandedState>(() => Object.fromEntries((defaultExpanded ?? []).map((id) => [id, true])));

  const allColumns = useMemo(() => {
    const col = columnHelper<TData>();
    const extra: DataTableColumn<TData>[] = [];
    if (detail) {
      extra.push(
        col.display({
          id: "__detail",
          header: () => <span className="sr-only">Details</span>,
          meta: { headerClassName: "w-8 px-2", cellClassName: "px-2" },
          cell: ({ row }) => {
            const open = row.getIsExpanded();
            return (
              <button
                type="button"
                onClick={() => row.toggleExpanded()}
                aria-expanded={open}
                aria-controls={detailId(row.id)}
                aria-label={detail.toggleLabel(row.original, open)}
                className="grid h-6 w-6 place-items-center rounded text-slate-500 hover:bg-slate-200"
              >
                <span aria-hidden className={open ? "rotate-90 transition-transform" : "transition-transform"}>
                  ▸
                </span>
              </button>
            );
          },
        }),
      );
    }
    if (selection) {
      extra.push(
        col.display({
          id: "__select",
          header: ({ table }) => (
            <Checkbox
              label="Select all rows on this page"
              checked={table.getIsAllPageRowsSelected()}
              indeterminate={table.getIsSomePageRowsSelected()}
              onChange={table.getToggleAllPageRowsSelectedHandler()}
            />
          ),
          meta: { headerClassName: "w-10", cellClassName: "w-10" },
          cell: ({ row }) => (
            <Checkbox
              label={selection.rowLabel(row.original)}
              checked={row.getIsSelected()}
              disabled={!row.getCanSelect()}
              onChange={row.getToggleSelectedHandler()}
            />
          ),
        }),
      );
    }
    return [...extra, ...columns];
  }, [columns, detail, selection]);

  const table = useTable({
    features: dataTableFeatures,
    columns: allColumns,
    data,
    getRowId: (row) => getRowId(row),
    state: { expanded, ...(selection ? { rowSelection: selection.state } : {}) },
    onExpandedChange: setExpanded,
    onRowSelectionChange: selection?.onChange,
    enableRowSelection: selection ? (row) => selection.canSelect?.(row.original) ?? true : false,
    getRowCanExpand: () => Boolean(detail),
  });

  if (!loading && data.length === 0 && empty !== undefined) return <>{empty}</>;

  const leafCount = allColumns.length;
  const rows = table.getRowModel().rows;
  return (
    <div className={cn("overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm", className)}>
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-busy={loading || undefined}>
        <caption className="sr-only">
          {caption}
          {loading ? " (loading)" : null}
        </caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" colSpan={header.colSpan} className={cn(pad.th, header.column.columnDef.meta?.headerClassName)}>
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {loading
            ? Array.from({ length: loadingRows }, (_, i) => (
                <tr key={`loading-${i}`} aria-hidden>
                  {allColumns.map((c, j) => (
                    <td key={c.id ?? j} className={pad.td}>
                      <span className="block h-4 w-full max-w-40 animate-pulse rounded bg-slate-100" />
                    </td>
                  ))}
                </tr>
              ))
            : rows.map((row) => {
                const isExpanded = row.getIsExpanded();
                return (
                  <Fragment key={row.id}>
                    <tr
                      data-row-key={row.id}
                      aria-selected={selection ? row.getIsSelected() : undefined}
                      className={
                        rowClassName?.(row.original, { expanded: isExpanded, selected: row.getIsSelected() }) ??
                        cn("align-top", isExpanded ? "bg-slate-50" : "hover:bg-slate-50", row.getIsSelected() && "bg-indigo-50/60")
                      }
                    >
                      {row.getAllCells().map((cell) => {
                        const meta = cell.column.columnDef.meta;
                        const Cell = meta?.rowHeader ? "th" : "td";
                        return (
                          <Cell
                            key={cell.id}
                            {...(meta?.rowHeader ? { scope: "row" } : {})}
                            className={cn(pad.td, meta?.rowHeader && "text-left font-normal", meta?.cellClassName)}
                          >
                            <table.FlexRender cell={cell} />
                          </Cell>
                        );
                      })}
                    </tr>
                    {detail && isExpanded ? (
                      <tr id={detailId(row.id)} className="bg-slate-50">
                        <td />
                        <td colSpan={leafCount - 1} className="px-3 pb-4 pt-1">
                          {detail.render(row.original)}
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
          {!loading && rows.length === 0 ? (
            <tr>
              <td colSpan={leafCount} className="px-4 py-8 text-center text-sm text-slate-500">
                No rows.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {footer ? <div className="border-t border-slate-200 px-4 py-3">{footer}</div> : null}
    </div>
  );
}

const detailId = (rowId: string) => `row-detail-${rowId.replace(/[^A-Za-z0-9_-]/g, "_")}`;

function Checkbox({
  label,
  checked,
  indeterminate = false,
  disabled,
  onChange,
}: {
  label: string;
  checked: boolean;
  indeterminate?: boolean;
  disabled?: boolean;
  onChange: (e: unknown) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  // "Some selected" has no HTML attribute: it is a DOM property only.
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate && !checked;
  }, [indeterminate, checked]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={label}
      checked={checked}
      disabled={disabled}
      onChange={onChange}
      className="h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
    />
  );
}

/**
 * Previous / next links for cursor-paged lists (Okta's `after` cursor, the audit log's sequence
 * cursor): the URL holds the page, so Back works and a page can be shared.
 */
export function CursorPager({ previousHref, nextHref, label = "Pages" }: { previousHref?: string | null; nextHref?: string | null; label?: string }) {
  if (!previousHref && !nextHref) return null;
  return (
    <nav aria-label={label} className="flex items-center justify-end gap-2">
      {previousHref ? (
        <Link href={previousHref} className={buttonClasses("secondary", "sm")}>
          Previous
        </Link>
      ) : null}
      {nextHref ? (
        <Link href={nextHref} className={buttonClasses("secondary", "sm")}>
          Next
        </Link>
      ) : null}
    </nav>
  );
}
