import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/components/admin/format";
import { NoAccess } from "@/components/admin/no-access";
import { SettingsNav } from "@/components/admin/settings-nav";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { elevationNow } from "@/lib/elevation/clock";
import { STATE_LABELS, type ElevationState } from "@/lib/elevation/rules";
import { pendingElevations, recentDecisions } from "@/lib/elevation/service";
import { consoleCan } from "@/lib/staff/access";
import { DecisionButtons } from "./approvals-client";

export const metadata: Metadata = { title: "Approvals" };

const STATE_TONES: Record<ElevationState, "green" | "amber" | "neutral" | "red"> = {
  active: "green",
  pending: "amber",
  expired: "neutral",
  ended: "neutral",
  cancelled: "neutral",
  denied: "red",
};

export default async function ApprovalsPage() {
  const me = await requireStaffPage();
  if (!(await consoleCan(me.staffId, "elevation.approve"))) return <NoAccess title="Approvals" need="approve or deny requests for time-bound roles" />;
  const now = elevationNow();
  const [pending, decided] = await Promise.all([pendingElevations(db(), now), recentDecisions(db(), now)]);

  return (
    <>
      <PageHeader
        title="Approvals"
        description="Staff ask for a role in one org for a while. An approved role applies at once and ends by itself; nobody decides on their own request."
      />
      <SettingsNav staffId={me.staffId} />

      <Card className="mb-8" aria-labelledby="pending-heading">
        <CardHeader
          title={<span id="pending-heading">Waiting for a decision</span>}
          description={pending.length ? `${pending.length} request${pending.length === 1 ? "" : "s"}, oldest first.` : undefined}
        />
        {pending.length === 0 ? (
          <div className="p-5">
            <EmptyState title="No requests waiting">When a staff member asks for a role in an org, it appears here.</EmptyState>
          </div>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Requests waiting for a decision">
            {pending.map((r) => {
              const who = r.requester?.name ?? "A former staff member";
              const own = r.requester?.id === me.staffId;
              return (
                <li key={r.id} className="grid gap-3 px-5 py-4 md:grid-cols-[1fr_auto]" aria-label={`${who}: ${r.roleLabel} in ${r.tenant.name}`}>
                  <div className="min-w-0">
                    <p className="text-sm text-slate-900">
                      <span className="font-semibold">{who}</span>
                      {r.requester?.email ? <span className="text-slate-500"> ({r.requester.email})</span> : null} asks for{" "}
                      <Badge tone="indigo">{r.roleLabel}</Badge> in{" "}
                      <Link href={`/t/${encodeURIComponent(r.tenant.slug)}`} className="font-medium text-indigo-700 hover:underline">
                        {r.tenant.name}
                      </Link>{" "}
                      for <span className="font-medium">{r.durationLabel}</span>
                    </p>
                    <dl className="mt-2 grid gap-x-6 gap-y-1 text-xs sm:grid-cols-[auto_1fr]">
                      <dt className="text-slate-500">Reason</dt>
                      <dd className="break-words text-slate-800">{r.reason}</dd>
                      <dt className="text-slate-500">Ticket</dt>
                      <dd className="font-mono text-slate-800">{r.ticketId ?? "—"}</dd>
                      <dt className="text-slate-500">Asked</dt>
                      <dd className="text-slate-800">
                        <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
                      </dd>
                    </dl>
                  </div>
                  <div className="md:self-center">
                    {own ? (
                      <p className="text-xs text-slate-500">Your own request: another Administrator decides.</p>
                    ) : (
                      <DecisionButtons
                        id={r.id}
                        who={who}
                        roleLabel={r.roleLabel}
                        tenantName={r.tenant.name}
                        durationLabel={r.durationLabel}
                        durationMinutes={r.durationMinutes}
                        ticketId={r.ticketId}
                      />
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </Card>

      <Card aria-labelledby="decided-heading">
        <CardHeader title={<span id="decided-heading">Recent decisions</span>} description="The last 20 approvals and denials." />
        {decided.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-500">No decisions yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Recent decisions</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-5 py-2.5">Staff member</th>
                  <th scope="col" className="px-5 py-2.5">Role and org</th>
                  <th scope="col" className="px-5 py-2.5">Decision</th>
                  <th scope="col" className="px-5 py-2.5">Ticket</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {decided.map((r) => (
                  <tr key={r.id} className="align-top">
                    <td className="px-5 py-3">
                      <div className="font-medium text-slate-900">{r.requester?.name ?? "—"}</div>
                      <div className="text-xs text-slate-500">{r.requester?.email}</div>
                    </td>
                    <td className="px-5 py-3">
                      {r.roleLabel} in {r.tenant.name}
                      <div className="text-xs text-slate-500">for {r.durationLabel}</div>
                    </td>
                    <td className="px-5 py-3">
                      <Badge tone={STATE_TONES[r.state]}>{r.state === "active" ? "Approved, active" : r.state === "denied" ? "Denied" : `Approved, ${STATE_LABELS[r.state].toLowerCase()}`}</Badge>
                      <div className="mt-1 text-xs text-slate-500">
                        by {r.decidedBy?.name ?? "—"}, {formatDateTime(r.decidedAt)}
                        {r.state === "active" ? `; ends ${formatDateTime(r.endsAt)}` : ""}
                      </div>
                      {r.decisionNote ? <div className="mt-1 max-w-xs text-xs text-slate-600">“{r.decisionNote}”</div> : null}
                    </td>
                    <td className="whitespace-nowrap px-5 py-3 font-mono text-xs text-slate-700">{r.ticketId ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
