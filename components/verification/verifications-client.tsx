"use client";
// The org's Verifications page: break-glass requests waiting for an approver (Approve / Deny with a
// Ticket ID, never on one's own request) and the last 7 days of caller verifications.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { decideBreakGlass } from "@/app/(console)/t/[tenant]/users/verification-actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { TextField } from "@/components/ui/field";
import type { VerificationListRow } from "@/lib/verification/actions";
import { methodLabel, utcTime } from "@/lib/verification/rule";

interface Data {
  rule: string;
  canApprove: boolean;
  pending: VerificationListRow[];
  recent: VerificationListRow[];
}

const STATUS: Record<string, { label: string; tone: "green" | "amber" | "red" | "neutral" }> = {
  success: { label: "Verified", tone: "green" },
  pending: { label: "Waiting", tone: "amber" },
  requested: { label: "Waiting for approval", tone: "amber" },
  rejected: { label: "Rejected by caller", tone: "red" },
  timeout: { label: "Expired", tone: "neutral" },
  cancelled: { label: "Cancelled", tone: "neutral" },
  failed: { label: "Failed", tone: "red" },
  denied: { label: "Denied", tone: "red" },
};

const when = (iso: string) => {
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${utcTime(d)}`;
};

function UserCell({ slug, row }: { slug: string; row: VerificationListRow }) {
  return (
    <Link href={`/t/${encodeURIComponent(slug)}/users/${encodeURIComponent(row.oktaUserId)}`} className="font-medium text-indigo-700 hover:underline">
      {row.userLogin ?? row.oktaUserId}
    </Link>
  );
}

const TH = "px-4 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const TD = "px-4 py-2 align-top";

export function VerificationsClient({ slug, data, orgName }: { slug: string; data: Data; orgName: string }) {
  const router = useRouter();
  const [deciding, setDeciding] = useState<{ row: VerificationListRow; decision: "approve" | "deny" } | null>(null);
  const [note, setNote] = useState("");

  return (
    <div className="space-y-6">
      <Card aria-labelledby="pending-heading">
        <CardHeader
          title={<span id="pending-heading">Break-glass requests waiting ({data.pending.length})</span>}
          description={
            data.canApprove
              ? `Approve only after checking the caller another way (manager on the phone, video call, in person). Approval lets the requester act for 15 minutes. Nobody approves their own request.`
              : `A Technician or Administrator of ${orgName} decides these.`
          }
        />
        {data.pending.length ? (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Break-glass requests waiting for an approver</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={TH}>User</th>
                  <th scope="col" className={TH}>Asked by</th>
                  <th scope="col" className={TH}>Reason and ticket</th>
                  {data.canApprove ? <th scope="col" className={TH}><span className="sr-only">Decision</span></th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.pending.map((r) => (
                  <tr key={r.id}>
                    <th scope="row" className={`${TD} text-left font-normal`}>
                      <UserCell slug={slug} row={r} />
                    </th>
                    <td className={TD}>
                      {r.staffEmail ?? "—"}
                      <span className="block whitespace-nowrap text-xs text-slate-500">{when(r.createdAt)}</span>
                    </td>
                    <td className={`${TD} min-w-[14rem] max-w-md whitespace-pre-wrap break-words text-slate-700`}>
                      {r.reason}
                      <span className="mt-1 block font-mono text-xs text-slate-500">{r.ticketId}</span>
                    </td>
                    {data.canApprove ? (
                      <td className={`${TD} whitespace-nowrap text-right`}>
                        {r.mine ? (
                          <span className="text-xs text-slate-500">Your request: another approver decides</span>
                        ) : (
                          <span className="inline-flex gap-2">
                            <Button size="sm" onClick={() => setDeciding({ row: r, decision: "approve" })} aria-label={`Approve break glass for ${r.userLogin ?? r.oktaUserId}`}>
                              Approve
                            </Button>
                            <Button size="sm" variant="secondary" onClick={() => setDeciding({ row: r, decision: "deny" })} aria-label={`Deny break glass for ${r.userLogin ?? r.oktaUserId}`}>
                              Deny
                            </Button>
                          </span>
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <div className="p-4">
            <EmptyState title="No requests waiting">Break-glass requests appear here when someone cannot verify a caller.</EmptyState>
          </div>
        )}
      </Card>

      <Card aria-labelledby="recent-heading">
        <CardHeader title={<span id="recent-heading">Recent verifications</span>} description="The last 7 days, newest first (at most 50). Times in UTC." />
        {data.recent.length ? (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Recent caller verifications</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={TH}>User</th>
                  <th scope="col" className={TH}>How</th>
                  <th scope="col" className={TH}>Outcome</th>
                  <th scope="col" className={TH}>By</th>
                  <th scope="col" className={TH}>At</th>
                  <th scope="col" className={TH}>Valid until</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.recent.map((r) => {
                  const s = STATUS[r.status] ?? { label: r.status, tone: "neutral" as const };
                  return (
                    <tr key={r.id}>
                      <th scope="row" className={`${TD} text-left font-normal`}>
                        <UserCell slug={slug} row={r} />
                      </th>
                      <td className={TD}>
                        {methodLabel(r.method)}
                        {r.method === "break_glass" && r.approverEmail ? <span className="block text-xs text-slate-500">decided by {r.approverEmail}{r.ticketId ? ` · ${r.ticketId}` : ""}</span> : null}
                      </td>
                      <td className={TD}>
                        <Badge tone={s.tone}>{s.label}</Badge>
                      </td>
                      <td className={TD}>{r.staffEmail ?? "—"}</td>
                      <td className={`${TD} whitespace-nowrap text-slate-600`}>{when(r.verifiedAt ?? r.createdAt)}</td>
                      <td className={`${TD} whitespace-nowrap text-slate-600`}>{r.validUntil && r.status === "success" ? utcTime(new Date(r.validUntil)) : "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <div className="p-4">
            <EmptyState title="No verifications in the last 7 days" />
          </div>
        )}
      </Card>

      <ConfirmDialog<unknown>
        open={deciding !== null}
        onClose={() => {
          setDeciding(null);
          setNote("");
        }}
        title={deciding ? `${deciding.decision === "approve" ? "Approve" : "Deny"} break glass for ${deciding.row.userLogin ?? deciding.row.oktaUserId}?` : ""}
        tone={deciding?.decision === "approve" ? "danger" : "primary"}
        confirmLabel={deciding?.decision === "approve" ? "Approve" : "Deny"}
        ticketRequired
        description={
          deciding ? (
            <>
              <span className="block">
                {deciding.decision === "approve"
                  ? `${deciding.row.staffEmail ?? "The requester"} may then unlock and reset this user without verifying the caller, for 15 minutes.`
                  : "The requester must verify the caller another way."}
              </span>
              <span className="mt-1 block text-slate-500">Reason given: {deciding.row.reason}</span>
            </>
          ) : undefined
        }
        onConfirm={(ticketId) => (deciding ? decideBreakGlass(slug, { verificationId: deciding.row.id, decision: deciding.decision, note, ticketId }) : Promise.resolve({ ok: false as const, error: "Nothing to do." }))}
        successMessage={deciding?.decision === "approve" ? "Break glass approved." : "Break glass denied."}
        onDone={() => {
          setDeciding(null);
          setNote("");
          router.refresh();
        }}
      >
        <TextField label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={300} hint="How you checked the caller, for the audit log." />
      </ConfirmDialog>
    </div>
  );
}
