"use client";
// The audit log table of both audit pages (console-wide /audit and /t/<slug>/audit): one row per event
// (an attempt and its outcome read as one), expandable to the input summary (redacted when written),
// the Okta request ids (each a link into the org's Log Viewer when the page offers one), IP and user agent.

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { columnHelper, DataTable } from "@/components/ui/data-table";
import type { AuditRowView } from "@/lib/audit-view/rows";
import { MoreRequestIds } from "./more-request-ids";

const OUTCOME_TONE = { success: "green", failure: "red", denied: "amber", unknown: "neutral" } as const;
const OUTCOME_LABEL = { success: "Success", failure: "Failure", denied: "Denied", unknown: "Outcome unknown" } as const;

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
      aria-label={copied ? `Copied ${label}` : `Copy ${label}`}
      title="Copy"
      className="group inline-flex max-w-full items-center gap-1 rounded px-1 font-mono text-xs text-slate-700 hover:bg-slate-100"
    >
      <span className="truncate">{value}</span>
      {copied ? (
        <span aria-hidden className="shrink-0 text-emerald-600">✓</span>
      ) : (
        <svg aria-hidden viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" className="h-3.5 w-3.5 shrink-0 text-slate-400 group-hover:text-slate-600">
          <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
          <path d="M10.5 5.5V3.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h2" />
        </svg>
      )}
    </button>
  );
}

const col = columnHelper<AuditRowView>();
// Module scope: stable columns. The expand toggle column comes from DataTable's `detail`.
const columns = [
  col.accessor("at", {
    header: "Time",
    meta: { cellClassName: "whitespace-nowrap text-slate-600" },
    cell: ({ row: { original: r } }) => (
      <time dateTime={r.at} title={r.atLabel}>
        <span className="block">{r.at.slice(0, 10)}</span>
        <span className="block text-xs text-slate-500">{r.at.slice(11, 19)} UTC</span>
      </time>
    ),
  }),
  col.accessor("staffEmail", {
    header: "Staff",
    cell: ({ row: { original: r } }) => (
      <>
        <div className="max-w-48 truncate text-slate-800" title={r.staffEmail ?? undefined}>
          {r.staffEmail ?? <span className="text-slate-400">anonymous</span>}
        </div>
        {r.role ? <div className="text-xs text-slate-500">{r.role}</div> : null}
      </>
    ),
  }),
  col.accessor("action", {
    header: "Action · org",
    cell: ({ row: { original: r } }) => (
      <>
        <div className="font-mono text-xs text-slate-800">{r.action}</div>
        <div className="text-xs text-slate-500">{r.tenantSlug ?? "console"}</div>
      </>
    ),
  }),
  col.accessor("target", {
    header: "Target",
    meta: { cellClassName: "max-w-44 truncate text-slate-700" },
    cell: ({ getValue }) => <span title={getValue() ?? undefined}>{getValue() ?? <span className="text-slate-400">—</span>}</span>,
  }),
  col.accessor("outcome", {
    header: "Outcome",
    cell: ({ getValue }) => <Badge tone={OUTCOME_TONE[getValue()]}>{OUTCOME_LABEL[getValue()]}</Badge>,
  }),
  col.accessor("ticketId", {
    header: "Ticket",
    meta: { cellClassName: "whitespace-nowrap text-slate-700" },
    cell: ({ getValue }) => getValue() ?? <span className="text-slate-400">—</span>,
  }),
  col.accessor("oktaRequestIds", {
    header: "Okta request IDs",
    meta: { cellClassName: "max-w-40" },
    cell: ({ getValue }) => {
      const ids = getValue();
      if (ids.length === 0) return <span className="text-slate-400">—</span>;
      return (
        <ul>
          {ids.slice(0, 3).map((id) => (
            <li key={id}>
              <CopyButton value={id} label={`Okta request ID ${id}`} />
            </li>
          ))}
          {ids.length > 3 ? (
            <li>
              <MoreRequestIds ids={ids} />
            </li>
          ) : null}
        </ul>
      );
    },
  }),
];

