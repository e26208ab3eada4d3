// The Timeline tab of a user's detail page (server component, rendered by the tab's server action when
// it is opened: app/(console)/t/[tenant]/users/[userId]/timeline-action.tsx): what the MSP did to this
// user in the console and what Okta recorded about them, merged newest first (lib/timeline/join.ts).
// Each console action lists the Okta events its requests caused; each Okta event the console caused
// names the technician and Ticket ID.
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/users/detail-format";
import type { AuditRowView } from "@/lib/audit-view/rows";
import { tenantAuditHref } from "@/lib/audit-view/tenant-filters";
import { RECENT_EVENTS_DAYS, RECENT_EVENTS_LIMIT, type Section, type UserEventSummary } from "@/lib/okta/users";
import { joinTimeline, type Attribution } from "@/lib/timeline/join";
import { TIMELINE_AUDIT_LIMIT } from "@/lib/timeline/user-timeline";

const OUTCOME_TONE = { success: "green", failure: "red", denied: "amber", unknown: "neutral" } as const;
const OUTCOME_LABEL = { success: "Success", failure: "Failure", denied: "Denied", unknown: "Outcome unknown" } as const;

function oktaTone(result: string | null): "green" | "red" | "amber" | "neutral" {
  if (result === "SUCCESS" || result === "ALLOW") return "green";
  if (result === "FAILURE" || result === "DENY") return "red";
  return result ? "amber" : "neutral";
}

function Time({ iso }: { iso: string | null }) {
  return (
    <time dateTime={iso ?? undefined} className="text-xs text-slate-500 sm:pt-0.5">
      {formatDateTime(iso)}
    </time>
  );
}

function By({ attribution }: { attribution: Attribution }) {
  return (
    <span className="text-slate-700">
      by <span className="font-medium">{attribution.staff ?? "unknown staff"}</span> through the console
      {attribution.ticketId ? (
        <>
          {" "}
          · ticket <span className="font-mono">{attribution.ticketId}</span>
        </>
      ) : null}
      <span className="text-slate-500">
        {attribution.via === "request_id" ? " (audit entry matched by request id)" : " (named in the request's User-Agent, no audit entry read here)"}
      </span>
    </span>
  );
}

function OktaLine({ e, userId }: { e: UserEventSummary; userId: string }) {
  const actor = e.actor.id === userId ? "this user" : (e.actor.displayName ?? e.actor.alternateId ?? e.actor.id ?? "—");
  return (
    <>
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-900">{e.displayMessage ?? e.eventType}</span>
        {e.outcome.result ? <Badge tone={oktaTone(e.outcome.result)}>{e.outcome.result.toLowerCase()}</Badge> : null}
      </p>
      <p className="mt-0.5 break-words text-xs text-slate-500">
        <span className="font-mono">{e.eventType}</span> · actor {actor}
        {e.outcome.reason ? ` · ${e.outcome.reason}` : ""}
      </p>
    </>
  );
}

export function UserTimeline({ slug, userId, audit, events: e }: { slug: string; userId: string; audit: AuditRowView[]; events: Section<UserEventSummary[]> }) {
  const oktaEvents = e.ok ? e.data : [];
  const items = joinTimeline(audit, oktaEvents);
  return (
    <Card aria-label="Timeline">
      <CardHeader
        title="Timeline"
        description={`Console actions on this user and their Okta System Log events, newest first: last ${RECENT_EVENTS_DAYS} days, newest ${TIMELINE_AUDIT_LIMIT} actions and ${RECENT_EVENTS_LIMIT} events.`}
      />
      <CardBody className={items.length ? "space-y-3 p-0 pb-3" : "space-y-3"}>
        {!e.ok ? (
          <div className={items.length ? "px-5 pt-3" : undefined}>
            <Alert tone="error" title="Okta events could not be read from Okta">
              {e.error}
            </Alert>
          </div>
        ) : null}
        {items.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing in the last {RECENT_EVENTS_DAYS} days: no console action on this user and no Okta event.</p>
        ) : (
          <ol className="divide-y divide-slate-100" aria-label="Timeline entries">
            {items.map((item) =>
              item.kind === "console" ? (
                <li key={`c${item.row.seq}`} className="grid gap-1 px-5 py-3 text-sm sm:grid-cols-[10rem_1fr] sm:gap-4">
                  <Time iso={item.at} />
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2">
                      <Badge tone="indigo">Console</Badge>
                      <span className="font-mono text-xs text-slate-900">{item.row.action}</span>
                      <Badge tone={OUTCOME_TONE[item.row.outcome]}>{OUTCOME_LABEL[item.row.outcome]}</Badge>
                    </p>
                    <p className="mt-1 break-words text-xs text-slate-600">
                      by <span className="font-medium text-slate-800">{item.row.staffEmail ?? "anonymous"}</span>
                      {item.row.ticketId ? (
                        <>
                          {" "}
                          · ticket <span className="font-mono text-slate-800">{item.row.ticketId}</span>
                        </>
                      ) : (
                        " · no ticket"
                      )}
                      {" · "}
                      <Link href={tenantAuditHref(slug, { seq: item.row.seq })} prefetch={false} className="text-indigo-700 hover:underline">
                        audit entry #{item.row.seq}
                      </Link>
                    </p>
                    {item.row.errorSummary ? <p className="mt-0.5 text-xs text-rose-700">{item.row.errorSummary}</p> : null}
                    {item.events.length ? (
                      <ul className="mt-2 space-y-2 border-l-2 border-indigo-100 pl-3" aria-label={`Okta events caused by audit entry ${item.row.seq}`}>
                        {item.events.map((ev) => {
                          const viewer = item.row.oktaEventLinks?.find((l) => l.requestId === ev.transactionId);
                          return (
                            <li key={ev.uuid} className="text-sm">
                              <Time iso={ev.published} />
                              <OktaLine e={ev} userId={userId} />
                              {viewer ? (
                                <a href={viewer.href} className="text-xs text-indigo-700 hover:underline">
                                  This request in the Log Viewer
                                </a>
                              ) : null}
                            </li>
                          );
                        })}
                      </ul>
                    ) : item.row.oktaEventsAroundHref ? (
                      <a href={item.row.oktaEventsAroundHref} className="mt-1 inline-block text-xs text-indigo-700 hover:underline">
                        Okta events on this user around this time, in the Log Viewer
                      </a>
                    ) : null}
                  </div>
                </li>
              ) : (
                <li key={`o${item.event.uuid}`} className="grid gap-1 px-5 py-3 text-sm sm:grid-cols-[10rem_1fr] sm:gap-4">
                  <Time iso={item.event.published} />
                  <div className="min-w-0">
                    <div className="flex flex-wrap items-start gap-2">
                      <Badge tone="blue">Okta</Badge>
                      <div className="min-w-0 flex-1">
                        <OktaLine e={item.event} userId={userId} />
                      </div>
                    </div>
                    {item.attribution ? (
                      <p className="mt-1 text-xs">
                        <By attribution={item.attribution} />
                      </p>
                    ) : null}
                  </div>
                </li>
              ),
            )}
          </ol>
        )}
      </CardBody>
    </Card>
  );
}
