"use client";

import Link from "next/link";
import { useId, useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { LogEventRow } from "@/lib/logs/actions";
import { eventTypeLabel } from "@/lib/logs/event-types";
import { auditEntryHref, logViewerHref, type LogViewerParams } from "@/lib/logs/href";
import type { LogParty } from "@/lib/logs/okta";

const OUTCOME_TONES: Record<string, "green" | "red" | "amber" | "neutral" | "blue"> = {
  SUCCESS: "green",
  ALLOW: "green",
  FAILURE: "red",
  DENY: "red",
  CHALLENGE: "amber",
  UNKNOWN: "neutral",
};

// Built once for every row: Date#toLocaleString with options builds a formatter per call (~0.1 ms, 50
// rows a page, on the server and again in the browser).
const SHORT_TIME = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });

function timeLabel(iso: string | null): { short: string; full: string } {
  if (!iso) return { short: "—", full: "unknown time" };
  const d = new Date(iso);
  const short = SHORT_TIME.format(d);
  return { short, full: d.toISOString() };
}

function partyName(p: LogParty): string {
  return p.displayName ?? p.alternateId ?? p.id ?? "unknown";
}

/** A link that filters the viewer by this party (its Okta id; a login when there is no id). */
function PartyLink({ slug, query, field, party }: { slug: string; query: LogViewerParams; field: "actor" | "target"; party: LogParty }) {
  const value = party.id ?? party.alternateId;
  const name = partyName(party);
  if (!value) return <span>{name}</span>;
  return (
    <Link
      href={logViewerHref(slug, { ...query, [field]: value })}
      prefetch={false}
      className="font-medium text-indigo-700 underline-offset-2 hover:underline"
      aria-label={`Filter by ${field} ${name}`}
      title={`Show only events with ${field} ${name}`}
    >
      {name}
    </Link>
  );
}

/** Who in the MSP caused this event through the console: the audit row's word, else the User-Agent's. */
export function Attribution({ slug, event }: { slug: string; event: LogEventRow }) {
  if (event.audit) {
    return (
      <span className="text-xs text-slate-600">
        Done through this console by <span className="font-medium text-slate-800">{event.audit.staffEmail ?? "a staff member"}</span>
        {event.audit.ticketId ? (
          <>
            , ticket <span className="font-medium text-slate-800">{event.audit.ticketId}</span>
          </>
        ) : null}{" "}
        <Link href={auditEntryHref(slug, event.audit)} prefetch={false} className="text-indigo-700 underline underline-offset-2">
          audit entry #{event.audit.seq}
        </Link>
      </span>
    );
  }
  if (event.attribution) {
    return (
      <span className="text-xs text-slate-600">
        Done through this console by <span className="font-medium text-slate-800">{event.attribution.staff}</span>
        {event.attribution.ticketId ? (
          <>
            , ticket <span className="font-medium text-slate-800">{event.attribution.ticketId}</span>
          </>
        ) : null}
      </span>
    );
  }
  return null;
}

function Detail({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="min-w-0">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      <dl className="mt-1 space-y-0.5 text-sm">{children}</dl>
    </section>
  );
}

function Pair({ label, value }: { label: string; value: ReactNode }) {
  if (value === null || value === undefined || value === "") return null;
  return (
    <div className="flex min-w-0 gap-2">
      <dt className="shrink-0 text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-800 [overflow-wrap:anywhere]">{value}</dd>
    </div>
  );
}