function AuditDetails({ r }: { r: AuditRowView }) {
  return (
    <div className="grid min-w-0 gap-4 lg:grid-cols-2">
      <div>
        <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Input (secrets removed)</h3>
        <pre className="mt-1 max-h-72 overflow-auto whitespace-pre-wrap break-all rounded-md border border-slate-200 bg-white p-3 font-mono text-xs text-slate-800">{r.inputJson}</pre>
      </div>
      <dl className="space-y-2 text-sm">
        {r.outcome === "unknown" ? (
          <div>
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">Outcome unknown</dt>
            <dd className="text-slate-800">
              The attempt was recorded before the action ran; its outcome was not (the console stopped, or the outcome could not be
              written). Okta&apos;s System Log around this time shows whether the change happened.
            </dd>
          </div>
        ) : r.outcome !== "success" ? (
          <div>
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">Error</dt>
            <dd className="text-slate-800">
              {r.errorCode ? <span className="mr-2 font-mono text-xs">{r.errorCode}</span> : null}
              {r.errorSummary ?? "—"}
            </dd>
          </div>
        ) : null}
        {r.oktaEventLinks?.length ? (
          <div>
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">Okta events</dt>
            <dd className="space-y-1">
              {r.oktaEventsAroundHref ? (
                <a href={r.oktaEventsAroundHref} className="font-medium text-indigo-700 hover:underline">
                  Okta events on {r.target ?? "the target"} around this time
                </a>
              ) : null}
              <p className="text-xs text-slate-500">By Okta request id (the System Log&apos;s transaction id; Okta logs the changes, not the reads):</p>
              <ul className="flex flex-wrap gap-x-3 gap-y-0.5">
                {r.oktaEventLinks.map((l) => (
                  <li key={l.requestId}>
                    <a href={l.href} className="font-mono text-xs text-indigo-700 hover:underline" aria-label={`Okta events of request ${l.requestId}`}>
                      {l.requestId}
                    </a>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        {r.oktaRequestIds.length > 3 && !r.oktaEventLinks?.length ? (
          <div>
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">All Okta request IDs</dt>
            <dd>
              {r.oktaRequestIds.map((id) => (
                <CopyButton key={id} value={id} label={`Okta request ID ${id}`} />
              ))}
            </dd>
          </div>
        ) : null}
        <div>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">Client</dt>
          <dd className="break-all text-slate-700">
            {r.ip ?? "unknown IP"} · {r.userAgent ?? "unknown browser"}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">Entry</dt>
          <dd className="font-mono text-xs text-slate-600">
            {r.attemptSeq !== null && r.attemptSeq !== r.seq ? `attempt #${r.attemptSeq}${r.attemptAtLabel ? ` (${r.attemptAtLabel})` : ""} → ` : ""}#{r.seq} · {r.hash.slice(0, 16)}…
          </dd>
        </div>
      </dl>
    </div>
  );
}

const detail = {
  render: (r: AuditRowView) => <AuditDetails r={r} />,
  toggleLabel: (r: AuditRowView, expanded: boolean) => `${expanded ? "Hide" : "Show"} details of entry ${r.seq}`,
};

/** A card's details, drawn only once opened (a closed disclosure costs no DOM). */
function CardDetails({ r, initiallyOpen }: { r: AuditRowView; initiallyOpen: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)} className="mt-2">
      <summary className="cursor-pointer text-sm font-medium text-indigo-700">Details of entry {r.seq}</summary>
      {open ? (
        <div className="mt-2 min-w-0">
          <AuditDetails r={r} />
        </div>
      ) : null}
    </details>
  );
}

/** Narrow screens: one card per entry, its details behind a disclosure (a table would scroll sideways). */
function AuditCards({ rows, openSeq }: { rows: AuditRowView[]; openSeq?: number }) {
  return (
    <ol aria-label="Audit log entries, newest first" className="space-y-3 sm:hidden">
      {rows.map((r) => (
        <li key={r.seq} data-entry={r.seq} className={`rounded-lg border border-slate-200 p-3 shadow-sm ${r.seq === openSeq ? "bg-indigo-50/60" : "bg-white"}`}>
          <div className="flex items-start justify-between gap-2">
            <span className="break-all font-mono text-xs text-slate-800">{r.action}</span>
            <Badge tone={OUTCOME_TONE[r.outcome]}>{OUTCOME_LABEL[r.outcome]}</Badge>
          </div>
          <p className="mt-1 text-xs text-slate-500">
            <time dateTime={r.at}>{r.atLabel}</time> · #{r.seq}
          </p>
          <p className="mt-1 break-words text-sm text-slate-800">{r.staffEmail ?? <span className="text-slate-400">anonymous</span>}</p>
          {r.target ? <p className="break-all text-sm text-slate-600">{r.target}</p> : null}
          {r.ticketId ? (
            <p className="text-sm text-slate-600">
              Ticket <span className="font-mono">{r.ticketId}</span>
            </p>
          ) : null}
          <CardDetails r={r} initiallyOpen={r.seq === openSeq} />
        </li>
      ))}
    </ol>
  );
}

/** `openSeq`: the entry whose details are open at first (a link pointed at it). */
export function AuditTable({ rows, openSeq }: { rows: AuditRowView[]; openSeq?: number }) {
  return (
    <>
      <AuditCards rows={rows} openSeq={openSeq} />
      <div className="hidden sm:block">
        <AuditTableWide rows={rows} openSeq={openSeq} />
      </div>
    </>
  );
}

function AuditTableWide({ rows, openSeq }: { rows: AuditRowView[]; openSeq?: number }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={(r) => String(r.seq)}
      caption="Audit log entries, newest first"
      density="compact"
      detail={detail}
      defaultExpanded={openSeq !== undefined ? [String(openSeq)] : undefined}
      rowClassName={(r) => (r.seq === openSeq ? "bg-indigo-50/60" : undefined)}
    />
  );
}

