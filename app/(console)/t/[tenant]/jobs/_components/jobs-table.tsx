"use client";

import Link from "next/link";
import { columnHelper, DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import type { JobSummary } from "@/lib/jobs/actions";
import { JobStatusBadge } from "./job-status";

const col = columnHelper<JobSummary & { slug: string }>();
const WHEN = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const when = (iso: string | null) => (iso ? WHEN.format(new Date(iso)) : "—");

const columns = [
  col.accessor("title", {
    header: "Job",
    meta: { rowHeader: true },
    cell: ({ row: { original: j } }) => (
      <>
        <Link href={`/t/${j.slug}/jobs/${j.id}`} prefetch={false} className="font-medium text-indigo-700 hover:underline">
          {j.title}
        </Link>
        <div className="text-xs text-slate-500">{j.kindLabel}</div>
      </>
    ),
  }),
  col.accessor("createdByEmail", {
    header: "Started by",
    cell: ({ row: { original: j } }) => (
      <>
        <div className="text-slate-700">{j.createdByEmail ?? "—"}</div>
        {j.ticketId ? <div className="text-xs text-slate-500">Ticket {j.ticketId}</div> : null}
      </>
    ),
  }),
  col.accessor("createdAt", {
    header: "When",
    meta: { cellClassName: "whitespace-nowrap text-slate-600" },
    cell: ({ row: { original: j } }) => (
      <>
        <div>{when(j.createdAt)}</div>
        {j.scheduledFor && j.status === "scheduled" ? <div className="text-xs text-sky-700">Starts {when(j.scheduledFor)}</div> : null}
      </>
    ),
  }),
  col.accessor("status", { header: "Status", cell: ({ getValue }) => <JobStatusBadge status={getValue()} /> }),
  col.accessor("counts", {
    header: "Items",
    meta: { cellClassName: "whitespace-nowrap text-slate-700 tabular-nums" },
    cell: ({ getValue }) => {
      const c = getValue();
      return (
        <>
          <div>
            {c.done} of {c.total} done
          </div>
          <div className="text-xs text-slate-500">
            {c.succeeded} succeeded{c.failed ? `, ${c.failed} failed` : ""}
            {c.skipped ? `, ${c.skipped} skipped` : ""}
            {c.cancelled ? `, ${c.cancelled} cancelled` : ""}
          </div>
        </>
      );
    },
  }),
  col.display({
    id: "report",
    header: () => <span className="sr-only">Report</span>,
    cell: ({ row: { original: j } }) => (
      <a href={`/api/t/${j.slug}/jobs/report?jobId=${encodeURIComponent(j.id)}`} className="whitespace-nowrap text-sm text-indigo-700 hover:underline" download>
        CSV report<span className="sr-only"> of {j.title}</span>
      </a>
    ),
  }),
];

export function JobsTable({ slug, jobs }: { slug: string; jobs: JobSummary[] }) {
  return (
    <DataTable
      columns={columns}
      data={jobs.map((j) => ({ ...j, slug }))}
      getRowId={(j) => j.id}
      caption={`Jobs (${jobs.length})`}
      empty={<EmptyState title="No jobs yet">Bulk actions on the users list, CSV imports and offboarding run here as jobs.</EmptyState>}
    />
  );
}
