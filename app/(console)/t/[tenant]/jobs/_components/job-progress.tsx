"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { columnHelper, DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import type { JobDetail, JobItemRow } from "@/lib/jobs/actions";
import { ITEM_STATUSES, type JobItemStatus } from "@/lib/jobs/types";
import { cancelJob, readJobDetail } from "../actions";
import { ITEM_STATUS_LABELS, ItemStatusBadge, JobStatusBadge } from "./job-status";

const POLL_MS = 1_000;
const ACTIVE = new Set(["scheduled", "queued", "running", "cancelling"]);
const WHEN = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium" });

const col = columnHelper<JobItemRow>();
const columns = [
  col.accessor("seq", { header: "#", meta: { cellClassName: "w-12 tabular-nums text-slate-500" } }),
  col.accessor("label", { header: "Item", meta: { rowHeader: true, cellClassName: "font-medium text-slate-800" } }),
  col.accessor("status", { header: "Status", cell: ({ getValue }) => <ItemStatusBadge status={getValue()} /> }),
  col.display({
    id: "outcome",
    header: "Outcome",
    cell: ({ row: { original: i } }) => (
      <div className="text-sm">
        {i.error ? <p className="text-rose-700">{i.error}</p> : null}
        {!i.error && typeof i.result?.outcome === "string" ? <p className="text-slate-700">{i.result.outcome}</p> : null}
        {Array.isArray(i.result?.steps) ? (
          <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
            {(i.result.steps as Array<Record<string, unknown>>).map((s, n) => (
              <li key={n}>
                <span className="font-medium">{String(s.label ?? s.step ?? `Step ${n + 1}`)}</span>: {String(s.status ?? s.outcome ?? "")}
                {typeof s.message === "string" && s.message ? <span className="text-slate-500"> ({s.message})</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
        {i.attempts > 1 ? <p className="text-xs text-slate-500">Taken over after an interrupted attempt ({i.attempts} attempts)</p> : null}
      </div>
    ),
  }),
];

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m < 60) return s ? `${m} min ${s} s` : `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function JobProgress({ slug, initial, ticketRequired }: { slug: string; initial: JobDetail; ticketRequired: boolean }) {
  const [job, setJob] = useState(initial);
  const [page, setPage] = useState(initial.itemsPage);
  const [filter, setFilter] = useState<JobItemStatus | "">(initial.itemFilter ?? "");
  const [pollError, setPollError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const active = ACTIVE.has(job.status);
  const inFlight = useRef(false);

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const next = await readJobDetail(slug, { jobId: initial.id, page, ...(filter ? { status: filter } : {}) });
      if (next.ok && next.data) {
        setJob(next.data);
        setPollError(null);
      } else setPollError(next.ok ? "This job is no longer there." : next.error);
    } catch {
      setPollError("The progress could not be read; retrying.");
    } finally {
      inFlight.current = false;
    }
  }, [slug, initial.id, page, filter]);

  // Poll every second while the job is active; once more whenever the page or filter changes.
  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const timer = active ? setInterval(() => void refresh(), POLL_MS) : null;
    return () => {
      clearTimeout(first);
      if (timer) clearInterval(timer);
    };
  }, [refresh, active]);

  const c = job.counts;
  const percent = c.total ? Math.floor((c.done / c.total) * 100) : 0;
  const reportHref = `/api/t/${slug}/jobs/report?jobId=${encodeURIComponent(job.id)}`;
  const when = (iso: string | null) => (iso ? WHEN.format(new Date(iso)) : null);
  const summary = useMemo(
    () =>
      [
        `${c.succeeded} succeeded`,
        c.failed ? `${c.failed} failed` : null,
        c.skipped ? `${c.skipped} skipped` : null,
        c.cancelled ? `${c.cancelled} cancelled` : null,
        c.running ? `${c.running} running` : null,
        c.pending ? `${c.pending} waiting` : null,
      ].filter(Boolean).join(", "),
    [c],
  );

  return (
    <>
      <PageHeader
        title={job.title}
        description={
          <>
            {job.kindLabel} started by {job.createdByEmail ?? "unknown"}
            {job.ticketId ? ` (ticket ${job.ticketId})` : ""} on {when(job.createdAt)}
            {job.status === "scheduled" && job.scheduledFor ? `; starts ${when(job.scheduledFor)}` : ""}.
          </>
        }
        actions={
          <div className="flex items-center gap-2">
            <a href={reportHref} download className={buttonClasses("secondary")}>
              Download report (CSV)
            </a>
            {job.canCancel ? (
              <Button variant="secondary" onClick={() => setConfirming(true)}>
                Cancel job
              </Button>
            ) : null}
          </div>
        }
      />

      <Card>
        <CardHeader title="Progress" actions={<JobStatusBadge status={job.status} />} />
        <CardBody className="space-y-3">
          <div
            role="progressbar"
            aria-label="Job progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={`${percent}% (${c.done} of ${c.total} items)`}
            className="h-3 w-full overflow-hidden rounded-full bg-slate-100"
          >
            <div className={`h-full rounded-full transition-[width] duration-500 ${c.failed ? "bg-amber-500" : "bg-indigo-600"}`} style={{ width: `${percent}%` }} />
          </div>
          <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <p className="font-medium text-slate-800" aria-live="polite">
              {percent}% · {c.done} of {c.total} items done
            </p>
            <p className="text-slate-600">
              {job.ratePerMinute !== null ? `${job.ratePerMinute} items/min` : "Rate: not yet known"}
              {job.etaSeconds !== null ? ` · about ${duration(job.etaSeconds)} left` : ""}
              {!active && job.finishedAt ? ` · finished ${when(job.finishedAt)}` : ""}
            </p>
          </div>
          <p className="text-sm text-slate-600">{summary}</p>
          {job.status === "cancelling" ? <Alert tone="warning">Cancelling: items in progress stop before their next Okta request.</Alert> : null}
          {pollError ? <Alert tone="warning">{pollError}</Alert> : null}
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Items"
          description="Each item was checked against the job creator's access when it ran, and has its own audit row."
          actions={
            <label className="flex items-center gap-2 text-sm text-slate-600">
              Show
              <select
                value={filter}
                onChange={(e) => {
                  setFilter(e.target.value as JobItemStatus | "");
                  setPage(1);
                }}
                className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
              >
                <option value="">All items</option>
                {ITEM_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {ITEM_STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </label>
          }
        />
        <DataTable
          columns={columns}
          data={job.items}
          getRowId={(i) => i.id}
          caption={`Items of ${job.title}`}
          density="card"
          className="rounded-none border-0 shadow-none"
          empty={<p className="px-5 py-4 text-sm text-slate-500">No items {filter ? `with status "${ITEM_STATUS_LABELS[filter]}"` : ""}.</p>}
          footer={
            job.itemPages > 1 ? (
              <nav aria-label="Item pages" className="flex items-center justify-end gap-3 px-5 py-2 text-sm">
                <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => setPage((p) => Math.max(1, p - 1))}>
                  Previous
                </Button>
                <span className="text-slate-500">
                  Page {job.itemsPage} of {job.itemPages}
                </span>
                <Button variant="secondary" size="sm" disabled={page >= job.itemPages} onClick={() => setPage((p) => p + 1)}>
                  Next
                </Button>
              </nav>
            ) : null
          }
        />
      </Card>

      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Cancel this job?"
        description={`${c.pending + c.running} item${c.pending + c.running === 1 ? "" : "s"} not done yet will not run. Items already done stay done; an item in progress stops before its next Okta request.`}
        confirmLabel="Cancel job"
        ticketRequired={ticketRequired}
        onConfirm={(ticketId) => cancelJob(slug, { jobId: job.id, ...(ticketId ? { ticketId } : {}) })}
        onDone={() => void refresh()}
        successMessage="Cancelling the job."
      />
    </>
  );
}