/** One event: a summary line (a button that expands) and, expanded, everything Okta recorded. */
export function EventRow({ slug, query, event, fresh }: { slug: string; query: LogViewerParams; event: LogEventRow; fresh?: boolean }) {
  const [open, setOpen] = useState(false);
  const detailId = useId();
  const time = timeLabel(event.published);
  const result = event.outcome.result ?? "UNKNOWN";
  const label = eventTypeLabel(event.eventType);
  const byConsole = event.audit || event.attribution;
  return (
    <li className={fresh ? "bg-indigo-50/60" : undefined} data-event-uuid={event.uuid}>
      <div className="flex items-start gap-3 px-3 py-2.5 sm:px-4">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={detailId}
          onClick={() => setOpen((o) => !o)}
          className="mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded text-slate-500 hover:bg-slate-100 hover:text-slate-800"
          aria-label={`${open ? "Hide" : "Show"} details of ${event.displayMessage ?? event.eventType} at ${time.short}`}
        >
          <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className={`h-4 w-4 transition-transform ${open ? "rotate-90" : ""}`}>
            <path fillRule="evenodd" d="M7.2 14.8a.75.75 0 0 1 0-1.06L10.94 10 7.2 6.26a.75.75 0 1 1 1.06-1.06l4.27 4.27a.75.75 0 0 1 0 1.06l-4.27 4.27a.75.75 0 0 1-1.06 0Z" clipRule="evenodd" />
          </svg>
        </button>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <time dateTime={time.full} title={time.full} className="shrink-0 font-mono text-xs text-slate-500 tabular-nums">
              {time.short}
            </time>
            <span className="min-w-0 text-sm font-medium text-slate-900">{event.displayMessage ?? label ?? event.eventType}</span>
            <Badge tone={OUTCOME_TONES[result] ?? "neutral"}>
              {result.charAt(0) + result.slice(1).toLowerCase()}
              {event.outcome.reason ? `: ${event.outcome.reason}` : ""}
            </Badge>
            {byConsole ? <Badge tone="indigo">Console</Badge> : null}
          </div>
          <div className="mt-0.5 flex flex-wrap gap-x-2 text-sm text-slate-600">
            <code className="text-xs text-slate-500">{event.eventType}</code>
            <span>
              by <PartyLink slug={slug} query={query} field="actor" party={event.actor} />
              {event.targets.length > 0 ? (
                <>
                  {" → "}
                  {event.targets.slice(0, 3).map((t, i) => (
                    <span key={`${t.id ?? i}-${i}`}>
                      {i > 0 ? ", " : ""}
                      <PartyLink slug={slug} query={query} field="target" party={t} />
                    </span>
                  ))}
                  {event.targets.length > 3 ? ` and ${event.targets.length - 3} more` : ""}
                </>
              ) : null}
            </span>
            {event.client.ipAddress ? <span className="text-slate-500">from {event.client.ipAddress}</span> : null}
          </div>
          {byConsole ? (
            <div className="mt-0.5">
              <Attribution slug={slug} event={event} />
            </div>
          ) : null}
        </div>
      </div>
      <div id={detailId} hidden={!open} className="border-t border-slate-100 bg-slate-50 px-4 py-3 sm:pl-13">
        {open ? (
          <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
            <Detail title="Actor">
              <Pair label="Name" value={<PartyLink slug={slug} query={query} field="actor" party={event.actor} />} />
              <Pair label="Login" value={event.actor.alternateId} />
              <Pair label="Type" value={event.actor.type} />
              <Pair label="Id" value={event.actor.id ? <code className="text-xs">{event.actor.id}</code> : null} />
            </Detail>
            <Detail title={event.targets.length === 1 ? "Target" : `Targets (${event.targets.length})`}>
              {event.targets.length === 0 ? <Pair label="None" value="—" /> : null}
              {event.targets.map((t, i) => (
                <Pair
                  key={`${t.id ?? i}-${i}`}
                  label={t.type ?? "Target"}
                  value={
                    <>
                      <PartyLink slug={slug} query={query} field="target" party={t} />
                      {t.alternateId && t.alternateId !== "unknown" && t.alternateId !== t.displayName ? <span className="text-slate-500"> {t.alternateId}</span> : null}
                    </>
                  }
                />
              ))}
            </Detail>
            <Detail title="Outcome">
              <Pair label="Result" value={result} />
              <Pair label="Reason" value={event.outcome.reason} />
              <Pair label="Severity" value={event.severity} />
              <Pair label="Event type" value={<code className="text-xs">{event.eventType}</code>} />
              {label ? <Pair label="Known as" value={label} /> : null}
            </Detail>
            <Detail title="Client">
              <Pair label="IP address" value={event.client.ipAddress} />
              <Pair label="Location" value={event.client.location} />
              <Pair label="Coordinates" value={event.client.geolocation ? `${event.client.geolocation.lat}, ${event.client.geolocation.lon}` : null} />
              <Pair label="Device" value={event.client.device} />
              <Pair label="OS / browser" value={[event.client.userAgent.os, event.client.userAgent.browser].filter(Boolean).join(" / ")} />
              <Pair label="User agent" value={event.client.userAgent.raw ? <code className="text-xs">{event.client.userAgent.raw}</code> : null} />
              <Pair label="Zone" value={event.client.zone} />
            </Detail>
            <Detail title="Authentication context">
              {event.authentication.length === 0 ? <Pair label="Nothing recorded" value="—" /> : null}
              {event.authentication.map(([k, v]) => (
                <Pair key={k} label={k} value={v} />
              ))}
            </Detail>
            <Detail title="Debug context">
              <Pair label="Transaction" value={event.transaction.id ? <code className="text-xs">{event.transaction.id}</code> : null} />
              <Pair label="Transaction type" value={event.transaction.type} />
              {event.debug.map(([k, v]) => (
                <Pair key={k} label={k} value={<code className="text-xs">{v}</code>} />
              ))}
              {event.transaction.id ? (
                <Pair
                  label="Same request"
                  value={
                    <Link href={logViewerHref(slug, { range: "7d", tx: event.transaction.id })} prefetch={false} className="text-indigo-700 underline underline-offset-2">
                      All events of this transaction
                    </Link>
                  }
                />
              ) : null}
            </Detail>
            {byConsole ? (
              <Detail title="Done through this console">
                <Pair label="By" value={event.audit?.staffEmail ?? event.attribution?.staff ?? null} />
                <Pair label="Ticket ID" value={event.audit?.ticketId ?? event.attribution?.ticketId ?? null} />
                <Pair label="Console action" value={event.audit?.action ?? null} />
                <Pair
                  label="Audit log"
                  value={
                    event.audit ? (
                      <Link href={auditEntryHref(slug, event.audit)} prefetch={false} className="text-indigo-700 underline underline-offset-2">
                        Open audit entry #{event.audit.seq}
                      </Link>
                    ) : (
                      "No audit row of this org carries this transaction (attributed by the User-Agent only)."
                    )
                  }
                />
              </Detail>
            ) : null}
          </div>
        ) : null}
      </div>
    </li>
  );
}
