"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { logViewerSearch, type LogViewerParams } from "@/lib/logs/href";

/** The cap the server states (X-Export-Row-Cap); shown before the export starts. */
const ROW_CAP = 10_000;
/** No data for this long: say that the export is waiting (Okta's rate limit paces it). */
const STALL_MS = 4_000;

type State =
  | { kind: "idle" }
  | { kind: "running"; rows: number; stalled: boolean }
  | { kind: "done"; rows: number; capped: boolean; filename: string }
  | { kind: "error"; message: string };

/** Counts finished CSV records in a chunk (line ends outside quoted cells). */
function countRecords(text: string, state: { inQuote: boolean }): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') state.inQuote = !state.inQuote;
    else if (c === "\n" && !state.inQuote) n++;
  }
  return n;
}

function filenameOf(disposition: string | null): string {
  const m = /filename="([^"]+)"/.exec(disposition ?? "");
  return m?.[1] ?? "system-log.csv";
}

/**
 * "Export CSV": reads the streamed export of the current query, counting rows as they arrive, then
 * hands the file to the browser. The server stops at the stated cap.
 */
export function ExportButton({ slug, query }: { slug: string; query: LogViewerParams }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);

  const run = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: "running", rows: 0, stalled: false });
    let rows = -1; // the header line
    let cap = ROW_CAP;
    let last = Date.now();
    const stallTimer = setInterval(() => {
      if (Date.now() - last > STALL_MS) setState((s) => (s.kind === "running" ? { ...s, stalled: true } : s));
    }, 1000);
    try {
      const res = await fetch(`/api/t/${encodeURIComponent(slug)}/logs/export?${logViewerSearch(query)}`, { signal: controller.signal, credentials: "same-origin" });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: string; fieldErrors?: Record<string, string[]> } | null;
        const sentence = Object.values(body?.fieldErrors ?? {}).flat()[0] ?? body?.error ?? `The export failed (HTTP ${res.status}).`;
        setState({ kind: "error", message: sentence });
        return;
      }
      cap = Number(res.headers.get("x-export-row-cap")) || ROW_CAP;
      const filename = filenameOf(res.headers.get("content-disposition"));
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const parts: BlobPart[] = [];
      const quote = { inQuote: false };
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        rows += countRecords(decoder.decode(value, { stream: true }), quote);
        last = Date.now();
        setState({ kind: "running", rows: Math.max(0, rows), stalled: false });
      }
      const blob = new Blob(parts, { type: "text/csv;charset=utf-8" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ kind: "done", rows: Math.max(0, rows), capped: rows >= cap, filename });
    } catch (err) {
      if (controller.signal.aborted) setState({ kind: "idle" });
      else setState({ kind: "error", message: err instanceof Error && err.message ? `The export stopped: ${err.message}` : "The export stopped." });
    } finally {
      clearInterval(stallTimer);
      abort.current = null;
    }
  };

  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <p role="status" aria-live="polite" className="text-xs text-slate-600">
        {state.kind === "idle" ? `CSV of this search, at most ${ROW_CAP.toLocaleString("en-US")} rows.` : null}
        {state.kind === "running" ? `Exporting… ${state.rows.toLocaleString("en-US")} rows so far.` : null}
        {state.kind === "running" && state.stalled ? " Slowed down: waiting for Okta (its System Log rate limit paces the export)." : null}
        {state.kind === "done"
          ? `Exported ${state.rows.toLocaleString("en-US")} rows to ${state.filename}.${state.capped ? ` Stopped at the ${ROW_CAP.toLocaleString("en-US")}-row cap: narrow the search for the rest.` : ""}`
          : null}
      </p>
      {state.kind === "error" ? (
        <p role="alert" className="text-xs text-rose-700">
          {state.message}
        </p>
      ) : null}
      {state.kind === "running" ? (
        <Button variant="secondary" size="sm" onClick={() => abort.current?.abort()}>
          Cancel export
        </Button>
      ) : (
        <Button variant="secondary" size="sm" onClick={() => void run()}>
          Export CSV
        </Button>
      )}
    </div>
  );
}
