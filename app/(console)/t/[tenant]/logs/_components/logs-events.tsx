"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { CursorPager } from "@/components/ui/data-table";
import type { LogEventRow, TailData } from "@/lib/logs/actions";
import { logViewerSearch, type LogViewerParams } from "@/lib/logs/href";
import { EventRow } from "./event-row";
import { ExportButton } from "./export-button";

/** Okta's polling guidance: a few seconds between polls; slower after a rate-limit answer. */
const POLL_MS = 5_000;
/** Events the tail keeps on screen. */
const MAX_TAIL_EVENTS = 500;

type TailState =
  | { kind: "off" }
  | { kind: "on" }
  | { kind: "paused" }
  | { kind: "slowed"; seconds: number; why: string }
  | { kind: "error"; message: string };

interface ApiAnswer {
  ok: boolean;
  data?: TailData;
  error?: string;
  code?: string;
  retryAfterSeconds?: number;
}

export function LogsEvents({
  slug,
  query,
  initial,
  firstPage,
  limit,
  previousHref,
  nextHref,
  okta,
}: {
  slug: string;
  query: LogViewerParams;
  initial: LogEventRow[];
  firstPage: boolean;
  limit: number;
  previousHref: string | null;
  nextHref: string | null;
  okta: { since: string; until: string; filter: string | null; q: string | null };
}) {
  const [fresh, setFresh] = useState<LogEventRow[]>([]);
  const [tail, setTail] = useState<TailState>({ kind: "off" });
  const cursor = useRef<{ from: string; after: string | null } | null>(null);
  const seen = useRef(new Set(initial.map((e) => e.uuid)));
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** The tail is wanted (not paused, not stopped by an error). */
  const wanted = useRef(false);
  /** Bumped on every start, so a poll still in flight from before a pause does not start a second loop. */
  const generation = useRef(0);
  /** The latest poll function, for the timer (a callback cannot name itself). */
  const pollRef = useRef<(() => Promise<void>) | null>(null);
  const running = tail.kind === "on" || tail.kind === "slowed";
  // The tail fits a window ending now: the first page of a preset range.
  const tailable = firstPage && (query.range ?? "24h") !== "custom" && query.view !== "service-accounts";

  const poll = useCallback(async () => {
    const c = cursor.current;
    if (!c) return;
    const mine = generation.current;
    const sp = new URLSearchParams(logViewerSearch(query));
    sp.set("from", c.from);
    if (c.after) sp.set("after", c.after);
    let next: TailState = { kind: "on" };
    let delay = POLL_MS;
    try {
      const res = await fetch(`/api/t/${encodeURIComponent(slug)}/logs/tail?${sp.toString()}`, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      const body = (await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }))) as ApiAnswer;
      if (body.ok && body.data) {
        const data = body.data;
        if (data.after) c.after = data.after;
        const added = data.events.filter((e) => !seen.current.has(e.uuid));
        for (const e of added) seen.current.add(e.uuid);
        if (added.length > 0) setFresh((prev) => [...added.reverse(), ...prev].slice(0, MAX_TAIL_EVENTS));
        if (data.slowedDown) {
          delay = Math.max(POLL_MS, (data.retryAfterSeconds ?? 30) * 1000);
          next = { kind: "slowed", seconds: Math.round(delay / 1000), why: "Okta's System Log rate limit for this org was reached" };
        }
      } else if (body.code === "rate_limited") {
        delay = Math.max(POLL_MS, (body.retryAfterSeconds ?? 30) * 1000);
        next = { kind: "slowed", seconds: Math.round(delay / 1000), why: "You have read from Okta often this minute (the console spares the org's rate limit)" };
      } else {
        next = { kind: "error", message: body.error ?? "The live tail stopped." };
      }
    } catch {
      delay = POLL_MS * 3;
      next = { kind: "slowed", seconds: Math.round(delay / 1000), why: "The console could not be reached" };
    }
    if (!wanted.current || mine !== generation.current) return;
    setTail(next);
    if (next.kind === "error") wanted.current = false;
    else timer.current = setTimeout(() => void pollRef.current?.(), delay);
  }, [query, slug]);
  useEffect(() => {
    pollRef.current = poll;
  }, [poll]);

  useEffect(
    () => () => {
      wanted.current = false;
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const start = () => {
    if (!cursor.current) {
      // From the newest event shown (Okta's `since` is inclusive; duplicates are dropped by id), else now.
      const newest = initial[0]?.published ? Date.parse(initial[0].published) : NaN;
      const from = Number.isFinite(newest) && newest > Date.now() - 3600_000 ? newest : Date.now();
      cursor.current = { from: new Date(from).toISOString(), after: null };
    }
    wanted.current = true;
    generation.current += 1;
    setTail({ kind: "on" });
    void poll();
  };
  const pause = () => {
    wanted.current = false;
    if (timer.current) clearTimeout(timer.current);
    setTail({ kind: "paused" });
  };

  const events = [...fresh, ...initial];
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2">
          {tailable ? (
            running ? (
              <Button variant="secondary" size="sm" onClick={pause}>
                <span aria-hidden className="mr-1.5 inline-block h-2 w-2 animate-pulse rounded-full bg-emerald-500" />
                Pause live tail
              </Button>
            ) : (
              <Button variant="secondary" size="sm" onClick={start}>
                {tail.kind === "paused" ? "Resume live tail" : "Live tail"}
              </Button>
            )
          ) : null}
          <p role="status" aria-live="polite" className="text-xs text-slate-600">
            {tail.kind === "on" ? `Watching for new events every ${POLL_MS / 1000} seconds.` : null}
            {tail.kind === "paused" ? "Live tail paused." : null}
            {tail.kind === "slowed" ? `Slowed down: ${tail.why}; next check in ${tail.seconds} seconds.` : null}
            {fresh.length > 0 ? ` ${fresh.length} new event${fresh.length === 1 ? "" : "s"} since the tail started.` : null}
          </p>
          {tail.kind === "error" ? (
            <p role="alert" className="text-xs text-rose-700">
              Live tail stopped: {tail.message}
            </p>
          ) : null}
        </div>
        <ExportButton slug={slug} query={query} />
      </div>
      {events.length > 0 ? (
        <ul aria-label="System Log events" className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          {events.map((e) => (
            <EventRow key={e.uuid} slug={slug} query={query} event={e} fresh={fresh.includes(e)} />
          ))}
        </ul>
      ) : null}
      {events.length > 0 || !firstPage ? (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-xs text-slate-500">
            {initial.length} event{initial.length === 1 ? "" : "s"} on this page (up to {limit}), newest first.
          </p>
          <CursorPager previousHref={previousHref} nextHref={nextHref} label="Pages of events" />
        </div>
      ) : null}
      <details className="text-xs text-slate-500">
        <summary className="cursor-pointer select-none hover:text-slate-700">What Okta was asked</summary>
        <p className="mt-1 break-words">
          GET /api/v1/logs · since <code>{okta.since}</code> · until <code>{okta.until}</code>
          {okta.filter ? (
            <>
              {" "}
              · filter <code className="break-all rounded bg-slate-100 px-1 py-0.5 font-mono text-slate-700">{okta.filter}</code>
            </>
          ) : null}
          {okta.q ? (
            <>
              {" "}
              · q <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-slate-700">{okta.q}</code>
            </>
          ) : null}{" "}
          · newest first, {limit} per page, one request.
        </p>
      </details>
    </div>
  );
}
