import type { Metadata } from "next";
import { formatDateTime } from "@/components/admin/format";
import { NoAccess } from "@/components/admin/no-access";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/db";
import { elevationNow } from "@/lib/elevation/clock";
import { elevationRefusal, ROLE_OPTIONS, STATE_LABELS, type ElevationState } from "@/lib/elevation/rules";
import { myElevations, type ElevationView } from "@/lib/elevation/service";
import type { AccessSource } from "@/lib/rbac/grants";
import { ROLE_LABELS } from "@/lib/rbac/permissions";
import { requireTenantPage } from "@/lib/tenants/page-guard";
import { ElevationRowAction, RequestElevationForm } from "./access-client";

export const metadata: Metadata = { title: "Request access" };

const STATE_TONES: Record<ElevationState, "green" | "amber" | "neutral" | "red" | "blue"> = {
  active: "green",
  pending: "amber",
  expired: "neutral",
  ended: "neutral",
  cancelled: "neutral",
  denied: "red",
};

function sourceText(source: AccessSource): string {
  if (source.kind === "direct") return source.scope === "all" ? "direct grant, all orgs" : "direct grant";
  if (source.kind === "elevation") return `elevation until ${formatDateTime(source.endsAt)}`;
  const scope = source.scope === "all" ? ", all orgs" : source.scope === "tag" ? `, orgs tagged ${source.tag ?? ""}` : "";
  return `team ${source.teamName}${scope}${source.membership === "oidc" ? " (via MSP group)" : ""}`;
}

/** "in 58 min", "in 3 h 5 min" (server time, at render). */
function remaining(endsAt: string | null, now: Date): string {
  if (!endsAt) return "";
  const min = Math.max(0, Math.round((new Date(endsAt).getTime() - now.getTime()) / 60_000));
  if (min < 60) return `in ${min} min`;
  return `in ${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ""}`;
}

function Details({ r }: { r: ElevationView }) {
  return (
    <dl className="mt-1 grid gap-x-6 gap-y-1 text-xs text-slate-600 sm:grid-cols-[auto_1fr]">
      <dt className="text-slate-500">Reason</dt>
      <dd className="break-words text-slate-800">{r.reason}</dd>
      <dt className="text-slate-500">Ticket</dt>
      <dd className="font-mono text-slate-800">{r.ticketId ?? "—"}</dd>
    </dl>
  );
}

export default async function RequestAccessPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant: slug } = await params;
  const page = await requireTenantPage(slug);
  if (!page.can("elevation.request")) return <NoAccess title="Request access" need="ask for a role in this org" />;
  const sp = await searchParams;
  const now = elevationNow();
  const mine = await myElevations(db(), page.staff.staffId, page.tenant.id, now);
  const sources = page.access.sourcesFor(page.tenant.id);
  // A role already held (or covered), or already asked for and waiting, is not offered again.
  const waitingRoles = new Set(mine.pending.map((p) => p.role));
  const choices = ROLE_OPTIONS.map((o) => ({
    ...o,
    refusal:
      elevationRefusal(o.value, page.roles, page.tenant.name) ??
      (waitingRoles.has(o.value) ? `You already asked for ${o.label} in ${page.tenant.name}; an Administrator has not decided yet.` : null),
  }));
  const wanted = typeof sp.role === "string" ? sp.role : undefined;

  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title="Request access"
        description={`Ask for a role in ${page.tenant.name} for a while, with a reason. An Administrator approves it; it then applies at once and ends by itself.`}
      />

      <div className="space-y-6">
        <Card aria-labelledby="my-roles-heading">
          <CardHeader title={<span id="my-roles-heading">Your roles in {page.tenant.name}</span>} />
          <ul className="divide-y divide-slate-100 px-5 py-2 text-sm">
            {sources.map((s, i) => (
              <li key={i} className="flex flex-wrap items-center gap-2 py-2">
                <Badge tone={s.kind === "elevation" ? "amber" : "indigo"}>{ROLE_LABELS[s.role]}</Badge>
                <span className="text-slate-500">{sourceText(s)}</span>
              </li>
            ))}
          </ul>
        </Card>

        <Card aria-labelledby="active-heading">
          <CardHeader
            title={<span id="active-heading">Active elevations</span>}
            description="Roles approved for you here. Each ends by itself at its end time; end it sooner when the work is done."
          />
          {mine.active.length === 0 ? (
            <p className="px-5 py-4 text-sm text-slate-500">None running.</p>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Active elevations">
              {mine.active.map((r) => (
                <li key={r.id} className="flex flex-wrap items-start justify-between gap-3 px-5 py-3">
                  <div className="min-w-0">
                    <p className="text-sm font-medium text-slate-900">
                      {r.roleLabel}{" "}
                      <span className="font-normal text-slate-600">
                        until <time dateTime={r.endsAt ?? undefined}>{formatDateTime(r.endsAt)}</time> ({remaining(r.endsAt, now)})
                      </span>
                    </p>
                    <p className="text-xs text-slate-500">
                      Approved by {r.decidedBy?.name ?? "an Administrator"} at {formatDateTime(r.decidedAt)}
                    </p>
                    <Details r={r} />
                  </div>
                  <ElevationRowAction kind="end" slug={slug} id={r.id} ticketId={r.ticketId} roleLabel={r.roleLabel} />
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card aria-labelledby="pending-heading">
          <CardHeader title={<span id="pending-heading">Waiting for approval</span>} />
          {mine.pending.length === 0 ? (
            <p className="px-5 py-4 text-sm text-slate-500">Nothing waiting.</p>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Waiting for approval">
              {mine.pending.map((r) => (
                <li key={r.id} className="flex flex-wrap items-start justify-between gap-3 px-5 py-3">
                  <div className="min-w-0">
                    <p className="text-sm font-medium text-slate-900">
                      {r.roleLabel} <span className="font-normal text-slate-600">for {r.durationLabel}</span>
                    </p>
                    <p className="text-xs text-slate-500">Asked {formatDateTime(r.createdAt)}; it starts when approved.</p>
                    <Details r={r} />
                  </div>
                  <ElevationRowAction kind="cancel" slug={slug} id={r.id} ticketId={r.ticketId} roleLabel={r.roleLabel} />
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card aria-labelledby="request-heading">
          <CardHeader
            title={<span id="request-heading">Ask for a role</span>}
            description="Administrator and Read-only Administrator apply to every org and are not asked for here; ask an Administrator for a lasting grant instead."
          />
          <div className="px-5 py-4">
            <RequestElevationForm
              // A fresh form when the roles on offer change (after a request or a decision).
              key={choices.map((c) => (c.refusal ? "-" : c.value)).join(",")}
              slug={slug}
              tenantName={page.tenant.name}
              ticketRequired={page.tenant.ticketRequired}
              choices={choices}
              initialRole={wanted}
            />
          </div>
        </Card>

        {mine.history.length ? (
          <Card aria-labelledby="history-heading">
            <CardHeader title={<span id="history-heading">Earlier requests</span>} />
            <ul className="divide-y divide-slate-100" aria-label="Earlier requests">
              {mine.history.map((r) => (
                <li key={r.id} className="px-5 py-3 text-sm">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium text-slate-900">{r.roleLabel}</span>
                    <span className="text-slate-600">for {r.durationLabel}</span>
                    <Badge tone={STATE_TONES[r.state]}>{STATE_LABELS[r.state]}</Badge>
                    <span className="text-xs text-slate-500">asked {formatDateTime(r.createdAt)}</span>
                  </div>
                  {r.decisionNote ? <p className="mt-1 text-xs text-slate-600">Note from {r.decidedBy?.name ?? "the Administrator"}: {r.decisionNote}</p> : null}
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
